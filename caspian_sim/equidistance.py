"""The equidistance engine: (weighted) median-line partitions of a sea between coasts.

Every point of the sea goes to the coast whose geodesic distance, divided by the
coast's weight, is smallest. With equal weights this is the median
(equidistance) line of international delimitation practice [1]_ [2]_; unequal
weights give the multiplicatively weighted ("equiratio") lines used by the
modified-median and target-share methods.

Algorithm
---------
1. A regular triangulated grid of spacing ``resolution_km`` is laid over the sea
   in a local azimuthal equidistant plane (internal only), and the distance of
   every node to every coast is found: approximately from a KD-tree of the
   densified coasts, exactly on WGS84 (:class:`~caspian_sim.geodesy.CoastIndex`)
   where needed. This :class:`~caspian_sim.distance_field.DistanceField` does
   not depend on the weights and is cached, so a re-weighting starts at step 2.
2. Each node is labelled with the coast minimising ``d / w - a``: from the
   approximate distances, and from the exact ones wherever the two best
   candidates are close.
3. On every grid edge whose end labels differ, the boundary vertex is the root
   of ``d_a/w_a - d_b/w_b`` along the edge, found to ``tol_m`` with the exact
   geodesic distances (vectorised Illinois regula falsi).
4. Triangles with three labels hold a tripoint, solved by Newton's method on
   the exact distances.
5. The boundary pieces and the sea's rings are noded and polygonised; each face
   takes the label of the coast nearest to an interior point. The faces of one
   label form its sector, so the sectors tile the sea exactly.

The grid only decides where boundary vertices are sought; their positions are
exact to ``tol_m``. Accuracy is therefore set by ``tol_m`` at the vertices and
by ``resolution_km`` between them (boundaries are straight between vertices).

References
----------
.. [1] International Hydrographic Organization (2014). *A Manual on Technical
   Aspects of the United Nations Convention on the Law of the Sea* (TALOS),
   IHO C-51, 5th ed., ch. 6 (delimitation, equidistance lines).
.. [2] Carleton, C. M., & Schofield, C. (2001). *Developments in the Technical
   Determination of Maritime Space: Delimitation, Dispute Resolution,
   Geographical Information Systems and the Role of the Technical Expert*.
   IBRU Maritime Briefing 3(3).
.. [3] Okabe, A., Boots, B., Sugihara, K., & Chiu, S. N. (2000). *Spatial
   Tessellations: Concepts and Applications of Voronoi Diagrams*, 2nd ed.,
   Wiley, §3.1 (multiplicatively weighted Voronoi diagrams).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import LineString, MultiLineString, Polygon
from shapely.geometry.base import BaseGeometry

from .distance_field import MAX_GRID_NODES, DistanceField, distance_field
from .errors import GeometryError, OptionError
from .geodesy import GEOD, area_km2
from .validate import number

__all__ = ["MAX_GRID_NODES", "Partition", "Tripoint", "merge", "partition", "sector_boundaries", "validate_polygon"]


@dataclass(frozen=True)
class Tripoint:
    """A point equidistant (weighted) from three coasts."""

    labels: tuple[str, str, str]
    lon: float
    lat: float


@dataclass(frozen=True)
class Partition:
    """Result of :func:`partition`: sectors, boundary lines and tripoints (lon/lat).

    Attributes
    ----------
    labels : tuple of str
        Coast labels, in input order.
    sectors : dict
        Label -> (Multi)Polygon, the part of the sea nearest to that coast.
    boundaries : dict
        ``(a, b)`` (in label order) -> (Multi)LineString inside the sea, for
        every pair of coasts whose sectors meet.
    tripoints : list of Tripoint
        Points inside the sea where three sectors meet.
    areas_km2 : dict
        Geodesic area of each sector.
    """

    labels: tuple[str, ...]
    sectors: dict[str, BaseGeometry]
    boundaries: dict[tuple[str, str], BaseGeometry]
    tripoints: list[Tripoint]
    areas_km2: dict[str, float] = field(default_factory=dict)

    @property
    def total_area_km2(self) -> float:
        return float(sum(self.areas_km2.values()))

    @property
    def shares(self) -> dict[str, float]:
        """Fraction of the total area in each sector (sums to 1)."""
        total = self.total_area_km2
        return {k: v / total for k, v in self.areas_km2.items()}

    #: the names of :meth:`to_arrays`
    ARRAYS = ("labels", "pairs", "wkb", "wkb_sizes", "tripoint_labels", "tripoint_lonlat", "areas_km2")

    def to_arrays(self) -> dict[str, NDArray]:
        """The partition as plain arrays (geometry as WKB, exact to the bit), e.g. for an ``.npz`` file.

        Examples
        --------
        >>> from shapely.geometry import LineString, box
        >>> p = partition(box(0, 0, 2, 1), {"W": LineString([(0, 0), (0, 1)]), "E": LineString([(2, 0), (2, 1)])})
        >>> q = Partition.from_arrays(p.to_arrays())
        >>> q.areas_km2 == p.areas_km2 and q.sectors["W"].equals_exact(p.sectors["W"], 0)
        True
        """
        pairs = list(self.boundaries)
        blobs = [shapely.to_wkb(self.sectors[k]) for k in self.labels] + [shapely.to_wkb(self.boundaries[p])
                                                                           for p in pairs]
        return {
            "labels": np.array(self.labels, dtype=str),
            "pairs": np.array(pairs, dtype=str).reshape(-1, 2),
            "wkb": np.frombuffer(b"".join(blobs), np.uint8),
            "wkb_sizes": np.array([len(b) for b in blobs], np.int64),
            "tripoint_labels": np.array([t.labels for t in self.tripoints], dtype=str).reshape(-1, 3),
            "tripoint_lonlat": np.array([(t.lon, t.lat) for t in self.tripoints], float).reshape(-1, 2),
            "areas_km2": np.array([self.areas_km2[k] for k in self.labels], float),
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, NDArray]) -> Partition:
        """The partition of :meth:`to_arrays`."""
        labels = tuple(str(k) for k in arrays["labels"])
        pairs = [(str(a), str(b)) for a, b in arrays["pairs"]]
        ends = np.cumsum(arrays["wkb_sizes"])
        raw = arrays["wkb"].tobytes()
        geoms = shapely.from_wkb([raw[e - n:e] for e, n in zip(ends.tolist(), arrays["wkb_sizes"].tolist())])
        tripoints = [Tripoint(tuple(str(x) for x in t), float(lo), float(la))  # type: ignore[arg-type]
                     for t, (lo, la) in zip(arrays["tripoint_labels"], arrays["tripoint_lonlat"])]
        return cls(labels, dict(zip(labels, geoms[:len(labels)])), dict(zip(pairs, geoms[len(labels):])), tripoints,
                   dict(zip(labels, arrays["areas_km2"].tolist())))


def validate_polygon(poly: object, what: str = "sea") -> Polygon:
    """``poly`` as a valid, non-empty, 2-D lon/lat Polygon, or a GeometryError saying what to fix.

    Z coordinates are dropped. Polygons that cross the antimeridian (an edge
    spanning more than 180° of longitude) or reach the poles are refused: the
    engine works in one local plane and lon/lat rings there are ambiguous.
    """
    if not isinstance(poly, Polygon):
        raise GeometryError(f"the {what} must be a shapely Polygon, got {type(poly).__name__}")
    if poly.is_empty:
        raise GeometryError(f"the {what} polygon is empty")
    if shapely.has_z(poly):
        poly = shapely.force_2d(poly)
    assert isinstance(poly, Polygon)
    xy = shapely.get_coordinates(poly)
    if not np.all(np.isfinite(xy)):
        raise GeometryError(f"the {what} polygon has NaN or infinite coordinates")
    if not poly.is_valid:
        reason = shapely.is_valid_reason(poly)
        raise GeometryError(
            f"the {what} polygon is invalid ({reason}); fix self-intersections or repeated rings, "
            "e.g. with shapely.make_valid, before dividing it"
        )
    if poly.area <= 0:
        raise GeometryError(f"the {what} polygon has no area")
    x0, y0, x1, y1 = poly.bounds
    if x0 < -180 or x1 > 180 or y0 < -90 or y1 > 90:
        raise GeometryError(f"the {what} polygon is not in lon/lat degrees (bounds {poly.bounds}); "
                            "give longitudes in [-180, 180] and latitudes in [-90, 90]")
    if x1 - x0 > 180 or any(np.abs(np.diff(np.asarray(r.coords)[:, 0])).max() > 180 for r in (poly.exterior, *poly.interiors)):
        raise GeometryError(f"the {what} polygon spans more than 180° of longitude or crosses the antimeridian; "
                            "seas that wide are not supported (split it, or shift it off the antimeridian)")
    if y0 < -85 or y1 > 85:
        raise GeometryError(f"the {what} polygon reaches beyond 85° latitude; polar seas are not supported")
    return poly


#: How far (m) the sea and its coasts may reach from the centre of their bounds. The exact distance
#: search keeps every coast vertex whose chord could be the nearest on the ellipsoid, and that band
#: widens as the cube of the distance: a 90 x 45 degree box took 9 s, a 120 x 60 one over a minute.
MAX_REACH_M = 3_000_000.0


def check_reach(sea: Polygon, coasts: Iterable[BaseGeometry]) -> None:
    """Refuse a sea whose bounds, with its coasts', reach farther than :data:`MAX_REACH_M` from their centre.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> check_reach(box(47, 36.5, 55, 47.2), [])  # the Caspian's bounds: about 700 km
    >>> check_reach(box(-80, -60, 80, 60), [])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    caspian_sim.errors.GeometryError: the sea and its coasts reach 9,450 km from their centre; ...
    """
    x0, y0, x1, y1 = shapely.total_bounds([sea, *coasts])
    cx, cy = 0.5 * (x0 + x1), 0.5 * (y0 + y1)
    lon = np.array([x0, x1, x1, x0, cx, cx, x0, x1])
    lat = np.array([y0, y0, y1, y1, y0, y1, cy, cy])
    far = float(np.max(GEOD.inv(np.full(8, cx), np.full(8, cy), lon, lat)[2]))
    if far > MAX_REACH_M:
        raise GeometryError(
            f"the sea and its coasts reach {far / 1000:,.0f} km from their centre; seas up to "
            f"{MAX_REACH_M / 1000:,.0f} km from centre to edge are supported (the Caspian: about 700 km, the "
            "Mediterranean: about 2,000 km): divide a smaller area, or leave out coasts far from the sea"
        )


def _check_coasts(coasts: object, least: int = 2) -> dict[str, BaseGeometry]:
    if not isinstance(coasts, Mapping):
        raise GeometryError(f"coasts must be a mapping label -> geometry, e.g. {{'A': line_a, 'B': line_b}}; "
                            f"got a {type(coasts).__name__}")
    out: dict[str, BaseGeometry] = {}
    for k, g in coasts.items():
        if not isinstance(k, str) or not k.strip():
            raise GeometryError(f"coast labels must be non-empty strings, got {k!r}")
        if not isinstance(g, BaseGeometry) or g.is_empty or g.geom_type == "GeometryCollection":
            raise GeometryError(f"coast {k!r} must be a non-empty shapely (multi)line, point or polygon, got {g!r:.60}")
        g = shapely.force_2d(g) if shapely.has_z(g) else g
        xy = shapely.get_coordinates(g)
        if not np.all(np.isfinite(xy)) or np.abs(xy[:, 0]).max() > 180 or np.abs(xy[:, 1]).max() > 90:
            raise GeometryError(f"coast {k!r} must have finite lon/lat coordinates within [-180, 180] x [-90, 90]")
        out[k] = g
    if len(out) < least:
        raise OptionError(f"need at least {'two coasts' if least == 2 else 'one coast'} to divide a sea, got {list(out)}")
    return out


#: Metres by which two coasts that end at one point (a land terminus) are drawn back from it (see
#: :func:`split_shared_ends`).
SHARED_END_GAP_M = 1.0


def split_shared_ends(coasts: Mapping[str, BaseGeometry], gap_m: float = SHARED_END_GAP_M) -> dict[str, BaseGeometry]:
    """Coasts of different labels that end at the same point, each drawn back ``gap_m`` along itself.

    Where two coasts meet at a land terminus and both bend away from the sea
    there (two geodesic edges of a straight-looking shore always do, slightly),
    every point of a wedge opening from the terminus has the terminus as its
    nearest point on *both* coasts: the wedge is equidistant and the line could
    run anywhere in it (up to 380 m off the axis of a two-state rectangle 1°
    across, 0.04 pp of its area, varying with the grid). Drawn back by a metre
    each, the coasts end at two points whose perpendicular bisector is the
    bisector of the angle between the coasts: the line leaves the terminus
    along it, and no point is equidistant by coincidence. Elsewhere the
    division moves by at most about a metre.

    Examples
    --------
    >>> from shapely.geometry import LineString
    >>> c = split_shared_ends({"A": LineString([(0, 0), (0, 1)]), "B": LineString([(0, 1), (1, 1)])})
    >>> round(c["A"].coords[-1][1], 8), round(c["B"].coords[0][0], 8)  # 1 m back from (0, 1)
    (0.99999096, 8.98e-06)
    """
    gap_m = number(gap_m, "gap_m", lo=0, lo_open=True, hi=1000, unit="m")
    lines = {k: list(shapely.get_parts(g)) for k, g in coasts.items() if g.geom_type in ("LineString", "MultiLineString")}
    ends: dict[tuple[float, float], set[str]] = {}
    for k, parts in lines.items():
        for part in parts:
            if not part.is_closed:
                for xy in (part.coords[0], part.coords[-1]):
                    ends.setdefault((xy[0], xy[1]), set()).add(k)
    shared = {xy for xy, labels in ends.items() if len(labels) > 1}
    out = dict(coasts)
    for k, parts in lines.items() if shared else ():
        drawn = [_draw_back(p, shared, gap_m) for p in parts]
        out[k] = drawn[0] if coasts[k].geom_type == "LineString" else MultiLineString(drawn)
    return out


def _draw_back(line: LineString, shared: set[tuple[float, float]], gap_m: float) -> LineString:
    """``line`` with each end in ``shared`` moved ``gap_m`` along it (lines under 3 gaps are kept whole)."""
    xy = np.asarray(line.coords)[:, :2]
    lengths = np.asarray(GEOD.inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])[2])
    if lengths.sum() < 3 * gap_m:
        return line
    for at_start in (True, False):
        if (tuple(xy[0 if at_start else -1])) not in shared:
            continue
        pts, seg = (xy, lengths) if at_start else (xy[::-1], lengths[::-1])
        j = int(np.searchsorted(np.cumsum(seg), gap_m))  # the edge the new end lies on
        rest = gap_m - (np.cumsum(seg)[j - 1] if j else 0.0)
        az = GEOD.inv(pts[j, 0], pts[j, 1], pts[j + 1, 0], pts[j + 1, 1])[0]
        lon, lat, _ = GEOD.fwd(pts[j, 0], pts[j, 1], az, rest)
        pts = np.vstack([[lon, lat], pts[j + 1:]])
        seg = np.r_[seg[j] - rest, seg[j + 1:]]
        xy, lengths = (pts, seg) if at_start else (pts[::-1], seg[::-1])
    return LineString(xy)


def _per_label(labels: Sequence[str], values: Mapping[str, float] | None, what: str, default: float,
               **bounds: Any) -> NDArray[np.float64]:
    """A number per coast label from an optional mapping (weights, offsets), each checked by ``bounds``."""
    if values is None:
        return np.full(len(labels), default)
    if not isinstance(values, Mapping):
        raise OptionError(f"{what} must be a mapping label -> number, got {type(values).__name__}")
    unknown = set(values) - set(labels)
    if unknown:
        raise OptionError(f"{what} given for unknown coasts {sorted(unknown, key=str)}; coasts are {list(labels)}")
    return np.array([number(values.get(k, default), f"{what}[{k}]", **bounds) for k in labels])


class _Field:
    """Weighted exact distances F_i = d_i / w_i - a_i over a :class:`DistanceField`.

    ``w`` are multiplicative weights and ``a`` additive offsets (metres; a
    boundary moves as a whole by the difference of two offsets). With
    ``beyond_m`` an extra last label has the constant value ``beyond_m``: it
    takes every point farther than that (weighted) from all coasts.
    """

    def __init__(
        self, dfield: DistanceField, weights: NDArray[np.float64], beyond_m: float | None = None,
        offsets: NDArray[np.float64] | None = None,
    ) -> None:
        self.dfield = dfield
        self.index = dfield.index
        self.proj = dfield.proj
        a = np.zeros(len(weights)) if offsets is None else offsets
        self.w = weights if beyond_m is None else np.r_[weights, 1.0]
        self.a = a if beyond_m is None else np.r_[a, 0.0]
        self.beyond_m = beyond_m

    def _with_beyond(self, d: NDArray) -> NDArray[np.float64]:
        if self.beyond_m is None:
            return d / self.w - self.a
        return np.column_stack([d, np.full(len(d), self.beyond_m)]) / self.w - self.a

    def exact(self, x: NDArray, y: NDArray) -> NDArray[np.float64]:
        lon, lat = self.proj.inverse(x, y)
        return self._with_beyond(self.index.distances(lon, lat))

    def exact_pair(self, x: NDArray, y: NDArray, la: NDArray, lb: NDArray) -> NDArray[np.float64]:
        """F_la - F_lb at each point, computing only the two labels each point needs (one batch)."""
        return self.pair_slope(x, y, la, lb)[0]

    def pair_slope(self, x: NDArray, y: NDArray, la: NDArray, lb: NDArray,
                   direction: NDArray | None = None) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """g = F_la - F_lb at each point and its derivative along the unit vectors ``direction``.

        The gradient of a geodesic distance is the unit vector away from the
        nearest coast point, along the geodesic to it, so the slope needs no
        extra evaluation: the azimuth of that geodesic, turned into the working
        plane (:meth:`LocalProjection.gradient`, exact to ~1e-5 relative).
        """
        lon, lat, out = self.proj.inverse_azimuth(x, y)
        n = len(x)
        lab = np.concatenate([la, lb]).astype(int)
        f = np.zeros(2 * n)
        coast = lab < self.index.n_labels
        both = np.concatenate([np.arange(n), np.arange(n)])[coast]
        d, _, _, az = self.index.nearest_each(lon[both], lat[both], lab[coast])
        f[coast] = d / self.w[lab[coast]] - self.a[lab[coast]]
        f[~coast] = float(self.beyond_m) if self.beyond_m is not None else 0.0  # the constant "beyond" label
        if direction is None:
            return f[:n] - f[n:], np.zeros(n)
        grad = np.zeros((2 * n, 2))  # the "beyond" label is constant
        grad[coast] = np.where(d[:, None] > 0, self.proj.gradient(x[both], y[both], out[both], az + 180.0), 0.0) \
            / self.w[lab[coast]][:, None]
        slope = np.einsum("ij,ij->i", grad[:n] - grad[n:], direction)
        return f[:n] - f[n:], slope

    def approx_pair_min(self, x: NDArray, y: NDArray, pair: NDArray) -> NDArray[np.float64]:
        """Approximate (unweighted) distance to the nearer of each point's two coasts (m; "beyond" is
        at its distance)."""
        lon, lat = self.proj.inverse(x, y)
        out = np.full(len(x), np.inf)
        for k in range(2):
            lab = pair[:, k]
            coast = lab < self.index.n_labels
            out[coast] = np.minimum(out[coast], self.index.approx_each(lon[coast], lat[coast], lab[coast]))
            out[~coast] = np.minimum(out[~coast], float(self.beyond_m or 0.0))
        return out

    def node_approx(self) -> NDArray[np.float64]:
        """Weighted approximate values at the field's used nodes (cached distances, no geodesy)."""
        return self._with_beyond(self.dfield.approx)

    def node_exact(self, ids: NDArray[np.int_]) -> NDArray[np.float64]:
        """Weighted exact values at grid nodes ``ids`` (distances cached in the field)."""
        return self._with_beyond(self.dfield.node_exact(ids))


