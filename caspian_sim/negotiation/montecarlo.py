"""Monte Carlo sensitivity of acceptance to uncertain saliences, positions and the status quo.

Each draw multiplies every salience by a log-normal factor, moves every ideal
point by a normal error (clipped to the scale) and draws the insecurity
discount of the status quo uniformly; the proposals are then scored for all
draws at once (vectorised). Draws are split into chunks, each with its own
child seed of ``numpy.random.SeedSequence(seed)``, so the result is the same
for the same seed whatever executor runs the chunks -- pass any
``concurrent.futures.Executor`` (a process pool, or a Dask/Ray executor).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import OptionError
from ..progress import progress as bar
from ..sea import Sea
from ..validate import finite_json, integer, number, vector
from .model import Model, build_model, proposal_arrays, status_quo_shares, utilities
from .proposals import Proposal

#: Upper bound on Monte Carlo draws in one call (memory and time stay bounded).
MAX_DRAWS = 10_000_000

__all__ = ["MonteCarloResult", "monte_carlo"]


@dataclass(frozen=True)
class MonteCarloResult:
    """Distributions of acceptance over draws."""

    proposals: tuple[str, ...]
    states: tuple[str, ...]
    draws: int
    seed: int
    accept_probability: NDArray[np.float64]  # (P, N)
    unanimity_probability: NDArray[np.float64]  # (P,)
    utility_mean: NDArray[np.float64]  # (P, N)
    utility_sd: NDArray[np.float64]  # (P, N)

    def to_dict(self) -> dict[str, Any]:
        return finite_json({
            "draws": self.draws, "seed": self.seed,
            "proposals": {
                p: {"unanimity_probability": float(self.unanimity_probability[j]),
                    "accept_probability": dict(zip(self.states, self.accept_probability[j].round(4).tolist()))}
                for j, p in enumerate(self.proposals)
            },
        })


def _chunk(args: tuple[Any, ...]) -> tuple[NDArray, NDArray, NDArray, NDArray]:
    """Score one chunk of draws (a top-level function, so process pools can pickle it)."""
    model, values, shares, zones, fam, n, seed_seq, sal_sigma, pos_sigma, ins_lo, ins_hi = args
    rng = np.random.default_rng(seed_seq)
    N, K = model.ideal.shape
    sal = model.salience[None] * rng.lognormal(0.0, sal_sigma, size=(n, N, K))
    ideal = np.clip(model.ideal[None] + rng.normal(0.0, pos_sigma, size=(n, N, K)), 0, 1)
    ins = rng.uniform(ins_lo, ins_hi, size=n)
    sq = status_quo_shares(model, ins)[:, None, :]  # (n, 1, N)
    r = utilities(model, values, shares, zones, fam, ideal=ideal[:, None], salience=sal[:, None], sq_shares=sq,
                  want_parts=False)
    acc = r["accept"]  # (n, P, N)
    U = r["U"]
    return acc.sum(0), acc.all(-1).sum(0), U.sum(0), (U ** 2).sum(0)


def monte_carlo(
    proposals: Sequence[Proposal],
    at: str | date = "2018-08-11",
    *,
    draws: int = 10_000,
    seed: int = 0,
    salience_sigma: float = 0.3,
    position_sigma: float = 0.1,
    insecurity: tuple[float, float] = (0.1, 0.4),
    chunk_size: int = 2_000,
    executor: Executor | None = None,
    progress: bool | None = None,
    model: Model | None = None,
    sea: Sea | None = None,
) -> MonteCarloResult:
    """Acceptance probabilities of proposals under uncertain preferences.

    Examples
    --------
    >>> from caspian_sim.negotiation import Proposal
    >>> p = Proposal("bilateral seabed", seabed_method="modified_median", values={"decision_rule": 0.0})
    >>> a = monte_carlo([p], at="2003-07", draws=1000, seed=1)
    >>> b = monte_carlo([p], at="2003-07", draws=1000, seed=1)
    >>> bool((a.accept_probability == b.accept_probability).all())
    True
    """
    draws = integer(draws, "draws", lo=1, hi=MAX_DRAWS)
    chunk_size = integer(chunk_size, "chunk_size", lo=1, hi=MAX_DRAWS)
    seed = integer(seed, "seed", lo=0)
    salience_sigma = number(salience_sigma, "salience_sigma", lo=0, hi=10)
    position_sigma = number(position_sigma, "position_sigma", lo=0, hi=10)
    ins = vector(insecurity, "insecurity (low, high)")
    if len(ins) != 2 or not 0 <= ins[0] <= ins[1] < 1:
        raise OptionError(f"insecurity must be a range (low, high) inside [0, 1), got {insecurity!r}")
    insecurity = (float(ins[0]), float(ins[1]))
    if isinstance(proposals, (str, Proposal)) or not isinstance(proposals, Sequence) or not proposals \
            or not all(isinstance(p, Proposal) for p in proposals):
        raise OptionError("proposals must be a non-empty list of Proposal objects")
    if executor is not None and not callable(getattr(executor, "map", None)):
        raise OptionError(f"executor must be a concurrent.futures.Executor (with .map), got {type(executor).__name__}")
    model = model if model is not None else build_model(at, sea)
    arrays = proposal_arrays(model, list(proposals), sea)
    acc, una, us, uss = run_draws(model, arrays, draws=draws, seed=seed, salience_sigma=salience_sigma,
                                  position_sigma=position_sigma, insecurity=insecurity, chunk_size=chunk_size,
                                  executor=executor, progress=progress)
    mean = us / draws
    sd = np.sqrt(np.maximum(uss / draws - mean ** 2, 0))
    return MonteCarloResult(tuple(p.name for p in proposals), model.states, draws, seed, acc / draws,
                            una / draws, mean, sd)


def run_draws(model: Model, arrays: tuple[NDArray, NDArray, NDArray, NDArray], *, draws: int, seed: int,
              salience_sigma: float, position_sigma: float, insecurity: tuple[float, float], chunk_size: int = 2_000,
              executor: Executor | None = None, progress: bool | None = False) -> tuple[NDArray, NDArray, NDArray, NDArray]:
    """Sums over ``draws`` seeded draws of acceptance (R, N), unanimity (R,), U and U² (R, N) for
    encoded proposals ``arrays`` = (values, shares, zones, family), R rows (checked options only)."""
    values, shares, zones, fam = arrays
    sizes = [min(chunk_size, draws - i) for i in range(0, draws, chunk_size)]
    seeds = np.random.SeedSequence(seed).spawn(len(sizes))
    jobs = [(model, values, shares, zones, fam, n, ss, salience_sigma, position_sigma, *insecurity)
            for n, ss in zip(sizes, seeds)]
    results = executor.map(_chunk, jobs) if executor is not None else map(_chunk, jobs)
    R, N = len(values), len(model.states)
    acc, una, us, uss = np.zeros((R, N)), np.zeros(R), np.zeros((R, N)), np.zeros((R, N))
    for a, u1, s1, s2 in bar(results, total=len(sizes), desc=f"monte carlo ({draws:,} draws)", enabled=progress):
        acc += a
        una += u1
        us += s1
        uss += s2
    return acc, una, us, uss
