"""Backtest: does the model, from the documented positions alone, reproduce history?

Fifteen dated episodes from 1998 to 2021 -- signatures, rejections, a use of
force, declarations at the working group, ratifications -- each with the
decisions of the states involved and the source that records them. Each
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

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from ..sea import Sea, load_caspian
from ..validate import finite_json, integer, number
from .model import build_model
from .montecarlo import run_draws
from .positions import parse_date, positions
from .proposals import JointZone, Proposal
from .scoring import Score, decision_arrays, score

__all__ = ["EPISODES", "Episode", "BacktestResult", "backtest"]


@dataclass(frozen=True)
class Episode:
    """A dated decision: the proposal on the table and what each state did, with the source."""

    name: str
    at: str
    proposal: Proposal
    expected: dict[str, bool]
    source: str


_BILATERAL = {"decision_rule": 0.0}


def _deal(name: str, method: str, pair: tuple[str, str], **kw: Any) -> Proposal:
    return Proposal(name, seabed_method=method, values=dict(_BILATERAL), bilateral_pair=pair, **kw)


_AKTAU = Proposal("Aktau package", seabed_method="aktau_2018",
                  values={"regime": 0.5, "decision_rule": 0.0, "pipelines": 1.0, "military": 0.5},
                  territorial_sea_nm=15.0, fishing_zone_nm=10.0)

EPISODES: tuple[Episode, ...] = (
    Episode("1998 RUS-KAZ seabed deal", "1998-12-16",
            _deal("RUS-KAZ seabed deal (modified median)", "modified_median", ("RUS", "KAZ")),
            {"RUS": True, "KAZ": True, "IRN": False},
            "seeds/002 (deal of 1998, Iran's sharp criticism); seeds/000 (2nd working group, Dec 1998)"),
    Episode("1998 median-line division (2nd working group)", "1998-12-16",
            Proposal("seabed divided by the median line", seabed_method="median"),
            {"KAZ": True, "AZE": True, "IRN": False},
            "seeds/000 (Kazakhstan: the median line is the only way; Azerbaijan for national sectors; Iran insists "
            "on 20%)"),
    Episode("2001 Alov: Azerbaijan's median line with Iran", "2001-07-23",
            _deal("AZE-IRN median line (Alov in Azerbaijan's sector)", "median", ("AZE", "IRN")),
            {"AZE": True, "IRN": False},
            "UPI, 24 Jul 2001 (Iranian warship stops the BP survey of Alov-Araz-Sharg); Jamestown Monitor 7(151)"),
    Episode("2001 condominium (5th working group)", "2001-09-21",
            Proposal("condominium / joint use", seabed_method="condominium", values={"regime": 0.0}),
            {"IRN": True, "AZE": False, "RUS": False, "KAZ": False},
            "seeds/000 (Astana, Sep 2001: Iran for condominium; Azerbaijan for dividing the seabed; Russia for "
            "common surface, divided seabed)"),
    Episode("2001 KAZ-AZE seabed agreement", "2001-11-29",
            _deal("KAZ-AZE modified median line", "modified_median", ("KAZ", "AZE")),
            {"KAZ": True, "AZE": True},
            "Agreement of 29 Nov 2001 (cis-legislation.com rgn=3984); data/agreements.json"),
    Episode("2002 RUS-KAZ protocol, joint structures", "2002-05-13",
            _deal("RUS-KAZ protocol: modified median, Tsentralnoye 50/50", "modified_median", ("RUS", "KAZ"),
                  joint=(JointZone("Tsentralnoye", {"RUS": 50, "KAZ": 50}, fields=("Tsentralnoye",)),)),
            {"RUS": True, "KAZ": True},
            "Protocol of 13 May 2002 (shared/seeds/DIGEST.md); 50/50 structures (en.inform.kz, 3 Jan 2016)"),
    Episode("2002 RUS-AZE seabed agreement", "2002-09-23",
            _deal("RUS-AZE modified median line", "modified_median", ("RUS", "AZE")),
            {"RUS": True, "AZE": True},
            "Agreement of 23 Sep 2002 (shared/seeds/DIGEST.md; seeds/001)"),
    Episode("2003 trilateral junction", "2003-05-14",
            Proposal("RUS-KAZ-AZE junction of the three lines", seabed_method="modified_median", values=dict(_BILATERAL)),
            {"RUS": True, "KAZ": True, "AZE": True},
            "Agreement of 14 May 2003, Almaty (businesspravo.ru DocumID 86604)"),
    Episode("2003 treaty-derived splits", "2003-07-22",
            Proposal("treaty-derived splits (modified median, bilateral)", seabed_method="modified_median",
                     values=dict(_BILATERAL)),
            {"RUS": True, "KAZ": True, "AZE": True},
            "seeds/001 (RU 19%, KZ 29%, AZ 20% from the 1999-2002 agreements)"),
    Episode("2003 Iran's 20%", "2003-07-22",
            Proposal("Iran's 20% (equal shares, unanimity)", seabed_method="equal_shares", values={"decision_rule": 1.0}),
            {"IRN": True, "RUS": False, "KAZ": False, "TKM": False, "AZE": False},
            "seeds/000 (10th meeting, Jul 2003), seeds/001 (Iran's 20% never accepted)"),
    Episode("2009 Azerbaijan's median line with Turkmenistan", "2009-07-24",
            _deal("AZE-TKM median line (Kapaz, Azeri, Chirag in Azerbaijan's sector)", "median", ("AZE", "TKM")),
            {"AZE": True, "TKM": False},
            "IWPR, 22 Sep 2009 (Turkmenistan to take the dispute to arbitration, 24 Jul 2009); US cable 09ASHGABAT995"),
    Episode("2014 KAZ-TKM seabed agreement", "2014-12-02",
            _deal("KAZ-TKM median line", "median", ("KAZ", "TKM")),
            {"KAZ": True, "TKM": True},
            "Agreement of 2 Dec 2014; Kazakh ratification law 335-V of 20 Jul 2015"),
    Episode("2018 Aktau Convention (signature)", "2018-08-12", _AKTAU,
            {"RUS": True, "KAZ": True, "TKM": True, "IRN": True, "AZE": True},
            "Convention on the Legal Status of the Caspian Sea, Aktau, 12 Aug 2018 (signed by all five)"),
    Episode("2019 Aktau Convention (ratification)", "2019-10-31", _AKTAU,
            {"RUS": True, "KAZ": True, "TKM": True, "AZE": True, "IRN": False},
            "shared/seeds/DIGEST.md: ratified by TKM (Dec 2018), KAZ (Feb 2019), AZE (Feb 2019), RUS (Oct 2019); "
            "Iran had not ratified (as of 2023)"),
    Episode("2021 Dostlug memorandum", "2021-01-21",
            Proposal("Dostlug joint development (AZE-TKM MoU)", values=dict(_BILATERAL), bilateral_pair=("AZE", "TKM"),
                     joint=(JointZone("Dostlug", {"AZE": 30, "TKM": 70}, fields=("Dostlug",)),)),
            {"AZE": True, "TKM": True},
            "RFE/RL, 21 Jan 2021 (memorandum signed); 30/70 shares: neftegaz.ru, 'Dostluk field (formerly known as "
            "Kapaz/Serdar)'"),
)

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


def backtest(sea: Sea | None = None, *, insecurity: float = 0.25, draws: int = 2_000, seed: int = 0) -> BacktestResult:
    """Score every episode and compare each state's decision with history.

    Examples
    --------
    >>> r = backtest(draws=200)
    >>> r.total >= 15, 0 <= r.brier <= 1
    (True, True)
    """
    draws = integer(draws, "draws", lo=1, hi=1_000_000)
    seed = integer(seed, "seed", lo=0)
    insecurity = number(insecurity, "insecurity", lo=0, hi=1, hi_open=True)
    sea = sea if sea is not None else load_caspian()
    scores, rows = [], []
    for ep in EPISODES:
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
