"""Target shares realised as lines: equal shares (Iran's 20%), coast-proportional, any vector.

The seabed is divided by multiplicatively weighted equidistance lines whose
weights are solved so that every state receives its target share, within
``tol`` (default 0.01 percentage points). How far each boundary moves from
the median line, and how much area passes from whom to whom, is reported.

Solver
------
1. A fixed sample of the sea (cells of ~``cell_km``, each with its geodesic
   area) and each cell's distance to every coast are computed once; the shares
   for any weights are then an ``argmin`` and a ``bincount`` (vectorised).
2. Newton's method on ``log w`` with a finite-difference Jacobian (the scale of
   ``w`` is free, so steps are taken in the zero-sum subspace) drives the
   sampled shares to the targets.
3. The exact engine is run; the difference between exact and sampled shares
   at those weights is a smooth bias, subtracted from the targets before
   solving again. Two or three exact runs reach 0.01 pp.

References
----------
.. [1] Okabe, A., Boots, B., Sugihara, K., & Chiu, S. N. (2000). *Spatial
   Tessellations*, 2nd ed., Wiley, §3.1 (multiplicatively weighted Voronoi).
.. [2] Rouhani, O., Madani, K., et al. (2010). Caspian Sea negotiation
   support system. *World Environmental and Water Resources Congress*, ASCE.
.. [3] Iran's equal-share claim: seeds/000_c7c3955ab4dfbf5d.txt and
   seeds/001_8f7d3f38aab2a2a0.txt (see shared/seeds/DIGEST.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray

from ..division import Division, from_partition
from ..equidistance import Partition
from ..errors import InfeasibleError, OptionError, unknown
from ..geodesy import GEOD, CoastIndex, area_km2
from ..sea import IslandMode, Sea
from . import register
from ._common import IslandEffect, cached, engine_inputs, median_partition, weighted_partition


class ShareSample:
    """Cells of the sea with their areas and distances to every engine coast."""

    def __init__(self, water: Any, coasts: Mapping[str, Any], groups: Mapping[str, str], states: tuple[str, ...],
                 cell_km: float | None = None) -> None:
        if cell_km is None:  # about 100,000 cells, whatever the size of the sea
            cell_km = float(np.sqrt(area_km2(water) / 100_000))
        x0, y0, x1, y1 = water.bounds
        dlat = cell_km / 111.0
        lats = np.arange(y0 + dlat / 2, y1, dlat)
        dlon = cell_km / (111.0 * np.cos(np.radians(0.5 * (y0 + y1))))
        lons = np.arange(x0 + dlon / 2, x1, dlon)
        glon, glat = np.meshgrid(lons, lats)
        inside = shapely.contains_xy(water, glon, glat)
        row_area = np.array([abs(GEOD.polygon_area_perimeter(
            [0, dlon, dlon, 0], [la - dlat / 2, la - dlat / 2, la + dlat / 2, la + dlat / 2])[0]) for la in lats]) / 1e6
        self.area = np.broadcast_to(row_area[:, None], glon.shape)[inside]
        self.labels = list(coasts)
        idx = CoastIndex([coasts[k] for k in self.labels])
        self.dist = idx.approx_distances(glon[inside], glat[inside], fine=True)
        self.states = states
        self.group = np.array([states.index(groups.get(k, k)) for k in self.labels])

    def shares(self, w_state: NDArray[np.float64], label_factor: NDArray[np.float64]) -> NDArray[np.float64]:
        """Sampled shares for state weights (label weight = state weight x factor)."""
        w = w_state[self.group] * label_factor
        owner = self.group[np.argmin(self.dist / w, axis=1)]
        a = np.bincount(owner, weights=self.area, minlength=len(self.states))
        return a / a.sum()


def share_sample(sea: Sea, islands: IslandMode, island_effect: IslandEffect, cell_km: float | None) -> ShareSample:
    """The ShareSample of a sea's engine inputs, computed once per sea and options."""
    def build() -> ShareSample:
        water, coasts, _, groups = engine_inputs(sea, islands=islands, island_effect=island_effect)
        return ShareSample(water, coasts, groups, sea.states, cell_km)

    key = ("sample", islands, repr(island_effect), cell_km)
    return cached(sea, key, build)  # type: ignore[no-any-return]


