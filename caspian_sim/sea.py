"""The Sea: outer coast, islands and national coast segments.

:func:`load_caspian` returns the Caspian Sea built from the shipped GSHHG
coastline; :meth:`Sea.from_polygon` builds a sea of any shape from a polygon and
the points where the land borders meet its coast, which is how the tests build
lakes with analytic answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import LineString, MultiLineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from .equidistance import check_reach, validate_polygon
from .errors import GeometryError, OptionError, UnknownNameError, unknown
from .geodesy import CoastIndex, area_km2, distance_m, length_km
from .validate import number

__all__ = ["STATES", "STATE_NAMES", "Island", "Sea", "load_caspian", "IslandMode", "ISLAND_MODES"]

#: The littoral states, clockwise around the sea starting with Russia.
STATES: tuple[str, ...] = ("RUS", "KAZ", "TKM", "IRN", "AZE")
STATE_NAMES: dict[str, str] = {
    "RUS": "Russia",
    "KAZ": "Kazakhstan",
    "TKM": "Turkmenistan",
    "IRN": "Iran",
    "AZE": "Azerbaijan",
}

IslandMode = Literal["sea", "basepoint", "exclude"]
#: How islands enter a division: counted as sea with no effect; as basepoints of
#: their owner (and not sea); or excluded from the area with no effect.
ISLAND_MODES: tuple[str, ...] = ("sea", "basepoint", "exclude")


@dataclass(frozen=True)
class Island:
    """An island: its polygon, owner and where the owner comes from."""

    id: int
    name: str | None
    owner: str
    owner_source: str
    geometry: Polygon

    @property
    def area_km2(self) -> float:
        return area_km2(self.geometry)


@dataclass(frozen=True)
class Sea:
    """A sea to divide: outer water polygon, islands and national coasts.

    Attributes
    ----------
    name : str
    outer : shapely.Polygon
        Water inside the outer coast, islands not cut out (lon/lat).
    coasts : dict
        State code -> LineString, its mainland coast (or closing lines).
    termini : dict
        ``(a, b)`` -> Point where the a-b land border meets the coast.
    islands : tuple of Island
    metadata : dict
        Provenance (source, licence, citation, options).
    """

    name: str
    outer: Polygon
    coasts: dict[str, BaseGeometry]
    termini: dict[tuple[str, str], Point]
    islands: tuple[Island, ...] = ()
    metadata: dict = field(default_factory=dict)

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(self.coasts)

    def water(self, islands: IslandMode = "basepoint") -> Polygon:
        """The area to divide: the outer water, minus islands unless ``islands='sea'``."""
        _check_mode(islands)
        if islands == "sea" or not self.islands:
            return self.outer
        holes = shapely.union_all([i.geometry for i in self.islands])
        out = self.outer.difference(holes)
        if not isinstance(out, Polygon):  # pragma: no cover - islands never split the sea
            raise GeometryError("islands split the sea into several parts")
        return out

    def basepoints(self, islands: IslandMode = "basepoint") -> dict[str, BaseGeometry]:
        """Coasts that generate the division: mainland coasts plus owned islands if ``islands='basepoint'``.

        (Islands at partial or no effect: see ``caspian_sim.methods._common.engine_inputs``.)
        """
        _check_mode(islands)
        if islands != "basepoint":
            return dict(self.coasts)
        out: dict[str, BaseGeometry] = {}
        for s, coast in self.coasts.items():
            own = [i.geometry.exterior for i in self.islands if i.owner == s]
            parts = [coast, *own]
            out[s] = shapely.union_all(parts) if own else coast
        return out

    def coast_length_km(self) -> dict[str, float]:
        """Geodesic length of each state's mainland coast segment, km."""
        return {s: length_km(g) for s, g in self.coasts.items()}

    def island(self, key: str | int) -> Island:
        """Look an island up by GSHHG id, or by name: whole (case-insensitive) or a unique prefix."""
        names = [i.name for i in self.islands if i.name] + ["<GSHHG id>"]
        if isinstance(key, str) and key.strip().isdigit():
            key = int(key)
        if isinstance(key, int) and not isinstance(key, bool):
            hit = [i for i in self.islands if i.id == key]
        elif isinstance(key, str) and key.strip():
            k = key.strip().lower()
            hit = [i for i in self.islands if i.name and i.name.lower() == k]
            hit = hit or [i for i in self.islands if i.name and i.name.lower().startswith(k)]
        else:
            raise unknown("island", key, names)
        if len(hit) > 1:
            raise UnknownNameError(f"island {key!r} is ambiguous: it starts {', '.join(str(i.name) for i in hit)}; "
                                   "give more of the name")
        if not hit:
            raise unknown("island", key, names)
        return hit[0]

    @classmethod
    def from_polygon(
        cls,
        polygon: Polygon,
        termini: Mapping[tuple[str, str], tuple[float, float]],
        *,
        name: str = "sea",
        islands: Sequence[Island] = (),
        max_snap_m: float = 1000.0,
        metadata: Mapping | None = None,
    ) -> Sea:
        """Build a sea from its outer polygon and the land-border termini on its coast.

        The coast between two consecutive termini belongs to the state the two
        border pairs have in common; a pair ``(a, b)`` reads clockwise (a's
        coast, then b's), which decides the two-state case. The result does
        not depend on the ring's start vertex or orientation.

        Parameters
        ----------
        polygon : shapely.Polygon
            Outer water polygon in lon/lat (holes are ignored: pass islands).
        termini : mapping
            ``(a, b)`` -> ``(lon, lat)`` for each land border meeting the coast.
        max_snap_m : float
            Termini farther than this from the coast are refused.

        Examples
        --------
        >>> from shapely.geometry import box
        >>> sea = Sea.from_polygon(box(0, 0, 2, 1), {("N", "S"): (0, 0.5), ("S", "N"): (2, 0.5)})
        >>> sorted(sea.states)
        ['N', 'S']
        """
        polygon = shapely.orient_polygons(validate_polygon(polygon), exterior_cw=True)
        check_reach(polygon, ())
        max_snap_m = number(max_snap_m, "max_snap_m", lo=0, lo_open=True, unit="m", error=GeometryError)
        if not isinstance(termini, Mapping) or len(termini) < 2:
            raise GeometryError("termini must be a mapping (a, b) -> (lon, lat) with at least two land-border "
                                "termini to cut the coast into national segments")
        ring = LineString(polygon.exterior.coords)
        pos: list[tuple[float, tuple[str, str], Point]] = []
        for pair, where in termini.items():
            if (not isinstance(pair, tuple) or len(pair) != 2 or pair[0] == pair[1]
                    or not all(isinstance(x, str) and x.strip() for x in pair)):
                raise GeometryError(f"terminus key {pair!r} must name two different states, e.g. ('RUS', 'KAZ')")
            if isinstance(where, str) or not isinstance(where, Sequence) or len(where) != 2:
                raise GeometryError(f"terminus {pair!r} must be a (lon, lat) pair, got {where!r}")
            lon = number(where[0], f"terminus {pair} lon", lo=-180, hi=180, error=GeometryError)
            lat = number(where[1], f"terminus {pair} lat", lo=-90, hi=90, error=GeometryError)
            d = ring.project(Point(lon, lat))
            snap = ring.interpolate(d)
            off = float(distance_m(lon, lat, snap.x, snap.y))
            if off > max_snap_m:
                raise GeometryError(
                    f"terminus {pair[0]}-{pair[1]} at ({lon}, {lat}) is {off / 1000:.1f} km from the coast "
                    f"(limit {max_snap_m / 1000:.1f} km); give a point on the coastline"
                )
            pos.append((d, (pair[0], pair[1]), snap))
        pos.sort(key=lambda t: t[0])
        _check_apart(pos)
        coasts: dict[str, list[LineString]] = {}
        n = len(pos)
        for k in range(n):
            d0, p0, _ = pos[k]
            d1, p1, _ = pos[(k + 1) % n]
            # pairs are written in clockwise order: (a, b) = a's coast, then b's
            common = {p0[1]} if set(p0) == set(p1) else set(p0) & set(p1)
            if len(common) != 1:
                raise GeometryError(
                    f"termini {p0[0]}-{p0[1]} and {p1[0]}-{p1[1]} follow each other on the coast but share "
                    "no state: list termini so that each coast segment lies between two borders of one state"
                )
            state = common.pop()
            coasts.setdefault(state, []).append(_ring_piece(ring, d0, d1))
        coastless = [s for s in dict.fromkeys(x for pair in termini for x in pair) if s not in coasts]
        if coastless:
            raise GeometryError(
                f"{', '.join(coastless)} {'is' if len(coastless) == 1 else 'are'} named in the termini but get no coast: "
                "list the termini so that each state's coast lies between two of its own borders, "
                "e.g. (A, B), (B, C), (C, A) around the sea"
            )
        merged = {s: shapely.line_merge(MultiLineString(p)) if len(p) > 1 else p[0] for s, p in coasts.items()}
        order = _order_states(termini, merged)
        snapped = {p: pt for _, p, pt in pos}
        islands = _check_islands(islands, polygon, order)
        return cls(name, polygon, {s: merged[s] for s in order}, snapped, islands, dict(metadata or {}))


