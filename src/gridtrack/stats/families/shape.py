"""The shape of the play at the snap: line of scrimmage, formation width and depth, box.

All measured at the snap (the first frame on plays without one), with ``los`` the line of
scrimmage x and ``y_b`` the ball's y at the snap.
"""

from __future__ import annotations

import math

import numpy as np

from gridtrack.play import DEFAULT, DEFENSE, OFFENSE, Chunk
from gridtrack.play.nanops import member_moments, nanmax, nanmin
from gridtrack.schema import FIELD_WIDTH, GOAL_LINE_RIGHT
from gridtrack.stats.registry import REGISTRY, PlayResult

FAMILY = "play_shape"


STATS = (
    "los_x",
    "yards_to_endzone",
    "ball_y_at_snap",
    "ball_sideline_distance_at_snap",
    "formation_width",
    "defense_width",
    "offense_depth",
    "defense_depth",
    "offense_centroid_depth",
    "defense_centroid_depth",
    "offense_lateral_spread",
    "defense_lateral_spread",
    "box_defenders",
    "deep_defenders",
    "offense_on_line",
    "wide_receivers",
    "offense_in_motion_at_snap",
    "players_tracked",
)
"""The stats of the family, in the order the kernel writes them."""


def _count(where: np.ndarray, valid: np.ndarray | bool) -> np.ndarray:
    """``(n,)`` the number of true cells of each row of ``where``, NaN where not ``valid``
    (a row mask, or ``True`` for every row)."""
    return np.where(valid, np.count_nonzero(where, axis=1), np.nan)


def kernel(chunk: Chunk, results: list[PlayResult]) -> None:
    """Formation geometry at the snap, for every play of ``chunk`` at once."""
    m, ctxs, config = chunk.motion, chunk.contexts, chunk.config
    rows = m.starts[:-1] + np.array([c.start for c in ctxs], dtype=np.int64)
    x, y = m.x[rows], m.y[rows]
    off, dfn = m.side == OFFENSE, m.side == DEFENSE
    los = np.array([c.los for c in ctxs])
    ball_y = m.ball_y[rows]
    for i, ctx in enumerate(ctxs):
        if not math.isfinite(ball_y[i]) and ctx.passer is not None:
            ball_y[i] = y[i, ctx.passer]
    at_los, at_ball = los[:, None], ball_y[:, None]
    depth = x - at_los
    oy, dy = np.where(off, y, np.nan), np.where(dfn, y, np.nan)
    box = dfn & (depth >= 0) & (depth <= config.box_depth)
    box &= np.abs(y - at_ball) <= config.box_half_width
    known_los = np.isfinite(los)
    values = np.stack(
        [
            los,
            GOAL_LINE_RIGHT - los,
            ball_y,
            np.minimum(ball_y, FIELD_WIDTH - ball_y),
            nanmax(oy, axis=1) - nanmin(oy, axis=1),
            nanmax(dy, axis=1) - nanmin(dy, axis=1),
            los - nanmin(np.where(off, x, np.nan), axis=1),
            nanmax(np.where(dfn, depth, np.nan), axis=1),
            los - member_moments(x, off)[0],
            member_moments(depth, dfn)[0],
            member_moments(y, off)[1],
            member_moments(y, dfn)[1],
            _count(box, np.isfinite(los + ball_y)),
            _count(dfn & (depth >= config.deep), known_los),
            _count(off & (np.abs(at_los - x) <= config.on_line), known_los),
            _count(off & (np.abs(y - at_ball) >= config.wide), np.isfinite(ball_y)),
            _count(off & (m.speed[rows] > config.motion_speed), True),
            _count(np.isfinite(x), True),
        ],
        axis=1,
    )
    for out, play in zip(results, values.tolist(), strict=True):
        out.play.update(zip(STATS, play, strict=True))


REGISTRY.family(FAMILY, kernel, needs=("passer",))
_NO_LOS = "null where the line of scrimmage is unknown"
for _name, _unit, _definition, _applies, _note in (
    ("los_x", "yd", "line of scrimmage x (standardized; goal lines at 10 and 110)", "all", ""),
    ("yards_to_endzone", "yd", "110 − los", "all", ""),
    ("ball_y_at_snap", "yd", "y_b: the ball's y at the snap", "all", ""),
    ("ball_sideline_distance_at_snap", "yd", "min(y_b, 53.33 − y_b)", "all", ""),
    ("formation_width", "yd", "max y − min y of the offense", "all", ""),
    ("defense_width", "yd", "max y − min y of the defense", "all", ""),
    ("offense_depth", "yd", "los − min x of the offense (deepest backfield player)", "all", ""),
    ("defense_depth", "yd", "max x of the defense − los (deepest defender)", "all", ""),
    ("offense_centroid_depth", "yd", "los − mean x of the offense", "all", ""),
    ("defense_centroid_depth", "yd", "mean x of the defense − los", "all", ""),
    ("offense_lateral_spread", "yd", "standard deviation of the offense's y", "all", ""),
    ("defense_lateral_spread", "yd", "standard deviation of the defense's y", "all", ""),
    (
        "box_defenders",
        "count",
        f"#defenders with 0 ≤ x − los ≤ {DEFAULT.box_depth:g} and "
        f"|y − y_b| ≤ {DEFAULT.box_half_width:g}",
        "all",
        _NO_LOS,
    ),
    ("deep_defenders", "count", f"#defenders with x − los ≥ {DEFAULT.deep:g}", "all", _NO_LOS),
    (
        "offense_on_line",
        "count",
        f"#offense players with |los − x| ≤ {DEFAULT.on_line:g}",
        "all",
        _NO_LOS,
    ),
    ("wide_receivers", "count", f"#offense players with |y − y_b| ≥ {DEFAULT.wide:g}", "all", ""),
    (
        "offense_in_motion_at_snap",
        "count",
        f"#offense players with s > {DEFAULT.motion_speed:g} yd/s at the snap",
        "all",
        "",
    ),
    ("players_tracked", "count", "#players with a position at the snap", "all", ""),
):
    REGISTRY.add(_name, "play", _unit, FAMILY, _definition, _applies, _note)  # type: ignore[arg-type]
