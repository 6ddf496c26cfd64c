"""The preference model: utilities of proposals for each state, vectorised.

For state *i* and a proposal *p* the utility is the salience-weighted mean of
issue utilities over the issues *p* addresses and *i* has a documented
position on:

- scale issues (regime, decision rule, legal basis, pipelines, military):
  ``u = 1 - |x_i - p_k|`` on the issue's [0, 1] scale;
- the seabed share: ``u = min(1, share_i(p) / claim_i)``, where ``claim_i`` is
  the share the state's preferred method gives it (computed by the geometry)
  or its stated minimum share, whichever is larger; a common seabed counts as
  an undivided 1/n interest;
- the seabed principle: 1 if the proposal's method belongs to the family of
  the state's preferred method (equidistance, equal shares, condominium,
  Soviet practice, common zone, coast length), else 0;
- zone breadths (territorial sea, fishing zone): ``u = 1 - |x_i - p| / 15 nm``.

A stated minimum share is a hard constraint: a proposal giving less is
vetoed. A state accepts when its utility is at least its reservation value:
the utility of the status quo on the same issues -- the 1921/1940 treaties
(condominium in law, unanimity to change it: seeds/001) plus, on the seabed,
the lines the state has agreed with neighbours by that date
(``data/agreements.json``, secure, modified median) and unilateral activity
in the Soviet-practice sectors elsewhere, discounted for its insecurity.

References
----------
.. [1] Bueno de Mesquita, B. (1994). Political forecasting: an expected
   utility method. In *European Community Decision Making*, Yale UP, 71-104.
.. [2] Thomson, R., Stokman, F. N., Achen, C. H., & König, T. (eds.) (2006).
   *The European Union Decides*. Cambridge UP (salience-weighted spatial
   utilities, compromise models).
.. [3] Sheikhmohammady, M., & Madani, K. (2008). Bankruptcy methods for
   resolving water resources conflicts. *World Environmental and Water
   Resources Congress*, ASCE (Caspian shares).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import OptionError
from ..sea import Sea, check_sea, load_caspian
from ..validate import number
from .positions import SCALE_ISSUES, load_positions, parse_date, positions
from .proposals import Proposal

__all__ = ["Model", "build_model", "STATUS_QUO", "effective_shares", "utilities"]

#: The status quo on the scale issues: the 1921/1940 treaties (condominium in
#: law), unanimity needed to replace them, no agreed pipeline rule (so all five
#: must consent), littoral navies only.
STATUS_QUO: dict[str, float] = {
    "regime": 0.0, "decision_rule": 1.0, "legal_basis": 0.0, "pipelines": 0.0, "military": 0.5,
}


#: Zone-breadth issues (nautical miles), and their status quo: no territorial sea
#: agreed under the 1921/1940 treaties; the 1940 treaty's 10-mile fishing zone.
ZONE_ISSUES: tuple[str, ...] = ("territorial_sea_nm", "fishing_zone_nm")
STATUS_QUO_ZONES: dict[str, float] = {"territorial_sea_nm": float("nan"), "fishing_zone_nm": 10.0}

#: Families of division methods: the principle a method stands for.
METHOD_FAMILY: dict[str, str] = {
    "median": "equidistance", "modified_median": "equidistance", "common_surface": "equidistance",
    "aktau_2018": "equidistance", "target_shares": "negotiated", "equal_shares": "equal",
    "coast_proportional": "coast", "soviet_sectors": "soviet", "condominium": "common", "common_zone": "zone",
}


def effective_shares(division: Any) -> dict[str, float]:
    """National seabed share plus an equal undivided part of any common seabed."""
    n = len(division.states)
    return {s: division.shares[s] + division.common_share / n for s in division.states}


@dataclass(frozen=True)
class Model:
    """Preferences of the states at one date, as arrays (states x issues)."""

    at: date
    states: tuple[str, ...]
    ideal: NDArray[np.float64]  # (N, K) scale issues, NaN where unknown
    salience: NDArray[np.float64]  # (N, K), 0 where unknown
    claim: NDArray[np.float64]  # (N,) seabed claim (share)
    seabed_salience: NDArray[np.float64]  # (N,)
    min_share: NDArray[np.float64]  # (N,) NaN where none stated
    zone_ideal: NDArray[np.float64]  # (N, 2) zone breadths in nm, NaN where unknown
    zone_salience: NDArray[np.float64]  # (N, 2)
    status_quo_shares: NDArray[np.float64]  # (N,) effective, after the insecurity discount
    insecurity: float
    family_salience: NDArray[np.float64]  # (N,) salience of the seabed principle
    status_quo_family: NDArray[np.float64]  # (N,) status-quo utility of the principle
    agreed: NDArray[np.float64]  # (N,) fraction of the state's seabed lines agreed by treaty
    soviet_shares: NDArray[np.float64]  # (N,) effective shares under Soviet practice
    treaty_shares: NDArray[np.float64]  # (N,) effective shares under the modified median line
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    preferred_method: dict[str, str] = field(default_factory=dict)

    def family_match(self, method: str | None) -> NDArray[np.float64]:
        """1 where the method's principle is the state's preferred one, 0 elsewhere, NaN if unknown."""
        fam = METHOD_FAMILY.get(method or "", method)
        return np.array([np.nan if s not in self.preferred_method else
                         float(METHOD_FAMILY.get(self.preferred_method[s]) == fam) for s in self.states])

    @property
    def issues(self) -> tuple[str, ...]:
        return SCALE_ISSUES

    @property
    def status_quo_values(self) -> NDArray[np.float64]:
        return np.array([STATUS_QUO[k] for k in SCALE_ISSUES])

    def neighbours(self, sea: Sea) -> list[tuple[str, str]]:
        """Pairs of states whose seabed sectors meet under the median line (adjacent and opposite)."""
        return [tuple(p) for p in default_division("median", sea).boundaries]  # type: ignore[misc]


def default_division(method: str, sea: Sea) -> Any:
    """A method's division of ``sea`` with default options (cached by ``divide``)."""
    from ..methods import divide

    return divide(method, sea)


