"""Sweeps over method options, locally and on a Dask cluster; Monte Carlo on Dask."""

from __future__ import annotations

import pytest

from caspian_sim import OptionError, divide
from caspian_sim.sweep import option_grid, sweep


def test_sweep_rows_follow_the_grid_and_match_single_divisions(caspian):
    r = sweep("aktau_2018", {"territorial_nm": [12, 15], "fishing_nm": [10, 20]}, sea=caspian, progress=False)
    assert [(row["territorial_nm"], row["fishing_nm"]) for row in r.rows] == [(12, 10), (12, 20), (15, 10), (15, 20)]
    one = divide("aktau_2018", caspian, territorial_nm=15, fishing_nm=20)
    assert r.rows[3]["share_IRN"] == one.shares["IRN"]
    assert r.rows[3]["area_KAZ"] == one.areas_km2["KAZ"]
    assert sum(v for k, v in r.rows[0].items() if k.startswith("share_")) == pytest.approx(1.0)
    df = r.to_dataframe()
    assert list(df["fishing_nm"]) == [10, 20, 10, 20]
    page = r._repr_html_()
    assert page.count("<caption>sweep of ") == 1 and page.count("<tr>") == len(r.rows) + 1


@pytest.mark.parametrize("grid, match", [
    ({}, "non-empty mapping"),
    ({"fishing_nm": 10}, "non-empty list"),
    ({"fishing_nm": []}, "non-empty list"),
    ({"fishing_nm": [10, -1]}, "fishing_nm"),
    ({"width_nm": [10]}, "width_nm"),
    ({"fishing_nm": list(range(101)), "territorial_nm": list(range(1, 101))}, "combinations"),
])
def test_bad_grids_fail_before_any_work(grid, match):
    with pytest.raises(OptionError, match=match):
        option_grid("aktau_2018", grid)


def test_executor_without_map_is_refused():
    with pytest.raises(OptionError, match="map"):
        sweep("median", {"resolution_km": [3.0]}, executor=object())


@pytest.mark.slow
def test_sweep_and_monte_carlo_on_a_dask_local_cluster_match_local_runs(caspian):
    distributed = pytest.importorskip("distributed")
    from caspian_sim.negotiation import Proposal
    from caspian_sim.negotiation.montecarlo import monte_carlo

    grid = {"fishing_nm": [10, 25]}
    local = sweep("aktau_2018", grid, progress=False)
    props = [Proposal("median", seabed_method="median", values={"decision_rule": 1.0}),
             Proposal("20%", seabed_method="equal_shares")]
    mc_local = monte_carlo(props, at="2018-08-11", draws=4_000, seed=7, chunk_size=1_000)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        ex = client.get_executor()
        remote = sweep("aktau_2018", grid, executor=ex, progress=False)
        mc_remote = monte_carlo(props, at="2018-08-11", draws=4_000, seed=7, chunk_size=1_000, executor=ex)
    assert remote.rows == local.rows
    assert (mc_remote.accept_probability == mc_local.accept_probability).all()


def test_bad_sea_and_method_fail_before_any_work():
    from caspian_sim import UnknownNameError

    with pytest.raises(OptionError, match="caspian_sim.Sea"):
        sweep("median", {"resolution_km": [3.0]}, sea="caspian")
    with pytest.raises(UnknownNameError, match="nope"):
        sweep("nope", {"resolution_km": [3.0]})
    with pytest.raises(OptionError):
        sweep("median", {"resolution_km": (x for x in [3.0])})
