"""Voting rules over a set of candidate proposals.

Each state ranks the candidates by its utility (from the preference model);
the rules aggregate the rankings.

References
----------
.. [1] Brandt, F., Conitzer, V., Endriss, U., Lang, J., & Procaccia, A. D.
   (eds.) (2016). *Handbook of Computational Social Choice*. Cambridge UP, ch. 2.
.. [2] Madani, K., Read, L., & Shalikarian, L. (2014). Voting under
   uncertainty: a stochastic framework for analyzing group decision making
   problems. *Water Resources Management* 28, 1839-1856.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..validate import vector

__all__ = ["plurality", "borda", "copeland", "condorcet_winner", "pairwise_wins"]


def _u(utilities: ArrayLike) -> NDArray[np.float64]:
    return vector(utilities, "utilities (candidates x voters)", ndim=2, min_len=2)


def plurality(utilities: ArrayLike) -> NDArray[np.int_]:
    """First-place votes per candidate (ties split to the lower index).

    Examples
    --------
    >>> plurality([[3, 1, 1], [2, 2, 2], [1, 3, 3]]).tolist()
    [1, 0, 2]
    """
    u = _u(utilities)
    return np.bincount(np.argmax(u, axis=0), minlength=u.shape[0])


def borda(utilities: ArrayLike) -> NDArray[np.float64]:
    """Borda scores: m-1 points for a voter's first choice, ..., 0 for its last (ties averaged).

    Examples
    --------
    >>> borda([[3, 1, 1], [2, 2, 2], [1, 3, 3]]).tolist()
    [2.0, 3.0, 4.0]
    """
    from scipy.stats import rankdata

    u = _u(utilities)
    return (rankdata(u, axis=0) - 1).sum(axis=1)


def pairwise_wins(utilities: ArrayLike) -> NDArray[np.int_]:
    """W[a, b] = number of voters preferring candidate a to b."""
    u = _u(utilities)
    return (u[:, None, :] > u[None, :, :]).sum(axis=2)


def copeland(utilities: ArrayLike) -> NDArray[np.float64]:
    """Copeland scores: pairwise majority wins minus losses.

    Examples
    --------
    >>> copeland([[3, 1, 1], [2, 2, 2], [1, 3, 3]]).tolist()
    [-2.0, 0.0, 2.0]
    """
    w = pairwise_wins(utilities)
    return np.sign(w - w.T).sum(axis=1).astype(float)


def condorcet_winner(utilities: ArrayLike) -> int | None:
    """Index of the candidate beating every other by majority, or None.

    Examples
    --------
    >>> condorcet_winner([[3, 1, 1], [2, 2, 2], [1, 3, 3]])
    2
    >>> condorcet_winner([[3, 1, 2], [2, 3, 1], [1, 2, 3]]) is None  # Condorcet cycle
    True
    """
    w = pairwise_wins(utilities)
    beats = (w > w.T)
    for a in range(w.shape[0]):
        if all(beats[a, b] for b in range(w.shape[0]) if b != a):
            return a
    return None