def _division_shares(method: str, sea: Sea) -> dict[str, float]:
    return effective_shares(default_division(method, sea))


def build_model(at: str | date = "2018-08-11", sea: Sea | None = None, *, insecurity: float = 0.25,
                before: bool = False) -> Model:
    """The preference model from the documented positions in force at ``at``.

    Parameters
    ----------
    at : str or date
        ``"2003-07"`` etc.; the latest record on or before it counts.
    sea : Sea, optional
        For the geometry of claims and the status quo (default: the Caspian).
    insecurity : float
        Discount on the value of unilaterally held seabed in the status quo
        (0: as good as a treaty; 1: worthless). An assumption, not a datum:
        the Monte Carlo analysis varies it.
    before : bool
        Use only records strictly before ``at``.

    Examples
    --------
    >>> m = build_model("2003-07")
    >>> round(float(m.claim[m.states.index("IRN")]), 2)
    0.2
    """
    insecurity = number(insecurity, "insecurity", lo=0, hi=1, hi_open=True)
    sea = check_sea(sea) if sea is not None else load_caspian()
    when = parse_date(at)
    pos = positions(when, before=before)
    if not pos:
        first = min(p.date for p in load_positions())
        raise OptionError(f"no position is recorded {'before' if before else 'on or before'} {when.isoformat()}; "
                          f"the record starts on {first.isoformat()}: choose a later date")
    states = sea.states
    N, K = len(states), len(SCALE_ISSUES)
    ideal = np.full((N, K), np.nan)
    sal = np.zeros((N, K))
    claim = np.full(N, np.nan)
    seabed_sal = np.zeros(N)
    min_share = np.full(N, np.nan)
    zone_ideal = np.full((N, len(ZONE_ISSUES)), np.nan)
    zone_sal = np.zeros((N, len(ZONE_ISSUES)))
    sources: dict[str, dict[str, str]] = {}
    preferred: dict[str, str] = {}
    for i, s in enumerate(states):
        for issue, p in pos.get(s, {}).items():
            sources.setdefault(s, {})[issue] = p.source
            if issue in SCALE_ISSUES:
                k = SCALE_ISSUES.index(issue)
                ideal[i, k], sal[i, k] = float(p.value), p.salience
            elif issue == "seabed_method":
                preferred[s] = p.value
                claim[i] = _division_shares(p.value, sea)[s]
                seabed_sal[i] = max(seabed_sal[i], p.salience)
            elif issue == "min_share" and p.value is not None:
                min_share[i] = float(p.value)
                seabed_sal[i] = max(seabed_sal[i], p.salience)
            elif issue in ZONE_ISSUES:
                z = ZONE_ISSUES.index(issue)
                zone_ideal[i, z], zone_sal[i, z] = float(p.value), p.salience
    claim = np.fmax(claim, min_share)  # NaN-aware: the larger of the two where both exist
    agreed = _agreed_fraction(sea, when)
    soviet = _division_shares("soviet_sectors", sea)
    treaty = _division_shares("modified_median", sea)
    sq_shares = np.array([agreed[i] * treaty[s] + (1 - agreed[i]) * soviet[s] * (1 - insecurity)
                          for i, s in enumerate(states)])
    fam_sal = np.array([pos[s]["seabed_method"].salience if "seabed_method" in pos.get(s, {}) else 0.0
                        for s in states])
    pref_fam = [METHOD_FAMILY.get(preferred.get(s, ""), "") for s in states]
    sq_fam = np.array([agreed[i] * (f == "equidistance") + (1 - agreed[i]) * (f == "soviet")
                       for i, f in enumerate(pref_fam)], dtype=float)
    return Model(when, states, ideal, sal, claim, seabed_sal, min_share, zone_ideal, zone_sal, sq_shares, insecurity,
                 fam_sal, sq_fam, agreed, np.array([soviet[s] for s in states]), np.array([treaty[s] for s in states]),
                 sources, preferred)



