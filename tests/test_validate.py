"""The validation layer, and a generated bad-input suite over every entry point (issue #12).

Each generated case must either succeed with finite, consistent output or raise a
:class:`CaspianSimError`; the command line must never print a traceback; no case may run
longer than ``BOUND_S``. The ``max_examples`` below add up to well over 1,000 cases a run.
"""

from __future__ import annotations

import contextlib
import json
import math
import signal
import string
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import shapely
from conftest import pentagon_sea
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Polygon

import caspian_sim as cs
from caspian_sim import CaspianSimError, OptionError, ScenarioError, UnknownNameError
from caspian_sim.methods import _common
from caspian_sim.methods.options import OPTION_SPECS, check_method_options
from caspian_sim.negotiation import load_scenario, proposal_from_dict
from caspian_sim.validate import calendar_date, dumps, finite_json, number, state_pair

BOUND_S = 30.0


def fuzz(n: int) -> settings:
    """Settings of a generated suite: ``n`` cases, reproducible (derandomised), no per-case deadline."""
    return settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                    database=None)


@contextlib.contextmanager
def bounded(seconds: float = BOUND_S):
    """Fail (TimeoutError) if the block runs longer than ``seconds``."""
    def fail(*_):
        raise TimeoutError(f"ran longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, fail)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


_REFUSED = object()


def attempt(fn, refused=CaspianSimError, seconds: float = BOUND_S):
    """``fn()`` within the time bound, or ``_REFUSED`` if it raises ``refused``; the outcome is recorded
    as a hypothesis event (``pytest --hypothesis-show-statistics`` shows how many cases were accepted)."""
    try:
        with bounded(seconds):
            out = fn()
    except refused as exc:
        event(f"refused: {type(exc).__name__}")
        return _REFUSED
    event("accepted")
    return out


def strict_loads(text: str):
    """json.loads that rejects NaN and Infinity."""
    def refuse(c):
        raise ValueError(f"non-finite constant {c} in JSON output")

    return json.loads(text, parse_constant=refuse)


def all_finite(obj) -> bool:
    if isinstance(obj, dict):
        return all(all_finite(v) for v in obj.values())
    if isinstance(obj, (list, tuple)):
        return all(all_finite(v) for v in obj)
    return not isinstance(obj, float) or math.isfinite(obj)


@pytest.fixture(scope="module")
def little_caspian():
    """A 60 km pentagon lake with the five Caspian codes in their order round the sea (cheap to divide)."""
    return pentagon_sea(60_000.0, names=("AZE", "IRN", "TKM", "KAZ", "RUS"))


@pytest.fixture
def keep_cache():
    """Generated cases must not evict the Caspian divisions the other tests share."""
    saved = dict(_common._CACHE)
    yield
    _common._CACHE.clear()
    _common._CACHE.update(saved)


# ------------------------------------------------------------------ checkers

@pytest.mark.parametrize("value", [float("nan"), float("inf"), "3", True, None, [1], {"a": 1}])
def test_number_refuses_what_is_not_a_finite_number(value):
    with pytest.raises(OptionError, match=r"x must be a finite number >= 0, got"):
        number(value, "x", lo=0)


@pytest.mark.parametrize("text,expected", [
    ("2003", date(2003, 12, 31)), ("2003-07", date(2003, 7, 31)), ("2003-02", date(2003, 2, 28)),
    ("2004-02", date(2004, 2, 29)), ("2003-07-22", date(2003, 7, 22)), ("1991", date(1991, 12, 31)),
])
def test_calendar_dates(text, expected):
    assert calendar_date(text) == expected


@pytest.mark.parametrize("text,message", [
    ("2003-13", "not a calendar date"), ("2003-02-30", "not a calendar date"), ("2003-00", "not a calendar date"),
    ("1800", "outside 1991"), ("1990-12-31", "outside 1991"), ("2999", "outside 1991"), ("", "must be a date"),
    ("03-07-2003", "must be a date"), (2003.5, "must be a date"), ("2003-7-1x", "must be a date"), (1800, "outside 1991"),
])
def test_bad_dates_are_refused(text, message):
    with pytest.raises(OptionError, match=message):
        calendar_date(text)


def test_a_bare_year_is_a_year():
    assert calendar_date(2003) == date(2003, 12, 31)


def test_this_year_means_up_to_today():
    assert calendar_date(str(date.today().year)) == date.today()


def test_state_pairs_must_be_two_different_states():
    assert state_pair(["kaz", "TKM"], "bilateral", cs.STATES) == ("KAZ", "TKM")
    with pytest.raises(OptionError, match="pairs KAZ with itself"):
        state_pair(["KAZ", "kaz"], "bilateral", cs.STATES)
    with pytest.raises(UnknownNameError, match="unknown state 'XX'"):
        state_pair(["KAZ", "XX"], "bilateral", cs.STATES)
    with pytest.raises(UnknownNameError, match="must be a state name"):
        state_pair(["KAZ", ""], "bilateral", cs.STATES)


def test_strict_json_turns_non_finite_numbers_into_null():
    data = {"a": float("nan"), "b": [np.float64("inf"), 1.5], ("RUS", "KAZ"): np.int64(3)}
    assert finite_json(data) == {"a": None, "b": [None, 1.5], "RUS-KAZ": 3}
    assert strict_loads(dumps(data)) == {"a": None, "b": [None, 1.5], "RUS-KAZ": 3}


def test_every_method_option_is_declared_once():
    for name in cs.available_methods():
        assert set(cs.get_method(name).options) <= set(OPTION_SPECS), name


def test_names_match_whole_never_by_empty_prefix(caspian):
    with pytest.raises(UnknownNameError):
        caspian.island("")
    with pytest.raises(OptionError, match=r"names must be a list of field names such as \['Kashagan'\]"):
        cs.divide("median").field_owners("Kashagan")  # type: ignore[arg-type]
    with pytest.raises(UnknownNameError, match="unknown field 'K'"):
        cs.divide("median").field_owners(["K"])
    with pytest.raises(OptionError, match="names must hold field names"):
        cs.divide("median").field_owners([None])  # type: ignore[list-item]


# ------------------------------------------------------------- strategies

JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-10**9, 10**9),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8),
    st.lists(st.integers(-5, 5), max_size=3), st.dictionaries(st.text(max_size=4), st.floats(), max_size=2),
)
STATE = st.sampled_from([*cs.STATES, "XX", "", "rus", "R"])
STATE_MAP = st.dictionaries(STATE, st.one_of(st.floats(-2, 120), JUNK), max_size=6)
VALID = {
    "islands": st.sampled_from(["basepoint", "sea", "exclude"]),
    "resolution_km": st.sampled_from([8.0, 10, 12.5]),
    "tol": st.sampled_from([1e-4, 1e-3]),
    "island_effect": st.sampled_from([0.0, 0.5, 1.0]),
    "weights": st.sampled_from([None, {"RUS": 1.2}, {"IRN": 0.8, "AZE": 1.1}]),
    "targets": st.sampled_from([None, {"RUS": 19, "KAZ": 29, "TKM": 18, "IRN": 14, "AZE": 20}]),
    "turning_points": st.sampled_from(["treaty", "none", None]),
    "territorial_nm": st.sampled_from([3.0, 12, 15]),
    "fishing_nm": st.sampled_from([0.0, 10]),
    "width_nm": st.sampled_from([None, 5.0, 20]),
    "common_fraction": st.sampled_from([None, 0.2]),
}
OPTION_VALUE = {k: st.one_of(v, JUNK, STATE_MAP) for k, v in VALID.items()}
METHOD = st.sampled_from([*cs.available_methods(), "medain", "", "MEDIAN"])


