"""Kinematics of every player in every phase of the play.

For a phase covering frames ``lo..hi`` (see :data:`gridtrack.stats.context.PHASES`) and a
player with positions ``p_t``, speed ``s_t`` and tangential acceleration ``a_t = ds/dt``
(centred differences, 3-frame smoothed), with ``Δt = 0.1 s``. A stat is named
``<stat>_<phase>``, or plainly ``<stat>`` for the whole play.
"""

from __future__ import annotations

import numpy as np

from gridtrack.stats.context import DT, PHASES, Chunk, Motion, PlayResult
from gridtrack.stats.nanops import reduce_rows
from gridtrack.stats.registry import REGISTRY

FAMILY = "kinematics"
FAST, RUNNING = 8.0, 5.0
"""Speed thresholds (yd/s) of ``time_above_8_yds`` and ``time_above_5_yds``."""
MIN_PATH = 0.5
"""yd: below this distance ``path_straightness`` is undefined."""

STATS: dict[str, tuple[str, str]] = {
    "distance_travelled": ("yd", "Σ |p_t − p_{t−1}| over the phase"),
    "max_speed": ("yd/s", "max s_t"),
    "mean_speed": ("yd/s", "mean s_t"),
    "max_acceleration": ("yd/s^2", "max a_t (speeding up)"),
    "max_deceleration": ("yd/s^2", "max −a_t (slowing down)"),
    "mean_abs_acceleration": ("yd/s^2", "mean |a_t|"),
    "time_above_8_yds": ("s", "Δt · #{t : s_t > 8 yd/s}"),
    "time_above_5_yds": ("s", "Δt · #{t : s_t > 5 yd/s}"),
    "net_displacement": ("yd", "|p_hi − p_lo|"),
    "downfield_displacement": ("yd", "x_hi − x_lo (toward the offense's goal is +)"),
    "lateral_displacement": ("yd", "|y_hi − y_lo|"),
    "path_straightness": ("ratio", "net_displacement ÷ distance_travelled (null below 0.5 yd)"),
    "start_speed": ("yd/s", "s_lo"),
    "end_speed": ("yd/s", "s_hi"),
    "total_turn": ("deg", "Σ |wrap(dir_t − dir_{t−1})| over frames moving above 1 yd/s"),
}
PHASE_NOTES = {
    "play": "snap → end of play",
    "pre_snap": "first frame → the frame before the snap",
    "to_release": "snap → throw (passes) or handoff (runs)",
    "in_air": "throw → arrival of the pass",
    "after_catch": "catch → end of play (completions)",
    "after_handoff": "handoff → end of play (runs)",
}
PHASE_APPLIES = {
    "play": "all",
    "pre_snap": "all",
    "to_release": "all",
    "in_air": "pass",
    "after_catch": "pass",
    "after_handoff": "run",
}
PHASE_REASONS = {
    "pre_snap": "null where tracking starts at the snap",
    "to_release": "null on plays with neither a throw nor a handoff (sacks, QB runs, kicks)",
    "in_air": "null on passes without a recorded throw and arrival (sacks, scrambles)",
    "after_catch": "completions only: null on incompletions, interceptions and sacks",
    "after_handoff": "null on runs without a handoff (QB keepers, direct snaps)",
}


def stat_name(stat: str, phase: str) -> str:
    return stat if phase == "play" else f"{stat}_{phase}"


NAMES = {phase: [stat_name(stat, phase) for stat in STATS] for phase in PHASES}
"""Per phase, the names of :data:`STATS` in that phase."""


def _turns(motion: Motion, out: np.ndarray) -> None:
    """Fill ``out`` ``(R, W)`` with |wrap(dir_t − dir_{t−1})| on frames moving above 1 yd/s,
    else 0 (deg): the turn that ends on each frame (row 0 is 0; a play's first row holds no
    turn of it and is never summed)."""
    heading = motion.heading
    out[:1] = 0.0
    turn = np.subtract(heading[1:], heading[:-1], out=out[1:])
    turn += 180.0  # wrap to -180..180: (Δ + 180) mod 360 − 180, in place
    np.remainder(turn, 360.0, out=turn)
    turn -= 180.0
    np.abs(turn, out=turn)
    counted = np.greater(motion.speed[1:], 1.0)
    counted &= np.isfinite(turn)
    np.copyto(turn, 0.0, where=~counted)


