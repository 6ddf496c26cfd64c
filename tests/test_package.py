"""The top-level API of ``import caspian_sim as cs`` (caspian_sim/__init__.py)."""

from __future__ import annotations

import subprocess
import sys

import caspian_sim as cs


def test_main_entry_points_are_reachable_from_the_top_level():
    import caspian_sim.compare  # noqa: F401  (importing the module must not shadow the function)

    assert callable(cs.compare) and callable(cs.divide) and callable(cs.score) and callable(cs.fidelity)
    assert cs.negotiation.__name__ == "caspian_sim.negotiation"
    assert cs.compare(["median"]).wide()[0]["method"] == "median"
    assert set(cs.__all__) <= set(dir(cs))


def test_heavy_parts_load_lazily():
    code = "import sys, caspian_sim; print('caspian_sim.negotiation' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_unknown_attributes_still_raise_attribute_error():
    import pytest

    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        cs.nonsense  # noqa: B018
