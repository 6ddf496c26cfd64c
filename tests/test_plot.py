"""Plotting: every function takes ``ax=`` and returns the Axes it drew on."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from caspian_sim import OptionError, compare, divide  # noqa: E402
from caspian_sim.plot import plot_division, plot_shares  # noqa: E402


@pytest.fixture(scope="module")
def median(caspian):
    return divide("median", caspian)


def test_plot_division_draws_on_the_given_axes(median):
    fig, ax = plt.subplots()
    assert plot_division(median, ax=ax) is ax
    assert median.plot(ax=ax) is ax
    assert len(ax.patches) >= len(median.states)  # one filled sector per state at least
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert all(any(s in lab for lab in labels) for s in median.states)
    plt.close(fig)


def test_plot_division_makes_its_own_axes(median):
    ax = plot_division(median, fields=False, title="median")
    assert ax.get_title() == "median"
    plt.close(ax.figure)


def test_plot_shares_draws_one_group_per_method(caspian):
    c = compare(["median", "equal_shares"], caspian, progress=False)
    fig, ax = plt.subplots()
    assert plot_shares(c, ax=ax) is ax
    assert c.plot(ax=ax) is ax
    assert len(ax.patches) >= 2 * len(c.states)
    plt.close(fig)


def test_wrong_objects_are_refused(median):
    with pytest.raises(OptionError):
        plot_division("median")  # type: ignore[arg-type]
    with pytest.raises(OptionError):
        plot_shares(median)  # type: ignore[arg-type]
