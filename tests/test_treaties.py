"""Signed lines as data (issue #9) and the fidelity of computed lines to them."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString

from caspian_sim import UnknownNameError
from caspian_sim.geodesy import CoastIndex, area_km2
from caspian_sim.treaties import _area_between, _measure, fidelity, load_treaty_lines, treaty_line


def test_every_line_has_parties_dates_source_and_datums():
    for t in load_treaty_lines():
        assert len(set(t.parties)) == 2 and t.source and t.points_status
        assert "WGS84" in t.geodetic_datum and "Baltic" in t.vertical_datum
        assert t.in_force is None or t.in_force >= t.signed


def test_rus_kaz_catalogue_as_printed_ends_at_the_2003_junction():
    t = treaty_line(("RUS", "KAZ"))
    assert t.complete and len(t.points) == 39
    assert t.points[0] == pytest.approx((49 + 26.4 / 60, 46 + 13.3 / 60))
    assert t.points[-1] == pytest.approx((49 + 53.3 / 60, 42 + 33.6 / 60))  # 42°33.6'N 49°53.3'E


def test_lines_whose_points_were_not_found_carry_none():
    assert treaty_line(("AZE", "RUS")).points == () and treaty_line(("KAZ", "TKM")).points == ()
    kaz_aze = treaty_line(("KAZ", "AZE"))
    assert len(kaz_aze.points) == 2 and not kaz_aze.complete
    with pytest.raises(UnknownNameError, match="no signed seabed line between TKM and IRN"):
        treaty_line(("TKM", "IRN"))


def test_rus_kaz_line_starts_off_the_gshhg_shore(caspian):
    lon, lat = treaty_line(("RUS", "KAZ")).points[0]
    km = CoastIndex([caspian.outer.exterior]).distances([lon], [lat])[0, 0] / 1000
    assert 5 < km < 20  # measured: 11.2 km (sea level and delta shoreline differ from the treaty's -28 m)


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