def phase_stats(motion: Motion, lo: np.ndarray, hi: np.ndarray) -> dict[str, np.ndarray]:
    """Every kinematic stat of every player over each of the ``K`` phases ``lo[k]..hi[k]``
    (rows of ``motion``, inclusive): ``(K, W)`` per stat.

    Sums, counts and maxima ignore NaN (as ``np.nansum``, ``np.nanmean`` and ``np.nanmax``
    over the phase would); steps and turns count on the frames ``lo+1..hi`` they end on.
    Each reduction takes its ``q`` values side by side in an ``(R, q, W)`` view of one
    scratch array, which the next one reuses.
    """
    s, a, x, y = motion.speed, motion.accel, motion.x, motion.y
    n_rows, width = s.shape
    scratch = np.empty(n_rows * 3 * width)
    masks = np.empty((n_rows, 7, width), dtype=bool)
    np.isnan(s, out=masks[:, 0])
    np.isnan(a, out=masks[:, 1])
    np.logical_not(masks[:, :2], out=masks[:, :2])  # s, a present
    np.isfinite(s, out=masks[:, 2])
    np.isfinite(x, out=masks[:, 3])
    np.isfinite(motion.heading, out=masks[:, 4])
    np.greater(s, FAST, out=masks[:, 5])
    np.greater(s, RUNNING, out=masks[:, 6])
    counts = reduce_rows(np.add, masks, lo, hi, np.int32)
    block = scratch[: n_rows * 2 * width].reshape(n_rows, 2, width)
    np.copyto(block[:, 0], s)
    np.abs(a, out=block[:, 1])
    np.copyto(block, 0.0, where=~masks[:, :2])  # NaN as 0
    totals = reduce_rows(np.add, block, lo, hi)
    block = scratch.reshape(n_rows, 3, width)
    np.copyto(block[:, 0], s)
    np.copyto(block[:, 1], a)
    np.negative(a, out=block[:, 2])
    maxima = reduce_rows(np.fmax, block, lo, hi)
    block = scratch[: n_rows * 2 * width].reshape(n_rows, 2, width)
    np.copyto(block[:, 0], motion.step)
    _turns(motion, block[:, 1])
    np.copyto(block[:, 0], 0.0, where=np.isnan(block[:, 0]))  # NaN as 0
    path, turn = reduce_rows(np.add, block, lo + 1, hi)
    means = totals / counts[0:2]  # speed, |acceleration|
    n, n_x, n_heading = counts[2:5]
    above = np.where(n > 0, counts[5:7] * DT, np.nan)  # time above FAST, RUNNING
    peaks = np.maximum(maxima[1:3], 0.0)  # acceleration, deceleration
    dist = np.where(n_x > 0, path, np.nan)
    dx, dy = x[hi] - x[lo], y[hi] - y[lo]
    net = np.hypot(dx, dy)
    return {
        "distance_travelled": dist,
        "max_speed": maxima[0],
        "mean_speed": means[0],
        "max_acceleration": peaks[0],
        "max_deceleration": peaks[1],
        "mean_abs_acceleration": means[1],
        "time_above_8_yds": above[0],
        "time_above_5_yds": above[1],
        "net_displacement": net,
        "downfield_displacement": dx,
        "lateral_displacement": np.abs(dy),
        "path_straightness": np.where(dist >= MIN_PATH, net / np.where(dist > 0, dist, 1), np.nan),
        "start_speed": s[lo],
        "end_speed": s[hi],
        "total_turn": np.where((n_heading > 0) & (n > 1), turn, np.nan),
    }


def kernel(chunk: Chunk, results: list[PlayResult]) -> None:
    """Kinematics of every player in every phase each play of ``chunk`` has (one pass over
    all phases of all plays)."""
    phases = [ctx.phases for ctx in chunk.contexts]
    starts = chunk.motion.starts.tolist()
    lo = [starts[k] + first for k, found in enumerate(phases) for first, _ in found.values()]
    hi = [starts[k] + last for k, found in enumerate(phases) for _, last in found.values()]
    values = phase_stats(chunk.motion, np.array(lo, np.int64), np.array(hi, np.int64))
    stacked = np.array([values[stat] for stat in STATS])
    k = 0
    for ctx, found, out in zip(chunk.contexts, phases, results, strict=True):
        for phase, (first, last) in found.items():
            out.player.update(zip(NAMES[phase], stacked[:, k, : ctx.n_players], strict=True))
            out.play[stat_name("duration", phase)] = (last - first) * DT
            k += 1


REGISTRY.family(FAMILY, kernel, batch=True)
for _phase in PHASES:
    _where = PHASE_NOTES[_phase]
    _reason = PHASE_REASONS.get(_phase, "")
    REGISTRY.add(
        stat_name("duration", _phase),
        "play",
        "s",
        FAMILY,
        f"length of the phase ({_where}): Δt · (hi − lo)",
        PHASE_APPLIES[_phase],  # type: ignore[arg-type]
        _reason,
    )
    for _stat, (_unit, _formula) in STATS.items():
        REGISTRY.add(
            stat_name(_stat, _phase),
            "player_play",
            _unit,
            FAMILY,
            f"{_formula}; {_where}",
            PHASE_APPLIES[_phase],  # type: ignore[arg-type]
            _reason,
        )
