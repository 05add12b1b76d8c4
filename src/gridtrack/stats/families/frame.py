"""Frame stats: one value per player per frame, on the field's geometry.

For player ``i`` at frame ``t`` with position ``p_i(t)`` and velocity ``v_i(t)`` (centred
differences of the positions), opponents ``O(i)`` and teammates ``T(i)``:

``nearest_opponent_distance``       ``min_{j ∈ O(i)} |p_j − p_i|``
``nearest_opponent_closing_speed``  ``−r · (v_j − v_i) / |r|`` with ``r = p_j − p_i`` for
                                    that nearest opponent ``j`` (+ when they approach)
``nearest_teammate_distance``       ``min_{j ∈ T(i), j ≠ i} |p_j − p_i|``

They are computed on demand (:func:`gridtrack.stats.frames.frame_stats`), not stored.
"""

from __future__ import annotations

import numpy as np

from gridtrack.schema import FIELD_WIDTH
from gridtrack.stats.context import PlayContext
from gridtrack.stats.geometry import distance
from gridtrack.stats.registry import REGISTRY

FAMILY = "frame"
STATS: dict[str, tuple[str, str]] = {
    "speed": ("yd/s", "s_t: the tracked speed, else |v_t| from the positions"),
    "acceleration": (
        "yd/s^2",
        "d(speed)/dt, centred differences, 3-frame smoothed (+ speeding up)",
    ),
    "distance_to_ball": ("yd", "|p_t − ball_t|"),
    "downfield_from_los": ("yd", "x_t − line of scrimmage x (toward the offense's goal is +)"),
    "sideline_distance": ("yd", "min(y_t, 53.3 − y_t): distance to the nearer sideline"),
    "nearest_opponent_distance": ("yd", "min over opponents j of |p_j − p_i|"),
    "nearest_opponent_closing_speed": (
        "yd/s",
        "−r·(v_j − v_i)/|r|, r = p_j − p_i, j the nearest opponent (+ when approaching)",
    ),
    "nearest_teammate_distance": ("yd", "min over teammates j ≠ i of |p_j − p_i|"),
}


def _nearest(d: np.ndarray, among: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(F, P)`` distance to the nearest player ``j`` with ``among[i, j]``, and that ``j``
    (−1 where there is none), from the ``(F, P, P)`` distances ``d`` (``P ≥ 1``)."""
    masked = np.where(among[None] & ~np.isnan(d), d, np.inf)
    j = np.argmin(masked, axis=2)
    nearest = np.take_along_axis(masked, j[..., None], axis=2)[..., 0]
    found = np.isfinite(nearest)
    return np.where(found, nearest, np.nan), np.where(found, j, -1)


def kernel(ctx: PlayContext) -> dict[str, np.ndarray]:
    """Every frame stat of one play with at least one player, ``(F, P)`` each (see the
    module formulas)."""
    a = ctx.arr
    rx = a.x[:, None, :] - a.x[:, :, None]  # [t, i, j] = x_j − x_i
    ry = a.y[:, None, :] - a.y[:, :, None]
    d = distance(rx, ry)
    opponents = (
        ctx.offense[:, None] & ctx.defense[None, :] | ctx.defense[:, None] & ctx.offense[None, :]
    )
    mates = (ctx.offense[:, None] & ctx.offense[None, :]) | (
        ctx.defense[:, None] & ctx.defense[None, :]
    )
    np.fill_diagonal(mates, False)
    near, j = _nearest(d, opponents)
    t, i = np.indices(j.shape)
    jj = np.maximum(j, 0)
    rvx = ctx.vx[t, jj] - ctx.vx
    rvy = ctx.vy[t, jj] - ctx.vy
    closing = -(rx[t, i, jj] * rvx + ry[t, i, jj] * rvy) / np.where(near > 0, near, np.nan)
    return {
        "speed": ctx.speed,
        "acceleration": ctx.accel,
        "distance_to_ball": ctx.to_ball(slice(None)),
        "downfield_from_los": a.x - ctx.los,
        "sideline_distance": np.minimum(a.y, FIELD_WIDTH - a.y),
        "nearest_opponent_distance": near,
        "nearest_opponent_closing_speed": np.where(j >= 0, closing, np.nan),
        "nearest_teammate_distance": _nearest(d, mates)[0],
    }


NOTES = {
    "acceleration": "null on one-frame plays (the BDB 2020 handoff snapshots)",
    "distance_to_ball": "null on frames without a ball row",
    "nearest_opponent_closing_speed": "null without an opponent on the frame, or on one-frame "
    "plays",
}

REGISTRY.frame_family(FAMILY, kernel)
for _name, (_unit, _definition) in STATS.items():
    REGISTRY.add(_name, "frame", _unit, FAMILY, _definition, note=NOTES.get(_name, ""))
