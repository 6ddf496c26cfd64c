"""Claimed lines, disputed areas, and the division as signed at a date.

Where two neighbours have signed no line, each claims the seabed its own
documented construction gives it (``data/claims.json``, with sources):

- Azerbaijan: the median line, the Absheron peninsula and its islands at full
  effect;
- Turkmenistan (against Azerbaijan): the line of midpoints between the two
  coasts along each parallel of latitude -- the coasts' general direction
  rather than the Absheron peninsula's protrusion; elsewhere the median line;
- Iran: its 20% share, realised as the line that gives Iran 20% and leaves the
  others their median-line proportions (:func:`~caspian_sim.methods.targets.iran_20`).

The overlap of two claims is the disputed area (:func:`disputes`). The
``signed`` method (:func:`signed`) divides the sea by the lines signed by a
date and leaves the disputed areas undelimited.

References
----------
.. [1] Turkmen MFA statement, 29 Jan 2005 (turkmenistan.ru/en/node/3787).
.. [2] 'Position of Turkmenistan on the international status of the Caspian
   Sea' (ebrary.net/87730): the median line 'on the basis of equally-spaced
   positions of the latitudes'.
.. [3] Seeds 000 and 001 (Iran's 20%; Azerbaijan's median line): see
   shared/seeds/DIGEST.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from ..division import Division
from ..equidistance import sector_boundaries
from ..fields import field_candidates
from ..geodesy import area_km2
from ..sea import IslandMode, Sea, check_sea
from ..validate import calendar_date, number, state_pair
from . import divide, register

__all__ = ["Claim", "claimed_sectors", "disputes", "latitude_midpoint_line", "load_claims", "signed"]


@dataclass(frozen=True)
class Claim:
    """A state's claimed construction against some neighbours, from a date, with its source."""

    state: str
    against: tuple[str, ...]
    construction: str
    since: date
    description: str
    source: str


@lru_cache(maxsize=1)
def load_claims() -> tuple[Claim, ...]:
    """The documented claims (``data/claims.json``).

    Examples
    --------
    >>> sorted({c.state for c in load_claims()})
    ['AZE', 'IRN', 'TKM']
    """
    raw = json.loads(resources.files("caspian_sim.data").joinpath("claims.json").read_text(encoding="utf-8"))
    return tuple(Claim(c["state"], tuple(c["against"]), c["construction"], date.fromisoformat(c["since"]),
                       c["description"], c["source"]) for c in raw["claims"])


def latitude_midpoint_line(sea: Sea, west: str, east: str, step_deg: float = 0.01) -> LineString:
    """The line of midpoints, along each parallel, between ``west``'s easternmost coast and
    ``east``'s westernmost coast (islands included), over the latitudes both coasts reach.

    Examples
    --------
    >>> from caspian_sim import load_caspian
    >>> line = latitude_midpoint_line(load_caspian(), "AZE", "TKM")
    >>> 50.0 < line.centroid.x < 52.0
    True
    """
    sea = check_sea(sea)
    west, east = state_pair((west, east), "west, east", sea.states)
    step_deg = number(step_deg, "step_deg", lo=1e-4, hi=1.0, unit="degrees")
    coasts = sea.basepoints()
    wxy, exy = shapely.get_coordinates(coasts[west]), shapely.get_coordinates(coasts[east])
    lo, hi = max(wxy[:, 1].min(), exy[:, 1].min()), min(wxy[:, 1].max(), exy[:, 1].max())
    lats = np.arange(lo + step_deg / 2, hi, step_deg)
    w = _extreme_lon(coasts[west], lats, np.max)
    e = _extreme_lon(coasts[east], lats, np.min)
    ok = np.isfinite(w) & np.isfinite(e)
    return LineString(np.column_stack([(w[ok] + e[ok]) / 2, lats[ok]]))


def _extreme_lon(coast: BaseGeometry, lats: np.ndarray, pick: Any) -> np.ndarray:
    """For each latitude, the extreme (``pick``: np.max or np.min) longitude where the coast crosses it."""
    x0, _, x1, _ = coast.bounds
    rays = shapely.linestrings([[(x0 - 1, la), (x1 + 1, la)] for la in lats])
    hits = shapely.intersection(rays, coast)
    out = np.full(len(lats), np.nan)
    for i, h in enumerate(hits):
        if not h.is_empty:
            out[i] = pick(shapely.get_coordinates(h)[:, 0])
    return out


def _east_of(line: LineString, far: float = 5.0) -> Polygon:
    """The band of latitudes the line spans, east of it."""
    xy = np.asarray(line.coords)
    return Polygon(np.vstack([xy, [[xy[:, 0].max() + far, xy[-1, 1]], [xy[:, 0].max() + far, xy[0, 1]]]]))