def status_quo_shares(model: Model, insecurity: NDArray[np.float64] | float) -> NDArray[np.float64]:
    """Status-quo effective shares for one or many insecurity discounts (shape (..., N))."""
    ins = np.asarray(insecurity, float)[..., None]
    return model.agreed * model.treaty_shares + (1 - model.agreed) * model.soviet_shares * (1 - ins)


def load_agreements() -> list[dict[str, Any]]:
    """Seabed delimitation agreements (``data/agreements.json``)."""
    import json
    from importlib import resources

    raw = json.loads(resources.files("caspian_sim.data").joinpath("agreements.json").read_text(encoding="utf-8"))
    return list(raw["agreements"])


def _agreed_fraction(sea: Sea, when: date) -> NDArray[np.float64]:
    """For each state, the fraction of its median-line neighbours it has a seabed treaty with by ``when``."""
    pairs = {frozenset(p) for p in default_division("median", sea).boundaries}
    done = {frozenset(a["parties"]) for a in load_agreements() if parse_date(a["date"]) <= when}
    out = []
    for s in sea.states:
        mine = [p for p in pairs if s in p]
        out.append(sum(p in done for p in mine) / len(mine) if mine else 0.0)
    return np.array(out)


def utilities(
    model: Model,
    values: NDArray[np.float64],
    shares: NDArray[np.float64] | None = None,
    zones_nm: NDArray[np.float64] | None = None,
    family: NDArray[np.float64] | None = None,
    *,
    ideal: NDArray[np.float64] | None = None,
    salience: NDArray[np.float64] | None = None,
    sq_shares: NDArray[np.float64] | None = None,
    want_parts: bool = True,
) -> dict[str, NDArray[Any]]:
    """Utilities of P proposals for N states, and of the status quo on the same issues.

    Parameters
    ----------
    values : array (P, K)
        Proposal values on :data:`~.positions.SCALE_ISSUES`; NaN = not addressed.
    shares : array (P, N), optional
        Effective seabed shares per proposal; NaN rows = seabed not addressed.
    zones_nm : array (P, 2), optional
        Territorial sea and fishing zone breadths (nm); NaN = not addressed.
    family : array (P, N), optional
        1/0 match of each proposal's seabed principle with each state's
        (:meth:`Model.family_match`); NaN = not addressed.
    ideal, salience : arrays (..., N, K), optional
        Override the model's (used by the Monte Carlo analysis; leading
        dimensions broadcast against P).
    sq_shares : array (..., N), optional
        Override the status-quo shares (same broadcasting).
    want_parts : bool
        Also return the per-issue breakdown (skip it for speed on large batches).

    Returns
    -------
    dict with ``U`` (P, N), ``U_sq`` (P, N), ``veto`` (P, N) bool, ``accept``
    (P, N) bool and ``parts`` (P, N, K + 4): salience-weighted issue gains
    against the status quo (scale issues, seabed share, seabed principle,
    territorial sea, fishing zone).

    Examples
    --------
    >>> m = build_model("2003-07")
    >>> v = np.full((1, len(m.issues)), np.nan)
    >>> v[0, m.issues.index("decision_rule")] = 1.0  # unanimity, as in the status quo
    >>> bool(utilities(m, v)["accept"].all())
    True
    """
    values = np.atleast_2d(np.asarray(values, float))
    P, N = values.shape[0], len(model.states)
    if ideal is None and salience is None:
        num_p, num_q, den, scale_parts = _scale_terms_fast(model, values, want_parts)
    else:
        num_p, num_q, den, scale_parts = _scale_terms(model, values, ideal, salience)
    parts = [scale_parts]
    veto = np.zeros(np.broadcast_shapes(num_p.shape, (P, N)), bool)
    if shares is not None:
        sh = np.atleast_2d(np.asarray(shares, float))  # (P, N)
        have = ~np.isnan(sh) & ~np.isnan(model.claim)
        ws = np.where(have, model.seabed_salience, 0.0)
        claim = np.where(np.isnan(model.claim), 1.0, model.claim)
        us_p = np.minimum(1.0, np.nan_to_num(sh) / claim)
        sq = model.status_quo_shares if sq_shares is None else sq_shares
        us_q = np.minimum(1.0, sq / claim)
        num_p = num_p + ws * us_p
        num_q = num_q + ws * us_q
        den = den + ws
        parts.append((ws * (us_p - us_q))[..., None])
        veto = veto | (~np.isnan(sh) & ~np.isnan(model.min_share) & (np.nan_to_num(sh) < model.min_share - 1e-4))
    else:
        parts.append(np.zeros((*num_p.shape, 1)))
    if family is not None:
        fm = np.atleast_2d(np.asarray(family, float))
        have = ~np.isnan(fm)
        wf = np.where(have, model.family_salience, 0.0)
        num_p = num_p + wf * np.nan_to_num(fm)
        num_q = num_q + wf * model.status_quo_family
        den = den + wf
        parts.append((wf * (np.nan_to_num(fm) - model.status_quo_family))[..., None])
    else:
        parts.append(np.zeros((*num_p.shape, 1)))
    if zones_nm is not None:
        z = np.asarray(zones_nm, float).reshape(P, 1, len(ZONE_ISSUES))
        have = ~np.isnan(z) & ~np.isnan(model.zone_ideal)
        wz = np.where(have, model.zone_salience, 0.0)
        xz = np.nan_to_num(model.zone_ideal)
        uz = np.clip(1 - np.abs(xz - np.nan_to_num(z)) / 15.0, 0, 1)
        sqz = np.array([STATUS_QUO_ZONES[k] for k in ZONE_ISSUES])
        uq = np.where(np.isnan(sqz), 0.0, np.clip(1 - np.abs(xz - np.nan_to_num(sqz)) / 15.0, 0, 1))
        num_p = num_p + (wz * uz).sum(-1)
        num_q = num_q + (wz * uq).sum(-1)
        den = den + wz.sum(-1)
        parts.append(wz * (uz - uq))
    else:
        parts.append(np.zeros((*num_p.shape, len(ZONE_ISSUES))))
    with np.errstate(invalid="ignore", divide="ignore"):
        U = np.where(den > 0, num_p / den, 0.0)
        U_sq = np.where(den > 0, num_q / den, 0.0)
    accept = (U >= U_sq - 1e-12) & ~veto
    if not want_parts:
        return {"U": U, "U_sq": U_sq, "veto": veto, "accept": accept}
    lead = np.broadcast_shapes(*(q.shape[:-1] for q in parts))
    parts_arr = np.concatenate([np.broadcast_to(q, lead + q.shape[-1:]) for q in parts], axis=-1)
    return {"U": U, "U_sq": U_sq, "veto": veto, "accept": accept, "parts": parts_arr}


