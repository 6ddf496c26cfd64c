"""Bankruptcy (claims) rules: divide an estate among claims that exceed it.

Each function takes the estate ``E`` and a vector of claims ``c`` (with
``sum(c) >= E``) and returns the awards, which sum to ``E`` and never exceed a
claim. Applied to the Caspian as in Sheikhmohammady & Madani (2008): the estate
is the seabed (100%) and the claims are the states' claimed shares.

References
----------
.. [1] O'Neill, B. (1982). A problem of rights arbitration from the Talmud.
   *Mathematical Social Sciences* 2(4), 345-371.
.. [2] Aumann, R. J., & Maschler, M. (1985). Game theoretic analysis of a
   bankruptcy problem from the Talmud. *Journal of Economic Theory* 36, 195-213.
.. [3] Thomson, W. (2003). Axiomatic and game-theoretic analysis of bankruptcy
   and taxation problems: a survey. *Mathematical Social Sciences* 45, 249-297.
.. [4] Curiel, I. J., Maschler, M., & Tijs, S. H. (1987). Bankruptcy games.
   *Zeitschrift für Operations Research* 31, A143-A159 (adjusted proportional).
.. [5] Sheikhmohammady, M., & Madani, K. (2008). Bankruptcy methods for
   resolving water resources conflicts. *World Environmental and Water
   Resources Congress*, ASCE.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import InfeasibleError, unknown
from ..validate import number, vector

__all__ = ["proportional", "constrained_equal_awards", "constrained_equal_losses", "talmud",
           "adjusted_proportional", "random_arrival", "RULES", "allocate"]


def _check(estate: float, claims: ArrayLike) -> NDArray[np.float64]:
    c = vector(claims, "claims", error=InfeasibleError)
    if np.any(c < 0):
        raise InfeasibleError(f"claims must be numbers >= 0, got {claims!r}")
    estate = number(estate, "estate", lo=0, error=InfeasibleError)
    if estate > c.sum() + 1e-12:
        raise InfeasibleError(f"the estate must be between 0 and the sum of the claims ({c.sum():g}), got {estate:g}")
    return c


def proportional(estate: float, claims: ArrayLike) -> NDArray[np.float64]:
    """Awards proportional to claims.

    Examples
    --------
    >>> proportional(100, [100, 200, 300]).round(2).tolist()
    [16.67, 33.33, 50.0]
    """
    c = _check(estate, claims)
    return c * (estate / c.sum()) if c.sum() > 0 else c.copy()


def _cea(estate: float, c: NDArray[np.float64]) -> NDArray[np.float64]:
    """min(c_i, lam) with sum = estate (bisection-free: sort the claims)."""
    order = np.sort(c)
    n = len(c)
    spent = 0.0
    for k, ck in enumerate(order):
        lam = (estate - spent) / (n - k)
        if lam <= ck:
            return np.minimum(c, lam)
        spent += ck
    return c.copy()


def constrained_equal_awards(estate: float, claims: ArrayLike) -> NDArray[np.float64]:
    """Equal awards, no one above their claim (CEA, Maimonides).

    Examples
    --------
    >>> constrained_equal_awards(200, [100, 200, 300]).round(2).tolist()
    [66.67, 66.67, 66.67]
    >>> constrained_equal_awards(300, [50, 200, 300]).round(2).tolist()
    [50.0, 125.0, 125.0]
    """
    return _cea(estate, _check(estate, claims))


def constrained_equal_losses(estate: float, claims: ArrayLike) -> NDArray[np.float64]:
    """Equal losses, no award below zero (CEL).

    Examples
    --------
    >>> constrained_equal_losses(300, [100, 200, 300]).round(2).tolist()
    [0.0, 100.0, 200.0]
    """
    c = _check(estate, claims)
    return c - _cea(c.sum() - estate, c)


def talmud(estate: float, claims: ArrayLike) -> NDArray[np.float64]:
    """The Talmud rule (Aumann & Maschler 1985): CEA on half-claims below half the
    total claim, then CEL on the half-claims above it.

    Examples
    --------
    The three cases of the Mishna (Kethubot 93a), claims 100, 200, 300:

    >>> [talmud(e, [100, 200, 300]).round(2).tolist() for e in (100, 200, 300)]
    [[33.33, 33.33, 33.33], [50.0, 75.0, 75.0], [50.0, 100.0, 150.0]]
    """
    c = _check(estate, claims)
    half = c / 2
    if estate <= half.sum():
        return _cea(estate, half)
    return half + (half - _cea(half.sum() - (estate - half.sum()), half))


def adjusted_proportional(estate: float, claims: ArrayLike) -> NDArray[np.float64]:
    """Adjusted proportional rule (Curiel, Maschler & Tijs 1987): give each
    claimant what the others leave uncontested, truncate the remaining claims
    at the remaining estate, and divide that proportionally.

    Examples
    --------
    With claims truncated at the estate, (100, 200, 200) share 200:

    >>> adjusted_proportional(200, [100, 200, 300]).round(2).tolist()
    [40.0, 80.0, 80.0]
    >>> adjusted_proportional(500, [100, 200, 300]).round(2).tolist()  # minimal rights 0, 100, 200
    [66.67, 166.67, 266.67]
    """
    c = _check(estate, claims)
    v = np.maximum(0.0, estate - (c.sum() - c))  # uncontested minimal rights
    rest = estate - v.sum()
    c2 = np.minimum(c - v, rest)
    return v + (c2 * rest / c2.sum() if c2.sum() > 0 else 0.0)


def random_arrival(estate: float, claims: ArrayLike) -> NDArray[np.float64]:
    """Random arrival rule (O'Neill 1982): claimants arrive in random order and
    are paid in full while the estate lasts; awards are averaged over all n!
    orders (equals the Shapley value of the bankruptcy game).

    Examples
    --------
    >>> random_arrival(200, [100, 200, 300]).round(2).tolist()
    [33.33, 83.33, 83.33]
    """
    c = _check(estate, claims)
    n = len(c)
    if n > 8:
        raise InfeasibleError("random_arrival averages over all n! orders; use at most 8 claimants")
    perms = np.array(list(itertools.permutations(range(n))))  # (n!, n)
    cc = c[perms]
    before = np.cumsum(cc, axis=1) - cc
    paid = np.clip(estate - before, 0, cc)
    out = np.zeros((len(perms), n))
    np.put_along_axis(out, perms, paid, axis=1)
    return out.mean(axis=0)


RULES: dict[str, Callable[[float, ArrayLike], NDArray[np.float64]]] = {
    "proportional": proportional,
    "constrained_equal_awards": constrained_equal_awards,
    "constrained_equal_losses": constrained_equal_losses,
    "talmud": talmud,
    "adjusted_proportional": adjusted_proportional,
    "random_arrival": random_arrival,
}


def allocate(rule: str, estate: float, claims: dict[str, float]) -> dict[str, float]:
    """Apply a named rule to claims given per state.

    Examples
    --------
    >>> {k: round(v, 4) for k, v in allocate("talmud", 1.0, {"A": 0.5, "B": 0.5, "C": 0.5}).items()}
    {'A': 0.3333, 'B': 0.3333, 'C': 0.3333}
    """
    if not isinstance(rule, str) or rule not in RULES:
        raise unknown("bankruptcy rule", rule, RULES)
    if not isinstance(claims, Mapping) or not claims:
        raise InfeasibleError(f"claims must be a non-empty mapping claimant -> claim, got {claims!r}")
    keys = list(claims)
    return dict(zip(keys, RULES[rule](estate, [claims[k] for k in keys]).tolist()))
