"""The seabed lines the states signed, as data.

:func:`load_treaty_lines` reads ``data/treaty_lines.json``: every signed seabed
line with its parties, dates, source and datums, and its turning points *as
printed* -- or none, with the reason, where the catalogue was not found.
How far a computed division lies from them is measured by
:mod:`caspian_sim.line_fidelity`.

References
----------
.. [1] Protocol of 13 May 2002 to the RUS-KAZ Agreement of 6 Jul 1998 on the
   delimitation of the seabed of the northern Caspian (catalogue of the 39
   turning points; docs.cntd.ru document 420236864).
.. [2] Protocol of 27 Feb 2003 to the KAZ-AZE Agreement of 29 Nov 2001
   (cis-legislation.com, rgn=3984).
.. [3] Agreement of Russia, Azerbaijan and Kazakhstan on the junction point of
   their seabed lines, Almaty, 14 May 2003.

Examples
--------
>>> line = treaty_line(("KAZ", "RUS"))
>>> line.parties, len(line.points), line.signed.isoformat()
(('RUS', 'KAZ'), 39, '1998-07-06')
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from shapely.geometry import LineString

from .errors import UnknownNameError
from .sea import STATES
from .validate import state_pair

__all__ = ["TreatyLine", "load_treaty_lines", "treaty_line"]


@dataclass(frozen=True)
class TreatyLine:
    """A signed seabed line: parties, dates, provenance and turning points (lon, lat) as printed."""

    id: str
    parties: tuple[str, str]
    name: str
    signed: date
    in_force: date | None
    points: tuple[tuple[float, float], ...]
    points_status: str
    source: str
    geodetic_datum: str
    vertical_datum: str
    notes: str = ""
    carve_outs: tuple[tuple[int, int], ...] = ()

    def outside_carve_outs(self) -> list[LineString]:
        """The stretches of the line between its carve-out legs (points numbered from 1)."""
        cuts = sorted(self.carve_outs)
        bounds = [1, *[c for leg in cuts for c in leg], len(self.points)]
        spans = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
        return [LineString(self.points[a - 1:b]) for a, b in spans if b - a >= 1]

    @property
    def geometry(self) -> LineString | None:
        """The line through the turning points (geodesic edges), or None with fewer than two."""
        return LineString(self.points) if len(self.points) >= 2 else None

    @property
    def complete(self) -> bool:
        """True when the whole catalogue of turning points is shipped (not just end points)."""
        return self.points_status.startswith("complete")


def _deg(dm: Sequence[float]) -> float:
    return float(dm[0]) + float(dm[1]) / 60.0


@lru_cache(maxsize=1)
def load_treaty_lines() -> tuple[TreatyLine, ...]:
    """Every signed seabed line shipped in ``data/treaty_lines.json``, in the file's order.

    Examples
    --------
    >>> [t.id for t in load_treaty_lines()]
    ['RUS-KAZ', 'KAZ-AZE', 'RUS-AZE', 'KAZ-TKM']
    """
    raw = json.loads(resources.files("caspian_sim.data").joinpath("treaty_lines.json").read_text(encoding="utf-8"))
    out = []
    for r in raw["lines"]:
        out.append(TreatyLine(
            id=r["id"], parties=(r["parties"][0], r["parties"][1]), name=r["name"],
            signed=date.fromisoformat(r["signed"]),
            in_force=date.fromisoformat(r["in_force"]) if r.get("in_force") else None,
            points=tuple((_deg(p["lon_dm"]), _deg(p["lat_dm"])) for p in r["points"]),
            points_status=r["points_status"], source=r["source"], geodetic_datum=r["geodetic_datum"],
            vertical_datum=r["vertical_datum"], notes=r.get("notes", ""),
            carve_outs=tuple((int(a), int(b)) for a, b in r.get("carve_outs", [])),
        ))
    return tuple(out)


def treaty_line(pair: Sequence[str]) -> TreatyLine:
    """The signed line between two states (in either order); UnknownNameError if none is shipped."""
    a, b = state_pair(pair, "pair", STATES)
    for t in load_treaty_lines():
        if set(t.parties) == {a, b}:
            return t
    have = ", ".join(t.id for t in load_treaty_lines())
    raise UnknownNameError(f"no signed seabed line between {a} and {b} is shipped; lines: {have}")
