"""Claims, disputed areas and the division as signed (issue #9)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from caspian_sim import divide
from caspian_sim.geodesy import area_km2
from caspian_sim.methods.claims import disputes, latitude_midpoint_line, load_claims


def test_every_claim_has_a_construction_a_date_and_a_source():
    for c in load_claims():
        assert c.source and c.description and c.against
        assert c.construction in {"median", "latitude_midpoint", "iran_20"}


def test_the_latitude_midpoint_line_is_midway_along_each_parallel(caspian):
    line = latitude_midpoint_line(caspian, "AZE", "TKM")
    coasts = caspian.basepoints()
    for lon, lat in np.asarray(line.coords)[::40]:
        ray = shapely.LineString([(45, lat), (56, lat)])
        west = shapely.get_coordinates(shapely.intersection(ray, coasts["AZE"]))[:, 0].max()
        east = shapely.get_coordinates(shapely.intersection(ray, coasts["TKM"]))[:, 0].min()
        assert lon == pytest.approx((west + east) / 2, abs=1e-9)


def test_disputes_reproduce_kapaz_serdar_and_alov_alborz(caspian):
    found = {tuple(d["pair"]): d for d in disputes(caspian, "2021")}
    assert set(found) == {("AZE", "TKM"), ("AZE", "IRN"), ("IRN", "TKM")}
    assert "Dostlug" in found[("AZE", "TKM")]["fields"]  # Kapaz / Serdar
    assert "Azeri-Chirag-Guneshli" in found[("AZE", "TKM")]["fields"]  # Azeri, Chirag / Omar, Osman
    assert "Alov-Araz-Sharg complex" in found[("AZE", "IRN")]["fields"]  # Alov / Alborz
    assert "Sardar-e Jangal" in found[("IRN", "TKM")]["fields"]
    for d in found.values():
        assert d["area_km2"] == pytest.approx(area_km2(d["geometry"])) and d["area_km2"] > 1000


def test_no_claims_no_disputes_before_the_first_claim(caspian):
    assert disputes(caspian, "1997") == []


def test_signed_division_follows_the_record_at_each_date(caspian):
    early, late = divide("signed", caspian, at="1997"), divide("signed", caspian, at="2021")
    assert {v["status"] for v in early.details["lines"].values()} == {"not signed"}
    assert late.details["lines"]["RUS-KAZ"]["status"] == "signed 1998-07-06"
    assert late.details["lines"]["KAZ-TKM"]["status"] == "signed 2014-12-02"
    assert late.details["lines"]["TKM-AZE"]["status"] == "not signed"
    assert early.details["undelimited_km2"] == 0 < late.details["undelimited_km2"]
    # sectors and the undelimited area tile the sea; shares are of the delimited seabed
    water = area_km2(caspian.water("basepoint"))
    assert late.total_area_km2 + area_km2(late.common["undelimited"]) == pytest.approx(water, rel=1e-6)
    assert sum(late.shares.values()) == pytest.approx(1.0)
    for s, t in [(a, b) for a in late.sectors for b in late.sectors if a < b]:
        assert area_km2(late.sectors[s].intersection(late.sectors[t])) < 1e-3


def test_the_signed_rus_kaz_line_is_the_printed_one(caspian):
    from caspian_sim.treaties import treaty_line

    d = divide("signed", caspian, at="2021")
    signed = treaty_line(("RUS", "KAZ")).geometry
    line = d.boundaries[("RUS", "KAZ")]
    for x, y in signed.coords:
        assert line.distance(shapely.Point(x, y)) < 1e-9


def test_fields_in_undelimited_areas_are_not_given_to_anyone(caspian):
    from caspian_sim.fields import field_candidates

    d = divide("signed", caspian, at="2021")
    assert "undelimited" in field_candidates(d, ["Dostlug"])["Dostlug"]
    assert d.field_owners(["Dostlug"])["Dostlug"] == "uncertain"
