"""Dynamic models: how positions on one scale issue may move, round by round.

Two named variants, both seeded and both logging every round:

- ``compromise``: a position-exchange / compromise model. Each round every
  state moves towards the capability-and-salience-weighted mean of the
  others' positions, the less the more salient the issue is to it, plus a
  small seeded noise; the forecast is the weighted mean [2]_.
- ``expected_utility``: a Bueno de Mesquita style expected-utility model [1]_
  [3]_. For every pair (i, j) the challenger's expected utility of pressing
  its position on j is computed from the weighted support each side can
  muster; when i expects to gain and j expects to lose, j moves part-way to
  i's position (the most credible offer wins; ties broken by the seeded
  generator). The forecast each round is the weighted median position.

Capabilities default to the Correlates of War CINC index of the year
(:mod:`caspian_sim.negotiation.capabilities`); ``capabilities="equal"`` gives
every state the same weight, and a mapping state -> number sets your own.

References
----------
.. [1] Bueno de Mesquita, B. (1994). Political forecasting: an expected
   utility method. In Stokman & Bueno de Mesquita (eds.), *European Community
   Decision Making*, Yale UP, 71-104.
.. [2] Stokman, F. N., & van Oosten, R. (1994). The exchange of voting
   positions: an object-oriented model of policy networks. Ibid., 105-127.
.. [3] Scholz, J. B., Calbert, G. J., & Smith, G. A. (2011). Unravelling
   Bueno De Mesquita's group decision model. *Journal of Theoretical
   Politics* 23(4), 510-531.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import OptionError
from ..validate import Number, StateMap, choice, integer, known_name, number
from .capabilities import cinc
from .model import Model, build_model
from .positions import SCALE_ISSUES

__all__ = ["Simulation", "simulate", "weighted_median", "VARIANTS"]


@dataclass(frozen=True)
class Simulation:
    """Round-by-round log of a dynamic model on one issue."""

    variant: str
    issue: str
    states: tuple[str, ...]
    seed: int
    rounds: list[dict[str, Any]] = field(default_factory=list)

    @property
    def forecast(self) -> float:
        return float(self.rounds[-1]["forecast"])

    @property
    def final_positions(self) -> dict[str, float]:
        return dict(self.rounds[-1]["positions"])


def weighted_median(x: NDArray[np.float64], w: NDArray[np.float64]) -> float:
    """Position of the weighted median voter.

    Examples
    --------
    >>> weighted_median(np.array([0.0, 0.5, 1.0]), np.array([1.0, 1.0, 3.0]))
    1.0
    """
    order = np.argsort(x)
    cum = np.cumsum(w[order])
    return float(x[order][np.searchsorted(cum, cum[-1] / 2)])


def _compromise_step(x: NDArray, s: NDArray, c: NDArray, rng: np.random.Generator, rate: float, noise: float) -> NDArray:
    w = c * s
    total = w.sum()
    others = (total - w)
    mean_others = (w @ x - w * x) / np.where(others > 0, others, 1)
    step = rate * (1 - s) * (mean_others - x)
    return np.clip(x + step + noise * rng.standard_normal(len(x)), 0, 1)


def _eu_step(x: NDArray, s: NDArray, c: NDArray, rng: np.random.Generator, rate: float, noise: float) -> NDArray:
    w = c * s
    d = np.abs(x[:, None] - x[None, :])  # distance between i and j
    # support of k for i against j: positive when k is closer to i
    pref = np.abs(x[None, None, :] - x[None, :, None]) - np.abs(x[None, None, :] - x[:, None, None])  # (i, j, k)
    support = (w[None, None, :] * pref)
    p_win = np.clip(support.clip(min=0).sum(-1) / np.maximum(np.abs(support).sum(-1), 1e-12), 0, 1)
    u_s = 2 - 4 * (0.5 - 0.5 * d)
    u_f = 2 - 4 * (0.5 + 0.5 * d)
    eu = s[None, :] * (p_win * u_s + (1 - p_win) * u_f) + (1 - s[None, :]) * u_s  # i challenges j
    np.fill_diagonal(eu, -np.inf)
    new = x.copy()
    for j in range(len(x)):
        credible = (eu[:, j] > 0) & (eu[j, :] < eu[:, j])
        if not credible.any():
            continue
        best = np.flatnonzero(eu[:, j] == eu[credible, j].max())
        i = int(rng.choice(best))
        new[j] = x[j] + rate * (x[i] - x[j])
    return np.clip(new + noise * rng.standard_normal(len(x)), 0, 1)


VARIANTS = {"compromise": _compromise_step, "expected_utility": _eu_step}


def _capabilities(spec: str | Mapping[str, float], at: date) -> dict[str, float]:
    """``"cinc"`` (the CINC of ``at``'s year), ``"equal"``, or a mapping state -> capability > 0."""
    if isinstance(spec, str):
        choice(spec, "capabilities", ("cinc", "equal"))
        return cinc(at).values if spec == "cinc" else {}
    return StateMap(Number(0, lo_open=True))(spec, "capabilities")
#: Upper bound on the rounds of one simulation (each round is a few array operations).
MAX_ROUNDS = 100_000


def simulate(
    issue: str,
    at: str | date = "2003-07",
    *,
    variant: str = "expected_utility",
    model: Model | None = None,
    capabilities: str | Mapping[str, float] = "cinc",
    rounds: int = 20,
    rate: float = 0.5,
    noise: float = 0.0,
    seed: int = 0,
    tol: float = 1e-6,
) -> Simulation:
    """Run a dynamic model on one scale issue from the positions at ``at``.

    States without a position on the issue do not take part.

    Examples
    --------
    >>> sim = simulate("decision_rule", at="2003-07", variant="compromise", seed=1)
    >>> sim.rounds[0]["round"], 0 <= sim.forecast <= 1
    (0, True)
    >>> simulate("decision_rule", at="2003-07", seed=3).rounds == simulate("decision_rule", at="2003-07", seed=3).rounds
    True
    """
    variant = known_name(variant, "variant", VARIANTS, "dynamic model")
    issue = known_name(issue, "issue", SCALE_ISSUES, "scale issue")
    rounds = integer(rounds, "rounds", lo=1, hi=MAX_ROUNDS)
    rate = number(rate, "rate", lo=0, hi=1, lo_open=True)
    noise = number(noise, "noise", lo=0, hi=1)
    seed = integer(seed, "seed", lo=0)
    tol = number(tol, "tol", lo=0, hi=1, lo_open=True)
    model = model if model is not None else build_model(at)
    cap_of = _capabilities(capabilities, model.at)
    k = SCALE_ISSUES.index(issue)
    have = ~np.isnan(model.ideal[:, k])
    if have.sum() < 2:
        raise OptionError(f"fewer than two states have a documented position on {issue!r} at {model.at}")
    states = tuple(str(st) for st, h in zip(model.states, have) if h)
    x = model.ideal[have, k].copy()
    s = model.salience[have, k].copy()
    cap = np.array([cap_of.get(st, 1.0) for st in states])
    rng = np.random.default_rng(seed)
    step = VARIANTS[variant]
    forecast = (lambda x: float((cap * s) @ x / (cap * s).sum())) if variant == "compromise" \
        else (lambda x: weighted_median(x, cap * s))
    log = [{"round": 0, "positions": dict(zip(states, x.round(6).tolist())), "forecast": forecast(x)}]
    for r in range(1, rounds + 1):
        nx = step(x, s, cap, rng, rate, noise)
        moved = float(np.max(np.abs(nx - x)))
        x = nx
        log.append({"round": r, "positions": dict(zip(states, x.round(6).tolist())), "forecast": forecast(x),
                    "max_move": moved})
        if moved < tol:
            break
    return Simulation(variant, issue, states, seed, log)
