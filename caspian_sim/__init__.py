"""caspian-sim: the division of the Caspian Sea and the negotiation over it.

Geometry on the WGS84 ellipsoid (median and other division lines, areas and
shares) joined to a model of the littoral states' documented positions.

Examples
--------
>>> import caspian_sim as cs
>>> d = cs.divide("median")
>>> sorted(d.shares) == sorted(cs.STATES)
True
"""

from __future__ import annotations

from .compare import Comparison, compare
from .division import Division
from .equidistance import Partition, Tripoint, partition
from .errors import (
    CaspianSimError,
    GeometryError,
    InfeasibleError,
    OptionError,
    ScenarioError,
    UnknownNameError,
)
from .methods import available_methods, divide, get_method
from .sea import STATE_NAMES, STATES, Island, Sea, load_caspian

# the modules that draw the records register their views (Division.plot, the HTML display, ...);
# the records import none of them (see caspian_sim.views)
from . import _svg, fields, geo, plot  # noqa: E402,F401  isort: skip

__version__ = "0.1.0"

#: Entry points loaded on first use (PEP 562), so that ``import caspian_sim`` stays light:
#: name -> (module, attribute or None for the module itself).
_LAZY: dict[str, tuple[str, str | None]] = {
    "negotiation": ("caspian_sim.negotiation", None),
    "score": ("caspian_sim.negotiation", "score"),
    "Proposal": ("caspian_sim.negotiation", "Proposal"),
    "load_scenario": ("caspian_sim.negotiation", "load_scenario"),
    "positions": ("caspian_sim.negotiation", "positions"),
    "backtest": ("caspian_sim.negotiation.backtest", "backtest"),
    "monte_carlo": ("caspian_sim.negotiation.montecarlo", "monte_carlo"),
    "treaties": ("caspian_sim.treaties", None),
    "fidelity": ("caspian_sim.line_fidelity", "fidelity"),
    "load_treaty_lines": ("caspian_sim.treaties", "load_treaty_lines"),
    "disputes": ("caspian_sim.methods.claims", "disputes"),
    "field_owners": ("caspian_sim.fields", "field_owners"),
    "load_fields": ("caspian_sim.fields", "load_fields"),
    "sweep": ("caspian_sim.sweep", "sweep"),
    "WhatIf": ("caspian_sim.widgets", "WhatIf"),
    "what_if": ("caspian_sim.widgets", "what_if"),
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = importlib.import_module(module) if attr is None else getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'caspian_sim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})

__all__ = [
    "STATES",
    "Comparison",
    "compare",
    *_LAZY,
    "STATE_NAMES",
    "CaspianSimError",
    "Division",
    "GeometryError",
    "InfeasibleError",
    "Island",
    "OptionError",
    "Partition",
    "ScenarioError",
    "Sea",
    "Tripoint",
    "UnknownNameError",
    "available_methods",
    "divide",
    "get_method",
    "load_caspian",
    "partition",
]
