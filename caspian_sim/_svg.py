"""A small inline SVG map of a Division (no matplotlib), for Jupyter's HTML display."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import numpy as np
import shapely

from .views import register

if TYPE_CHECKING:  # pragma: no cover
    from .division import Division

#: One colour per state (colour-blind-safe Okabe-Ito palette).
STATE_COLOURS = {"RUS": "#0072B2", "KAZ": "#56B4E9", "TKM": "#009E73", "IRN": "#E69F00", "AZE": "#CC79A7"}
FALLBACK = ["#D55E00", "#F0E442", "#999999", "#000000"]


def colour(state: str, i: int) -> str:
    return STATE_COLOURS.get(state, FALLBACK[i % len(FALLBACK)])


@register("division.svg")
def svg_map(division: Division, height: int = 300) -> str:
    """SVG of the sectors (coloured), common seabed (grey) and boundary lines."""
    x0, y0, x1, y1 = division.sea.outer.bounds
    k = np.cos(np.radians(0.5 * (y0 + y1)))
    scale = height / (y1 - y0)
    width = int((x1 - x0) * k * scale) + 2

    pixel = 1.0 / scale  # degrees per pixel: detail below it is invisible

    def path(geom: object) -> str:
        out = []
        for poly in shapely.get_parts(shapely.simplify(geom, pixel, preserve_topology=True)):
            if poly.is_empty or poly.geom_type != "Polygon":
                continue
            for ring in (poly.exterior, *poly.interiors):
                xy = np.asarray(ring.coords)
                px = (xy[:, 0] - x0) * k * scale + 1
                py = (y1 - xy[:, 1]) * scale + 1
                out.append("M" + "L".join(f"{a:.1f},{b:.1f}" for a, b in zip(px, py)) + "Z")
        return "".join(out)

    shapes = [
        f'<path d="{path(g)}" fill="{colour(s, i)}" fill-opacity="0.7" fill-rule="evenodd" stroke="none">'
        f"<title>{html.escape(s)} {100 * division.shares[s]:.2f}%</title></path>"
        for i, (s, g) in enumerate(division.sectors.items()) if not g.is_empty
    ]
    common = division.common.get("seabed")
    if common is not None and not common.is_empty:
        shapes.append(f'<path d="{path(common)}" fill="#cccccc" fill-rule="evenodd" stroke="none"/>')
    shapes.append(f'<path d="{path(division.sea.outer)}" fill="none" stroke="#333" stroke-width="0.6"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 2}" '
            f'viewBox="0 0 {width} {height + 2}">{"".join(shapes)}</svg>')
