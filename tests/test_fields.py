from __future__ import annotations

import pytest

from caspian_sim import UnknownNameError, divide
from caspian_sim.fields import get_field, load_fields


def test_every_field_has_a_source_and_lies_in_the_sea(caspian):
    for f in load_fields():
        assert f.source and f.quality and f.claimants
        assert caspian.outer.contains(__import__("shapely").Point(f.lon, f.lat)), f.name


def test_uncontested_fields_belong_to_their_state_under_the_median_line(median_division):
    own = median_division.field_owners()
    assert own["Kashagan"] == "KAZ"
    assert own["Azeri-Chirag-Guneshli"] == "AZE"


def test_disputed_fields_change_hands_between_methods(caspian, median_division):
    eq = divide("soviet_sectors", caspian)
    assert median_division.field_owners(["Sardar-e Jangal"]) != {"Sardar-e Jangal": "IRN"}
    assert eq.field_owners(["Sardar-e Jangal"]) in ({"Sardar-e Jangal": "AZE"}, {"Sardar-e Jangal": "TKM"})


def test_aliases_and_unknown_fields():
    assert get_field("kapaz").name == "Dostlug"
    assert get_field("Alborz").name == "Alov"
    with pytest.raises(UnknownNameError, match="unknown field 'Atlantis'.*Kashagan"):
        get_field("Atlantis")


def test_at_least_twelve_fields_each_with_an_uncertainty_radius():
    fields = load_fields()
    assert len(fields) >= 12
    assert all(0 < f.uncertainty_km <= 50 for f in fields)
    names = {f.name for f in fields}
    assert {"Shah Deniz", "Yuri Korchagin", "Vladimir Filanovsky"} <= names


def test_a_field_whose_circle_crosses_a_line_is_uncertain(median_division):
    from caspian_sim.fields import UNCERTAIN, field_candidates

    split = field_candidates(median_division, ["Dostlug", "Kashagan"])
    assert set(split["Dostlug"]) == {"TKM", "AZE"} and split["Kashagan"] == {"KAZ": 1.0}
    assert median_division.field_owners(["Dostlug", "Kashagan"]) == {"Dostlug": UNCERTAIN, "Kashagan": "KAZ"}


def test_the_uncertainty_circle_is_geodesic():
    from caspian_sim.geodesy import area_km2

    f = get_field("Shah Deniz")
    assert area_km2(f.circle(720)) == pytest.approx(3.141592653589793 * f.uncertainty_km ** 2, rel=1e-4)


def test_names_and_aliases_are_unique():
    names = [n.lower() for f in load_fields() for n in (f.name, *f.aliases)]
    assert len(names) == len(set(names))