def _label_nodes(fld: _Field) -> NDArray[np.int_]:
    """Nearest-coast label of every node: cached approximate distances first, exact where it matters."""
    df = fld.dfield
    tri, used = df.tri, df.used
    approx = fld.node_approx()
    order = np.sort(approx, axis=1)
    labels = np.full(len(df.x), -1)
    labels[used] = np.argmin(approx, axis=1)
    # an approximate distance (to the nearest vertex of the coast taken every 4 densified vertices)
    # is never below the exact one and exceeds it by at most half a vertex gap (2 spacings): exact
    # labels wherever the two best weighted values are closer than that (and a relative margin)
    err = 2 * df.index.spacing_m / fld.w.min()
    near = used[(order[:, 1] - order[:, 0]) < 1e-3 * (np.abs(order[:, 0]) + np.abs(fld.a).max()) + err]
    labels[near] = np.argmin(fld.node_exact(near), axis=1)
    exact = np.zeros(len(df.x), bool)
    exact[near] = True
    # every node of a mixed triangle must carry an exact label
    for _ in range(3):
        mixed = tri[~(labels[tri] == labels[tri[:, :1]]).all(axis=1)]
        todo = np.unique(mixed)
        todo = todo[~exact[todo]]
        if len(todo) == 0:
            break
        labels[todo] = np.argmin(fld.node_exact(todo), axis=1)
        exact[todo] = True
    return labels


