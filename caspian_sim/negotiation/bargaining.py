"""Bargaining solutions over the feasible set of seabed shares.

The feasible set is the simplex of share vectors (shares >= 0, summing to 1).
State *i* values share ``x_i`` at ``u_i(x) = min(1, x_i / c_i)`` (its claim
``c_i``, as in the preference model) and the disagreement point is its
status-quo utility ``d_i``. The solutions return shares, which any target-share
method then turns into lines.

References
----------
.. [1] Nash, J. (1950). The bargaining problem. *Econometrica* 18, 155-162.
.. [2] Kalai, E., & Smorodinsky, M. (1975). Other solutions to Nash's
   bargaining problem. *Econometrica* 43, 513-518.
.. [3] Kalai, E. (1977). Proportional solutions to bargaining situations:
   interpersonal utility comparisons. *Econometrica* 45, 1623-1630.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq

from ..errors import InfeasibleError
from ..validate import vector

__all__ = ["nash", "kalai_smorodinsky", "egalitarian", "solve", "SOLUTIONS"]


def _check(claims: ArrayLike, disagreement: ArrayLike) -> tuple[NDArray, NDArray]:
    c = vector(claims, "claims", error=InfeasibleError)
    d = vector(disagreement, "disagreement", error=InfeasibleError)
    if c.shape != d.shape or c.ndim != 1 or np.any(c <= 0) or np.any(c > 1):
        raise InfeasibleError("claims must be shares in (0, 1], one per state, and match the disagreement point")
    if np.any(d < 0) or np.any(d > 1):
        raise InfeasibleError(f"disagreement utilities must be in [0, 1], got {d.tolist()}")
    if np.sum(c * d) >= 1:
        raise InfeasibleError("the disagreement point is not improvable: the status-quo shares already use the whole sea")
    return c, d


def _shares_for(c: NDArray, d: NDArray, gain: NDArray, t: float) -> NDArray:
    """Shares giving utility d + t * gain (capped at each claim)."""
    return c * np.minimum(1.0, d + t * gain)


def _max_t(c: NDArray, d: NDArray, gain: NDArray) -> float:
    """Largest t with sum of shares <= 1 (utilities rising along ``gain``)."""
    f = lambda t: _shares_for(c, d, gain, t).sum() - 1.0  # noqa: E731
    hi = float(np.max((1 - d) / np.where(gain > 0, gain, np.inf), initial=0.0))
    if f(hi) <= 0:
        return hi
    return float(brentq(f, 0.0, hi, xtol=1e-13))


def _finish(c: NDArray, x: NDArray) -> NDArray:
    """Give any share left over (all claims met) in proportion to the claims."""
    left = 1.0 - x.sum()
    return x + left * c / c.sum() if left > 1e-12 else x


def egalitarian(claims: ArrayLike, disagreement: ArrayLike) -> NDArray[np.float64]:
    """Equal utility gains over the disagreement point (Kalai 1977).

    Examples
    --------
    >>> egalitarian([0.5, 0.5], [0.0, 0.0]).tolist()
    [0.5, 0.5]
    """
    c, d = _check(claims, disagreement)
    gain = np.ones_like(c)
    return _finish(c, _shares_for(c, d, gain, _max_t(c, d, gain)))


def kalai_smorodinsky(claims: ArrayLike, disagreement: ArrayLike) -> NDArray[np.float64]:
    """Gains proportional to each state's ideal gain (Kalai & Smorodinsky 1975).

    The ideal utility of *i* is the most it can get while the others keep
    their disagreement utilities.

    Examples
    --------
    Ideal utilities are 0.5 and 1, so gains are equal here:

    >>> kalai_smorodinsky([1.0, 1.0], [0.0, 0.5]).round(4).tolist()
    [0.25, 0.75]
    """
    c, d = _check(claims, disagreement)
    others = (c * d).sum() - c * d
    ideal = np.minimum(1.0, (1.0 - others) / c)
    gain = ideal - d
    return _finish(c, _shares_for(c, d, gain, _max_t(c, d, gain)))


def nash(claims: ArrayLike, disagreement: ArrayLike) -> NDArray[np.float64]:
    """Maximise the product of utility gains (Nash 1950).

    With ``u_i = min(1, x_i / c_i)`` the product is maximised where every state
    below its claim gets the same *share* over its status quo, ``x_i = c_i d_i + t``
    (the first-order condition ``1 / (x_i - c_i d_i) = lambda``), and a state
    whose claim is met stops there: a water-filling in closed form, solved for
    ``t`` by a bracketed root. Exact where an iterative optimiser may stop short.

    Examples
    --------
    With linear utilities and no caps binding, the Nash solution splits the
    surplus share equally:

    >>> nash([1.0, 1.0], [0.1, 0.3]).round(4).tolist()
    [0.4, 0.6]
    """
    c, d = _check(claims, disagreement)
    gain = 1.0 / c  # utility gain per unit of the common surplus share t
    return _finish(c, _shares_for(c, d, gain, _max_t(c, d, gain)))


SOLUTIONS = {"nash": nash, "kalai_smorodinsky": kalai_smorodinsky, "egalitarian": egalitarian}


def solve(name: str, claims: Mapping[str, float], disagreement: Mapping[str, float]) -> dict[str, float]:
    """A named bargaining solution for per-state claims and disagreement utilities."""
    from ..errors import unknown

    if not isinstance(name, str) or name not in SOLUTIONS:
        raise unknown("bargaining solution", name, SOLUTIONS)
    if not isinstance(claims, Mapping) or not isinstance(disagreement, Mapping) or set(claims) != set(disagreement):
        raise InfeasibleError("claims and disagreement must be mappings state -> number over the same states")
    keys = list(claims)
    x = SOLUTIONS[name]([claims[k] for k in keys], [disagreement[k] for k in keys])
    return dict(zip(keys, x.tolist()))
