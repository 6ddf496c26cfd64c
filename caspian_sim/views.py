"""Views of the result records, registered by the modules that draw them.

:class:`~caspian_sim.division.Division` and
:class:`~caspian_sim.compare.Comparison` keep their convenience methods
(``plot()``, ``explore()``, ``to_geodataframe()``, ``field_owners()`` and the
Jupyter display), but import none of the modules that implement them: those
modules (:mod:`caspian_sim.plot`, :mod:`caspian_sim.geo`,
:mod:`caspian_sim._svg`, :mod:`caspian_sim.fields`) depend on the records and
register their functions here, and ``import caspian_sim`` imports them. Data
flows one way: records, then the views of them.

Examples
--------
>>> import caspian_sim
>>> from caspian_sim.views import view
>>> view("division.plot").__name__
'plot_division'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from .errors import CaspianSimError

__all__ = ["register", "view"]

F = TypeVar("F", bound=Callable[..., Any])
_VIEWS: dict[str, Callable[..., Any]] = {}


def register(name: str) -> Callable[[F], F]:
    """Decorator: ``fn`` implements the view ``name`` (e.g. ``"division.plot"``)."""
    def deco(fn: F) -> F:
        _VIEWS[name] = fn
        return fn
    return deco


def view(name: str) -> Callable[..., Any]:
    """The function registered for ``name``; CaspianSimError if no module registered it."""
    try:
        return _VIEWS[name]
    except KeyError:
        raise CaspianSimError(f"no view {name!r} is registered: import caspian_sim (it registers them all); "
                              f"registered: {sorted(_VIEWS)}") from None