def _roots(
    fld: _Field, P: NDArray, Q: NDArray, la: NDArray, lb: NDArray, fa: NDArray, fb: NDArray, tol_m: float
) -> NDArray:
    """Points on segments P->Q where F_la = F_lb, given g = F_la - F_lb with g(P) <= 0 <= g(Q).

    Vectorised Illinois variant of regula falsi on the exact geodesic distances.
    """
    px, py = P[:, 0], P[:, 1]
    dx, dy = Q[:, 0] - px, Q[:, 1] - py
    length = np.hypot(dx, dy)
    a, b = np.zeros(len(P)), np.ones(len(P))
    fa, fb = fa.astype(float).copy(), fb.astype(float).copy()
    t = np.full(len(P), 0.5)
    side = np.zeros(len(P))
    wmin = np.minimum(fld.w[la], fld.w[lb])
    active = np.ones(len(P), bool)
    for _ in range(60):
        idx = np.where(active)[0]
        if len(idx) == 0:
            break
        den = fb[idx] - fa[idx]
        with np.errstate(invalid="ignore", divide="ignore"):
            tn = a[idx] - fa[idx] * (b[idx] - a[idx]) / den
        mid = 0.5 * (a[idx] + b[idx])
        tn = np.where(np.isfinite(tn) & (den != 0), np.clip(tn, a[idx], b[idx]), mid)
        t[idx] = tn
        ft = fld.exact_pair(px[idx] + tn * dx[idx], py[idx] + tn * dy[idx], la[idx], lb[idx])
        secant = np.abs(den) / np.maximum((b[idx] - a[idx]) * length[idx], 1e-300)  # |dg/ds|, roughly
        close = (np.abs(ft) * wmin[idx] < tol_m) & (np.abs(ft) < tol_m * secant)  # in g and in position
        done = close | ((b[idx] - a[idx]) * length[idx] < 1e-3)
        left = ft < 0  # the root lies in [t, b]
        # Illinois: halve the kept end's value when the same side is kept twice
        fa_keep = np.where(side[idx] == -1, fa[idx] / 2, fa[idx])
        fb_keep = np.where(side[idx] == 1, fb[idx] / 2, fb[idx])
        a[idx], fa[idx] = np.where(left, tn, a[idx]), np.where(left, ft, fa_keep)
        b[idx], fb[idx] = np.where(left, b[idx], tn), np.where(left, fb_keep, ft)
        side[idx] = np.where(left, 1, -1)
        active[idx[done]] = False
    return np.column_stack([px + t * dx, py + t * dy])


