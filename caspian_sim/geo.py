"""GeoPandas and web maps: a Division as a GeoDataFrame, and an interactive Leaflet map.

Needs the optional extra ``caspian-sim[geo]`` (geopandas, folium). Coordinates
are lon/lat on WGS84 (EPSG:4326); areas and lengths in the columns are
geodesic, computed by the library.

Examples
--------
>>> from caspian_sim import divide
>>> gdf = to_geodataframe(divide("median"))
>>> str(gdf.crs), sorted(set(gdf["kind"]))[:3]
('EPSG:4326', ['boundary', 'field', 'sector'])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._optional import require
from .errors import OptionError, unknown
from .validate import name_list
from .views import register

if TYPE_CHECKING:  # pragma: no cover
    from .division import Division

__all__ = ["KINDS", "explore", "to_geodataframe"]

#: Layers a GeoDataFrame can hold (the ``kind`` column).
KINDS: tuple[str, ...] = ("sector", "boundary", "tripoint", "common", "field", "treaty_line", "claim")


def _rows(division: Division) -> list[dict[str, Any]]:
    import shapely

    from .fields import field_owners, load_fields
    from .treaties import load_treaty_lines

    rows = []
    for f in division.__geo_interface__["features"]:
        props = dict(f["properties"])
        if isinstance(props.get("states"), list):
            props["states"] = "-".join(props["states"])
        rows.append({**props, "geometry": shapely.geometry.shape(f["geometry"])})
    owners = field_owners(division)
    for fld in load_fields():
        rows.append({"kind": "field", "name": fld.name, "owner": owners[fld.name], "uncertainty_km": fld.uncertainty_km,
                     "source": fld.source, "geometry": shapely.Point(fld.lon, fld.lat)})
    for t in load_treaty_lines():
        if t.geometry is not None:
            rows.append({"kind": "treaty_line", "name": t.id, "states": "-".join(t.parties),
                         "signed": t.signed.isoformat(), "status": t.points_status, "source": t.source,
                         "geometry": t.geometry})
    for name, line in division.details.get("claim_lines", {}).items():  # the record (method "signed")
        if not line.is_empty:
            rows.append({"kind": "claim", "name": name, "state": name.split()[0], "geometry": line})
    return rows


@register("division.to_geodataframe")
def to_geodataframe(division: Division, kinds: list[str] | None = None) -> Any:
    """The division as a GeoDataFrame (EPSG:4326), one row per feature with a ``kind`` column.

    Parameters
    ----------
    division : Division
    kinds : list of str, optional
        Keep only these layers (:data:`KINDS`; zones such as ``territorial_sea``
        also pass through). Default: all.

    Returns
    -------
    geopandas.GeoDataFrame
        Sectors (``state``, ``area_km2``, ``share``), boundaries (``states``),
        tripoints, common or undelimited areas (``name``), fields (``owner``,
        ``uncertainty_km``, ``source``), the signed treaty lines and, for the
        record (``divide("signed")``), each state's claim line (``name`` such as
        "AZE against TKM", ``state``).
    """
    from .division import Division

    gpd = require("geopandas", "to_geodataframe()")
    if not isinstance(division, Division):
        raise OptionError(f"to_geodataframe needs a Division (e.g. divide('median')), got {type(division).__name__}")
    rows = _rows(division)
    if kinds is not None:
        keep = set(name_list(kinds, "kinds", "layer"))
        known = {*KINDS, *(r["kind"] for r in rows)}
        if not keep:
            raise OptionError(f"kinds is empty; name at least one layer of: {', '.join(sorted(known))}")
        if not keep <= known:
            raise unknown("layer", sorted(keep - known)[0], known)
        rows = [r for r in rows if r["kind"] in keep]
    if not rows:  # a layer this division does not have (e.g. tripoints of a condominium): no features
        return gpd.GeoDataFrame({"kind": []}, geometry=gpd.GeoSeries([], crs="EPSG:4326"))
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


@register("division.explore")
def explore(division: Division, **kwargs: Any) -> Any:
    """An interactive Leaflet map (folium) of the sectors, boundaries, fields and treaty lines,
    like :meth:`geopandas.GeoDataFrame.explore`; keyword arguments go to it."""
    require("folium", "explore()")
    gdf = to_geodataframe(division)
    sectors = gdf[gdf["kind"] == "sector"][["state", "area_km2", "share", "geometry"]]
    m = sectors.explore(column="state", categorical=True, tooltip=["state", "area_km2", "share"],
                        style_kwds={"fillOpacity": 0.5}, **kwargs)
    lines = gdf[gdf["kind"].isin(["boundary", "treaty_line", "claim"])][["kind", "name", "states", "geometry"]]
    if len(lines):
        lines.explore(m=m, color="black", tooltip=["kind", "name", "states"])
    fields = gdf[gdf["kind"] == "field"][["name", "owner", "uncertainty_km", "geometry"]]
    if len(fields):
        fields.explore(m=m, color="#D55E00", marker_kwds={"radius": 5}, tooltip=["name", "owner", "uncertainty_km"])
    return m