def _check_islands(islands: object, outer: Polygon, states: Sequence[str]) -> tuple[Island, ...]:
    """``islands`` as a tuple of valid Island records inside ``outer``, owned by ``states``, apart from
    each other; else a GeometryError (or UnknownNameError for an owner) saying which and why."""
    if islands is None:
        return ()
    if isinstance(islands, (str, bytes, BaseGeometry)) or not isinstance(islands, Iterable):
        raise GeometryError(f"islands must be a sequence of Island records, got {type(islands).__name__}")
    out = tuple(islands)
    ids: set[int] = set()
    shapely.prepare(outer)
    for isl in out:
        if not isinstance(isl, Island):
            raise GeometryError(f"islands must hold caspian_sim.Island records, got {type(isl).__name__}")
        what = f"island {isl.name or isl.id!r}"
        validate_polygon(isl.geometry, what)
        if isl.owner not in states:
            raise unknown(f"owner of {what}:", isl.owner, states)
        if isl.id in ids:
            raise GeometryError(f"island id {isl.id!r} is given twice; each island needs its own id")
        ids.add(isl.id)
        if not outer.contains(isl.geometry):
            raise GeometryError(f"{what} is not inside the sea's outer polygon; an island must lie within the water")
    if len(out) > 1:
        polys = [isl.geometry for isl in out]
        if sum(p.area for p in polys) > shapely.union_all(polys).area * (1 + 1e-9):
            raise GeometryError("islands overlap; merge the overlapping islands into one polygon")
    return out


