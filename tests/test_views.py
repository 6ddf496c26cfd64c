"""The records' views are registered by the modules that draw them; the records import none of them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import caspian_sim  # noqa: F401  (registers the views)
from caspian_sim import CaspianSimError
from caspian_sim.views import view

PKG = Path(caspian_sim.__file__).parent


def test_every_view_of_the_records_is_registered():
    for name in ("division.plot", "division.explore", "division.to_geodataframe", "division.svg",
                 "division.field_owners", "comparison.plot"):
        assert callable(view(name))


def test_an_unknown_view_names_the_registered_ones():
    with pytest.raises(CaspianSimError, match="division.plot"):
        view("division.sing")


@pytest.mark.parametrize("record", ["division.py", "compare.py"])
def test_the_records_import_no_presentation_module(record):
    tree = ast.parse((PKG / record).read_text(encoding="utf-8"))
    imported = {(n.module or "") for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not imported & {"plot", "geo", "_svg", "fields", "widgets", "report"}, imported
