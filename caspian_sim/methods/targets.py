"""Target shares realised as lines: equal shares (Iran's 20%), coast-proportional, any vector.

The seabed is divided by multiplicatively weighted equidistance lines whose
weights are solved so that every state receives its target share, within
``tol`` (default 0.01 percentage points). How far each boundary moves from
the median line, and how much area passes from whom to whom, is reported.

Solver
------
1. A fixed sample of the sea (:mod:`caspian_sim.methods.sample`: cells of
   ~``cell_km`` with their water areas, distances and distance gradients to
   every coast) is computed once; the shares for any weights are then a
   vectorised nearest-coast test, anti-aliased where a boundary crosses a cell.
2. Newton's method on ``log w`` (or the offsets) with the sample's own
   Jacobian (:meth:`~caspian_sim.methods.sample.ShareSample.jacobians`;
   finite differences where a step does not descend; the scale of ``w`` is
   free, so steps are taken in the zero-sum subspace) drives the sampled
   shares to the targets.
3. The exact engine is run; the difference between exact and sampled shares
   at those weights is a smooth bias, subtracted from the targets before
   solving again. The bias is first measured on the median line, so one
   exact run usually reaches 0.01 pp (two at most on the Caspian).

Line families
-------------
``family="additive"`` (the default) gives additively weighted lines: a point
goes to the coast minimising ``distance - offset``, so each boundary is the
locus where the two distances differ by a constant and moves as a whole.
``family="multiplicative"`` gives the equiratio lines (``distance / weight``,
Apollonius circles), under which a heavily weighted state's sector can curl
round behind a neighbour's band along the neighbour's coast.

The criterion for the default: *every state's sector stays seaward of its own
coast* -- the straight path from any point of a sector to the nearest point of
its own coast never crosses another sector (``details["shadowed_share"]``, see
:func:`shadowed_shares`, is 0 for every state). Additive lines meet it by
construction: along that path the point's own distance falls at unit rate and
no other distance can fall faster, so the point never changes sector.
Multiplicative lines do not (measured for Iran's 20% on the Caspian, 10 km
sample: Turkmenistan 1.4%, Azerbaijan 0.8%, Iran 0.5% of their sectors shadowed).

References
----------
.. [1] Okabe, A., Boots, B., Sugihara, K., & Chiu, S. N. (2000). *Spatial
   Tessellations*, 2nd ed., Wiley, §3.1 (multiplicatively and additively
   weighted Voronoi diagrams).
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
from ..geodesy import CoastIndex, area_km2
from ..sea import IslandMode, Sea
from . import register
from ._common import IslandEffect, engine_inputs, median_partition, weighted_partition
from .options import LINE_FAMILIES
from .sample import ShareSample, share_sample

#: Line families for target shares: how the solver's variable x (one per state, zero-sum) moves the lines.
#: ``multiplicative``: weights w = exp(x), boundaries bend (Apollonius circles);
#: ``additive``: offsets a = x * 100 km, each boundary moves as a whole (hyperbolae).
FAMILIES = LINE_FAMILIES
_OFFSET_UNIT_M = 100_000.0


def family_weights(family: str, x: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64] | None]:
    """State weights and additive offsets (m) for the solver variable ``x`` of a line family."""
    if family == "additive":
        return np.ones(len(x)), (x - x.mean()) * _OFFSET_UNIT_M
    return np.exp(x - x.mean()), None


def _sampled(sample: ShareSample, factor: NDArray, family: str, x: NDArray) -> tuple[NDArray, NDArray]:
    """Sampled shares at the family's variable ``x`` and the sample's own Jacobian there (one evaluation)."""
    n = len(x)
    w, a = family_weights(family, x)
    s, jw, ja = sample.jacobians(w, factor, a)
    # log w = x - mean(x), or offsets = (x - mean(x)) * unit: project out the mean
    return s, (ja * _OFFSET_UNIT_M if family == "additive" else jw) @ (np.eye(n) - 1.0 / n)


def _fd_jacobian(sample: ShareSample, factor: NDArray, family: str, x: NDArray, s: NDArray, h: float) -> NDArray:
    """Forward-difference Jacobian of the sampled shares in the family's variable (step ``h``)."""
    n = len(x)
    J = np.empty((n, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = h
        J[:, j] = (sample.shares(*_split(family, x + e, factor)) - s) / h
    return J


def _newton(sample: ShareSample, factor: NDArray, target: NDArray, logw: NDArray, tol: float,
            family: str = "multiplicative") -> NDArray:
    """Damped Newton on the family's variable (log-weights or scaled offsets), with backtracking; the
    Jacobian is the sample's own, from the same evaluation as the shares, and finite differences where
    its step does not descend."""
    n = len(target)

    def at(lw: NDArray) -> tuple[float, NDArray, NDArray]:
        s, J = _sampled(sample, factor, family, lw)
        return float(np.max(np.abs(target - s))), s, J

    err, s, J = at(logw)
    h: float | None = None
    for _ in range(80):
        if err < tol:
            return logw
        if h is not None:
            J = _fd_jacobian(sample, factor, family, logw, s, h)
        A = np.vstack([J, np.ones(n)])  # zero-sum step: the overall scale of w is free
        step = np.clip(np.linalg.lstsq(A, np.r_[target - s, 0.0], rcond=None)[0], -0.3, 0.3)
        for damp in (1.0, 0.5, 0.25, 0.125, 0.0625):
            trial = logw + damp * step
            e_t, s_t, J_t = at(trial)
            if e_t < err:
                logw, err, s, J = trial, e_t, s_t, J_t
                break
        else:  # no descent: finite differences, then finer ones at a kink
            h = 0.01 if h is None else h / 2
            if h < 1e-4:
                break
        if np.max(np.abs(logw - logw.mean())) > np.log(50):
            break
    if err < 3 * tol:  # the sample is quantised by its cells; the exact stage finishes the job
        return logw
    worst = int(np.argmax(np.abs(target - s)))
    raise InfeasibleError(
        f"no weights give these target shares: {sample.states[worst]} reaches {100 * s[worst]:.2f}% for a target "
        f"of {100 * target[worst]:.2f}% (within weight ratios of 50:1, or offsets of +-390 km); "
        "choose targets closer to the median line"
    )


def _split(family: str, x: NDArray, factor: NDArray) -> tuple[NDArray, NDArray, NDArray | None]:
    w, a = family_weights(family, x)
    return w, factor, a


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
    max_exact: int = 8,
    family: str = "multiplicative",
) -> tuple[Partition, dict[str, float], list[float]]:
    """Weights or offsets (and the exact Partition) giving each state its target share.

    Returns the partition, the solved parameters (state -> weight for the
    multiplicative family, state -> offset in km for the additive one) and the
    history of the largest exact error (fraction) after each exact run.
    """
    t = check_targets(sea, targets)
    _, _, wts, _ = engine_inputs(sea, islands=islands, island_effect=island_effect)
    states = sea.states
    sample = share_sample(sea, islands, island_effect, cell_km)
    factor = np.array([wts[k] for k in sample.labels])  # partial-effect islands keep their factor
    x = np.zeros(len(states))
    # the sample's bias against the exact engine, measured first at equal weights
    # (the median line, which the report needs anyway)
    start = median_partition(sea, islands, island_effect, resolution_km)
    exact = np.array([start.shares[s] for s in states])
    goal = t - (exact - sample.shares(*_split(family, x, factor)))
    history = [float(np.max(np.abs(exact - t)))]
    part = start
    if history[-1] < tol:
        return part, _solved(family, states, x), history
    damp, last = 1.0, np.zeros(len(states))
    for _ in range(max_exact):
        try:
            x = _newton(sample, factor, goal, x, tol / 10, family)  # the smooth sample converges tightly
        except InfeasibleError as e:
            raise InfeasibleError(str(e) + _jump_hint(sea)) from None
        w, a = family_weights(family, x)
        part = weighted_partition(sea, islands=islands, island_effect=island_effect, weights=dict(zip(states, w.tolist())),
                                  resolution_km=resolution_km, offsets=None if a is None else dict(zip(states, a.tolist())))
        exact = np.array([part.shares[s] for s in states])
        err = exact - t
        history.append(float(np.max(np.abs(err))))
        if history[-1] < tol:
            return part, _solved(family, states, x), history
        # the sample's bias is smooth in the parameters: correct the goal; where the exact
        # response is steeper than the sample's (a sector near a tripoint), the correction
        # overshoots and the error flips sign: damp it
        if float(err @ last) < 0:
            damp /= 2
        goal, last = goal - damp * err, err
    raise InfeasibleError(
        f"target shares not reached within {100 * tol:.3f} pp after {max_exact} exact runs "
        f"(largest error {100 * history[-1]:.3f} pp); try a finer resolution_km or cell_km"
    )


def reflex_termini(sea: Sea) -> list[str]:
    """The land termini where the shore turns into the sea (a vertex of the outer ring whose angle on
    the water side exceeds 180 degrees), as "A-B".

    Beyond such a terminus a wedge of water has it as the nearest point of both
    coasts: equidistant to both states, it changes hands all at once when their
    weights (or offsets) cross, so the shares jump there and targets inside the
    jump cannot be met by lines of either family.

    Examples
    --------
    >>> from shapely.geometry import Polygon
    >>> notch = Polygon([(50, 40), (51, 40), (51, 41), (50.5, 40.5), (50, 41)])
    >>> reflex_termini(Sea.from_polygon(notch, {("A", "B"): (50.5, 40.5), ("B", "A"): (50.5, 40)}))
    ['A-B']
    """
    ring = np.asarray(sea.outer.exterior.coords)[:-1, :2]  # clockwise: Sea.from_polygon orients it
    out = []
    for (a, b), p in sea.termini.items():
        gap = np.hypot(ring[:, 0] - p.x, ring[:, 1] - p.y)
        i = int(np.argmin(gap))
        if gap[i] > 1e-9:
            continue  # inside an edge: the shore runs straight through the terminus
        (x0, y0), (x1, y1), (x2, y2) = ring[i - 1], ring[i], ring[(i + 1) % len(ring)]
        if (x1 - x0) * (y2 - y1) - (y1 - y0) * (x2 - x1) > 0:  # a left turn on a clockwise ring
            out.append(f"{a}-{b}")
    return out


def _jump_hint(sea: Sea) -> str:
    found = reflex_termini(sea)
    if not found:
        return ""
    return (f". Note: the shore turns into the sea at the {', '.join(found)} terminus; the wedge of water beyond "
            "it is equidistant to both states and changes hands at once as their weights cross, so shares "
            "inside that jump cannot be met by lines of either family")


def _solved(family: str, states: tuple[str, ...], x: NDArray) -> dict[str, float]:
    w, a = family_weights(family, x)
    return dict(zip(states, (w if a is None else a / 1000).tolist()))


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


def shadowed_shares(part: Partition | Division, coasts: Mapping[str, Any], cell_km: float = 10.0,
                    erode_m: float = 500.0) -> dict[str, float]:
    """Fraction of each state's sector lying *behind* another state's sector.

    A sample point of a state's sector (a regular grid, ``cell_km`` apart, in a
    local azimuthal equidistant plane) is shadowed when the straight path to the
    nearest point of the state's own coast crosses another state's sector
    (eroded by ``erode_m`` so that touching a boundary does not count). 0 means
    every sector is star-shaped from its own coast: it lies seaward of that
    coast, never behind a neighbour's band. Deterministic (no random sampling).
    The coast is taken at vertices 100 m apart, so a path ends within 50 m of
    the exact nearest point (a tenth of ``erode_m``).
    """
    from ..geodesy import LocalProjection

    proj = LocalProjection.around(shapely.box(*shapely.total_bounds(list(part.sectors.values()))))

    def plane(g: Any) -> Any:
        return shapely.transform(g, lambda c: np.column_stack(proj.forward(c[:, 0], c[:, 1])))

    sectors = {k: plane(v) for k, v in part.sectors.items() if not v.is_empty}
    eroded = {k: shapely.buffer(v, -erode_m) for k, v in sectors.items()}  # each sector once, no unions
    shapely.prepare(list(eroded.values()))
    x0, y0, x1, y1 = shapely.total_bounds(list(sectors.values()))
    mx, my = np.meshgrid(np.arange(x0, x1, cell_km * 1e3), np.arange(y0, y1, cell_km * 1e3))
    gx, gy = mx.ravel(), my.ravel()
    out = {}
    for s, g in sectors.items():
        inside = shapely.contains_xy(g, gx, gy)
        paths = _paths_to_coast(np.column_stack([gx[inside], gy[inside]]), plane(coasts[s]))
        behind = np.zeros(len(paths), bool)
        for k, e in eroded.items():
            if k != s:
                behind |= shapely.intersects(e, paths)
        out[s] = float(behind.mean()) if len(paths) else 0.0
    return out


def _paths_to_coast(xy: NDArray, coast: Any) -> NDArray:
    """Straight lines from planar points to the nearest vertex of the coast densified to 100 m."""
    from pykdtree.kdtree import KDTree

    verts = np.ascontiguousarray(shapely.get_coordinates(shapely.segmentize(coast, 100.0)))
    if not len(xy):
        return np.zeros(0, object)
    _, i = KDTree(verts).query(np.ascontiguousarray(xy), k=1)
    return shapely.linestrings(np.stack([xy, verts[i.astype(np.intp)]], axis=1))


def target_division(sea: Sea, method: str, targets: Mapping[str, float], options: Mapping[str, Any], *,
                    islands: IslandMode, resolution_km: float, tol: float, family: str) -> Division:
    """Shared body of the target-share methods: solve, then report against the median line."""
    part, params, history = solve_target_shares(sea, targets, islands=islands, resolution_km=resolution_km, tol=tol,
                                                family=family)
    median = median_partition(sea, islands, 1.0, resolution_km)
    details = {
        "targets": dict(targets),
        "family": family,
        ("offsets_km" if family == "additive" else "weights"): params,
        "max_error_pp": 100 * history[-1],
        "exact_runs": len(history) - 1,
        "boundary_shift_km": boundary_shifts_km(median, part),
        "area_transfers_km2": area_transfers_km2(median, part),
        "shadowed_share": shadowed_shares(part, sea.basepoints(islands)),
    }
    return from_partition(sea, part, method, {**options, "family": family}, details=details)





@register("target_shares", "Any target share vector realised as lines (additive or multiplicative weights)")
def target_shares(sea: Sea, *, targets: Mapping[str, float] | None = None, islands: IslandMode = "basepoint",
                  resolution_km: float = 3.0, tol: float = 1e-4, family: str = "additive") -> Division:
    """Divide so that each state gets ``targets[state]`` (fractions summing to 1, or percentages).

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
    return target_division(sea, "target_shares", targets, opts, islands=islands, resolution_km=resolution_km, tol=tol,
                           family=family)


@register("equal_shares", "Equal shares (Iran's 20% claim) realised as lines (additive or multiplicative weights)")
def equal_shares(sea: Sea, *, islands: IslandMode = "basepoint", resolution_km: float = 3.0,
                 tol: float = 1e-4, family: str = "additive") -> Division:
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
    return target_division(sea, "equal_shares", targets, opts, islands=islands, resolution_km=resolution_km, tol=tol,
                           family=family)


@register("iran_20", "Iran 20%, the other four keep their median-line proportions of the rest")
def iran_20(sea: Sea, *, islands: IslandMode = "basepoint", resolution_km: float = 3.0, tol: float = 1e-4,
            family: str = "additive") -> Division:
    """Iran's 20% with the least change for the others: their median-line shares scaled to fill 80%.

    Examples
    --------
    >>> from caspian_sim import load_caspian
    >>> d = iran_20(load_caspian())
    >>> round(d.shares["IRN"], 3), round(d.shares["KAZ"] / d.shares["RUS"], 2)
    (0.2, 1.8)
    """
    if "IRN" not in sea.states:
        raise OptionError(f"iran_20 needs a sea with Iran (IRN); its states are {list(sea.states)}")
    median = median_partition(sea, islands, 1.0, resolution_km).shares
    rest = 1.0 - median["IRN"]
    targets = {s: 0.2 if s == "IRN" else median[s] * 0.8 / rest for s in sea.states}
    opts = {"islands": islands, "resolution_km": resolution_km}
    return target_division(sea, "iran_20", targets, opts, islands=islands, resolution_km=resolution_km, tol=tol,
                           family=family)


@register("coast_proportional", "Shares proportional to mainland coast length, realised as lines")
def coast_proportional(sea: Sea, *, islands: IslandMode = "basepoint", resolution_km: float = 3.0,
                       tol: float = 1e-4, family: str = "additive") -> Division:
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
    targets = {s: coast[s] / total for s in sea.states}
    opts = {"islands": islands, "resolution_km": resolution_km}
    return target_division(sea, "coast_proportional", targets, opts, islands=islands, resolution_km=resolution_km,
                           tol=tol, family=family)

