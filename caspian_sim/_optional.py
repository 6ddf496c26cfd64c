"""Lazy imports of optional dependencies with a clear error."""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import CaspianSimError


def require(module: str, what: str) -> ModuleType:
    """Import ``module`` or raise CaspianSimError saying how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise CaspianSimError(f"{what} needs the optional package {module!r}: pip install {module}") from exc
