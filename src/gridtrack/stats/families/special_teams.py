"""Special teams: the kick, its hang time, the return and the coverage.

``kick`` is the first kick event (kickoff, punt, ...), ``catch`` the first reception event
after it (received, fair catch, landed, downed, touchback). The kicking team is the side of
the player nearest the ball at the kick; the returner ``u`` the opponent nearest the ball at
the catch; ``k = sign(b_x(catch) − b_x(kick))`` the direction of the kick.
"""

from __future__ import annotations

import numpy as np

from gridtrack.play import DT, PlayContext
from gridtrack.stats.registry import REGISTRY, PlayResult, per_play

FAMILY = "special_teams"
KICK_EVENTS = frozenset({"kickoff", "punt", "free_kick", "onside_kick", "ball_kicked", "drop_kick"})
CATCH_EVENTS = frozenset(
    {
        "kick_received",
        "punt_received",
        "fair_catch",
        "punt_land",
        "kickoff_land",
        "punt_downed",
        "punt_muffed",
        "touchback",
    }
)
RETURN_EVENTS = frozenset({"kick_received", "punt_received"})


def _first(ctx: PlayContext, names: frozenset[str], after: int = 0) -> int | None:
    for i in range(after, ctx.n_frames):
        if ctx.arr.events[i] in names:
            return i
    return None


def kernel(ctx: PlayContext, out: PlayResult) -> None:
    """Kick, return and coverage stats of kickoffs and punts."""
    kick = _first(ctx, KICK_EVENTS)
    if kick is None:
        return
    catch = _first(ctx, CATCH_EVENTS, kick + 1)
    bx, by = ctx.arr.ball_x, ctx.arr.ball_y
    near_ball = ctx.to_ball(kick)
    if catch is None or not np.isfinite(near_ball).any():
        return
    kicking = ctx.arr.side == ctx.arr.side[int(np.nanargmin(near_ball))]
    out.play["hang_time"] = (catch - kick) * DT
    out.play["kick_distance"] = float(np.hypot(bx[catch] - bx[kick], by[catch] - by[kick]))
    cover = ctx.speed[kick : catch + 1]
    cover_max = np.where(kicking, np.nanmax(cover, axis=0), np.nan)
    out.player["coverage_speed"] = cover_max
    out.play["coverage_speed"] = float(np.nanmean(cover_max))
    gaps = np.where(~kicking, ctx.to_ball(catch), np.nan)
    if not np.isfinite(gaps).any():
        return
    u = int(np.nanargmin(gaps))
    out.play["coverage_distance_at_catch"] = ctx.nearest(catch, u, kicking)[0]
    if ctx.arr.events[catch] not in RETURN_EVENTS or ctx.end <= catch:
        return
    k = np.sign(bx[catch] - bx[kick]) or 1.0
    end = ctx.end
    out.play["return_yards"] = float((ctx.arr.x[catch, u] - ctx.arr.x[end, u]) * k)
    out.play["return_speed"] = float(np.nanmax(ctx.speed[catch : end + 1, u]))
    out.play["return_time"] = (end - catch) * DT
    out.player["returner_max_speed"] = np.where(
        np.arange(ctx.n_players) == u, out.play["return_speed"], np.nan
    )


REGISTRY.family(FAMILY, per_play(kernel))
_KICKED = "null on field goals and extra points (no reception) and on kicks without events"
_RETURNED = "returned kicks only: null on fair catches, touchbacks, downed or landed kicks"
for _name, _level, _unit, _definition, _note in (
    ("hang_time", "play", "s", "(catch − kick) · Δt", _KICKED),
    ("kick_distance", "play", "yd", "|b(catch) − b(kick)|", _KICKED),
    (
        "coverage_speed",
        "play",
        "yd/s",
        "mean over the kicking team of max s from the kick to the catch",
        _KICKED,
    ),
    (
        "coverage_speed",
        "player_play",
        "yd/s",
        "max s from the kick to the catch (kicking team)",
        _KICKED,
    ),
    (
        "coverage_distance_at_catch",
        "play",
        "yd",
        "distance from the returner to the nearest kicking-team player at the catch",
        _KICKED,
    ),
    ("return_yards", "play", "yd", "k · (x_u(catch) − x_u(end))", _RETURNED),
    ("return_speed", "play", "yd/s", "max s_u from the catch to the end", _RETURNED),
    ("return_time", "play", "s", "(end − catch) · Δt", _RETURNED),
    ("returner_max_speed", "player_play", "yd/s", "return_speed, on the returner", _RETURNED),
):
    REGISTRY.add(_name, _level, _unit, FAMILY, _definition, "special_teams", _note)  # type: ignore[arg-type]
