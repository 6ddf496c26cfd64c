"""Multi-issue proposals, and scenario files (TOML) that describe them.

A proposal fixes the seabed division (a registered method with options, or
explicit shares) and any of the other issues of the regime. Issues left out
are not part of the proposal and are not scored.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ScenarioError
from .positions import SCALE_ISSUES, issue_anchors

__all__ = ["Proposal", "load_scenario", "proposal_from_dict"]


@dataclass(frozen=True)
class Proposal:
    """A package on the regime's issues.

    Attributes
    ----------
    name : str
    seabed_method : str or None
        A registered division method (with ``seabed_options``), or None.
    seabed_shares : dict or None
        Explicit seabed shares (fractions summing to 1) instead of a method.
    values : dict
        Scale issue -> value in [0, 1] (see :func:`~.positions.issue_anchors`).
    territorial_sea_nm, fishing_zone_nm : float or None
    bilateral_pair : tuple or None
        For a bilateral deal: the two neighbours it is between.
    """

    name: str = "proposal"
    seabed_method: str | None = None
    seabed_options: dict[str, Any] = field(default_factory=dict)
    seabed_shares: dict[str, float] | None = None
    values: dict[str, float] = field(default_factory=dict)
    territorial_sea_nm: float | None = None
    fishing_zone_nm: float | None = None
    bilateral_pair: tuple[str, str] | None = None

    @property
    def issues(self) -> tuple[str, ...]:
        """Issues this proposal takes a position on."""
        out = list(self.values)
        if self.seabed_method or self.seabed_shares:
            out.append("seabed")
        if self.territorial_sea_nm is not None:
            out.append("territorial_sea_nm")
        if self.fishing_zone_nm is not None:
            out.append("fishing_zone_nm")
        return tuple(out)


_TOP = {"name", "date", "description", "seabed", "issues", "zones", "bilateral"}
_SEABED = {"method", "options", "shares"}
_ZONES = {"territorial_sea_nm", "fishing_zone_nm"}


def _where(path: str) -> str:
    return f"[{path}]" if path else "the top level"


def _check_keys(table: Mapping[str, Any], allowed: set[str], path: str) -> None:
    bad = sorted(set(table) - allowed)
    if bad:
        raise ScenarioError(f"unknown key(s) {bad} in {_where(path)}; allowed: {sorted(allowed)}")


def _number(v: Any, path: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise ScenarioError(f"{path} must be a number, got {v!r}")
    return float(v)


def _optional_number(zones: Mapping[str, Any], key: str) -> float | None:
    return _number(zones[key], f"zones.{key}") if key in zones else None


def _scale_value(issue: str, v: Any) -> float:
    anchors = issue_anchors(issue)
    if isinstance(v, str):
        if v not in anchors:
            raise ScenarioError(f"issues.{issue} = {v!r} is not one of {sorted(anchors)} (or a number in [0, 1])")
        return anchors[v]
    x = _number(v, f"issues.{issue}")
    if not 0 <= x <= 1:
        raise ScenarioError(f"issues.{issue} must be in [0, 1], got {x}")
    return x


def _shares(v: Any) -> dict[str, float]:
    if not isinstance(v, Mapping) or not v:
        raise ScenarioError("seabed.shares must be a table such as {RUS = 19, KAZ = 29, ...}")
    shares = {str(k): _number(x, f"seabed.shares.{k}") for k, x in v.items()}
    total = sum(shares.values())
    if abs(total - 100) < 1e-6:
        return {k: x / 100 for k, x in shares.items()}
    if abs(total - 1) < 1e-9:
        return shares
    raise ScenarioError(f"seabed.shares must sum to 100% (or 1.0), they sum to {total:g}")


def proposal_from_dict(d: Mapping[str, Any]) -> Proposal:
    """Build a Proposal from parsed scenario data, validating every field.

    Examples
    --------
    >>> p = proposal_from_dict({"name": "x", "seabed": {"method": "median"},
    ...                         "issues": {"decision_rule": "unanimity"}})
    >>> p.values
    {'decision_rule': 1.0}
    """
    from ..errors import CaspianSimError
    from ..methods import get_method

    _check_keys(d, _TOP, "")
    name = d.get("name", "proposal")
    if not isinstance(name, str):
        raise ScenarioError(f"name must be a string, got {name!r}")
    seabed = d.get("seabed", {})
    if not isinstance(seabed, Mapping):
        raise ScenarioError("[seabed] must be a table")
    _check_keys(seabed, _SEABED, "seabed")
    method, shares = seabed.get("method"), seabed.get("shares")
    if method is not None and shares is not None:
        raise ScenarioError("[seabed] takes either method or shares, not both")
    if method is not None:
        if not isinstance(method, str):
            raise ScenarioError(f"seabed.method must be a string, got {method!r}")
        try:
            get_method(method)
        except CaspianSimError as exc:
            raise ScenarioError(f"seabed.method: {exc}") from None
    options = seabed.get("options", {})
    if not isinstance(options, Mapping):
        raise ScenarioError("[seabed.options] must be a table")
    issues = d.get("issues", {})
    if not isinstance(issues, Mapping):
        raise ScenarioError("[issues] must be a table")
    _check_keys(issues, set(SCALE_ISSUES), "issues")
    zones = d.get("zones", {})
    if not isinstance(zones, Mapping):
        raise ScenarioError("[zones] must be a table")
    _check_keys(zones, _ZONES, "zones")
    pair = d.get("bilateral")
    if pair is not None and not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
        raise ScenarioError(f"bilateral must be a list of two state codes, got {pair!r}")
    return Proposal(
        name=name,
        seabed_method=method,
        seabed_options=dict(options),
        seabed_shares=_shares(shares) if shares is not None else None,
        values={k: _scale_value(k, v) for k, v in issues.items()},
        territorial_sea_nm=_optional_number(zones, "territorial_sea_nm"),
        fishing_zone_nm=_optional_number(zones, "fishing_zone_nm"),
        bilateral_pair=(pair[0], pair[1]) if pair else None,
    )


def load_scenario(path: str | Path) -> tuple[Proposal, str | None]:
    """Read a TOML scenario file: the proposal and its date (if given).

    Raises ScenarioError naming the file and the field for any problem.
    """
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError(f"scenario file {p} not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{p}: not valid TOML ({exc})") from None
    try:
        prop = proposal_from_dict(data)
    except ScenarioError as exc:
        raise ScenarioError(f"{p}: {exc}") from None
    when = data.get("date")
    if when is not None and not isinstance(when, str):
        when = str(when)
    return prop, when