def _edge_roots(fld: _Field, P: NDArray, Q: NDArray, la: NDArray, lb: NDArray, gp: NDArray, gq: NDArray,
                tol_m: float, steps: int = 12) -> NDArray:
    """Points on segments P->Q where F_la = F_lb (g(P) <= 0 <= g(Q)): safeguarded Newton.

    From the linear interpolation of the end values, Newton steps with the
    analytic slope, kept inside the bracket where g changes sign; a step that
    would leave it bisects the bracket instead (where the nearest coast point
    jumps, g has a kink and Newton alone may cycle). The bracketed regula falsi
    finishes any edge still open after ``steps`` evaluations.
    """
    d = Q - P
    length = np.hypot(d[:, 0], d[:, 1])
    unit = d / length[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.clip(np.where(gq != gp, gp / (gp - gq), 0.5), 0.0, 1.0) * length  # metres from P
    t, active = _newton_along(fld, P, unit, la, lb, t, np.zeros(len(P)), length, tol_m, np.full(len(P), np.inf),
                              steps, bracket=True)
    out = P + t[:, None] * unit
    slow = np.nonzero(active)[0]
    if len(slow):
        out[slow] = _roots(fld, P[slow], Q[slow], la[slow], lb[slow], gp[slow], gq[slow], tol_m)
    return out


#: Most refinement rounds (a safeguard: the 10 cm floor on split segments ends it within about 20).
MAX_ROUNDS = 64

#: The search grid of a zone "beyond" a distance is at most this many times the distance: a band
#: narrower than about two grid spacings slips between the nodes (measured: a 1 nm zone at 3 km
#: lost a quarter of its area).
_BAND_GRID = 1.0


def _refine_segments(
    fld: _Field, A: NDArray, B: NDArray, pair: NDArray, sea_xy: Polygon, tol_m: float, line_tol_m: float
) -> tuple[NDArray, NDArray, NDArray]:
    """Split boundary segments at exact equidistant points until each is within
    ``line_tol_m`` of the true (curved) boundary at its midpoint (scaled down
    within 10 km of the coast, where boundaries bend and meet the shore).

    Only segments touching the sea are refined; endpoints never move, so the
    network stays connected. Each round about halves the segments it splits,
    and none under 10 cm is split: from a 100 km grid chord that ends the
    refinement within about 20 rounds (:data:`MAX_ROUNDS` is a safeguard).
    A segment split at a root beyond ``sqrt(3)`` half lengths (the tip of a
    sharp corner) leaves pieces longer than itself; its descendants may do
    that again only once under half its length, or on a small closed line
    (an island's sector) such roots would hop across the loop round after
    round without the pieces ever shrinking.
    """
    done_a, done_b, done_p = [], [], []
    shapely.prepare(sea_xy)
    hop_max = np.full(len(A), np.inf)  # the longest segment a root beyond sqrt(3) half lengths may split
    for _ in range(MAX_ROUNDS):
        if len(A) == 0:
            break
        d = B - A
        length = np.hypot(d[:, 0], d[:, 1])
        c = np.where(shapely.intersects(sea_xy, shapely.linestrings(np.stack([A, B], axis=1))) & (length > 0.1))[0]
        M = 0.5 * (A[c] + B[c])
        normal = np.column_stack([-d[c, 1], d[c, 0]]) / length[c, None]
        near = fld.approx_pair_min(M[:, 0], M[:, 1], pair[c])  # distance to the nearer of the two coasts
        line_tol = np.clip(line_tol_m * near / 10_000, min(0.25, line_tol_m), line_tol_m)
        s, found = _normal_roots(fld, M, normal, pair[c], 0.5 * length[c], tol_m, line_tol, length[c] <= hop_max[c])
        split = np.zeros(len(A), bool)
        split[c] = found & (np.abs(s) > line_tol)
        hopped = found & (np.abs(s) > np.sqrt(3) * 0.5 * length[c])
        hop_max[c[hopped]] = 0.5 * length[c[hopped]]
        R = np.zeros_like(A)
        R[c] = M + s[:, None] * normal
        keep = ~split
        done_a.append(A[keep])
        done_b.append(B[keep])
        done_p.append(pair[keep])
        A, B, pair = (np.vstack([A[split], R[split]]), np.vstack([R[split], B[split]]), np.vstack([pair[split]] * 2))
        hop_max = np.concatenate([hop_max[split]] * 2)
    done_a.append(A)
    done_b.append(B)
    done_p.append(pair)
    return np.vstack(done_a), np.vstack(done_b), np.vstack(done_p)


def _normal_roots(fld: _Field, M: NDArray, normal: NDArray, pair: NDArray, half: NDArray, tol_m: float,
                  accept: NDArray, hop: NDArray[np.bool_] | None = None) -> tuple[NDArray, NDArray[np.bool_]]:
    """Offsets ``s`` (|s| <= half) along the normals at M where F_a = F_b.

    One evaluation at M gives g = F_a - F_b and its exact slope along the
    normal (:meth:`_Field.pair_slope`). Where the Newton step -g/slope is under
    ``accept``, the boundary is that close (to the step's second-order error,
    centimetres at these scales) and ``s`` is 0 (the caller keeps the segment). Elsewhere that step starts Newton's method (so the
    evaluation at M is not repeated) to the exact root (|g| w < tol_m, last
    step under half of ``accept``); where Newton does not converge within
    the normal (the distance to a coast has a kink where its nearest point
    jumps), the bracketed solver takes over, within ``half`` and, where M is
    not equidistant to ``tol_m``, four times as far (the chord then cuts
    across a corner of the line, whose tip is the split point; beyond
    ``sqrt(3) * half`` only where ``hop`` allows). ``found`` is False where the
    normal does not cross the boundary that far.
    """
    la, lb = pair[:, 0], pair[:, 1]
    g, slope = fld.pair_slope(M[:, 0], M[:, 1], la, lb, normal)
    with np.errstate(invalid="ignore", divide="ignore"):
        step = -g / slope
    s = np.zeros(len(M))
    found = np.ones(len(M), bool)
    far = np.nonzero(~(np.abs(step) < accept))[0]  # NaN steps (flat g) go on too
    if not len(far):
        return s, found
    start = np.clip(np.nan_to_num(step[far]), -half[far], half[far])
    sf, active = _newton_along(fld, M[far], normal[far], la[far], lb[far], start, -half[far], half[far],
                               tol_m, accept[far], 6)
    s[far] = sf
    slow = far[active]
    if len(slow):
        s[slow], found[slow] = _bracketed_normal_roots(fld, M[slow], normal[slow], la[slow], lb[slow], half[slow], tol_m,
                                                       g[slow])
        # the chord cuts across a corner of the line (where a coast's nearest point jumps) whose tip
        # lies beyond the half length: where M is not even equidistant to tol_m, look four times as
        # far (beyond sqrt(3) half lengths only where ``hop`` allows: see _refine_segments)
        wmin = np.minimum(fld.w[la[slow]], fld.w[lb[slow]])
        deep = slow[~found[slow] & (np.abs(g[slow]) * wmin > tol_m)]
        if len(deep):
            s[deep], found[deep] = _bracketed_normal_roots(fld, M[deep], normal[deep], la[deep], lb[deep],
                                                           4 * half[deep], tol_m, g[deep])
            if hop is not None:
                found[deep] &= hop[deep] | (np.abs(s[deep]) <= np.sqrt(3) * half[deep])
    return s, found


def _newton_along(fld: _Field, origin: NDArray, direction: NDArray, la: NDArray, lb: NDArray, s: NDArray,
                  lo: NDArray, hi: NDArray, tol_m: float, settle: NDArray, steps: int,
                  bracket: bool = False) -> tuple[NDArray, NDArray]:
    """Newton's method on g(origin + s * direction) = F_la - F_lb = 0 from ``s``, with the analytic slope of
    :meth:`_Field.pair_slope`. Returns ``s`` and the mask of the points not converged (for a bracketed solver).

    A point is done when equidistant to ``tol_m`` with its last step under half of ``settle`` (where g is
    flat along the line the position must settle too); a point that leaves [lo, hi] is given up. With
    ``bracket``, [lo, hi] is a sign change of g (g(lo) <= 0 <= g(hi)) that shrinks as g is evaluated: a
    step that would leave it bisects it instead, and a point is also done once it is under a millimetre.
    """
    s = s.astype(float).copy()
    lo, hi = lo.astype(float).copy(), hi.astype(float).copy()
    wmin = np.minimum(fld.w[la], fld.w[lb])
    active = np.ones(len(s), bool)
    for _ in range(steps):
        i = np.nonzero(active)[0]
        if not len(i):
            break
        at = origin[i] + s[i, None] * direction[i]
        g, slope = fld.pair_slope(at[:, 0], at[:, 1], la[i], lb[i], direction[i])
        with np.errstate(invalid="ignore", divide="ignore"):
            step = -g / slope
        if bracket:
            # equidistant to tol_m, and that close in position too: where g is flat across the line
            # (two coasts' nearest points close together) a small g is not yet a close point
            converged = ((np.abs(g) * wmin[i] < tol_m) & ~(np.abs(step) >= tol_m)) | (hi[i] - lo[i] < 1e-3)
            lo[i], hi[i] = np.where(g < 0, s[i], lo[i]), np.where(g < 0, hi[i], s[i])
            inside = np.isfinite(s[i] + step) & (s[i] + step > lo[i]) & (s[i] + step < hi[i])
            s[i] = np.where(converged, s[i], np.where(inside, s[i] + step, 0.5 * (lo[i] + hi[i])))
            active[i[converged]] = False
            continue
        converged = (np.abs(g) * wmin[i] < tol_m) & (np.abs(step) < 0.5 * settle[i])
        s[i] = np.where(converged, s[i], s[i] + step)
        active[i[converged | ~np.isfinite(s[i]) | (s[i] < lo[i]) | (s[i] > hi[i])]] = False
    if bracket:
        return s, active
    return s, active | ~np.isfinite(s) | (s < lo) | (s > hi)


def _pair_at_both(fld: _Field, P: NDArray, Q: NDArray, la: NDArray, lb: NDArray) -> tuple[NDArray, NDArray]:
    """F_la - F_lb at the points P and at the points Q, in one batch."""
    g = fld.exact_pair(np.r_[P[:, 0], Q[:, 0]], np.r_[P[:, 1], Q[:, 1]], np.r_[la, la], np.r_[lb, lb])
    return g[: len(P)], g[len(P):]


def _bracketed_normal_roots(fld: _Field, M: NDArray, normal: NDArray, la: NDArray, lb: NDArray, half: NDArray,
                            tol_m: float, gm: NDArray | None = None) -> tuple[NDArray, NDArray[np.bool_]]:
    """Root of F_a = F_b on the normal segment M +- half (:func:`_edge_roots`), where it is bracketed.

    Given ``gm``, g at M, a normal whose two ends have the same sign also
    brackets a root between M and an end of the other sign (it crosses a
    sliver of the line's other side twice, e.g. near the tip of a corner).
    """
    P, Q = M - half[:, None] * normal, M + half[:, None] * normal
    fP, fQ = _pair_at_both(fld, P, Q, la, lb)
    if gm is not None:  # a sign change between P and M, else between M and Q, stands in for P..Q
        to_m = (np.sign(fP) * np.sign(fQ) >= 0) & (np.sign(fP) * np.sign(gm) < 0)
        from_m = (np.sign(fP) * np.sign(fQ) >= 0) & ~to_m & (np.sign(fQ) * np.sign(gm) < 0)
        Q, fQ = np.where(to_m[:, None], M, Q), np.where(to_m, gm, fQ)
        P, fP = np.where(from_m[:, None], M, P), np.where(from_m, gm, fP)
    ok = np.sign(fP) * np.sign(fQ) < 0
    s = np.zeros(len(M))
    if ok.any():
        swap = fP[ok] > 0
        P2 = np.where(swap[:, None], Q[ok], P[ok])
        Q2 = np.where(swap[:, None], P[ok], Q[ok])
        r = _edge_roots(fld, P2, Q2, la[ok], lb[ok], np.where(swap, fQ[ok], fP[ok]), np.where(swap, fP[ok], fQ[ok]),
                        tol_m)
        s[ok] = np.einsum("ij,ij->i", r - M[ok], normal[ok])
    return s, ok


def _tripoints(fld: _Field, cx: NDArray, cy: NDArray, lab: NDArray, h: float, tol_m: float) -> tuple[NDArray, NDArray]:
    """Newton solve of F_a = F_b = F_c from starting points (cx, cy); lab has shape (n, 3)."""
    x, y = cx.copy(), cy.copy()
    step = 5.0
    rows = np.arange(len(x))
    wmin = fld.w[lab].min(axis=1)
    for _ in range(20):
        xs = np.concatenate([x, x + step, x])
        ys = np.concatenate([y, y, y + step])
        f = fld.exact(xs, ys)
        f = f.reshape(3, len(x), -1)
        fa, fb, fc = (f[:, rows, lab[:, k]] for k in range(3))
        g1, g2 = fa - fb, fa - fc  # shape (3, n): value, +dx, +dy
        r1, r2 = g1[0], g2[0]
        if np.all(np.maximum(np.abs(r1), np.abs(r2)) * wmin < tol_m):
            break
        j11, j12 = (g1[1] - r1) / step, (g1[2] - r1) / step
        j21, j22 = (g2[1] - r2) / step, (g2[2] - r2) / step
        det = j11 * j22 - j12 * j21
        with np.errstate(invalid="ignore", divide="ignore"):
            dx = np.where(det != 0, (j22 * r1 - j12 * r2) / det, 0.0)
            dy = np.where(det != 0, (-j21 * r1 + j11 * r2) / det, 0.0)
        dx = np.clip(np.nan_to_num(dx), -h, h)
        dy = np.clip(np.nan_to_num(dy), -h, h)
        x, y = x - dx, y - dy
    return x, y


def partition(
    sea: Polygon,
    coasts: Mapping[str, BaseGeometry],
    weights: Mapping[str, float] | None = None,
    *,
    resolution_km: float = 3.0,
    tol_m: float = 0.05,
    line_tol_m: float = 5.0,
    spacing_m: float = 250.0,
    beyond: tuple[str, float] | None = None,
    offsets: Mapping[str, float] | None = None,
) -> Partition:
    """Divide a sea among coasts by the (weighted) equidistance principle.

    Parameters
    ----------
    sea : shapely.Polygon
        The water area, lon/lat on WGS84; holes are areas excluded from the
        division (e.g. islands).
    coasts : mapping of label -> geometry
        The basepoints of each party: (multi)lines or polygons (islands) in
        lon/lat. Segment edges are geodesics. Lines of two labels that end at
        the same point (a land terminus) are drawn back a metre from it
        (:func:`split_shared_ends`), so the line leaves the terminus along the
        bisector of the angle between the coasts.
    weights : mapping of label -> float, optional
        Multiplicative weights; a point goes to the coast minimising
        ``distance / weight``. Default: all 1 (the median line).
    resolution_km : float
        Spacing of the search grid; boundaries are straight between vertices
        that are at most about this far apart. A sector narrower than the grid
        can slip between its nodes; where one is found inside a face of the
        division (the face's representative point disagrees with the grid
        nodes round it), the grid is halved, up to three times.
    tol_m : float
        Tolerance of the (weighted) equidistance of every boundary vertex, and
        of its position where the distances differ slowly across the line.
    line_tol_m : float
        Boundary segments are split at exact equidistant points until the true
        boundary is within this distance of each segment's midpoint (scaled
        down linearly within 10 km of a coast, to 25 cm at the shore).
    spacing_m : float
        Vertex spacing of the densified coasts used for the candidate search
        (at most 1 km is used).
    offsets : mapping of label -> metres, optional
        Additive offsets: a point goes to the coast minimising
        ``distance / weight - offset``. Between two coasts of equal weight the
        boundary is the locus where the distances differ by the difference of
        the offsets, so it moves as a whole (additively weighted lines).
    beyond : (label, metres), optional
        An extra sector ``label`` for every point whose (weighted) distance to
        all coasts exceeds ``metres``: its boundary is the geodesic buffer of
        the coasts, solved like any other boundary (zones, common areas). The
        search grid is then no coarser than ``metres`` (a narrower band slips
        between its nodes); pockets of the zone narrower than the grid, in
        channels just over twice as wide as the band, can still be missed
        (0.5% of a 1 nm band's area on the Caspian, 0.02% of the sea).

    Returns
    -------
    Partition

    Raises
    ------
    GeometryError
        If the sea is not a valid lon/lat polygon or a coast is empty.
    OptionError
        If weights or resolutions are out of range.

    Examples
    --------
    Two states share a 4° x 1° lake astride the equator along its long sides:

    >>> from shapely.geometry import LineString, box
    >>> lake = box(0, -0.5, 4, 0.5)
    >>> part = partition(lake, {"N": LineString([(0, 0.5), (4, 0.5)]),
    ...                         "S": LineString([(0, -0.5), (4, -0.5)])})
    >>> {k: round(v, 4) for k, v in part.shares.items()}
    {'N': 0.5, 'S': 0.5}

    At 40-41° N the same lake splits 49.8/50.2: the northern half is
    narrower on the ellipsoid.

    References
    ----------
    See the module docstring.
    """
    sea = validate_polygon(sea)
    coasts = _check_coasts(coasts, 2 if beyond is None else 1)  # one coast and the zone beyond it is a division
    check_reach(sea, coasts.values())
    coasts = split_shared_ends(coasts)
    labels = tuple(coasts)
    if beyond is not None:
        if not (isinstance(beyond, tuple) and len(beyond) == 2 and isinstance(beyond[0], str)) or beyond[0] in coasts:
            raise OptionError(f"beyond must be (new label, metres), got {beyond!r}")
        number(beyond[1], "beyond distance", lo=0, lo_open=True, unit="m")
    resolution_km = number(resolution_km, "resolution_km", lo=0.05, hi=100, unit="km")
    tol_m = number(tol_m, "tol_m", lo=1e-3, hi=100, unit="m")
    line_tol_m = number(line_tol_m, "line_tol_m", lo=0.01, hi=10_000, unit="m")
    spacing_m = number(spacing_m, "spacing_m", lo=10, hi=100_000, unit="m")
    w = _per_label(labels, weights, "weights", 1.0, lo=0, lo_open=True)
    a = _per_label(labels, offsets, "offsets", 0.0, lo=-1e7, hi=1e7, unit="m")
    if beyond is not None:
        labels = (*labels, beyond[0])
    for halving in range(_MAX_HALVINGS + 1):
        try:
            fld = _Field(_field_for(sea, coasts, resolution_km / 2**halving, spacing_m, beyond), w,
                         None if beyond is None else float(beyond[1]), a)
        except OptionError:
            if halving == 0:
                raise
            break  # no finer grid fits: keep the last division, its faces labelled by their nodes
        part, missed = _divide(fld, labels, tol_m, line_tol_m)
        if not missed:
            break
    return part


#: How many times the search grid is halved when a face of the division holds a sector it missed.
_MAX_HALVINGS = 3


def _divide(fld: _Field, labels: tuple[str, ...], tol_m: float, line_tol_m: float) -> tuple[Partition, bool]:
    """The partition on one search grid, and whether a face holds a sector the grid missed."""
    sea = fld.dfield.sea  # with vertices every <= 1 km along its geodesic edges
    lab = _label_nodes(fld)
    A, B, pair, tri_pts, tri_lab = _boundary_segments(fld, lab, tol_m)
    A, B, pair = _refine_segments(fld, A, B, pair, fld.dfield.sea_xy, tol_m, line_tol_m)
    segs = shapely.linestrings(np.stack([_to_lonlat(fld, A), _to_lonlat(fld, B)], axis=1))
    sectors, missed = _sectors(sea, segs[shapely.length(segs) > 0], fld, labels, lab)
    part = Partition(labels, sectors, sector_boundaries(sectors), _tripoint_records(fld, sea, labels, tri_pts, tri_lab),
                     {k: area_km2(g) for k, g in sectors.items()})
    return part, missed


def _field_for(sea: Polygon, coasts: Mapping[str, BaseGeometry], resolution_km: float, spacing_m: float,
               beyond: tuple[str, float] | None) -> DistanceField:
    """The distance field, its grid no coarser than :data:`_BAND_GRID` times the distance of a zone beyond."""
    band_km = np.inf if beyond is None else _BAND_GRID * float(beyond[1]) / 1000
    if band_km >= resolution_km:
        return distance_field(sea, coasts, resolution_km, spacing_m)
    try:
        return distance_field(sea, coasts, band_km, spacing_m)
    except OptionError as e:
        finest = getattr(e, "finest_km", None)
        if finest is None:
            raise
        dist = float(beyond[1])  # type: ignore[index]
        raise OptionError(
            f"a zone {dist:,.0f} m ({dist / 1852:.3g} nm) from the coast needs a search grid of {band_km:.3g} km or "
            f"finer, and this sea allows {finest:.3g} km at the finest: give a distance of at least "
            f"{finest * 1000 / _BAND_GRID:,.0f} m ({finest * 1000 / _BAND_GRID / 1852:.3g} nm)"
        ) from None


def _to_lonlat(fld: _Field, xy: NDArray) -> NDArray:
    return np.column_stack(fld.proj.inverse(xy[:, 0], xy[:, 1]))


def _edge_crossings(fld: _Field, lab: NDArray[np.int_], tol_m: float) -> tuple[NDArray, ...]:
    """Exact boundary points on every grid edge whose end labels differ.

    Returns the labels of the mixed triangles' nodes, per mixed triangle the
    crossing ids of its three edges (-1: none), the crossing points (x, y) and
    the label pair of each crossing.
    """
    tri = fld.dfield.tri
    x, y = fld.dfield.x, fld.dfield.y
    tl = lab[tri]
    mixed = ~((tl[:, 0] == tl[:, 1]) & (tl[:, 1] == tl[:, 2]))
    tri, tl = tri[mixed], tl[mixed]
    e = np.sort(np.concatenate([tri[:, [0, 1]], tri[:, [1, 2]], tri[:, [2, 0]]]), axis=1)
    uniq, inv = np.unique(e, axis=0, return_inverse=True)
    differ = lab[uniq[:, 0]] != lab[uniq[:, 1]]
    cross_id = np.full(len(uniq), -1)
    cross_id[differ] = np.arange(differ.sum())
    p, q = uniq[differ, 0], uniq[differ, 1]
    P, Q = np.column_stack([x[p], y[p]]), np.column_stack([x[q], y[q]])
    # both ends carry exact labels, so their exact distances are already in the field
    rows = np.arange(len(p))
    fp, fq = fld.node_exact(p), fld.node_exact(q)
    gp = fp[rows, lab[p]] - fp[rows, lab[q]]
    gq = fq[rows, lab[p]] - fq[rows, lab[q]]
    roots = _edge_roots(fld, P, Q, lab[p], lab[q], gp, gq, tol_m)
    tri_edges = cross_id[inv.ravel()].reshape(3, -1).T  # per triangle: uv, vw, wu crossing ids
    return tl, tri_edges, roots, np.sort(np.column_stack([lab[p], lab[q]]), axis=1)


def _boundary_segments(fld: _Field, lab: NDArray[np.int_], tol_m: float) -> tuple[NDArray, ...]:
    """Boundary segments (A -> B with their label pair) through the mixed triangles, and the tripoints.

    A two-label triangle holds one segment between its two crossings; a
    three-label triangle holds a tripoint (Newton) and three spokes to its crossings.
    """
    tl, tri_edges, r, cross_pair = _edge_crossings(fld, lab, tol_m)
    n_cross = (tri_edges >= 0).sum(axis=1)
    te = np.sort(tri_edges[n_cross == 2], axis=1)[:, 1:]
    seg_a, seg_b, seg_pair = [r[te[:, 0]]], [r[te[:, 1]]], [cross_pair[te[:, 0]]]
    three = np.where(n_cross == 3)[0]
    tri_pts, tri_lab = np.zeros((0, 2)), np.zeros((0, 3), int)
    if len(three):
        ce = tri_edges[three]
        start = r[ce].mean(axis=1)
        tri_pts = np.column_stack(_tripoints(fld, start[:, 0], start[:, 1], tl[three], fld.dfield.h, tol_m))
        tri_lab = np.sort(tl[three], axis=1)
        for k in range(3):
            seg_a.append(r[ce[:, k]])
            seg_b.append(tri_pts)
            seg_pair.append(cross_pair[ce[:, k]])
    return np.vstack(seg_a), np.vstack(seg_b), np.vstack(seg_pair), tri_pts, tri_lab


def _tripoint_records(fld: _Field, sea: Polygon, labels: tuple[str, ...], tri_pts: NDArray,
                      tri_lab: NDArray) -> list[Tripoint]:
    """Tripoints inside the sea as lon/lat records."""
    if not len(tri_pts):
        return []
    ll = _to_lonlat(fld, tri_pts)
    inside = shapely.covers(sea, shapely.points(ll))
    return [Tripoint(tuple(labels[i] for i in t), float(lo), float(la))  # type: ignore[arg-type]
            for t, (lo, la), ok in zip(tri_lab, ll, inside) if ok]


def _sectors(sea: Polygon, segs: NDArray, fld: _Field, labels: tuple[str, ...],
             lab: NDArray[np.int_]) -> tuple[dict[str, BaseGeometry], bool]:
    """The faces the boundary segments cut the sea into, united per owner; and whether one of them
    holds a sector the grid missed (see :func:`_face_owners`)."""
    network = shapely.union_all(np.concatenate([shapely.get_parts(sea.boundary), segs]))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(network)))
    reps = shapely.point_on_surface(faces)
    shapely.prepare(sea)
    inside = shapely.contains(sea, reps) & (shapely.area(faces) > 0)
    faces, reps = faces[inside], reps[inside]
    owner, missed = _face_owners(fld, lab, faces, reps, len(labels)) if len(faces) else (np.zeros(0, int), False)
    out: dict[str, BaseGeometry] = {}
    for i, k in enumerate(labels):
        mine = faces[owner == i]
        out[k] = shapely.coverage_union_all(mine) if len(mine) else Polygon()
    return out, missed


