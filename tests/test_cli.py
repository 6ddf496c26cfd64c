from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from caspian_sim.cli import main


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_methods_lists_median(capsys):
    code, out, _ = run(capsys, "methods")
    assert code == 0 and out.startswith("median")


def test_shares_json_follows_the_contract(capsys):
    code, out, _ = run(capsys, "shares", "--method", "median", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert set(data) >= {"method", "options", "total_area_km2", "shares", "areas_km2", "coast_km"}
    assert list(data["shares"]) == ["RUS", "KAZ", "TKM", "IRN", "AZE"]
    assert sum(data["shares"].values()) == pytest.approx(1.0, abs=1e-5)
    assert data["options"]["kara_bogaz_gol"] is False


def test_shares_csv_and_table(capsys):
    _, out, _ = run(capsys, "shares", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["state"] for r in rows] == ["RUS", "KAZ", "TKM", "IRN", "AZE"]
    _, out, _ = run(capsys, "shares", "--format", "table")
    assert "KAZ" in out and "total area" in out


def test_unknown_method_is_a_clean_error(capsys):
    code, out, err = run(capsys, "shares", "--method", "voronoi-magic")
    assert code == 2 and out == ""
    assert "unknown method 'voronoi-magic'" in err and "median" in err
    assert "Traceback" not in err


def test_unknown_option_is_a_clean_error(capsys):
    code, _, err = run(capsys, "shares", "-O", "colour=blue")
    assert code == 2 and "no option(s) ['colour']" in err


def test_console_script_runs():
    out = subprocess.run([sys.executable, "-m", "caspian_sim.cli", "methods", "--format", "json"],
                         capture_output=True, text=True, check=True)
    assert "median" in json.loads(out.stdout)


def test_compare_json_and_csv(capsys):
    code, out, _ = run(capsys, "compare", "--methods", "median,condominium", "--format", "json")
    data = json.loads(out)
    assert code == 0 and set(data["methods"]) == {"median", "condominium"}
    assert data["methods"]["condominium"]["common_seabed_share"] == 1.0
    code, out, _ = run(capsys, "compare", "--methods", "median", "--format", "csv")
    assert out.splitlines()[0].startswith("method,state,share_pct")


def test_map_writes_an_image(capsys, tmp_path):
    out_file = tmp_path / "median.png"
    code, out, _ = run(capsys, "map", "--method", "median", "-o", str(out_file), "--dpi", "60")
    assert code == 0 and out_file.read_bytes()[:4] == b"\x89PNG"


def test_fidelity_and_new_options_on_the_command_line(capsys):
    code, out, _ = run(capsys, "fidelity", "--format", "json")
    rows = json.loads(out, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
    assert code == 0 and rows[0]["line"] == "RUS-KAZ" and rows[-1]["median_km"] is None
    for args, message in [
        (["backtest", "--draws", "0"], "--draws must be a whole number in [1, 1e+06]"),
        (["shares", "--method", "signed", "-O", "at=1800"], "at '1800' is outside 1991"),
        (["shares", "--method", "equal_shares", "-O", "family=circular"], "family must be one of 'additive'"),
    ]:
        code, _, err = run(capsys, *args)
        assert code == 2 and message in err and err.count("\n") == 1, err
