"""The distance field of a sea: its search grid and every node's distance to every coast, computed once.

A division by (weighted) equidistance asks, for each point of the sea, which
coast minimises ``d_i / w_i - a_i``. The distances ``d_i`` do not depend on the
weights, so they are computed once per sea, coasts and resolution and kept in a
:class:`DistanceField`: a triangulated grid in a local azimuthal equidistant
plane, an approximate distance from every node to every coast (KD-tree,
vectorised), and the exact geodesic distances of the nodes where the exact
value has been needed (filled on demand, never recomputed). Every later
weighting, offset or zone breadth is an ``argmin`` over these cached arrays,
and exact root-finding runs only on the edges whose labels change.

Fields are kept in a small least-recently-used cache keyed by the geometry
itself (its WKB), so two seas with the same polygon and coasts share one field.

References
----------
.. [1] Okabe, A., Boots, B., Sugihara, K., & Chiu, S. N. (2000). *Spatial
   Tessellations*, 2nd ed., Wiley, §3.1 and §4.6 (computing weighted Voronoi
   diagrams on a grid, then exactly along the label-changing edges).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from . import diskcache
from .errors import GeometryError, OptionError
from .geodesy import CoastIndex, LocalProjection, densify
from .validate import number

__all__ = ["DistanceField", "MAX_GRID_NODES", "distance_field", "clear_cache", "geodesic_sea"]

#: Largest search grid the engine builds (nodes); larger requests are refused with a suggestion.
MAX_GRID_NODES = 2_000_000
#: How many distance fields are kept (each a few MB for the Caspian at 3 km).
CACHE_SIZE = 8

_FIELDS: OrderedDict[bytes, DistanceField] = OrderedDict()


class DistanceField:
    """Search grid of a sea and the distance of its nodes to each coast (weight-independent).

    Attributes
    ----------
    sea : shapely.Polygon
        The sea (lon/lat) with vertices every <= 1 km along its geodesic edges
        (:func:`geodesic_sea`).
    proj : LocalProjection
        The working plane.
    sea_xy : shapely.Polygon
        The sea in the working plane.
    index : CoastIndex
        Exact geodesic distances to the coasts.
    h : float
        Grid spacing (m).
    x, y : ndarray
        Node coordinates in the working plane.
    tri : ndarray, shape (n, 3)
        Triangles whose nodes are all within 1.5 h of the sea.
    used : ndarray
        Ids of the nodes of those triangles.
    approx : ndarray, shape (len(used), n_labels)
        Approximate distance (m) of each used node to each coast.
    """

    def __init__(self, sea: Polygon, coasts: list[BaseGeometry], resolution_km: float, spacing_m: float,
                 disk_key: str | None = None) -> None:
        self.sea = sea = geodesic_sea(sea)
        self.proj = LocalProjection.around(sea)
        self.sea_xy = shapely.transform(sea, lambda c: np.column_stack(self.proj.forward(c[:, 0], c[:, 1])))
        check_grid_size(self.sea_xy.bounds, resolution_km)
        self.h = resolution_km * 1e3
        self.x, self.y, shape = _grid(self.sea_xy, self.h)
        self.shape = shape  # (ny, nx): node (i, j) is x[i * nx + j]
        built: list[CoastIndex] = []

        def build() -> dict[str, NDArray]:
            built.append(CoastIndex(coasts, spacing_m=spacing_m))
            valid = _valid_nodes(self.sea_xy, self.x, self.y, self.h)
            used = _nodes_of(_triangles(shape, valid), len(self.x))
            approx = built[0].approx_distances(*self.proj.inverse(self.x[used], self.y[used]))
            return {"valid": np.packbits(valid), "approx": approx, **built[0].vertex_arrays()}

        arrays = build() if disk_key is None else diskcache.load_or_build(
            "field", disk_key, build, ("valid", "approx", "coast_vertices", "coast_part_sizes", "coast_label_parts"))
        # the densified coasts come with the field: a new process does not densify them again
        self.index = built[0] if built else CoastIndex.from_vertex_arrays(arrays, spacing_m)
        valid = np.unpackbits(arrays["valid"], count=len(self.x)).astype(bool)
        self.tri = _triangles(shape, valid)
        self.used = _nodes_of(self.tri, len(self.x))
        self.approx = arrays["approx"]
        if self.approx.shape != (len(self.used), self.index.n_labels):  # pragma: no cover - keyed on every input
            raise RuntimeError("a cached distance field does not fit its grid; clear caspian_sim.diskcache")
        self._exact = np.full((len(self.x), self.index.n_labels), np.nan)

    @property
    def n_labels(self) -> int:
        return self.index.n_labels

    def node_exact(self, ids: NDArray[np.int_]) -> NDArray[np.float64]:
        """Exact geodesic distances (m) of nodes ``ids`` to every coast, computed once per node."""
        todo = ids[np.isnan(self._exact[ids, 0])]
        if len(todo):
            todo = np.unique(todo)
            self._exact[todo] = self.index.distances(*self.proj.inverse(self.x[todo], self.y[todo]))
        return self._exact[ids]


def distance_field(sea: Polygon, coasts: Mapping[str, BaseGeometry], resolution_km: float,
                   spacing_m: float) -> DistanceField:
    """The :class:`DistanceField` of a (validated) sea and its coasts, from the cache when possible.

    Examples
    --------
    >>> from shapely.geometry import LineString, box
    >>> lake = box(0, 0, 1, 1)
    >>> coasts = {"W": LineString([(0, 0), (0, 1)]), "E": LineString([(1, 0), (1, 1)])}
    >>> f = distance_field(lake, coasts, 10.0, 250.0)
    >>> f is distance_field(lake, coasts, 10.0, 250.0)
    True
    >>> f.approx.shape[1]
    2
    """
    _check_inputs(sea, coasts)
    resolution_km = number(resolution_km, "resolution_km", lo=0.05, hi=100, unit="km")
    spacing_m = number(spacing_m, "spacing_m", lo=10, hi=100_000, unit="m")
    h = hashlib.blake2b(digest_size=16)
    for g in (sea, *coasts.values()):
        h.update(shapely.to_wkb(g))
    h.update(np.array([resolution_km, spacing_m, len(coasts)], float).tobytes())
    key = h.digest()
    hit = _FIELDS.get(key)
    if hit is None:
        disk_key = diskcache.key("field", key, modules=(__name__, "caspian_sim.geodesy"))
        hit = DistanceField(sea, list(coasts.values()), resolution_km, spacing_m, disk_key)
        _FIELDS[key] = hit
        while len(_FIELDS) > CACHE_SIZE:
            _FIELDS.popitem(last=False)
    _FIELDS.move_to_end(key)
    return hit


def geodesic_sea(sea: Polygon) -> Polygon:
    """The sea with vertices every <= 1 km on its geodesic edges (so the noded boundary
    follows the geodesics; a vertex inserted on a long lon/lat chord would not).

    Idempotent: a sea already this dense is returned vertex for vertex.
    """
    out = Polygon(densify(sea.exterior.coords, 1000.0), [densify(r.coords, 1000.0) for r in sea.interiors])
    if not out.is_valid:  # valid with straight lon/lat edges, but its geodesic edges cross
        raise GeometryError(
            f"the sea polygon's edges cross when followed as geodesics on the ellipsoid "
            f"({shapely.is_valid_reason(out)}); add vertices along its long edges or simplify the spikes"
        )
    return out


def _check_inputs(sea: object, coasts: object) -> None:
    if not isinstance(sea, Polygon) or sea.is_empty:
        raise GeometryError(f"the sea must be a non-empty shapely Polygon, got {type(sea).__name__}")
    if not isinstance(coasts, Mapping) or not coasts or not all(isinstance(g, BaseGeometry) and not g.is_empty
                                                                for g in coasts.values()):
        raise GeometryError("coasts must be a non-empty mapping label -> non-empty shapely geometry")


def clear_cache() -> None:
    """Forget every cached distance field (to measure a computation from scratch)."""
    _FIELDS.clear()


def check_grid_size(bounds_xy: tuple[float, float, float, float], resolution_km: float) -> None:
    """Refuse grids over :data:`MAX_GRID_NODES` nodes (for a sea with these bounds in the working
    plane, metres), naming the resolution that would fit."""
    x0, y0, x1, y1 = bounds_xy
    nodes = ((x1 - x0) / (resolution_km * 1e3) + 5) * ((y1 - y0) / (resolution_km * 1e3) + 5)
    if nodes > MAX_GRID_NODES:
        suggest = resolution_km * float(np.sqrt(nodes / MAX_GRID_NODES)) * 1.05
        err = OptionError(
            f"this sea needs a search grid of about {nodes:,.0f} nodes at resolution_km={resolution_km:g} "
            f"(the limit is {MAX_GRID_NODES:,}); use resolution_km >= {suggest:.3g}"
        )
        err.finest_km = suggest  # type: ignore[attr-defined]  # for callers that chose the grid themselves
        raise err


def _grid(sea_xy: Polygon, h: float) -> tuple[NDArray, NDArray, tuple[int, int]]:
    """Regular grid of spacing ``h`` over the sea's bounds (flattened x, y and the grid's shape)."""
    x0, y0, x1, y1 = sea_xy.bounds
    xs = np.arange(x0 - 2 * h, x1 + 2.5 * h, h)
    ys = np.arange(y0 - 2 * h, y1 + 2.5 * h, h)
    gx, gy = np.meshgrid(xs, ys)  # shape (ny, nx)
    return gx.ravel(), gy.ravel(), gx.shape


def _valid_nodes(sea_xy: Polygon, x: NDArray, y: NDArray, h: float) -> NDArray[np.bool_]:
    """The grid nodes within 1.5 h of the sea.

    The nodes in the sea, then the exact distance test only for the nodes outside
    it that a KD-tree of its boundary (vertices <= h / 2 apart, so a vertex is
    within h / 4 of every boundary point) puts within 1.5 h + h / 4: the same
    nodes as testing all of them, at a fraction of the cost.
    """
    from pykdtree.kdtree import KDTree

    shapely.prepare(sea_xy)
    valid = shapely.contains_xy(sea_xy, x, y)
    out = np.nonzero(~valid)[0]
    if not len(out):
        return valid
    ring = shapely.get_coordinates(shapely.segmentize(sea_xy.boundary, h / 2))
    near, _ = KDTree(ring).query(np.column_stack([x[out], y[out]]), k=1)
    band = out[near <= 1.75 * h + 1e-6 * h]
    valid[band] = shapely.dwithin(sea_xy, shapely.points(x[band], y[band]), 1.5 * h)
    return valid


def _triangles(shape: tuple[int, int], valid: NDArray[np.bool_]) -> NDArray[np.int_]:
    """Two triangles per grid cell, kept where all three nodes are valid (all lower-right
    triangles in row-major cell order, then all upper-left ones)."""
    ny, nx = shape
    v = valid.reshape(shape)
    v00, v10, v01, v11 = v[:-1, :-1], v[:-1, 1:], v[1:, :-1], v[1:, 1:]
    out = []
    for ok, offsets in ((v00 & v10 & v11, (0, 1, nx + 1)), (v00 & v11 & v01, (0, nx + 1, nx))):
        j, i = np.nonzero(ok)
        n00 = j * nx + i
        out.append(np.stack([n00 + o for o in offsets], axis=1))
    return np.concatenate(out)


def _nodes_of(tri: NDArray[np.int_], n: int) -> NDArray[np.int_]:
    """The sorted ids of the nodes of ``tri`` (as np.unique, without sorting)."""
    mask = np.zeros(n, bool)
    mask[tri.ravel()] = True
    return np.nonzero(mask)[0]
