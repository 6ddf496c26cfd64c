"""Dynamic models and the Monte Carlo analysis: determinism, logs, executors."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from caspian_sim import OptionError, UnknownNameError
from caspian_sim.negotiation import Proposal, build_model
from caspian_sim.negotiation.dynamics import simulate, weighted_median
from caspian_sim.negotiation.montecarlo import monte_carlo


@pytest.fixture(scope="module")
def model_2003():
    return build_model("2003-07")


@pytest.mark.parametrize("variant", ["compromise", "expected_utility"])
def test_same_seed_same_run(variant, model_2003):
    a = simulate("decision_rule", variant=variant, model=model_2003, noise=0.02, seed=7)
    b = simulate("decision_rule", variant=variant, model=model_2003, noise=0.02, seed=7)
    c = simulate("decision_rule", variant=variant, model=model_2003, noise=0.02, seed=8)
    assert a.rounds == b.rounds and a.rounds != c.rounds
    assert a.rounds[0]["positions"]["IRN"] == 1.0  # Iran starts at unanimity
    assert all(0 <= v <= 1 for r in a.rounds for v in r["positions"].values())


def test_compromise_converges_towards_the_weighted_mean(model_2003):
    sim = simulate("decision_rule", variant="compromise", model=model_2003, rounds=200)
    final = np.array(list(sim.final_positions.values()))
    assert np.ptp(final) < 0.05


def test_weighted_median():
    assert weighted_median(np.array([0.0, 0.5, 1.0]), np.array([1.0, 1.0, 1.0])) == 0.5


def test_dynamics_errors(model_2003):
    with pytest.raises(UnknownNameError, match="unknown dynamic model"):
        simulate("regime", variant="chaos", model=model_2003)
    with pytest.raises(UnknownNameError, match="unknown scale issue"):
        simulate("seabed_method", model=model_2003)
    with pytest.raises(OptionError):
        simulate("regime", model=model_2003, rate=0)


def test_monte_carlo_is_deterministic_and_executor_independent(model_2003):
    ps = [Proposal("treaty", seabed_method="modified_median", values={"decision_rule": 0.0}),
          Proposal("20%", seabed_method="equal_shares", values={"decision_rule": 1.0, "legal_basis": 0.0})]
    a = monte_carlo(ps, model=model_2003, draws=3000, seed=5, salience_sigma=0.8, position_sigma=0.3)
    with ThreadPoolExecutor(2) as ex:
        b = monte_carlo(ps, model=model_2003, draws=3000, seed=5, salience_sigma=0.8, position_sigma=0.3, executor=ex)
    assert (a.accept_probability == b.accept_probability).all()
    assert a.accept_probability.shape == (2, 5)
    # with wide uncertainty acceptance is no longer certain somewhere
    assert ((a.accept_probability > 0) & (a.accept_probability < 1)).any()
    assert a.accept_probability[0, a.states.index("IRN")] < 0.5


def test_monte_carlo_errors(model_2003):
    with pytest.raises(OptionError):
        monte_carlo([Proposal("x", values={"regime": 1.0})], model=model_2003, draws=0)
