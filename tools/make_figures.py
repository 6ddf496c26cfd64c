#!/usr/bin/env python
"""Regenerate the figures shown in the README (docs/img/*.png).

Run: python tools/make_figures.py
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from caspian_sim.compare import compare  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "docs" / "img"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    c = compare()
    fig, axes = plt.subplots(1, 3, figsize=(15, 7.5))
    for ax, name in zip(axes, ["median", "equal_shares", "aktau_2018"]):
        c.divisions[name].plot(ax=ax, fields=name != "aktau_2018")
    fig.tight_layout()
    fig.savefig(OUT / "maps.png", dpi=90, bbox_inches="tight")
    ax = c.plot()
    ax.figure.savefig(OUT / "shares.png", dpi=90, bbox_inches="tight")
    print(f"wrote {OUT}/maps.png and shares.png")


if __name__ == "__main__":
    main()
