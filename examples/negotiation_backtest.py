"""Does the model reproduce 15 dated episodes, 1998-2021, from the positions recorded before each?

Run: python examples/negotiation_backtest.py
"""

from __future__ import annotations

from caspian_sim.negotiation.backtest import backtest


def main() -> None:
    r = backtest()
    for row in r.rows:
        mark = "ok  " if row["correct"] else "MISS"
        print(f"{mark} {row['episode']:<48} {row['state']}: history {row['history']}, model {row['model']} "
              f"(p = {row['p_accept']:.2f})"
              + (f" (blocks on {row['why']})" if row["why"] != "-" else ""))
    print(f"{r.correct} of {r.total} state decisions reproduced; Brier score {r.brier:.4f}")


if __name__ == "__main__":
    main()
