"""The equidistance engine: (weighted) median-line partitions of a sea between coasts.

Every point of the sea goes to the coast whose geodesic distance, divided by the
coast's weight, is smallest. With equal weights this is the median
(equidistance) line of international delimitation practice [1]_ [2]_; unequal
weights give the multiplicatively weighted ("equiratio") lines used by the
modified-median and target-share methods.

Algorithm
---------
1. A regular triangulated grid of spacing ``resolution_km`` is laid over the sea
   in a local azimuthal equidistant plane (internal only).
2. Each node is labelled with its nearest coast: first from a KD-tree of the
   densified coasts, then, wherever the two best candidates are close, from the
   exact geodesic distances on WGS84 (:class:`~caspian_sim.geodesy.CoastIndex`).
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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import LineString, MultiLineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from .errors import GeometryError, OptionError
from .geodesy import CoastIndex, LocalProjection, area_km2, densify
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


#: Largest search grid the engine builds (nodes); larger requests are refused with a suggestion.
MAX_GRID_NODES = 2_000_000


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


def _check_coasts(coasts: object) -> dict[str, BaseGeometry]:
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
    if len(out) < 2:
        raise OptionError(f"need at least two coasts to divide a sea, got {list(out)}")
    return out


def _check_grid_size(sea: Polygon, proj: LocalProjection, resolution_km: float) -> None:
    x, y = proj.forward(*np.asarray(sea.exterior.coords)[:, :2].T)
    nodes = ((x.max() - x.min()) / (resolution_km * 1e3) + 5) * ((y.max() - y.min()) / (resolution_km * 1e3) + 5)
    if nodes > MAX_GRID_NODES:
        suggest = resolution_km * float(np.sqrt(nodes / MAX_GRID_NODES)) * 1.05
        raise OptionError(
            f"this sea needs a search grid of about {nodes:,.0f} nodes at resolution_km={resolution_km:g} "
            f"(the limit is {MAX_GRID_NODES:,}); use resolution_km >= {suggest:.3g}"
        )


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
    """Weighted exact distances F_i = d_i / w_i - a_i, evaluated in the working plane.

    ``w`` are multiplicative weights and ``a`` additive offsets (metres; a
    boundary moves as a whole by the difference of two offsets). With
    ``beyond_m`` an extra last label has the constant value ``beyond_m``: it
    takes every point farther than that (weighted) from all coasts.
    """

    def __init__(
        self, index: CoastIndex, proj: LocalProjection, weights: NDArray[np.float64], beyond_m: float | None = None,
        offsets: NDArray[np.float64] | None = None,
    ) -> None:
        self.index = index
        self.proj = proj
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
        """F_la - F_lb at each point, computing only the two labels each point needs."""
        lon, lat = self.proj.inverse(x, y)
        out = np.zeros(len(x))
        for lab in np.unique(np.concatenate([la, lb])):
            for sel_lab, sign in ((la, 1.0), (lb, -1.0)):
                sel = sel_lab == lab
                if not sel.any():
                    continue
                if lab == self.index.n_labels:  # the constant "beyond" label
                    out[sel] += sign * float(self.beyond_m)  # type: ignore[arg-type]
                else:
                    d = self.index.distances(lon[sel], lat[sel], labels=[int(lab)])[:, 0]
                    out[sel] += sign * (d / self.w[lab] - self.a[lab])
        return out

    def approx(self, x: NDArray, y: NDArray) -> NDArray[np.float64]:
        return self._with_beyond(self.index.approx_distances(*self.proj.inverse(x, y)))


def _grid(sea_xy: Polygon, h: float) -> tuple[NDArray, NDArray, NDArray[np.bool_], tuple[int, int]]:
    x0, y0, x1, y1 = sea_xy.bounds
    xs = np.arange(x0 - 2 * h, x1 + 2.5 * h, h)
    ys = np.arange(y0 - 2 * h, y1 + 2.5 * h, h)
    gx, gy = np.meshgrid(xs, ys)  # shape (ny, nx)
    shapely.prepare(sea_xy)
    valid = shapely.dwithin(sea_xy, shapely.points(gx.ravel(), gy.ravel()), 1.5 * h)
    return gx.ravel(), gy.ravel(), valid, gx.shape


def _triangles(shape: tuple[int, int], valid: NDArray[np.bool_]) -> NDArray[np.int_]:
    ny, nx = shape
    j, i = np.meshgrid(np.arange(ny - 1), np.arange(nx - 1), indexing="ij")
    n00 = (j * nx + i).ravel()
    n10, n01, n11 = n00 + 1, n00 + nx, n00 + nx + 1
    tri = np.concatenate([np.stack([n00, n10, n11], 1), np.stack([n00, n11, n01], 1)])
    return tri[valid[tri].all(axis=1)]


def _label_nodes(fld: _Field, x: NDArray, y: NDArray, tri: NDArray, h: float) -> NDArray[np.int_]:
    """Nearest-coast label of every node: KD-tree first, exact where it matters."""
    used = np.unique(tri)
    approx = fld.approx(x[used], y[used])
    order = np.sort(approx, axis=1)
    labels = np.full(len(x), -1)
    labels[used] = np.argmin(approx, axis=1)
    # the vertex distance errs by < s^2/8d + 1e-4 d: exact labels wherever that could matter
    near = used[(order[:, 1] - order[:, 0]) < 1e-3 * (np.abs(order[:, 0]) + np.abs(fld.a).max()) + 2 * h]
    labels[near] = np.argmin(fld.exact(x[near], y[near]), axis=1)
    exact = np.zeros(len(x), bool)
    exact[near] = True
    # every node of a mixed triangle must carry an exact label
    for _ in range(3):
        mixed = tri[~(labels[tri] == labels[tri[:, :1]]).all(axis=1)]
        todo = np.unique(mixed)
        todo = todo[~exact[todo]]
        if len(todo) == 0:
            break
        labels[todo] = np.argmin(fld.exact(x[todo], y[todo]), axis=1)
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
        done = (np.abs(ft) * wmin[idx] < tol_m) | ((b[idx] - a[idx]) * length[idx] < 1e-3)
        left = ft < 0  # the root lies in [t, b]
        # Illinois: halve the kept end's value when the same side is kept twice
        fa_keep = np.where(side[idx] == -1, fa[idx] / 2, fa[idx])
        fb_keep = np.where(side[idx] == 1, fb[idx] / 2, fb[idx])
        a[idx], fa[idx] = np.where(left, tn, a[idx]), np.where(left, ft, fa_keep)
        b[idx], fb[idx] = np.where(left, b[idx], tn), np.where(left, fb_keep, ft)
        side[idx] = np.where(left, 1, -1)
        active[idx[done]] = False
    return np.column_stack([px + t * dx, py + t * dy])


def _refine_segments(
    fld: _Field, A: NDArray, B: NDArray, pair: NDArray, sea_xy: Polygon, tol_m: float, line_tol_m: float
) -> tuple[NDArray, NDArray, NDArray]:
    """Split boundary segments at exact equidistant points until each is within
    ``line_tol_m`` of the true (curved) boundary at its midpoint.

    Only segments touching the sea are refined; endpoints never move, so the
    network stays connected.
    """
    done_a, done_b, done_p = [], [], []
    shapely.prepare(sea_xy)
    for _ in range(16):
        if len(A) == 0:
            break
        d = B - A
        length = np.hypot(d[:, 0], d[:, 1])
        touch = shapely.intersects(sea_xy, shapely.linestrings(np.stack([A, B], axis=1)))
        cand = touch & (length > 0.1)
        M = 0.5 * (A + B)
        n = np.column_stack([-d[:, 1], d[:, 0]]) / np.where(length > 0, length, 1)[:, None]
        P, Q = M - 0.5 * length[:, None] * n, M + 0.5 * length[:, None] * n
        c = np.where(cand)[0]
        la, lb = pair[c, 0], pair[c, 1]
        fP = fld.exact_pair(P[c, 0], P[c, 1], la, lb)
        fQ = fld.exact_pair(Q[c, 0], Q[c, 1], la, lb)
        ok = np.sign(fP) * np.sign(fQ) < 0
        swap = fP > 0
        P2 = np.where(swap[:, None], Q[c], P[c])
        Q2 = np.where(swap[:, None], P[c], Q[c])
        fP2, fQ2 = np.where(swap, fQ, fP), np.where(swap, fP, fQ)
        split = np.zeros(len(A), bool)
        R = np.zeros_like(A)
        if ok.any():
            r = _roots(fld, P2[ok], Q2[ok], la[ok], lb[ok], fP2[ok], fQ2[ok], tol_m)
            dev = np.hypot(*(r - M[c[ok]]).T)
            # tighter near the coast, where boundaries bend and meet the shore
            near = (fld.approx(M[c[ok], 0], M[c[ok], 1]) + fld.a).min(axis=1)
            split[c[ok]] = dev > np.clip(line_tol_m * near / 10_000, 0.02, line_tol_m)
            R[c[ok]] = r
        keep = ~split
        done_a.append(A[keep])
        done_b.append(B[keep])
        done_p.append(pair[keep])
        A, B, pair = (np.vstack([A[split], R[split]]), np.vstack([R[split], B[split]]), np.vstack([pair[split]] * 2))
    done_a.append(A)
    done_b.append(B)
    done_p.append(pair)
    return np.vstack(done_a), np.vstack(done_b), np.vstack(done_p)


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
        lon/lat. Segment edges are geodesics.
    weights : mapping of label -> float, optional
        Multiplicative weights; a point goes to the coast minimising
        ``distance / weight``. Default: all 1 (the median line).
    resolution_km : float
        Spacing of the search grid; boundaries are straight between vertices
        that are at most about this far apart.
    tol_m : float
        Tolerance of the (weighted) equidistance of every boundary vertex.
    line_tol_m : float
        Boundary segments are split at exact equidistant points until the true
        boundary is within this distance of each segment's midpoint (scaled
        down linearly within 10 km of a coast, to 2 cm at the shore).
    spacing_m : float
        Vertex spacing of the densified coasts used for the candidate search.
    offsets : mapping of label -> metres, optional
        Additive offsets: a point goes to the coast minimising
        ``distance / weight - offset``. Between two coasts of equal weight the
        boundary is the locus where the distances differ by the difference of
        the offsets, so it moves as a whole (additively weighted lines).
    beyond : (label, metres), optional
        An extra sector ``label`` for every point whose (weighted) distance to
        all coasts exceeds ``metres``: its boundary is the geodesic buffer of
        the coasts, solved like any other boundary (zones, common areas).

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
    coasts = _check_coasts(coasts)
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
    # vertices every <= 1 km on the geodesic edges: the noded boundary then follows
    # the geodesics (a vertex inserted on a long lon/lat chord would not)
    sea = Polygon(densify(sea.exterior.coords, 1000.0), [densify(r.coords, 1000.0) for r in sea.interiors])
    if not sea.is_valid:  # valid with straight lon/lat edges, but its geodesic edges cross
        raise GeometryError(
            f"the sea polygon's edges cross when followed as geodesics on the ellipsoid "
            f"({shapely.is_valid_reason(sea)}); add vertices along its long edges or simplify the spikes"
        )
    proj = LocalProjection.around(sea)
    _check_grid_size(sea, proj, resolution_km)
    index = CoastIndex([coasts[k] for k in labels], spacing_m=spacing_m)
    fld = _Field(index, proj, w, None if beyond is None else float(beyond[1]), a)
    if beyond is not None:
        labels = (*labels, beyond[0])
        w = fld.w
    h = resolution_km * 1e3

    sea_xy = shapely.transform(sea, lambda c: np.column_stack(proj.forward(c[:, 0], c[:, 1])))
    x, y, valid, shape = _grid(sea_xy, h)
    tri = _triangles(shape, valid)
    lab = _label_nodes(fld, x, y, tri, h)

    tl = lab[tri]
    mixed = ~((tl[:, 0] == tl[:, 1]) & (tl[:, 1] == tl[:, 2]))
    tri, tl = tri[mixed], tl[mixed]
    # unique edges with differing labels
    e = np.concatenate([tri[:, [0, 1]], tri[:, [1, 2]], tri[:, [2, 0]]])
    e = np.sort(e, axis=1)
    uniq, inv = np.unique(e, axis=0, return_inverse=True)
    inv = inv.ravel()
    differ = lab[uniq[:, 0]] != lab[uniq[:, 1]]
    cross_id = np.full(len(uniq), -1)
    cross_id[differ] = np.arange(differ.sum())
    p, q = uniq[differ, 0], uniq[differ, 1]
    P, Q = np.column_stack([x[p], y[p]]), np.column_stack([x[q], y[q]])
    gp = fld.exact_pair(P[:, 0], P[:, 1], lab[p], lab[q])
    gq = fld.exact_pair(Q[:, 0], Q[:, 1], lab[p], lab[q])
    rx, ry = _roots(fld, P, Q, lab[p], lab[q], gp, gq, tol_m).T
    tri_edges = cross_id[inv].reshape(3, -1).T  # per triangle: uv, vw, wu crossing ids

    seg_a, seg_b, seg_pair = [], [], []
    # two-label triangles: one segment between the two crossings
    two = (tri_edges >= 0).sum(axis=1) == 2
    te = np.sort(tri_edges[two], axis=1)[:, 1:]
    a_xy = np.column_stack([rx[te[:, 0]], ry[te[:, 0]]])
    b_xy = np.column_stack([rx[te[:, 1]], ry[te[:, 1]]])
    seg_a.append(a_xy)
    seg_b.append(b_xy)
    seg_pair.append(np.sort(np.column_stack([lab[p[te[:, 0]]], lab[q[te[:, 0]]]]), axis=1))
    # three-label triangles: tripoint + three spokes
    three = np.where((tri_edges >= 0).sum(axis=1) == 3)[0]
    tri_pts = np.zeros((0, 2))
    tri_lab = np.zeros((0, 3), int)
    if len(three):
        ce = tri_edges[three]
        tx, ty = _tripoints(fld, rx[ce].mean(axis=1), ry[ce].mean(axis=1), tl[three], h, tol_m)
        tri_pts = np.column_stack([tx, ty])
        tri_lab = np.sort(tl[three], axis=1)
        for k in range(3):
            seg_a.append(np.column_stack([rx[ce[:, k]], ry[ce[:, k]]]))
            seg_b.append(tri_pts)
            seg_pair.append(np.sort(np.column_stack([lab[p[ce[:, k]]], lab[q[ce[:, k]]]]), axis=1))
    A = np.vstack(seg_a)
    B = np.vstack(seg_b)
    pair = np.vstack(seg_pair)
    A, B, pair = _refine_segments(fld, A, B, pair, sea_xy, tol_m, line_tol_m)

    def to_lonlat(xy: NDArray) -> NDArray:
        return np.column_stack(proj.inverse(xy[:, 0], xy[:, 1]))

    A_ll, B_ll = to_lonlat(A), to_lonlat(B)
    segs = shapely.linestrings(np.stack([A_ll, B_ll], axis=1))
    keep = shapely.length(segs) > 0
    segs, pair = segs[keep], pair[keep]

    sectors = _sectors(sea, segs, fld, labels)
    areas = {k: area_km2(g) for k, g in sectors.items()}
    boundaries = sector_boundaries(sectors)
    tps = [
        Tripoint(tuple(labels[i] for i in tl_), float(lo), float(la))  # type: ignore[arg-type]
        for tl_, (lo, la) in zip(tri_lab, to_lonlat(tri_pts) if len(tri_pts) else [])
        if sea.covers(Point(lo, la))
    ]
    return Partition(labels, sectors, boundaries, tps, areas)


def _sectors(sea: Polygon, segs: NDArray, fld: _Field, labels: tuple[str, ...]) -> dict[str, BaseGeometry]:
    network = shapely.union_all(np.concatenate([shapely.get_parts(sea.boundary), segs]))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(network)))
    reps = shapely.point_on_surface(faces)
    shapely.prepare(sea)
    inside = shapely.contains(sea, reps) & (shapely.area(faces) > 0)
    faces, reps = faces[inside], reps[inside]
    rx, ry = shapely.get_x(reps), shapely.get_y(reps)
    owner = np.argmin(fld.exact(*fld.proj.forward(rx, ry)), axis=1) if len(faces) else np.zeros(0, int)
    out: dict[str, BaseGeometry] = {}
    for i, k in enumerate(labels):
        mine = faces[owner == i]
        out[k] = shapely.coverage_union_all(mine) if len(mine) else Polygon()
    return out


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
