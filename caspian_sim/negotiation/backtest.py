"""Backtest: does the model, from the documented positions alone, reproduce history?

Fifteen dated episodes from 1998 to 2021 -- signatures, rejections, a use of
force, declarations at the working group, ratifications -- each with the
decisions of the states involved and the source that records them
(``data/episodes.json``, proposals in the scenario-file schema). Each
episode is scored with the positions recorded *strictly before* its date
(``build_model(..., before=True)``), so no decision feeds its own forecast.

Two kinds of forecast are compared with history:

- the deterministic one (:func:`~.scoring.score`): hits per state decision;
- a probabilistic one: the Monte Carlo acceptance probability of each decision
  under uncertain saliences, positions and insecurity
  (:func:`~.montecarlo.run_draws`), summarised by the Brier score [1]_ and a
  calibration table.

A bilateral episode is judged as a deal on one line: its parties weigh their
own line, the third states only the rule of deciding bilaterally
(:func:`~.scoring.decision_arrays`).

References
----------
.. [1] Brier, G. W. (1950). Verification of forecasts expressed in terms of
   probability. *Monthly Weather Review* 78(1), 1-3.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

import numpy as np

from ..progress import progress as bar
from ..sea import Sea, load_caspian
from ..validate import finite_json, integer, number
from .model import build_model
from .montecarlo import run_draws
from .positions import parse_date, positions
from .proposals import Proposal, proposal_from_dict
from .scoring import Score, decision_arrays, score

__all__ = ["EPISODES", "Episode", "BacktestResult", "backtest", "load_episodes"]


@dataclass(frozen=True)
class Episode:
    """A dated decision: the proposal on the table and what each state did, with the source."""

    name: str
    at: str
    proposal: Proposal
    expected: dict[str, bool]
    source: str


def load_episodes() -> tuple[Episode, ...]:
    """The dated episodes of ``data/episodes.json``; each proposal is read and checked like a scenario file.

    Examples
    --------
    >>> eps = load_episodes()
    >>> len(eps) >= 15 and all(e.source for e in eps)
    True
    """
    raw = json.loads(resources.files("caspian_sim.data").joinpath("episodes.json").read_text(encoding="utf-8"))
    return tuple(Episode(e["name"], e["date"], proposal_from_dict(e["proposal"]), dict(e["expected"]), e["source"])
                 for e in raw["episodes"])


EPISODES: tuple[Episode, ...] = load_episodes()

#: Probability bins of the calibration table.
BINS: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


@dataclass(frozen=True)
class BacktestResult:
    """Model predictions against history, decision by decision."""

    episodes: tuple[Episode, ...]
    scores: tuple[Score, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)
    draws: int = 0

    @property
    def correct(self) -> int:
        return sum(r["correct"] for r in self.rows)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def hit_rate(self) -> float:
        return self.correct / self.total

    @property
    def brier(self) -> float:
        """Mean squared difference between the Monte Carlo acceptance probability and what happened (0 best)."""
        return float(np.mean([(r["p_accept"] - (r["history"] == "accepts")) ** 2 for r in self.rows]))

    def calibration(self) -> list[dict[str, Any]]:
        """Decisions binned by forecast probability: how often the states accepted in each bin."""
        p = np.array([r["p_accept"] for r in self.rows])
        y = np.array([r["history"] == "accepts" for r in self.rows], float)
        out = []
        for lo, hi in zip(BINS[:-1], BINS[1:]):
            sel = (p >= lo) & ((p < hi) if hi < 1 else (p <= hi))
            out.append({"forecast": f"{lo:.1f}-{hi:.1f}", "decisions": int(sel.sum()),
                        "mean_forecast": float(p[sel].mean()) if sel.any() else None,
                        "accepted": float(y[sel].mean()) if sel.any() else None})
        return out

    def failures(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if not r["correct"]]

    def to_dict(self) -> dict[str, Any]:
        return finite_json({
            "correct": self.correct, "total": self.total, "hit_rate": self.hit_rate, "brier": self.brier,
            "draws": self.draws, "calibration": self.calibration(), "rows": self.rows,
            "episodes": [{"name": e.name, "date": e.at, "source": e.source, "bilateral": s.bilateral,
                          "objectors": s.objectors, "blocking": s.blocking}
                         for e, s in zip(self.episodes, self.scores)]})


def latest_position(episode: Episode) -> date:
    """The date of the latest position record an episode is scored with (always before the episode)."""
    recs = [p for per in positions(episode.at, before=True).values() for p in per.values()]
    return max(p.date for p in recs)


def backtest(sea: Sea | None = None, *, insecurity: float = 0.25, draws: int = 2_000, seed: int = 0,
             progress: bool | None = None) -> BacktestResult:
    """Score every episode and compare each state's decision with history.

    Examples
    --------
    >>> r = backtest(draws=200)
    >>> r.total >= 15, 0 <= r.brier <= 1
    (True, True)

    ``progress`` shows a bar over the episodes (default: only in a terminal or notebook).
    """
    draws = integer(draws, "draws", lo=1, hi=1_000_000)
    seed = integer(seed, "seed", lo=0)
    insecurity = number(insecurity, "insecurity", lo=0, hi=1, hi_open=True)
    sea = sea if sea is not None else load_caspian()
    scores, rows = [], []
    for ep in bar(EPISODES, total=len(EPISODES), desc="episodes", enabled=progress):
        model = build_model(ep.at, sea, insecurity=insecurity, before=True)
        sc = score(ep.proposal, sea=sea, model=model)
        enc = decision_arrays(model, ep.proposal, sea)
        acc = run_draws(model, (enc.values, enc.shares, enc.zones, enc.family), draws=draws, seed=seed,
                        salience_sigma=0.3, position_sigma=0.1, insecurity=(0.1, 0.4))[0] / draws
        scores.append(sc)
        for state, want in ep.expected.items():
            i = model.states.index(state)
            got = sc.accept[state]
            rows.append({"episode": ep.name, "date": ep.at, "state": state,
                         "history": "accepts" if want else "rejects", "model": "accepts" if got else "rejects",
                         "p_accept": round(float(acc[enc.row_of_state[i], i]), 4), "correct": got == want,
                         "why": ", ".join(sc.blocking.get(state, [])) or "-"})
    return BacktestResult(EPISODES, tuple(scores), rows, draws)


def episode_dates() -> list[tuple[str, date, date]]:
    """Each episode's name, date and the date of the latest position it is scored with."""
    return [(e.name, parse_date(e.at), latest_position(e)) for e in EPISODES]
