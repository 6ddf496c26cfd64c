"""Machinery shared by the division methods (one place, no copies).

- :func:`equidistance_division`: the (weighted) equidistance engine applied to
  a Sea with islands at full, partial or no effect, wrapped as a Division.
- :func:`weights_from_turning_points`: basepoint weights that put agreed
  tripoints exactly where treaties put them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

import numpy as np
import shapely

from .. import diskcache
from ..division import Division, from_partition
from ..equidistance import Partition, merge, partition
from ..errors import OptionError, unknown
from ..geodesy import CoastIndex
from ..sea import Island, IslandMode, Sea

IslandEffect = float | Mapping[str, float]

_CACHE: dict[tuple[Any, ...], tuple[Sea, Any]] = {}


def cached(sea: Sea, key: tuple[Any, ...], compute: Any) -> Any:
    """``compute()`` once per sea object and key (results reused across methods).

    Seas are immutable; the cache holds the sea itself so an id is never reused
    for another sea while its entry lives.
    """
    k = (id(sea), *key)
    hit = _CACHE.get(k)
    if hit is None or hit[0] is not sea:
        if len(_CACHE) > 32:
            _CACHE.clear()
        hit = (sea, compute())
        _CACHE[k] = hit
    return hit[1]


def island_effects(sea: Sea, effect: IslandEffect) -> dict[int, float]:
    """Effect (0..1, checked by the option specs) of every island, from one number or a name/id -> effect mapping."""
    if isinstance(effect, Mapping):
        out = {i.id: 1.0 for i in sea.islands}
        for key, val in effect.items():
            out[sea.island(key).id] = float(val)
        return out
    return {i.id: float(effect) for i in sea.islands}


def equidistance_division(
    sea: Sea,
    method: str,
    options: Mapping[str, Any],
    *,
    islands: IslandMode = "basepoint",
    island_effect: IslandEffect = 1.0,
    weights: Mapping[str, float] | None = None,
    resolution_km: float = 3.0,
    notes: Sequence[str] = (),
    details: Mapping[str, Any] | None = None,
) -> Division:
    """Divide ``sea`` by (weighted) equidistance with islands at the given effect.

    An island of effect 1 is part of its owner's coast; of effect 0 it is
    ignored as a basepoint; of effect e in (0, 1) it is a separate coast with
    weight ``e * w_owner`` (its reach shrinks in proportion), merged back into
    the owner's sector. Island land is never seabed unless ``islands='sea'``.
    """
    part = weighted_partition(sea, islands=islands, island_effect=island_effect, weights=weights,
                              resolution_km=resolution_km)
    return from_partition(sea, part, method, options, notes=list(notes), details=dict(details or {}))


def weighted_partition(
    sea: Sea,
    *,
    islands: IslandMode = "basepoint",
    island_effect: IslandEffect = 1.0,
    weights: Mapping[str, float] | None = None,
    resolution_km: float = 3.0,
    beyond: tuple[str, float] | None = None,
    offsets: Mapping[str, float] | None = None,
) -> Partition:
    """The engine's Partition of ``sea`` with island effects, weights and additive offsets
    (metres per state; a state's islands share its offset)."""
    inputs = engine_inputs(sea, islands=islands, island_effect=island_effect, weights=weights)
    return _partition_of(inputs, resolution_km, beyond, offsets)


def _partition_of(inputs: tuple[Any, dict[str, Any], dict[str, float], dict[str, str]], resolution_km: float,
                  beyond: tuple[str, float] | None = None, offsets: Mapping[str, float] | None = None) -> Partition:
    water, coasts, wts, groups = inputs
    label_offsets = None if offsets is None else {k: offsets.get(groups.get(k, k), 0.0) for k in coasts}
    part = partition(water, coasts, wts, resolution_km=resolution_km, beyond=beyond, offsets=label_offsets)
    return merge(part, groups) if groups else part


def median_partition(sea: Sea, islands: IslandMode, island_effect: IslandEffect, resolution_km: float) -> Partition:
    """The unweighted partition (median line), computed once per sea and options: the
    ``median`` method and the target-share solver (its start and reference) share it.

    It is every report's reference, so it is also kept on disk
    (:mod:`caspian_sim.diskcache`, keyed by the engine's inputs and code): a new
    process reads it back bit for bit instead of dividing the sea again.
    """
    key = ("median", islands, repr(island_effect), resolution_km)
    return cached(sea, key, lambda: _stored_median(sea, islands, island_effect, resolution_km))  # type: ignore[no-any-return]


def _stored_median(sea: Sea, islands: IslandMode, island_effect: IslandEffect, resolution_km: float) -> Partition:
    inputs = engine_inputs(sea, islands=islands, island_effect=island_effect)
    water, coasts, wts, groups = inputs
    parts = [shapely.to_wkb(water), *(k.encode() + shapely.to_wkb(g) for k, g in coasts.items()),
             repr((sorted(wts.items()), sorted(groups.items()), float(resolution_km))).encode()]
    key = diskcache.key("median", *parts, modules=(__name__, "caspian_sim.equidistance", "caspian_sim.distance_field",
                                                    "caspian_sim.geodesy"))
    decoded: list[Partition] = []
    arrays = diskcache.load_or_build("median", key, lambda: _partition_of(inputs, resolution_km).to_arrays(),
                                     Partition.ARRAYS, check=lambda a: decoded.append(Partition.from_arrays(a)))
    return decoded[0] if decoded else Partition.from_arrays(arrays)


def engine_inputs(
    sea: Sea,
    *,
    islands: IslandMode = "basepoint",
    island_effect: IslandEffect = 1.0,
    weights: Mapping[str, float] | None = None,
) -> tuple[Any, dict[str, Any], dict[str, float], dict[str, str]]:
    """Water polygon, coast per engine label, weight per label, label -> state groups."""
    w = check_weights(sea, weights)
    water = sea.water(islands)
    coasts: dict[str, Any] = dict(sea.coasts)
    groups: dict[str, str] = {}
    wts = dict(w)
    if islands == "basepoint":
        eff = island_effects(sea, island_effect)
        by: dict[tuple[str, float], list[Island]] = {}
        for isl in sea.islands:
            if eff[isl.id] > 0:
                by.setdefault((isl.owner, eff[isl.id]), []).append(isl)
        for (owner, e), isls in by.items():
            rings = [i.geometry.exterior for i in isls]
            if e == 1.0:
                coasts[owner] = shapely.union_all([coasts[owner], *rings])
            else:
                label = f"{owner}~{e:g}"
                coasts[label] = shapely.union_all(rings)
                wts[label] = w[owner] * e
                groups[label] = owner
    return water, coasts, wts, groups


def check_weights(sea: Sea, weights: Mapping[str, float] | None) -> dict[str, float]:
    """Weights for every state (default 1); unknown states and bad values are refused."""
    w = {s: 1.0 for s in sea.states}
    for k, v in (weights or {}).items():
        if k not in w:
            raise unknown("state", k, sea.states)
        if not (isinstance(v, (int, float)) and np.isfinite(v) and v > 0):
            raise OptionError(f"weight of {k} must be a finite number > 0, got {v!r}")
        w[k] = float(v)
    return w


# ------------------------------------------------------------- turning points

def treaty_points() -> list[dict[str, Any]]:
    """The agreed turning points shipped in ``data/treaty_points.json`` (lon/lat added)."""
    raw = json.loads(resources.files("caspian_sim.data").joinpath("treaty_points.json").read_text())
    out = []
    for p in raw["points"]:
        q = dict(p)
        q["lat"] = p["lat_dm"][0] + p["lat_dm"][1] / 60
        q["lon"] = p["lon_dm"][0] + p["lon_dm"][1] / 60
        out.append(q)
    return out


def weights_from_turning_points(
    sea: Sea, points: Sequence[Mapping[str, Any]], coasts: Mapping[str, Any]
) -> tuple[dict[str, float], list[float]]:
    """Multiplicative weights that make agreed points tripoints of their states.

    A point J is where states a, b, c meet iff ``d_a(J)/w_a = d_b(J)/w_b =
    d_c(J)/w_c``, so ``w_s ∝ d_s(J)``. Points are honoured in order: the first
    fixes the weights of its three states exactly (geometric mean 1); each
    later point fixes only the states not fixed yet, scaled by the mean ratio
    of those already fixed. States in no point keep weight 1.

    Returns
    -------
    weights : dict
    misfit : list of float
        For each point, the largest relative disagreement between its fixed
        states' weights and its own distances (0 for exactly honoured points).

    Examples
    --------
    >>> from caspian_sim import load_caspian
    >>> sea = load_caspian()
    >>> w, misfit = weights_from_turning_points(sea, treaty_points()[:1], sea.basepoints())
    >>> misfit
    [0.0]
    """
    states = list(sea.states)
    if not points:
        return {st: 1.0 for st in states}, []
    idx = CoastIndex([coasts[s] for s in states])
    w: dict[str, float] = {}
    misfit = []
    for p in points:
        trio = list(p["states"])
        for st in trio:
            if st not in states:
                raise unknown("state", st, states)
        d = dict(zip(states, idx.distances([p["lon"]], [p["lat"]])[0]))
        fixed = [st for st in trio if st in w]
        if fixed:
            ratios = np.array([w[st] / d[st] for st in fixed])
            c = float(np.exp(np.mean(np.log(ratios))))
            misfit.append(float(np.max(np.abs(ratios / c - 1))))
        else:
            c = float(np.exp(-np.mean([np.log(d[st]) for st in trio])))
            misfit.append(0.0)
        for st in trio:
            w.setdefault(st, float(c * d[st]))
    return {st: w.get(st, 1.0) for st in states}, misfit
