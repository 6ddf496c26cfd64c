"""Multi-issue proposals, and scenario files (TOML) that describe them.

A proposal fixes the seabed division (a registered method with options, or
explicit shares) and any of the other issues of the regime. Issues left out
are not part of the proposal and are not scored.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import CaspianSimError, ScenarioError
from ..sea import STATES
from ..validate import calendar_date, number, state_code, state_pair
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

    def __post_init__(self) -> None:
        """Every field checked here, whether the proposal comes from Python or a scenario file."""
        from ..methods import get_method
        from ..methods.options import check_method_options

        if not isinstance(self.name, str) or not self.name.strip():
            raise ScenarioError(f"name must be a non-empty string, got {self.name!r}")
        if self.seabed_method is not None and self.seabed_shares is not None:
            raise ScenarioError("[seabed] takes either method or shares, not both")
        if self.seabed_method is not None:
            _as_scenario(lambda: get_method(self.seabed_method), "seabed.method")  # type: ignore[arg-type]
            opts = self.seabed_options
            if not isinstance(opts, Mapping):
                raise ScenarioError(f"seabed.options must be a table, got {opts!r}")
            set_ = object.__setattr__
            set_(self, "seabed_options", _as_scenario(lambda: check_method_options(self.seabed_method, opts), "seabed.options"))  # type: ignore[arg-type]
        elif self.seabed_options:
            raise ScenarioError("seabed.options given without seabed.method")
        if self.seabed_shares is not None:
            object.__setattr__(self, "seabed_shares", _shares(self.seabed_shares))
        if not isinstance(self.values, Mapping):
            raise ScenarioError(f"issues must be a table issue -> value, got {self.values!r}")
        _check_keys(self.values, set(SCALE_ISSUES), "issues")
        object.__setattr__(self, "values", {k: _scale_value(k, v) for k, v in self.values.items()})
        for key in ("territorial_sea_nm", "fishing_zone_nm"):
            v = getattr(self, key)
            if v is not None:
                object.__setattr__(self, key, number(v, f"zones.{key}", lo=0, hi=200, unit="nm", error=ScenarioError))
        if self.bilateral_pair is not None:
            pair = state_pair(self.bilateral_pair, "bilateral", STATES, error=ScenarioError)
            object.__setattr__(self, "bilateral_pair", pair)
        if not self.issues:
            raise ScenarioError(f"proposal {self.name!r} proposes nothing: give a seabed method or shares, "
                                f"values on the issues {list(SCALE_ISSUES)}, or zone breadths")

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


def _as_scenario(fn: Any, path: str) -> Any:
    """Run a check from the shared layer; its error becomes a ScenarioError naming the scenario field."""
    try:
        return fn()
    except ScenarioError:
        raise
    except CaspianSimError as exc:
        raise ScenarioError(f"{path}: {exc}") from None


def _scale_value(issue: str, v: Any) -> float:
    anchors = issue_anchors(issue)
    if isinstance(v, str):
        if v not in anchors:
            raise ScenarioError(f"issues.{issue} = {v!r} is not one of {sorted(anchors)} (or a number in [0, 1])")
        return anchors[v]
    return number(v, f"issues.{issue}", lo=0, hi=1, error=ScenarioError)


def _shares(v: Any) -> dict[str, float]:
    """Seabed shares of all five states, in percent (summing to 100) or fractions (summing to 1)."""
    if not isinstance(v, Mapping) or not v:
        raise ScenarioError("seabed.shares must be a table such as {RUS = 19, KAZ = 29, TKM = 19, IRN = 13, AZE = 20}")
    shares: dict[str, float] = {}
    for k, x in v.items():
        code = _as_scenario(lambda k=k: state_code(k, "seabed.shares", STATES), "seabed.shares")
        if code in shares:
            raise ScenarioError(f"seabed.shares names {code} twice")
        shares[code] = number(x, f"seabed.shares.{code}", lo=0, hi=100, error=ScenarioError)
    missing = [s for s in STATES if s not in shares]
    if missing:
        raise ScenarioError(f"seabed.shares must give every state's share; missing {missing}")
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
    if not isinstance(d, Mapping):
        raise ScenarioError(f"a scenario must be a table of keys, got {type(d).__name__}")
    _check_keys(d, _TOP, "")
    seabed = _table(d, "seabed")
    _check_keys(seabed, _SEABED, "seabed")
    issues = _table(d, "issues")
    zones = _table(d, "zones")
    _check_keys(zones, _ZONES, "zones")
    scenario_date(d)
    return Proposal(
        name=d.get("name", "proposal"),
        seabed_method=seabed.get("method"),
        seabed_options=_table(seabed, "options", "seabed.options"),
        seabed_shares=seabed.get("shares"),
        values=dict(issues),
        territorial_sea_nm=zones.get("territorial_sea_nm"),
        fishing_zone_nm=zones.get("fishing_zone_nm"),
        bilateral_pair=d.get("bilateral"),
    )


def _table(d: Mapping[str, Any], key: str, path: str | None = None) -> dict[str, Any]:
    v = d.get(key, {})
    if not isinstance(v, Mapping):
        raise ScenarioError(f"[{path or key}] must be a table, got {v!r}")
    return dict(v)


def scenario_date(d: Mapping[str, Any]) -> str | None:
    """The scenario's ``date`` (a TOML date, ``"YYYY[-MM[-DD]]"`` or a year), checked, as ISO text."""
    when = d.get("date")
    if when is None:
        return None
    if isinstance(when, int) and not isinstance(when, bool):
        when = str(when)
    if not isinstance(when, (str, date)) or isinstance(when, datetime):
        raise ScenarioError(f"date must be a date such as \"2003-07-22\" or 2003-07-22, got {when!r}")
    checked = calendar_date(when, "date", error=ScenarioError)
    return checked.isoformat() if isinstance(when, date) else when


def load_scenario(path: str | Path) -> tuple[Proposal, str | None]:
    """Read a TOML scenario file: the proposal and its date (if given).

    Raises ScenarioError naming the file and the field for any problem.
    """
    if not isinstance(path, (str, Path)) or not str(path).strip():
        raise ScenarioError(f"a scenario is a path to a TOML file, got {path!r}")
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError(f"scenario file {p} not found") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError, OSError) as exc:
        raise ScenarioError(f"scenario file {p} cannot be read as UTF-8 text ({exc.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{p}: not valid TOML ({exc})") from None
    try:
        return proposal_from_dict(data), scenario_date(data)
    except CaspianSimError as exc:
        raise ScenarioError(f"{p}: {exc}") from None
