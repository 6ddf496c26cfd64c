"""The one validation layer: every entry point checks its input here.

Each checker takes the value and the *field* it came from (an option name,
a scenario key, a function argument) and either returns the value
normalised (floats as ``float``, dates as :class:`datetime.date`, state codes
upper-case) or raises a :class:`~caspian_sim.errors.CaspianSimError` subclass
whose message names the field, the value and what is allowed.

Method options are declared once as specs (:class:`Number`, :class:`Choice`,
:class:`StateMap`, ...) in :mod:`caspian_sim.methods.options`; the CLI's
``-O key=value``, scenario files and :func:`~caspian_sim.divide` all go
through those specs, so no method checks its own options.

Output is kept strict JSON by :func:`finite_json` and :func:`dumps`: NaN and
infinities become ``null`` and ``allow_nan=False`` guards the writer.

Examples
--------
>>> number(3, "resolution_km", lo=0.05, hi=100)
3.0
>>> number(float("nan"), "fishing_nm", lo=0)
Traceback (most recent call last):
...
caspian_sim.errors.OptionError: fishing_nm must be a finite number >= 0, got nan
>>> calendar_date("2003-07", "date")
datetime.date(2003, 7, 31)
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from .errors import CaspianSimError, OptionError, UnknownNameError

__all__ = [
    "EARLIEST_DATE",
    "Choice",
    "Number",
    "OneOf",
    "Optional",
    "Spec",
    "StateMap",
    "calendar_date",
    "choice",
    "dumps",
    "finite_json",
    "integer",
    "known_name",
    "name_list",
    "number",
    "output_path",
    "state_code",
    "state_pair",
    "vector",
]

#: No littoral state of today existed before 1991 (the Almaty declaration, Dec 1991).
EARLIEST_DATE = date(1991, 1, 1)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ------------------------------------------------------------------ scalars

def number(
    value: Any,
    field: str,
    *,
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
    hi_open: bool = False,
    integer: bool = False,
    unit: str = "",
    error: type[CaspianSimError] = OptionError,
) -> float:
    """A finite real number (not a bool, not a string) within [lo, hi]; ``integer`` asks for a whole number."""
    allowed = _range_text(lo, hi, lo_open, hi_open, integer, unit)
    ok_type = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
    if not ok_type:
        raise error(f"{field} must be {allowed}, got {_show(value)}")
    x = float(value)
    if not math.isfinite(x) or (integer and x != int(x)):
        raise error(f"{field} must be {allowed}, got {_show(value)}")
    if (lo is not None and (x < lo or (lo_open and x == lo))) or (hi is not None and (x > hi or (hi_open and x == hi))):
        raise error(f"{field} must be {allowed}, got {_show(value)}")
    return x


def _range_text(lo: float | None, hi: float | None, lo_open: bool, hi_open: bool, integer: bool, unit: str) -> str:
    kind = "a whole number" if integer else "a finite number"
    u = f" {unit}" if unit else ""
    if lo is not None and hi is not None:
        return f"{kind} in {'(' if lo_open else '['}{lo:g}, {hi:g}{')' if hi_open else ']'}{u}"
    if lo is not None:
        return f"{kind} {'>' if lo_open else '>='} {lo:g}{u}"
    if hi is not None:
        return f"{kind} {'<' if hi_open else '<='} {hi:g}{u}"
    return kind


def integer(value: Any, field: str, *, lo: int | None = None, hi: int | None = None) -> int:
    """A whole number (``int``, or a float with no fraction) within [lo, hi]."""
    return int(number(value, field, lo=lo, hi=hi, integer=True))


def vector(value: Any, field: str, *, ndim: int = 1, min_len: int = 1,
           error: type[CaspianSimError] = OptionError) -> np.ndarray:
    """A finite float array of ``ndim`` dimensions (a list, tuple or array of numbers)."""
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise error(f"{field} must be an array of numbers, got {_show(value)}") from None
    if a.ndim != ndim or (a.size and a.shape[0] < min_len) or not a.size:
        raise error(f"{field} must be a {ndim}-D array of numbers with at least {min_len} rows, got shape {a.shape}")
    if not np.all(np.isfinite(a)):
        raise error(f"{field} must hold finite numbers (no NaN or infinity), got {_show(value)}")
    return a


def choice(value: Any, field: str, choices: Iterable[str], error: type[CaspianSimError] = OptionError) -> str:
    """One of ``choices`` exactly (strings only)."""
    opts = list(choices)
    if not isinstance(value, str) or value not in opts:
        raise error(f"{field} must be one of {', '.join(map(repr, opts))}; got {_show(value)}")
    return value


def known_name(value: Any, field: str, known: Iterable[str], kind: str) -> str:
    """A name from ``known``, matched case-insensitively and whole (no prefix or empty matches)."""
    names = list(known)
    if not isinstance(value, str) or not value.strip():
        raise UnknownNameError(f"{field} must be a {kind} name (one of: {', '.join(sorted(names))}); got {_show(value)}")
    for n in names:
        if n.lower() == value.strip().lower():
            return n
    raise UnknownNameError(f"unknown {kind} {value!r} in {field}; choose one of: {', '.join(sorted(names))}")


def state_code(value: Any, field: str, states: Sequence[str]) -> str:
    """A state code of ``states`` (case-insensitive, returned as given in ``states``)."""
    return known_name(value, field, states, "state")


def state_pair(value: Any, field: str, states: Sequence[str], error: type[CaspianSimError] = OptionError) -> tuple[str, str]:
    """Two *distinct* state codes, e.g. ``["KAZ", "TKM"]``."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != 2:
        raise error(f"{field} must be a list of two state codes such as ['KAZ', 'TKM'], got {_show(value)}")
    a, b = (state_code(v, field, states) for v in value)
    if a == b:
        raise error(f"{field} pairs {a} with itself; name two different states")
    return a, b


