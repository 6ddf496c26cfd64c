"""The share sample: anti-aliased cells, water fractions and the two-nearest search, against
analytic answers and brute force."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import LineString, box

from caspian_sim.geodesy import area_km2
from caspian_sim.methods import sample as S


def test_fraction_below_matches_sampling_a_cell():
    """Fraction of a rectangle where a linear g < 0, against 200 x 200 sub-points."""
    rng = np.random.default_rng(0)
    u = (np.arange(200) + 0.5) / 200 - 0.5
    px, py = np.meshgrid(u, u)
    for _ in range(200):
        ex, ey = rng.uniform(500, 3000, 2)
        gx, gy = rng.normal(size=2)
        g0 = abs(rng.normal()) * 0.5 * (abs(gx) * ex + abs(gy) * ey)
        brute = np.mean(g0 + gx * px * ex + gy * py * ey < 0)
        got = S._fraction_below(np.array([g0]), np.array([abs(gx) * ex]), np.array([abs(gy) * ey]))[0]
        assert got == pytest.approx(brute, abs=0.01)
    # degenerate: g constant along one side, or everywhere
    assert S._fraction_below(np.array([0.25]), np.array([1.0]), np.array([0.0]))[0] == pytest.approx(0.25)
    assert S._fraction_below(np.array([0.0]), np.array([0.0]), np.array([0.0]))[0] == 0.0


def test_two_nearest_equals_sorting():
    rng = np.random.default_rng(1)
    d = rng.integers(0, 20, (5, 1000)).astype(np.float32) * 1000  # many ties
    w, a = np.float32([1, 1.5, 0.8, 1, 1]), np.float32([0, 0, 500, 0, -500])
    f1, l1, f2, l2 = S._two_nearest(d, w, a)
    F = d / w[:, None] - a[:, None]
    order = np.argsort(F, axis=0, kind="stable")  # stable: the first coast wins ties, like argmin
    cols = np.arange(d.shape[1])
    np.testing.assert_array_equal(l1, order[0])
    np.testing.assert_array_equal(f1, F[order[0], cols])
    np.testing.assert_array_equal(f2, F[order[1], cols])


def test_sample_area_is_the_water_area(caspian):
    s = S.share_sample(caspian, "basepoint", 1.0, None)
    assert s.area.sum() == pytest.approx(area_km2(caspian.water("basepoint")), rel=2e-4)


def test_shares_move_smoothly_with_an_offset():
    """Two states either side of a 2 x 1 degree lake: an offset a moves the line by a / 2, so a state's
    share is linear in a; the anti-aliased sample follows it to 1e-4 with no steps between cells."""
    lake = box(0, 40, 2, 41)
    coasts = {"W": LineString([(0, 40), (0, 41)]), "E": LineString([(2, 40), (2, 41)])}
    s = S.ShareSample(lake, coasts, {}, ("W", "E"), cell_km=4.0)
    offsets = np.linspace(-4000, 4000, 41)  # 200 m steps, well under a cell
    west = np.array([s.shares(np.ones(2), np.ones(2), np.array([a, 0.0]))[0] for a in offsets])
    slope = np.polyfit(offsets, west, 1)[0]
    assert np.abs(west - np.polyval(np.polyfit(offsets, west, 1), offsets)).max() < 1e-4
    width_m = area_km2(lake) * 1e6 / 111_000  # the lake's east-west width, roughly
    assert slope == pytest.approx(0.5 / width_m, rel=0.05)


def test_no_step_where_two_coasts_meet_in_a_line():
    """W and E share the top edge of a lake, meeting at its middle: below the terminus both coasts'
    nearest vertex is the terminus itself. The shares must not jump as the offset crosses 0 (they
    did by 2.3e-4: a strip half a vertex gap wide changed hands at once, and the target solver
    stalled on a three-state rectangle), and the symmetric lake splits evenly (it split 50.22/49.78:
    the grid of cells was cut off along the lake's straight eastern edge)."""
    lake = box(0, 40, 2, 41)
    coasts = {"W": LineString([(0, 40), (0, 41), (1, 41)]), "E": LineString([(1, 41), (2, 41), (2, 40)])}
    s = S.ShareSample(lake, coasts, {}, ("W", "E"), cell_km=2.0)

    def west(a: float) -> float:
        return float(s.shares(np.ones(2), np.ones(2), np.array([a, 0.0]))[0])

    assert west(0.0) == pytest.approx(0.5, abs=1e-4)
    assert abs(west(0.01) - west(-0.01)) < 5e-5
    assert west(-10) < west(-1) < west(1) < west(10)


def test_jacobians_equal_finite_differences(caspian):
    """The sample's own derivatives against central differences, off the median line (where cells
    at the land termini, with both coasts in one direction, make the shares step-like)."""
    s = S.share_sample(caspian, "basepoint", 1.0, None)
    f = np.ones(len(s.labels))
    w = np.exp([0.1, -0.2, 0.0, 0.15, 0.05])
    a = np.array([-10e3, -60e3, 10e3, 55e3, 5e3])
    shares, jw, ja = s.jacobians(w, f, a)
    np.testing.assert_allclose(shares, s.shares(w, f, a), rtol=0, atol=1e-15)
    eye = np.eye(len(w))
    fw = np.column_stack([(s.shares(w * np.exp(1e-3 * e), f, a) - s.shares(w * np.exp(-1e-3 * e), f, a)) / 2e-3
                          for e in eye])
    fa = np.column_stack([(s.shares(w, f, a + 50 * e) - s.shares(w, f, a - 50 * e)) / 100 for e in eye])
    assert np.abs(jw - fw).max() < 0.01 * np.abs(fw).max()
    assert np.abs(ja - fa).max() < 0.01 * np.abs(fa).max()
    np.testing.assert_allclose(jw.sum(axis=0), 0, atol=1e-12)  # shares always sum to 1
