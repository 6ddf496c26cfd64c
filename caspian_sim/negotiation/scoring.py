"""Scoring a proposal: utilities, acceptance, unanimity, bilateral deals, who blocks and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import ScenarioError
from ..sea import Sea, load_caspian
from ..validate import finite_json
from .model import ZONE_ISSUES, Model, build_model, joint_delta, proposal_arrays, utilities
from .positions import SCALE_ISSUES, issue_anchors
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
    if model is not None and not isinstance(model, Model):
        raise ScenarioError(f"model must be a Model (e.g. build_model('2018-08-11')) or None, got {type(model).__name__}")
    model = model if model is not None else build_model(at, sea, **model_options)
    _require_positions(model, proposal)
    enc = decision_arrays(model, proposal, sea)
    r = utilities(model, enc.values, enc.shares if enc.has_seabed else None, enc.zones, enc.family)
    st, row = model.states, enc.row_of_state
    issues = set(proposal.issues) | ({"seabed_principle"} if proposal.seabed_method else set())
    third = set(st) - set(proposal.bilateral_pair or st)  # outside a bilateral deal: they judge the rule only
    breakdown = {s: {k: float(r["parts"][row[i], i, j]) for j, k in enumerate(_ISSUE_COLUMNS)
                     if k in (issues if s not in third else {"decision_rule"})} for i, s in enumerate(st)}
    accept = {s: bool(r["accept"][row[i], i]) for i, s in enumerate(st)}
    objectors = [s for s in st if s in third and not accept[s]]
    bilateral = pair_acceptance(model, enc.method_shares, enc.family[0], model.neighbours(sea)) if enc.has_seabed else {}
    return Score(
        proposal=proposal, at=model.at,
        utility={s: float(r["U"][row[i], i]) for i, s in enumerate(st)},
        reservation={s: float(r["U_sq"][row[i], i]) for i, s in enumerate(st)},
        accept=accept, veto={s: bool(r["veto"][row[i], i]) for i, s in enumerate(st)},
        breakdown=breakdown,
        shares={s: float(enc.shares[0, i]) for i, s in enumerate(st)} if enc.has_seabed else None,
        bilateral=bilateral, objectors=objectors,
    )


@dataclass(frozen=True)
class DecisionArrays:
    """A proposal encoded for :func:`~.model.utilities`, one row per point of view.

    A multilateral proposal has one row, judged by all. A bilateral deal has two:
    row 0 for its two parties (only their line moves: :func:`line_deal_shares`,
    plus any joint development zones) and row 1 for the third states, who judge
    only delimiting bilaterally (the proposal's decision rule, else the
    ``bilateral`` anchor) -- their seabed is untouched. ``row_of_state[i]`` is
    the row state ``i`` judges.
    """

    values: NDArray[np.float64]  # (R, K)
    shares: NDArray[np.float64]  # (R, N)
    zones: NDArray[np.float64]  # (R, 2)
    family: NDArray[np.float64]  # (R, N)
    row_of_state: NDArray[np.int_]  # (N,)
    method_shares: NDArray[np.float64]  # (N,) the whole-sea division of the proposal's method
    has_seabed: bool


def decision_arrays(model: Model, proposal: Proposal, sea: Sea) -> DecisionArrays:
    """Encode ``proposal`` as :class:`DecisionArrays` (shared by :func:`score` and the backtest)."""
    values, shares, zones, fam = proposal_arrays(model, [proposal], sea)
    has_seabed = not np.isnan(shares[0]).all()
    delta = joint_delta(model, proposal, sea)  # joint development zones, already in the shares
    method_shares = shares[0] - delta
    row = np.zeros(len(model.states), int)
    if proposal.bilateral_pair is None:
        return DecisionArrays(values, shares, zones, fam, row, method_shares, has_seabed)
    if has_seabed:
        shares = line_deal_shares(model, method_shares, [proposal.bilateral_pair]) + delta
    rule = np.full((1, len(SCALE_ISSUES)), np.nan)
    rule[0, SCALE_ISSUES.index("decision_rule")] = proposal.values.get("decision_rule",
                                                                       issue_anchors("decision_rule")["bilateral"])
    nan_n, nan_z = np.full((1, len(model.states)), np.nan), np.full((1, zones.shape[1]), np.nan)
    row[[i for i, s in enumerate(model.states) if s not in proposal.bilateral_pair]] = 1
    return DecisionArrays(np.vstack([values, rule]), np.vstack([shares, nan_n]), np.vstack([zones, nan_z]),
                          np.vstack([fam, nan_n]), row, method_shares, has_seabed)


def line_deal_shares(model: Model, method_shares: NDArray[np.float64], pairs: Sequence[tuple[str, str]]) -> NDArray[np.float64]:
    """Seabed shares when each pair only moves the line between its two states (one row per pair).

    The rest of the sea stays as in the status quo: the two states split their joint
    status-quo share in the proportion the proposal's method gives them, and every
    third state keeps its own share.
    """
    st = list(model.states)
    out = np.tile(model.status_quo_shares, (len(pairs), 1))
    for row, (a, b) in enumerate(pairs):
        i, j = st.index(a), st.index(b)
        joint, part = out[row, i] + out[row, j], method_shares[i] / (method_shares[i] + method_shares[j])
        out[row, i], out[row, j] = joint * part, joint * (1 - part)
    return out


def pair_acceptance(model: Model, method_shares: NDArray[np.float64], family: NDArray[np.float64],
                    pairs: Sequence[tuple[str, str]]) -> dict[str, bool]:
    """For each pair of neighbours: is *their line* under the proposal acceptable to both?

    Each pair is scored on the seabed alone (share and principle), with only its own line moved.
    """
    if not pairs:
        return {}
    rows = line_deal_shares(model, method_shares, pairs)
    r = utilities(model, np.full((len(pairs), len(SCALE_ISSUES)), np.nan), rows, None,
                  np.tile(family, (len(pairs), 1)), want_parts=False)
    st = list(model.states)
    return {f"{a}-{b}": bool(r["accept"][k, st.index(a)] and r["accept"][k, st.index(b)]) for k, (a, b) in enumerate(pairs)}


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