def _newton(sample: ShareSample, factor: NDArray, target: NDArray, logw: NDArray, tol: float) -> NDArray:
    """Damped Newton on log-weights for the sampled shares, with backtracking."""
    n = len(target)

    def err_at(lw: NDArray) -> tuple[float, NDArray]:
        s = sample.shares(np.exp(lw), factor)
        return float(np.max(np.abs(target - s))), s

    err, s = err_at(logw)
    h = 0.01
    for _ in range(80):
        if err < tol:
            return logw
        J = np.empty((n, n))
        for j in range(n):
            e = np.zeros(n)
            e[j] = h
            J[:, j] = (sample.shares(np.exp(logw + e), factor) - s) / h
        A = np.vstack([J, np.ones(n)])  # zero-sum step: the overall scale of w is free
        step = np.clip(np.linalg.lstsq(A, np.r_[target - s, 0.0], rcond=None)[0], -0.3, 0.3)
        for damp in (1.0, 0.5, 0.25, 0.125, 0.0625):
            trial = logw + damp * step
            e_t, s_t = err_at(trial)
            if e_t < err:
                logw, err, s = trial, e_t, s_t
                break
        else:  # no descent: the finite-difference step is too coarse for this kink
            h /= 2
            if h < 1e-4:
                break
        if np.max(np.abs(logw - logw.mean())) > np.log(50):
            break
    if err < 3 * tol:  # the sample is quantised by its cells; the exact stage finishes the job
        return logw
    worst = int(np.argmax(np.abs(target - s)))
    raise InfeasibleError(
        f"no weights give these target shares: {sample.states[worst]} reaches {100 * s[worst]:.2f}% for a target "
        f"of {100 * target[worst]:.2f}% (within weight ratios of 50:1); choose targets closer to the median line"
    )


def check_targets(sea: Sea, targets: Mapping[str, float]) -> NDArray[np.float64]:
    """Target shares as an array in state order; they must be in (0, 1) and sum to 1."""
    for k in targets:
        if k not in sea.states:
            raise unknown("state", k, sea.states)
    missing = [s for s in sea.states if s not in targets]
    if missing:
        raise OptionError(f"targets must give a share for every state; missing {missing}")
    t = np.array([float(targets[s]) for s in sea.states])
    if np.any(~np.isfinite(t)) or np.any(t <= 0) or np.any(t >= 1):
        raise InfeasibleError(f"every target share must be strictly between 0 and 1, got {dict(zip(sea.states, t))}")
    if abs(t.sum() - 1) > 1e-6:
        raise OptionError(f"target shares must sum to 1 (100%), they sum to {t.sum():.6f}")
    return t


def solve_target_shares(
    sea: Sea,
    targets: Mapping[str, float],
    *,
    islands: IslandMode = "basepoint",
    island_effect: IslandEffect = 1.0,
    resolution_km: float = 3.0,
    tol: float = 1e-4,
    cell_km: float | None = None,
    max_exact: int = 5,
) -> tuple[Partition, dict[str, float], list[float]]:
    """Weights (and the exact Partition) giving each state its target share.

    Returns the partition, the weights and the history of the largest exact
    error (fraction) after each exact run.
    """
    t = check_targets(sea, targets)
    _, _, wts, _ = engine_inputs(sea, islands=islands, island_effect=island_effect)
    states = sea.states
    sample = share_sample(sea, islands, island_effect, cell_km)
    factor = np.array([wts[k] for k in sample.labels])  # partial-effect islands keep their factor
    logw = np.zeros(len(states))
    # the sample's bias against the exact engine, measured first at equal weights
    # (the median line, which the report needs anyway)
    start = median_partition(sea, islands, island_effect, resolution_km)
    exact = np.array([start.shares[s] for s in states])
    goal = t - (exact - sample.shares(np.exp(logw), factor))
    history = [float(np.max(np.abs(exact - t)))]
    part = start
    if history[-1] < tol:
        return part, dict(zip(states, np.ones(len(states)).tolist())), history
    for _ in range(max_exact):
        logw = _newton(sample, factor, goal, logw, tol / 3)
        w = dict(zip(states, np.exp(logw - logw.mean()).tolist()))
        part = weighted_partition(sea, islands=islands, island_effect=island_effect, weights=w,
                                  resolution_km=resolution_km)
        exact = np.array([part.shares[s] for s in states])
        err = exact - t
        history.append(float(np.max(np.abs(err))))
        if history[-1] < tol:
            return part, w, history
        goal = goal - err  # the sample's bias is smooth in w: correct the goal
    raise InfeasibleError(
        f"target shares not reached within {100 * tol:.3f} pp after {max_exact} exact runs "
        f"(largest error {100 * history[-1]:.3f} pp); try a finer resolution_km or cell_km"
    )


