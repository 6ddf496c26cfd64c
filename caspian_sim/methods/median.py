"""Median (equidistance) line: every point of the seabed to the nearest coast.

References
----------
.. [1] International Hydrographic Organization (2014). *A Manual on Technical
   Aspects of the United Nations Convention on the Law of the Sea* (TALOS),
   IHO C-51, 5th ed., ch. 6.
.. [2] United Nations Convention on the Law of the Sea (1982), arts. 15, 74, 83
   (equidistance as the starting point of delimitation).
"""

from __future__ import annotations

from ..division import Division, from_partition
from ..sea import IslandMode, Sea
from . import register
from ._common import median_partition


@register("median", "Median (equidistance) line: each point to the nearest coast, geodesic on WGS84")
def median(sea: Sea, *, islands: IslandMode = "basepoint", resolution_km: float = 3.0) -> Division:
    """Divide the seabed by the median (equidistance) line.

    Parameters
    ----------
    sea : Sea
    islands : {"basepoint", "sea", "exclude"}
        ``"basepoint"``: islands count as their owner's coast and are not
        seabed; ``"sea"``: islands are ignored and counted as sea;
        ``"exclude"``: islands are cut out of the area but have no effect.
    resolution_km : float
        Search-grid spacing of the equidistance engine.

    Returns
    -------
    Division

    Examples
    --------
    >>> from caspian_sim import load_caspian
    >>> d = median(load_caspian())
    >>> max(d.shares, key=d.shares.get)
    'KAZ'
    """
    opts = {"islands": islands, "resolution_km": resolution_km}
    return from_partition(sea, median_partition(sea, islands, 1.0, resolution_km), "median", opts)
