from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import LineString, Polygon, box

from caspian_sim.geodesy import GEOD, CoastIndex, LocalProjection, area_km2, densify, distance_m, length_km


def test_area_independent_of_orientation_and_holes():
    outer = box(50, 40, 51, 41)
    hole = box(50.4, 40.4, 50.6, 40.6)
    with_hole = Polygon(outer.exterior.coords, [hole.exterior.coords])
    reversed_ = Polygon(outer.exterior.coords[::-1], [hole.exterior.coords[::-1]])
    a = area_km2(with_hole)
    assert a == pytest.approx(area_km2(outer) - area_km2(hole), rel=1e-12)
    assert a == pytest.approx(area_km2(reversed_), rel=1e-12)
    assert a > 0


def test_area_matches_pyproj_reference_for_a_degree_square():
    # a 1x1 degree geodesic square at the equator: 12,308.778 km2 (pyproj/GeographicLib)
    area, _ = GEOD.polygon_area_perimeter([0, 1, 1, 0], [0, 0, 1, 1])
    assert area_km2(box(0, 0, 1, 1)) == pytest.approx(abs(area) / 1e6)


def test_length_of_meridian_degree():
    # one degree of meridian from 0 to 1 N: 110,574.4 m on WGS84
    assert length_km(LineString([(0, 0), (0, 1)])) == pytest.approx(110.5744, abs=1e-4)


def test_densify_keeps_geodesic_and_vertices():
    coords = np.array([(48.0, 38.0), (53.0, 46.0)])
    d = densify(coords, 10_000)
    assert np.array_equal(d[0], coords[0]) and np.array_equal(d[-1], coords[-1])
    seg = distance_m(d[:-1, 0], d[:-1, 1], d[1:, 0], d[1:, 1])
    assert seg.max() <= 10_000 + 1e-6
    assert seg.sum() == pytest.approx(float(distance_m(*coords[0], *coords[1])), abs=1e-3)


def _brute_distance(lon, lat, line, step_m=2.0):
    """Distance to a geodesic polyline by sampling it every step_m (independent check)."""
    pts = densify(np.asarray(line.coords), step_m)
    return distance_m(lon, lat, pts[:, 0], pts[:, 1]).min()


@pytest.mark.parametrize("lon,lat", [(50.3, 42.2), (49.1, 41.7), (51.5, 43.9), (50.02, 42.01)])
def test_point_to_coast_distance_against_sampling(lon, lat):
    line = LineString([(49.0, 41.0), (50.0, 42.0), (50.5, 42.05), (52.0, 44.0)])
    idx = CoastIndex([line], LocalProjection(50.5, 42.5))
    exact = idx.distances([lon], [lat])[0, 0]
    assert exact == pytest.approx(_brute_distance(lon, lat, line), abs=0.05)


def test_plane_gradient_of_a_geodesic_distance_is_its_finite_difference():
    """The gradient of the distance to a fixed point, from the azimuth at each plane point (no extra
    geodesic), equals central differences in the plane, up to 500 km from the centre."""
    p = LocalProjection(50.5, 42.0)
    rng = np.random.default_rng(7)
    x, y = rng.uniform(-500_000, 500_000, (2, 40))
    target = (49.0, 40.0)

    def dist(x, y):
        lon, lat = p.inverse(x, y)
        return GEOD.inv(lon, lat, np.full(len(lon), target[0]), np.full(len(lon), target[1]))[2]

    lon, lat, out = p.inverse_azimuth(x, y)
    az = GEOD.inv(lon, lat, np.full(40, target[0]), np.full(40, target[1]))[0]
    grad = p.gradient(x, y, out, np.asarray(az) + 180.0)
    h = 1.0
    fd = np.column_stack([(dist(x + h, y) - dist(x - h, y)) / (2 * h), (dist(x, y + h) - dist(x, y - h)) / (2 * h)])
    np.testing.assert_allclose(grad, fd, atol=1e-5)  # without the stretch across: 5e-4


def test_nearest_coast_point_is_found_near_and_far():
    """Points 1 to 600 km from a wiggly 300 km coast: the candidate search (chord-ordered KD
    neighbours within a derived band) finds the nearest segment at every distance, as sampling the
    coast's geodesics every 20 m does (whose own error is under (10 m)^2 / 2d)."""
    rng = np.random.default_rng(11)
    lon = np.linspace(49.0, 52.5, 40)
    coast = LineString(np.column_stack([lon, 42.0 + 0.15 * np.sin(3 * lon) + rng.uniform(-0.03, 0.03, 40)]))
    idx = CoastIndex([coast])
    samples = densify(np.asarray(coast.coords), 20.0)
    azi = rng.uniform(0, 360, 30)
    dist = np.geomspace(1_000, 600_000, 30)
    start = samples[rng.integers(0, len(samples), 30)]
    plon, plat, _ = GEOD.fwd(start[:, 0], start[:, 1], azi, dist)
    exact = idx.distances(plon, plat)[:, 0]
    for i in range(30):
        brute = distance_m(np.full(len(samples), plon[i]), np.full(len(samples), plat[i]), samples[:, 0],
                           samples[:, 1]).min()
        assert exact[i] <= brute + 1e-3  # never farther than a sampled point
        assert exact[i] >= brute - 100.0 / max(exact[i], 1.0) - 1e-3  # the sampling's own error


def test_projection_round_trip():
    p = LocalProjection(50.5, 42.0)
    x, y = p.forward([47.0, 54.0], [37.0, 47.0])
    lon, lat = p.inverse(x, y)
    np.testing.assert_allclose(lon, [47.0, 54.0], atol=1e-9)
    np.testing.assert_allclose(lat, [37.0, 47.0], atol=1e-9)
