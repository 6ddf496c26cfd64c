from __future__ import annotations

import pytest

from caspian_sim import OptionError, UnknownNameError, available_methods, divide, get_method


def test_registry_lists_methods_with_descriptions():
    methods = available_methods()
    assert "median" in methods and all(methods.values())


def test_unknown_method_lists_the_choices():
    with pytest.raises(UnknownNameError, match="choose one of: .*median"):
        get_method("nope")


def test_unknown_option_names_the_options():
    with pytest.raises(OptionError, match="islands"):
        divide("median", colour="red")


def test_median_division_reports_everything(median_division):
    d = median_division
    assert sum(d.shares.values()) == pytest.approx(1.0, abs=1e-12)
    assert set(d.boundaries) >= {("RUS", "KAZ"), ("RUS", "AZE"), ("KAZ", "AZE"), ("TKM", "AZE"), ("IRN", "AZE")}
    assert ("TKM", "AZE") in d.boundaries  # opposite coasts meet too
    assert len(d.tripoints) == 3
    gj = d.__geo_interface__
    kinds = {f["properties"]["kind"] for f in gj["features"]}
    assert kinds == {"sector", "boundary", "tripoint"}
    assert "<table>" in d._repr_html_()


def test_island_modes_change_the_median_line(caspian):
    a = divide("median", caspian, islands="basepoint")
    b = divide("median", caspian, islands="sea")
    assert a.total_area_km2 < b.total_area_km2
    assert a.shares["RUS"] != pytest.approx(b.shares["RUS"], abs=1e-3)
