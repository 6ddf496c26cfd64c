"""Soviet-era practice: the Astara-Hasan-Kuli line and the republics' sectors.

In Soviet practice the straight line from Astara (the Iran-Azerbaijan border
on the coast) to Hasan-Kuli (the Iran-Turkmenistan border) served as the
limit between Iran and the USSR, although no treaty drew it; the Soviet part
was split in 1970 by the USSR Ministry of Oil and Gas into administrative
sectors of the four littoral republics.

Here Iran receives the water south of the geodesic Astara-Hasan-Kuli line;
the Soviet part is divided among RUS, KAZ, TKM and AZE by the median line.

What is approximated: the 1970 ministry sector lines are not available in
public text for this release; the median line among the four republics stands
in for them (the ministry lines are described as following the median
principle; Turkmenistan disputes them, seeds/000_c7c3955ab4dfbf5d.txt).

References
----------
.. [1] shared/seeds/DIGEST.md, "The 1921 treaty line" and seeds/000 (5th
   working-group meeting, 2001).
.. [2] Maleki, A. (2001). What happened in the South Caspian? International
   Institute for Caspian Studies (the Astara-Hasan-Kuli line; ~11% of the sea
   south of it).
.. [3] Jamestown Foundation, *Monitor* 7(151), 2001.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import split

from ..division import Division, from_partition
from ..equidistance import Partition, partition, sector_boundaries
from ..errors import GeometryError
from ..geodesy import area_km2, densify, length_km
from ..sea import IslandMode, Sea
from . import register


def astara_hasan_kuli(sea: Sea) -> LineString:
    """The geodesic from the IRN-AZE terminus (Astara) to the TKM-IRN terminus (Hasan-Kuli)."""
    try:
        a, b = sea.termini[("IRN", "AZE")], sea.termini[("TKM", "IRN")]
    except KeyError as exc:
        raise GeometryError("the Soviet-practice method needs the IRN-AZE and TKM-IRN termini") from exc
    return LineString(densify([(a.x, a.y), (b.x, b.y)], 1000.0))


def split_south(water: Polygon, line: LineString) -> tuple[BaseGeometry, list[Polygon]]:
    """Water south of a west-east line (as one geometry) and the pieces north of it."""
    xy = np.asarray(line.coords)
    # extend the ends 5 km onto land so the line cuts the water cleanly
    ext = LineString(np.vstack([xy[0] + (xy[0] - xy[1]) * 5000 / _step_m(xy[:2]), xy,
                                xy[-1] + (xy[-1] - xy[-2]) * 5000 / _step_m(xy[-2:])]))
    pieces = list(shapely.get_parts(split(water, ext)))
    south: list[Polygon] = []
    north: list[Polygon] = []
    for p in pieces:
        r = p.representative_point()
        lat_line = np.interp(r.x, xy[:, 0], xy[:, 1]) if xy[0, 0] < xy[-1, 0] else np.interp(r.x, xy[::-1, 0], xy[::-1, 1])
        (south if r.y < lat_line else north).append(p)
    return shapely.union_all(south), north


def _step_m(seg: np.ndarray) -> float:
    from ..geodesy import distance_m

    return float(distance_m(seg[0, 0], seg[0, 1], seg[1, 0], seg[1, 1]))


@register("soviet_sectors", "Soviet practice: Iran south of Astara-Hasan-Kuli, median line among the four republics")
def soviet_sectors(sea: Sea, *, islands: IslandMode = "basepoint", resolution_km: float = 3.0) -> Division:
    """Divide by Soviet-era practice.

    Examples
    --------
    >>> from caspian_sim import load_caspian
    >>> d = soviet_sectors(load_caspian())
    >>> 0.10 < d.shares["IRN"] < 0.15
    True
    """
    water = sea.water(islands)
    line = astara_hasan_kuli(sea)
    south, north = split_south(water, line)
    republics = {s: g for s, g in sea.basepoints(islands).items() if s != "IRN"}
    main = max(north, key=lambda p: p.area)
    part = partition(main, republics, resolution_km=resolution_km)
    sectors = dict(part.sectors)
    for p in north:  # coastal slivers cut off by the line: to the nearest republic
        if p is not main:
            near = min(republics, key=lambda k: republics[k].distance(p))
            sectors[near] = shapely.union_all([sectors[near], p])
    sectors["IRN"] = south
    order = {s: sectors[s] for s in sea.states}
    full = Partition(tuple(sea.states), order, sector_boundaries(order), list(part.tripoints),
                     {s: area_km2(g) for s, g in order.items()})
    notes = ["the 1970 Soviet ministry sector lines are approximated by the median line among the four republics"]
    return from_partition(sea, full, "soviet_sectors", {"islands": islands, "resolution_km": resolution_km},
                          notes=notes, details={"astara_hasan_kuli_km": length_km(line),
                                                "south_of_line_km2": area_km2(south)})
