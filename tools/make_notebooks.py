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
        ("md", "# Getting started: the Caspian divided by the median line\n\n**Question.** If the seabed of the Caspian "
               "were divided by the median (equidistance) line -- every point to the nearest coast -- how large would each "
               "state's sector be, and where would the lines run?\n\n**Data and method.** The coast is GSHHG 2.3.6 at full "
               "resolution (Wessel and Smith 1996), built by `tools/build_coastline.py`; the land border termini are in "
               "`caspian_sim/data`. The median line follows the IHO's TALOS manual (IHO C-51, ch. 6): exact geodesic "
               "distances on the WGS84 ellipsoid, never planar degrees."),
        ("code", "import pandas as pd\nimport caspian_sim as cs\n\nsea = cs.load_caspian()  # Kara-Bogaz-Gol excluded by default\n"
                 "pd.DataFrame({\"state\": [cs.STATE_NAMES[s] for s in sea.states],\n"
                 "              \"mainland coast km\": [round(v) for v in sea.coast_length_km().values()],\n"
                 "              \"islands owned\": [sum(i.owner == s for i in sea.islands) for s in sea.states]}, index=sea.states)"),
        ("md", "## The division\n\nIn Jupyter a `Division` shows itself as a table with an inline map."),
        ("code", "median = cs.divide(\"median\")\nmedian"),
        ("code", "median.to_frame()  # area, share and coast per state"),
        ("md", "## Lines and tripoints\n\nA boundary exists for every pair of states whose sectors meet, adjacent or "
               "opposite; a tripoint is equidistant from three coasts."),
        ("code", "from caspian_sim.geodesy import length_km\n\n"
                 "pd.DataFrame([{\"pair\": \"-\".join(p), \"length km\": round(length_km(g), 1)} for p, g in median.boundaries.items()])"),
        ("code", "pd.DataFrame([{\"states\": \"-\".join(t.labels), \"lon\": round(t.lon, 3), \"lat\": round(t.lat, 3)}\n"
                 "              for t in median.tripoints])"),
        ("code", "ax = median.plot(title=\"Median line on the GSHHG coast\")"),
        ("md", "## Into GeoPandas\n\n`to_geodataframe()` gives sectors, boundaries, tripoints and fields in EPSG:4326; "
               "`explore()` draws the same on a web map."),
        ("code", "gdf = median.to_geodataframe()\ngdf.drop(columns=\"geometry\").head(8)"),
        ("md", "**Answer.** By the median line Kazakhstan, with the longest and most concave coast, takes the largest "
               "sector and Iran, with the shortest, the smallest (table above); Russia, Azerbaijan and Turkmenistan lie "
               "between. The same engine draws every other method (notebook 02) and the record as signed and claimed "
               "(notebook 03)."),
    ],
    "02_division_methods.ipynb": [
        ("md", "# How much does the principle of division matter?\n\n**Question.** How do the states' shares move between "
               "the division concepts of the negotiation -- median and modified median lines, equal shares, shares by "
               "coast length, Soviet-era sectors, a condominium, common zones and the Aktau Convention's zones?\n\n"
               "**Sources.** The concepts and who proposed them: `shared/seeds/DIGEST.md`; the Aktau Convention of "
               "12 August 2018 (15 nm territorial sea, 10 nm fishing zone); the Soviet-Iranian treaties of 1921 "
               "and 1940 for the condominium."),
        ("code", "import pandas as pd\nimport caspian_sim as cs\n\n"
                 "pd.DataFrame({\"method\": list(cs.available_methods().values())}, index=list(cs.available_methods()))"),
        ("md", "## Side by side"),
        ("code", "c = cs.compare(progress=False)\nc"),
        ("code", "pd.DataFrame(c.wide()).set_index(\"method\")"),
        ("code", "ax = c.plot()"),
        ("md", "## Fields that change hands\n\nAgainst the median line; `uncertain` where a field's position circle "
               "(each with its source in `fields.json`) crosses a line."),
        ("code", "pd.DataFrame([{\"method\": m, \"field\": f, \"median owner\": a, \"owner\": b}\n"
                 "              for m, diff in c.field_changes().items() for f, (a, b) in diff.items()])"),
        ("md", "## Modelling choices: the Kara-Bogaz-Gol and islands\n\nWhether the Kara-Bogaz-Gol lagoon counts as "
               "sea, and whether islands generate sectors, are choices the sources argue over."),
        ("code", "rows = []\nfor kbg in (False, True):\n    sea = cs.load_caspian(kara_bogaz_gol=kbg)\n"
                 "    for islands in (\"basepoint\", \"sea\"):\n        d = cs.divide(\"median\", sea, islands=islands)\n"
                 "        rows.append({\"Kara-Bogaz-Gol\": kbg, \"islands\": islands, "
                 "**{s: round(100 * v, 2) for s, v in d.shares.items()}})\npd.DataFrame(rows)"),
        ("md", "## The Aktau Convention's zones"),
        ("code", "aktau = c.divisions[\"aktau_2018\"]\n"
                 "pd.DataFrame(aktau.details[\"zone_areas_km2\"]).round(0)"),
        ("code", "ax = aktau.plot(fields=False, title=\"Aktau 2018: territorial sea, fishing zone, common water\")"),
        ("md", "**Answer.** The principle matters most to Iran and Kazakhstan: Iran gains most from equal shares and "
               "Kazakhstan loses most, while the median-type lines (median, modified median, Aktau) stay within a few "
               "percentage points of each other. A condominium or a wide common zone removes most of the seabed from "
               "national sectors -- which is why the fields table is longest for them."),
    ],
    "03_iran_20_percent.ipynb": [
        ("md", "# The lines as signed and claimed, and Iran's 20%\n\n**Question.** How far are the computed lines from "
               "the lines the states signed, where do their claims overlap, and what would Iran's 20% take from whom?\n\n"
               "Sources: the signed lines in `caspian_sim/data/treaty_lines.json` (RUS-KAZ Protocol of 13 May 2002, 39 "
               "turning points; KAZ-AZE Protocol of 27 Feb 2003), the claims in `claims.json` (Azerbaijan's median "
               "line; Turkmenistan's midpoints along the parallels, MFA statement of 29 Jan 2005; Iran's 20%, seeds 000 "
               "and 001), the fields in `fields.json`, each with its source."),
        ("code", "import pandas as pd\nimport caspian_sim as cs\nfrom caspian_sim.line_fidelity import fidelity\nfrom caspian_sim.treaties import load_treaty_lines\n\n"
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
        ("md", "# Why did the treaty-derived splits pass bilaterally and Iran's 20% never?\n\n**Question.** Scored against "
               "the states' documented positions of July 2003, which proposals could pass -- under unanimity and "
               "between neighbours -- and who blocks them, on which issue?\n\n**Sources.** Every position is a dated "
               "record with its source in `caspian_sim/data/positions.json` (digest: `shared/seeds/DIGEST.md`); "
               "capabilities are the Correlates of War CINC index, NMC v6.0 (Singer, Bremer and Stuckey 1972); bargaining "
               "solutions after Nash (1950) and Kalai and Smorodinsky (1975)."),
        ("code", "import pandas as pd\nfrom caspian_sim.negotiation import Proposal, positions, score\n\n"
                 "p = positions(at=\"2003-07\")\npd.DataFrame({s: {k: v.value for k, v in d.items()} for s, d in p.items()})"),
        ("md", "## Two proposals\n\nThe treaty-derived splits (the modified median line the bilateral treaties "
               "approximate, decided bilaterally) and Iran's 20% (equal shares, decided by all five)."),
        ("code", "treaty = Proposal(\"treaty-derived splits\", seabed_method=\"modified_median\", values={\"decision_rule\": 0.0})\n"
                 "iran = Proposal(\"Iran's 20%\", seabed_method=\"equal_shares\", values={\"decision_rule\": 1.0})\n"
                 "verdicts = {p.name: score(p, at=\"2003-07-22\") for p in (treaty, iran)}\n"
                 "pd.concat({name: pd.DataFrame(v.rows()).set_index(\"state\") for name, v in verdicts.items()}, axis=1)"),
        ("code", "pd.DataFrame({name: v.bilateral for name, v in verdicts.items()}).rename_axis(\"neighbours\")"),
        ("md", "## Bargaining and allocation rules over the seabed shares"),
        ("code", "from caspian_sim.negotiation import bankruptcy, build_model\nfrom caspian_sim.negotiation.bargaining import solve\n\n"
                 "m = build_model(\"2003-07\")\nclaims = {s: float(c) for s, c in zip(m.states, m.claim)}\n"
                 "d = {s: min(1.0, float(q / c)) for s, q, c in zip(m.states, m.status_quo_shares, m.claim)}\n"
                 "solutions = {name: solve(name, claims, d) for name in (\"nash\", \"kalai_smorodinsky\", \"egalitarian\")}\n"
                 "rules = {rule: bankruptcy.allocate(rule, 1.0, claims) for rule in bankruptcy.RULES}\n"
                 "pd.DataFrame({**solutions, **rules}).mul(100).round(2)"),
        ("md", "## Backtest\n\nFifteen dated episodes, each scored from the positions recorded strictly before it; the "
               "Monte Carlo probability of each decision gives a Brier score and a calibration table."),
        ("code", "from caspian_sim.negotiation.backtest import backtest\n\nr = backtest(progress=False)\n"
                 "print(f\"{r.correct} of {r.total} decisions reproduced, Brier score {r.brier:.3f}\")\n"
                 "pd.DataFrame(r.rows).drop(columns=\"date\")"),
        ("code", "pd.DataFrame(r.calibration())"),
        ("md", "## Capabilities and dynamics\n\nThe dynamic models weight each state by capability x salience; the "
               "default is the CINC of the year, equal capabilities are an option."),
        ("code", "from caspian_sim.negotiation.capabilities import cinc\nfrom caspian_sim.negotiation.dynamics import simulate\n\n"
                 "pd.DataFrame({\"CINC 2003\": cinc(\"2003-07\").values})"),
        ("code", "pd.DataFrame({cap: {v: round(simulate(\"decision_rule\", model=m, variant=v, capabilities=cap, "
                 "rounds=50, seed=1).forecast, 3) for v in (\"compromise\", \"expected_utility\")} for cap in (\"equal\", \"cinc\")})"),
        ("code", "sim = simulate(\"decision_rule\", model=m, variant=\"expected_utility\", seed=1)\n"
                 "pd.DataFrame(sim.rounds[:5])[[\"round\", \"forecast\"]]"),
        ("md", "## How robust are the verdicts?\n\nSaliences and positions drawn around the records (seeded: the same "
               "seed gives the same table)."),
        ("code", "from caspian_sim.negotiation.montecarlo import monte_carlo\n\n"
                 "mc = monte_carlo([treaty, iran], model=m, draws=10_000, seed=1, salience_sigma=0.5, position_sigma=0.2,\n"
                 "                 progress=False)\n"
                 "pd.DataFrame(mc.accept_probability, index=list(mc.proposals), columns=list(mc.states)).assign(\n"
                 "    all_five=mc.unanimity_probability).round(3)"),
        ("md", "**Answer.** Read the tables above: in July 2003 the treaty-derived splits are judged pair by pair, "
               "and the neighbours who signed them accept them against their status quo; Iran's 20% takes seabed from "
               "the states with the longer coasts, who block it on the seabed under the unanimity rule. The backtest "
               "(15 episodes, 1998-2021) reproduces most decisions from earlier positions only; its misses are "
               "discussed in the README."),
    ],
    "05_your_own_scenario.ipynb": [
        ("md", "# Build your own scenario\n\n**Question.** Would a package of your own -- a division method plus "
               "positions on the other issues -- have passed at a given date?\n\nA scenario is a small TOML file "
               "(schema in the README); unknown keys, wrong types and shares that do not sum to 100% are refused with "
               "a message naming the field."),
        ("code", "import tempfile\nfrom pathlib import Path\n\nimport pandas as pd\n"
                 "from caspian_sim.negotiation import load_scenario, score\n\n"
                 "text = '''\nname = \"My package\"\ndate = \"2018-08-11\"\n\n[seabed]\nmethod = \"modified_median\"\n\n"
                 "[issues]\ndecision_rule = \"bilateral\"\nmilitary = \"littoral_only\"\n'''\n"
                 "path = Path(tempfile.mkdtemp()) / \"mine.toml\"\npath.write_text(text)\n"
                 "proposal, when = load_scenario(path)\nverdict = score(proposal, at=when)\n"
                 "pd.DataFrame(verdict.rows()).set_index(\"state\")"),
        ("code", "from caspian_sim import ScenarioError\n\npath.write_text(text.replace(\"military\", \"navy\"))\n"
                 "try:\n    load_scenario(path)\nexcept ScenarioError as exc:\n    print(exc)"),
        ("md", "## Any sea, any coasts\n\nThe engine is general: a regular pentagon lake with five equal coasts splits "
               "20% each, the analytic answer."),
        ("code", "import numpy as np\nfrom shapely.geometry import LineString, Polygon\nfrom caspian_sim import partition\n"
                 "from caspian_sim.geodesy import GEOD\n\nlon, lat, _ = GEOD.fwd([50.0] * 5, [42.0] * 5, np.arange(5) * 72.0, [150_000] * 5)\n"
                 "ring = np.column_stack([lon, lat])\nlake = Polygon(ring)\n"
                 "coasts = {f\"S{i}\": LineString([ring[i], ring[(i + 1) % 5]]) for i in range(5)}\n"
                 "pd.Series(partition(lake, coasts).shares, name=\"share\").round(4).to_frame()"),
        ("md", "**Answer.** The package above is judged against the positions in force on its date; the table says who "
               "accepts and, for each state that rejects, the issues it blocks on."),
    ],
    "06_what_if.ipynb": [
        ("md", "# What if? A live panel and sweeps\n\n**Question.** How do the shares and the verdict respond when one "
               "assumption moves -- a weight, an island's effect, a zone's breadth, a position on another issue?\n\n"
               "The panel below (`caspian_sim.widgets.WhatIf`, extra `[widgets]`) re-divides the sea on every slider "
               "change; the distance field of the sea is cached, so a change costs a fraction of the first division. "
               "It works in JupyterLab and the classic notebook."),
        ("code", "import pandas as pd\nimport caspian_sim as cs\nfrom caspian_sim.widgets import WhatIf\n\n"
                 "panel = WhatIf(method=\"modified_median\")\npanel.widget"),
        ("md", "The sliders need a running kernel; on a static page (these docs) the panel is blank, so here "
               "are its current map and tables as plain HTML:"),
        ("code", "from IPython.display import HTML\n\nHTML(panel.map.value + panel.shares.value + panel.acceptance.value)"),
        ("md", "The panel can be driven from code too -- which is how the tests check it. Here Iran's weight rises "
               "with the treaty tripoints switched off, so that the weights act:"),
        ("code", "panel.controls[\"turning_points\"].value = \"none\"\nbefore = dict(panel.division.shares)\n"
                 "panel.controls[\"w_IRN\"].value = 1.5\n"
                 "pd.DataFrame({\"weight 1\": before, \"IRN weight 1.5\": panel.division.shares}).mul(100).round(2)"),
        ("md", "## Sweeps\n\n`sweep()` divides the sea for every combination of option values. Any executor runs the "
               "jobs -- a process pool, a Dask cluster (`distributed.Client(...).get_executor()`) or a Ray pool -- with "
               "the same rows (docs: *Scale out*)."),
        ("code", "r = cs.sweep(\"aktau_2018\", {\"fishing_nm\": [10, 15, 20, 25]}, progress=False)\n"
                 "df = r.to_dataframe()\ndf[[\"fishing_nm\", *[c for c in df if c.startswith(\"share_\")]]].round(4)"),
        ("code", "ax = df.set_index(\"fishing_nm\")[[c for c in df if c.startswith(\"share_\")]].mul(100).plot(marker=\"o\")\n"
                 "ax.set_ylabel(\"seabed share %\");"),
        ("md", "**Answer.** The zone breadths of the Aktau Convention move water, not seabed: the seabed shares stay "
               "flat across the sweep (above), while a state's weight moves its lines and its share directly."),
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
