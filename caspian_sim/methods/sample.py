"""The share sample: a fixed, anti-aliased sample of a sea that gives approximate shares in milliseconds.

The target-share solver (:mod:`caspian_sim.methods.targets`) needs the shares
of many candidate weightings before it runs the exact engine. A sample of
about 100,000 lon/lat cells answers each in a few milliseconds, and it is
accurate enough that one exact run usually lands within 0.01 pp:

- **cells**: each carries its geodesic area times its water fraction
  (coastal cells are sampled 8 x 8, and represented by the centroid of their
  water sub-cells), so the coastline is not quantised to whole cells;
- **distances** to every coast from the nearest vertex of the coast densified
  to 250 m, with the direction away from it (the distance's gradient);
- **anti-aliasing**: a cell that a boundary crosses is split between its two
  nearest coasts by the area on each side of the line ``g = 0``, with ``g``
  (the difference of the two weighted distances) linear over the cell; its
  fraction is the distribution function of a sum of two uniform variables.

Without the three, the sampled shares err by about 2e-4 in a way that
changes with the weights (measured on the Caspian), so the solver needed a
second exact run; with them, about 5e-5.

The sample depends on the geometry only, so it is built once and kept in
the on-disk cache (:mod:`caspian_sim.diskcache`).

References
----------
.. [1] Crow, F. C. (1977). The aliasing problem in computer-generated shaded
   images. *Communications of the ACM* 20(11), 799-805 (area sampling).
.. [2] Okabe, A., Boots, B., Sugihara, K., & Chiu, S. N. (2000). *Spatial
   Tessellations*, 2nd ed., Wiley, §3.1 (weighted Voronoi diagrams).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray

from .. import diskcache
from ..geodesy import GEOD, CoastIndex, area_km2
from ..sea import IslandMode, Sea
from ._common import IslandEffect, cached, engine_inputs

__all__ = ["ShareSample", "share_sample"]

#: Coastal cells are sampled SUB x SUB for their water fraction and representative point.
SUB = 8


class ShareSample:
    """Cells of the sea with their water areas, distances and distance gradients to every engine coast.

    Examples
    --------
    >>> import numpy as np
    >>> from caspian_sim import load_caspian
    >>> s = share_sample(load_caspian(), "basepoint", 1.0, None)
    >>> shares = s.shares(np.ones(5), np.ones(len(s.labels)))
    >>> round(float(shares.sum()), 12), bool(0.10 < shares[0] < 0.25)
    (1.0, True)
    """

    def __init__(self, water: Any, coasts: Mapping[str, Any], groups: Mapping[str, str], states: tuple[str, ...],
                 cell_km: float | None = None) -> None:
        self.labels = list(coasts)
        self.states = states
        self.group = np.array([states.index(groups.get(k, k)) for k in self.labels])
        parts = [shapely.to_wkb(g) for g in (water, *coasts.values())]
        key = diskcache.key("sample", *parts, repr(cell_km).encode(), modules=(__name__, "caspian_sim.geodesy"))
        arrays = diskcache.load_or_build("sample", key, lambda: sample_arrays(water, coasts, cell_km),
                                         ("area", "dist", "east", "north", "ex", "ey"))
        self.area, self.dist = arrays["area"], arrays["dist"]
        # float32 (3 cm at 600 km, far below a cell) halves the memory traffic of each evaluation
        self._d = np.ascontiguousarray(self.dist.T, dtype=np.float32)  # one contiguous row per coast
        self._ue = np.ascontiguousarray(arrays["east"].T)
        self._un = np.ascontiguousarray(arrays["north"].T)
        self._ex, self._ey = arrays["ex"], arrays["ey"]
        self._half = (0.5 * (self._ex + self._ey)).astype(np.float32)

    def shares(self, w_state: NDArray[np.float64], label_factor: NDArray[np.float64],
               offset_m: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        """Sampled shares for state weights (label weight = state weight x factor) and additive offsets (m)."""
        area, _ = self._evaluate(w_state, label_factor, offset_m)
        return area / area.sum()

    def jacobians(self, w_state: NDArray[np.float64], label_factor: NDArray[np.float64],
                  offset_m: NDArray[np.float64] | None = None) -> tuple[NDArray, NDArray, NDArray]:
        """Sampled shares and their exact derivatives (of the anti-aliased sample) with respect to each
        state's log-weight and to its offset (per metre): ``J[s, k] = d share_s / d parameter_k``.

        Only the cells a boundary crosses contribute: the area a cell moves from
        its nearest coast i to its second j changes with g0 = f_j - f_i at the
        rate of the cell's trapezoid density, and g0 changes with state k's
        offset by +1 (k owns i) or -1 (k owns j), with its log-weight by d_i/w_i
        or -d_j/w_j.
        """
        area, cells = self._evaluate(w_state, label_factor, offset_m)
        total, n = area.sum(), len(self.states)
        jw, ja = np.zeros((n, n)), np.zeros((n, n))
        if cells is not None:
            b, i, j, g0, ra, rb, d1, d2 = cells
            rate = -self.area[b] * _density_below(g0, ra, rb) / total  # d(share moved to j) / d g0
            si, sj = self.group[i], self.group[j]
            for out, c1, c2 in ((ja, 1.0, 1.0), (jw, d1, d2)):
                # d g0 / d p_k = c1 [k = si] - c2 [k = sj]; d share_s = rate ([s = sj] - [s = si]) d g0
                for s_, k, wgt in ((sj, si, rate * c1), (sj, sj, -rate * c2), (si, si, -rate * c1),
                                   (si, sj, rate * c2)):
                    out += np.bincount(s_ * n + k, weights=wgt, minlength=n * n).reshape(n, n)
        return area / total, jw, ja

    def _evaluate(self, w_state: NDArray[np.float64], label_factor: NDArray[np.float64],
                  offset_m: NDArray[np.float64] | None) -> tuple[NDArray, tuple[NDArray, ...] | None]:
        """Areas per state and, for the cells a boundary may cross, what their derivatives need."""
        w = w_state[self.group] * label_factor
        a = np.zeros(len(w)) if offset_m is None else offset_m[self.group]
        f1, l1, f2, l2 = _two_nearest(self._d, w.astype(np.float32), a.astype(np.float32))
        area = np.bincount(self.group[l1], weights=self.area, minlength=len(self.states))
        if l2 is None:
            return area, None
        # cells a boundary may cross: g0 below the most g can change over half the cell
        g0 = f2 - f1
        b = np.nonzero(g0 < self._half * np.float32(2 / w.min()))[0]
        i, j, g0 = l1[b], l2[b], g0[b].astype(float)
        gx = self._ue[j, b] / w[j] - self._ue[i, b] / w[i]
        gy = self._un[j, b] / w[j] - self._un[i, b] / w[i]
        ra, rb = np.abs(gx) * self._ex[b], np.abs(gy) * self._ey[b]
        moved = self.area[b] * _fraction_below(g0, ra, rb)
        area += np.bincount(self.group[j], weights=moved, minlength=len(self.states))
        area -= np.bincount(self.group[i], weights=moved, minlength=len(self.states))
        return area, (b, i, j, g0, ra, rb, self._d[i, b] / w[i], self._d[j, b] / w[j])


def _two_nearest(d: NDArray, w: NDArray, a: NDArray) -> tuple[NDArray, NDArray, NDArray, NDArray | None]:
    """The smallest and second smallest of ``d[k] / w[k] - a[k]`` over the coasts k, with their k
    (a loop over the few coasts, vectorised over the cells; the first coast wins ties, as argmin)."""
    f1 = d[0] / w[0] - a[0]
    small = np.int8 if len(w) < 128 else np.intp  # narrow labels: less memory traffic per step
    l1 = np.zeros(len(f1), small)
    if len(w) == 1:
        return f1, l1, f1, None
    f2 = np.full(len(f1), np.inf, d.dtype)
    l2 = np.zeros(len(f1), small)
    for k in range(1, len(w)):
        f = d[k] / w[k] - a[k]
        first = f < f1
        runner = np.where(first, f1, f)  # what competes for second place
        second = runner < f2
        np.copyto(f2, runner, where=second)
        np.copyto(l2, np.where(first, l1, small(k)), where=second)
        np.copyto(f1, f, where=first)
        np.copyto(l1, small(k), where=first)
    return f1, l1, f2, l2


def _fraction_below(g0: NDArray, ra: NDArray, rb: NDArray) -> NDArray[np.float64]:
    """Fraction of a rectangular cell where ``g < 0``, for g linear over the cell with value ``g0 >= 0``
    at its centre and ranges ``ra``, ``rb`` along its two sides.

    The range of g over the cell is the sum of two uniform variables: its
    distribution function is a trapezoid's integral.
    """
    hi, lo = np.maximum(ra, rb), np.minimum(ra, rb)
    t = 0.5 * (hi + lo) - g0  # where 0 lies within the range of g, from its low end
    out = np.zeros(len(g0))
    ramp = t > 0
    hi, lo, t = hi[ramp], lo[ramp], t[ramp]
    with np.errstate(invalid="ignore", divide="ignore"):
        trapezoid = np.where(t <= lo, t * t / (2 * hi * lo),
                             np.where(t <= hi, (t - lo / 2) / hi, 1 - (hi + lo - t) ** 2 / (2 * hi * lo)))
        flat = np.clip(t / hi, 0.0, 1.0)  # one side of no length: a uniform variable
    out[ramp] = np.clip(np.where(lo > 1e-9 * hi, trapezoid, flat), 0.0, 1.0)
    return out


def _density_below(g0: NDArray, ra: NDArray, rb: NDArray) -> NDArray[np.float64]:
    """The derivative of :func:`_fraction_below` with respect to ``-g0`` (the trapezoid's density)."""
    hi, lo = np.maximum(ra, rb), np.minimum(ra, rb)
    t = 0.5 * (hi + lo) - g0
    out = np.zeros(len(g0))
    ramp = (t > 0) & (hi > 0)
    hi, lo, t = hi[ramp], lo[ramp], t[ramp]
    with np.errstate(invalid="ignore", divide="ignore"):
        trapezoid = np.where(t <= lo, t / (hi * lo), np.where(t <= hi, 1 / hi, (hi + lo - t) / (hi * lo)))
    out[ramp] = np.where(lo > 1e-9 * hi, trapezoid, np.where(t < hi, 1 / hi, 0.0))
    return out


def sample_arrays(water: Any, coasts: Mapping[str, Any], cell_km: float | None) -> dict[str, NDArray]:
    """The arrays of a :class:`ShareSample`: cell water areas (km²), distances (m) and their gradients
    (east and north components) to every coast, and the cells' east and north extents (m)."""
    if cell_km is None:  # about 100,000 cells, whatever the size of the sea
        cell_km = float(np.sqrt(area_km2(water) / 100_000))
    x0, y0, x1, y1 = water.bounds
    dlat = cell_km / 111.0
    dlon = cell_km / (111.0 * np.cos(np.radians(0.5 * (y0 + y1))))
    # one cell of land all round, so that every cell the coast crosses has a dry neighbour and is
    # sampled finely (a grid from the bounds cut off, or overhung, the water along a straight edge)
    glon, glat = np.meshgrid(np.arange(x0 - dlon / 2, x1 + dlon, dlon), np.arange(y0 - dlat / 2, y1 + dlat, dlat))
    frac, rep_lon, rep_lat = _water_fractions(water, glon, glat, dlon, dlat)
    row_area = np.array([abs(GEOD.polygon_area_perimeter(
        [0, dlon, dlon, 0], [la - dlat / 2, la - dlat / 2, la + dlat / 2, la + dlat / 2])[0])
        for la in glat[:, 0]]) / 1e6
    keep = frac > 0
    lon, lat = rep_lon[keep], rep_lat[keep]
    index = CoastIndex(list(coasts.values()))
    dist, east, north = index.approx_directions(lon, lat)
    _exact_at_ties(index, lon, lat, dist, east, north)
    phi = np.radians(lat)
    return {"area": (row_area[:, None] * frac)[keep], "dist": dist,
            "east": east.astype(np.float32), "north": north.astype(np.float32),
            "ex": np.radians(dlon) * GEOD.a * np.cos(phi), "ey": np.full(len(lat), np.radians(dlat) * GEOD.a)}


def _exact_at_ties(index: CoastIndex, lon: NDArray, lat: NDArray, dist: NDArray, east: NDArray,
                   north: NDArray) -> None:
    """Exact distances and directions (in place) for the cells whose nearest vertex is the same point on
    two coasts: a land terminus, shared by both.

    There the approximate distances tie exactly, in a strip half a vertex gap
    wide along the boundary that leaves the terminus, and the whole strip would
    change hands at once when the two states' weights cross (a jump of 0.04 pp
    in a three-state rectangle, which stalled the target solver). The exact
    difference grows as the square of the distance from the boundary.
    """
    ordered = np.sort(dist, axis=1)
    tie = np.nonzero((np.diff(ordered, axis=1) == 0).any(axis=1))[0]
    if not len(tie):
        return
    n_lab = dist.shape[1]
    d, _, _, az = index.nearest_each(np.repeat(lon[tie], n_lab), np.repeat(lat[tie], n_lab),
                                     np.tile(np.arange(n_lab), len(tie)))
    away = np.radians(az.reshape(len(tie), n_lab) + 180.0)  # the gradient points away from the nearest point
    dist[tie] = d.reshape(len(tie), n_lab)
    east[tie], north[tie] = np.sin(away), np.cos(away)


def _water_fractions(water: Any, glon: NDArray, glat: NDArray, dlon: float,
                     dlat: float) -> tuple[NDArray, NDArray, NDArray]:
    """Water fraction of every cell and its representative point (the centroid of its water
    sub-cells): whole cells by their centre, cells next to a change of that by SUB x SUB sub-cells."""
    shapely.prepare(water)
    inside = shapely.contains_xy(water, glon, glat)
    pad = np.pad(inside, 1, mode="edge")
    coastal = np.zeros_like(inside)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            coastal |= pad[dy:dy + inside.shape[0], dx:dx + inside.shape[1]] != inside
    frac = inside.astype(float)
    rep_lon, rep_lat = glon.copy(), glat.copy()
    cj, ci = np.nonzero(coastal)
    step = (np.arange(SUB) + 0.5) / SUB - 0.5
    sx, sy = np.broadcast_arrays(glon[cj, ci][:, None, None] + step[None, None, :] * dlon,
                                 glat[cj, ci][:, None, None] + step[None, :, None] * dlat)
    wet = shapely.contains_xy(water, sx, sy)
    n = wet.sum(axis=(1, 2))
    frac[cj, ci] = n / SUB**2
    some = n > 0
    rep_lon[cj[some], ci[some]] = (sx * wet).sum(axis=(1, 2))[some] / n[some]
    rep_lat[cj[some], ci[some]] = (sy * wet).sum(axis=(1, 2))[some] / n[some]
    return frac, rep_lon, rep_lat


def share_sample(sea: Sea, islands: IslandMode, island_effect: IslandEffect, cell_km: float | None) -> ShareSample:
    """The ShareSample of a sea's engine inputs, computed once per sea and options."""
    def build() -> ShareSample:
        water, coasts, _, groups = engine_inputs(sea, islands=islands, island_effect=island_effect)
        return ShareSample(water, coasts, groups, sea.states, cell_km)

    key = ("sample", islands, repr(island_effect), cell_km)
    return cached(sea, key, build)  # type: ignore[no-any-return]
