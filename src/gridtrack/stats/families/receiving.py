"""Receiving: the target's separation, route, catch and run after the catch.

Play-level stats describe the target ``r`` (the offense player nearest the ball at its
arrival); player-level ones every offense player but the passer. Separation is the distance
to the nearest defender.
"""

from __future__ import annotations

import numpy as np

from gridtrack.play import DEFAULT, DEFENSE, OFFENSE, Chunk, Motion, PlayContext, distance
from gridtrack.play.nanops import nanmax, nanmin, reduce_rows
from gridtrack.schema import FIELD_WIDTH, GOAL_LINE_RIGHT
from gridtrack.stats.registry import REGISTRY, PlayResult

FAMILY = "receiving"


TARGET_STATS = (
    "separation_at_throw",
    "separation_at_arrival",
    "separation_change_in_air",
    "cushion_at_snap",
    "route_depth",
    "target_depth_at_throw",
    "target_speed_at_arrival",
    "target_distance_to_ball_at_arrival",
    "target_sideline_distance_at_arrival",
    "defenders_near_target_at_arrival",
)
"""The play-level stats of the target, in the order the kernel writes them."""


def _frame(ctxs: list[PlayContext], name: str) -> np.ndarray:
    """``(n,)`` the key frame ``name`` (``snap``, ``throw``, ...) of each play, −1 where it
    has none."""
    return np.array([-1 if (f := getattr(c, name)) is None else f for c in ctxs], np.int64)


def _members(side: np.ndarray, which: int) -> tuple[np.ndarray, np.ndarray]:
    """``(n, M)`` the columns of each row's ``which`` players (``OFFENSE`` or ``DEFENSE``) in
    order, padded to the most of any row, and whether each is one."""
    columns = np.argsort(side != which, axis=1, kind="stable")
    count = int(np.count_nonzero(side == which, axis=1).max(initial=0))
    columns = columns[:, :count]
    return columns, np.take_along_axis(side, columns, axis=1) == which


def _take(values: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """``values[i, j, columns[i]]`` for ``(n, m, W)`` values and ``(n, M)`` columns."""
    return np.take_along_axis(values, columns[:, None, :], axis=2)


def separation(motion: Motion, plays: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``(n, m, W)`` distance from each offense player to the nearest defender at the rows
    ``rows`` ``(n, m)`` of ``motion``, play ``plays[i]`` for row ``i`` (NaN for defenders
    and where no defender is tracked)."""
    side = motion.side[plays]
    off, is_off = _members(side, OFFENSE)
    dfn, is_dfn = _members(side, DEFENSE)
    x, y = motion.x[rows], motion.y[rows]  # (n, m, W)
    d = distance(
        _take(x, off)[..., :, None] - _take(x, dfn)[..., None, :],
        _take(y, off)[..., :, None] - _take(y, dfn)[..., None, :],
    )
    pairs = (is_off[:, :, None] & is_dfn[:, None, :])[:, None]
    near = nanmin(np.where(pairs, d, np.nan), axis=3, initial=np.nan)
    out = np.full(x.shape, np.nan)
    np.put_along_axis(out, off[:, None, :], np.where(is_off[:, None, :], near, np.nan), axis=2)
    return out


def kernel(chunk: Chunk, results: list[PlayResult]) -> None:
    """Receiving stats of the pass plays of ``chunk`` (all plays at once)."""
    picked = [k for k, c in enumerate(chunk.contexts) if c.is_pass and c.snap is not None]
    if not picked or chunk.motion.side.shape[1] == 0:  # no pass play, or no player
        return
    ctxs = [chunk.contexts[k] for k in picked]
    m = chunk.motion
    plays = np.array(picked)
    base = m.starts[plays]
    snap, throw, arrival = (_frame(ctxs, name) for name in ("snap", "throw", "arrival"))
    passer = np.array([-1 if c.passer is None else c.passer for c in ctxs])
    los = np.array([c.los for c in ctxs])
    end = np.array([c.end for c in ctxs])
    column = np.arange(m.side.shape[1])
    eligible = (m.side[plays] == OFFENSE) & (column != passer[:, None])
    rows = base[:, None] + np.stack([snap, np.where(throw < 0, snap, throw), arrival], axis=1)
    rows[:, 2] = np.where(arrival < 0, rows[:, 0], rows[:, 2])
    seps = np.where(eligible[:, None], separation(m, plays, rows), np.nan)
    stop = np.where(arrival >= 0, arrival, np.where(throw >= 0, throw, end))
    depth = reduce_rows(np.fmax, (m.x,), base + snap, base + stop)[0] - los[:, None]
    route = np.where(eligible, depth, np.nan)
    targets = [c.target if c.throw is not None else None for c in ctxs]
    r = np.array([0 if t is None else t for t in targets])
    at_throw, at_arrival = rows[:, 1], rows[:, 2]
    ry = m.y[at_arrival, r]
    gaps = distance(m.x[at_arrival] - m.x[at_arrival, r][:, None], m.y[at_arrival] - ry[:, None])
    sep_throw, sep_arrival = (
        seps[:, 1, :][np.arange(r.size), r],
        seps[:, 2, :][np.arange(r.size), r],
    )
    of_target = np.stack(
        [
            sep_throw,
            sep_arrival,
            sep_arrival - sep_throw,
            seps[:, 0, :][np.arange(r.size), r],
            depth[np.arange(r.size), r],
            m.x[at_throw, r] - los,
            m.speed[at_arrival, r],
            distance(m.x[at_arrival, r] - m.ball_x[at_arrival], ry - m.ball_y[at_arrival]),
            np.minimum(ry, FIELD_WIDTH - ry),
            np.count_nonzero((m.side[plays] == DEFENSE) & (gaps <= chunk.config.crowd), axis=1)
            * 1.0,
        ],
        axis=1,
    )
    for i, (ctx, target) in enumerate(zip(ctxs, targets, strict=True)):
        out, cols = results[picked[i]], ctx.n_players
        out.player["cushion_at_snap"] = seps[i, 0, :cols]
        out.player["route_depth"] = route[i, :cols]
        if ctx.throw is None:
            continue
        out.player["separation_at_throw"] = seps[i, 1, :cols]
        if ctx.arrival is None or target is None:
            continue
        out.player["separation_at_arrival"] = seps[i, 2, :cols]
        out.player["targeted"] = np.where(
            eligible[i, :cols], (column[:cols] == target) * 1.0, np.nan
        )
        out.play.update(zip(TARGET_STATS, of_target[i].tolist(), strict=True))
        c = ctx.carrier
        if ctx.caught and c is not None:
            arrival_c, end_c = ctx.arr.x[ctx.arrival, c], ctx.arr.x[ctx.end, c]
            out.play["yards_after_catch"] = min(end_c, GOAL_LINE_RIGHT) - arrival_c
            out.play["carrier_max_speed_after_catch"] = float(
                nanmax(ctx.speed[ctx.arrival : ctx.end + 1, c])
            )


REGISTRY.family(FAMILY, kernel, needs=("carrier", "passer", "target"))
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
        f"#defenders within {DEFAULT.crowd:g} yd of the target at the arrival",
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
