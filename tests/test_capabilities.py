"""Capabilities (Correlates of War CINC) and their effect on the dynamic forecasts (issue #10)."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from caspian_sim import OptionError
from caspian_sim.negotiation.capabilities import cinc, load_capabilities
from caspian_sim.negotiation.dynamics import simulate


def test_the_extract_covers_the_five_states_every_year_with_its_source():
    raw = json.loads(resources.files("caspian_sim.data").joinpath("capabilities.json").read_text())
    assert "Correlates of War" in raw["source"] and raw["licence"] and raw["built_by"]
    table = load_capabilities()
    assert min(table) == 1991 and max(table) == 2016
    assert all(set(v) == {"RUS", "KAZ", "TKM", "IRN", "AZE"} for v in table.values())
    assert all(0 < x < 0.2 for v in table.values() for x in v.values())


def test_the_year_used_is_the_latest_on_or_before_the_date():
    assert cinc("2003-07").year == 2003
    assert cinc("2021").year == 2016  # the last year shipped
    with pytest.raises(OptionError):
        cinc("1800")


def test_capabilities_change_the_compromise_forecast():
    equal = simulate("decision_rule", at="2003-07", variant="compromise", capabilities="equal", rounds=50)
    sourced = simulate("decision_rule", at="2003-07", variant="compromise", rounds=50)
    own = simulate("decision_rule", at="2003-07", variant="compromise", capabilities={"IRN": 100.0}, rounds=50)
    assert sourced.forecast > equal.forecast  # Russia's weight pulls towards its position
    assert own.forecast > sourced.forecast  # Iran (unanimity = 1) made dominant
    with pytest.raises(OptionError, match="capabilities must be one of"):
        simulate("decision_rule", at="2003-07", capabilities="gdp")
