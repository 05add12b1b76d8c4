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
    """One check's result: the rows it flags (sorted indices) and the measured value on
    each of them."""

    rows: np.ndarray
    value: np.ndarray

    def only(self, keep: np.ndarray) -> Flags:
        """The flags on rows where the boolean array ``keep`` is true."""
        ok = keep[self.rows]
        return Flags(rows=self.rows[ok], value=self.value[ok])


def _flags(mask: np.ndarray, value: np.ndarray) -> Flags:
    """The rows where ``mask`` holds and ``value`` is a number."""
    rows = np.flatnonzero(mask)
    rows = rows[~np.isnan(value[rows])]
    return Flags(rows=rows, value=value[rows])


def _runs(rows: np.ndarray, t: Tracks) -> Flags:
    """Every row of ``rows`` flagged, valued by the length of its run (frames)."""
    return Flags(rows=rows, value=run_lengths(rows, t.start).astype(np.float64))


def dropout(t: Tracks, cfg: CleaningConfig, inserted: np.ndarray) -> Flags:
    """Null coordinates on a recorded row (a sensor dropout)."""
    return _runs(np.flatnonzero(~t.known & ~inserted), t)


def missing_frame(t: Tracks, cfg: CleaningConfig, inserted: np.ndarray) -> Flags:
    """Rows inserted for frames the source lacks inside a track (see ``repair``)."""
    return _runs(np.flatnonzero(inserted), t)


def off_field(t: Tracks, cfg: CleaningConfig) -> Flags:
    """Beyond the field (0 ≤ x ≤ 120, 0 ≤ y ≤ 53⅓) by more than the margin.

    value = max(−x, x − 120, −y, y − 53⅓): yards beyond the nearest boundary.
    """
    beyond_x = np.maximum(-t.x, t.x - FIELD_LENGTH)
    beyond_y = np.maximum(-t.y, t.y - FIELD_WIDTH)
    margin_x = np.where(t.ball, cfg.ball_field_margin, cfg.field_margin_x)
    margin_y = np.where(t.ball, cfg.ball_field_margin, cfg.field_margin_y)
    rows = np.flatnonzero((beyond_x > margin_x) | (beyond_y > margin_y))
    return Flags(rows=rows, value=np.fmax(beyond_x[rows], beyond_y[rows]))


def jump_residual(t: Tracks) -> np.ndarray:
    """min(|p − (2p[t−1] − p[t−2])|, |p − (2p[t+1] − p[t+2])|) on the recorded positions,
    yards; NaN without two neighbours on each side.

    The left-hand term is :attr:`Tracks.bend`; the right-hand one at frame t is the
    left-hand one at frame t + 2 (the same three positions).
    """
    return np.minimum(t.bend, t.ahead(t.bend, 2))


def jump(t: Tracks, cfg: CleaningConfig) -> Flags:
    """A position inconsistent with its neighbours on both sides.

    A displaced position of one or two frames departs from the extrapolation of the two
    frames before it *and* from that of the two frames after it; real motion (and a kink
    in it, such as a cut or a catch) departs on one side only.
    """
    residual = jump_residual(t)
    tolerance = np.where(t.ball, cfg.ball_jump_tolerance, cfg.jump_tolerance)
    return _flags(residual > tolerance, residual)


def moving(t: Tracks, cfg: CleaningConfig) -> np.ndarray:
    """Where the source itself says the entity moves (reported dis, else reported s)."""
    return np.where(np.isnan(t.dis), t.s > cfg.frozen_min_speed, t.dis > cfg.frozen_min_dis)


def frozen(t: Tracks, cfg: CleaningConfig, moves: np.ndarray) -> Flags:
    """A tag stuck on one position: ``frozen_min_frames`` or more consecutive exact repeats
    of the previous position while the source reports motion (``moves``) on each of them."""
    stuck = np.flatnonzero(t.repeats & moves)
    length = run_lengths(stuck, t.start)
    long = length >= cfg.frozen_min_frames
    return Flags(rows=stuck[long], value=length[long].astype(np.float64))


def duplicate_frame(t: Tracks, cfg: CleaningConfig, moves: np.ndarray) -> Flags:
    """A frame of a play in which every entity with a position repeats its previous one
    exactly while at least one of them is reported moving (``moves``): the feed re-sent a
    frame. Nothing to count where no entity repeats a position while moving."""
    repeats_moving = t.repeats & moves
    if not repeats_moving.any():
        return Flags(rows=np.zeros(0, dtype=np.int64), value=np.zeros(0))
    low = int(t.frame.min())
    width = int(t.frame.max()) - low + 1
    group = t.play * width + (t.frame - low)
    if int(group.max()) + 1 > 8 * t.n:  # sparse keys: compact them first
        _, group = np.unique(group, return_inverse=True)
    count = np.bincount(group, weights=t.known)
    same = np.bincount(group, weights=t.repeats)
    moving_count = np.bincount(group, weights=repeats_moving)
    frame_dup = (count >= 2) & (same == count) & (moving_count >= 1)
    rows = np.flatnonzero(frame_dup[group] & t.known)
    return Flags(rows=rows, value=count[group[rows]])


