"""Receiving: the target's separation, route, catch and run after the catch.

Play-level stats describe the target ``r`` (the offense player nearest the ball at its
arrival); player-level ones every offense player but the passer. Separation is the distance
to the nearest defender.
"""

from __future__ import annotations

import numpy as np

from gridtrack.schema import FIELD_WIDTH, GOAL_LINE_RIGHT
from gridtrack.stats.context import PlayContext, PlayResult
from gridtrack.stats.nanops import nanmax, nanmin
from gridtrack.stats.registry import REGISTRY

FAMILY = "receiving"
CROWD = 3.0
"""yd: defenders this close to the target at the arrival crowd the catch."""


def separation(ctx: PlayContext, frames: list[int]) -> np.ndarray:
    """``(len(frames), P)`` distance from each offense player to the nearest defender at
    each of ``frames`` (NaN for defenders)."""
    x, y = ctx.arr.x[frames], ctx.arr.y[frames]
    off, dfn = ctx.offense, ctx.defense
    d = np.hypot(
        x[:, off, None] - x[:, None, dfn],
        y[:, off, None] - y[:, None, dfn],
    )
    out = np.full((len(frames), ctx.n_players), np.nan)
    out[:, off] = nanmin(d, axis=2, initial=np.nan)
    return out


def kernel(ctx: PlayContext, out: PlayResult) -> None:
    """Receiving stats of a pass play."""
    if not ctx.is_pass or ctx.snap is None:
        return
    snap, throw, arrival = ctx.snap, ctx.throw, ctx.arrival
    eligible = ctx.offense.copy()
    if ctx.passer is not None:
        eligible[ctx.passer] = False
    frames = [f for f in (snap, throw, arrival) if f is not None]
    seps = np.where(eligible, separation(ctx, frames), np.nan)
    cushion = seps[0]
    out.player["cushion_at_snap"] = cushion
    stop = arrival if arrival is not None else (throw if throw is not None else ctx.end)
    depth = nanmax(ctx.arr.x[snap : stop + 1], axis=0) - ctx.los
    out.player["route_depth"] = np.where(eligible, depth, np.nan)
    if throw is None:
        return
    sep_throw = seps[1]
    out.player["separation_at_throw"] = sep_throw
    r = ctx.target
    if arrival is None or r is None:
        return
    sep_arrival = seps[2]
    out.player["separation_at_arrival"] = sep_arrival
    out.player["targeted"] = np.where(eligible, (np.arange(ctx.n_players) == r) * 1.0, np.nan)
    ry = ctx.arr.y[arrival, r]
    gaps = np.hypot(ctx.arr.x[arrival] - ctx.arr.x[arrival, r], ctx.arr.y[arrival] - ry)
    out.play.update(
        {
            "separation_at_throw": sep_throw[r],
            "separation_at_arrival": sep_arrival[r],
            "separation_change_in_air": sep_arrival[r] - sep_throw[r],
            "cushion_at_snap": cushion[r],
            "route_depth": depth[r],
            "target_depth_at_throw": ctx.arr.x[throw, r] - ctx.los,
            "target_speed_at_arrival": ctx.speed[arrival, r],
            "target_distance_to_ball_at_arrival": ctx.to_ball(arrival)[r],
            "target_sideline_distance_at_arrival": min(ry, FIELD_WIDTH - ry),
            "defenders_near_target_at_arrival": float(
                np.count_nonzero(ctx.defense & (gaps <= CROWD))
            ),
        }
    )
    c = ctx.carrier
    if ctx.caught and c is not None:
        end_x = min(ctx.arr.x[ctx.end, c], GOAL_LINE_RIGHT)
        out.play["yards_after_catch"] = end_x - ctx.arr.x[arrival, c]
        out.play["carrier_max_speed_after_catch"] = float(
            nanmax(ctx.speed[arrival : ctx.end + 1, c])
        )


REGISTRY.family(FAMILY, kernel)
_THROWN = "null on passes without a recorded throw (sacks, scrambles)"
_ARRIVED = "null on passes without a throw and an arrival (sacks, scrambles, throwaways)"
for _name, _level, _unit, _definition, _note in (
    (
        "separation_at_throw",
        "play",
        "yd",
        "target's distance to the nearest defender at the throw",
        _ARRIVED,
    ),
    (
        "separation_at_arrival",
        "play",
        "yd",
        "target's distance to the nearest defender at the arrival",
        _ARRIVED,
    ),
    (
        "separation_change_in_air",
        "play",
        "yd",
        "separation_at_arrival − separation_at_throw",
        _ARRIVED,
    ),
    (
        "cushion_at_snap",
        "play",
        "yd",
        "target's distance to the nearest defender at the snap",
        _ARRIVED,
    ),
    (
        "route_depth",
        "play",
        "yd",
        "max x of the target from the snap to the arrival − los",
        _ARRIVED,
    ),
    ("target_depth_at_throw", "play", "yd", "x_r(throw) − los", _ARRIVED),
    ("target_speed_at_arrival", "play", "yd/s", "s_r(arrival)", _ARRIVED),
    (
        "target_distance_to_ball_at_arrival",
        "play",
        "yd",
        "|p_r − b| at the arrival (catch radius)",
        _ARRIVED,
    ),
    (
        "target_sideline_distance_at_arrival",
        "play",
        "yd",
        "min(y_r, 53.33 − y_r) at the arrival",
        _ARRIVED,
    ),
    (
        "defenders_near_target_at_arrival",
        "play",
        "count",
        f"#defenders within {CROWD:g} yd of the target at the arrival",
        _ARRIVED,
    ),
    (
        "yards_after_catch",
        "play",
        "yd",
        "min(x_c(end), 110) − x_c(arrival) for the ball carrier c after a catch",
        "completions only",
    ),
    (
        "carrier_max_speed_after_catch",
        "play",
        "yd/s",
        "max s_c from the catch to the end",
        "completions only",
    ),
    (
        "separation_at_throw",
        "player_play",
        "yd",
        "distance to the nearest defender at the throw (offense, not the passer)",
        _THROWN,
    ),
    (
        "separation_at_arrival",
        "player_play",
        "yd",
        "distance to the nearest defender at the arrival (offense, not the passer)",
        _ARRIVED,
    ),
    (
        "cushion_at_snap",
        "player_play",
        "yd",
        "distance to the nearest defender at the snap (offense, not the passer)",
        "",
    ),
    (
        "route_depth",
        "player_play",
        "yd",
        "max x from the snap to the arrival (else the throw, the end) − los",
        "",
    ),
    ("targeted", "player_play", "flag", "1 for the target, 0 for other offense players", _ARRIVED),
):
    REGISTRY.add(_name, _level, _unit, FAMILY, _definition, "pass", _note)  # type: ignore[arg-type]
