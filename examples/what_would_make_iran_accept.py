"""What would make Iran accept, while Russia, Kazakhstan and Azerbaijan still do?

Scores a grid of packages -- Iran's seabed share from 13% to 22% (the others
reduced in proportion to their modified-median shares), crossed with every
combination of anchor values on the decision rule, pipelines and military
issues -- against the positions of July 2003, all at once (vectorised), and
prints the cheapest packages that every state accepts -- with the positions of
2003 and with those of the eve of the Aktau summit (2018).

Run: python examples/what_would_make_iran_accept.py
"""

from __future__ import annotations

import itertools

import numpy as np

from caspian_sim import divide
from caspian_sim.negotiation import SCALE_ISSUES, build_model, utilities
from caspian_sim.negotiation.model import effective_shares


def main(at: str = "2003-07-22") -> None:
    model = build_model(at)
    states = model.states
    base = effective_shares(divide("modified_median"))
    iran = np.linspace(0.13, 0.22, 91)
    others = np.array([base[s] for s in states])
    k_irn = states.index("IRN")
    grid = list(itertools.product(iran, (0.0, 1.0), (0.0, 1.0), (0.25, 0.5)))
    shares = np.empty((len(grid), len(states)))
    values = np.full((len(grid), len(SCALE_ISSUES)), np.nan)
    for j, (x, rule, pipes, mil) in enumerate(grid):
        rest = np.delete(others, k_irn)
        shares[j] = np.insert(rest / rest.sum() * (1 - x), k_irn, x)
        values[j, SCALE_ISSUES.index("decision_rule")] = rule
        values[j, SCALE_ISSUES.index("pipelines")] = pipes
        values[j, SCALE_ISSUES.index("military")] = mil
    r = utilities(model, values, shares, want_parts=False)
    ok = r["accept"].all(axis=1)
    print(f"positions as of {model.at}: {len(grid)} packages scored, {int(ok.sum())} accepted by all five")
    if ok.any():
        best = np.flatnonzero(ok)[np.argsort(shares[ok, k_irn])][:5]
        for j in best:
            x, rule, pipes, mil = grid[j]
            print(f"  Iran {100 * x:.1f}%, decision rule {'unanimity' if rule else 'bilateral'}, "
                  f"pipelines {'all five' if pipes == 0 else 'affected states'}, military {mil}")
    else:
        acc = r["accept"].mean(axis=0)
        print("no package in the grid is accepted by all five; share of packages each state accepts:")
        print("  " + ", ".join(f"{s} {100 * a:.0f}%" for s, a in zip(states, acc)))


if __name__ == "__main__":
    for when in ("2003-07-22", "2018-08-11"):
        main(when)