def name_list(value: Any, field: str, kind: str) -> list[str]:
    """A list of non-empty names (a bare string is refused: it is not a list)."""
    if isinstance(value, str):
        raise OptionError(f"{field} must be a list of {kind} names such as [{value!r}], got the string {value!r}")
    if not isinstance(value, Iterable) or isinstance(value, Mapping):
        raise OptionError(f"{field} must be a list of {kind} names, got {_show(value)}")
    out = list(value)
    bad = [v for v in out if not isinstance(v, str) or not v.strip()]
    if bad:
        raise OptionError(f"{field} must hold {kind} names (non-empty strings); got {_show(bad[0])}")
    return out


# -------------------------------------------------------------------- dates

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def calendar_date(value: Any, field: str = "date", *, error: type[CaspianSimError] = OptionError) -> date:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a real calendar date; a year or month
    means its last day, or today if it has not ended), or a :class:`datetime.date`,
    between 1991 and today."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        value = str(int(value))  # a bare year, as a command line or TOML gives it
    if isinstance(value, date):
        first = last = value
    else:
        m = _DATE.match(value.strip()) if isinstance(value, str) else None
        if m is None:
            raise error(f"{field} must be a date YYYY, YYYY-MM or YYYY-MM-DD, got {_show(value)}")
        y, mo, dd = (int(g) if g else None for g in m.groups())
        try:
            if mo is None:
                first, last = date(y, 1, 1), date(y, 12, 31)  # type: ignore[arg-type]
            elif dd is None:
                first = date(y, mo, 1)  # type: ignore[arg-type]
                last = date.fromordinal(date(y + mo // 12, mo % 12 + 1, 1).toordinal() - 1)  # type: ignore[operator]
            else:
                first = last = date(y, mo, dd)  # type: ignore[arg-type]
        except ValueError:
            raise error(f"{field} {value!r} is not a calendar date (month 1-12, day within the month)") from None
    today = date.today()
    if last < EARLIEST_DATE or first > today:
        raise error(f"{field} {_show(value)} is outside 1991 (the states' independence) to today ({today.isoformat()})")
    return min(last, today)


# ------------------------------------------------------------------- paths

def output_path(value: Any, field: str, suffixes: Sequence[str] = ()) -> Path:
    """A file to write: its folder must exist and, if given, its suffix be one of ``suffixes``."""
    if not isinstance(value, (str, Path)) or not str(value).strip():
        raise OptionError(f"{field} must be a file path, got {_show(value)}")
    p = Path(value)
    if p.is_dir():
        raise OptionError(f"{field} {str(p)!r} is a folder; give a file name inside it")
    if not p.parent.exists() if str(p.parent) else False:
        raise OptionError(f"{field}: the folder {str(p.parent)!r} does not exist; create it first")
    if suffixes and p.suffix.lower() not in suffixes:
        raise OptionError(f"{field} {str(p)!r} must end in one of {', '.join(suffixes)}")
    return p


@contextmanager
def writing(path: Path, field: str) -> Iterator[Path]:
    """Write to ``path`` inside the block; an operating-system error (no space, no permission, a
    read-only or virtual file system) becomes an :class:`OptionError` naming the file."""
    try:
        yield path
    except OSError as exc:
        raise OptionError(f"{field} {str(path)!r} cannot be written ({exc.strerror or exc})") from None


# -------------------------------------------------------------------- specs

class Spec:
    """A declared option: ``spec(value, field)`` returns the checked value or raises."""

    def __call__(self, value: Any, field: str) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class Number(Spec):
    """A finite number in a range, with its unit."""

    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    hi_open: bool = False
    unit: str = ""
    integer: bool = False

    def __call__(self, value: Any, field: str) -> float:
        return number(value, field, lo=self.lo, hi=self.hi, lo_open=self.lo_open, hi_open=self.hi_open,
                      integer=self.integer, unit=self.unit)

    def describe(self) -> str:
        return _range_text(self.lo, self.hi, self.lo_open, self.hi_open, self.integer, self.unit)


@dataclass(frozen=True)
class Choice(Spec):
    """One of a fixed set of strings."""

    choices: tuple[str, ...]

    def __call__(self, value: Any, field: str) -> str:
        return choice(value, field, self.choices)

    def describe(self) -> str:
        return "one of " + ", ".join(map(repr, self.choices))


@dataclass(frozen=True)
class Optional(Spec):
    """``None`` or the inner spec."""

    inner: Spec

    def __call__(self, value: Any, field: str) -> Any:
        return None if value is None else self.inner(value, field)

    def describe(self) -> str:
        return f"None or {self.inner.describe()}"


@dataclass(frozen=True)
class OneOf(Spec):
    """The first of several specs that accepts the value (e.g. a number or a mapping)."""

    options: tuple[Spec, ...]

    def __call__(self, value: Any, field: str) -> Any:
        for spec in self.options:
            try:
                return spec(value, field)
            except CaspianSimError:
                continue
        raise OptionError(f"{field} must be {self.describe()}; got {_show(value)}")

    def describe(self) -> str:
        return " or ".join(s.describe() for s in self.options)


@dataclass(frozen=True)
class StateMap(Spec):
    """A mapping name -> number (weights, target shares, island effects, capabilities).

    Names are checked where the sea is known (its states, its islands); here they
    must be non-empty text or whole numbers (GSHHG ids). ``total`` asks the values
    to sum to it, or to 100 for percentages (then scaled to ``total``).
    """

    value: Number
    total: float | None = None
    example: str = '{"RUS": 1.2, "KAZ": 0.9}'

    def __call__(self, value: Any, field: str) -> dict[str, float]:
        if not isinstance(value, Mapping) or not value:
            raise OptionError(f"{field} must be a non-empty mapping such as {self.example}, got {_show(value)}")
        out: dict[Any, float] = {}
        for key, v in value.items():
            if isinstance(key, bool) or not (isinstance(key, int) or (isinstance(key, str) and key.strip())):
                raise OptionError(f"{field} has an empty or invalid key {key!r}; keys are names")
            out[key] = self.value(v, f"{field}[{key}]")
        if self.total is not None:
            s = sum(out.values())
            if abs(s - 100) < 1e-6 and self.total != 100:
                out = {k: v * self.total / 100 for k, v in out.items()}
            elif abs(s - self.total) > 1e-6:
                raise OptionError(f"{field} must sum to {self.total:g} (or 100 as percentages), they sum to {s:g}")
        return out

    def describe(self) -> str:
        tail = f" summing to {self.total:g}" if self.total is not None else ""
        return "a mapping name -> " + self.value.describe() + tail


def check_options(options: Mapping[str, Any], specs: Mapping[str, Spec], owner: str) -> dict[str, Any]:
    """Check every option against its declared spec; unknown names are refused."""
    bad = sorted(set(options) - set(specs))
    if bad:
        raise OptionError(f"{owner} has no option(s) {bad}; its options are {sorted(specs)}")
    return {k: specs[k](v, k) for k, v in options.items()}


# --------------------------------------------------------------------- JSON

def finite_json(obj: Any) -> Any:
    """``obj`` as plain JSON data: numpy scalars and arrays unwrapped, NaN/inf as ``None``, tuples as lists."""
    if isinstance(obj, Mapping):
        return {str(k) if not isinstance(k, tuple) else "-".join(map(str, k)): finite_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [finite_json(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return finite_json(obj.tolist())
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        x = float(obj)
        return x if math.isfinite(x) else None
    if isinstance(obj, date):
        return obj.isoformat()
    return obj


def dumps(obj: Any, **kwargs: Any) -> str:
    """Strict JSON text (no NaN, no Infinity) of :func:`finite_json` ``(obj)``."""
    return json.dumps(finite_json(obj), allow_nan=False, **kwargs)
