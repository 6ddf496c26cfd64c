"""Division methods: one module per method, each a pure function ``Sea -> Division``.

Methods register themselves by name with :func:`register`; :func:`divide` runs
one by name and checks its options. ``available_methods()`` lists them.

Examples
--------
>>> from caspian_sim.methods import available_methods
>>> "median" in available_methods()
True
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..division import Division
from ..errors import unknown
from ..sea import Sea, check_sea, load_caspian

__all__ = ["register", "available_methods", "get_method", "divide", "MethodInfo"]

MethodFn = Callable[..., Division]


@dataclass(frozen=True)
class MethodInfo:
    """A registered method: name, one-line description and the function."""

    name: str
    description: str
    fn: MethodFn

    @property
    def options(self) -> dict[str, Any]:
        """Keyword options and their defaults."""
        sig = inspect.signature(self.fn)
        return {k: p.default for k, p in sig.parameters.items() if p.kind is p.KEYWORD_ONLY}


_REGISTRY: dict[str, MethodInfo] = {}


def register(name: str, description: str) -> Callable[[MethodFn], MethodFn]:
    """Decorator registering a division method under ``name``; its options are checked
    against :data:`~caspian_sim.methods.options.OPTION_SPECS` on every call."""

    def deco(fn: MethodFn) -> MethodFn:
        @functools.wraps(fn)
        def checked(sea: Sea, **options: Any) -> Division:
            from .options import check_method_options

            return fn(check_sea(sea), **check_method_options(name, options))

        _REGISTRY[name] = MethodInfo(name, description, checked)
        return checked

    return deco


def available_methods() -> dict[str, str]:
    """Registered method names and their one-line descriptions."""
    return {k: v.description for k, v in _REGISTRY.items()}


def get_method(name: str) -> MethodInfo:
    """The registered method ``name``; UnknownNameError lists the choices."""
    if isinstance(name, str) and name in _REGISTRY:
        return _REGISTRY[name]
    raise unknown("method", name, _REGISTRY)


def divide(method: str = "median", sea: Sea | None = None, **options: Any) -> Division:
    """Divide ``sea`` (default: the Caspian without Kara-Bogaz-Gol) by a registered method.

    Parameters
    ----------
    method : str
        A name from :func:`available_methods`.
    sea : Sea, optional
        Default :func:`~caspian_sim.sea.load_caspian` ``()``.
    **options
        The method's keyword options; unknown ones raise OptionError.

    Notes
    -----
    Results are cached per sea object and options (Divisions are immutable),
    so methods that build on another (e.g. ``aktau_2018`` on
    ``modified_median``) and the negotiation model compute it once.

    Examples
    --------
    >>> d = divide("median")
    >>> round(sum(d.shares.values()), 9)
    1.0
    """
    from ._common import cached
    from .options import check_method_options

    info = get_method(method)
    options = check_method_options(method, options)  # checked before the cache key is made
    target = sea if sea is not None else load_caspian()
    # one computation per sea and effective options, shared by every caller (regimes, negotiation)
    key = ("divide", method, repr(sorted({**info.options, **options}.items())))
    return cached(target, key, lambda: info.fn(target, **options))  # type: ignore[no-any-return]


# register the built-in methods (import order = listing order)
from . import median, modified_median, regimes, soviet, targets  # noqa: E402,F401

from . import claims  # noqa: E402,F401  # isort: skip  (the record builds on the others: listed last)
