"""The ``caspian-sim`` command.

A stable contract (see the README): ``methods``, ``shares``, and, as the
library grows, ``compare``, ``map``, ``score``, ``backtest``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import traceback
from collections.abc import Sequence
from typing import Any

from .errors import CaspianSimError, OptionError
from .methods import available_methods, divide
from .sea import load_caspian
from .validate import dumps, integer, output_path, writing

FORMATS = ("table", "json", "csv")


def _parse_value(text: str) -> Any:
    """Parse ``--option key=value`` values: JSON if possible (NaN and Infinity stay text,
    so the option's spec refuses them by name), else the string."""
    try:
        return json.loads(text, parse_constant=lambda c: c)
    except (json.JSONDecodeError, RecursionError):
        return text


def _options(pairs: Sequence[str]) -> dict[str, Any]:
    out = {}
    for p in pairs:
        if "=" not in p:
            raise OptionError(f"--option expects KEY=VALUE, got {p!r}")
        k, v = p.split("=", 1)
        key = k.strip().replace("-", "_")
        if not key:
            raise OptionError(f"--option {p!r} has an empty KEY; write KEY=VALUE, e.g. -O islands=sea")
        if key in out:
            raise OptionError(f"--option {key} is given twice")
        out[key] = _parse_value(v)
    return out


def render_rows(rows: list[dict[str, Any]], fmt: str) -> str:
    """Rows of dicts as an aligned text table or CSV."""
    if not rows:
        return ""
    cols = list(rows[0])
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        return buf.getvalue()
    cells = [[_fmt(r[c]) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    line = lambda vals: "  ".join(v.rjust(w) for v, w in zip(vals, widths))  # noqa: E731
    return "\n".join([line(cols), line(["-" * w for w in widths]), *map(line, cells)]) + "\n"


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.2f}"
    return str(v)


def cmd_methods(args: argparse.Namespace) -> str:
    rows = [{"method": k, "description": v} for k, v in available_methods().items()]
    if args.format == "json":
        return dumps(available_methods(), indent=2) + "\n"
    if args.format == "table":
        w = max(len(r["method"]) for r in rows)
        return "".join(f"{r['method']:<{w}}  {r['description']}\n" for r in rows)
    return render_rows(rows, "csv")


def cmd_shares(args: argparse.Namespace) -> str:
    sea = load_caspian(kara_bogaz_gol=args.kara_bogaz_gol)
    d = divide(args.method, sea, **_options(args.option))
    data = d.to_dict()
    data["options"]["kara_bogaz_gol"] = args.kara_bogaz_gol
    if args.format == "json":
        return dumps(data, indent=2) + "\n"
    rows = [
        {
            "state": s,
            "share_pct": round(100 * data["shares"][s], 4),
            "area_km2": data["areas_km2"][s],
            "coast_km": data["coast_km"][s],
        }
        for s in data["shares"]
    ]
    if args.format == "table":
        kind = "delimited" if "undelimited" in data.get("common_km2", {}) else "total"
        head = f"method: {d.method}  options: {data['options']}\n{kind} area: {data['total_area_km2']:,.0f} km2\n"
        head += "".join(f"{k} (not in any national sector): {v:,.0f} km2\n"
                        for k, v in data.get("common_km2", {}).items() if k != "surface")
        return head + render_rows(rows, "table")
    return render_rows(rows, "csv")


def cmd_compare(args: argparse.Namespace) -> str:
    from .compare import DEFAULT_METHODS, compare

    sea = load_caspian(kara_bogaz_gol=args.kara_bogaz_gol)
    names = [m.strip() for m in args.methods.split(",")] if args.methods is not None else list(DEFAULT_METHODS)
    if any(not n for n in names):
        raise OptionError(f"--methods {args.methods!r} has an empty name; give names separated by commas")
    c = compare(names, sea)
    if args.format == "json":
        return dumps(c.to_dict(), indent=2) + "\n"
    if args.format == "csv":
        return render_rows(c.rows(), "csv")
    out = render_rows(c.wide(), "table")
    changes = c.field_changes()
    if changes:
        out += "\nfields that change hands against the median line:\n"
        for m, diff in changes.items():
            out += f"  {m}: " + "; ".join(f"{f} {a or '-'} -> {b or '-'}" for f, (a, b) in diff.items()) + "\n"
    return out


def cmd_map(args: argparse.Namespace) -> str:
    import matplotlib

    matplotlib.use("Agg")
    out = output_path(args.output, "--output", (".png", ".pdf", ".svg"))
    dpi = integer(args.dpi, "--dpi", lo=20, hi=1200)
    sea = load_caspian(kara_bogaz_gol=args.kara_bogaz_gol)
    d = divide(args.method, sea, **_options(args.option))
    ax = d.plot()
    with writing(out, "--output"):
        ax.figure.savefig(out, dpi=dpi, bbox_inches="tight")
    return f"wrote {out}\n"


def cmd_score(args: argparse.Namespace) -> str:
    from .negotiation import load_scenario, score

    proposal, when = load_scenario(args.scenario)
    at = args.date if args.date is not None else (when or "2018-08-11")
    sc = score(proposal, at=at, sea=load_caspian(kara_bogaz_gol=args.kara_bogaz_gol))
    if args.format == "json":
        return dumps(sc.to_dict(), indent=2) + "\n"
    head = (f"proposal: {proposal.name}\npositions as of: {sc.at.isoformat()}\n"
            f"unanimous (all five): {'yes' if sc.unanimous else 'no'}\n")
    if sc.shares:
        head += "seabed shares: " + ", ".join(f"{k} {100 * v:.2f}%" for k, v in sc.shares.items()) + "\n"
    tail = "bilateral (neighbours whose sectors meet): " + ", ".join(
        f"{k} {'yes' if v else 'no'}" for k, v in sc.bilateral.items()) + "\n"
    if sc.objectors:
        tail += f"third states objecting to this bilateral deal: {', '.join(sc.objectors)}\n"
    return head + render_rows(sc.rows(), "table") + tail


def cmd_backtest(args: argparse.Namespace) -> str:
    from .negotiation.backtest import backtest

    r = backtest(load_caspian(), draws=integer(args.draws, "--draws", lo=1, hi=1_000_000),
                 seed=integer(args.seed, "--seed", lo=0))
    if args.format == "json":
        return dumps(r.to_dict(), indent=2) + "\n"
    rows = [{k: v for k, v in row.items() if k != "date"} for row in r.rows]
    return (render_rows(rows, "table")
            + f"\n{r.correct} of {r.total} state decisions reproduced ({100 * r.hit_rate:.1f}%); "
              f"Brier score {r.brier:.4f} ({r.draws} Monte Carlo draws per episode)\n\ncalibration:\n"
            + render_rows([{k: ("-" if v is None else v) for k, v in b.items()} for b in r.calibration()], "table"))


def cmd_fidelity(args: argparse.Namespace) -> str:
    from .line_fidelity import fidelity

    rows = fidelity()
    if args.format == "json":
        return dumps(rows, indent=2) + "\n"
    short = [{**r, "status": r["status"].split(":")[0].split(" (")[0]} for r in rows]
    return render_rows(short, args.format)


def cmd_report(args: argparse.Namespace) -> str:
    from .report import write_report

    methods = None if args.methods is None else [m.strip() for m in args.methods.split(",")]
    out = write_report(args.output, methods=methods, scenario=args.scenario, at=args.date,
                       sea=load_caspian(kara_bogaz_gol=args.kara_bogaz_gol))
    return f"wrote {out}\n"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="caspian-sim", description="Divide the Caspian Sea and model the negotiation over it.")
    p.add_argument("--debug", action="store_true", help="print the traceback of an internal error")
    common = argparse.ArgumentParser(add_help=False)  # --debug also after the command name
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", required=True)

    m = sub.add_parser("methods", parents=[common], help="list division methods")
    m.add_argument("--format", choices=FORMATS, default="table")
    m.set_defaults(func=cmd_methods)

    s = sub.add_parser("shares", parents=[common], help="seabed shares of each state under one method")
    s.add_argument("--method", default="median")
    s.add_argument("--format", choices=FORMATS, default="table")
    s.add_argument("--kara-bogaz-gol", action="store_true", help="include the Kara-Bogaz-Gol (default: excluded)")
    s.add_argument("--option", "-O", action="append", default=[], metavar="KEY=VALUE",
                   help="method option, e.g. -O islands=sea (repeatable)")
    s.set_defaults(func=cmd_shares)

    c = sub.add_parser("compare", parents=[common], help="all (or some) methods side by side")
    c.add_argument("--methods", default=None, help="comma-separated method names (default: all that need no arguments)")
    c.add_argument("--format", choices=FORMATS, default="table")
    c.add_argument("--kara-bogaz-gol", action="store_true", help="include the Kara-Bogaz-Gol (default: excluded)")
    c.set_defaults(func=cmd_compare)

    m2 = sub.add_parser("map", parents=[common], help="draw a map of one method's division")
    m2.add_argument("--method", default="median")
    m2.add_argument("-o", "--output", required=True, help="image file (.png, .pdf, .svg)")
    m2.add_argument("--dpi", type=int, default=150)
    m2.add_argument("--kara-bogaz-gol", action="store_true")
    m2.add_argument("--option", "-O", action="append", default=[], metavar="KEY=VALUE")
    m2.set_defaults(func=cmd_map)

    sc = sub.add_parser("score", parents=[common], help="score a proposal (TOML scenario) against the states' positions")
    sc.add_argument("scenario", help="TOML scenario file (see examples/scenarios/)")
    sc.add_argument("--date", default=None, help="positions as of YYYY[-MM[-DD]] (default: the file's date, else 2018-08-11)")
    sc.add_argument("--format", choices=("table", "json"), default="table")
    sc.add_argument("--kara-bogaz-gol", action="store_true")
    sc.set_defaults(func=cmd_score)

    fi = sub.add_parser("fidelity", parents=[common], help="distance of computed lines from the signed lines")
    fi.add_argument("--format", choices=FORMATS, default="table")
    fi.set_defaults(func=cmd_fidelity)

    bt = sub.add_parser("backtest", parents=[common], help="reproduce 15 dated episodes, 1998-2021")
    bt.add_argument("--format", choices=("table", "json"), default="table")
    bt.add_argument("--draws", type=int, default=2000, help="Monte Carlo draws per episode (default 2000)")
    bt.add_argument("--seed", type=int, default=0)
    bt.set_defaults(func=cmd_backtest)

    rp = sub.add_parser("report", parents=[common], help="a standalone HTML report (comparison, maps, fields, verdicts)")
    rp.add_argument("-o", "--output", required=True, help="HTML file to write")
    rp.add_argument("--scenario", default=None, help="TOML scenario to score (default: each method as a proposal)")
    rp.add_argument("--methods", default=None, help="comma-separated method names (default: those of compare)")
    rp.add_argument("--date", default=None, help="positions as of YYYY[-MM[-DD]] (default: the scenario's, else 2018-08-11)")
    rp.add_argument("--kara-bogaz-gol", action="store_true")
    rp.set_defaults(func=cmd_report)
    return p


#: Where to report an unexpected error (a bug: every bad input raises a CaspianSimError).
ISSUES_URL = "the project's issue tracker"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 2 bad input, 3 internal error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        out = args.func(args)
    except CaspianSimError as exc:
        print(f"caspian-sim: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug, not bad input: say so, and show the traceback on request
        if args.debug:
            traceback.print_exc()
        print(f"caspian-sim: internal error ({type(exc).__name__}: {exc}). This is a bug; please report it "
              f"to {ISSUES_URL} with the command you ran{'' if args.debug else ' (add --debug for the traceback)'}.",
              file=sys.stderr)
        return 3
    sys.stdout.write(out)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