def _check_apart(pos: Sequence[tuple[float, tuple[str, str], Point]]) -> None:
    """Refuse termini that snap to the same point of the coast (a coast between them would have no length)."""
    for k in range(len(pos)):
        (_, p0, a), (_, p1, b) = pos[k], pos[(k + 1) % len(pos)]
        if float(distance_m(a.x, a.y, b.x, b.y)) < 1.0:
            raise GeometryError(
                f"termini {p0[0]}-{p0[1]} and {p1[0]}-{p1[1]} snap to the same point of the coast "
                f"({a.x:.6f}, {a.y:.6f}): the coast between them would have no length; give each border its own point"
            )


def check_sea(sea: object) -> Sea:
    """``sea`` if it is a :class:`Sea`, else an OptionError saying how to get one."""
    if not isinstance(sea, Sea):
        raise OptionError(f"sea must be a caspian_sim.Sea (e.g. load_caspian()), got {type(sea).__name__}")
    return sea


def _check_mode(mode: str) -> None:
    if mode not in ISLAND_MODES:
        raise unknown("island mode", mode, ISLAND_MODES)


def _ring_piece(ring: LineString, d0: float, d1: float) -> LineString:
    """The part of a closed ring from distance d0 to d1 going forward (wrapping)."""
    if d1 > d0:
        return LineString(_substring(ring, d0, d1))
    a = _substring(ring, d0, ring.length)
    b = _substring(ring, 0, d1)
    return LineString(np.vstack([a, b[1:]]))


def _substring(line: LineString, d0: float, d1: float) -> NDArray[np.float64]:
    """Vertices of the part of ``line`` from distance d0 to d1 (0 <= d0 < d1): as
    :func:`shapely.ops.substring`, vertex for vertex, without its Python loop over the vertices."""
    xy = np.asarray(line.coords)
    step = np.sqrt((xy[1:, 0] - xy[:-1, 0]) ** 2 + (xy[1:, 1] - xy[:-1, 1]) ** 2)
    before = np.concatenate([[0.0], np.cumsum(step)[:-1]])  # distance to each segment's start (running sum)
    inner = xy[:-1][(before > d0) & (before < d1)]
    ends = [np.asarray(line.interpolate(d).coords)[0] for d in (d0, d1)]
    return np.vstack([ends[0], inner, ends[1]])


