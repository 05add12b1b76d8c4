"""Passing: the throw, the flight of the pass and the passer under pressure.

``snap``, ``throw`` and ``arrival`` are key frames, ``los`` the line of scrimmage x, ``q``
the passer and ``r`` the target (see :mod:`gridtrack.stats.roles`). The pass travels from
the release point ``p_q(throw)`` to the arrival point ``p_r(arrival)``: measured on the
players rather than on the ball, whose track lags the players in some feeds.
"""

from __future__ import annotations

import numpy as np

from gridtrack.stats.context import DT, PlayContext, PlayResult
from gridtrack.stats.nanops import nanmin, nansum
from gridtrack.stats.registry import REGISTRY

FAMILY = "passing"
TIGHT_WINDOW = 1.0
"""yd: a defender this close to the target at the arrival makes a tight window."""
SACK_EVENTS = frozenset({"qb_sack", "qb_strip_sack"})


def _sack_frame(ctx: PlayContext) -> int | None:
    hits = [i for i, e in enumerate(ctx.arr.events) if e in SACK_EVENTS]
    if hits:
        return hits[0]
    return ctx.end if ctx.pass_result == "S" else None


def kernel(ctx: PlayContext, out: PlayResult) -> None:
    """Passing stats of a pass play (nothing on other plays)."""
    if not ctx.is_pass or ctx.snap is None:
        return
    snap, throw, arrival, q = ctx.snap, ctx.throw, ctx.arrival, ctx.passer
    sack = _sack_frame(ctx)
    if sack is not None and throw is None:
        out.play["time_to_sack"] = (sack - snap) * DT
    stop = throw if throw is not None else (sack if sack is not None else ctx.end)
    if q is not None and stop > snap:
        qx = ctx.arr.x[snap : stop + 1, q]
        out.play["qb_drop_depth"] = float(ctx.los - nanmin(qx))
        out.play["qb_distance_travelled_before_throw"] = float(
            nansum(ctx.step[snap + 1 : stop + 1, q])
        )
    if throw is None:
        return
    out.play["time_to_throw"] = (throw - snap) * DT
    if q is not None:
        out.play["throw_x_rel_los"] = ctx.arr.x[throw, q] - ctx.los
        out.play["qb_speed_at_throw"] = ctx.speed[throw, q]
        out.play["qb_lateral_displacement_at_throw"] = abs(ctx.arr.y[throw, q] - ctx.arr.y[snap, q])
        out.play["qb_nearest_defender_distance_at_throw"] = ctx.nearest(throw, q, ctx.defense)[0]
        rushers = ctx.rushers if ctx.rushers.any() else ctx.defense
        out.play["qb_nearest_rusher_distance_at_throw"] = ctx.nearest(throw, q, rushers)[0]
    if arrival is None:
        return
    r = ctx.target
    if q is None or r is None:
        return
    dx = ctx.arr.x[arrival, r] - ctx.arr.x[throw, q]
    dy = ctx.arr.y[arrival, r] - ctx.arr.y[throw, q]
    air = float(np.hypot(dx, dy))
    air_time = (arrival - throw) * DT
    out.play.update(
        {
            "air_yards": ctx.arr.x[arrival, r] - ctx.los,
            "air_distance": air,
            "air_time": air_time,
            "pass_speed": air / air_time,
            "pass_lateral_distance": abs(dy),
            "pass_angle": float(np.degrees(np.arctan2(dy, dx))),
            "time_to_arrival": (arrival - snap) * DT,
        }
    )
    gap = ctx.nearest(arrival, r, ctx.defense)[0]
    out.play["throw_in_tight_window"] = float(gap <= TIGHT_WINDOW) if np.isfinite(gap) else np.nan


REGISTRY.family(FAMILY, kernel)
_THROWN = "null on passes without a recorded throw (sacks, scrambles)"
_ARRIVED = "null on passes without a throw and an arrival (sacks, scrambles, throwaways)"
for _name, _unit, _definition, _note in (
    ("time_to_throw", "s", "(throw − snap) · Δt", _THROWN),
    ("time_to_sack", "s", "(sack − snap) · Δt, on sacks", "sacks only"),
    ("time_to_arrival", "s", "(arrival − snap) · Δt", _ARRIVED),
    ("air_yards", "yd", "intended air yards: x_r(arrival) − los", _ARRIVED),
    (
        "air_distance",
        "yd",
        "|p_r(arrival) − p_q(throw)|, straight-line flight of the pass",
        _ARRIVED,
    ),
    ("air_time", "s", "(arrival − throw) · Δt", _ARRIVED),
    ("pass_speed", "yd/s", "air_distance ÷ air_time (mean speed of the ball in flight)", _ARRIVED),
    ("pass_lateral_distance", "yd", "|y_r(arrival) − y_q(throw)|", _ARRIVED),
    (
        "pass_angle",
        "deg",
        "atan2(Δy, Δx) of the flight: 0 = straight downfield, + toward +y",
        _ARRIVED,
    ),
    ("throw_x_rel_los", "yd", "x_q(throw) − los (− behind the line)", _THROWN),
    ("qb_speed_at_throw", "yd/s", "s_q(throw)", _THROWN),
    ("qb_lateral_displacement_at_throw", "yd", "|y_q(throw) − y_q(snap)|", _THROWN),
    ("qb_drop_depth", "yd", "los − min x_q from the snap to the throw (or sack)", ""),
    (
        "qb_distance_travelled_before_throw",
        "yd",
        "Σ |Δp_q| from the snap to the throw (or sack)",
        "",
    ),
    (
        "qb_nearest_defender_distance_at_throw",
        "yd",
        "min over defenders |p − p_q| at the throw",
        _THROWN,
    ),
    (
        "qb_nearest_rusher_distance_at_throw",
        "yd",
        "min over rushers |p − p_q| at the throw (all defenders when none rushed)",
        _THROWN,
    ),
    (
        "throw_in_tight_window",
        "flag",
        f"1 if the nearest defender to the target is within {TIGHT_WINDOW:g} yd at the arrival",
        _ARRIVED,
    ),
):
    REGISTRY.add(_name, "play", _unit, FAMILY, _definition, "pass", _note)
