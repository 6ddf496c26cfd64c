"""GeoPandas and web maps (caspian_sim.geo)."""

from __future__ import annotations

import json

import pytest

from caspian_sim import OptionError
from caspian_sim.compare import compare
from caspian_sim.geo import to_geodataframe


def test_a_division_drops_into_geopandas(median_division):
    gdf = median_division.to_geodataframe()
    assert str(gdf.crs) == "EPSG:4326"
    sectors = gdf[gdf["kind"] == "sector"].set_index("state")
    assert sorted(sectors.index) == sorted(median_division.states)
    assert sectors["share"].sum() == pytest.approx(1.0, abs=1e-5)
    assert sectors.loc["KAZ", "area_km2"] == pytest.approx(median_division.areas_km2["KAZ"], abs=0.1)
    assert set(gdf["kind"]) >= {"sector", "boundary", "tripoint", "field", "treaty_line"}
    assert len(gdf[gdf["kind"] == "boundary"]) == len(median_division.boundaries)
    fields = gdf[gdf["kind"] == "field"].set_index("name")
    assert fields.loc["Kashagan", "owner"] == "KAZ"
    only = to_geodataframe(median_division, kinds=["boundary"])
    assert set(only["kind"]) == {"boundary"}
    with pytest.raises(OptionError, match="needs a Division"):
        to_geodataframe("median")  # type: ignore[arg-type]


def test_explore_draws_a_leaflet_map(median_division, tmp_path):
    m = median_division.explore()
    path = tmp_path / "map.html"
    m.save(str(path))
    text = path.read_text()
    assert "leaflet" in text.lower() and "Kashagan" in text


def test_a_comparison_has_a_geo_interface(caspian):
    c = compare(["median", "condominium"], caspian)
    fc = c.__geo_interface__
    methods = {f["properties"]["method"] for f in fc["features"]}
    assert methods == {"median", "condominium"}
    json.loads(json.dumps(fc), parse_constant=lambda x: (_ for _ in ()).throw(ValueError(x)))


def test_the_record_carries_each_claim_line():
    from caspian_sim import divide

    gdf = divide("signed", at="2021").to_geodataframe(kinds=["claim", "common"])
    claims = gdf[gdf["kind"] == "claim"]
    assert {"AZE against TKM", "TKM against AZE", "IRN against AZE"} <= set(claims["name"])
    assert set(claims["state"]) <= {"AZE", "TKM", "IRN"}
    assert (claims.geometry.geom_type.isin(["LineString", "MultiLineString"])).all()
    assert "undelimited" in set(gdf.loc[gdf["kind"] == "common", "name"])


def test_layers_are_checked_and_a_missing_layer_is_an_empty_frame(caspian):
    from caspian_sim import UnknownNameError, divide

    condominium = divide("condominium", caspian)
    assert len(condominium.to_geodataframe(["tripoint"])) == 0  # no national sectors, so no tripoints
    assert str(condominium.to_geodataframe(["tripoint"]).crs) == "EPSG:4326"
    with pytest.raises(UnknownNameError, match="unknown layer 'RUS'; choose one of: boundary"):
        condominium.to_geodataframe(["RUS"])
    with pytest.raises(OptionError, match="kinds is empty"):
        condominium.to_geodataframe([])
