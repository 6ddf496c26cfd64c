"""Scoring a proposal: utilities, acceptance, unanimity, bilateral deals, who blocks and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from ..errors import ScenarioError
from ..sea import Sea, load_caspian
from ..validate import finite_json
from .model import ZONE_ISSUES, Model, build_model, proposal_arrays, utilities
from .positions import SCALE_ISSUES
from .proposals import Proposal

__all__ = ["Score", "score"]

_ISSUE_COLUMNS = (*SCALE_ISSUES, "seabed", "seabed_principle", *ZONE_ISSUES)


@dataclass(frozen=True)
class Score:
    """How each state receives one proposal at one date."""

    proposal: Proposal
    at: date
    utility: dict[str, float]
    reservation: dict[str, float]
    accept: dict[str, bool]
    veto: dict[str, bool]
    breakdown: dict[str, dict[str, float]]
    shares: dict[str, float] | None
    bilateral: dict[str, bool] = field(default_factory=dict)
    objectors: list[str] = field(default_factory=list)

    @property
    def unanimous(self) -> bool:
        """Accepted by all five (the rule for the convention)."""
        return all(self.accept.values())

    @property
    def blocking(self) -> dict[str, list[str]]:
        """Each rejecting state and the issues that make it reject (worst first)."""
        out = {}
        for s, ok in self.accept.items():
            if ok:
                continue
            worst = sorted((v, k) for k, v in self.breakdown[s].items() if v < 0)
            reasons = [k for _, k in worst]
            if self.veto[s]:
                reasons = ["seabed (below its stated minimum share)", *[r for r in reasons if r != "seabed"]]
            out[s] = reasons
        return out

    def to_dict(self) -> dict[str, Any]:
        return finite_json({
            "proposal": self.proposal.name,
            "date": self.at.isoformat(),
            "unanimous": self.unanimous,
            "accept": self.accept,
            "utility": {k: round(v, 4) for k, v in self.utility.items()},
            "reservation": {k: round(v, 4) for k, v in self.reservation.items()},
            "blocking": self.blocking,
            "bilateral": self.bilateral,
            "objectors": self.objectors,
            "seabed_shares": {k: round(v, 4) for k, v in self.shares.items()} if self.shares else None,
            "breakdown": {s: {k: round(v, 4) for k, v in b.items()} for s, b in self.breakdown.items()},
        })

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"state": s, "accept": self.accept[s], "utility": round(self.utility[s], 4),
             "reservation": round(self.reservation[s], 4),
             "blocks_on": ", ".join(self.blocking.get(s, [])) or "-"}
            for s in self.accept
        ]


def score(proposal: Proposal, at: str | date = "2018-08-11", sea: Sea | None = None,
          model: Model | None = None, **model_options: Any) -> Score:
    """Score a proposal against the positions in force at ``at``.

    Bilateral acceptability is reported for every pair of neighbours whose
    sectors meet (both must accept); for a bilateral proposal
    (``proposal.bilateral_pair``) the third states that would lose against
    the status quo are listed as objectors.

    Examples
    --------
    >>> from caspian_sim.negotiation import Proposal
    >>> s = score(Proposal("20% each", seabed_method="equal_shares", values={"decision_rule": 1.0}), at="2003-07")
    >>> s.accept["IRN"], s.unanimous
    (True, False)
    """
    if not isinstance(proposal, Proposal):
        raise ScenarioError(f"score() needs a Proposal (or load_scenario(path)[0]), got {type(proposal).__name__}")
    sea = sea if sea is not None else load_caspian()
    model = model if model is not None else build_model(at, sea, **model_options)
    _require_positions(model, proposal)
    values, shares, zones, fam = proposal_arrays(model, [proposal], sea)
    has_seabed = not np.isnan(shares[0]).all()
    r = utilities(model, values, shares if has_seabed else None, zones, fam)
    st = model.states
    issues = set(proposal.issues) | ({"seabed_principle"} if proposal.seabed_method else set())
    breakdown = {s: {k: float(r["parts"][0, i, j]) for j, k in enumerate(_ISSUE_COLUMNS)
                     if k in issues} for i, s in enumerate(st)}
    accept = {s: bool(r["accept"][0, i]) for i, s in enumerate(st)}
    pairs = model.neighbours(sea)
    bilateral = {f"{a}-{b}": accept[a] and accept[b] for a, b in pairs}
    objectors: list[str] = []
    if proposal.bilateral_pair is not None:
        a, b = proposal.bilateral_pair
        objectors = [s for s in st if s not in (a, b) and not accept[s]]
    return Score(
        proposal=proposal, at=model.at,
        utility={s: float(r["U"][0, i]) for i, s in enumerate(st)},
        reservation={s: float(r["U_sq"][0, i]) for i, s in enumerate(st)},
        accept=accept, veto={s: bool(r["veto"][0, i]) for i, s in enumerate(st)},
        breakdown=breakdown,
        shares={s: float(shares[0, i]) for i, s in enumerate(st)} if has_seabed else None,
        bilateral=bilateral, objectors=objectors,
    )


def _require_positions(model: Model, proposal: Proposal) -> None:
    """Refuse to score a proposal on which no state has a documented position at the model's date."""
    known = set()
    for k, issue in enumerate(SCALE_ISSUES):
        if (model.salience[:, k] > 0).any():
            known.add(issue)
    for z, issue in enumerate(ZONE_ISSUES):
        if (model.zone_salience[:, z] > 0).any():
            known.add(issue)
    if (model.seabed_salience > 0).any():
        known.add("seabed")
    if not set(proposal.issues) & known:
        raise ScenarioError(f"no state has a documented position on {list(proposal.issues)} as of "
                            f"{model.at.isoformat()}; nothing to score (choose a later date or other issues)")