def position_checks(t: Tracks, cfg: CleaningConfig, inserted: np.ndarray) -> dict[str, Flags]:
    """The position checks, by name, on the positions as recorded."""
    moves = moving(t, cfg)
    return {
        "dropout": dropout(t, cfg, inserted),
        "missing_frame": missing_frame(t, cfg, inserted),
        "off_field": off_field(t, cfg),
        "jump": jump(t, cfg),
        "frozen": frozen(t, cfg, moves),
        "duplicate_frame": duplicate_frame(t, cfg, moves),
    }


def speed(t: Tracks, cfg: CleaningConfig, step_speed: np.ndarray) -> Flags:
    """Faster than anyone runs (or, for the ball, than anyone throws or kicks);
    ``step_speed`` = |p[t] − p[t−1]| / Δt (yd/s)."""
    limit = np.where(t.ball, cfg.max_ball_speed, cfg.max_speed)
    return _flags(step_speed > limit, step_speed)


def acceleration(t: Tracks, cfg: CleaningConfig, x: np.ndarray, y: np.ndarray) -> Flags:
    """A change of velocity within one frame beyond what a body can do (players only):
    |p[t] − 2p[t−1] + p[t−2]| / Δt² of the repaired positions ``x``, ``y``."""
    value = t.bend_of(x, y) / FRAME_SECONDS**2
    return _flags((value > cfg.max_acceleration) & ~t.ball, value)


def s_inconsistent(t: Tracks, cfg: CleaningConfig, kin: Kinematics) -> Flags:
    """Reported speed against the Savitzky–Golay speed of the positions:
    ``|s − ŝ| > s_tolerance + s_relative_tolerance · ŝ`` (players only: the smoothed speed
    of a ball that is thrown, caught or kicked within the filter window means nothing)."""
    value = np.abs(t.s - kin.s)
    mask = (value > cfg.s_tolerance + cfg.s_relative_tolerance * kin.s) & ~t.ball
    return _flags(mask, value)


def dis_inconsistent(t: Tracks, cfg: CleaningConfig, step_speed: np.ndarray) -> Flags:
    """Reported ``dis`` against the step length from the previous frame
    (``step_speed`` · Δt)."""
    value = np.abs(t.dis - step_speed * FRAME_SECONDS)
    return _flags(value > cfg.dis_tolerance, value)


def dir_inconsistent(t: Tracks, cfg: CleaningConfig, kin: Kinematics) -> Flags:
    """Reported ``dir`` against the direction of the derived velocity, where both the
    reported and the derived speed exceed ``dir_min_speed`` (angle difference, degrees;
    players only, as for ``s``). The angle is only computed on those rows."""
    fast = np.flatnonzero((kin.s > cfg.dir_min_speed) & (t.s > cfg.dir_min_speed) & ~t.ball)
    value = np.abs((t.dir[fast] - kin.dir[fast] + 180.0) % 360.0 - 180.0)
    turned = value > cfg.dir_tolerance
    return Flags(rows=fast[turned], value=value[turned])


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
    step_speed = kin.step / FRAME_SECONDS
    return {
        "speed": speed(t, cfg, step_speed),
        "acceleration": acceleration(t, cfg, x, y),
        "s_inconsistent": s_inconsistent(t, cfg, kin).only(recorded),
        "dis_inconsistent": dis_inconsistent(t, cfg, step_speed).only(recorded),
        "dir_inconsistent": dir_inconsistent(t, cfg, kin).only(recorded),
    }


def track_checks(
    t: Tracks, cfg: CleaningConfig, kept: np.ndarray, known: np.ndarray
) -> dict[str, Flags]:
    """``entity_incomplete`` and ``ball_ends_early`` on the cleaned tracks: the ``kept``
    rows, with ``known`` marking those with a position after repair.

    Each flag sits on the first kept row of its track (the quality table reports it with a
    null frame_id). The play's first and last frames are those of its kept rows.
    """
    rows = np.flatnonzero(kept)
    if rows.size == 0:
        none = Flags(rows=rows, value=np.zeros(0))
        return {"entity_incomplete": none, "ball_ends_early": none}
    track, frame = t.track[rows], t.frame[rows]
    first = np.flatnonzero(np.diff(track, prepend=-1))  # each track's first kept row
    last = np.append(first[1:], rows.size) - 1
    head = rows[first]
    play = t.play[head]
    play_begin = np.flatnonzero(np.diff(play, prepend=-1))
    per_play = np.diff(np.append(play_begin, play.size))
    play_first = np.repeat(np.minimum.reduceat(frame[first], play_begin), per_play)
    play_last = np.repeat(np.maximum.reduceat(frame[last], play_begin), per_play)
    lacking = (frame[first] - play_first) + (play_last - frame[last])
    incomplete = lacking > 0
    unknown = np.iinfo(np.int64).min
    known_to = np.maximum.reduceat(np.where(known[rows], frame, unknown), first)
    known_to = np.where(known_to == unknown, play_first - 1, known_to)
    ball_missing = play_last - known_to
    ends_early = t.ball[head] & (ball_missing > cfg.ball_end_tolerance)
    return {
        "entity_incomplete": Flags(head[incomplete], lacking[incomplete].astype(np.float64)),
        "ball_ends_early": Flags(head[ends_early], ball_missing[ends_early].astype(np.float64)),
    }
