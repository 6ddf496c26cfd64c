"""Documented positions of the five states, issue by issue, over time.

One record per state x issue x date (``data/positions.json``), each with its
source: the seed documents by file name (``shared/seeds/DIGEST.md``) and other
public texts. :func:`positions` returns the state of play at any date: for
each state and issue the latest record on or before that date.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import unknown
from ..validate import calendar_date

__all__ = ["Position", "ISSUES", "SCALE_ISSUES", "load_positions", "positions", "parse_date", "issue_anchors"]


@dataclass(frozen=True)
class Position:
    """A state's stated position on one issue at one date."""

    state: str
    issue: str
    date: date
    value: Any
    salience: float
    source: str
    note: str = ""


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    return json.loads(resources.files("caspian_sim.data").joinpath("positions.json").read_text(encoding="utf-8"))


#: Issue name -> kind ("scale" in [0, 1], "method", "share", "number").
ISSUES: dict[str, str] = {k: v["kind"] for k, v in _raw()["issues"].items()}
#: Issues on a [0, 1] scale, in a fixed order (columns of the vectorised model).
SCALE_ISSUES: tuple[str, ...] = tuple(k for k, v in ISSUES.items() if v == "scale")


def issue_anchors(issue: str) -> dict[str, float]:
    """Named points of a scale issue, e.g. ``{"bilateral": 0.0, "unanimity": 1.0}``."""
    if issue not in ISSUES:
        raise unknown("issue", issue, ISSUES)
    return dict(_raw()["issues"][issue]["anchors"])


def parse_date(at: str | date, field: str = "date") -> date:
    """``"2003"``, ``"2003-07"`` or ``"2003-07-22"`` (the end of the period given) or a date,
    checked by :func:`caspian_sim.validate.calendar_date` (a real date, 1991 to today)."""
    return calendar_date(at, field)


@lru_cache(maxsize=1)
def load_positions() -> tuple[Position, ...]:
    """Every record of the dataset, in date order.

    Examples
    --------
    >>> recs = load_positions()
    >>> all(r.source for r in recs) and len({r.state for r in recs})
    5
    """
    out = [
        Position(r["state"], r["issue"], parse_date(r["date"]), r["value"], float(r["salience"]), r["source"], r["note"])
        for r in _raw()["records"]
    ]
    return tuple(sorted(out, key=lambda p: p.date))


def positions(at: str | date = "2018-08-11", before: bool = False) -> dict[str, dict[str, Position]]:
    """State -> issue -> the latest position on or before ``at`` (strictly before if ``before``).

    Examples
    --------
    >>> p = positions(at="2003-07")
    >>> p["IRN"]["min_share"].value
    0.2
    >>> p["RUS"]["regime"].value  # common surface, divided seabed
    0.5
    """
    when = parse_date(at)
    out: dict[str, dict[str, Position]] = {}
    for r in load_positions():
        if r.date < when or (r.date == when and not before):
            out.setdefault(r.state, {})[r.issue] = r
    return out
