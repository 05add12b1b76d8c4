"""The shape of the play at the snap: line of scrimmage, formation width and depth, box.

All measured at the snap (the first frame on plays without one), with ``los`` the line of
scrimmage x and ``y_b`` the ball's y at the snap.
"""

from __future__ import annotations

import math

import numpy as np

from gridtrack.schema import FIELD_WIDTH, GOAL_LINE_RIGHT
from gridtrack.stats.context import PlayContext, PlayResult
from gridtrack.stats.nanops import nanmax, nanmean, nanmin, nanstd
from gridtrack.stats.registry import REGISTRY

FAMILY = "play_shape"
BOX_DEPTH = 8.0
"""yd beyond the line of scrimmage that bound the box."""
BOX_HALF_WIDTH = 6.0
"""yd either side of the ball that bound the box."""
DEEP = 10.0
"""yd beyond the line of scrimmage from which a defender is deep."""
ON_LINE = 1.5
"""yd behind the line of scrimmage within which an offense player is on the line."""
WIDE = 8.0
"""yd from the ball from which an offense player is split wide."""
MOTION_SPEED = 1.0
"""yd/s above which a player is in motion at the snap."""


def _width(values: np.ndarray) -> float:
    """max − min of ``values`` ignoring NaN (NaN when empty or all NaN)."""
    return float(nanmax(values) - nanmin(values)) if values.size else np.nan


def kernel(ctx: PlayContext, out: PlayResult) -> None:
    """Formation geometry at the snap."""
    ref = ctx.start
    x, y = ctx.arr.x[ref], ctx.arr.y[ref]
    off, dfn = ctx.offense, ctx.defense
    los = ctx.los
    ball_y = ctx.arr.ball_y[ref]
    if not math.isfinite(ball_y) and ctx.passer is not None:
        ball_y = y[ctx.passer]
    ox, oy, dx, dy = x[off], y[off], x[dfn], y[dfn]
    depth = dx - los
    box = (depth >= 0) & (depth <= BOX_DEPTH) & (np.abs(dy - ball_y) <= BOX_HALF_WIDTH)
    out.play.update(
        {
            "los_x": los,
            "yards_to_endzone": GOAL_LINE_RIGHT - los,
            "ball_y_at_snap": ball_y,
            "ball_sideline_distance_at_snap": min(ball_y, FIELD_WIDTH - ball_y),
            "formation_width": _width(oy),
            "defense_width": _width(dy),
            "offense_depth": float(los - nanmin(ox)) if ox.size else np.nan,
            "defense_depth": float(nanmax(depth)) if dx.size else np.nan,
            "offense_centroid_depth": float(los - nanmean(ox)) if ox.size else np.nan,
            "defense_centroid_depth": float(nanmean(depth)) if dx.size else np.nan,
            "offense_lateral_spread": float(nanstd(oy)) if oy.size else np.nan,
            "defense_lateral_spread": float(nanstd(dy)) if dy.size else np.nan,
            "box_defenders": float(np.count_nonzero(box))
            if math.isfinite(los + ball_y)
            else np.nan,
            "deep_defenders": float(np.count_nonzero(depth >= DEEP))
            if math.isfinite(los)
            else np.nan,
            "offense_on_line": float(np.count_nonzero(np.abs(los - ox) <= ON_LINE))
            if math.isfinite(los)
            else np.nan,
            "wide_receivers": float(np.count_nonzero(np.abs(oy - ball_y) >= WIDE))
            if math.isfinite(ball_y)
            else np.nan,
            "offense_in_motion_at_snap": float(
                np.count_nonzero(ctx.speed[ref][off] > MOTION_SPEED)
            ),
            "players_tracked": float(np.count_nonzero(np.isfinite(x))),
        }
    )


REGISTRY.family(FAMILY, kernel)
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
        f"#defenders with 0 ≤ x − los ≤ {BOX_DEPTH:g} and |y − y_b| ≤ {BOX_HALF_WIDTH:g}",
        "all",
        _NO_LOS,
    ),
    ("deep_defenders", "count", f"#defenders with x − los ≥ {DEEP:g}", "all", _NO_LOS),
    ("offense_on_line", "count", f"#offense players with |los − x| ≤ {ON_LINE:g}", "all", _NO_LOS),
    ("wide_receivers", "count", f"#offense players with |y − y_b| ≥ {WIDE:g}", "all", ""),
    (
        "offense_in_motion_at_snap",
        "count",
        f"#offense players with s > {MOTION_SPEED:g} yd/s at the snap",
        "all",
        "",
    ),
    ("players_tracked", "count", "#players with a position at the snap", "all", ""),
):
    REGISTRY.add(_name, "play", _unit, FAMILY, _definition, _applies, _note)  # type: ignore[arg-type]