def _face_owners(fld: _Field, lab: NDArray[np.int_], faces: NDArray, reps: NDArray,
                 n_labels: int) -> tuple[NDArray[np.int_], bool]:
    """Owner of each face: the exact nearest coast at its representative point, checked against the
    grid nodes round that point (3 x 3) that lie in the face. Where most of those nodes carry another
    label, the point lies in a sector the grid missed (narrower than the grid, such as a sliver of a
    zone along a lake's axis), and the face would wrongly go whole to it: the nodes' label is used
    instead and ``missed`` is returned, so that the caller can divide again on a finer grid."""
    df = fld.dfield
    px, py = fld.proj.forward(shapely.get_x(reps), shapely.get_y(reps))
    owner = np.argmin(fld.exact(px, py), axis=1)
    ny, nx = df.shape
    ix = np.rint((px - df.x[0]) / df.h).astype(int)[:, None] + np.tile([-1, 0, 1], 3)[None]
    iy = np.rint((py - df.y[0]) / df.h).astype(int)[:, None] + np.repeat([-1, 0, 1], 3)[None]
    ids = np.clip(iy, 0, ny - 1) * nx + np.clip(ix, 0, nx - 1)
    in_face = shapely.contains_xy(np.repeat(faces, 9).reshape(-1, 9), *fld.proj.inverse(df.x[ids], df.y[ids]))
    node_lab = np.where(in_face, lab[ids], -1)
    counts = (node_lab[:, :, None] == np.arange(n_labels)).sum(axis=1)
    by_nodes = np.where(counts.max(axis=1) > 4, counts.argmax(axis=1), owner)  # a clear majority only
    missed = by_nodes != owner
    return by_nodes, bool(missed.any())


