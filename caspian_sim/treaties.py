"""The seabed lines the states signed, and how far a computed division lies from them.

:func:`load_treaty_lines` reads ``data/treaty_lines.json``: every signed seabed
line with its parties, dates, source and datums, and its turning points *as
printed* -- or none, with the reason, where the catalogue was not found.
:func:`fidelity` measures a division's boundary for each pair against the signed
line of that pair: the distance from the signed line to the computed one
(median and maximum, km) and the area enclosed between them (km²).

How the area between two lines is measured
------------------------------------------
The computed boundary is cut where the perpendiculars from the signed line's
two end points meet it; the signed line and that stretch, closed at both ends,
form a ring; its self-intersections are resolved (``shapely.make_valid``) into
the lobes between crossings, and the geodesic areas of the lobes are summed.
Distances are geodesic, from points every 1 km along the signed line (on its
geodesic edges) to the nearest point of the computed line.

References
----------
.. [1] Protocol of 13 May 2002 to the RUS-KAZ Agreement of 6 Jul 1998 on the
   delimitation of the seabed of the northern Caspian (catalogue of the 39
   turning points; docs.cntd.ru document 420236864).
.. [2] Protocol of 27 Feb 2003 to the KAZ-AZE Agreement of 29 Nov 2001
   (cis-legislation.com, rgn=3984).
.. [3] Agreement of Russia, Azerbaijan and Kazakhstan on the junction point of
   their seabed lines, Almaty, 14 May 2003.

Examples
--------
>>> line = treaty_line(("KAZ", "RUS"))
>>> line.parties, len(line.points), line.signed.isoformat()
(('RUS', 'KAZ'), 39, '1998-07-06')
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.ops import substring

from .errors import UnknownNameError
from .geodesy import CoastIndex, area_km2, densify
from .sea import STATES
from .validate import state_pair

if TYPE_CHECKING:  # pragma: no cover
    from .division import Division

__all__ = ["TreatyLine", "fidelity", "load_treaty_lines", "treaty_line"]


@dataclass(frozen=True)
class TreatyLine:
    """A signed seabed line: parties, dates, provenance and turning points (lon, lat) as printed."""

    id: str
    parties: tuple[str, str]
    name: str
    signed: date
    in_force: date | None
    points: tuple[tuple[float, float], ...]
    points_status: str
    source: str
    geodetic_datum: str
    vertical_datum: str
    notes: str = ""
    carve_outs: tuple[tuple[int, int], ...] = ()

    def outside_carve_outs(self) -> list[LineString]:
        """The stretches of the line between its carve-out legs (points numbered from 1)."""
        cuts = sorted(self.carve_outs)
        bounds = [1, *[c for leg in cuts for c in leg], len(self.points)]
        spans = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
        return [LineString(self.points[a - 1:b]) for a, b in spans if b - a >= 1]

    @property
    def geometry(self) -> LineString | None:
        """The line through the turning points (geodesic edges), or None with fewer than two."""
        return LineString(self.points) if len(self.points) >= 2 else None

    @property
    def complete(self) -> bool:
        """True when the whole catalogue of turning points is shipped (not just end points)."""
        return self.points_status.startswith("complete")


def _deg(dm: Sequence[float]) -> float:
    return float(dm[0]) + float(dm[1]) / 60.0


@lru_cache(maxsize=1)
def load_treaty_lines() -> tuple[TreatyLine, ...]:
    """Every signed seabed line shipped in ``data/treaty_lines.json``, in the file's order.

    Examples
    --------
    >>> [t.id for t in load_treaty_lines()]
    ['RUS-KAZ', 'KAZ-AZE', 'RUS-AZE', 'KAZ-TKM']
    """
    raw = json.loads(resources.files("caspian_sim.data").joinpath("treaty_lines.json").read_text(encoding="utf-8"))
    out = []
    for r in raw["lines"]:
        out.append(TreatyLine(
            id=r["id"], parties=(r["parties"][0], r["parties"][1]), name=r["name"],
            signed=date.fromisoformat(r["signed"]),
            in_force=date.fromisoformat(r["in_force"]) if r.get("in_force") else None,
            points=tuple((_deg(p["lon_dm"]), _deg(p["lat_dm"])) for p in r["points"]),
            points_status=r["points_status"], source=r["source"], geodetic_datum=r["geodetic_datum"],
            vertical_datum=r["vertical_datum"], notes=r.get("notes", ""),
            carve_outs=tuple((int(a), int(b)) for a, b in r.get("carve_outs", [])),
        ))
    return tuple(out)


def treaty_line(pair: Sequence[str]) -> TreatyLine:
    """The signed line between two states (in either order); UnknownNameError if none is shipped."""
    a, b = state_pair(pair, "pair", STATES)
    for t in load_treaty_lines():
        if set(t.parties) == {a, b}:
            return t
    have = ", ".join(t.id for t in load_treaty_lines())
    raise UnknownNameError(f"no signed seabed line between {a} and {b} is shipped; lines: {have}")


def _area_between(signed: LineString, computed: Any) -> float:
    """Geodesic area (km²) enclosed between a signed line and the matching stretch of a computed line."""
    line = computed if computed.geom_type == "LineString" else max(shapely.get_parts(computed), key=lambda g: g.length)
    d0, d1 = sorted((line.project(Point(signed.coords[0])), line.project(Point(signed.coords[-1]))))
    stretch = substring(line, d0, d1)
    own = np.asarray(signed.coords)
    other = np.asarray(stretch.coords) if stretch.geom_type == "LineString" else np.asarray([stretch.coords[0]])
    if np.hypot(*(own[0] - other[0])) > np.hypot(*(own[0] - other[-1])):
        other = other[::-1]
    ring = np.vstack([own, other[::-1]])
    if len(ring) < 4:
        return 0.0
    return area_km2(shapely.make_valid(Polygon(ring)))


def _measure(signed: LineString, computed: Any, outside: Sequence[LineString] = ()) -> dict[str, float]:
    index = CoastIndex([computed])

    def along(lines: Sequence[LineString]) -> np.ndarray:
        pts = np.vstack([densify(np.asarray(g.coords), 1000.0) for g in lines])
        return index.distances(pts[:, 0], pts[:, 1])[:, 0] / 1000.0

    d = along([signed])
    xy = np.asarray(signed.coords)
    dv = index.distances(xy[:, 0], xy[:, 1])[:, 0] / 1000.0
    out = {"median_km": float(np.median(d)), "max_km": float(d.max()),
           "median_turning_point_km": float(np.median(dv)), "area_between_km2": _area_between(signed, computed)}
    if outside:
        out["median_outside_carve_outs_km"] = float(np.median(along(outside)))
    return out


def fidelity(divisions: Sequence[Division] | None = None) -> list[dict[str, Any]]:
    """Distance of each division's boundary from every signed line, one row per line and division.

    Parameters
    ----------
    divisions : sequence of Division, optional
        Default: ``divide("median")`` and ``divide("modified_median")``.

    Returns
    -------
    list of dict
        ``line``, ``method``, ``median_km`` and ``max_km`` (over points every 1 km
        along the signed line), ``median_turning_point_km`` (over its printed
        turning points), ``median_outside_carve_outs_km`` (along the line
        outside the legs believed to route it round the jointly developed
        structures), ``area_between_km2`` and ``status``; the numbers are None where the signed line's points are not
        shipped (the status says why) or the division has no boundary for the pair.

    Examples
    --------
    >>> row = fidelity()[0]
    >>> row["line"], row["method"], row["median_km"] > 0
    ('RUS-KAZ', 'median', True)
    """
    from .division import Division
    from .methods import divide

    divisions = list(divisions) if divisions is not None else [divide("median"), divide("modified_median")]
    if not divisions or not all(isinstance(d, Division) for d in divisions):
        raise UnknownNameError("fidelity() needs a list of Division objects, e.g. [divide('median')]")
    rows = []
    for t in load_treaty_lines():
        for d in divisions:
            row: dict[str, Any] = {"line": t.id, "method": d.method, "median_km": None, "max_km": None,
                                   "median_turning_point_km": None, "median_outside_carve_outs_km": None,
                                   "area_between_km2": None, "status": t.points_status}
            computed = d.boundaries.get(t.parties) or d.boundaries.get(t.parties[::-1])
            if t.complete and computed is not None:
                row.update(_measure(t.geometry, computed, t.outside_carve_outs()))  # type: ignore[arg-type]
            elif t.complete:
                row["status"] = f"{d.method} has no {t.id} boundary"
            rows.append(row)
    return rows
