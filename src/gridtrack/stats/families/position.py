"""Where every player is, and how he moves, at the key moments of the play.

Moments: ``snap``, ``throw``, ``arrival`` (of the pass), ``handoff``, ``first_contact`` (with
the ball carrier) and ``end`` of the play. Names are ``<stat>_at_<moment>``.
"""

from __future__ import annotations

import numpy as np

from gridtrack.schema import FIELD_WIDTH
from gridtrack.stats.context import PlayContext, PlayResult
from gridtrack.stats.registry import REGISTRY

FAMILY = "position"
MOMENTS: dict[str, tuple[str, str, str]] = {
    "snap": ("all", "the snap", "null on plays without a snap (kickoffs)"),
    "throw": ("pass", "the throw", "null on passes without a throw (sacks, scrambles)"),
    "arrival": ("pass", "the arrival of the pass", "null on passes that never arrive (sacks)"),
    "handoff": ("run", "the handoff", "null on runs without a handoff (QB keepers)"),
    "first_contact": (
        "run",
        "first contact with the ball carrier",
        "null on carries that end untouched (out of bounds, touchdowns)",
    ),
    "end": ("all", "the end of the play", ""),
}
STATS: dict[str, tuple[str, str]] = {
    "x_rel_los": ("yd", "x − los (+ downfield for the offense)"),
    "y": ("yd", "y (0 = the offense's right sideline once standardized)"),
    "sideline_distance": ("yd", "min(y, 53.33 − y)"),
    "distance_to_ball": ("yd", "|p − p_ball|"),
    "nearest_opponent_distance": ("yd", "min over opponents |p − p_opp|"),
    "nearest_teammate_distance": ("yd", "min over teammates |p − p_mate|"),
    "speed": ("yd/s", "s"),
    "acceleration": ("yd/s^2", "ds/dt (signed, 3-frame smoothed)"),
    "direction": ("deg", "direction of motion, 0 = +y, clockwise"),
    "orientation": ("deg", "o, 0 = +y, clockwise"),
}
ORIENTATION_NOTE = "null where the source records no orientation (bdb2019, highlights, Sportradar)"


def moment_frame(ctx: PlayContext, moment: str) -> int | None:
    if moment == "end":
        return ctx.end
    if moment == "first_contact":
        return ctx.first_contact
    if moment == "arrival":
        return ctx.arrival
    if moment == "handoff":
        return ctx.handoff if ctx.throw is None else None
    return ctx.snap if moment == "snap" else ctx.throw


def moment_stats(ctx: PlayContext, frame: int) -> dict[str, np.ndarray]:
    """Every stat of :data:`STATS` for every player at ``frame``, ``(P,)``."""
    x, y = ctx.arr.x[frame], ctx.arr.y[frame]
    d = ctx.distances(frame)
    np.fill_diagonal(d, np.nan)
    same = ctx.arr.side[:, None] == ctx.arr.side[None, :]
    opp = np.where(same, np.nan, d)
    mate = np.where(same, d, np.nan)
    return {
        "x_rel_los": x - ctx.los,
        "y": y,
        "sideline_distance": np.minimum(y, FIELD_WIDTH - y),
        "distance_to_ball": ctx.to_ball(frame),
        "nearest_opponent_distance": np.nanmin(opp, axis=1),
        "nearest_teammate_distance": np.nanmin(mate, axis=1),
        "speed": ctx.speed[frame],
        "acceleration": ctx.accel[frame],
        "direction": ctx.heading[frame],
        "orientation": ctx.arr.o[frame],
    }


def kernel(ctx: PlayContext, out: PlayResult) -> None:
    """Positional stats of every player at each key moment the play has."""
    for moment in MOMENTS:
        frame = moment_frame(ctx, moment)
        if frame is None:
            continue
        for stat, values in moment_stats(ctx, frame).items():
            out.player[f"{stat}_at_{moment}"] = values


REGISTRY.family(FAMILY, kernel)
for _moment, (_applies, _words, _note) in MOMENTS.items():
    for _stat, (_unit, _formula) in STATS.items():
        REGISTRY.add(
            f"{_stat}_at_{_moment}",
            "player_play",
            _unit,
            FAMILY,
            f"{_formula}, at {_words}",
            _applies,  # type: ignore[arg-type]
            ORIENTATION_NOTE if _stat == "orientation" else _note,
        )
