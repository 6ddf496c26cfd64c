"""Maps and charts (matplotlib, imported only when a plot is asked for).

Maps are drawn in lon/lat with the aspect ratio of the sea's mean latitude,
a scale bar measured geodesically, the boundary lines, tripoints, fields and,
where a regime has them, common areas and zones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from ._svg import STATE_COLOURS, colour
from .errors import OptionError
from .geodesy import GEOD
from .views import register

if TYPE_CHECKING:  # pragma: no cover
    from .compare import Comparison
    from .division import Division

__all__ = ["STATE_COLOURS", "plot_division", "plot_shares"]



def _plt() -> Any:
    from ._optional import require

    return require("matplotlib.pyplot", "plotting")


_colour = colour


def _axes(ax: Any, obj: Any, kind: type, title: str | None, figsize: tuple[float, float]) -> Any:
    """Check the common arguments of the plotting functions; a new Axes when ``ax`` is None."""
    if not isinstance(obj, kind):
        raise OptionError(f"expected a {kind.__name__}, got {type(obj).__name__}")
    if title is not None and not isinstance(title, str):
        raise OptionError(f"title must be a string, got {title!r}")
    if ax is None:
        return _plt().subplots(figsize=figsize)[1]
    if not (hasattr(ax, "add_patch") and hasattr(ax, "figure")):
        raise OptionError(f"ax must be a matplotlib Axes (e.g. plt.subplots()[1]), got {type(ax).__name__}")
    return ax


def _fill(ax: Any, geom: Any, **kw: Any) -> None:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    for poly in shapely.get_parts(geom):
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        rings = [np.asarray(poly.exterior.coords)] + [np.asarray(r.coords) for r in poly.interiors]
        verts = np.vstack(rings)
        codes = np.concatenate([[Path.MOVETO] + [Path.LINETO] * (len(r) - 2) + [Path.CLOSEPOLY] for r in rings])
        ax.add_patch(PathPatch(Path(verts, codes), **kw))
        kw.pop("label", None)  # one legend entry per geometry, not per part


def _lines(ax: Any, geom: Any, **kw: Any) -> None:
    for line in shapely.get_parts(geom):
        if line.is_empty:
            continue
        xy = np.asarray(line.coords)
        ax.plot(xy[:, 0], xy[:, 1], **kw)
        kw.pop("label", None)


def _scale_bar(ax: Any, km: float = 100.0) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    lon, lat = x0 + 0.06 * (x1 - x0), y0 + 0.05 * (y1 - y0)
    lon2, _, _ = GEOD.fwd(lon, lat, 90.0, km * 1000)
    ax.plot([lon, lon2], [lat, lat], color="black", lw=3, solid_capstyle="butt")
    ax.text((lon + lon2) / 2, lat + 0.012 * (y1 - y0), f"{km:.0f} km", ha="center", va="bottom", fontsize=8)
    ax.annotate("N", xy=(x1 - 0.06 * (x1 - x0), y1 - 0.05 * (y1 - y0)),
                xytext=(x1 - 0.06 * (x1 - x0), y1 - 0.13 * (y1 - y0)), ha="center", fontsize=10, weight="bold",
                arrowprops={"arrowstyle": "-|>", "color": "black"})


@register("division.plot")
def plot_division(division: Division, ax: Any = None, *, fields: bool = True, labels: bool = True,
                  zones: bool = True, title: str | None = None) -> Any:
    """Map of a Division: sectors, lines, tripoints, fields, common areas and zones.

    Returns the matplotlib Axes.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from caspian_sim import divide
    >>> ax = plot_division(divide("median"))
    >>> ax.get_title().startswith("median")
    True
    """
    from .division import Division

    ax = _axes(ax, division, Division, title, (6.4, 8.0))
    sea = division.sea
    for i, (s, g) in enumerate(division.sectors.items()):
        _fill(ax, g, facecolor=_colour(s, i), edgecolor="none", alpha=0.55, label=f"{s} {100 * division.shares[s]:.1f}%")
    common = division.common.get("seabed")
    if common is not None and not common.is_empty:
        _fill(ax, common, facecolor="#dddddd", edgecolor="#777777", hatch="//", lw=0.5,
              label=f"common seabed {100 * division.common_share:.1f}%")
    if zones:
        for zone, style in (("territorial_sea", {"alpha": 0.35}), ("fishing_zone", {"alpha": 0.18})):
            for g in division.surface.get(zone, {}).values():
                _fill(ax, g, facecolor="white", edgecolor="none", **style)
        if "territorial_sea" in division.surface:
            ts = shapely.union_all(list(division.surface["territorial_sea"].values()))
            seaward = shapely.difference(shapely.boundary(ts), shapely.buffer(sea.outer.exterior, 1e-6))
            nm = division.options.get("territorial_nm", "")
            _lines(ax, seaward, color="#444444", lw=0.5, ls=":", label=f"territorial waters limit ({nm} nm)")
        if "surface" in division.common and division.surface:
            _lines(ax, shapely.boundary(division.common["surface"]), color="#444444", lw=0.6, ls="--",
                   label="limit of common maritime space")
    _lines(ax, sea.outer.exterior, color="#333333", lw=0.6)
    for isl in sea.islands:
        _fill(ax, isl.geometry, facecolor="#bbbbbb", edgecolor="#555555", lw=0.3)
    status = division.details.get("lines", {})
    for (a, b), line in division.boundaries.items():
        st = (status.get(f"{a}-{b}") or status.get(f"{b}-{a}") or {}).get("status", "")
        dashed = st.startswith("not signed")
        _lines(ax, line, color="black", lw=0.8 if dashed else 1.1, ls="--" if dashed else "-")
    _record_layers(ax, division)
    if division.tripoints:
        ax.plot([t.lon for t in division.tripoints], [t.lat for t in division.tripoints], "o", ms=4,
                mfc="white", mec="black", label="tripoint")
    if labels:
        for s, g in division.sectors.items():
            if not g.is_empty:
                p = max(shapely.get_parts(g), key=lambda q: q.area).representative_point()
                ax.text(p.x, p.y, s, ha="center", va="center", fontsize=9, weight="bold")
    if fields:
        from .fields import load_fields

        own = division.field_owners()
        for f in load_fields():
            ax.plot(f.lon, f.lat, marker="^", color="#D55E00", ms=5, mec="black", mew=0.4)
            ax.annotate(f"{f.name} ({own[f.name] or '-'})", (f.lon, f.lat), xytext=(3, 3),
                        textcoords="offset points", fontsize=6)
    x0, y0, x1, y1 = sea.outer.bounds
    ax.set_xlim(x0 - 0.3, x1 + 0.3)
    ax.set_ylim(y0 - 0.3, y1 + 0.3)
    ax.set_aspect(1 / np.cos(np.radians(0.5 * (y0 + y1))))
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    _scale_bar(ax)
    ax.set_title(title or f"{division.method} — seabed sectors (geodesic areas, WGS84)", fontsize=10)
    ax.legend(loc="upper left", fontsize=7, framealpha=0.9)
    return ax


def _record_layers(ax: Any, division: Division) -> None:
    """Undelimited (disputed) areas, hatched, and each claimant's line, dashed in its colour."""
    g = division.common.get("undelimited")
    if g is not None and not g.is_empty:
        km2 = division.details.get("undelimited_km2", 0.0)
        _fill(ax, g, facecolor="#ffffff", edgecolor="#B2182B", hatch="xxx", lw=0.6,
              label=f"undelimited: claimed by two states ({km2:,.0f} km²)")
    states = list(division.sectors)
    for name, line in division.details.get("claim_lines", {}).items():
        claimant = name.split(" ")[0]
        i = states.index(claimant) if claimant in states else 0
        _lines(ax, line, color=_colour(claimant, i), lw=1.6, ls=(0, (4, 2)), label=f"claim: {name}")


