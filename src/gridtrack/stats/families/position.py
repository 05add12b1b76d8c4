"""Where every player is, and how he moves, at the key moments of the play.

Moments: ``snap``, ``throw``, ``arrival`` (of the pass), ``handoff``, ``first_contact`` (with
the ball carrier) and ``end`` of the play. Names are ``<stat>_at_<moment>``.
"""

from __future__ import annotations

import numpy as np

from gridtrack.play import Chunk, PlayContext, distance
from gridtrack.play.nanops import nanmin
from gridtrack.schema import FIELD_WIDTH
from gridtrack.stats.registry import REGISTRY, PlayResult

FAMILY = "position"
MOMENTS: dict[str, tuple[str, str, str]] = {
    "snap": ("all", "the snap", "null on plays without a snap (kickoffs)"),
    "throw": ("pass", "the throw", "null on passes without a throw (sacks, scrambles)"),
    "arrival": ("pass", "the arrival of the pass", "null on passes that never arrive (sacks)"),
    "handoff": ("run", "the handoff", "null on runs without a handoff (QB keepers)"),
    "first_contact": (
        "all",
        "first contact with the ball carrier (after the handoff or the catch)",
        "null on plays without a ball carrier (incompletions, sacks, kicks) and on carries "
        "that end untouched (out of bounds, touchdowns)",
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
NAMES = {moment: [f"{stat}_at_{moment}" for stat in STATS] for moment in MOMENTS}
"""Per moment, the names of :data:`STATS` at that moment (the orientation last)."""
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


def moment_stats(chunk: Chunk, plays: list[int], frames: list[int]) -> dict[str, np.ndarray]:
    """Every stat of :data:`STATS` but the orientation for every player at frame
    ``frames[i]`` of play ``plays[i]`` of ``chunk``: ``(n, W)`` each (NaN beyond a play's
    players; a nearest distance is NaN where no such player is tracked)."""
    m = chunk.motion
    rows = m.starts[plays] + np.array(frames, dtype=np.int64)
    x, y = m.x[rows], m.y[rows]
    d = distance(x[:, :, None] - x[:, None, :], y[:, :, None] - y[:, None, :])
    side = m.side[plays]
    same = side[:, :, None] == side[:, None, :]
    mates = same & ~np.eye(side.shape[1], dtype=bool)
    los = np.array([chunk.contexts[k].los for k in plays])
    return {
        "x_rel_los": x - los[:, None],
        "y": y,
        "sideline_distance": np.minimum(y, FIELD_WIDTH - y),
        "distance_to_ball": distance(x - m.ball_x[rows, None], y - m.ball_y[rows, None]),
        "nearest_opponent_distance": nanmin(np.where(same, np.nan, d), axis=2),
        "nearest_teammate_distance": nanmin(np.where(mates, d, np.nan), axis=2),
        "speed": m.speed[rows],
        "acceleration": m.accel[rows],
        "direction": m.heading[rows],
    }


def kernel(chunk: Chunk, results: list[PlayResult]) -> None:
    """Positional stats of every player at each key moment each play of ``chunk`` has (all
    moments of all plays at once)."""
    plays, moments, frames = [], [], []
    for k, ctx in enumerate(chunk.contexts):
        for moment in MOMENTS:
            frame = moment_frame(ctx, moment)
            if frame is not None:
                plays.append(k)
                moments.append(moment)
                frames.append(frame)
    if not plays:
        return
    values = moment_stats(chunk, plays, frames)
    stacked = np.stack([values[stat] for stat in STATS if stat != "orientation"], axis=1)
    for i, (k, moment, frame) in enumerate(zip(plays, moments, frames, strict=True)):
        ctx = chunk.contexts[k]
        names = NAMES[moment]
        out = results[k].player
        out.update(zip(names[:-1], stacked[i, :, : ctx.n_players], strict=True))
        out[names[-1]] = ctx.arr.o[frame]


REGISTRY.family(FAMILY, kernel, needs=("first_contact",))
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
