"""The standalone HTML report: its content, the CLI, and how it renders in headless Chromium."""

from __future__ import annotations

import re

import pytest
from browser import coloured_fraction, render

from caspian_sim import OptionError
from caspian_sim.cli import main
from caspian_sim.report import report_html, write_report

METHODS = ["median", "equal_shares", "soviet_sectors"]


@pytest.fixture(scope="module")
def page(tmp_path_factory, caspian):
    path = tmp_path_factory.mktemp("report") / "report.html"
    return write_report(path, methods=METHODS, sea=caspian)


def test_report_holds_comparison_maps_fields_verdicts_and_sources(page):
    text = page.read_text(encoding="utf-8")
    for anchor in ("comparison", "fields", "scoring", "sources"):
        assert f"id='{anchor}'" in text
    assert text.count("<svg") == len(METHODS)
    assert "Sardar-e Jangal" in text  # changes hands under equal shares
    assert "GSHHG" in text and "Kashagan" in text
    for m in METHODS:
        assert f"seabed by {m}" in text


def test_report_is_self_contained(page):
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text and "<link" not in text
    assert not re.search(r"""(src|href)=["']?https?:""", text)
    assert "@import" not in text and "url(" not in text


def test_report_scores_a_scenario_at_its_date(caspian):
    text = report_html(["median"], scenario="examples/scenarios/dostlug_2021.toml", sea=caspian)
    assert "positions as of 2021" in text
    assert text.count("<h3>") == 1


def test_report_cli_and_bad_paths(tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["report", "-o", str(out), "--methods", "median"]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert main(["report", "-o", str(tmp_path / "r.pdf"), "--methods", "median"]) == 2
    assert "must end in" in capsys.readouterr().err
    with pytest.raises(OptionError, match="does not exist"):
        write_report(tmp_path / "missing" / "r.html", methods=["median"])


def test_report_renders_in_headless_chromium(page, tmp_path):
    r = render(page, tmp_path)
    assert r.console == []  # no script errors, no resource that failed to load
    assert r.dom.count("<table") >= 2 + len(METHODS)  # comparison, fields, one verdict per method
    assert r.dom.count("<svg") == len(METHODS)
    # the maps were painted: every state's colour is on screen
    for rgb in [(0, 114, 178), (86, 180, 233), (0, 158, 115), (230, 159, 0), (204, 121, 167)]:
        assert coloured_fraction(r.screenshot, rgb) > 1e-4, rgb
    assert r.screenshot[..., :3].std() > 0.05  # not a blank page


@pytest.mark.parametrize("kwargs, match", [
    ({"methods": ["nope"]}, "nope"),
    ({"methods": []}, "empty"),
    ({"methods": ["median"], "scenario": "missing.toml"}, "missing.toml"),
    ({"methods": ["median"], "at": "1850"}, "1850"),
    ({"methods": ["median"], "sea": "caspian"}, "caspian_sim.Sea"),
])
def test_bad_report_input_is_refused_by_name(kwargs, match):
    from caspian_sim import CaspianSimError

    with pytest.raises(CaspianSimError, match=match):
        report_html(**kwargs)


def test_report_cli_bad_date_exits_2(tmp_path, capsys):
    assert main(["report", "-o", str(tmp_path / "r.html"), "--methods", "median", "--date", "1850"]) == 2
    assert "1850" in capsys.readouterr().err
