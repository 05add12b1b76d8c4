"""The cleaning checks, per entity and frame, vectorized over a whole game.

Each check has a name (the ``check`` column of the ``quality`` table), a threshold in
:class:`~gridtrack.clean.config.CleaningConfig` and a measured ``value`` written beside
each flag. They run in two stages:

*position checks* on the positions as recorded — a flagged position is treated as unknown
and handed to the repair (:mod:`gridtrack.clean.repair`):

================== ==================================================== ==================
check              fires when                                           value
================== ==================================================== ==================
dropout            x or y is null                                       run length (frames)
missing_frame      a frame inside the entity's track has no row         gap length (frames)
off_field          beyond the field by more than the margin             yards beyond
jump               departs from both two-frame extrapolations           yards (smaller one)
frozen             position repeated exactly while the source says      run length (frames)
                   the entity moves
duplicate_frame    every entity of the play repeats its previous        entities in frame
                   position while some move (a re-sent frame)
================== ==================================================== ==================

*motion checks* on the repaired positions and the kinematics derived from them — these
flag, they do not change data:

================== ==================================================== ==================
speed              step length / 0.1 s above the maximum speed          yd/s
acceleration       |p[t] − 2p[t−1] + p[t−2]| / 0.01 s² above the limit   yd/s²
                   (players only)
s_inconsistent     reported s far from the derived speed (players)      |Δs| yd/s
dis_inconsistent   reported dis far from the step length                |Δdis| yd
dir_inconsistent   reported dir far from the derived direction          degrees
                   (players)
================== ==================================================== ==================

*track checks* per entity and play (``frame_id`` null in the quality table):
``entity_incomplete`` (the entity lacks frames at the start or end of its play; value =
frames missing) and ``ball_ends_early`` (the ball's last known position is more than
``ball_end_tolerance`` frames before the play's last frame; value = frames missing).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from gridtrack.clean._tracks import Tracks, run_lengths
from gridtrack.clean.config import CleaningConfig
from gridtrack.clean.kinematics import Kinematics
from gridtrack.schema import FIELD_LENGTH, FIELD_WIDTH, FRAME_SECONDS

POSITION_CHECKS = (
    "dropout",
    "missing_frame",
    "off_field",
    "jump",
    "frozen",
    "duplicate_frame",
)
MOTION_CHECKS = ("speed", "acceleration", "s_inconsistent", "dis_inconsistent", "dir_inconsistent")
TRACK_CHECKS = ("entity_incomplete", "ball_ends_early")
CHECKS = POSITION_CHECKS + MOTION_CHECKS + TRACK_CHECKS
"""Every check's name, in the order they run."""


@dataclass
class Flags:
    """One check's result: which rows it flags and the measured value on each row."""

    mask: np.ndarray
    value: np.ndarray


def _flags(mask: np.ndarray, value: np.ndarray) -> Flags:
    return Flags(mask=mask & ~np.isnan(value), value=value)


def _segment_start(t: Tracks) -> np.ndarray:
    return t.pos == 0


def dropout(t: Tracks, cfg: CleaningConfig, inserted: np.ndarray) -> Flags:
    """Null coordinates on a recorded row (a sensor dropout)."""
    mask = (np.isnan(t.x) | np.isnan(t.y)) & ~inserted
    return Flags(mask=mask, value=run_lengths(mask, _segment_start(t)).astype(np.float64))


def missing_frame(t: Tracks, cfg: CleaningConfig, inserted: np.ndarray) -> Flags:
    """Rows inserted for frames the source lacks inside a track (see ``repair``)."""
    return Flags(mask=inserted, value=run_lengths(inserted, _segment_start(t)).astype(np.float64))


def off_field(t: Tracks, cfg: CleaningConfig) -> Flags:
    """Beyond the field (0 ≤ x ≤ 120, 0 ≤ y ≤ 53⅓) by more than the margin.

    value = max(−x, x − 120, −y, y − 53⅓): yards beyond the nearest boundary.
    """
    beyond_x = np.maximum(-t.x, t.x - FIELD_LENGTH)
    beyond_y = np.maximum(-t.y, t.y - FIELD_WIDTH)
    margin_x = np.where(t.ball, cfg.ball_field_margin, cfg.field_margin_x)
    margin_y = np.where(t.ball, cfg.ball_field_margin, cfg.field_margin_y)
    mask = (beyond_x > margin_x) | (beyond_y > margin_y)
    return _flags(mask, np.fmax(beyond_x, beyond_y))


