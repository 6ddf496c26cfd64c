"""The fidelity of computed lines to the signed ones (issue #9)."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString

from caspian_sim.geodesy import area_km2
from caspian_sim.line_fidelity import _area_between, _measure, fidelity
from caspian_sim.treaties import load_treaty_lines


def test_a_line_against_itself_and_against_a_parallel_line():
    a = LineString([(50, 40), (50, 41)])
    assert _measure(a, a)["median_km"] == pytest.approx(0, abs=1e-6)
    assert _area_between(a, a) == pytest.approx(0, abs=1e-9)
    b = LineString([(50.1, 39.5), (50.1, 41.5)])  # longer, so the stretch is cut at the perpendiculars
    strip = LineString([(50, 40), (50, 41), (50.1, 41), (50.1, 40), (50, 40)])
    assert _area_between(a, b) == pytest.approx(area_km2(strip.convex_hull), rel=1e-3)
    assert _measure(a, b)["max_km"] == pytest.approx(8.5, abs=0.1)  # 0.1° of longitude at 40-41°N


def test_fidelity_reports_every_line_and_measures_the_complete_one():
    rows = fidelity()
    assert {r["line"] for r in rows} == {t.id for t in load_treaty_lines()}
    rus_kaz = {r["method"]: r for r in rows if r["line"] == "RUS-KAZ"}
    for r in rus_kaz.values():
        assert 0 < r["median_turning_point_km"] <= r["max_km"] and r["area_between_km2"] > 0
    for r in rows:
        if r["line"] != "RUS-KAZ":
            assert r["median_km"] is None and "found" in r["status"]


def test_divisions_must_be_a_list_of_divisions(median_division):
    from caspian_sim import OptionError

    for bad in (median_division, 5, "median", [median_division, "median"]):
        with pytest.raises(OptionError, match="needs a list of Division objects"):
            fidelity(bad)  # type: ignore[arg-type]
