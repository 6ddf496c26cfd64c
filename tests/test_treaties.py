"""Signed lines as data (issue #9)."""

from __future__ import annotations

import pytest

from caspian_sim import UnknownNameError
from caspian_sim.geodesy import CoastIndex
from caspian_sim.treaties import load_treaty_lines, treaty_line


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
