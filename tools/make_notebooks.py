#!/usr/bin/env python
"""Write the topic notebooks in notebooks/ and execute them so their outputs are stored.

Run: python tools/make_notebooks.py  (tests/test_notebooks.py re-executes them on every run)
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

OUT = Path(__file__).resolve().parents[1] / "notebooks"

NOTEBOOKS: dict[str, list[tuple[str, str]]] = {
    "01_getting_started.ipynb": [
        ("md", "# Getting started with caspian-sim\n\nLoad the Caspian Sea from the shipped GSHHG coastline, "
               "divide its seabed by the median line and look at the result. Every number is geodesic on WGS84."),
        ("code", "import caspian_sim as cs\n\nsea = cs.load_caspian()  # Kara-Bogaz-Gol excluded by default\n"
                 "sea.states, len(sea.islands), {s: round(v) for s, v in sea.coast_length_km().items()}"),
        ("code", "median = cs.divide(\"median\")\nmedian  # an HTML table with an inline map in Jupyter"),
        ("code", "median.to_frame()  # needs pandas"),
        ("md", "Boundary lines exist for every pair of states whose sectors meet, adjacent or opposite, "
               "and the tripoints are equidistant from three coasts:"),
        ("code", "sorted(median.boundaries), [(t.labels, round(t.lon, 3), round(t.lat, 3)) for t in median.tripoints]"),
        ("code", "ax = median.plot()"),
        ("md", "Results export to GeoJSON (`median.to_geojson('median.geojson')`) and implement "
               "`__geo_interface__`, so `geopandas.GeoDataFrame.from_features(median)` works directly."),
        ("code", "len(median.__geo_interface__[\"features\"])"),
    ],
    "02_division_methods.ipynb": [
        ("md", "# The division methods compared\n\nEvery method returns the same `Division` built on one "
               "equidistance engine. `compare()` puts them side by side."),
        ("code", "import caspian_sim as cs\nfrom caspian_sim.compare import compare\n\ncs.available_methods()"),
        ("code", "c = compare()\nc"),
        ("code", "ax = c.plot()"),
        ("code", "c.field_changes()  # oil and gas fields that change hands against the median line"),
        ("md", "## Modelling choices: the Kara-Bogaz-Gol and islands"),
        ("code", "rows = []\nfor kbg in (False, True):\n    sea = cs.load_caspian(kara_bogaz_gol=kbg)\n"
                 "    for islands in (\"basepoint\", \"sea\"):\n        d = cs.divide(\"median\", sea, islands=islands)\n"
                 "        rows.append({\"Kara-Bogaz-Gol\": kbg, \"islands\": islands, "
                 "**{s: round(100 * v, 2) for s, v in d.shares.items()}})\nrows"),
        ("code", "aktau = c.divisions[\"aktau_2018\"]\naktau.details[\"zone_areas_km2\"], round(aktau.details[\"common_surface_share\"], 3)"),
        ("code", "ax = aktau.plot(fields=False)"),
    ],
    "03_iran_20_percent.ipynb": [
        ("md", "# The lines as signed and claimed, and Iran's 20%\n\n**Question.** How far are the computed lines from "
               "the lines the states signed, where do their claims overlap, and what would Iran's 20% take from whom?\n\n"
               "Sources: the signed lines in `caspian_sim/data/treaty_lines.json` (RUS-KAZ Protocol of 13 May 2002, 39 "
               "turning points; KAZ-AZE Protocol of 27 Feb 2003), the claims in `claims.json` (Azerbaijan's median "
               "line; Turkmenistan's midpoints along the parallels, MFA statement of 29 Jan 2005; Iran's 20%, seeds 000 "
               "and 001), the fields in `fields.json`, each with its source."),
        ("code", "import pandas as pd\nimport caspian_sim as cs\nfrom caspian_sim.treaties import fidelity, load_treaty_lines\n\n"
                 "pd.DataFrame([{\"line\": t.id, \"signed\": t.signed, \"in force\": t.in_force, \"points\": len(t.points),\n"
                 "               \"status\": t.points_status} for t in load_treaty_lines()])"),
        ("md", "## How far the computed lines lie from the signed one\n\nOnly the RUS-KAZ catalogue is public in full. "
               "Distances are geodesic; the area is closed between the two lines."),
        ("code", "pd.DataFrame(fidelity()).dropna(subset=[\"median_km\"]).round(2).drop(columns=\"status\")"),
        ("md", "The signed line is nearer the plain median line than the modified median line, and neither comes "
               "within 2 km: the treaty drew its line from basepoints on a shore at -28 m (Baltic), while GSHHG's "
               "flat northern shore lies elsewhere (the line's first point is 11 km off it), and its steps round the "
               "jointly developed structures are not modelled from principles here."),
        ("md", "## Claims and disputed areas\n\nWhere no line is signed, each state claims by its own construction. "
               "The overlaps are the disputed areas, with the fields inside (fraction of each field's uncertainty circle)."),
        ("code", "from caspian_sim.methods.claims import disputes\n\n"
                 "pd.DataFrame([{\"pair\": \"-\".join(d[\"pair\"]), \"area km2\": round(d[\"area_km2\"]),\n"
                 "               \"fields\": \", \".join(f\"{k} ({v:.0%})\" for k, v in d[\"fields\"].items())} for d in disputes()])"),
        ("code", "record = cs.divide(\"signed\", at=\"2021\")\nax = record.plot(title=\"The record in 2021: signed lines, "
                 "claims and undelimited areas\")"),
        ("code", "pd.DataFrame({\"share of the delimited seabed %\": {s: round(100 * v, 2) for s, v in record.shares.items()}})"),
        ("md", "## Iran's 20% as lines\n\nTwo families of lines meet the same shares. Multiplicative weights bend the "
               "lines (a sector can curl behind a neighbour's band); additive offsets move each line as a whole and "
               "keep every sector seaward of its own coast, which is why they are the default. `iran_20` gives Iran "
               "20% and leaves the others their median-line proportions."),
        ("code", "import matplotlib.pyplot as plt\n\nmethods = [(\"equal_shares\", {\"family\": \"multiplicative\"}), "
                 "(\"equal_shares\", {\"family\": \"additive\"}), (\"iran_20\", {}), (\"soviet_sectors\", {})]\n"
                 "divs = [cs.divide(m, **o) for m, o in methods]\nfig, axes = plt.subplots(1, 4, figsize=(20, 7))\n"
                 "for ax, d, (m, o) in zip(axes, divs, methods):\n    d.plot(ax=ax, fields=False, title=f\"{m} {o.get('family', '')}\")"),
        ("code", "median = cs.divide(\"median\")\nrows = {\"median\": median.shares, **{f\"{d.method} {d.options.get('family', '')}\": d.shares for d in divs}}\n"
                 "pd.DataFrame(rows).mul(100).round(2)"),
        ("code", "pd.DataFrame({\"shadowed share of the sector\": divs[0].details[\"shadowed_share\"],\n"
                 "              \"additive\": divs[1].details[\"shadowed_share\"]}).round(4)"),
        ("md", "## The fields that change hands\n\nOwners under each division; `uncertain` where a field's uncertainty "
               "circle crosses a line, `undelimited` is not an owner (see `field_candidates`)."),
        ("code", "owners = {\"median\": median.field_owners(), \"signed 2021\": record.field_owners(),\n"
                 "          **{f\"{d.method} {d.options.get('family', '')}\": d.field_owners() for d in divs}}\n"
                 "pd.DataFrame(owners)"),
        ("md", "**Answer.** Iran's 20% moves the Iran-Azerbaijan and Iran-Turkmenistan lines tens of kilometres north "
               "and brings the Alov-Araz-Sharg complex (Alborz) and Sardar-e Jangal into Iran's sector; the Kapaz/Serdar "
               "(Dostlug) and Azeri-Chirag fields lie in the area Azerbaijan and Turkmenistan both claim. The only "
               "catalogue of a signed line that is public (RUS-KAZ) lies 4.6 km (at its turning points) from the median "
               "line of today's coast."),
    ],
    "04_negotiation.ipynb": [
        ("md", "# Negotiation: positions, scoring, bargaining, backtest\n\nPositions are documented records "
               "with sources; scoring uses the geometry for the seabed."),
        ("code", "from caspian_sim.negotiation import Proposal, positions, score\n\n"
                 "p = positions(at=\"2003-07\")\n{s: {k: v.value for k, v in d.items()} for s, d in p.items()}"),
        ("code", "treaty = Proposal(\"treaty-derived splits\", seabed_method=\"modified_median\", values={\"decision_rule\": 0.0})\n"
                 "s = score(treaty, at=\"2003-07-22\")\ns.accept, s.blocking, s.bilateral"),
        ("code", "iran = Proposal(\"Iran's 20%\", seabed_method=\"equal_shares\", values={\"decision_rule\": 1.0})\n"
                 "score(iran, at=\"2003-07-22\").blocking"),
        ("md", "## Bargaining and allocation rules over the seabed shares"),
        ("code", "from caspian_sim.negotiation import build_model\nfrom caspian_sim.negotiation.bargaining import solve\n"
                 "from caspian_sim.negotiation import bankruptcy\n\nm = build_model(\"2003-07\")\n"
                 "claims = {s: float(c) for s, c in zip(m.states, m.claim)}\n"
                 "d = {s: min(1.0, float(q / c)) for s, q, c in zip(m.states, m.status_quo_shares, m.claim)}\n"
                 "{name: {k: round(100 * v, 2) for k, v in solve(name, claims, d).items()} "
                 "for name in (\"nash\", \"kalai_smorodinsky\", \"egalitarian\")}"),
        ("code", "{rule: {k: round(100 * v, 2) for k, v in bankruptcy.allocate(rule, 1.0, claims).items()} "
                 "for rule in bankruptcy.RULES}"),
        ("md", "## Backtest and sensitivity"),
        ("md", "Fifteen dated episodes, each scored from the positions recorded strictly before it; the Monte Carlo "
               "probability of each decision gives a Brier score and a calibration table."),
        ("code", "import pandas as pd\nfrom caspian_sim.negotiation.backtest import backtest\n\nr = backtest()\n"
                 "print(f\"{r.correct} of {r.total} decisions reproduced, Brier score {r.brier:.3f}\")\n"
                 "pd.DataFrame(r.rows).drop(columns=\"date\")"),
        ("code", "pd.DataFrame(r.calibration())"),
        ("md", "## Capabilities\n\nThe dynamic models weight each state by capability x salience. The default is the "
               "Correlates of War CINC index of the year (NMC v6.0); equal capabilities are an option."),
        ("code", "from caspian_sim.negotiation.capabilities import cinc\nfrom caspian_sim.negotiation.dynamics import simulate\n\n"
                 "pd.DataFrame({\"CINC 2003\": cinc(\"2003-07\").values})"),
        ("code", "pd.DataFrame({cap: {v: round(simulate(\"decision_rule\", model=m, variant=v, capabilities=cap, "
                 "rounds=50, seed=1).forecast, 3) for v in (\"compromise\", \"expected_utility\")} for cap in (\"equal\", \"cinc\")})"),
        ("code", "from caspian_sim.negotiation.montecarlo import monte_carlo\n\n"
                 "mc = monte_carlo([treaty, iran], model=m, draws=10_000, seed=1, salience_sigma=0.5, position_sigma=0.2)\n"
                 "mc.to_dict()"),
        ("code", "from caspian_sim.negotiation.dynamics import simulate\n\n"
                 "sim = simulate(\"decision_rule\", model=m, variant=\"expected_utility\", seed=1)\n"
                 "[(r[\"round\"], round(r[\"forecast\"], 3)) for r in sim.rounds[:5]]"),
    ],
    "05_your_own_scenario.ipynb": [
        ("md", "# Build your own scenario\n\nA scenario is a small TOML file; unknown keys, wrong types and shares "
               "that do not sum to 100% are refused with a message naming the field."),
        ("code", "from pathlib import Path\nimport tempfile\nfrom caspian_sim.negotiation import load_scenario, score\n\n"
                 "text = '''\nname = \"My package\"\ndate = \"2018-08-11\"\n\n[seabed]\nmethod = \"modified_median\"\n\n"
                 "[issues]\ndecision_rule = \"bilateral\"\nmilitary = \"littoral_only\"\n'''\n"
                 "path = Path(tempfile.mkdtemp()) / \"mine.toml\"\npath.write_text(text)\n"
                 "proposal, when = load_scenario(path)\nscore(proposal, at=when).to_dict()[\"accept\"]"),
        ("code", "from caspian_sim import ScenarioError\n\npath.write_text(text.replace(\"military\", \"navy\"))\n"
                 "try:\n    load_scenario(path)\nexcept ScenarioError as exc:\n    print(exc)"),
        ("md", "## Any sea, any coasts\n\nThe engine is general: here a regular pentagon lake with five equal coasts "
               "splits 20% each."),
        ("code", "import numpy as np\nfrom shapely.geometry import LineString, Polygon\nfrom caspian_sim import partition\n"
                 "from caspian_sim.geodesy import GEOD\n\nlon, lat, _ = GEOD.fwd([50.0] * 5, [42.0] * 5, np.arange(5) * 72.0, [150_000] * 5)\n"
                 "ring = np.column_stack([lon, lat])\nlake = Polygon(ring)\n"
                 "coasts = {f\"S{i}\": LineString([ring[i], ring[(i + 1) % 5]]) for i in range(5)}\n"
                 "{k: round(v, 4) for k, v in partition(lake, coasts).shares.items()}"),
    ],
}


def build(execute: bool = True) -> list[Path]:
    OUT.mkdir(exist_ok=True)
    paths = []
    for name, cells in NOTEBOOKS.items():
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.cells = [nbformat.v4.new_markdown_cell(src) if kind == "md" else nbformat.v4.new_code_cell(src)
                    for kind, src in cells]
        if execute:
            NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(OUT)}}).execute()
        path = OUT / name
        nbformat.write(nb, path)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for p in build():
        print("wrote", p)
