"""Frame stats: one value per player per frame, on the field's geometry.

For player ``i`` at frame ``t`` with position ``p_i(t)`` and velocity ``v_i(t)`` (centred
differences of the positions), opponents ``O(i)`` and teammates ``T(i)``:

``nearest_opponent_distance``       ``min_{j ∈ O(i)} |p_j − p_i|``
``nearest_opponent_closing_speed``  :func:`gridtrack.play.closing_speed` toward that nearest
                                    opponent ``j`` (+ when they approach)
``nearest_teammate_distance``       ``min_{j ∈ T(i), j ≠ i} |p_j − p_i|``

Two families: ``frame_geometry`` reads frame ``t`` alone (causal: the live engine emits it
every frame); ``frame_motion`` differentiates the positions with centred differences, so
frame ``t`` needs frame ``t + 1``. They are computed on demand
(:func:`gridtrack.stats.frames.frame_stats`), not stored.
"""

from __future__ import annotations

import numpy as np

from gridtrack.play import PlayContext, closing_speed
from gridtrack.schema import FIELD_WIDTH
from gridtrack.stats.registry import REGISTRY, PlayResult, per_play

GEOMETRY, MOTION = "frame_geometry", "frame_motion"
STATS: dict[str, tuple[str, str, str]] = {
    "speed": (MOTION, "yd/s", "s_t: the tracked speed, else |v_t| from the positions"),
    "acceleration": (
        MOTION,
        "yd/s^2",
        "d(speed)/dt, centred differences, 3-frame smoothed (+ speeding up)",
    ),
    "distance_to_ball": (GEOMETRY, "yd", "|p_t − ball_t|"),
    "downfield_from_los": (
        GEOMETRY,
        "yd",
        "x_t − line of scrimmage x (toward the offense's goal is +)",
    ),
    "sideline_distance": (GEOMETRY, "yd", "min(y_t, 53.3 − y_t): distance to the nearer sideline"),
    "nearest_opponent_distance": (GEOMETRY, "yd", "min over opponents j of |p_j − p_i|"),
    "nearest_opponent_closing_speed": (
        MOTION,
        "yd/s",
        "−r·(v_j − v_i)/|r|, r = p_j − p_i, j the nearest opponent (+ when approaching)",
    ),
    "nearest_teammate_distance": (GEOMETRY, "yd", "min over teammates j ≠ i of |p_j − p_i|"),
}


def geometry(ctx: PlayContext, out: PlayResult) -> None:
    """The frame-``t``-only stats of one play, ``(F, P)`` each (see the module formulas)."""
    if ctx.n_players == 0:
        return
    a, nearest = ctx.arr, ctx.nearest_each_frame
    out.frame.update(
        distance_to_ball=ctx.to_ball(slice(None)),
        downfield_from_los=a.x - ctx.los,
        sideline_distance=np.minimum(a.y, FIELD_WIDTH - a.y),
        nearest_opponent_distance=nearest.opponent_distance,
        nearest_teammate_distance=nearest.teammate_distance,
    )


def motion(ctx: PlayContext, out: PlayResult) -> None:
    """The stats of one play that differentiate the positions, ``(F, P)`` each."""
    if ctx.n_players == 0:
        return
    x, y, j = ctx.arr.x, ctx.arr.y, ctx.nearest_each_frame.opponent
    t = np.arange(ctx.n_frames)[:, None]
    jj = np.maximum(j, 0)
    closing = closing_speed(
        x[t, jj] - x, y[t, jj] - y, ctx.vx[t, jj] - ctx.vx, ctx.vy[t, jj] - ctx.vy
    )
    out.frame.update(
        speed=ctx.speed,
        acceleration=ctx.accel,
        nearest_opponent_closing_speed=np.where(j >= 0, closing, np.nan),
    )


NOTES = {
    "acceleration": "null on one-frame plays (the BDB 2020 handoff snapshots)",
    "distance_to_ball": "null on frames without a ball row",
    "nearest_opponent_closing_speed": "null without an opponent on the frame, or on one-frame "
    "plays",
}

REGISTRY.family(GEOMETRY, per_play(geometry), causal=True)
REGISTRY.family(MOTION, per_play(motion))
for _name, (_family, _unit, _definition) in STATS.items():
    REGISTRY.add(_name, "frame", _unit, _family, _definition, note=NOTES.get(_name, ""))
