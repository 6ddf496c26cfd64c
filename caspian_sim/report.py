"""A standalone HTML report: one self-contained page anyone can open, no Python and no network needed.

The page holds the comparison of division methods (table and inline SVG
maps), the oil and gas fields that change hands against the median line, the
verdict of the states on each method as a seabed proposal -- or on a scenario
file -- at a date, and the sources of every datum used. Everything is inline
(SVG, CSS); the page loads nothing and runs no script.

Examples
--------
>>> from caspian_sim.report import report_html
>>> page = report_html(methods=["median", "soviet_sectors"])
>>> page.startswith("<!DOCTYPE html>") and "<svg" in page and "http" not in page.split("<body>")[0]
True
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ._html import VERDICT_HEAD, table, verdict_rows
from .compare import Comparison, compare
from .sea import STATE_NAMES, Sea, load_caspian
from .validate import output_path, writing

__all__ = ["report_html", "write_report"]

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{margin:.6em 0;font-size:.92em}th,td{border:1px solid #ccc}td{font-variant-numeric:tabular-nums}
thead th{background:#f2f2f2}
.legend span{display:inline-block;margin-right:1em}.legend i{display:inline-block;width:1em;height:1em;
margin-right:.3em;vertical-align:-.15em;border:1px solid #888;opacity:.7}
.note{color:#555;font-size:.9em}
figure{display:inline-block;margin:.3em;text-align:center}figcaption{font-size:.85em}
"""


def _legend(states: Sequence[str]) -> str:
    from ._svg import colour

    keys = [(STATE_NAMES.get(s, s), colour(s, i)) for i, s in enumerate(states)] + [("common", "#cccccc")]
    return "<p class='legend'>" + "".join(f"<span><i style='background:{c}'></i>{html.escape(n)}</span>"
                                          for n, c in keys) + "</p>"


def _comparison_section(c: Comparison) -> str:
    from ._svg import svg_map

    cols = (*c.states, "common")
    rows = [[html.escape(r["method"]), *(f"{r[s]:.2f}%" for s in cols)] for r in c.wide()]
    maps = "".join(f"<figure>{svg_map(d, height=220)}<figcaption>{html.escape(n)}</figcaption></figure>"
                   for n, d in c.divisions.items())
    return ("<h2 id='comparison'>Seabed shares by division method</h2>"
            "<p class='note'>Share of the seabed of each state, geodesic areas on the WGS84 ellipsoid; "
            "'common' is seabed outside every national sector.</p>"
            + table(["method", *cols], rows, "comparison") + _legend(c.states) + f"<div class='maps'>{maps}</div>")


def _fields_section(c: Comparison) -> str:
    changes = c.field_changes()
    if not changes:
        return "<h2 id='fields'>Fields that change hands</h2><p>No field changes owner against the median line.</p>"
    rows = [[html.escape(m), html.escape(f), html.escape(a or "-"), html.escape(b or "-")]
            for m, diff in changes.items() for f, (a, b) in diff.items()]
    return ("<h2 id='fields'>Fields that change hands</h2>"
            f"<p class='note'>Against the {html.escape(c.reference_method)} line; 'uncertain' where the field's "
            "position uncertainty circle crosses a line.</p>"
            + table(["method", "field", "owner under the median line", "owner under the method"], rows, "fields"))


def _scoring_section(proposals: Sequence[Any], at: str, sea: Sea) -> str:
    from .negotiation import score
    from .negotiation.model import build_model

    model = build_model(at, sea)
    parts = [f"<h2 id='scoring'>Who accepts, who blocks, on what (positions as of {html.escape(str(model.at))})</h2>",
             "<p class='note'>Unanimity rule of the five littoral states; a state accepts when the proposal "
             "is worth at least its status quo to it.</p>"]
    for p in proposals:
        sc = score(p, sea=sea, model=model)
        verdict = "accepted by all five" if sc.unanimous else "blocked"
        parts.append(f"<h3>{html.escape(p.name)}: {verdict}</h3>")
        parts.append(table(VERDICT_HEAD, verdict_rows(sc), "scoring"))
    return "".join(parts)


def _sources_section(sea: Sea) -> str:
    from .fields import load_fields
    from .treaties import load_treaty_lines

    items = [f"Coastline: {sea.metadata.get('source', '')}. {sea.metadata.get('citation', '')} "
             f"Licence: {sea.metadata.get('licence', '')}.",
             f"Land border termini: {sea.metadata.get('termini_source', '')}"]
    for line in load_treaty_lines():
        items.append(f"{line.name} (signed {line.signed}): {line.source}")
    items.extend(f"Field {f.name}: {f.source}" for f in load_fields())
    items.append("Positions of the states: caspian_sim/data/positions.json (each record with its source and date); "
                 "source documents digested in shared/seeds/DIGEST.md.")
    return "<h2 id='sources'>Sources</h2><ul>" + "".join(f"<li>{html.escape(str(i))}</li>" for i in items) + "</ul>"


def report_html(methods: Sequence[str] | None = None, *, scenario: str | Path | None = None,
                at: str | None = None, sea: Sea | None = None) -> str:
    """The report as one HTML string (see the module docstring).

    Parameters
    ----------
    methods : list of str, optional
        Methods compared (default: those of :func:`~caspian_sim.compare.compare`).
    scenario : path, optional
        A TOML scenario file scored instead of the methods themselves.
    at : str, optional
        Date of the positions (default: the scenario's date, else 2018-08-11, the Aktau Convention).
    sea : Sea, optional
        Default: the Caspian.
    """
    from .negotiation import Proposal, load_scenario

    sea = sea if sea is not None else load_caspian()
    c = compare(methods, sea)
    if scenario is not None:
        proposal, when = load_scenario(scenario)
        proposals, at = [proposal], at or when or "2018-08-11"
    else:
        proposals = [Proposal(f"seabed by {m}", seabed_method=m) for m in c.divisions]
        at = at or "2018-08-11"
    states = ", ".join(f"{STATE_NAMES.get(s, s)} ({s})" for s in sea.states)
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width,initial-scale=1'>"
            f"<title>caspian-sim report: {html.escape(sea.name)}</title><style>{_CSS}</style></head><body>"
            f"<h1>The legal status of the Caspian Sea: a caspian-sim report</h1>"
            f"<p class='note'>{html.escape(states)}. Written {date.today().isoformat()} by caspian-sim "
            f"{_version()}; every number on this page was computed by the library.</p>"
            + _comparison_section(c) + _fields_section(c) + _scoring_section(proposals, at, sea)
            + _sources_section(sea) + "</body></html>")


def write_report(path: str | Path, **kwargs: Any) -> Path:
    """Write :func:`report_html` to ``path`` (.html) and return the path."""
    out = output_path(path, "output", (".html", ".htm"))
    text = report_html(**kwargs)
    with writing(out, "output"):
        out.write_text(text, encoding="utf-8")
    return out


def _version() -> str:
    from . import __version__

    return __version__