@st.composite
def method_options(draw, valid_only: bool = False):
    method = draw(METHOD if not valid_only else st.sampled_from(sorted(cs.available_methods())))
    known = list(cs.get_method(method).options) if method in cs.available_methods() else list(OPTION_SPECS)
    names = st.sampled_from(known) if valid_only else st.one_of(st.sampled_from(known), st.sampled_from(["colour", ""]))
    keys = draw(st.lists(names, max_size=3, unique=True))
    pool = VALID if valid_only else OPTION_VALUE
    return method, {k: draw(pool.get(k, JUNK)) for k in keys}


# ------------------------------------------------------ generated: options

@fuzz(400)
@given(method_options())
def test_generated_method_options_are_checked_or_refused(case):
    method, options = case
    checked = attempt(lambda: check_method_options(method, options))
    if checked is _REFUSED:
        return
    assert set(checked) == set(options) and all_finite(checked)


@fuzz(60)
@given(case=method_options(valid_only=True))
def test_generated_divisions_succeed_consistently_or_refuse(little_caspian, keep_cache, case):
    method, options = case
    if "resolution_km" in cs.get_method(method).options:
        options.setdefault("resolution_km", 10.0)
    d = attempt(lambda: cs.divide(method, little_caspian, **options))
    if d is _REFUSED:
        return
    assert sum(d.shares.values()) + d.common_share == pytest.approx(1.0, abs=1e-6)
    assert all(a >= 0 for a in d.areas_km2.values()) and d.total_area_km2 > 0
    strict_loads(dumps(d.to_dict()))
    strict_loads(d.to_geojson())


