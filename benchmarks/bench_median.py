"""Benchmark: median-line division of the real Caspian, cold and warm.

Cold = a fresh Python process (imports, loading the coastline, building the
coast index, dividing). Warm = the division again in the same process with the
coastline already loaded. Run::

    python benchmarks/bench_median.py

and copy the printed table into the README's Performance section.
"""

from __future__ import annotations

import platform
import statistics
import subprocess
import sys
import time

COLD = (
    "import time; t=time.perf_counter(); import caspian_sim as cs; "
    "cs.divide('median'); print(time.perf_counter()-t)"
)


def cold(repeat: int = 3) -> list[float]:
    return [float(subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, check=True).stdout)
            for _ in range(repeat)]


def warm(repeat: int = 5) -> list[float]:
    import caspian_sim as cs
    from caspian_sim.methods._common import _CACHE
    from caspian_sim.methods.median import median

    sea = cs.load_caspian()
    median(sea)
    out = []
    for _ in range(repeat):
        _CACHE.clear()  # measure the computation, not the cache
        t = time.perf_counter()
        median(sea)
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    c, w = cold(), warm()
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print("| case | median of runs | runs |")
    print("|---|---|---|")
    print(f"| median line, cold (new process, incl. imports) | {statistics.median(c):.2f} s | {len(c)} |")
    print(f"| median line, warm (coastline loaded) | {statistics.median(w):.2f} s | {len(w)} |")


if __name__ == "__main__":
    main()
