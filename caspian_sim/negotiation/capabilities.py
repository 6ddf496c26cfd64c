"""Capabilities of the littoral states: the Correlates of War CINC index, by year.

The dynamic models weight each state's pull by capability x salience
(:mod:`caspian_sim.negotiation.dynamics`). The shipped series is the Composite
Index of National Capability (CINC) of the Correlates of War National
Material Capabilities dataset v6.0 [1]_ [2]_, 1991-2016, extracted by
``tools/build_capabilities.py``. For a date after the last year the last
year's values are used (and said so in the result's ``year``).

References
----------
.. [1] Singer, J. D., Bremer, S., & Stuckey, J. (1972). Capability distribution,
   uncertainty, and major power war, 1820-1965. In B. Russett (ed.), *Peace,
   War, and Numbers*, Sage, 19-48.
.. [2] Greig, J. M., & Enterline, A. J. (2021). *National Material Capabilities
   (NMC) Data Documentation, Version 6.0*. Correlates of War Project.

Examples
--------
>>> cap = cinc("2003-07")
>>> cap.year, max(cap.values, key=cap.values.get)
(2003, 'RUS')
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from .positions import parse_date

__all__ = ["Capabilities", "cinc", "load_capabilities"]


@dataclass(frozen=True)
class Capabilities:
    """CINC values of the states in one year (shares of the world total; they need not sum to 1)."""

    year: int
    values: dict[str, float]
    source: str


@lru_cache(maxsize=1)
def load_capabilities() -> dict[int, dict[str, float]]:
    """Year -> state -> CINC, from ``data/capabilities.json``."""
    raw = json.loads(resources.files("caspian_sim.data").joinpath("capabilities.json").read_text(encoding="utf-8"))
    out: dict[int, dict[str, float]] = {}
    for r in raw["records"]:
        out.setdefault(int(r["year"]), {})[r["state"]] = float(r["cinc"])
    return out


def cinc(at: str | date) -> Capabilities:
    """The CINC values of the latest year on or before ``at`` (the last year shipped if ``at`` is later)."""
    when = parse_date(at, "at")
    years = sorted(load_capabilities())
    year = max([y for y in years if y <= when.year] or [years[0]])
    return Capabilities(year, dict(load_capabilities()[year]),
                        "Correlates of War NMC v6.0 (data/capabilities.json)")
