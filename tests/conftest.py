from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import numpy as np
import pytest
from shapely.geometry import Polygon

from caspian_sim import divide, load_caspian
from caspian_sim.geodesy import GEOD

# the suite's own on-disk cache (caspian_sim.diskcache; read at each use, not at import): empty
# at the start, so both its write and read paths run, and nothing is left in the user's cache
_CACHE_DIR = tempfile.mkdtemp(prefix="caspian-sim-cache-")
os.environ["CASPIAN_SIM_CACHE_DIR"] = _CACHE_DIR
atexit.register(shutil.rmtree, _CACHE_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def caspian():
    return load_caspian()


@pytest.fixture(scope="session")
def median_division(caspian):
    return divide("median", caspian)


def regular_polygon(n: int, radius_m: float, lon0: float = 50.0, lat0: float = 42.0, rot: float = 0.0) -> Polygon:
    """A geodesic regular n-gon: vertices at equal geodesic distance and azimuth steps."""
    az = rot + np.arange(n) * 360.0 / n
    lon, lat, _ = GEOD.fwd(np.full(n, lon0), np.full(n, lat0), az, np.full(n, radius_m))
    return Polygon(np.column_stack([lon, lat])[::-1])  # counter-clockwise


def pentagon_sea(radius_m: float = 150_000.0, names: tuple[str, ...] = ("A", "B", "C", "D", "E")):
    """A regular pentagon lake whose five sides belong to five states (analytic: 20% each)."""
    from caspian_sim import Sea

    lake = regular_polygon(5, radius_m)
    ring = np.asarray(lake.exterior.coords)[:-1]
    # termini at the vertices; clockwise pairs (the ring is counter-clockwise, so reverse)
    termini = {(names[(i + 1) % 5], names[i]): tuple(ring[(i + 1) % 5]) for i in range(5)}
    return Sea.from_polygon(lake, termini, name="pentagon")


@pytest.fixture(scope="session")
def pentagon():
    return pentagon_sea()
