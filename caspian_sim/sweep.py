"""Sweeps: one division method over a grid of its options, locally or on a cluster.

:func:`sweep` divides the sea once for every combination of option values
(island effects, weights, zone breadths, dates of the record ...) and returns
one row per combination with the shares and areas. Any object with a
``map(fn, iterable)`` method runs the jobs: a
:class:`concurrent.futures.ProcessPoolExecutor`, a Dask cluster through
``distributed.Client.get_executor()``, or a Ray pool. The rows come back in
grid order and are the same whichever executor computed them (no randomness).

Every combination is checked against the method's option specs before any
work starts, so a bad value fails at once, on the caller's machine, with the
usual :class:`~caspian_sim.errors.OptionError`.

Examples
--------
>>> from caspian_sim.sweep import sweep
>>> r = sweep("aktau_2018", {"fishing_nm": [10, 20]}, progress=False)
>>> [row["fishing_nm"] for row in r.rows]
[10, 20]
>>> r.rows[0]["share_IRN"] > 0
True
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ._html import table
from .errors import OptionError
from .methods import divide, get_method
from .methods.options import check_method_options
from .progress import progress as bar
from .sea import Sea, check_sea, load_caspian
from .validate import finite_json

__all__ = ["SweepResult", "sweep", "option_grid"]

#: Largest number of combinations one sweep runs.
MAX_COMBINATIONS = 10_000


@dataclass(frozen=True)
class SweepResult:
    """One row per option combination: the options, then ``share_<STATE>`` (fraction) and ``area_<STATE>`` (km²)."""

    method: str
    rows: tuple[dict[str, Any], ...]

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame (optional extra ``[pandas]``)."""
        from ._optional import require

        pd = require("pandas", "SweepResult.to_dataframe")
        return pd.DataFrame(list(self.rows))

    def to_dict(self) -> dict[str, Any]:
        return finite_json({"method": self.method, "rows": list(self.rows)})  # type: ignore[no-any-return]

    def _repr_html_(self) -> str:
        if not self.rows:
            return "<p>empty sweep</p>"
        cols = list(self.rows[0])
        return table(cols, [[_cell(r[c]) for c in cols] for r in self.rows], caption=f"sweep of {self.method}")


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4f}" if abs(v) < 10 else f"{v:,.0f}"
    return html.escape(str(v))


def option_grid(method: str, grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Every combination of ``grid``'s values, each checked against ``method``'s options (grid order).

    Examples
    --------
    >>> option_grid("aktau_2018", {"territorial_nm": [12, 15], "fishing_nm": [10]})
    [{'territorial_nm': 12, 'fishing_nm': 10}, {'territorial_nm': 15, 'fishing_nm': 10}]
    """
    get_method(method)
    if not isinstance(grid, Mapping) or not grid:
        raise OptionError(f"grid must be a non-empty mapping option -> list of values, got {grid!r}")
    names = list(grid)
    values = []
    for k in names:
        v = grid[k]
        if isinstance(v, (str, bytes, Mapping)) or not isinstance(v, Sequence) or len(v) == 0:
            raise OptionError(f"grid[{k!r}] must be a non-empty list of values, e.g. {{{k!r}: [..., ...]}}; got {v!r}")
        values.append(list(v))
    n = 1
    for v in values:
        n *= len(v)
    if n > MAX_COMBINATIONS:
        raise OptionError(f"the grid has {n:,} combinations; at most {MAX_COMBINATIONS:,} per sweep")
    combos = [dict(zip(names, c)) for c in itertools.product(*values)]
    for c in combos:
        check_method_options(method, c)
    return combos


def _divide_row(job: tuple[str, dict[str, Any], Sea | None]) -> dict[str, Any]:
    """One sweep job (module level, so that process pools and clusters can pickle it)."""
    method, options, sea = job
    d = divide(method, sea if sea is not None else load_caspian(), **options)
    row = dict(options)
    row.update({f"share_{s}": float(v) for s, v in d.shares.items()})
    row.update({f"area_{s}": float(v) for s, v in d.areas_km2.items()})
    return row


def sweep(method: str, grid: Mapping[str, Sequence[Any]], *, sea: Sea | None = None, executor: Any = None,
          progress: bool | None = None) -> SweepResult:
    """Divide the sea by ``method`` for every combination of the option values in ``grid``.

    Parameters
    ----------
    method : str
        A registered division method.
    grid : mapping
        Option name -> list of values, e.g. ``{"island_effect": [0, 0.5, 1]}``.
    sea : Sea, optional
        Default: the Caspian (then each worker loads it itself instead of
        receiving it).
    executor : object with ``map``, optional
        Runs the jobs, e.g. ``distributed.Client(...).get_executor()``;
        default: this process, one job after another (cached divisions are reused).
    progress : bool, optional
        Progress bar (default: only in a terminal or notebook).

    Returns
    -------
    SweepResult

    References
    ----------
    .. [1] Rocklin, M. (2015). Dask: parallel computation with blocked algorithms
       and task scheduling. *Proc. 14th Python in Science Conference*, 130-136.
    """
    combos = option_grid(method, grid)
    if sea is not None:
        check_sea(sea)  # here, not on a worker
    if executor is not None and not callable(getattr(executor, "map", None)):
        raise OptionError(f"executor must have a map(fn, iterable) method (an Executor), got {type(executor).__name__}")
    jobs = [(method, c, sea) for c in combos]
    results = executor.map(_divide_row, jobs) if executor is not None else map(_divide_row, jobs)
    rows = tuple(bar(results, total=len(jobs), desc=f"sweep {method}", enabled=progress))
    return SweepResult(method, rows)
