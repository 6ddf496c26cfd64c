"""How far a computed division lies from the lines the states signed.

:func:`fidelity` measures a division's boundary for each pair against the
signed line of that pair (:mod:`caspian_sim.treaties`): the distance from the
signed line to the computed one (median and maximum, km) and the area enclosed
between them (km²).

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
.. [2] IHO (2014). *A Manual on Technical Aspects of the United Nations
   Convention on the Law of the Sea* (TALOS), IHO C-51, ch. 6.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.ops import substring

from .division import Division
from .errors import OptionError
from .geodesy import CoastIndex, area_km2, densify
from .methods import divide
from .treaties import load_treaty_lines

__all__ = ["fidelity"]


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
    if divisions is None:
        divisions = [divide("median"), divide("modified_median")]
    elif isinstance(divisions, (str, Division)) or not isinstance(divisions, Iterable):
        divisions = []  # not a list of divisions: refused below
    divisions = list(divisions)
    if not divisions or not all(isinstance(d, Division) for d in divisions):
        raise OptionError("fidelity() needs a list of Division objects, e.g. [divide('median')]")
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
