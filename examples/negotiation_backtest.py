"""Does the model reproduce 1998, 2003 and 2018 from the documented positions alone?

Run: python examples/negotiation_backtest.py
"""

from __future__ import annotations

from caspian_sim.negotiation.backtest import backtest


def main() -> None:
    r = backtest()
    for row in r.rows:
        mark = "ok  " if row["correct"] else "MISS"
        print(f"{mark} {row['episode']:<28} {row['state']}: history {row['history']}, model {row['model']}"
              + (f" (blocks on {row['why']})" if row["why"] != "-" else ""))
    print(f"{r.correct} of {r.total} state decisions reproduced")


if __name__ == "__main__":
    main()
