"""Bankruptcy rules, bargaining solutions and voting rules against worked examples."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caspian_sim import InfeasibleError, OptionError, UnknownNameError
from caspian_sim.negotiation import bankruptcy as bk
from caspian_sim.negotiation.bargaining import egalitarian, kalai_smorodinsky, nash, solve
from caspian_sim.negotiation.voting import borda, condorcet_winner, copeland, plurality

CLAIMS = [100, 200, 300]


@pytest.mark.parametrize("estate,expected", [(100, [33.33, 33.33, 33.33]), (200, [50, 75, 75]), (300, [50, 100, 150])])
def test_talmud_reproduces_the_mishna(estate, expected):
    # Aumann & Maschler (1985), Table 1 (Kethubot 93a)
    assert bk.talmud(estate, CLAIMS) == pytest.approx(expected, abs=0.01)


def test_textbook_values_of_the_other_rules():
    # Thomson (2003): E = 200, c = (100, 200, 300)
    assert bk.proportional(200, CLAIMS) == pytest.approx([33.33, 66.67, 100], abs=0.01)
    assert bk.constrained_equal_awards(200, CLAIMS) == pytest.approx([66.67] * 3, abs=0.01)
    assert bk.constrained_equal_losses(200, CLAIMS) == pytest.approx([0, 50, 150], abs=0.01)
    # O'Neill (1982): random arrival = Shapley value of the bankruptcy game
    assert bk.random_arrival(200, CLAIMS) == pytest.approx([33.33, 83.33, 83.33], abs=0.01)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(st.lists(st.floats(0.01, 1.0), min_size=2, max_size=6), st.floats(0.0, 1.0))
def test_every_rule_is_efficient_and_bounded(claims, frac):
    estate = frac * sum(claims)
    for rule in bk.RULES.values():
        a = rule(estate, claims)
        assert a.sum() == pytest.approx(estate, abs=1e-9)
        assert np.all(a >= -1e-12) and np.all(a <= np.array(claims) + 1e-9)


def test_bankruptcy_errors():
    with pytest.raises(InfeasibleError, match="sum of the claims"):
        bk.talmud(700, CLAIMS)
    with pytest.raises(UnknownNameError, match="unknown bankruptcy rule"):
        bk.allocate("lottery", 1, {"A": 1})


def test_caspian_claims_under_the_rules():
    # claims: Iran's 20% and the others' modified-median shares (sum > 1)
    claims = {"RUS": 0.1799, "KAZ": 0.299, "TKM": 0.1768, "IRN": 0.20, "AZE": 0.1927}
    for name in bk.RULES:
        out = bk.allocate(name, 1.0, claims)
        assert sum(out.values()) == pytest.approx(1.0)
        assert out["IRN"] <= 0.20 + 1e-12


def test_bargaining_solutions():
    c, d = [1.0, 1.0], [0.1, 0.3]
    assert nash(c, d) == pytest.approx([0.4, 0.6], abs=1e-6)
    assert egalitarian(c, d) == pytest.approx([0.4, 0.6], abs=1e-9)
    assert kalai_smorodinsky(c, d) == pytest.approx([0.4, 0.6], abs=1e-9)  # symmetric ideal gains
    # asymmetric claims: KS gains proportional to ideal gains
    x = kalai_smorodinsky([0.5, 1.0], [0.0, 0.0])
    assert x.sum() == pytest.approx(1.0) and x[0] / 0.5 == pytest.approx(x[1] / 1.0)
    out = solve("nash", {"A": 0.6, "B": 0.6}, {"A": 0.0, "B": 0.0})
    assert out == pytest.approx({"A": 0.5, "B": 0.5})
    with pytest.raises(InfeasibleError, match="not improvable"):
        nash([1.0, 1.0], [0.99, 0.99])


def test_voting_rules():
    u = [[3, 1, 1], [2, 2, 2], [1, 3, 3]]  # candidates x voters
    assert plurality(u).tolist() == [1, 0, 2]
    assert borda(u).tolist() == [2.0, 3.0, 4.0]
    assert copeland(u).tolist() == [-2.0, 0.0, 2.0]
    assert condorcet_winner(u) == 2
    assert condorcet_winner([[3, 1, 2], [2, 3, 1], [1, 2, 3]]) is None
    with pytest.raises(OptionError):
        borda([[1, 2, 3]])


def _nash_product(c, d, x):
    g = np.minimum(1.0, x / c) - d
    open_ = d < 1
    return np.sum(np.log(np.maximum(g[open_], 1e-300)))


@pytest.mark.parametrize("seed", range(20))
def test_nash_beats_every_nearby_feasible_split(seed):
    """The closed form is the maximiser: no feasible perturbation raises the Nash product."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 6))
    c = rng.uniform(0.1, 0.6, n)
    d = rng.uniform(0.0, 0.9, n) * np.minimum(1.0, 0.9 / (c.sum()))
    x = nash(c, d)
    assert x.sum() == pytest.approx(1.0, abs=1e-12) and np.all(x >= c * d - 1e-12)
    best = _nash_product(c, d, x)
    for _ in range(300):
        step = rng.normal(size=n) * 10 ** rng.uniform(-6, -1)
        y = x + step - step.mean()  # stays on the simplex's plane
        if np.all(y >= c * d) and np.all(y >= 0):
            assert _nash_product(c, d, y) <= best + 1e-12


def test_nash_of_the_2003_model_is_found():
    """The 2003 status quo (where an iterative optimiser once stopped at its iteration limit)."""
    from caspian_sim.negotiation import build_model

    m = build_model("2003-07")
    claims = {s: float(c) for s, c in zip(m.states, m.claim)}
    d = {s: min(1.0, float(q / c)) for s, q, c in zip(m.states, m.status_quo_shares, m.claim)}
    x = solve("nash", claims, d)
    assert sum(x.values()) == pytest.approx(1.0)
