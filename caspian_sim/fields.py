"""Oil and gas fields of the Caspian (points with sources) and who owns them under a division."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import shapely

from .errors import OptionError
from .validate import known_name, name_list

if TYPE_CHECKING:  # pragma: no cover
    from .division import Division

__all__ = ["Field", "load_fields", "get_field", "field_owners"]

COMMON = "common"


@dataclass(frozen=True)
class Field:
    """A field as a point, with the states that claim it and where the position comes from."""

    name: str
    lon: float
    lat: float
    claimants: tuple[str, ...]
    quality: str
    source: str
    aliases: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def load_fields() -> tuple[Field, ...]:
    """The shipped fields (``data/fields.json``).

    Examples
    --------
    >>> names = [f.name for f in load_fields()]
    >>> "Kashagan" in names and "Dostlug" in names
    True
    """
    raw = json.loads(resources.files("caspian_sim.data").joinpath("fields.json").read_text(encoding="utf-8"))
    return tuple(
        Field(f["name"], f["lon"], f["lat"], tuple(f["claimants"]), f["quality"], f["source"], tuple(f["aliases"]))
        for f in raw["fields"]
    )


def get_field(name: str) -> Field:
    """A field by name or alias (whole, case-insensitive); UnknownNameError lists the choices."""
    by_name = {n: f for f in load_fields() for n in (f.name, *f.aliases)}
    return by_name[known_name(name, "field", by_name, "field")]


def field_owners(division: Division, names: list[str] | None = None) -> dict[str, str | None]:
    """State whose seabed sector holds each field ("common" in a common zone, None outside the sea).

    Examples
    --------
    >>> from caspian_sim import divide
    >>> field_owners(divide("median"), ["Kashagan"])
    {'Kashagan': 'KAZ'}
    """
    from .division import Division

    if not isinstance(division, Division):
        raise OptionError(f"field_owners needs a Division (e.g. divide('median')), got {type(division).__name__}")
    fields = load_fields() if names is None else tuple(get_field(n) for n in name_list(names, "names", "field"))
    out: dict[str, str | None] = {}
    for f in fields:
        p = shapely.Point(f.lon, f.lat)
        owner = next((s for s, g in division.sectors.items() if not g.is_empty and g.covers(p)), None)
        if owner is None and "seabed" in division.common and division.common["seabed"].covers(p):
            owner = COMMON
        out[f.name] = owner
    return out
