#!/usr/bin/env python
"""Rebuild caspian_sim/data/capabilities.json from the Correlates of War NMC abridged file.

The National Material Capabilities data (v6.0) are distributed by the Correlates of War
Project as ``NMC-60-abridged.csv``. Download it (correlatesofwar.org, "National Material
Capabilities"), then run::

    python tools/build_capabilities.py path/to/NMC-60-abridged.csv

The shipped extract was built from the copy in the public GitHub repository
jcook125/Slide-Deck-Rmd (file NMC-60-abridged.csv at commit 71c64df), whose rows carry
version 2021 (NMC v6.0).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

#: COW country codes of the littoral states.
CCODE = {"RUS": 365, "KAZ": 705, "TKM": 701, "IRN": 630, "AZE": 373}
OUT = Path(__file__).resolve().parents[1] / "caspian_sim" / "data" / "capabilities.json"


def build(src: Path) -> dict:
    by_code = {v: k for k, v in CCODE.items()}
    rows = []
    with open(src, newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            code, year = int(r["ccode"]), int(r["year"])
            if code in by_code and year >= 1991:
                rows.append({"state": by_code[code], "year": year, "cinc": float(r["cinc"]), "version": r["version"]})
    rows.sort(key=lambda r: (r["year"], list(CCODE).index(r["state"])))
    return {
        "description": "Composite Index of National Capability (CINC) of the five littoral states, 1991 onwards: each "
                       "state's share of the world's total of six indicators (military expenditure and personnel, "
                       "iron and steel production, primary energy consumption, total and urban population).",
        "source": "Correlates of War Project, National Material Capabilities dataset v6.0 (NMC-60-abridged.csv); "
                  "Singer, J. D., Bremer, S., & Stuckey, J. (1972), in B. Russett (ed.), Peace, War, and Numbers, "
                  "Sage, 19-48; Greig, J. M., & Enterline, A. J. (2021), National Material Capabilities "
                  "Documentation, Version 6.0.",
        "licence": "Correlates of War Project data: publicly distributed for research use; cite the dataset and the "
                   "papers above. This file is a 130-row extract.",
        "built_by": "tools/build_capabilities.py",
        "date": "2026-11-28",
        "records": rows,
    }


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit("usage: python tools/build_capabilities.py path/to/NMC-60-abridged.csv")
    data = build(Path(argv[1]))
    OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(data['records'])} records)")


if __name__ == "__main__":
    main(sys.argv)
