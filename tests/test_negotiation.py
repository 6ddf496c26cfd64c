"""Positions, proposals, scoring and the backtest (caspian_sim.negotiation)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from caspian_sim import OptionError, ScenarioError, UnknownNameError
from caspian_sim.cli import main
from caspian_sim.negotiation import (
    SCALE_ISSUES,
    Proposal,
    build_model,
    load_positions,
    load_scenario,
    positions,
    proposal_from_dict,
    score,
    utilities,
)
from caspian_sim.negotiation.backtest import backtest

SCENARIOS = Path(__file__).resolve().parents[1] / "examples" / "scenarios"


# ----------------------------------------------------------------- positions

def test_every_record_has_a_source_and_a_valid_value():
    recs = load_positions()
    assert len(recs) >= 60
    for r in recs:
        assert r.source and 0 <= r.salience <= 1
        assert 1991 <= r.date.year <= 2023
        if r.issue in SCALE_ISSUES:
            assert 0 <= r.value <= 1


def test_positions_at_a_date_take_the_latest_record():
    assert positions("1998-12")["RUS"]["regime"].value == 0.5  # common surface, divided seabed
    assert positions("1997")["RUS"]["regime"].value == 0.0  # it used to back a condominium
    assert positions("2001-09-21")["IRN"]["regime"].value == 0.0  # condominium best (5th meeting)
    assert positions("2018-08-12", before=True)["IRN"]["min_share"].value is None  # Dec 2017
    assert "territorial_sea_nm" not in positions("2018-08-12", before=True)["RUS"]


def test_bad_dates_are_refused():
    with pytest.raises(OptionError, match="YYYY"):
        positions("last year")


def test_score_refuses_a_model_of_the_wrong_type():
    with pytest.raises(ScenarioError, match="model must be a Model"):
        score(Proposal(seabed_method="median"), model="2018-08-11")  # type: ignore[arg-type]


# ----------------------------------------------------------------- proposals

def test_scenario_files_load(tmp_path):
    for f in SCENARIOS.glob("*.toml"):
        p, when = load_scenario(f)
        assert p.name and when
    p, _ = load_scenario(SCENARIOS / "explicit_shares.toml")
    assert p.seabed_shares == pytest.approx({"RUS": .19, "KAZ": .29, "TKM": .18, "IRN": .14, "AZE": .20})


@pytest.mark.parametrize("data,message", [
    ({"colour": 1}, r"unknown key\(s\) \['colour'\] in the top level"),
    ({"issues": {"regim": 0.5}}, r"unknown key\(s\) \['regim'\] in \[issues\]"),
    ({"issues": {"regime": "anarchy"}}, "issues.regime = 'anarchy' is not one of"),
    ({"issues": {"military": 2}}, r"issues.military must be a finite number in \[0, 1\], got 2"),
    ({"issues": {"military": "0.5x"}}, "issues.military"),
    ({"seabed": {"shares": {"RUS": 50, "KAZ": 40}}}, r"must give every state's share; missing \['TKM', 'IRN', 'AZE'\]"),
    ({"seabed": {"shares": {"RUS": 60, "KAZ": 40, "TKM": 10, "IRN": -10, "AZE": 0}}},
     r"seabed.shares.IRN must be a finite number in \[0, 100\], got -10"),
    ({"seabed": {"shares": {"RUS": 50, "KAZ": 40, "TKM": 5, "IRN": 5, "AZE": 5}}}, "must sum to 100%"),
    ({"seabed": {"shares": {"RUS": "half"}}}, "seabed.shares.RUS must be a finite number"),
    ({"seabed": {"shares": {"XX": 100}}}, "unknown state 'XX'"),
    ({"seabed": {"method": "voronoi"}}, "seabed.method: unknown method 'voronoi'"),
    ({"seabed": {"method": "median", "shares": {"RUS": 100}}}, "either method or shares"),
    ({"seabed": {"method": "aktau_2018", "options": {"fishing_nm": float("nan")}}},
     r"seabed.options: fishing_nm must be a finite number in \[0, 100\] nm, got nan"),
    ({"zones": {"territorial_sea_nm": "wide"}}, "zones.territorial_sea_nm must be a finite number"),
    ({"bilateral": "RUS"}, "bilateral must be a list of two"),
    ({"bilateral": ["KAZ", "KAZ"], "issues": {"regime": 1}}, "pairs KAZ with itself"),
    ({}, "proposes nothing"),
    ({"name": "empty", "seabed": {}, "issues": {}}, "proposes nothing"),
    ({"date": "2003-13", "issues": {"regime": 1}}, "not a calendar date"),
    ({"date": "1800", "issues": {"regime": 1}}, "outside 1991"),
])
def test_malformed_scenarios_name_the_field(data, message):
    with pytest.raises(ScenarioError, match=message):
        proposal_from_dict(data)


def test_bad_toml_and_missing_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("name = \n")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenario(bad)
    with pytest.raises(ScenarioError, match="not found"):
        load_scenario(tmp_path / "nope.toml")


# ------------------------------------------------------------------- scoring

def test_status_quo_proposal_is_accepted_by_everyone():
    m = build_model("2003-07")
    values = np.array([[0.0, 1.0, 0.0, 0.0, 0.5]])  # the STATUS_QUO values, in SCALE_ISSUES order
    assert SCALE_ISSUES == ("regime", "decision_rule", "legal_basis", "pipelines", "military")
    r = utilities(m, values)
    assert np.allclose(r["U"], r["U_sq"]) and r["accept"].all()


def test_iran_vetoes_shares_below_its_stated_minimum():
    s = score(Proposal("x", seabed_method="median"), at="2003-07")
    assert s.veto["IRN"] and not s.accept["IRN"]
    assert s.blocking["IRN"][0].startswith("seabed")
    assert not s.unanimous


def test_bilateral_deal_reports_objecting_third_states():
    p = Proposal("RUS-KAZ", seabed_method="modified_median", values={"decision_rule": 0.0}, bilateral_pair=("RUS", "KAZ"))
    s = score(p, at="1998-12-16")
    assert s.bilateral["RUS-KAZ"] and "IRN" in s.objectors
    with pytest.raises(UnknownNameError, match="unknown state 'XX'"):
        score(Proposal("x", values={"decision_rule": 0.0}, bilateral_pair=("RUS", "XX")), at="1998-12-16")


def test_explicit_shares_must_name_the_five():
    with pytest.raises(ScenarioError, match="must give every state.s share"):
        score(Proposal("x", seabed_shares={"RUS": 0.5, "KAZ": 0.5}), at="2003")


def test_vectorised_scoring_matches_single_scoring():
    m = build_model("2003-07")
    rng = np.random.default_rng(0)
    values = rng.uniform(0, 1, size=(200, len(SCALE_ISSUES)))
    shares = rng.dirichlet(np.ones(5), size=200)
    batch = utilities(m, values, shares)
    for j in (0, 57, 199):
        one = utilities(m, values[j:j + 1], shares[j:j + 1])
        assert np.allclose(one["U"][0], batch["U"][j]) and (one["accept"][0] == batch["accept"][j]).all()


# ------------------------------------------------------------------ backtest

@pytest.fixture(scope="module")
def history():
    return backtest(draws=500)


def test_backtest_reproduces_the_documented_history(history):
    r = history
    assert len(r.episodes) >= 15 and r.total >= 40
    by = {(row["episode"], row["state"]): row["correct"] for row in r.rows}
    assert by[("1998 RUS-KAZ seabed deal", "RUS")] and by[("1998 RUS-KAZ seabed deal", "KAZ")]
    assert by[("1998 RUS-KAZ seabed deal", "IRN")]  # Iran objects
    assert all(by[("2003 treaty-derived splits", s)] for s in ("RUS", "KAZ", "AZE"))
    assert all(by[("2003 Iran's 20%", s)] for s in ("IRN", "RUS", "KAZ", "AZE"))
    assert by[("2014 KAZ-TKM seabed agreement", "TKM")] and by[("2021 Dostlug memorandum", "AZE")]
    # known failures, reported rather than hidden (analysed in the README)
    assert {(f["episode"], f["state"]) for f in r.failures()} == {
        ("1998 median-line division (2nd working group)", "IRN"), ("2001 condominium (5th working group)", "AZE"),
        ("2003 Iran's 20%", "TKM"), ("2009 Azerbaijan's median line with Turkmenistan", "TKM"),
        ("2018 Aktau Convention (signature)", "IRN"), ("2019 Aktau Convention (ratification)", "IRN")}


def test_no_episode_is_scored_with_positions_from_its_own_date_or_later():
    from caspian_sim.negotiation.backtest import episode_dates

    for name, when, latest in episode_dates():
        assert latest < when, name


def test_backtest_is_probabilistic_and_seeded(history):
    assert 0 <= history.brier <= 1
    assert all(0 <= row["p_accept"] <= 1 for row in history.rows)
    table = history.calibration()
    assert sum(b["decisions"] for b in table) == history.total
    assert backtest(draws=100, seed=3).rows == backtest(draws=100, seed=3).rows


def test_cli_score_and_backtest(capsys):
    import json

    assert main(["score", str(SCENARIOS / "treaty_splits_2003.toml"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["accept"]["RUS"] and not data["unanimous"]
    assert main(["backtest", "--draws", "100"]) == 0
    out = capsys.readouterr().out
    assert "39 of 45 state decisions reproduced" in out and "Brier score" in out and "calibration" in out
    assert main(["backtest", "--draws", "100", "--format", "json"]) == 0
    assert set(json.loads(capsys.readouterr().out)) >= {"hit_rate", "brier", "calibration", "rows", "episodes"}
    bad = SCENARIOS / "does_not_exist.toml"
    assert main(["score", str(bad)]) == 2
    assert "not found" in capsys.readouterr().err


def test_zone_breadths_are_scored_after_the_convention():
    s = score(Proposal("zones", territorial_sea_nm=15, fishing_zone_nm=10), at="2019")
    assert s.unanimous
    assert set(s.breakdown["IRN"]) == {"territorial_sea_nm", "fishing_zone_nm"}
    assert s.breakdown["IRN"]["territorial_sea_nm"] > 0  # no territorial sea in the 1921/1940 regime
    assert s.breakdown["IRN"]["fishing_zone_nm"] == 0  # the 1940 treaty already had 10 miles
    wide = score(Proposal("zones", territorial_sea_nm=3, fishing_zone_nm=25), at="2019")
    assert not wide.unanimous


# ------------------------------------------------------------ bilateral deals move one line

@pytest.mark.parametrize("pair,at", [(("KAZ", "TKM"), "2014-11-30"), (("AZE", "TKM"), "2021-01-20")])
def test_a_bilateral_deal_moves_only_its_own_line(pair, at):
    from caspian_sim.negotiation import build_model

    s = score(Proposal("deal", seabed_method="median", bilateral_pair=pair), at=at)
    assert "RUS" not in s.objectors  # Russia has backed delimitation between neighbours since 1998
    m = build_model(at)
    for i, st in enumerate(m.states):
        if st not in pair:  # third states keep their status-quo seabed and judge only the decision rule
            assert s.shares[st] == pytest.approx(float(m.status_quo_shares[i]))
            assert set(s.breakdown[st]) == {"decision_rule"}
    a, b = (m.states.index(x) for x in pair)
    assert s.shares[pair[0]] + s.shares[pair[1]] == pytest.approx(float(m.status_quo_shares[a] + m.status_quo_shares[b]))


def test_the_bilateral_row_asks_each_pair_about_its_own_line():
    s = score(Proposal("median everywhere", seabed_method="median", values={"decision_rule": 0.0}), at="2014-11-30")
    assert set(s.bilateral) == {"RUS-KAZ", "RUS-AZE", "KAZ-TKM", "KAZ-AZE", "TKM-IRN", "TKM-AZE", "IRN-AZE"}
    assert s.bilateral["KAZ-TKM"]  # the pair that signed a median-line treaty two days later


# ------------------------------------------------------------ joint development zones

def test_joint_zones_from_scenario_tables():
    a = proposal_from_dict({"joint": {"Dostlug": {"fields": ["kapaz"], "shares": {"AZE": 30, "TKM": 70}}}})
    b = proposal_from_dict({"joint": [{"name": "Dostlug", "fields": ["Dostlug"], "shares": {"AZE": 0.3, "TKM": 0.7}}]})
    assert a.joint == b.joint and a.joint[0].fields == ("Dostlug",) and a.issues == ("seabed",)


@pytest.mark.parametrize("table,message", [
    ({"fields": ["Dostlug"], "shares": {"AZE": 30}}, "two or more states"),
    ({"fields": ["Dostlug"], "shares": {"AZE": 30, "TKM": 60}}, "sum to 100"),
    ({"fields": ["Dostlug"], "shares": {"AZE": 30, "XX": 70}}, "unknown state 'XX'"),
    ({"fields": ["Atlantis"], "shares": {"AZE": 30, "TKM": 70}}, "unknown field 'Atlantis'"),
    ({"shares": {"AZE": 30, "TKM": 70}}, "either fields"),
    ({"polygon": [[51, 40], [52, 40]], "shares": {"AZE": 50, "TKM": 50}}, "at least three"),
    ({"polygon": [[51, 40], [float("nan"), 40], [52, 41]], "shares": {"AZE": 50, "TKM": 50}}, "lon must be a finite"),
    ({"fields": ["Dostlug"], "shares": {"AZE": 30, "TKM": 70}, "colour": 1}, r"unknown key\(s\) \['colour'\]"),
])
def test_malformed_joint_zones_name_the_field(table, message):
    with pytest.raises(ScenarioError, match=message):
        proposal_from_dict({"joint": {"Z": table}})


def test_a_joint_zone_moves_value_between_its_parties_only(caspian, median_division):
    from caspian_sim.fields import field_candidates
    from caspian_sim.geodesy import area_km2
    from caspian_sim.negotiation import build_model
    from caspian_sim.negotiation.model import joint_delta

    p = proposal_from_dict({"joint": {"D": {"fields": ["Dostlug"], "shares": {"AZE": 50, "TKM": 50}}}})
    m = build_model("2021-01-20")
    d = dict(zip(m.states, joint_delta(m, p, caspian)))
    assert sum(d.values()) == pytest.approx(0.0, abs=1e-9) and d["RUS"] == d["KAZ"] == d["IRN"] == 0.0
    held = field_candidates(median_division, ["Dostlug"])["Dostlug"]
    zone = area_km2(p.joint[0].geometry().intersection(caspian.water("basepoint")))
    assert d["AZE"] == pytest.approx((0.5 - held["AZE"]) * zone / median_division.total_area_km2, rel=1e-3)
