"""Passing: the throw, the flight of the pass and the passer under pressure.

``snap``, ``throw`` and ``arrival`` are key frames, ``los`` the line of scrimmage x, ``q``
the passer and ``r`` the target (see :mod:`gridtrack.stats.roles`). The pass travels from
the release point ``p_q(throw)`` to the arrival point ``p_r(arrival)``: measured on the
players rather than on the ball, whose track lags the players in some feeds.
"""

from __future__ import annotations

import numpy as np

from gridtrack.play import DEFAULT, DEFENSE, DT, Chunk, PlayContext, distance
from gridtrack.play.nanops import nanmin, nansum
from gridtrack.stats.registry import REGISTRY, PlayResult

FAMILY = "passing"
SACK_EVENTS = frozenset({"qb_sack", "qb_strip_sack"})
NEAREST = (
    "qb_nearest_defender_distance_at_throw",
    "qb_nearest_rusher_distance_at_throw",
    "throw_in_tight_window",
)
"""The stats that need the distances of :func:`_nearest` (and the rushers)."""


def _sack_frame(ctx: PlayContext) -> int | None:
    hits = [ctx.event_frames[e] for e in SACK_EVENTS if e in ctx.event_frames]
    if hits:
        return min(hits)
    return ctx.end if ctx.pass_result == "S" else None


def _nearest(chunk: Chunk, plays: list[int], who: np.ndarray, frames: np.ndarray) -> np.ndarray:
    """``(n, 3)`` distances at the throw from the passer to the nearest defender and to the
    nearest rusher (every defender when none rushed), and at the arrival from the target
    to the nearest defender (yd; NaN where none is tracked).

    ``who`` and ``frames``: ``(n, 3)`` the passer, passer, target and the throw, throw,
    arrival of each play of ``plays`` (−1 where unknown: those distances are NaN).
    """
    m = chunk.motion
    rows = m.starts[plays][:, None] + np.maximum(frames, 0)
    defense = m.side[plays] == DEFENSE
    rushing = np.zeros_like(defense)
    for i, k in enumerate(plays):
        ctx = chunk.contexts[k]
        if who[i, 1] >= 0:
            rushing[i, : ctx.n_players] = ctx.rushers if ctx.rushers.any() else ctx.defense
    among = np.stack([defense, rushing, defense], axis=1)
    among &= np.arange(m.side.shape[1]) != who[..., None]
    x, y = m.x[rows], m.y[rows]
    at = np.maximum(who, 0)[..., None]
    d = distance(x - np.take_along_axis(x, at, axis=2), y - np.take_along_axis(y, at, axis=2))
    gaps = nanmin(np.where(among, d, np.nan), axis=2, initial=np.nan)
    return np.where((who >= 0) & (frames >= 0), gaps, np.nan)


def kernel(chunk: Chunk, results: list[PlayResult]) -> None:
    """Passing stats of the pass plays of ``chunk`` (nothing on other plays); the distances
    to the nearest defenders of all plays at once."""
    plays = [k for k, c in enumerate(chunk.contexts) if c.is_pass and c.snap is not None]
    if not plays:
        return
    ctxs = [chunk.contexts[k] for k in plays]
    passers = [c.passer for c in ctxs]
    targets = [c.target if c.arrival is not None else None for c in ctxs]
    who, frames = np.full((len(plays), 3), -1), np.full((len(plays), 3), -1)
    for i, (ctx, q, r) in enumerate(zip(ctxs, passers, targets, strict=True)):
        if ctx.throw is not None and q is not None:
            who[i, :2], frames[i, :2] = q, ctx.throw
            if ctx.arrival is not None and r is not None:
                who[i, 2], frames[i, 2] = r, ctx.arrival
    if chunk.motion.side.size and chunk.wants(NEAREST):
        gaps = _nearest(chunk, plays, who, frames)
    else:
        gaps = np.full(who.shape, np.nan)
    for i, (ctx, q, r) in enumerate(zip(ctxs, passers, targets, strict=True)):
        _play(ctx, q, r, gaps[i], results[plays[i]])


def _play(
    ctx: PlayContext, q: int | None, r: int | None, gaps: np.ndarray, out: PlayResult
) -> None:
    """Passing stats of one pass play with a snap, passer ``q``, target ``r`` and the distances
    of :func:`_nearest`."""
    snap, throw, arrival = ctx.snap, ctx.throw, ctx.arrival
    assert snap is not None
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
        out.play["qb_nearest_defender_distance_at_throw"] = gaps[0]
        out.play["qb_nearest_rusher_distance_at_throw"] = gaps[1]
    if arrival is None or q is None or r is None:
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
    gap = gaps[2]
    out.play["throw_in_tight_window"] = (
        float(gap <= ctx.config.tight_window) if np.isfinite(gap) else np.nan
    )


REGISTRY.family(FAMILY, kernel, needs=("passer", "rushers", "target"))
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
        f"1 if the nearest defender to the target is within {DEFAULT.tight_window:g} yd at "
        "the arrival",
        _ARRIVED,
    ),
):
    REGISTRY.add(_name, "play", _unit, FAMILY, _definition, "pass", _note)
