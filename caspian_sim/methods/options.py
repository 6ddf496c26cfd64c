"""Every method option, declared once with its type, range and unit.

:func:`~caspian_sim.methods.divide` checks the options it is given against
these specs before any method runs, so a method never validates its own
options and the CLI (``-O key=value``), scenario files and Python calls get
the same messages. A test checks that every registered method's keyword
options are declared here.

Examples
--------
>>> check_method_options("median", {"resolution_km": 3})
{'resolution_km': 3.0}
>>> check_method_options("median", {"resolution_km": "abc"})
Traceback (most recent call last):
...
caspian_sim.errors.OptionError: resolution_km must be a finite number in [0.05, 100] km, got 'abc'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import OptionError
from ..sea import ISLAND_MODES
from ..validate import Choice, Number, OneOf, Optional, Spec, StateMap, calendar_date, check_options, number

__all__ = ["LINE_FAMILIES", "OPTION_SPECS", "TurningPointsSpec", "check_method_options"]


class TurningPointsSpec(Spec):
    """``"treaty"``, ``"none"``, None, or a list of ``{"states": [a, b, c], "lon": .., "lat": ..}``."""

    def __call__(self, value: Any, field: str) -> Any:
        if value is None or value in ("treaty", "none"):
            return value
        if isinstance(value, str) or not isinstance(value, Sequence) or not value:
            raise OptionError(f"{field} must be 'treaty', 'none' or a non-empty list of points, got {value!r}")
        return [self._point(p, f"{field}[{i}]") for i, p in enumerate(value)]

    @staticmethod
    def _point(p: Any, field: str) -> dict[str, Any]:
        if not (isinstance(p, Mapping) and {"states", "lon", "lat"} <= set(p)):
            raise OptionError(f"{field} needs 'states' (three codes), 'lon' and 'lat'; got {p!r}")
        states = p["states"]
        if isinstance(states, str) or not isinstance(states, Sequence) or len(states) != 3:
            raise OptionError(f"{field}.states must list three state codes, got {states!r}")
        codes = [s.strip() if isinstance(s, str) else s for s in states]
        if not all(isinstance(s, str) and s for s in codes) or len(set(codes)) != 3:
            raise OptionError(f"{field}.states must be three different states, got {codes}")
        lon = number(p["lon"], f"{field}.lon", lo=-180, hi=180, unit="degrees")
        lat = number(p["lat"], f"{field}.lat", lo=-90, hi=90, unit="degrees")
        return {**p, "states": codes, "lon": lon, "lat": lat}

    def describe(self) -> str:
        return "'treaty', 'none' or a list of {states, lon, lat}"


class DateSpec(Spec):
    """A calendar date from 1991 to today (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a date)."""

    def __call__(self, value: Any, field: str) -> Any:
        return calendar_date(value, field)

    def describe(self) -> str:
        return "a date YYYY[-MM[-DD]] from 1991 to today"


_EFFECT = Number(0, 1)

#: Line families of the target-share methods (see :mod:`caspian_sim.methods.targets`).
LINE_FAMILIES: tuple[str, ...] = ("additive", "multiplicative")

#: Option name -> spec, shared by every method that takes the option.
OPTION_SPECS: dict[str, Spec] = {
    "islands": Choice(ISLAND_MODES),
    "family": Choice(LINE_FAMILIES),
    "resolution_km": Number(0.05, 100, unit="km"),
    "tol": Number(1e-6, 5e-3, unit="(fraction of the sea; 1e-4 = 0.01 pp)"),
    "island_effect": OneOf((_EFFECT, StateMap(_EFFECT, example='{"Ogurja Ada": 0.5}'))),
    # state keys are checked against the sea's own states where the sea is known (custom seas have their own)
    "weights": Optional(StateMap(Number(1e-3, 1e3))),
    "targets": Optional(StateMap(Number(0, 100), total=1.0,  # 0 and 1 are infeasible: check_targets says so
                                  example='{"RUS": 0.2, "KAZ": 0.2, "TKM": 0.2, "IRN": 0.2, "AZE": 0.2}')),
    "turning_points": TurningPointsSpec(),
    "territorial_nm": Number(0, 15, lo_open=True, unit="nm (the Aktau Convention allows at most 15)"),
    "fishing_nm": Number(0, 100, unit="nm"),
    "width_nm": Optional(Number(0, 500, lo_open=True, unit="nm")),
    "common_fraction": Optional(Number(0, 1, lo_open=True, hi_open=True)),
    "at": Optional(DateSpec()),
}


def check_method_options(method: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """Options of a registered method, checked against :data:`OPTION_SPECS`."""
    from . import get_method

    info = get_method(method)
    specs = {k: OPTION_SPECS[k] for k in info.options}
    return check_options(options, specs, f"method {method!r}")
