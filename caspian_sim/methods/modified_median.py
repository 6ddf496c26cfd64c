"""Modified median line: the median line as the littoral states negotiated it.

Three adjustments, each optional and each documented in the Division's notes:

1. **Island effect** -- full (1), half (0.5) or none (0), for all islands or
   per island. Default 0: the islands of the shallow northern Caspian (Volga
   and Ural deltas) and elsewhere are discounted, as the Russia-Kazakhstan
   "modified" line did. Partial effect is realised as a multiplicative weight
   on the island's coast.
2. **Agreed turning points** -- by default the two points fixed in the 2003
   Kazakhstan-Azerbaijan protocol: the RUS-KAZ-AZE junction (42°33.6'N
   49°53.3'E, confirmed by the trilateral agreement of 14 May 2003), honoured
   exactly, and the proposed KAZ-AZE-TKM junction (41°32.4'N 50°56.6'E),
   which sets Turkmenistan's weight (its KAZ/AZE ratio is already fixed by the
   first point; the misfit is reported in ``details``). Points become
   tripoints through basepoint weights (see
   :func:`~caspian_sim.methods._common.weights_from_turning_points`).
3. **Per-state weights** -- multiplied onto the weights from turning points.

What is approximated: the treaties' full coordinate catalogues (the 2002
RUS-KAZ protocol, the 2003 KAZ-AZE protocol, appendix 1) are not shipped --
they were not found in public text for this release -- so lines between the
turning points are the weighted equidistance lines on the GSHHG coast rather
than the treaties' own point lists; the treaties also used a sea level of
-28 m (Baltic system), which GSHHG does not follow exactly.

References
----------
.. [1] Agreement between the Russian Federation and the Republic of Kazakhstan
   on the delimitation of the seabed of the northern part of the Caspian Sea,
   6 July 1998; Protocol of 13 May 2002.
.. [2] Agreement between the Republic of Kazakhstan and the Republic of
   Azerbaijan on the delimitation of the Caspian seabed, 29 Nov 2001;
   Protocol of 27 Feb 2003 (cis-legislation.com, rgn=3984).
.. [3] Agreement between the Russian Federation and the Republic of
   Azerbaijan on the delimitation of adjacent areas of the Caspian seabed,
   23 Sep 2002; trilateral agreement on the junction point, 14 May 2003.
.. [4] Zimnitskaya, H., & von Geldern, J. (2011). Is the Caspian Sea a sea; and
   why does it matter? *Journal of Eurasian Studies* 2(1), 1-14.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..division import Division
from ..errors import OptionError
from ..sea import IslandMode, Sea
from . import register
from ._common import (
    IslandEffect,
    cached,
    check_weights,
    engine_inputs,
    equidistance_division,
    treaty_points,
    weights_from_turning_points,
)

TurningPoints = str | Sequence[Mapping[str, Any]] | None


def resolve_turning_points(turning_points: TurningPoints, sea: Sea) -> list[dict[str, Any]]:
    """``"treaty"`` (the shipped 2003 points whose states all border ``sea``),
    ``None``/``"none"``, or a list of ``{"states": [a, b, c], "lon": .., "lat": ..}``."""
    if turning_points is None or turning_points == "none":
        return []
    if turning_points == "treaty":
        return [p for p in treaty_points() if set(p["states"]) <= set(sea.states)]
    if isinstance(turning_points, str):
        raise OptionError(f"turning_points must be 'treaty', 'none' or a list of points, got {turning_points!r}")
    out = []
    for p in turning_points:
        if not (isinstance(p, Mapping) and {"states", "lon", "lat"} <= set(p) and len(p["states"]) == 3):
            raise OptionError(f"a turning point needs 'states' (three codes), 'lon' and 'lat'; got {p!r}")
        out.append(dict(p))
    return out


def modified_weights(
    sea: Sea, *, islands: IslandMode, island_effect: IslandEffect, turning_points: TurningPoints,
    weights: Mapping[str, float] | None,
) -> tuple[dict[str, float], list[float]]:
    """Basepoint weights of the modified median line (turning points x user weights),
    and each turning point's misfit."""
    pts = resolve_turning_points(turning_points, sea)
    user = check_weights(sea, weights)

    def fit() -> tuple[dict[str, float], list[float]]:
        # fit on full-effect basepoints only: partial-effect islands are separate coasts
        _, coasts, _, _ = engine_inputs(sea, islands=islands, island_effect=island_effect)
        return weights_from_turning_points(sea, pts, coasts)

    # the fit does not depend on the user's weights: once per sea and options (a re-weighting reuses it)
    w, misfit = cached(sea, ("turning_point_weights", islands, repr(island_effect), repr(pts)), fit)
    return {s: w[s] * user[s] for s in sea.states}, list(misfit)


@register("modified_median", "Modified median line: islands discounted, weights and the 2003 treaty turning points")
def modified_median(
    sea: Sea,
    *,
    island_effect: IslandEffect = 0.0,
    turning_points: TurningPoints = "treaty",
    weights: Mapping[str, float] | None = None,
    islands: IslandMode = "basepoint",
    resolution_km: float = 3.0,
) -> Division:
    """Divide the seabed by the modified median line.

    Parameters
    ----------
    sea : Sea
    island_effect : float or mapping
        1 full, 0.5 half, 0 none; one number for all islands or
        ``{name_or_id: effect}`` (others full).
    turning_points : "treaty", "none" or list of dict
        Agreed tripoints to honour exactly (see the module docstring).
    weights : mapping, optional
        Extra per-state basepoint weights.
    islands : {"basepoint", "sea", "exclude"}
        As for :func:`~caspian_sim.methods.median.median`.
    resolution_km : float

    Examples
    --------
    >>> from caspian_sim import load_caspian
    >>> d = modified_median(load_caspian())
    >>> t = next(t for t in d.tripoints if set(t.labels) == {"RUS", "KAZ", "AZE"})
    >>> round(t.lat, 3), round(t.lon, 3)
    (42.56, 49.888)
    """
    w, misfit = modified_weights(sea, islands=islands, island_effect=island_effect, turning_points=turning_points,
                         weights=weights)
    opts = {
        "island_effect": island_effect if not isinstance(island_effect, Mapping) else dict(island_effect),
        "turning_points": turning_points if isinstance(turning_points, str) or turning_points is None else "custom",
        "weights": {k: round(v, 6) for k, v in w.items()},
        "islands": islands,
        "resolution_km": resolution_km,
    }
    notes = [
        "lines between turning points are weighted equidistance lines on the GSHHG coast, not the treaties' "
        "own coordinate catalogues (not shipped)",
    ]
    return equidistance_division(sea, "modified_median", opts, islands=islands, island_effect=island_effect,
                                 weights=w, resolution_km=resolution_km, notes=notes,
                                 details={"weights": w, "turning_point_misfit": misfit})
