"""A live what-if panel for Jupyter: move a slider, see the map, the shares and who accepts.

Optional extra ``[widgets]`` (ipywidgets). The computation is a pure function,
:func:`what_if`, so the panel is only controls and displays around it; the
panel works in JupyterLab and the classic notebook (plain ipywidgets, an SVG
map in an HTML widget: no plotting backend, no JavaScript of its own).

Every slider change re-divides the sea with the chosen method and options --
fast, because the distance field of the sea is cached
(:mod:`caspian_sim.distance_field`) -- and scores the proposal "this division
plus these values on the other issues" against the positions in force at the
chosen date (:func:`caspian_sim.negotiation.score`).

Examples
--------
>>> from caspian_sim.widgets import what_if
>>> division, verdict = what_if("median", {}, {"decision_rule": 1.0}, at="2018-08-11")
>>> round(sum(division.shares.values()), 6), verdict.unanimous
(1.0, False)

In a notebook::

    from caspian_sim.widgets import WhatIf
    WhatIf()              # displays the panel
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from ._html import VERDICT_HEAD, table, verdict_rows
from ._optional import require
from ._svg import svg_map
from .division import Division
from .errors import OptionError
from .methods import available_methods, divide, get_method
from .sea import Sea, check_sea, load_caspian

__all__ = ["WhatIf", "what_if", "shares_table", "acceptance_table"]

def _model(at: str, sea: Sea) -> Any:
    """The negotiation model at a date, built once per sea and date (the library's per-sea cache)."""
    from .methods._common import cached
    from .negotiation.model import build_model

    return cached(sea, ("negotiation model", at), lambda: build_model(at, sea))


def what_if(method: str, options: Mapping[str, Any], values: Mapping[str, float], *, at: str = "2018-08-11",
            sea: Sea | None = None) -> tuple[Division, Any]:
    """Divide by ``method`` with ``options`` and score "this division plus ``values`` on the other issues".

    Returns the Division and the :class:`~caspian_sim.negotiation.scoring.Score`.
    """
    from .negotiation import Proposal, score

    for name, value in (("options", options), ("values", values)):
        if not isinstance(value, Mapping):
            raise OptionError(f"{name} must be a mapping name -> value, got {type(value).__name__}")
    sea = check_sea(sea) if sea is not None else load_caspian()
    division = divide(method, sea, **options)
    zones = {k: options[k] for k in ("territorial_nm", "fishing_nm") if k in options}
    proposal = Proposal(f"what-if: {method}", seabed_method=method, seabed_options=dict(options), values=dict(values),
                        territorial_sea_nm=zones.get("territorial_nm"), fishing_zone_nm=zones.get("fishing_nm"))
    return division, score(proposal, at=at, sea=sea, model=_model(str(at), sea))


def shares_table(division: Division) -> str:
    """HTML table: area (km²) and share (%) of each state."""
    rows = [[html.escape(s), f"{division.areas_km2[s]:,.0f}", f"{100 * division.shares[s]:.2f}"] for s in division.shares]
    return table(["state", "area km²", "share %"], rows)


def acceptance_table(verdict: Any) -> str:
    """HTML table: who accepts, utility against reservation, and the issues a rejecting state blocks on."""
    head = "accepted by all five" if verdict.unanimous else "blocked (unanimity rule)"
    return f"<p><b>{head}</b> at {verdict.at.isoformat()}</p>" + table(VERDICT_HEAD, verdict_rows(verdict))


class WhatIf:
    """The panel: controls for the method, its options and the proposal's other issues; live map and tables.

    Parameters
    ----------
    sea : Sea, optional
        Default: the Caspian.
    method : str
        The division method shown first.
    at : str
        Date of the positions the proposal is scored against.

    Attributes
    ----------
    controls : dict
        Name -> ipywidget (``method``, ``at``, ``w_<STATE>``, ``target_<STATE>``,
        ``island_effect``, ``territorial_nm``, ``fishing_nm``, ``family``, ``turning_points``,
        ``issue_<name>``).
    widget : ipywidgets.Box
        The whole panel (what the notebook displays).

    Notes
    -----
    The outputs are the HTML widgets ``map`` (an SVG map), ``shares``,
    ``acceptance`` (who accepts, who blocks on what) and ``status`` (the
    method, or the error of the last change), updated on every change.
    """

    def __init__(self, sea: Sea | None = None, *, method: str = "median", at: str = "2018-08-11") -> None:
        from .negotiation.positions import SCALE_ISSUES

        w = require("ipywidgets", "the what-if panel")
        get_method(method)
        self.sea = check_sea(sea) if sea is not None else load_caspian()
        slider = dict(continuous_update=False, style={"description_width": "initial"})
        c: dict[str, Any] = {
            "method": w.Dropdown(options=list(available_methods()), value=method, description="method"),
            "at": w.Text(value=str(at), description="positions at", continuous_update=False),
            "island_effect": w.FloatSlider(value=0.0, min=0, max=1, step=0.05, description="island effect", **slider),
            "territorial_nm": w.FloatSlider(value=15, min=1, max=15, step=1, description="territorial nm", **slider),
            "fishing_nm": w.FloatSlider(value=10, min=0, max=40, step=1, description="fishing nm", **slider),
            "family": w.Dropdown(options=["additive", "multiplicative"], value="additive", description="lines"),
            # the treaty tripoints fix the modified median's weights; "none" lets the weight sliders act
            "turning_points": w.Dropdown(options=["treaty", "none"], value="treaty", description="turning points"),
        }
        for s in self.sea.states:
            c[f"w_{s}"] = w.FloatSlider(value=1.0, min=0.5, max=2.0, step=0.05, description=f"weight {s}", **slider)
            c[f"target_{s}"] = w.FloatSlider(value=20.0, min=5, max=40, step=0.5, description=f"target {s} %", **slider)
        for issue in SCALE_ISSUES:
            c[f"issue_{issue}"] = w.FloatSlider(value=0.5, min=0, max=1, step=0.05, description=issue, **slider)
        self.controls = c
        self.map, self.shares, self.acceptance, self.status = (w.HTML() for _ in range(4))
        for ctl in c.values():
            ctl.observe(self.update, names="value")
        left = w.VBox([c["method"], c["at"], *(c[k] for k in c if k not in ("method", "at"))])
        self.widget = w.HBox([left, w.VBox([self.status, self.map, self.shares, self.acceptance])])
        self.division: Division | None = None
        self.verdict: Any = None
        self.update()

    def options(self) -> dict[str, Any]:
        """Options of the current method that the controls set (the others keep their defaults)."""
        c, states = self.controls, self.sea.states
        accepted = get_method(c["method"].value).options
        candidates = {
            "weights": {s: c[f"w_{s}"].value for s in states},
            "island_effect": c["island_effect"].value,
            "targets": _normalised({s: c[f"target_{s}"].value for s in states}),
            "territorial_nm": c["territorial_nm"].value,
            "fishing_nm": c["fishing_nm"].value,
            "family": c["family"].value,
            "turning_points": c["turning_points"].value,
        }
        return {k: v for k, v in candidates.items() if k in accepted}

    def values(self) -> dict[str, float]:
        """The proposal's values on the scale issues."""
        return {k[len("issue_"):]: float(v.value) for k, v in self.controls.items() if k.startswith("issue_")}

    def update(self, change: Any = None) -> None:
        """Recompute and redraw (called on every control change); errors are shown, never raised."""
        from .errors import CaspianSimError

        method = self.controls["method"].value
        try:
            self.division, self.verdict = what_if(method, self.options(), self.values(),
                                                  at=self.controls["at"].value, sea=self.sea)
        except CaspianSimError as exc:
            self.status.value = f"<p style='color:#b00'>{html.escape(str(exc))}</p>"
            return
        self.status.value = f"<p><b>{html.escape(method)}</b>: {html.escape(available_methods()[method])}</p>"
        self.map.value = svg_map(self.division, height=360)
        self.shares.value = shares_table(self.division)
        self.acceptance.value = acceptance_table(self.verdict)

    def _ipython_display_(self) -> None:  # pragma: no cover - needs a notebook front end
        from IPython.display import display

        display(self.widget)


def _normalised(pct: Mapping[str, float]) -> dict[str, float]:
    total = sum(pct.values())
    return {k: v / total for k, v in pct.items()}
