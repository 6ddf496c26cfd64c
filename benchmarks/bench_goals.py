"""Benchmark: the performance goals of the library, measured in one run, and the brute-force ratio.

Prints a Markdown table (case, measured median, goal, runs) and the speed of
the engine against an independent brute-force grid of the median line at the
same accuracy. Run::

    python benchmarks/bench_goals.py            # about two minutes
    python benchmarks/bench_goals.py --quick    # fewer repeats, coarser brute force

and copy the output into the README's Performance section; it names the machine.
New-process cases are timed with the on-disk cache (caspian_sim.diskcache) empty
and filled, each in a temporary directory; "no cache" turns it off.

The brute force shares no code with the engine: a lon/lat grid of cells, each
weighted by its geodesic area and labelled by the nearest coast vertex (coasts
densified to 100 m along their geodesics, 3-D chord distance on the WGS84
ellipsoid, one k-d tree query per coast with the fastest tree at hand). It is
run at finer and finer cells until it agrees with the engine within 0.01
percentage points for every state, or the finest cell is reached.
Its speed-up is given against the engine from scratch at its default grid and,
so that both run at their cheapest setting for the same 0.01 pp, at the
coarsest search grid that still agrees with the default within 0.01 pp.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import numpy as np

GOALS = {
    "import": 0.3,
    "median_cold_field": 0.3,
    "reweight": 0.3,
    "equal_shares_process": 1.0,
    "compare_process": 3.0,
    "widget_update": 0.5,
}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def in_process(stmt: str, repeat: int, disk: str = "warm") -> list[float]:
    """Seconds for ``stmt`` (with the import) in new processes; ``disk`` is the state of the on-disk
    cache (caspian_sim.diskcache): "cold" (a new empty directory per run, as on a new machine) or
    "warm" (a directory filled by one unmeasured run first)."""
    code = f"import time; t=time.perf_counter(); import caspian_sim as cs; {stmt}; print(time.perf_counter()-t)"

    def run(cache: str) -> float:
        env = {**os.environ, "CASPIAN_SIM_PROGRESS": "0", "CASPIAN_SIM_CACHE_DIR": cache}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # modules load from bytecode, as after any install
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
        return float(out.stdout.split()[-1])

    with tempfile.TemporaryDirectory() as tmp:
        if disk == "cold":
            return [run(os.path.join(tmp, str(i))) for i in range(repeat)]
        run(tmp)
        return [run(tmp) for _ in range(repeat)]


def timed(fn: Callable[[], object], repeat: int, before: Callable[[], object] = lambda: None) -> list[float]:
    out = []
    for _ in range(repeat):
        before()
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def brute_force_shares(sea: object, cell_km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Median-line shares by brute force on a lon/lat grid (independent of the engine), with every
    cell's distance to each coast (m) and area (m²), kept for a re-weighting.

    The nearest-vertex queries use pykdtree, the fastest k-d tree at hand (scipy's cKDTree took 15x
    as long on these nearly coplanar coast points: 22 s against 1.5 s at 1 km): a slow brute force
    would flatter the engine.
    """
    import shapely
    from pykdtree.kdtree import KDTree
    from pyproj import Geod, Transformer

    geod = Geod(ellps="WGS84")
    ecef = Transformer.from_crs("EPSG:4326", "EPSG:4978", always_xy=True)

    def xyz(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(np.column_stack(ecef.transform(lon, lat, np.zeros_like(lon))))

    water, coasts = sea.water("basepoint"), sea.basepoints("basepoint")  # type: ignore[attr-defined]
    trees = []
    for s in sea.states:  # type: ignore[attr-defined]
        pts = []
        for p in shapely.get_parts(coasts[s]):
            ring = np.asarray((p.exterior if p.geom_type == "Polygon" else p).coords)
            a, b = ring[:-1], ring[1:]
            az, _, dist = geod.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
            n = np.maximum(1, np.ceil(np.asarray(dist) / 100).astype(int))
            start = np.repeat(np.arange(len(a)), n)
            frac = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
            lon, lat, _ = geod.fwd(a[start, 0], a[start, 1], np.asarray(az)[start], np.asarray(dist)[start] * frac
                                   / np.repeat(n, n))
            pts.append(np.vstack([np.column_stack([lon, lat]), ring[-1:]]))
        pts_a = np.vstack(pts)
        trees.append(KDTree(xyz(pts_a[:, 0], pts_a[:, 1])))
    x0, y0, x1, y1 = water.bounds
    dlat = cell_km / 111.0
    dlon = cell_km / (111.0 * np.cos(np.radians(0.5 * (y0 + y1))))
    lats = np.arange(y0 + dlat / 2, y1, dlat)
    lons = np.arange(x0 + dlon / 2, x1, dlon)
    row_area = np.array([abs(geod.polygon_area_perimeter([0, dlon, dlon, 0], [la - dlat / 2] * 2 + [la + dlat / 2] * 2)[0])
                         for la in lats])
    glon, glat = np.meshgrid(lons, lats)
    shapely.prepare(water)
    inside = shapely.contains_xy(water, glon, glat)
    p = xyz(glon[inside], glat[inside])
    d = np.column_stack([t.query(p, k=1)[0] for t in trees])
    a = np.broadcast_to(row_area[:, None], glon.shape)[inside]
    return brute_force_reweight(d, a, np.ones(len(trees))), d, a


def brute_force_reweight(dist: np.ndarray, area: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Shares of the cells nearest (distance / weight) to each coast: a brute-force re-weighting."""
    total = np.bincount(np.argmin(dist / weights, axis=1), weights=area, minlength=len(weights))
    return total / total.sum()


def compile_package() -> None:
    """Byte-compile the package once, as pip does on install (an editable install, or a shell with
    PYTHONDONTWRITEBYTECODE set, would otherwise compile every module on every import)."""
    import compileall

    import caspian_sim

    compileall.compile_dir(os.path.dirname(caspian_sim.__file__), quiet=1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats and a coarser brute force")
    args = ap.parse_args()
    rep = 2 if args.quick else 5
    os.environ["CASPIAN_SIM_PROGRESS"] = "0"
    compile_package()

    import caspian_sim as cs
    from caspian_sim.distance_field import clear_cache
    from caspian_sim.methods._common import _CACHE

    sea = cs.load_caspian()
    cs.divide("median", sea)
    rows = []

    def clear_all() -> None:
        _CACHE.clear()
        clear_cache()

    rows.append(("`import caspian_sim`, new process", in_process("pass", rep), "import"))
    os.environ["CASPIAN_SIM_CACHE_DIR"] = "off"  # computed: the median line is not read from the disk cache
    cold = timed(lambda: cs.divide("median", sea), rep, clear_all)  # from scratch: no distance field either
    rows.append(("median line, coastline loaded, no cache (distance field built)", cold, None))
    warm = timed(lambda: cs.divide("median", sea), rep, _CACHE.clear)
    del os.environ["CASPIAN_SIM_CACHE_DIR"]
    rows.append(("median line, distance field cached (the line computed)", warm, "median_cold_field"))
    rows.append(("median line, new process, disk cache filled (the line read back)",
                 in_process("cs.divide('median')", max(2, rep // 2)), None))
    w = iter(np.linspace(1.05, 1.5, 2 * rep))
    cs.divide("modified_median", sea, turning_points="none")
    rew = timed(lambda: cs.divide("modified_median", sea, turning_points="none", weights={"IRN": float(next(w))}), rep)
    rows.append(("re-weighting (modified median, new IRN weight)", rew, "reweight"))
    n = max(2, rep // 2)
    for stmt, name, goal in (("cs.divide('equal_shares')", "equal shares (Iran's 20%)", "equal_shares_process"),
                             ("cs.compare()", "`compare()` of the 9 default methods", "compare_process")):
        rows.append((f"{name}, new process, empty disk cache (first run on a machine)", in_process(stmt, n, "cold"), None))
        rows.append((f"{name}, new process, disk cache filled", in_process(stmt, n), goal))
    try:
        from caspian_sim.widgets import WhatIf

        panel = WhatIf(sea, method="modified_median")
        panel.controls["turning_points"].value = "none"
        ws = iter(np.linspace(0.6, 1.9, 2 * rep))
        upd = timed(lambda: setattr(panel.controls["w_AZE"], "value", round(float(next(ws)), 2)), rep)
        rows.append(("what-if panel: one weight slider change (map and tables redrawn)", upd, "widget_update"))
    except ImportError:  # pragma: no cover - ipywidgets is optional
        pass

    print(f"machine: {machine()}\n")
    print("| case | median of runs | goal | runs |")
    print("|---|---|---|---|")
    for name, t, goal in rows:
        g = f"< {GOALS[goal]:g} s" if goal else "-"
        ok = "" if goal is None else (" (met)" if statistics.median(t) < GOALS[goal] else " (not met)")
        print(f"| {name} | {statistics.median(t):.2f} s | {g}{ok} | {len(t)} |")

    brute_force_report(cs, sea, statistics.median(cold), statistics.median(rew), rep, clear_all, args.quick)


def brute_force_report(cs: Any, sea: Any, engine_t: float, reweight_t: float, rep: int,
                       clear_all: Callable[[], object], quick: bool) -> None:
    """Print the brute force at finer and finer cells against the engine from scratch (at its default
    grid and at its cheapest 0.01 pp grid), then the brute force's re-weighting from its kept cells."""
    engine = np.array([cs.divide("median", sea).shares[s] for s in sea.states])
    coarse_res, coarse_t = coarsest_engine(cs, sea, engine, rep, clear_all)
    print(f"\nengine from scratch (every cache off): {engine_t:.2f} s at the default resolution_km=3; "
          f"{coarse_t:.2f} s at resolution_km={coarse_res:g}, the coarsest grid tried that still agrees with it "
          "within 0.01 pp\n")
    print("| brute-force cell | time | largest share difference to the engine | speed-up, engine at default "
          "| speed-up, both at their cheapest 0.01 pp |")
    print("|---|---|---|---|---|")
    for cell in ((2.0, 1.0) if quick else (2.0, 1.5, 1.25, 1.0, 0.5, 0.25)):
        t = time.perf_counter()
        brute, dist, area = brute_force_shares(sea, cell)
        bt = time.perf_counter() - t
        diff = float(np.abs(brute - engine).max() * 100)
        print(f"| {cell:g} km | {bt:.2f} s | {diff:.4f} pp | {bt / engine_t:.1f}x | {bt / coarse_t:.1f}x |")
        if diff <= 0.01:
            break
    w = iter(np.linspace(1.05, 1.5, rep))
    re = timed(lambda: brute_force_reweight(dist, area, np.r_[1.0, 1.0, 1.0, next(w), 1.0]), rep)
    print(f"\nthe brute force's {len(area):,} cells of {cell:g} km kept with their distances re-weight (new IRN "
          f"weight) in {statistics.median(re) * 1000:.0f} ms; the engine re-weights (modified median) in "
          f"{reweight_t:.2f} s")


def coarsest_engine(cs: Any, sea: Any, engine: np.ndarray, rep: int,
                    clear_all: Callable[[], object]) -> tuple[float, float]:
    """The fastest from-scratch median line among coarser search grids whose shares agree with the
    default within 0.01 pp (the engine's lines stay exact at any grid; a coarse grid can miss a
    small sector, which the comparison would catch): (resolution_km, median seconds)."""
    best = (3.0, float("inf"))
    os.environ["CASPIAN_SIM_CACHE_DIR"] = "off"
    try:
        for res in (3.0, 6.0, 10.0):
            t = statistics.median(timed(lambda r=res: cs.divide("median", sea, resolution_km=r), rep, clear_all))
            shares = np.array([cs.divide("median", sea, resolution_km=res).shares[s] for s in sea.states])
            if np.abs(shares - engine).max() * 100 <= 0.01 and t < best[1]:
                best = (res, t)
    finally:
        del os.environ["CASPIAN_SIM_CACHE_DIR"]
    return best


if __name__ == "__main__":
    main()
