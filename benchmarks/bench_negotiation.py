"""Benchmark: vectorised proposal scoring and the Monte Carlo analysis.

- scoring: 2,000,000 random multi-issue proposals (scale issues + seabed
  shares) scored for all five states at once, in chunks of 250,000;
- Monte Carlo: 10,000 draws of saliences, positions and the status quo for
  four proposals.

The preference model (which needs the geometry) is built before timing.
Run: python benchmarks/bench_negotiation.py
"""

from __future__ import annotations

import time

import numpy as np

from caspian_sim.negotiation import SCALE_ISSUES, Proposal, build_model, utilities
from caspian_sim.negotiation.montecarlo import monte_carlo


def main() -> None:
    model = build_model("2003-07")
    rng = np.random.default_rng(0)
    n, chunk = 2_000_000, 250_000
    values = rng.uniform(0, 1, size=(chunk, len(SCALE_ISSUES)))
    shares = rng.dirichlet(np.ones(5), size=chunk)
    utilities(model, values[:1000], shares[:1000])  # warm-up
    t = time.perf_counter()
    accepted = 0
    for _ in range(n // chunk):
        accepted += int(utilities(model, values, shares, want_parts=False)["accept"].all(axis=1).sum())
    dt = time.perf_counter() - t
    props = [Proposal("treaty", seabed_method="modified_median", values={"decision_rule": 0.0}),
             Proposal("20%", seabed_method="equal_shares", values={"decision_rule": 1.0}),
             Proposal("condominium", seabed_method="condominium", values={"regime": 0.0}),
             Proposal("aktau", seabed_method="aktau_2018", values={"decision_rule": 0.0, "pipelines": 1.0})]
    monte_carlo(props, model=model, draws=100)  # encodes the proposals (geometry) before timing
    t2 = time.perf_counter()
    monte_carlo(props, model=model, draws=10_000, seed=0)
    dt2 = time.perf_counter() - t2
    print("| case | time | rate |")
    print("|---|---|---|")
    print(f"| score {n:,} proposals x 5 states | {dt:.2f} s | {n / dt / 1e6:.1f} M proposals/s |")
    print(f"| Monte Carlo, 10,000 draws x 4 proposals | {dt2:.2f} s | {10_000 / dt2:,.0f} draws/s |")


if __name__ == "__main__":
    main()
