"""Coverage: the defenders against the target ``r`` and the ball ``b`` of a pass.

``D_i(t) = |p_i(t) − p_r(t)|`` is defender ``i``'s distance to the target; the flight runs
from the throw to the arrival (``air_time`` s).
"""

from __future__ import annotations

import numpy as np

from gridtrack.play import DEFAULT, DT, PlayContext, distance
from gridtrack.stats.registry import REGISTRY, PlayResult, per_play

FAMILY = "coverage"


def kernel(ctx: PlayContext, out: PlayResult) -> None:
    """Coverage stats of a pass that arrived."""
    throw, arrival, r = ctx.throw, ctx.arrival, ctx.target
    if not ctx.is_pass or throw is None or arrival is None or r is None:
        return
    dfn = ctx.defense
    x, y = ctx.arr.x, ctx.arr.y
    d_throw = distance(x[throw] - x[throw, r], y[throw] - y[throw, r])
    d_arrival = distance(x[arrival] - x[arrival, r], y[arrival] - y[arrival, r])
    closing = (d_throw - d_arrival) / ((arrival - throw) * DT)
    to_ball = ctx.to_ball(arrival)
    mask = np.where(dfn, 1.0, np.nan)
    out.player["distance_to_target_at_throw"] = d_throw * mask
    out.player["distance_to_target_at_arrival"] = d_arrival * mask
    out.player["closing_speed_after_throw"] = closing * mask
    out.player["defender_distance_to_ball_at_arrival"] = to_ball * mask
    if not np.isfinite(d_throw[dfn]).any():
        return
    nearest = int(np.flatnonzero(dfn)[np.nanargmin(d_throw[dfn])])
    out.player["nearest_defender_to_target_at_throw"] = np.where(
        dfn, (np.arange(ctx.n_players) == nearest) * 1.0, np.nan
    )
    out.play.update(
        {
            "closing_speed_after_throw": closing[nearest],
            "defender_distance_to_ball_at_arrival": float(np.nanmin(to_ball[dfn])),
            "defenders_near_ball_at_arrival": float(
                np.sum(dfn & (to_ball <= ctx.config.near_ball))
            ),
        }
    )


REGISTRY.family(FAMILY, per_play(kernel), needs=("target",))
_ARRIVED = "null on passes without a throw and an arrival (sacks, scrambles, throwaways)"
for _name, _level, _unit, _definition in (
    ("distance_to_target_at_throw", "player_play", "yd", "D_i(throw), defenders"),
    ("distance_to_target_at_arrival", "player_play", "yd", "D_i(arrival), defenders"),
    (
        "closing_speed_after_throw",
        "player_play",
        "yd/s",
        "(D_i(throw) − D_i(arrival)) ÷ air_time, defenders",
    ),
    (
        "defender_distance_to_ball_at_arrival",
        "player_play",
        "yd",
        "|p_i − b| at the arrival, defenders",
    ),
    (
        "nearest_defender_to_target_at_throw",
        "player_play",
        "flag",
        "1 for the defender with the smallest D_i(throw), 0 for the others",
    ),
    (
        "closing_speed_after_throw",
        "play",
        "yd/s",
        "closing_speed_after_throw of the defender nearest the target at the throw",
    ),
    (
        "defender_distance_to_ball_at_arrival",
        "play",
        "yd",
        "min over defenders |p_i − b| at the arrival",
    ),
    (
        "defenders_near_ball_at_arrival",
        "play",
        "count",
        f"#defenders within {DEFAULT.near_ball:g} yd of the ball at the arrival",
    ),
):
    REGISTRY.add(_name, _level, _unit, FAMILY, _definition, "pass", _ARRIVED)  # type: ignore[arg-type]
