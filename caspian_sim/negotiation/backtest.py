"""Backtest: does the model, from the documented positions alone, reproduce history?

Three episodes from the sources (seeds/000, 001, 002 and the Aktau text):

1. **1998** -- the Russia-Kazakhstan seabed deal (modified median line,
   decided bilaterally): acceptable to both, Iran objects.
2. **2003** -- the treaty-derived splits (RUS ~19%, KAZ ~29%, AZE ~20%,
   bilateral lines) acceptable to RUS, KAZ and AZE; Iran's 20% (equal
   shares, unanimity) accepted by no other state.
3. **2018** -- the Aktau package (15 nm territorial waters, 10 nm fishery
   zones, common space, pipelines with the consent of the crossed party, no
   outside navies, seabed left to neighbours) signed by all five.

Each episode is scored with the positions on record at the stated date (for
1998 the positions stated at the 2nd working-group meeting, Dec 1998; for 2018
strictly before the signature, so the signatures themselves are not used).
The expected outcomes are history from the sources; they are compared with,
never fed into, the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..sea import Sea, load_caspian
from ..validate import finite_json
from .model import build_model
from .proposals import Proposal
from .scoring import Score, score

__all__ = ["EPISODES", "Episode", "BacktestResult", "backtest"]


@dataclass(frozen=True)
class Episode:
    name: str
    at: str
    before: bool
    proposal: Proposal
    expected: dict[str, bool]
    source: str


EPISODES: tuple[Episode, ...] = (
    Episode(
        "1998 RUS-KAZ seabed deal", "1998-12-16", False,
        Proposal("RUS-KAZ seabed deal (modified median, bilateral)", seabed_method="modified_median",
                 values={"decision_rule": 0.0}, bilateral_pair=("RUS", "KAZ")),
        {"RUS": True, "KAZ": True, "IRN": False},
        "seeds/002 (deal of early 1998, Iran's sharp criticism); seeds/000 (2nd meeting, Dec 1998)",
    ),
    Episode(
        "2003 treaty-derived splits", "2003-07-22", False,
        Proposal("treaty-derived splits (modified median, bilateral)", seabed_method="modified_median",
                 values={"decision_rule": 0.0}),
        {"RUS": True, "KAZ": True, "AZE": True},
        "seeds/001 (RU 19%, KZ 29%, AZ 20% from the 1999-2002 agreements)",
    ),
    Episode(
        "2003 Iran's 20%", "2003-07-22", False,
        Proposal("Iran's 20% (equal shares, unanimity)", seabed_method="equal_shares", values={"decision_rule": 1.0}),
        {"IRN": True, "RUS": False, "KAZ": False, "TKM": False, "AZE": False},
        "seeds/000 (10th meeting, Jul 2003), seeds/001 (Iran's 20% never accepted)",
    ),
    Episode(
        "2018 Aktau Convention", "2018-08-12", True,
        Proposal("Aktau package", seabed_method="aktau_2018",
                 values={"regime": 0.5, "decision_rule": 0.0, "pipelines": 1.0, "military": 0.5},
                 territorial_sea_nm=15.0, fishing_zone_nm=10.0),
        {"RUS": True, "KAZ": True, "TKM": True, "IRN": True, "AZE": True},
        "Convention on the Legal Status of the Caspian Sea, Aktau, 12 Aug 2018 (signed by all five)",
    ),
)


@dataclass(frozen=True)
class BacktestResult:
    """Model predictions against history, episode by episode."""

    episodes: tuple[Episode, ...]
    scores: tuple[Score, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def correct(self) -> int:
        return sum(r["correct"] for r in self.rows)

    @property
    def total(self) -> int:
        return len(self.rows)

    def failures(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if not r["correct"]]

    def to_dict(self) -> dict[str, Any]:
        return finite_json({"correct": self.correct, "total": self.total, "rows": self.rows,
                "episodes": [{"name": e.name, "date": e.at, "source": e.source, "unanimous": s.unanimous,
                              "bilateral": s.bilateral, "objectors": s.objectors, "blocking": s.blocking}
                             for e, s in zip(self.episodes, self.scores)]})


def backtest(sea: Sea | None = None, *, insecurity: float = 0.25) -> BacktestResult:
    """Score every episode and compare each state's predicted acceptance with history.

    Examples
    --------
    >>> r = backtest()
    >>> r.total, r.correct >= 12
    (16, True)
    """
    sea = sea if sea is not None else load_caspian()
    scores, rows = [], []
    for ep in EPISODES:
        model = build_model(ep.at, sea, insecurity=insecurity, before=ep.before)
        sc = score(ep.proposal, sea=sea, model=model)
        scores.append(sc)
        for state, want in ep.expected.items():
            got = sc.accept[state]
            rows.append({"episode": ep.name, "state": state, "history": "accepts" if want else "rejects",
                         "model": "accepts" if got else "rejects", "correct": got == want,
                         "why": ", ".join(sc.blocking.get(state, [])) or "-"})
    return BacktestResult(EPISODES, tuple(scores), rows)
