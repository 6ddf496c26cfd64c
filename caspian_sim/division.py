"""The Division: the result every division method returns.

A Division holds the seabed sectors, the boundary lines between states that
meet, the tripoints, geodesic areas and shares, the coast lengths, and for
regimes that treat the water column differently from the seabed, the surface
zones. It converts to plain dicts, GeoJSON (``__geo_interface__``), pandas
DataFrames and HTML for Jupyter.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from .equidistance import Partition, Tripoint
from .geodesy import area_km2
from .sea import Sea
from .validate import dumps, finite_json, output_path, writing
from .views import view

__all__ = ["Division", "from_partition"]


@dataclass(frozen=True)
class Division:
    """A division of a sea among its states.

    Attributes
    ----------
    method : str
        Registered method name.
    options : dict
        Options the method ran with (JSON-serialisable).
    sea : Sea
    sectors : dict
        State -> seabed sector (Multi)Polygon, lon/lat. States with no
        national seabed (a condominium) have empty polygons.
    boundaries : dict
        ``(a, b)`` -> boundary (Multi)LineString between sectors that meet.
    tripoints : list of Tripoint
    areas_km2 : dict
        State -> geodesic seabed area, km².
    common : dict
        Name -> area held in common (e.g. ``"seabed"`` for a condominium,
        ``"surface"`` beyond national zones); empty when everything is divided.
    surface : dict
        Named water-column zones per state (``{"territorial_sea": {"RUS": poly}}``);
        empty when the surface follows the seabed.
    notes : list of str
        What the method approximated, in words.
    details : dict
        Method-specific results (weights solved, boundary shifts, area that
        changes hands, zone areas...).
    """

    method: str
    options: dict[str, Any]
    sea: Sea
    sectors: dict[str, BaseGeometry]
    boundaries: dict[tuple[str, str], BaseGeometry]
    tripoints: list[Tripoint]
    areas_km2: dict[str, float]
    common: dict[str, BaseGeometry] = field(default_factory=dict)
    surface: dict[str, dict[str, BaseGeometry]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(self.areas_km2)

    @property
    def common_area_km2(self) -> float:
        """Seabed area held in common (not in any national sector)."""
        g = self.common.get("seabed")
        return area_km2(g) if g is not None else 0.0

    @property
    def common_share(self) -> float:
        """Fraction of the seabed held in common (0 when fully divided)."""
        return self.common_area_km2 / self.total_area_km2

    @property
    def common_surface_share(self) -> float:
        """Fraction of the sea whose water surface is common (0 when the surface follows the seabed)."""
        g = self.common.get("surface")
        return area_km2(g) / self.total_area_km2 if g is not None else 0.0

    @property
    def total_area_km2(self) -> float:
        """Area of the divided sea: national sectors plus common seabed."""
        return float(sum(self.areas_km2.values())) + self.common_area_km2

    @property
    def shares(self) -> dict[str, float]:
        """Each state's fraction of the seabed (fractions in [0, 1])."""
        total = self.total_area_km2
        return {k: v / total for k, v in self.areas_km2.items()}

    @property
    def coast_km(self) -> dict[str, float]:
        """Geodesic length of each state's mainland coast, km."""
        return self.sea.coast_length_km()

    def to_dict(self) -> dict[str, Any]:
        """Summary as plain JSON-serialisable data (the CLI's ``--format json``)."""
        out: dict[str, Any] = {
            "method": self.method,
            "options": self.options,
            "total_area_km2": round(self.total_area_km2, 1),
            "shares": {k: round(v, 6) for k, v in self.shares.items()},
            "areas_km2": {k: round(v, 1) for k, v in self.areas_km2.items()},
            "coast_km": {k: round(v, 1) for k, v in self.coast_km.items()},
        }
        if self.common:
            out["common_km2"] = {k: round(area_km2(g), 1) for k, g in self.common.items()}
            out["common_seabed_share"] = round(self.common_share, 6)
        return finite_json(out)  # type: ignore[no-any-return]

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """GeoJSON FeatureCollection: sectors, boundaries, tripoints, common areas, zones."""
        feats = [
            _feature(g, kind="sector", state=s, area_km2=round(self.areas_km2[s], 1), share=round(self.shares[s], 6))
            for s, g in self.sectors.items()
            if not g.is_empty
        ]
        feats += [_feature(g, kind="boundary", states=list(p)) for p, g in self.boundaries.items()]
        feats += [
            {"type": "Feature", "properties": {"kind": "tripoint", "states": list(t.labels)},
             "geometry": {"type": "Point", "coordinates": [t.lon, t.lat]}}
            for t in self.tripoints
        ]
        feats += [_feature(g, kind="common", name=k) for k, g in self.common.items() if not g.is_empty]
        feats += [
            _feature(g, kind=zone, state=s) for zone, per in self.surface.items() for s, g in per.items() if not g.is_empty
        ]
        return finite_json({"type": "FeatureCollection",  # type: ignore[no-any-return]
                            "properties": {"method": self.method, "options": self.options}, "features": feats})

    def to_geojson(self, path: str | None = None) -> str:
        """GeoJSON text of :attr:`__geo_interface__`; also written to ``path`` if given."""
        text = dumps(self.__geo_interface__)
        if path is not None:
            with writing(output_path(path, "path", (".geojson", ".json")), "path") as out:
                out.write_text(text, encoding="utf-8")
        return text

    def field_owners(self, names: list[str] | None = None) -> dict[str, str | None]:
        """Owner of each shipped oil/gas field under this division (see :mod:`caspian_sim.fields`)."""
        return view("division.field_owners")(self, names)  # type: ignore[no-any-return]

    def disproportionality(self) -> dict[str, float]:
        """Each state's share of the seabed divided by its share of the mainland coast.

        1 means area in proportion to coast; international practice checks
        that no ratio is grossly out of line (e.g. *Black Sea*, ICJ 2009, §§210-216).
        """
        coast = self.coast_km
        total = sum(coast.values())
        return {s: self.shares[s] / (coast[s] / total) for s in self.states}

    def table(self) -> list[dict[str, Any]]:
        """One row per state: share, area, coast length."""
        coast = self.coast_km
        return [
            {"state": s, "share": self.shares[s], "area_km2": self.areas_km2[s], "coast_km": coast.get(s, 0.0)}
            for s in self.states
        ]

    def to_frame(self):  # type: ignore[no-untyped-def]
        """The :meth:`table` as a pandas DataFrame indexed by state (needs pandas)."""
        from ._optional import require

        pd = require("pandas", "to_frame()")
        return pd.DataFrame(self.table()).set_index("state")

    def to_geodataframe(self, kinds: list[str] | None = None):  # type: ignore[no-untyped-def]
        """A GeoDataFrame (EPSG:4326) of sectors, boundaries, tripoints, fields and treaty lines
        (see :func:`caspian_sim.geo.to_geodataframe`; needs ``caspian-sim[geo]``)."""
        return view("division.to_geodataframe")(self, kinds)

    def explore(self, **kwargs):  # type: ignore[no-untyped-def]
        """An interactive Leaflet map (see :func:`caspian_sim.geo.explore`; needs ``caspian-sim[geo]``)."""
        return view("division.explore")(self, **kwargs)

    def plot(self, ax=None, **kwargs):  # type: ignore[no-untyped-def]
        """Map of the sectors (see :func:`caspian_sim.plot.plot_division`)."""
        return view("division.plot")(self, ax=ax, **kwargs)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(r['state'])}</td><td>{100 * r['share']:.2f}%</td>"
            f"<td>{r['area_km2']:,.0f}</td><td>{r['coast_km']:,.0f}</td></tr>"
            for r in self.table()
        )
        svg_map = view("division.svg")
        opts = html.escape(", ".join(f"{k}={v}" for k, v in self.options.items()))
        common = f"; common seabed {100 * self.common_share:.2f}%" if self.common_share else ""
        if "undelimited" in self.common:  # the record at a date: shares are of the delimited seabed
            common += f"; undelimited (claimed by two states) {area_km2(self.common['undelimited']):,.0f} km²"
        return (
            f"<div><b>Division</b> by <code>{html.escape(self.method)}</code> ({opts}); "
            f"{'delimited' if 'undelimited' in self.common else 'total'} {self.total_area_km2:,.0f} km²{common}"
            '<div style="display:flex;gap:1em;align-items:flex-start">'
            "<table><thead><tr><th>state</th><th>share</th><th>area km²</th><th>coast km</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>{svg_map(self)}</div></div>"
        )

    def __repr__(self) -> str:
        sh = ", ".join(f"{k} {100 * v:.2f}%" for k, v in self.shares.items())
        return f"<Division {self.method}: {sh}>"


def _feature(geom: BaseGeometry, **props: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": props, "geometry": mapping(geom)}


def from_partition(
    sea: Sea, part: Partition, method: str, options: Mapping[str, Any], **extra: Any
) -> Division:
    """Wrap an equidistance :class:`Partition` of ``sea`` as a Division."""
    return Division(
        method=method,
        options=dict(options),
        sea=sea,
        sectors=dict(part.sectors),
        boundaries=dict(part.boundaries),
        tripoints=list(part.tripoints),
        areas_km2=dict(part.areas_km2),
        **extra,
    )

