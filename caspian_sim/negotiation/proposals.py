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
from ..validate import calendar_date, name_list, number, state_code, state_pair
from .positions import SCALE_ISSUES, issue_anchors

__all__ = ["JointZone", "Proposal", "load_scenario", "proposal_from_dict"]


@dataclass(frozen=True)
class JointZone:
    """An area developed jointly: named fields (their uncertainty circles) or a polygon, and the
    parties' shares of its revenue (fractions summing to 1).

    Examples
    --------
    >>> z = JointZone("Dostlug", {"AZE": 30, "TKM": 70}, fields=("Dostlug",))
    >>> z.shares
    {'AZE': 0.3, 'TKM': 0.7}
    """

    name: str
    shares: dict[str, float]
    fields: tuple[str, ...] = ()
    polygon: tuple[tuple[float, float], ...] = ()

    def __post_init__(self) -> None:
        from ..fields import get_field

        where = f"joint.{self.name}" if isinstance(self.name, str) else "joint"
        if not isinstance(self.name, str) or not self.name.strip():
            raise ScenarioError(f"a joint zone needs a non-empty name, got {self.name!r}")
        if not isinstance(self.shares, Mapping) or len(self.shares) < 2:
            raise ScenarioError(f"{where}.shares must give the revenue shares of two or more states, e.g. "
                                f"{{AZE = 30, TKM = 70}}; got {self.shares!r}")
        shares = {_as_scenario(lambda k=k: state_code(k, f"{where}.shares", STATES), f"{where}.shares"):
                  number(v, f"{where}.shares.{k}", lo=0, hi=100, error=ScenarioError) for k, v in self.shares.items()}
        total = sum(shares.values())
        if len(shares) < len(self.shares) or not (abs(total - 100) < 1e-6 or abs(total - 1) < 1e-9):
            raise ScenarioError(f"{where}.shares must name distinct states and sum to 100 (or 1), got {self.shares!r}")
        object.__setattr__(self, "shares", {k: v / total for k, v in shares.items()})
        if bool(self.fields) == bool(self.polygon):
            raise ScenarioError(f"{where} needs either fields = [...] or polygon = [[lon, lat], ...], not both or neither")
        if self.fields:
            names = _as_scenario(lambda: name_list(self.fields, f"{where}.fields", "field"), f"{where}.fields")
            object.__setattr__(self, "fields", tuple(_as_scenario(lambda n=n: get_field(n).name, f"{where}.fields")
                                                     for n in names))
        else:
            object.__setattr__(self, "polygon", _polygon(self.polygon, f"{where}.polygon"))

    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(self.shares)

    def geometry(self) -> Any:
        """The zone as a lon/lat (multi)polygon: the polygon, or the union of its fields' circles."""
        import shapely

        from ..fields import get_field

        if self.polygon:
            return shapely.Polygon(self.polygon)
        return shapely.union_all([get_field(n).circle() for n in self.fields])


def _polygon(value: Any, field: str) -> tuple[tuple[float, float], ...]:
    import shapely

    from ..equidistance import validate_polygon

    if isinstance(value, (str, Mapping)) or not isinstance(value, (list, tuple)) or len(value) < 3:
        raise ScenarioError(f"{field} must be a list of at least three [lon, lat] points, got {value!r}")
    pts = []
    for i, p in enumerate(value):
        if isinstance(p, (str, Mapping)) or not isinstance(p, (list, tuple)) or len(p) != 2:
            raise ScenarioError(f"{field}[{i}] must be [lon, lat], got {p!r}")
        pts.append((number(p[0], f"{field}[{i}] lon", lo=-180, hi=180, error=ScenarioError),
                    number(p[1], f"{field}[{i}] lat", lo=-90, hi=90, error=ScenarioError)))
    _as_scenario(lambda: validate_polygon(shapely.Polygon(pts), field), field)
    return tuple(pts)


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
    joint: tuple[JointZone, ...] = ()

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
        if not isinstance(self.joint, (list, tuple)) or not all(isinstance(z, JointZone) for z in self.joint):
            raise ScenarioError(f"joint must be a list of JointZone, got {self.joint!r}")
        object.__setattr__(self, "joint", tuple(self.joint))
        if not self.issues:
            raise ScenarioError(f"proposal {self.name!r} proposes nothing: give a seabed method or shares, "
                                f"values on the issues {list(SCALE_ISSUES)}, or zone breadths")

    @property
    def issues(self) -> tuple[str, ...]:
        """Issues this proposal takes a position on."""
        out = list(self.values)
        if self.seabed_method or self.seabed_shares or self.joint:
            out.append("seabed")
        if self.territorial_sea_nm is not None:
            out.append("territorial_sea_nm")
        if self.fishing_zone_nm is not None:
            out.append("fishing_zone_nm")
        return tuple(out)


_TOP = {"name", "date", "description", "seabed", "issues", "zones", "bilateral", "joint"}
_JOINT = {"name", "fields", "polygon", "shares"}
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
        joint=_joint_zones(d.get("joint")),
    )


def _joint_zones(value: Any) -> tuple[JointZone, ...]:
    """``[joint.NAME]`` tables (name -> table) or ``[[joint]]`` entries (each with a name)."""
    if value is None:
        return ()
    items: list[tuple[Any, Any]]
    if isinstance(value, Mapping):
        items = [(str(k), v) for k, v in value.items()]
    elif isinstance(value, list):
        items = [(v.get("name") if isinstance(v, Mapping) else None, v) for v in value]
    else:
        raise ScenarioError(f"joint must be [joint.NAME] tables or [[joint]] entries, got {value!r}")
    out = []
    for name, table in items:
        if not isinstance(table, Mapping):
            raise ScenarioError(f"[joint.{name}] must be a table with fields or polygon, and shares; got {table!r}")
        _check_keys(table, _JOINT, f"joint.{name}")
        out.append(JointZone(name, table.get("shares"), fields=table.get("fields", ()),  # type: ignore[arg-type]
                             polygon=table.get("polygon", ())))
    return tuple(out)


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