# ---------------------------------------------------- generated: scenarios

VALID_SCENARIO = st.fixed_dictionaries({}, optional={
    "name": st.sampled_from(["deal", "Iran's 20%"]),
    "date": st.one_of(st.dates(date(1996, 12, 1), date.today()).map(date.isoformat), st.sampled_from(["2003", "2018-08"])),
    "seabed": st.one_of(st.fixed_dictionaries({"method": st.sampled_from(["median", "condominium", "aktau_2018"])}),
                        st.fixed_dictionaries({"shares": st.just({"RUS": 19, "KAZ": 29, "TKM": 18, "IRN": 14, "AZE": 20})})),
    "issues": st.dictionaries(st.sampled_from(["regime", "decision_rule", "legal_basis", "pipelines", "military"]),
                              st.one_of(st.floats(0, 1), st.sampled_from(["unanimity"])), max_size=3),
    "zones": st.dictionaries(st.sampled_from(["territorial_sea_nm", "fishing_zone_nm"]), st.floats(0, 200), max_size=2),
    "bilateral": st.lists(st.sampled_from(cs.STATES), min_size=2, max_size=2, unique=True),
})
ANY_SCENARIO = st.fixed_dictionaries({}, optional={
    "name": st.one_of(st.text(max_size=6), JUNK),
    "date": st.one_of(st.sampled_from(["2003-07", "2018-08-11", "1800", "2003-13", "2003-02-30", "2999"]), JUNK),
    "seabed": st.one_of(JUNK, st.fixed_dictionaries({}, optional={
        "method": st.one_of(METHOD, JUNK),
        "options": st.one_of(st.dictionaries(st.sampled_from(list(OPTION_SPECS)), JUNK, max_size=2), JUNK),
        "shares": st.one_of(STATE_MAP, JUNK),
    })),
    "issues": st.one_of(JUNK, st.dictionaries(
        st.sampled_from(["regime", "decision_rule", "legal_basis", "pipelines", "military", "regim", ""]),
        st.one_of(st.floats(-1, 2), st.sampled_from(["unanimity", "anarchy", "condominium"]), JUNK), max_size=3)),
    "zones": st.one_of(JUNK, st.dictionaries(st.sampled_from(["territorial_sea_nm", "fishing_zone_nm", "x"]),
                                             st.one_of(st.floats(-5, 300), JUNK), max_size=2)),
    "bilateral": st.one_of(st.lists(STATE, max_size=3), JUNK),
    "colour": JUNK,
})
SCENARIO = st.one_of(VALID_SCENARIO, ANY_SCENARIO)


@fuzz(400)
@given(SCENARIO)
def test_generated_scenarios_build_a_real_proposal_or_refuse(data):
    p = attempt(lambda: proposal_from_dict(data))
    if p is _REFUSED:
        return
    assert p.issues, "an accepted proposal must propose something"
    assert all(0 <= v <= 1 for v in p.values.values())
    if p.seabed_shares is not None:
        assert set(p.seabed_shares) == set(cs.STATES) and sum(p.seabed_shares.values()) == pytest.approx(1.0)
    if p.bilateral_pair is not None:
        assert p.bilateral_pair[0] != p.bilateral_pair[1]


def _toml_value(v) -> str:
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return repr(v)