def sector_boundaries(sectors: Mapping[str, BaseGeometry]) -> dict[tuple[str, str], BaseGeometry]:
    """The line each pair of sectors shares, in sector order: one LineString wherever it is contiguous.

    Derived from the sectors themselves (they tile the sea exactly), so a boundary
    has no pieces that no two sectors share: no debris at the coast or past a tripoint.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> sector_boundaries({"W": box(0, 0, 1, 1), "E": box(1, 0, 2, 1)})[("W", "E")].wkt
    'LINESTRING (1 0, 1 1)'
    """
    names = [k for k, g in sectors.items() if not g.is_empty]
    rings = {k: sectors[k].boundary for k in names}
    out: dict[tuple[str, str], BaseGeometry] = {}
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if not shapely.intersects(rings[a], rings[b]):
                continue
            shared = _only_lines(shapely.intersection(rings[a], rings[b]))
            if not shared.is_empty:
                out[(a, b)] = shapely.line_merge(shared)
    return out


def merge(part: Partition, groups: Mapping[str, str]) -> Partition:
    """Merge the sectors of several labels into one (e.g. a state and its islands).

    ``groups`` maps a label to its group; unlisted labels stay themselves.
    Boundaries inside a group disappear; tripoints that no longer join three
    groups are dropped.

    Examples
    --------
    >>> from shapely.geometry import LineString, box
    >>> p = partition(box(0, 0, 3, 1), {"a": LineString([(0, 0), (0, 1)]),
    ...               "b": LineString([(1.5, 0), (1.5, 0.001)]), "c": LineString([(3, 0), (3, 1)])})
    >>> sorted(merge(p, {"b": "a"}).sectors)
    ['a', 'c']
    """
    g = {k: groups.get(k, k) for k in part.labels}
    names = tuple(dict.fromkeys(g.values()))
    sectors = {n: shapely.union_all([part.sectors[k] for k in part.labels if g[k] == n]) for n in names}
    boundaries = sector_boundaries(sectors)
    tps = []
    for t in part.tripoints:
        lab = tuple(dict.fromkeys(g[x] for x in t.labels))
        if len(lab) == 3:
            tps.append(Tripoint(lab, t.lon, t.lat))  # type: ignore[arg-type]
    areas = {n: sum(part.areas_km2[k] for k in part.labels if g[k] == n) for n in names}
    return Partition(names, sectors, boundaries, tps, areas)


def _only_lines(g: BaseGeometry) -> BaseGeometry:
    parts = [p for p in shapely.get_parts(g) if isinstance(p, LineString) and p.length > 0]
    return MultiLineString(parts)
