"""The negotiation half: documented positions, proposals, scoring under unanimity,
bilateral deals, bargaining and allocation rules, dynamics, and a backtest."""

from __future__ import annotations

from .model import Model, build_model, utilities
from .positions import ISSUES, SCALE_ISSUES, Position, issue_anchors, load_positions, positions
from .proposals import Proposal, load_scenario, proposal_from_dict
from .scoring import Score, score

__all__ = [
    "ISSUES",
    "SCALE_ISSUES",
    "Model",
    "Position",
    "Proposal",
    "Score",
    "build_model",
    "issue_anchors",
    "load_positions",
    "load_scenario",
    "positions",
    "proposal_from_dict",
    "score",
    "utilities",
]
