"""What does the median line give each state, and how much do the modelling choices matter?

Run: python examples/median_shares.py
"""

from __future__ import annotations

import caspian_sim as cs


def main() -> None:
    rows = []
    for kbg in (False, True):
        sea = cs.load_caspian(kara_bogaz_gol=kbg)
        for islands in ("basepoint", "sea", "exclude"):
            d = cs.divide("median", sea, islands=islands)
            rows.append((f"KBG {'in ' if kbg else 'out'} islands={islands:<9}", d))
    print(f"{'variant':<32}" + "".join(f"{s:>8}" for s in cs.STATES) + f"{'km2':>10}")
    for label, d in rows:
        print(f"{label:<32}" + "".join(f"{100 * d.shares[s]:7.2f}%" for s in cs.STATES) + f"{d.total_area_km2:10,.0f}")


if __name__ == "__main__":
    main()
