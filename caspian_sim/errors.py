"""Exceptions raised by caspian-sim.

Every error the library raises on bad input is a :class:`CaspianSimError`, so a
caller can catch one class; the subclasses say what kind of input was wrong.
Each message says what to fix.
"""

from __future__ import annotations

__all__ = [
    "CaspianSimError",
    "GeometryError",
    "UnknownNameError",
    "OptionError",
    "InfeasibleError",
    "ScenarioError",
]


class CaspianSimError(Exception):
    """Base class of every error raised by caspian-sim."""


class GeometryError(CaspianSimError, ValueError):
    """An invalid polygon, coast or point (self-intersecting, empty, off the coast...)."""


class UnknownNameError(CaspianSimError, KeyError):
    """An unknown state code, method, island or field name."""

    def __str__(self) -> str:  # KeyError quotes its message; we want it plain
        return str(self.args[0]) if self.args else ""


class OptionError(CaspianSimError, ValueError):
    """Options that are out of range or conflict with each other."""


class InfeasibleError(CaspianSimError, ValueError):
    """A target (shares, weights) that no admissible solution can meet."""


class ScenarioError(CaspianSimError, ValueError):
    """A malformed scenario or proposal file."""


def unknown(kind: str, name: object, known: object) -> UnknownNameError:
    """Build an :class:`UnknownNameError` listing the accepted names."""
    choices = ", ".join(sorted(map(str, known)))  # type: ignore[call-overload]
    return UnknownNameError(f"unknown {kind} {name!r}; choose one of: {choices}")
