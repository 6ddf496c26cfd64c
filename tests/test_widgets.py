"""The what-if panel, driven programmatically: change a control, check that the outputs follow."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from caspian_sim.widgets import WhatIf, acceptance_table, shares_table, what_if  # noqa: E402


@pytest.fixture(scope="module")
def panel(caspian):
    return WhatIf(caspian)


def test_panel_starts_with_the_median_line_and_its_verdict(panel, caspian):
    from caspian_sim import divide

    assert panel.division.shares == divide("median", caspian).shares
    assert "<svg" in panel.map.value and "RUS" in panel.shares.value
    assert "blocks on" in panel.acceptance.value


def test_weight_slider_moves_the_lines(panel):
    panel.controls["method"].value = "modified_median"
    panel.controls["turning_points"].value = "none"
    before = panel.division.shares["IRN"]
    table = panel.shares.value
    panel.controls["w_IRN"].value = 1.5
    assert panel.division.shares["IRN"] > before + 0.01
    assert panel.shares.value != table
    assert panel.options()["weights"]["IRN"] == 1.5


def test_issue_slider_changes_who_accepts(panel):
    panel.controls["method"].value = "median"
    panel.controls["issue_decision_rule"].value = 0.0
    utility = dict(panel.verdict.utility)
    panel.controls["issue_decision_rule"].value = 1.0
    assert panel.verdict.utility != utility
    assert panel.values()["decision_rule"] == 1.0


def test_only_options_the_method_takes_are_passed(panel):
    panel.controls["method"].value = "median"
    assert panel.options() == {}
    panel.controls["method"].value = "aktau_2018"
    assert set(panel.options()) == {"territorial_nm", "fishing_nm"}


def test_bad_input_is_shown_not_raised(panel):
    panel.controls["at"].value = "1850-01-01"
    assert "1991" in panel.status.value
    panel.controls["at"].value = "2018-08-11"
    assert "color:#b00" not in panel.status.value


def test_what_if_and_tables_without_widgets(caspian):
    division, verdict = what_if("equal_shares", {}, {"decision_rule": 1.0}, at="2003-07", sea=caspian)
    assert verdict.accept["IRN"] and not verdict.unanimous
    assert shares_table(division).count("<tr>") == 6
    assert "blocked" in acceptance_table(verdict)


@pytest.mark.parametrize("call, match", [
    (lambda: what_if("median", "islands=sea", {}), "options must be a mapping"),
    (lambda: what_if("median", {}, [("decision_rule", 1)]), "values must be a mapping"),
    (lambda: what_if("nope", {}, {}), "nope"),
    (lambda: what_if("median", {"islands": "moon"}, {}), "moon"),
    (lambda: what_if("median", {}, {"decision_rule": 2.0}), "decision_rule"),
    (lambda: what_if("median", {}, {}, sea="caspian"), "caspian_sim.Sea"),
    (lambda: WhatIf(method="nope"), "nope"),
    (lambda: WhatIf("caspian"), "caspian_sim.Sea"),
])
def test_bad_input_to_the_panel_is_refused_by_name(call, match):
    from caspian_sim import CaspianSimError

    with pytest.raises(CaspianSimError, match=match):
        call()
