"""Progress bars: drawn when asked or watched, silent otherwise, never changing a result."""

from __future__ import annotations

import pytest

from caspian_sim.progress import progress, wanted


def test_quiet_when_nobody_watches(capsys):
    assert wanted(None) is False  # pytest captures stderr: not a terminal, not a notebook
    assert list(progress(range(5), desc="x")) == list(range(5))
    assert capsys.readouterr().err == ""


def test_drawn_when_asked(capsys):
    pytest.importorskip("tqdm")
    assert list(progress(range(5), total=5, desc="counting", enabled=True)) == list(range(5))
    assert "counting" in capsys.readouterr().err


def test_environment_silences_every_bar(monkeypatch, capsys):
    monkeypatch.setenv("CASPIAN_SIM_PROGRESS", "0")
    assert wanted(True) is False
    assert list(progress(range(3), enabled=True)) == [0, 1, 2]
    assert capsys.readouterr().err == ""


def test_bars_do_not_change_results(caspian):
    from caspian_sim import compare
    from caspian_sim.negotiation import Proposal
    from caspian_sim.negotiation.montecarlo import monte_carlo

    a = compare(["median", "soviet_sectors"], caspian, progress=True).wide()
    b = compare(["median", "soviet_sectors"], caspian, progress=False).wide()
    assert a == b
    p = [Proposal("median", seabed_method="median")]
    m1 = monte_carlo(p, at="2018-08-11", draws=3_000, seed=3, chunk_size=1_000, progress=True)
    m2 = monte_carlo(p, at="2018-08-11", draws=3_000, seed=3, chunk_size=1_000, progress=False)
    assert (m1.accept_probability == m2.accept_probability).all()


@pytest.mark.parametrize("bad", ["yes", 1, float("nan"), [True]])
def test_progress_takes_true_false_or_none(bad):
    from caspian_sim import OptionError, compare

    with pytest.raises(OptionError, match="progress must be"):
        compare(["median"], progress=bad)
