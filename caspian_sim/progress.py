"""Progress bars for long jobs (compare, Monte Carlo, sweeps, backtests), quiet unless someone is watching.

A bar is drawn with tqdm (optional extra ``[progress]``; ``tqdm.auto`` draws a
widget in Jupyter) when the job is asked to show progress, or -- by default --
when standard error is a terminal or the code runs in a Jupyter kernel. It is
never drawn when ``progress=False``, when the environment variable
``CASPIAN_SIM_PROGRESS=0`` is set, or when tqdm is not installed (then a job
runs exactly as without a bar). Bars never change results.

Examples
--------
>>> from caspian_sim.progress import progress
>>> list(progress(range(3), desc="counting", enabled=False))
[0, 1, 2]
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

__all__ = ["progress", "wanted"]

T = TypeVar("T")


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    try:
        ip = shell.get_ipython() if shell is not None else None  # type: ignore[attr-defined]
    except Exception:  # pragma: no cover - an IPython without a shell
        return False
    return ip is not None and type(ip).__name__ == "ZMQInteractiveShell"


def wanted(enabled: bool | None = None) -> bool:
    """Whether to draw a bar: ``enabled`` if given, else only when someone is watching.

    Raises OptionError unless ``enabled`` is True, False or None.
    """
    if enabled is not None and type(enabled).__name__ not in ("bool", "bool_"):
        from .errors import OptionError

        raise OptionError(f"progress must be True, False or None (only in a terminal or notebook), got {enabled!r}")
    if os.environ.get("CASPIAN_SIM_PROGRESS", "").strip() == "0":
        return False
    if enabled is not None:
        return bool(enabled)
    try:
        tty = sys.stderr.isatty()
    except (AttributeError, ValueError):
        tty = False
    return tty or _in_notebook()


def progress(items: Iterable[T], *, total: int | None = None, desc: str | None = None,
             enabled: bool | None = None) -> Iterator[T]:
    """``items``, with a tqdm bar when :func:`wanted` and tqdm is installed."""
    if not wanted(enabled):
        return iter(items)
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - tqdm is optional
        return iter(items)
    return iter(tqdm(items, total=total, desc=desc, leave=False))