def jump_residual(t: Tracks, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """min(|p − (2p[t−1] − p[t−2])|, |p − (2p[t+1] − p[t+2])|), yards; NaN without two
    neighbours on each side."""
    left = np.hypot(
        x - 2 * t.behind(x, 1) + t.behind(x, 2), y - 2 * t.behind(y, 1) + t.behind(y, 2)
    )
    right = np.hypot(x - 2 * t.ahead(x, 1) + t.ahead(x, 2), y - 2 * t.ahead(y, 1) + t.ahead(y, 2))
    return np.minimum(left, right)


def jump(t: Tracks, cfg: CleaningConfig) -> Flags:
    """A position inconsistent with its neighbours on both sides.

    A displaced position of one or two frames departs from the extrapolation of the two
    frames before it *and* from that of the two frames after it; real motion (and a kink
    in it, such as a cut or a catch) departs on one side only.
    """
    residual = jump_residual(t, t.x, t.y)
    tolerance = np.where(t.ball, cfg.ball_jump_tolerance, cfg.jump_tolerance)
    return _flags(residual > tolerance, residual)


def _moving(t: Tracks, cfg: CleaningConfig) -> np.ndarray:
    """Where the source itself says the entity moves (reported dis, else reported s)."""
    return np.where(np.isnan(t.dis), t.s > cfg.frozen_min_speed, t.dis > cfg.frozen_min_dis)


def _repeats(t: Tracks) -> np.ndarray:
    """Position identical to the previous frame's (both known)."""
    return (t.x == t.behind(t.x, 1)) & (t.y == t.behind(t.y, 1))


def frozen(t: Tracks, cfg: CleaningConfig) -> Flags:
    """A tag stuck on one position: ``frozen_min_frames`` or more consecutive exact repeats
    of the previous position while the source reports motion on each of them."""
    stuck = _repeats(t) & _moving(t, cfg)
    length = run_lengths(stuck, _segment_start(t))
    return Flags(mask=length >= cfg.frozen_min_frames, value=length.astype(np.float64))


def duplicate_frame(t: Tracks, cfg: CleaningConfig) -> Flags:
    """A frame of a play in which every entity with a position repeats its previous one
    exactly while at least one of them is reported moving: the feed re-sent a frame."""
    known = ~(np.isnan(t.x) | np.isnan(t.y))
    if t.n == 0:
        return Flags(mask=known, value=np.zeros(0))
    low = int(t.frame.min())
    width = int(t.frame.max()) - low + 1
    group = t.play * width + (t.frame - low)
    if int(group.max()) + 1 > 8 * t.n:  # sparse keys: compact them first
        _, group = np.unique(group, return_inverse=True)
    count = np.bincount(group, weights=known)
    same = np.bincount(group, weights=_repeats(t))
    moving = np.bincount(group, weights=_repeats(t) & _moving(t, cfg))
    frame_dup = (count >= 2) & (same == count) & (moving >= 1)
    mask = frame_dup[group] & known
    return Flags(mask=mask, value=count[group])


def position_checks(t: Tracks, cfg: CleaningConfig, inserted: np.ndarray) -> dict[str, Flags]:
    """The position checks, by name, on the positions as recorded."""
    return {
        "dropout": dropout(t, cfg, inserted),
        "missing_frame": missing_frame(t, cfg, inserted),
        "off_field": off_field(t, cfg),
        "jump": jump(t, cfg),
        "frozen": frozen(t, cfg),
        "duplicate_frame": duplicate_frame(t, cfg),
    }


def step_speed(t: Tracks, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """|p[t] − p[t−1]| / Δt (yd/s); NaN on a segment's first frame."""
    return np.hypot(x - t.behind(x, 1), y - t.behind(y, 1)) / FRAME_SECONDS


def speed(t: Tracks, cfg: CleaningConfig, x: np.ndarray, y: np.ndarray) -> Flags:
    """Faster than anyone runs (or, for the ball, than anyone throws or kicks)."""
    value = step_speed(t, x, y)
    limit = np.where(t.ball, cfg.max_ball_speed, cfg.max_speed)
    return _flags(value > limit, value)


def acceleration(t: Tracks, cfg: CleaningConfig, x: np.ndarray, y: np.ndarray) -> Flags:
    """A change of velocity within one frame beyond what a body can do (players only)."""
    ddx = x - 2 * t.behind(x, 1) + t.behind(x, 2)
    ddy = y - 2 * t.behind(y, 1) + t.behind(y, 2)
    value = np.hypot(ddx, ddy) / FRAME_SECONDS**2
    return _flags((value > cfg.max_acceleration) & ~t.ball, value)


def s_inconsistent(t: Tracks, cfg: CleaningConfig, kin: Kinematics) -> Flags:
    """Reported speed against the Savitzky–Golay speed of the positions:
    ``|s − ŝ| > s_tolerance + s_relative_tolerance · ŝ`` (players only: the smoothed speed
    of a ball that is thrown, caught or kicked within the filter window means nothing)."""
    value = np.abs(t.s - kin.s)
    mask = (value > cfg.s_tolerance + cfg.s_relative_tolerance * kin.s) & ~t.ball
    return _flags(mask, value)


def dis_inconsistent(t: Tracks, cfg: CleaningConfig, x: np.ndarray, y: np.ndarray) -> Flags:
    """Reported ``dis`` against the step length from the previous frame."""
    value = np.abs(t.dis - step_speed(t, x, y) * FRAME_SECONDS)
    return _flags(value > cfg.dis_tolerance, value)


def dir_inconsistent(t: Tracks, cfg: CleaningConfig, kin: Kinematics) -> Flags:
    """Reported ``dir`` against the direction of the derived velocity, where both the
    reported and the derived speed exceed ``dir_min_speed`` (angle difference, degrees;
    players only, as for ``s``)."""
    value = np.abs((t.dir - kin.dir + 180.0) % 360.0 - 180.0)
    fast = (kin.s > cfg.dir_min_speed) & (t.s > cfg.dir_min_speed) & ~t.ball
    return _flags((value > cfg.dir_tolerance) & fast, value)


def motion_checks(
    t: Tracks,
    cfg: CleaningConfig,
    x: np.ndarray,
    y: np.ndarray,
    kin: Kinematics,
    recorded: np.ndarray,
) -> dict[str, Flags]:
    """The motion checks, by name, on repaired positions ``x``, ``y`` and their derived
    kinematics; the consistency checks only on ``recorded`` rows (not repaired)."""
    found = {
        "speed": speed(t, cfg, x, y),
        "acceleration": acceleration(t, cfg, x, y),
        "s_inconsistent": s_inconsistent(t, cfg, kin),
        "dis_inconsistent": dis_inconsistent(t, cfg, x, y),
        "dir_inconsistent": dir_inconsistent(t, cfg, kin),
    }
    for name in ("s_inconsistent", "dis_inconsistent", "dir_inconsistent"):
        found[name].mask &= recorded
    return found


def track_checks(tracking: pl.DataFrame, cfg: CleaningConfig) -> pl.DataFrame:
    """``entity_incomplete`` and ``ball_ends_early`` rows (game_id, play_id, nfl_id, check,
    value) for a canonical tracking frame."""
    play = ["game_id", "play_id"]
    bounds = tracking.group_by(play).agg(
        pl.col("frame_id").min().alias("_first"), pl.col("frame_id").max().alias("_last")
    )
    known = pl.col("x").is_not_null() & pl.col("y").is_not_null()
    per_entity = (
        tracking.group_by([*play, "nfl_id"])
        .agg(
            pl.col("frame_id").min().alias("_from"),
            pl.col("frame_id").max().alias("_to"),
            pl.col("frame_id").filter(known).max().alias("_known_to"),
        )
        .join(bounds, on=play)
    )
    incomplete = per_entity.select(
        *play,
        "nfl_id",
        pl.lit("entity_incomplete").alias("check"),
        ((pl.col("_from") - pl.col("_first")) + (pl.col("_last") - pl.col("_to")))
        .cast(pl.Float64)
        .alias("value"),
    ).filter(pl.col("value") > 0)
    ball_missing = (pl.col("_last") - pl.col("_known_to").fill_null(pl.col("_first") - 1)).cast(
        pl.Float64
    )
    ball = per_entity.filter(pl.col("nfl_id").is_null()).select(
        *play,
        "nfl_id",
        pl.lit("ball_ends_early").alias("check"),
        ball_missing.alias("value"),
    )
    ball = ball.filter(pl.col("value") > cfg.ball_end_tolerance)
    return pl.concat([incomplete, ball])