TOML_LINE = st.one_of(
    st.builds(lambda k, v: f"{k} = {_toml_value(v)}", st.sampled_from(["name", "date", "bilateral", "colour"]),
              st.one_of(st.text(string.printable, max_size=8), st.floats(), st.lists(STATE, max_size=3))),
    st.sampled_from(["[seabed]", "[issues]", "[zones]", "[seabed.options]", "[seabed.shares]", "[[x]]", "= 3", "]["]),
    st.builds(lambda k, v: f"{k} = {_toml_value(v)}",
              st.sampled_from(["method", "regime", "military", "fishing_zone_nm", "fishing_nm", "RUS", "KAZ", "tol"]),
              st.one_of(st.floats(), st.sampled_from(["median", "equal_shares", "unanimity", "x"]), st.integers(-5, 200))),
)


def toml_text(data) -> str:
    """A scenario dict as TOML (tables last); values TOML cannot hold are left out."""
    plain = [f"{k} = {_toml_value(v)}" for k, v in data.items() if not isinstance(v, dict) and v is not None]
    tables = []
    for k, v in data.items():
        if isinstance(v, dict):
            tables.append(f"[{k}]")
            tables += [f"{json.dumps(str(kk))} = {_toml_value(vv)}" for kk, vv in v.items()
                       if not isinstance(vv, dict) and vv is not None]
    return "\n".join(plain + tables) + "\n"


