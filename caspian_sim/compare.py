"""Side-by-side comparison of division methods."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .division import Division
from .errors import OptionError
from .methods import divide, get_method
from .methods.options import check_method_options
from .progress import progress as bar
from .sea import Sea, load_caspian
from .validate import finite_json, name_list
from .views import view

__all__ = ["Comparison", "compare", "DEFAULT_METHODS"]

#: Methods compared by default: every registered one that needs no arguments.
DEFAULT_METHODS: tuple[str, ...] = (
    "median", "modified_median", "equal_shares", "coast_proportional", "soviet_sectors",
    "condominium", "common_surface", "aktau_2018", "common_zone",
)


@dataclass(frozen=True)
class Comparison:
    """Divisions of one sea by several methods, with a reference (the median line)."""

    divisions: dict[str, Division]
    reference: Division

    @property
    def reference_method(self) -> str:
        return self.reference.method

    @property
    def states(self) -> tuple[str, ...]:
        return next(iter(self.divisions.values())).states

    def rows(self) -> list[dict[str, Any]]:
        """One row per method and state: share, area, change against the reference,
        share/coast ratio, field count."""
        ref = self.reference
        out = []
        for name, d in self.divisions.items():
            disp = d.disproportionality()
            for s in d.states:
                out.append({
                    "method": name,
                    "state": s,
                    "share_pct": round(100 * d.shares[s], 3),
                    "area_km2": round(d.areas_km2[s], 1),
                    "delta_pp": round(100 * (d.shares[s] - ref.shares[s]), 3),
                    "share_per_coast_share": round(disp[s], 3),
                    "common_pct": round(100 * d.common_share, 3),
                })
        return out

    def wide(self) -> list[dict[str, Any]]:
        """One row per method: each state's seabed share in %, the common seabed and
        the common water surface (in % of the sea)."""
        return [
            {"method": n, **{s: round(100 * d.shares[s], 2) for s in d.states}, "common": round(100 * d.common_share, 2),
             "common_surface": round(100 * d.common_surface_share, 2)}
            for n, d in self.divisions.items()
        ]

    def field_changes(self) -> dict[str, dict[str, tuple[str | None, str | None]]]:
        """Fields whose owner differs from the reference: method -> field -> (reference owner, owner)."""
        ref = self.reference.field_owners()
        out: dict[str, dict[str, tuple[str | None, str | None]]] = {}
        for name, d in self.divisions.items():
            own = d.field_owners()
            diff = {f: (ref.get(f), o) for f, o in own.items() if ref.get(f) != o}
            if diff:
                out[name] = diff
        return out

    def to_dict(self) -> dict[str, Any]:
        return finite_json({
            "reference": self.reference_method,
            "methods": {n: d.to_dict() for n, d in self.divisions.items()},
            "field_owners": {n: d.field_owners() for n, d in self.divisions.items()},
        })

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """GeoJSON FeatureCollection of every method's sectors, boundaries and common areas (``method`` property)."""
        feats = [{**f, "properties": {**f["properties"], "method": name}}
                 for name, d in self.divisions.items() for f in d.__geo_interface__["features"]]
        return finite_json({"type": "FeatureCollection", "features": feats})  # type: ignore[no-any-return]

    def to_frame(self):  # type: ignore[no-untyped-def]
        """Long-format pandas DataFrame of :meth:`rows` (needs pandas)."""
        from ._optional import require

        return require("pandas", "to_frame()").DataFrame(self.rows())

    def plot(self, ax=None, **kwargs):  # type: ignore[no-untyped-def]
        """Bar chart of shares by method (see :func:`caspian_sim.plot.plot_shares`)."""
        return view("comparison.plot")(self, ax=ax, **kwargs)

    def _repr_html_(self) -> str:
        svg_map = view("division.svg")
        maps = "".join(
            f'<figure style="margin:0 .5em;text-align:center">{svg_map(d, height=150)}'
            f"<figcaption><code>{html.escape(n)}</code></figcaption></figure>"
            for n, d in self.divisions.items()
        )
        cols = (*self.states, "common", "common_surface")
        head = "".join(f"<th>{html.escape(s)}</th>" for s in cols)
        body = "".join(
            f"<tr><td>{html.escape(r['method'])}</td>"
            + "".join(f"<td>{r[s]:.2f}%</td>" for s in cols) + "</tr>"
            for r in self.wide()
        )
        return (f"<div><table><thead><tr><th>method</th>{head}</tr></thead><tbody>{body}</tbody></table>"
                f'<div style="display:flex;flex-wrap:wrap">{maps}</div></div>')


def compare(
    methods: Iterable[str] | None = None,
    sea: Sea | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    reference: str = "median",
    progress: bool | None = None,
) -> Comparison:
    """Run several methods on one sea and put their results side by side.

    Parameters
    ----------
    methods : iterable of str, optional
        Default :data:`DEFAULT_METHODS`.
    sea : Sea, optional
        Default the Caspian without the Kara-Bogaz-Gol.
    options : mapping, optional
        Per-method options, e.g. ``{"common_zone": {"width_nm": 40}}``.
    reference : str
        Method the deltas are measured against (run if not listed).
    progress : bool, optional
        Show a progress bar (default: only in a terminal or notebook; see
        :mod:`caspian_sim.progress`).

    Examples
    --------
    >>> c = compare(["median", "soviet_sectors"])
    >>> [r["method"] for r in c.wide()]
    ['median', 'soviet_sectors']
    """
    sea = sea if sea is not None else load_caspian()
    names = name_list(methods, "methods", "method") if methods is not None else list(DEFAULT_METHODS)
    if not names:
        raise OptionError("methods is empty; name at least one method (see available_methods())")
    if len(set(names)) != len(names):
        raise OptionError(f"methods names a method twice: {names}")
    if options is not None and not isinstance(options, Mapping):
        raise OptionError(f"options must be a mapping method -> {{option: value}}, e.g. {{'modified_median': "
                          f"{{'island_effect': 0.5}}}}, got {type(options).__name__}")
    options = dict(options or {})
    for n in (*names, reference):
        get_method(n)  # unknown names fail before any work, listing the methods
    for n, opts in options.items():
        get_method(n)
        if not isinstance(opts, Mapping):
            raise OptionError(f"options[{n!r}] must be a mapping of that method's options, got {opts!r}")
        check_method_options(n, opts)  # bad options fail before any work too
    divisions = {n: divide(n, sea, **dict(options.get(n, {})))
                 for n in bar(names, total=len(names), desc="dividing", enabled=progress)}
    ref = divisions.get(reference) or divide(reference, sea, **dict(options.get(reference, {})))
    return Comparison(divisions, ref)
