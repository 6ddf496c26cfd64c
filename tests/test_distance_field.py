"""The distance field: cached per sea, coasts and resolution; exact node distances computed once."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import regular_polygon
from shapely.geometry import LineString

from caspian_sim import OptionError, partition
from caspian_sim import distance_field as dfmod
from caspian_sim.distance_field import DistanceField, clear_cache, distance_field


@pytest.fixture
def lake():
    poly = regular_polygon(6, 120_000)
    ring = np.asarray(poly.exterior.coords)[:-1]
    coasts = {c: LineString([ring[i], ring[i + 1], ring[(i + 2) % 6]]) for c, i in zip("ABC", (0, 2, 4))}
    return poly, coasts


def test_field_is_cached_by_geometry_and_resolution(lake):
    poly, coasts = lake
    clear_cache()
    f = distance_field(poly, coasts, 5.0, 250.0)
    assert distance_field(poly, dict(coasts), 5.0, 250.0) is f  # equal geometry, new objects: same field
    assert distance_field(poly, coasts, 4.0, 250.0) is not f
    clear_cache()
    assert distance_field(poly, coasts, 5.0, 250.0) is not f


def test_cache_is_bounded(lake):
    poly, coasts = lake
    clear_cache()
    for k in range(dfmod.CACHE_SIZE + 3):
        distance_field(poly, coasts, 10.0 + k, 250.0)
    assert len(dfmod._FIELDS) == dfmod.CACHE_SIZE


def test_approximate_node_distances_bound_the_exact_ones(lake):
    poly, coasts = lake
    f = DistanceField(poly, list(coasts.values()), 5.0, 250.0)
    exact = f.node_exact(f.used)
    err = f.approx - exact
    # nearest vertex of the ~1 km coarse coast: never nearer than the coast, at most ~1 km farther
    assert err.min() > -0.01 * exact.max() * 1e-3 - 1.0
    assert err.max() < 1_100.0


def test_exact_node_distances_are_computed_once(lake, monkeypatch):
    poly, coasts = lake
    f = DistanceField(poly, list(coasts.values()), 5.0, 250.0)
    calls = []
    real = f.index.distances
    monkeypatch.setattr(f.index, "distances", lambda lon, lat, labels=None: calls.append(len(lon)) or real(lon, lat))
    ids = f.used[:50]
    first = f.node_exact(ids).copy()
    again = f.node_exact(ids[::-1])
    assert calls == [50]
    np.testing.assert_array_equal(again, first[::-1])


def test_reweighting_reuses_the_field(lake, monkeypatch):
    poly, coasts = lake
    clear_cache()
    built = []
    real = DistanceField.__init__

    def counting(self, *a, **k):
        built.append(1)
        real(self, *a, **k)

    monkeypatch.setattr(DistanceField, "__init__", counting)
    p1 = partition(poly, coasts, resolution_km=5)
    p2 = partition(poly, coasts, {"A": 1.3}, resolution_km=5)
    p3 = partition(poly, coasts, offsets={"B": 5_000.0}, resolution_km=5)
    assert len(built) == 1
    assert p2.shares["A"] > p1.shares["A"] and p3.shares["B"] > p1.shares["B"]


def test_too_large_a_grid_is_refused_with_a_resolution_that_fits(lake):
    poly, coasts = lake
    with pytest.raises(OptionError, match="use resolution_km >="):
        DistanceField(poly, list(coasts.values()), 0.1, 250.0)


def test_results_are_bit_for_bit_the_same_with_or_without_the_cache(lake):
    poly, coasts = lake
    clear_cache()
    cold = partition(poly, coasts, {"A": 1.2}, resolution_km=5)
    warm = partition(poly, coasts, {"A": 1.2}, resolution_km=5)  # field and node distances from the cache
    partition(poly, coasts, {"B": 1.4}, resolution_km=5)  # other nodes computed in between
    again = partition(poly, coasts, {"A": 1.2}, resolution_km=5)
    for p in (warm, again):
        assert p.areas_km2 == cold.areas_km2
        assert all(p.sectors[k].equals_exact(cold.sectors[k], 0.0) for k in cold.sectors)


@pytest.mark.parametrize("args, match", [
    (("lake", None, 5.0, 250.0), "Polygon"),
    ((None, {}, 5.0, 250.0), "Polygon"),
    ((True, {"A": None}, 5.0, 250.0), "Polygon"),
])
def test_bad_field_inputs_are_refused(args, match):
    from caspian_sim import GeometryError

    with pytest.raises(GeometryError, match=match):
        distance_field(*args)


def test_bad_field_numbers_and_coasts_are_refused(lake):
    from caspian_sim import GeometryError

    poly, coasts = lake
    with pytest.raises(OptionError, match="resolution_km"):
        distance_field(poly, coasts, float("nan"), 250.0)
    with pytest.raises(OptionError, match="spacing_m"):
        distance_field(poly, coasts, 5.0, -1.0)
    with pytest.raises(GeometryError, match="coasts"):
        distance_field(poly, {}, 5.0, 250.0)


@pytest.mark.parametrize("h", [700.0, 3_000.0])
def test_valid_nodes_are_those_within_one_and_a_half_spacings_of_the_sea(h):
    """The KD-tree shortcut keeps exactly the nodes a distance test of every node keeps, for a sea
    with a hole and a narrow inlet, including nodes on its boundary."""
    import shapely
    from shapely.geometry import Polygon

    sea = Polygon([(0, 0), (40_000, 0), (40_000, 30_000), (21_000, 30_000), (20_500, 5_000), (20_000, 30_000),
                   (0, 30_000)], [[(5_000, 5_000), (12_000, 5_000), (12_000, 20_000), (5_000, 20_000)]])
    x, y, _ = dfmod._grid(sea, h)
    x = np.r_[x, 0.0, 40_000.0, 20_250.0]  # nodes on the boundary
    y = np.r_[y, 10_000.0, 30_000.0, 17_500.0]
    brute = shapely.dwithin(sea, shapely.points(x, y), 1.5 * h)
    valid = dfmod._valid_nodes(sea, x, y, h)
    assert brute.sum() > 0 and (~brute).sum() > 0
    np.testing.assert_array_equal(valid, brute)
