from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import Polygon

from caspian_sim import divide, load_caspian
from caspian_sim.geodesy import GEOD


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