def _scale_terms_fast(model: Model, values: NDArray, want_parts: bool) -> tuple[NDArray, ...]:
    """Scale-issue sums for 2-D model arrays: one (P, N, K) temporary, the rest matrix products."""
    known_x = ~np.isnan(model.ideal)
    x0 = np.where(known_x, model.ideal, 0.0)
    s0 = np.where(known_x, model.salience, 0.0)  # (N, K)
    vmask = (~np.isnan(values)).astype(float)  # (P, K)
    v0 = np.nan_to_num(values)
    dist = np.abs(x0[None, :, :] - v0[:, None, :])  # (P, N, K)
    den = vmask @ s0.T
    num_p = den - np.einsum("pnk,nk,pk->pn", dist, s0, vmask, optimize=True)
    uq = 1 - np.abs(x0 - model.status_quo_values)
    num_q = vmask @ (s0 * uq).T
    parts = s0[None] * vmask[:, None, :] * ((1 - dist) - uq[None]) if want_parts else np.zeros((1, 1, 0))
    return num_p, num_q, den, parts


def _scale_terms(model: Model, values: NDArray, ideal: NDArray | None, salience: NDArray | None) -> tuple[NDArray, ...]:
    """Scale-issue sums with ideal points / saliences overridden (any leading dimensions)."""
    ideal = model.ideal if ideal is None else ideal
    sal = model.salience if salience is None else salience
    x = ideal[..., None, :, :] if ideal.ndim == 2 else ideal  # (..., 1|P, N, K)
    s = sal[..., None, :, :] if sal.ndim == 2 else sal
    v = values[:, None, :]  # (P, 1, K)
    known = ~np.isnan(x) & ~np.isnan(v)
    w = np.where(known, s, 0.0)
    u_p = np.where(known, 1 - np.abs(np.nan_to_num(x) - np.nan_to_num(v)), 0.0)
    u_q = np.where(known, 1 - np.abs(np.nan_to_num(x) - model.status_quo_values), 0.0)
    return (w * u_p).sum(-1), (w * u_q).sum(-1), w.sum(-1), w * (u_p - u_q)