@fuzz(150)
@given(st.one_of(st.lists(TOML_LINE, max_size=8).map(lambda ls: "\n".join(ls) + "\n"), SCENARIO.map(toml_text)))
def test_generated_scenario_files_load_or_refuse(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("toml") / "s.toml"
    path.write_text(text, encoding="utf-8")
    result = attempt(lambda: load_scenario(path), ScenarioError)
    if result is _REFUSED:
        return
    p, when = result
    assert p.issues
    if when is not None:
        calendar_date(when)


@fuzz(150)
@given(st.one_of(st.text(max_size=12), st.from_regex(r"\A\d{4}(-\d{1,2}(-\d{1,2})?)?\Z"), JUNK,
                 st.dates(date(1985, 1, 1), date(2035, 1, 1)).map(date.isoformat),
                 st.dates(date(1985, 1, 1), date(2035, 1, 1)).map(lambda d: d.isoformat()[:7])))
def test_generated_dates_are_real_or_refused(text):
    d = attempt(lambda: calendar_date(text), OptionError)
    if d is _REFUSED:
        return
    assert date(1991, 1, 1) <= d <= date.today()


# ------------------------------------------------------ generated: polygons

COORD = st.floats(-1.0, 1.0).map(lambda v: round(v, 3))
RING = st.lists(st.tuples(COORD, COORD), min_size=3, max_size=7, unique=True)


@st.composite
def custom_polygons(draw):
    kind = draw(st.sampled_from(["star"] * 4 + ["raw", "box", "z", "nan", "antimeridian", "huge", "polar", "list"]))
    lon0, lat0 = 50.0, 40.0
    if kind == "star":  # always a valid ring: vertices at increasing angles round a centre
        angles = sorted(draw(st.lists(st.integers(0, 359), min_size=3, max_size=8, unique=True)))
        radii = draw(st.lists(st.floats(0.1, 1.0), min_size=len(angles), max_size=len(angles)))
        a = np.radians(angles)
        return Polygon(np.column_stack([lon0 + np.array(radii) * np.cos(a), lat0 + np.array(radii) * np.sin(a)]))
    if kind in ("raw", "z"):
        ring = [(lon0 + x, lat0 + y) for x, y in draw(RING)]
        if kind == "z":
            ring = [(x, y, 5.0) for x, y in ring]
        return Polygon(ring) if len({r[:2] for r in ring}) >= 3 else Polygon()
    if kind == "nan":
        return Polygon([(lon0, lat0), (lon0 + 1, float("nan")), (lon0 + 1, lat0 + 1)])
    if kind == "antimeridian":
        return Polygon([(179.5, 0), (-179.5, 0), (-179.5, 1), (179.5, 1)])
    if kind == "huge":
        return shapely.box(-80, -60, 80, 60)
    if kind == "polar":
        return shapely.box(0, 80, 20, 89.9)
    if kind == "list":
        return [(0, 0), (1, 0), (1, 1)]
    w = draw(st.floats(0.05, 1.5))
    return shapely.box(lon0, lat0, lon0 + w, lat0 + draw(st.floats(0.05, 1.0)))


@fuzz(120)
@given(poly=custom_polygons(), res=st.one_of(st.sampled_from([6.0, 10.0, 20.0]), st.just(10.0), JUNK),
       as_list=st.sampled_from([False, False, False, True]),
       weights=st.one_of(st.none(), st.none(), st.just({"A": 2.0}), STATE_MAP))
def test_generated_polygons_partition_or_refuse(poly, res, as_list, weights):
    coasts = None
    if isinstance(poly, Polygon) and not poly.is_empty and poly.exterior is not None:
        xy = np.asarray(poly.exterior.coords)[:, :2]
        half = max(2, len(xy) // 2)
        coasts = {"A": LineString(xy[:half]), "B": LineString(xy[half - 1:])}
    coasts_arg = list(coasts.values()) if as_list and coasts else coasts
    part = attempt(lambda: cs.partition(poly, coasts_arg, weights, resolution_km=res))  # type: ignore[arg-type]
    if part is _REFUSED:
        return
    assert sum(part.shares.values()) == pytest.approx(1.0, abs=1e-9)
    assert all(a >= 0 for a in part.areas_km2.values())
    # where a boundary meets the shore its vertex lies on a 1 km lon/lat chord of the geodesic edge
    # (about 1 m2 per cut): visible only on lakes of a few km2, hence the absolute 100 m2
    assert part.total_area_km2 == pytest.approx(cs.geodesy.area_km2(poly), rel=1e-6, abs=1e-4)


# ----------------------------------------------------------- generated: CLI

def _opt(draw_pair) -> list[str]:
    return ["-O", draw_pair]


OPT_TEXT = st.builds(lambda k, v: f"{k}={v}", st.sampled_from([*OPTION_SPECS, "colour", "", "resolution-km"]),
                     st.sampled_from(["abc", "NaN", "Infinity", "-1", "0", "1e9", "[]", "{}", '{"RUS": 2}',
                                      '{"XX": 1}', "sea", "treaty", "null", "true", "5", "12", "0.5", "{", ""]))
ARGV = st.one_of(
    st.tuples(st.just("shares"), st.lists(st.one_of(
        st.tuples(st.just("--method"), METHOD), st.tuples(st.just("-O"), OPT_TEXT),
        st.tuples(st.just("--format"), st.sampled_from(["json", "csv", "table", "xml"]))), max_size=3)),
    st.tuples(st.just("map"), st.lists(st.one_of(
        st.tuples(st.just("-o"), st.sampled_from(["OUT/m.png", "OUT/m.txt", "/nonexistent/m.png", "OUT", ""])),
        st.tuples(st.just("--dpi"), st.sampled_from(["0", "-5", "abc", "72", "100000"])),
        st.tuples(st.just("-O"), OPT_TEXT)), max_size=3)),
    st.tuples(st.just("compare"), st.lists(st.one_of(
        st.tuples(st.just("--methods"), st.sampled_from(["median,condominium", "", ",", "median,median", "x,median"])),
        st.tuples(st.just("--format"), st.sampled_from(["json", "csv"]))), max_size=2)),
    st.tuples(st.just("score"), st.lists(st.one_of(
        st.tuples(st.just("--date"), st.sampled_from(["2003-07", "1800", "2003-13", "", "2018"])),
        st.tuples(st.just("--format"), st.sampled_from(["json", "table"]))), max_size=2)),
    st.tuples(st.just("methods"), st.lists(st.tuples(st.just("--format"), st.sampled_from(["json", "csv", "x"])),
                                           max_size=1)),
)


@fuzz(150)
@given(argv=ARGV, scenario=SCENARIO)
def test_generated_command_lines_never_print_a_traceback(little_caspian, keep_cache, monkeypatch, capsys,
                                                          tmp_path_factory, argv, scenario):
    from caspian_sim import cli

    monkeypatch.setattr(cli, "load_caspian", lambda kara_bogaz_gol=False: little_caspian)
    out_dir = tmp_path_factory.mktemp("out")
    cmd, pairs = argv
    args = [cmd] + [str(x).replace("OUT", str(out_dir)) for pair in pairs for x in pair]
    if cmd == "score":
        path = out_dir / "s.toml"
        path.write_text(toml_text(scenario), encoding="utf-8")
        args.insert(1, str(path))
    try:
        with bounded():
            code = cli.main(args)
    except SystemExit as exc:  # argparse: usage error, exit status 2, no traceback
        code = exc.code
        assert code == 2
    out, err = capsys.readouterr()
    event(f"exit {code}")
    assert "Traceback" not in out + err
    assert code in (0, 2), err
    formats = [b for a, b in zip(args, args[1:]) if a == "--format"]
    if code == 0 and formats and formats[-1] == "json":
        strict_loads(out)
    if code == 2 and err.startswith("caspian-sim: error:"):
        assert err.count("\n") == 1, err


def test_an_unexpected_error_is_reported_as_a_bug(monkeypatch, capsys):
    from caspian_sim import cli

    def boom(*_a, **_k):
        raise ZeroDivisionError("oops")

    monkeypatch.setattr(cli, "available_methods", boom)
    assert cli.main(["methods"]) == 3
    err = capsys.readouterr().err
    assert "internal error (ZeroDivisionError: oops)" in err and "bug" in err and "Traceback" not in err
    assert cli.main(["--debug", "methods"]) == 3
    assert "Traceback" in capsys.readouterr().err
    assert cli.main(["methods", "--debug"]) == 3
    assert "Traceback" in capsys.readouterr().err


# ----------------------------------------------------------- bounded work

def test_long_runs_are_refused_not_started():
    from caspian_sim.negotiation.dynamics import simulate

    with pytest.raises(OptionError, match="rounds must be a whole number in"):
        simulate("decision_rule", at="2003-07", rounds=10**9)
    with pytest.raises(OptionError, match="tol must be"):
        simulate("decision_rule", at="2003-07", tol=-1)
    lake = shapely.box(30, 30, 70, 50)  # within the engine's reach, but not at a 0.5 km grid
    coasts = {"W": LineString([(30, 30), (30, 50)]), "E": LineString([(70, 30), (70, 50)])}
    with pytest.raises(OptionError, match=r"search grid of about .* nodes .* use resolution_km >= "):
        cs.partition(lake, coasts, resolution_km=0.5)
    near = {"W": LineString([(50, 40), (50, 41)]), "E": LineString([(51, 40), (51, 41)])}
    with pytest.raises(OptionError, match="line_tol_m must be"):
        cs.partition(shapely.box(50, 40, 51, 41), near, line_tol_m=0)


def test_seas_across_the_antimeridian_or_at_the_poles_are_refused():
    c = {"A": LineString([(179.5, 0), (179.5, 1)]), "B": LineString([(-179.5, 0), (-179.5, 1)])}
    with pytest.raises(cs.GeometryError, match="antimeridian"):
        cs.partition(Polygon([(179.5, 0), (-179.5, 0), (-179.5, 1), (179.5, 1)]), c)
    with pytest.raises(cs.GeometryError, match="not in lon/lat degrees"):
        cs.partition(shapely.box(179.5, 0, 180.5, 1), c)
    with pytest.raises(cs.GeometryError, match="85° latitude"):
        cs.partition(shapely.box(0, 86, 10, 88), {"A": LineString([(0, 86), (0, 88)]), "B": LineString([(10, 86), (10, 88)])})


def test_z_coordinates_are_dropped():
    lake = Polygon([(50, 40, 1), (51, 40, 1), (51, 41, 1), (50, 41, 1)])
    part = cs.partition(lake, {"W": LineString([(50, 40, 0), (50, 41, 0)]), "E": LineString([(51, 40), (51, 41)])},
                        resolution_km=10)
    assert part.shares["W"] == pytest.approx(0.5, abs=1e-3)


def test_proposals_must_propose_something():
    from caspian_sim.negotiation import Proposal, score

    with pytest.raises(ScenarioError, match="proposes nothing"):
        Proposal("empty")
    with pytest.raises(OptionError, match="outside 1991"):
        score(Proposal("x", values={"regime": 1.0}), at="1800")
    with pytest.raises(OptionError, match="the record starts on 1996"):
        score(Proposal("x", values={"regime": 1.0}), at="1993")


def test_writing_turns_an_os_error_into_an_option_error(tmp_path):
    from caspian_sim.validate import writing

    with pytest.raises(OptionError, match=r"output '.*full.html' cannot be written \(No space left on device\)"):
        with writing(tmp_path / "full.html", "output"):
            raise OSError(28, "No space left on device")


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs a virtual file system that refuses new files")
def test_outputs_on_a_file_system_that_refuses_them(median_division):
    with pytest.raises(OptionError, match="cannot be written"):
        median_division.to_geojson("/proc/caspian.geojson")
