#!/usr/bin/env python
"""Regenerate the figures shown in the README (docs/img/*.png).

Run: python tools/make_figures.py
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from caspian_sim import divide  # noqa: E402
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
    ax = divide("signed", at="2021").plot(title="The record in 2021: signed lines, claims, undelimited areas")
    ax.figure.set_size_inches(7, 9)
    ax.figure.savefig(OUT / "signed.png", dpi=90, bbox_inches="tight")
    fig, axes = plt.subplots(1, 2, figsize=(10, 7.5))
    for ax, family in zip(axes, ["multiplicative", "additive"]):
        divide("equal_shares", family=family).plot(ax=ax, fields=False, title=f"Iran's 20%: {family} lines")
    fig.tight_layout()
    fig.savefig(OUT / "families.png", dpi=90, bbox_inches="tight")
    print(f"wrote {OUT}/maps.png, shares.png, signed.png and families.png")


if __name__ == "__main__":
    main()