def _construction(sea: Sea, claim: Claim, median: Division) -> BaseGeometry:
    """The sector ``claim.state`` claims by its construction (against the claim's neighbours)."""
    if claim.construction == "median":
        return median.sectors[claim.state]
    if claim.construction == "iran_20":
        return divide("iran_20", sea).sectors[claim.state]
    if claim.construction == "latitude_midpoint":
        (other,) = claim.against
        line = latitude_midpoint_line(sea, other, claim.state)
        pair = shapely.union_all([median.sectors[claim.state], median.sectors[other]])
        east = _east_of(line)
        band = shapely.box(-180, line.bounds[1], 180, line.bounds[3])
        own = shapely.difference(median.sectors[claim.state], band)
        return shapely.union_all([own, shapely.intersection(pair, east)])
    raise ValueError(f"unknown construction {claim.construction!r}")  # pragma: no cover - data is tested


def claimed_sectors(sea: Sea, at: str | date | None = None) -> dict[tuple[str, str], BaseGeometry]:
    """``(state, neighbour) -> the seabed the state claims`` for every documented claim in force at ``at``.

    Examples
    --------
    >>> from caspian_sim import load_caspian
    >>> claims = claimed_sectors(load_caspian(), "2010")
    >>> sorted(claims)[:2]
    [('AZE', 'IRN'), ('AZE', 'TKM')]
    """
    when = calendar_date(at) if at is not None else date.today()
    median = divide("median", sea)  # checks the sea
    out = {}
    for c in load_claims():
        if c.since <= when and c.state in sea.states:
            geom = _construction(sea, c, median)
            for other in c.against:
                out[(c.state, other)] = geom
    return out


def disputes(sea: Sea | None = None, at: str | date | None = None, min_km2: float = 1.0) -> list[dict[str, Any]]:
    """The areas two neighbours both claim (pairs with no signed line), with their area and fields.

    Returns
    -------
    list of dict
        ``pair``, ``area_km2``, ``geometry`` (lon/lat), ``fields`` (name -> the
        fraction of the field's uncertainty circle inside the disputed area),
        and each side's ``claims`` (construction and source).

    Examples
    --------
    >>> d = {tuple(x["pair"]): x for x in disputes()}
    >>> "Dostlug" in d[("AZE", "TKM")]["fields"]
    True
    """
    from ..sea import load_caspian

    sea = sea if sea is not None else load_caspian()
    min_km2 = number(min_km2, "min_km2", lo=0, unit="km2")
    return _overlaps(sea, claimed_sectors(sea, at), min_km2)


def _overlaps(sea: Sea, claims: dict[tuple[str, str], BaseGeometry], min_km2: float) -> list[dict[str, Any]]:
    """The disputes of :func:`disputes`, from claims already computed."""
    by = {(c.state, o): c for c in load_claims() for o in c.against}
    out = []
    for (a, b), geom in claims.items():
        if (b, a) not in claims or a > b:
            continue
        overlap = shapely.intersection(geom, claims[(b, a)])
        km2 = area_km2(overlap)
        if km2 < min_km2:
            continue
        zone = Division("dispute", {}, sea, {f"{a}-{b}": overlap}, {}, [], {f"{a}-{b}": km2})
        fields = {n: s[f"{a}-{b}"] for n, s in field_candidates(zone).items() if f"{a}-{b}" in s}
        out.append({"pair": [a, b], "area_km2": km2, "geometry": overlap, "fields": fields,
                    "claims": {a: _summary(by[(a, b)]), b: _summary(by[(b, a)])}})
    return sorted(out, key=lambda d: -d["area_km2"])


def _summary(c: Claim) -> dict[str, str]:
    return {"construction": c.construction, "since": c.since.isoformat(), "source": c.source}


# ------------------------------------------------------------------ the record

