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

__version__ = "0.1.0"

__all__ = [
    "STATES",
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