def proposal_arrays(model: Model, proposals: Sequence[Proposal], sea: Sea | None = None
                    ) -> tuple[NDArray, NDArray, NDArray, NDArray]:
    """Encode proposals as the arrays :func:`utilities` takes (seabed shares from the geometry):
    values (P, K), shares (P, N), zone breadths (P, 2), principle match (P, N)."""
    from ..methods import divide

    sea = sea if sea is not None else load_caspian()
    K = len(SCALE_ISSUES)
    values = np.full((len(proposals), K), np.nan)
    shares = np.full((len(proposals), len(model.states)), np.nan)
    zones = np.full((len(proposals), len(ZONE_ISSUES)), np.nan)
    fam = np.full((len(proposals), len(model.states)), np.nan)
    for j, p in enumerate(proposals):
        for issue, val in p.values.items():
            values[j, SCALE_ISSUES.index(issue)] = val
        if p.seabed_shares is not None:
            _check_share_states(p.seabed_shares, model.states)
            shares[j] = [p.seabed_shares[s] for s in model.states]
        elif p.seabed_method is not None:
            eff = effective_shares(divide(p.seabed_method, sea, **p.seabed_options))
            shares[j] = [eff[s] for s in model.states]
            fam[j] = model.family_match(p.seabed_method)
        zones[j] = [np.nan if v is None else v for v in (p.territorial_sea_nm, p.fishing_zone_nm)]
        if p.joint:
            base = model.status_quo_shares if np.isnan(shares[j]).all() else shares[j]
            shares[j] = base + joint_delta(model, p, sea)
    return values, shares, zones, fam


def joint_delta(model: Model, proposal: Proposal, sea: Sea) -> NDArray[np.float64]:
    """Change in each state's effective seabed share from the proposal's joint development zones.

    A zone of area ``A`` (its fields' uncertainty circles or its polygon, inside the
    sea) gives each party its revenue share of ``A``, and takes from every state
    the part of ``A`` that lies in its sector under the proposal's division (the
    median line if the proposal names no method). Shares are of the whole sea.
    """
    from ..geodesy import area_km2
    from ..methods import divide

    if not proposal.joint:
        return np.zeros(len(model.states))
    holder = divide(proposal.seabed_method or "median", sea, **(proposal.seabed_options if proposal.seabed_method else {}))
    water, total = sea.water("basepoint"), holder.total_area_km2
    delta = np.zeros(len(model.states))
    for zone in proposal.joint:
        g = zone.geometry().intersection(water)
        a = area_km2(g)
        if a <= 0:
            continue
        for i, s in enumerate(model.states):
            held = area_km2(g.intersection(holder.sectors[s])) if s in holder.sectors else 0.0
            delta[i] += (zone.shares.get(s, 0.0) * a - held) / total
    return delta


def _check_share_states(shares: Mapping[str, float], states: Sequence[str]) -> None:
    from ..errors import ScenarioError

    if set(shares) != set(states):
        raise ScenarioError(f"seabed.shares must name exactly the states {list(states)}, got {sorted(shares)}")
