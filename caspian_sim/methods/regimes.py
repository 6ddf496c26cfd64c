"""Regimes that separate the water column from the seabed, or hold areas in common.

- ``condominium``: the whole sea -- seabed and water -- held in common by the
  five states (the Iran-USSR regime of 1921/1940 as Iran and, until 1998,
  Russia read it).
- ``common_surface``: common surface, divided seabed (Russia's position from
  1998; seeds/000 and seeds/001): seabed by the modified median line, water
  column common.
- ``aktau_2018``: the Convention on the Legal Status of the Caspian Sea
  (Aktau, 12 Aug 2018): territorial waters up to 15 nautical miles from the
  baselines, a 10-nm fishery zone beyond, common maritime space beyond that;
  the seabed delimited by agreement between neighbouring and opposite states
  (here the modified median line). Zones are geodesic buffers of the coast
  solved by the equidistance engine, never degree buffers.
- ``common_zone``: a zone of common sovereignty in the middle of the sea
  (Kazakhstan's proposal at the 2007 Tehran summit, seeds/001), national
  sectors elsewhere.

References
----------
.. [1] Convention on the Legal Status of the Caspian Sea, Aktau, 12 August
   2018, arts. 1, 5, 7, 8, 9 (Kremlin, "supplement/5328").
.. [2] Treaty of Friendship between Persia and the RSFSR, 26 Feb 1921; Treaty
   of Commerce and Navigation between Iran and the USSR, 25 Mar 1940.
.. [3] shared/seeds/DIGEST.md (files 000 and 001).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from ..division import Division
from ..equidistance import Partition, partition, sector_boundaries
from ..errors import OptionError
from ..geodesy import area_km2
from ..sea import IslandMode, Sea
from . import register
from ._common import cached, engine_inputs

NM = 1852.0  # metres in a nautical mile

def seabed(sea: Sea, islands: IslandMode, resolution_km: float) -> Division:
    """The modified median seabed division (cached by :func:`~caspian_sim.methods.divide`)."""
    from . import divide

    return divide("modified_median", sea, islands=islands, resolution_km=resolution_km)


def beyond(sea: Sea, islands: IslandMode, distance_m: float, resolution_km: float) -> Polygon:
    """The water farther than ``distance_m`` (geodesic) from every coast and island.

    Solved as a two-label division: all coasts as one, and the zone beyond
    (only the zone's edge is sought, not the states' lines inside it).
    """
    def compute() -> Partition:
        water, coasts, _, _ = engine_inputs(sea, islands=islands)
        return partition(water, {"COAST": _one_coast(coasts.values())}, resolution_km=resolution_km,
                         beyond=("COMMON", distance_m))

    part = cached(sea, ("beyond", islands, distance_m, resolution_km), compute)
    return part.sectors["COMMON"]  # type: ignore[no-any-return]


def _one_coast(coasts: Iterable[BaseGeometry]) -> BaseGeometry:
    """Every coast line (and island shore) as one geometry: its distance is the least of theirs."""
    lines = []
    for g in coasts:
        for p in shapely.get_parts(g.boundary if g.geom_type in ("Polygon", "MultiPolygon") else g):
            xy = shapely.get_coordinates(p)
            lines.append(xy if len(xy) > 1 else np.vstack([xy, xy]))  # a basepoint: a line of no length
    return shapely.MultiLineString(lines)


def _with(d: Division, method: str, options: Mapping[str, Any], **changes: Any) -> Division:
    from dataclasses import replace

    return replace(d, method=method, options=dict(options), **changes)


@register("condominium", "Condominium: seabed and water held in common by all five (no national sectors)")
def condominium(sea: Sea, *, islands: IslandMode = "basepoint") -> Division:
    """Everything in common: no national seabed sectors.

    Examples
    --------
    >>> from caspian_sim import load_caspian
    >>> d = condominium(load_caspian())
    >>> sum(d.shares.values()), round(d.common_share, 6)
    (0.0, 1.0)
    """
    water = sea.water(islands)
    return Division(
        method="condominium", options={"islands": islands}, sea=sea,
        sectors={s: Polygon() for s in sea.states}, boundaries={}, tripoints=[],
        areas_km2={s: 0.0 for s in sea.states}, common={"seabed": water, "surface": water},
        notes=["each state holds an undivided interest in the whole; no national share"],
    )


@register("common_surface", "Common surface, divided seabed: modified median seabed, water column common")
def common_surface(sea: Sea, *, islands: IslandMode = "basepoint", resolution_km: float = 3.0) -> Division:
    """Seabed by the modified median line; the whole water column in common.

    Examples
    --------
    >>> from caspian_sim import load_caspian
    >>> d = common_surface(load_caspian())
    >>> "surface" in d.common and abs(sum(d.shares.values()) - 1) < 1e-9
    True
    """
    d = seabed(sea, islands, resolution_km)
    opts = {"islands": islands, "resolution_km": resolution_km}
    return _with(d, "common_surface", opts, common={"surface": sea.water(islands)},
                 notes=[*d.notes, "water column common to all five"])


@register("aktau_2018", "Aktau Convention 2018: 15 nm territorial sea, 10 nm fishing zone, common space; seabed by neighbours")
def aktau_2018(sea: Sea, *, territorial_nm: float = 15.0, fishing_nm: float = 10.0, islands: IslandMode = "basepoint",
               resolution_km: float = 3.0) -> Division:
    """The regime of the 2018 Convention, zones measured geodesically from the coast.

    Parameters
    ----------
    territorial_nm : float
        Breadth of territorial waters (Convention: at most 15 nm).
    fishing_nm : float
        Breadth of the fishery zone beyond them (Convention: 10 nm).

    Notes
    -----
    Baselines are the natural coast (and islands, if ``islands='basepoint'``);
    the Convention's straight baselines are to be agreed and are not modelled.
    Territorial waters between adjacent states follow the seabed line here.

    Examples
    --------
    >>> from caspian_sim import load_caspian
    >>> d = aktau_2018(load_caspian())
    >>> 0.4 < d.details["common_surface_share"] < 0.6
    True
    """
    d = seabed(sea, islands, resolution_km)
    water = sea.water(islands)
    far_ts = beyond(sea, islands, territorial_nm * NM, resolution_km)
    far_fz = beyond(sea, islands, (territorial_nm + fishing_nm) * NM, resolution_km) if fishing_nm > 0 else far_ts
    ts_all = shapely.difference(water, far_ts)
    fz_all = shapely.difference(far_ts, far_fz)
    ts = {s: shapely.intersection(ts_all, g) for s, g in d.sectors.items()}
    fz = {s: shapely.intersection(fz_all, g) for s, g in d.sectors.items()}
    total = area_km2(water)
    zone_km2 = {s: {"territorial_sea": area_km2(ts[s]), "fishing_zone": area_km2(fz[s])} for s in sea.states}
    details = {
        "zone_areas_km2": zone_km2,
        "common_surface_km2": area_km2(far_fz),
        "common_surface_share": area_km2(far_fz) / total,
        "seabed_weights": d.details.get("weights"),
    }
    opts = {"territorial_nm": territorial_nm, "fishing_nm": fishing_nm, "islands": islands, "resolution_km": resolution_km}
    return _with(d, "aktau_2018", opts, common={"surface": far_fz}, surface={"territorial_sea": ts, "fishing_zone": fz},
                 details=details, notes=[*d.notes, "baselines: natural coast (straight baselines not modelled)"])


def width_for_common_fraction(sea: Sea, islands: IslandMode, fraction: float, cell_km: float | None = None) -> float:
    """Distance (m) from the coast beyond which ``fraction`` of the sea lies (area-weighted quantile)."""
    from .sample import share_sample

    sample = share_sample(sea, islands, 1.0, cell_km)
    dmin = sample.dist.min(axis=1)
    order = np.argsort(dmin)[::-1]
    cum = np.cumsum(sample.area[order]) / sample.area.sum()
    return float(dmin[order][np.searchsorted(cum, fraction)])


@register("common_zone", "Zone of common sovereignty (Kazakhstan's proposal): common centre, national sectors elsewhere")
def common_zone(sea: Sea, *, width_nm: float | None = None, common_fraction: float | None = None,
                islands: IslandMode = "basepoint", resolution_km: float = 3.0) -> Division:
    """National seabed out to ``width_nm`` from the coast (modified median between
    neighbours), a common zone beyond it; or give ``common_fraction`` of the sea
    to hold in common and the width is solved. Default: width 25 nm.

    Examples
    --------
    >>> from caspian_sim import load_caspian
    >>> d = common_zone(load_caspian(), common_fraction=0.3)
    >>> abs(d.common_share - 0.3) < 0.005
    True
    """
    if width_nm is not None and common_fraction is not None:
        raise OptionError("give either width_nm or common_fraction, not both")
    if common_fraction is not None:
        width_m = width_for_common_fraction(sea, islands, common_fraction)
    else:
        width_m = (25.0 if width_nm is None else width_nm) * NM
    d = seabed(sea, islands, resolution_km)
    common = beyond(sea, islands, width_m, resolution_km)
    sectors = {s: shapely.difference(g, common) for s, g in d.sectors.items()}
    areas = {s: area_km2(g) for s, g in sectors.items()}
    boundaries = sector_boundaries(sectors)
    opts = {"width_nm": round(width_m / NM, 3), "common_fraction": common_fraction, "islands": islands,
            "resolution_km": resolution_km}
    return _with(d, "common_zone", opts, sectors=sectors, areas_km2=areas, boundaries=boundaries,
                 tripoints=[t for t in d.tripoints if not common.contains(shapely.Point(t.lon, t.lat))],
                 common={"seabed": common, "surface": common}, details={"width_km": width_m / 1000})