def _order_states(termini: Mapping[tuple[str, str], object], coasts: Mapping[str, object]) -> list[str]:
    """States in the canonical order if they are the Caspian five, else first-seen order."""
    seen = list(dict.fromkeys(s for pair in termini for s in pair))
    if set(seen) == set(STATES):
        return list(STATES)
    return [s for s in seen if s in coasts]


# ---------------------------------------------------------------- the Caspian

def _data(name: str) -> dict:
    return json.loads(resources.files("caspian_sim.data").joinpath(name).read_text(encoding="utf-8"))


def load_caspian(kara_bogaz_gol: bool = False) -> Sea:
    """The Caspian Sea from the shipped GSHHG 2.3.6 coastline.

    Parameters
    ----------
    kara_bogaz_gol : bool, default False
        Whether the Kara-Bogaz-Gol gulf is part of the sea. By default it is
        cut off at its strait (GSHHG chord ~1.9 km): the gulf is a Turkmen
        lagoon joined to the sea by a narrow channel, closed by a straight line
        as internal waters in delimitation practice, and it has no bearing on
        any neighbour's line. The closing line then belongs to Turkmenistan's
        coast.

    Returns
    -------
    Sea
        Coasts for RUS, KAZ, TKM, IRN, AZE (clockwise from Russia) and the
        GSHHG islands inside the sea (53; 54 with the Kara-Bogaz-Gol), each
        with owner and source.

    Examples
    --------
    >>> sea = load_caspian()
    >>> sea.states
    ('RUS', 'KAZ', 'TKM', 'IRN', 'AZE')
    >>> round(sea.outer.area > 0)
    1
    """
    if not isinstance(kara_bogaz_gol, (bool, np.bool_)):
        raise OptionError(f"kara_bogaz_gol must be True or False, got {kara_bogaz_gol!r}")
    return _load_caspian(bool(kara_bogaz_gol))


@lru_cache(maxsize=2)
def _load_caspian(kara_bogaz_gol: bool) -> Sea:
    fc = _data("caspian_gshhg.geojson")
    feats = fc["features"]
    sea_f = next(f for f in feats if f["properties"]["kind"] == "sea")
    ring = np.asarray(sea_f["geometry"]["coordinates"][0])
    strait = next(f for f in feats if f["properties"]["kind"] == "strait")
    i, j = strait["properties"]["ring_vertex_indices"]
    kbg = Polygon(ring[i : j + 1])
    if not kara_bogaz_gol:
        ring = np.vstack([ring[: i + 1], ring[j:]])
    outer = Polygon(ring)
    t = _data("termini.json")
    termini = {tuple(x["states"]): (x["lon"], x["lat"]) for x in t["termini"]}
    meta = {
        "source": fc["metadata"]["source"],
        "licence": fc["metadata"]["licence"],
        "citation": fc["metadata"]["citation"],
        "build": fc["metadata"]["parameters"],
        "termini_source": t["source"],
        "kara_bogaz_gol": kara_bogaz_gol,
        "kara_bogaz_gol_area_km2": area_km2(kbg),
    }
    base = Sea.from_polygon(outer, termini, name="Caspian Sea", max_snap_m=t["max_snap_m"], metadata=meta)  # type: ignore[arg-type]
    feats_in = [f for f in feats if f["properties"]["kind"] == "island"
                and outer.contains(Polygon(f["geometry"]["coordinates"][0]))]  # one lies in the Kara-Bogaz-Gol
    islands = _islands(feats_in, base)
    return Sea(base.name, base.outer, base.coasts, base.termini, islands, meta)


def _islands(feats: Iterable[dict], base: Sea) -> tuple[Island, ...]:
    named = _data("islands.json")["islands"]
    polys = [Polygon(f["geometry"]["coordinates"][0]) for f in feats]
    reps = [p.representative_point() for p in polys]
    idx = CoastIndex(list(base.coasts.values()))
    near = np.argmin(idx.distances([r.x for r in reps], [r.y for r in reps]), axis=1)
    states = list(base.coasts)
    out = []
    for f, poly, k in zip(feats, polys, near):
        hit = next((n for n in named if poly.contains(Point(n["lon"], n["lat"]))), None)
        if hit is not None:
            owner, src, name = hit["owner"], hit["source"], hit["name"]
        else:
            owner, src, name = states[k], "rule: state with the nearest mainland coast (geodesic)", None
        out.append(Island(int(f["properties"]["gshhg_id"]), name, owner, src, poly))
    return tuple(out)

