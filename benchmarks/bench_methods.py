"""Benchmark: an equal-shares solve and a full comparison of all division methods.

Each case runs in a fresh Python process (imports and coastline included), so
no cache carries over between cases. Run::

    python benchmarks/bench_methods.py

and copy the printed table into the README's Performance section.
"""

from __future__ import annotations

import statistics
import subprocess
import sys

CASES = {
    "equal-shares solve (Iran's 20%), new process": "cs.divide('equal_shares')",
    "full comparison, all 9 default methods, new process": "from caspian_sim.compare import compare; compare()",
}


def run(stmt: str, repeat: int = 2) -> list[float]:
    code = f"import time; t=time.perf_counter(); import caspian_sim as cs; {stmt}; print(time.perf_counter()-t)"
    return [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(repeat)]


def main() -> None:
    print("| case | median of runs | runs |")
    print("|---|---|---|")
    for name, stmt in CASES.items():
        t = run(stmt)
        print(f"| {name} | {statistics.median(t):.1f} s | {len(t)} |")


if __name__ == "__main__":
    main()