@register("comparison.plot")
def plot_shares(comparison: Comparison, ax: Any = None, *, title: str | None = None) -> Any:
    """Grouped bar chart: each state's share (%) under each method.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from caspian_sim.compare import compare
    >>> ax = plot_shares(compare(["median", "soviet_sectors"]))
    >>> len(ax.patches)
    10
    """
    from .compare import Comparison

    rows = comparison.wide() if isinstance(comparison, Comparison) else []
    ax = _axes(ax, comparison, Comparison, title, (max(6.0, 1.1 * len(rows)), 4.2))
    states = comparison.states
    x = np.arange(len(rows))
    width = 0.8 / len(states)
    for i, s in enumerate(states):
        ax.bar(x + (i - (len(states) - 1) / 2) * width, [r[s] for r in rows], width, color=_colour(s, i), label=s)
    ax.axhline(20, color="#555555", lw=0.8, ls=":", label="20% (equal shares)")
    ax.set_xticks(x, [r["method"].replace("_", "\n") for r in rows], fontsize=8)
    ax.set_ylabel("share of the seabed (%)")
    ax.set_title(title or "Seabed shares by division method", fontsize=10)
    ax.set_ylim(0, 1.12 * max(max(r[s] for s in states) for r in rows))
    ax.legend(ncol=6, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.16), frameon=False)
    return ax
