"""Oil and gas fields of the Caspian (points with sources) and who owns them under a division."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
import shapely

from .errors import OptionError
from .geodesy import GEOD, area_km2
from .validate import known_name, name_list
from .views import register

if TYPE_CHECKING:  # pragma: no cover
    from .division import Division

__all__ = ["COMMON", "UNCERTAIN", "Field", "field_candidates", "field_owners", "get_field", "load_fields"]

COMMON = "common"
#: The owner reported when a field's uncertainty circle reaches into more than one sector.
UNCERTAIN = "uncertain"
#: A sector holding less than this fraction of a field's circle does not make the owner uncertain.
MIN_FRACTION = 0.01


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
    uncertainty_km: float = 0.0

    def circle(self, n: int = 72) -> shapely.Polygon:
        """The geodesic circle of radius ``uncertainty_km`` round the point (lon/lat polygon)."""
        az = np.linspace(0.0, 360.0, n, endpoint=False)
        lon, lat, _ = GEOD.fwd(np.full(n, self.lon), np.full(n, self.lat), az, np.full(n, self.uncertainty_km * 1e3))
        return shapely.Polygon(np.column_stack([lon, lat]))


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
        Field(f["name"], f["lon"], f["lat"], tuple(f["claimants"]), f["quality"], f["source"], tuple(f["aliases"]),
              float(f["uncertainty_km"]))
        for f in raw["fields"]
    )


def get_field(name: str) -> Field:
    """A field by name or alias (whole, case-insensitive); UnknownNameError lists the choices."""
    by_name = {n: f for f in load_fields() for n in (f.name, *f.aliases)}
    return by_name[known_name(name, "field", by_name, "field")]


def field_candidates(division: Division, names: list[str] | None = None) -> dict[str, dict[str, float]]:
    """For each field, the fraction of its uncertainty circle in each sector (and ``"common"``), largest first.

    Examples
    --------
    >>> from caspian_sim import divide
    >>> field_candidates(divide("median"), ["Kashagan"])
    {'Kashagan': {'KAZ': 1.0}}
    """
    from .division import Division

    if not isinstance(division, Division):
        raise OptionError(f"field_owners needs a Division (e.g. divide('median')), got {type(division).__name__}")
    fields = load_fields() if names is None else tuple(get_field(n) for n in name_list(names, "names", "field"))
    # national sectors, then seabed held in common ("common") or left undelimited ("undelimited");
    # the water surface ("surface") says nothing of the seabed
    areas = {**division.sectors, **{COMMON if k == "seabed" else k: g for k, g in division.common.items() if k != "surface"}}
    out: dict[str, dict[str, float]] = {}
    for f in fields:
        disc = f.circle()
        total = area_km2(shapely.intersection(disc, division.sea.outer)) or 1.0
        share = {k: area_km2(shapely.intersection(disc, g)) / total for k, g in areas.items()
                 if not g.is_empty and g.intersects(disc)}
        out[f.name] = dict(sorted(((k, round(v, 4)) for k, v in share.items() if v >= MIN_FRACTION),
                                  key=lambda kv: -kv[1]))
    return out


@register("division.field_owners")
def field_owners(division: Division, names: list[str] | None = None) -> dict[str, str | None]:
    """Owner of each shipped field: the state whose sector holds its whole uncertainty circle,
    ``"common"`` in a common zone, ``"uncertain"`` where the circle reaches into two or more
    sectors, None outside the sea. :func:`field_candidates` gives the split.

    Examples
    --------
    >>> from caspian_sim import divide
    >>> field_owners(divide("median"), ["Kashagan"])
    {'Kashagan': 'KAZ'}
    """
    out: dict[str, str | None] = {}
    for name, share in field_candidates(division, names).items():
        out[name] = None if not share else (next(iter(share)) if len(share) == 1 else UNCERTAIN)
    return out
