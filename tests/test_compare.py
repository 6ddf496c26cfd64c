from __future__ import annotations

import pytest

from caspian_sim import UnknownNameError
from caspian_sim.compare import compare


@pytest.fixture(scope="module")
def comparison(caspian):
    return compare(["median", "modified_median", "soviet_sectors", "condominium"], caspian)


def test_rows_cover_every_method_and_state(comparison):
    rows = comparison.rows()
    assert len(rows) == 4 * 5
    med = [r for r in rows if r["method"] == "median"]
    assert all(r["delta_pp"] == 0 for r in med)
    for m in ("median", "modified_median", "soviet_sectors"):
        assert sum(r["share_pct"] for r in rows if r["method"] == m) == pytest.approx(100, abs=0.01)


def test_disproportionality_is_share_over_coast_share(comparison):
    d = comparison.divisions["median"]
    coast = d.coast_km
    for r in (r for r in comparison.rows() if r["method"] == "median"):
        expected = d.shares[r["state"]] / (coast[r["state"]] / sum(coast.values()))
        assert r["share_per_coast_share"] == pytest.approx(expected, abs=1e-3)


def test_field_changes_against_the_median_line(comparison):
    changes = comparison.field_changes()
    assert "median" not in changes
    assert changes["condominium"]["Kashagan"] == ("KAZ", "common")


def test_reference_outside_the_list_and_unknown_methods(caspian):
    c = compare(["soviet_sectors"], caspian, reference="median")
    assert c.reference_method == "median" and list(c.divisions) == ["soviet_sectors"]
    with pytest.raises(UnknownNameError, match="unknown method 'bogus'"):
        compare(["median", "bogus"], caspian)


def test_html_and_frame(comparison):
    page = comparison._repr_html_()
    assert page.count("<tr>") == 5 and page.count("<svg") == 4
    frame = comparison.to_frame()
    assert list(frame.columns)[:3] == ["method", "state", "share_pct"]


def test_options_must_be_a_mapping_of_mappings(caspian):
    from caspian_sim import OptionError

    with pytest.raises(OptionError, match="options must be a mapping method -> "):
        compare(["median"], caspian, options="island_effect=0.5")  # type: ignore[arg-type]
    with pytest.raises(OptionError, match=r"options\['median'\] must be a mapping"):
        compare(["median"], caspian, options={"median": 3})
