"""Small HTML pieces shared by the displays, the what-if panel and the report (no styling framework).

Examples
--------
>>> t = table(["state", "share %"], [["IRN", "14.51"]])
>>> t.count("<td"), "text-align:right'>14.51</td>" in t
(2, True)
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

__all__ = ["table", "verdict_rows", "VERDICT_HEAD"]

_CELL = "padding:2px 8px"
#: Columns of :func:`verdict_rows`.
VERDICT_HEAD = ("state", "decision", "utility", "status quo", "blocks on")


def _numeric(cell: str) -> bool:
    return cell.rstrip("%").replace(",", "").replace(".", "", 1).lstrip("-").isdigit()


def table(head: Sequence[str], rows: Sequence[Sequence[str]], cls: str = "", caption: str = "") -> str:
    """An HTML table with inline styles (so it looks the same in a widget, a notebook or a page);
    cells are HTML already, numbers are right-aligned; ``caption`` is plain text."""
    th = "".join(f"<th style='{_CELL};text-align:left'>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td style='{_CELL};text-align:right'>{c}</td>" if _numeric(c)
                                    else f"<td style='{_CELL}'>{c}</td>" for c in r) + "</tr>" for r in rows)
    attr = f" class='{html.escape(cls)}'" if cls else ""
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table{attr} style='border-collapse:collapse'>{cap}<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def verdict_rows(score: Any) -> list[list[str]]:
    """Rows of :data:`VERDICT_HEAD` for a :class:`~caspian_sim.negotiation.scoring.Score`."""
    return [[html.escape(r["state"]), "<span style='color:#070'>accepts</span>" if r["accept"] else
             "<b style='color:#a00'>rejects</b>", f"{r['utility']:.3f}", f"{r['reservation']:.3f}",
             html.escape(r["blocks_on"])] for r in score.rows()]