def _extended(line: LineString, start: Any, overshoot_deg: float = 0.02) -> LineString:
    """The signed line joined at its first point to the land terminus it starts from, and run on
    a little (``overshoot_deg``) past both ends, onto land and across the junction, so that it
    cuts the joint sector it divides."""
    xy = np.vstack([[start.x, start.y], np.asarray(line.coords)])

    def past(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        d = b - a
        return b + d / np.hypot(*d) * overshoot_deg

    return LineString(np.vstack([past(xy[1], xy[0]), xy, past(xy[-2], xy[-1])]))


def _splice(sectors: dict[str, BaseGeometry], a: str, b: str, line: LineString) -> dict[str, BaseGeometry]:
    """Re-divide the joint sector of ``a`` and ``b`` along ``line``: each piece goes to the state
    whose old sector it overlaps most."""
    from shapely.ops import split

    joint = shapely.union_all([sectors[a], sectors[b]])
    pieces = shapely.get_parts(split(joint, line))
    out = {a: [], b: []}  # type: dict[str, list[BaseGeometry]]
    for p in pieces:
        owner = a if shapely.area(shapely.intersection(p, sectors[a])) >= shapely.area(shapely.intersection(p, sectors[b])) else b
        out[owner].append(p)
    return {**sectors, a: shapely.union_all(out[a]), b: shapely.union_all(out[b])}


@register("signed", "The record at a date: signed lines where they exist, disputed areas left undelimited")
def signed(sea: Sea, *, at: str | date | None = None, islands: IslandMode = "basepoint",
           resolution_km: float = 3.0) -> Division:
    """The seabed as delimited by the lines signed by ``at`` (default: today).

    - A signed line whose turning points are shipped (RUS-KAZ) is used as
      printed, joined at its first point to the land terminus by a geodesic
      (the GSHHG shore lies 11 km from point 1: the treaty used the -28 m
      level, GSHHG a later, lower shore);
    - a signed line whose points are not public (KAZ-AZE, RUS-AZE, KAZ-TKM) is
      approximated by the modified median line, which honours the agreed
      junction points;
    - where no line is signed, the areas both neighbours claim
      (:func:`disputes`) are left undelimited, and each claimant's line is
      reported; the rest keeps its modified-median owner.

    Shares are of the delimited seabed; ``common["undelimited"]`` and
    ``details["undelimited_km2"]`` hold the rest.

    Examples
    --------
    >>> from caspian_sim import load_caspian
    >>> d = signed(load_caspian(), at="2010")
    >>> d.details["lines"]["RUS-KAZ"]["status"], d.details["undelimited_km2"] > 10_000
    ('signed 1998-07-06', True)
    """
    from ..treaties import load_treaty_lines

    when = calendar_date(at) if at is not None else date.today()
    base = divide("modified_median", sea, islands=islands, resolution_km=resolution_km)
    sectors = dict(base.sectors)
    lines: dict[str, dict[str, Any]] = {}
    for t in load_treaty_lines():
        key = "-".join(t.parties)
        if t.signed > when or not set(t.parties) <= set(sea.states):
            continue
        lines[key] = {"status": f"signed {t.signed.isoformat()}", "points": t.points_status}
        if t.complete:
            start = sea.termini.get(t.parties) or sea.termini.get(t.parties[::-1])
            sectors = _splice(sectors, *t.parties, _extended(t.geometry, start))  # type: ignore[arg-type]
    claims = claimed_sectors(sea, when)
    found = _overlaps(sea, claims, 1.0)
    undelimited = shapely.union_all([d["geometry"] for d in found]) if found else Polygon()
    for a, b in base.boundaries:
        key = f"{a}-{b}" if f"{a}-{b}" in lines or f"{b}-{a}" not in lines else f"{b}-{a}"
        lines.setdefault(key, {"status": "not signed"})
    for d in found:
        a, b = d["pair"]
        key = f"{a}-{b}" if f"{a}-{b}" in lines else f"{b}-{a}"
        lines[key]["claims"] = d["claims"]
    sectors, undelimited = _cut(sectors, undelimited)
    details = {
        "at": when.isoformat(), "lines": lines, "undelimited_km2": area_km2(undelimited),
        "disputes": [{k: v for k, v in d.items() if k != "geometry"} for d in found],
        "claim_lines": _claim_lines(sea, claims),
    }
    return Division("signed", {"at": when.isoformat(), "islands": islands, "resolution_km": resolution_km}, sea,
                    sectors, sector_boundaries(sectors), [], {s: area_km2(g) for s, g in sectors.items()},
                    common={"undelimited": undelimited}, details=details, notes=[
                        "signed lines with public points as printed, joined to the land terminus; other signed lines "
                        "approximated by the modified median line; areas claimed by two states left undelimited"])


def _cut(sectors: dict[str, BaseGeometry], undelimited: BaseGeometry,
         sliver_km2: float = 1e-3) -> tuple[dict[str, BaseGeometry], BaseGeometry]:
    """Take the undelimited areas out of the sectors; the slivers (< ``sliver_km2``) the cut leaves
    along a claim's edge join the undelimited area, so sector and undelimited areas still tile the sea."""
    out, slivers = {}, [undelimited]
    for s, g in sectors.items():
        parts = shapely.get_parts(shapely.difference(g, undelimited))
        small = np.array([area_km2(p) < sliver_km2 for p in parts], dtype=bool)
        out[s] = shapely.union_all(parts[~small]) if (~small).any() else Polygon()
        slivers.extend(parts[small])
    return out, shapely.union_all(slivers)


def _claim_lines(sea: Sea, claims: dict[tuple[str, str], BaseGeometry]) -> dict[str, BaseGeometry]:
    """Each claimant's line against each neighbour: the edge of its claimed area inside the sea."""
    water = sea.water("basepoint")
    out = {}
    for (a, b), geom in claims.items():
        edge = shapely.intersection(shapely.boundary(geom), shapely.buffer(water, -1e-6))
        out[f"{a} against {b}"] = edge
    return out