def boundary_shifts_km(reference: Partition | Division, result: Partition | Division) -> dict[str, float]:
    """Largest geodesic distance (km) from each boundary of ``result`` to the same pair's reference line."""
    out = {}
    for pair, line in result.boundaries.items():
        ref = reference.boundaries.get(pair) or reference.boundaries.get(pair[::-1])
        if ref is None:
            out["-".join(pair)] = float("nan")
            continue
        xy = shapely.get_coordinates(line)
        d = CoastIndex([ref]).distances(xy[:, 0], xy[:, 1])[:, 0]
        out["-".join(pair)] = float(d.max() / 1000)
    return out


def area_transfers_km2(reference: Partition | Division, result: Partition | Division) -> dict[str, dict[str, float]]:
    """Area (km²) that passes from each state's reference sector to another's new sector."""
    out: dict[str, dict[str, float]] = {}
    for a, ga in reference.sectors.items():
        for b, gb in result.sectors.items():
            if a != b and not ga.is_empty and not gb.is_empty:
                moved = area_km2(shapely.intersection(ga, gb))
                if moved > 0.5:
                    out.setdefault(a, {})[b] = moved
    return out


def target_division(sea: Sea, method: str, targets: Mapping[str, float], options: Mapping[str, Any], *,
                    islands: IslandMode, resolution_km: float, tol: float) -> Division:
    """Shared body of the target-share methods: solve, then report against the median line."""
    part, w, history = solve_target_shares(sea, targets, islands=islands, resolution_km=resolution_km, tol=tol)
    median = median_partition(sea, islands, 1.0, resolution_km)
    details = {
        "targets": dict(targets),
        "weights": w,
        "max_error_pp": 100 * history[-1],
        "exact_runs": len(history) - 1,
        "boundary_shift_km": boundary_shifts_km(median, part),
        "area_transfers_km2": area_transfers_km2(median, part),
    }
    return from_partition(sea, part, method, options, details=details)


@register("target_shares", "Any target share vector realised as weighted equidistance lines")
def target_shares(sea: Sea, *, targets: Mapping[str, float] | None = None, islands: IslandMode = "basepoint",
                  resolution_km: float = 3.0, tol: float = 1e-4) -> Division:
    """Divide so that each state gets ``targets[state]`` (fractions summing to 1).

    Examples
    --------
    >>> from caspian_sim import load_caspian
    >>> d = target_shares(load_caspian(), targets={"RUS": .18, "KAZ": .29, "TKM": .19, "IRN": .14, "AZE": .20})
    >>> round(d.shares["KAZ"], 3)
    0.29
    """
    if targets is None:
        raise OptionError("target_shares needs targets={'RUS': .., 'KAZ': .., 'TKM': .., 'IRN': .., 'AZE': ..}")
    opts = {"targets": dict(targets), "islands": islands, "resolution_km": resolution_km}
    return target_division(sea, "target_shares", targets, opts, islands=islands, resolution_km=resolution_km, tol=tol)


@register("equal_shares", "Equal shares (Iran's 20% claim) realised as weighted equidistance lines")
def equal_shares(sea: Sea, *, islands: IslandMode = "basepoint", resolution_km: float = 3.0,
                 tol: float = 1e-4) -> Division:
    """Every state gets 1/n of the seabed (Iran's claim: 20% each).

    Examples
    --------
    >>> from caspian_sim import load_caspian
    >>> d = equal_shares(load_caspian())
    >>> all(abs(s - 0.2) < 1e-4 for s in d.shares.values())
    True
    """
    targets = {s: 1 / len(sea.states) for s in sea.states}
    opts = {"islands": islands, "resolution_km": resolution_km}
    return target_division(sea, "equal_shares", targets, opts, islands=islands, resolution_km=resolution_km, tol=tol)


@register("coast_proportional", "Shares proportional to mainland coast length, realised as lines")
def coast_proportional(sea: Sea, *, islands: IslandMode = "basepoint", resolution_km: float = 3.0,
                       tol: float = 1e-4) -> Division:
    """Each state's share equals its share of the total mainland coast length.

    Examples
    --------
    >>> from caspian_sim import load_caspian
    >>> d = coast_proportional(load_caspian())
    >>> c = d.coast_km
    >>> abs(d.shares["KAZ"] - c["KAZ"] / sum(c.values())) < 1e-4
    True
    """
    coast = sea.coast_length_km()
    total = sum(coast.values())
    targets = {s: v / total for s, v in coast.items()}
    opts = {"islands": islands, "resolution_km": resolution_km}
    return target_division(sea, "coast_proportional", targets, opts, islands=islands, resolution_km=resolution_km,
                           tol=tol)
