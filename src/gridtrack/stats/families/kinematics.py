"""Kinematics of every player in every phase of the play.

For a phase covering frames ``lo..hi`` (see :data:`gridtrack.stats.context.PHASES`) and a
player with positions ``p_t``, speed ``s_t`` and tangential acceleration ``a_t = ds/dt``
(centred differences, 3-frame smoothed), with ``Δt = 0.1 s``. A stat is named
``<stat>_<phase>``, or plainly ``<stat>`` for the whole play.
"""

from __future__ import annotations

import numpy as np

from gridtrack.stats.context import DT, PHASES, PlayContext, PlayResult
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


def _wrap(angle: np.ndarray) -> np.ndarray:
    return (angle + 180.0) % 360.0 - 180.0


def phase_stats(ctx: PlayContext, lo: int, hi: int) -> dict[str, np.ndarray]:
    """Every kinematic stat of every player over frames ``lo..hi`` (inclusive), ``(P,)``."""
    x, y = ctx.arr.x[lo : hi + 1], ctx.arr.y[lo : hi + 1]
    s = ctx.speed[lo : hi + 1]
    a = ctx.accel[lo : hi + 1]
    seen = np.isfinite(s).any(axis=0)
    moved = np.isfinite(x).any(axis=0)
    steps = ctx.step[lo + 1 : hi + 1]
    dist = np.where(moved, np.nansum(steps, axis=0), np.nan)
    dx, dy = x[-1] - x[0], y[-1] - y[0]
    net = np.hypot(dx, dy)
    turn = np.abs(_wrap(np.diff(ctx.heading[lo : hi + 1], axis=0)))
    turning = (s[1:] > 1.0) & np.isfinite(turn)
    has_heading = np.isfinite(ctx.heading[lo : hi + 1]).any(axis=0)
    n = np.isfinite(s).sum(axis=0)
    return {
        "distance_travelled": dist,
        "max_speed": np.nanmax(s, axis=0),
        "mean_speed": np.nanmean(s, axis=0),
        "max_acceleration": np.maximum(np.nanmax(a, axis=0), 0.0),
        "max_deceleration": np.maximum(np.nanmax(-a, axis=0), 0.0),
        "mean_abs_acceleration": np.nanmean(np.abs(a), axis=0),
        "time_above_8_yds": np.where(seen, (s > FAST).sum(axis=0) * DT, np.nan),
        "time_above_5_yds": np.where(seen, (s > RUNNING).sum(axis=0) * DT, np.nan),
        "net_displacement": net,
        "downfield_displacement": dx,
        "lateral_displacement": np.abs(dy),
        "path_straightness": np.where(dist >= MIN_PATH, net / np.where(dist > 0, dist, 1), np.nan),
        "start_speed": s[0],
        "end_speed": s[-1],
        "total_turn": np.where(
            has_heading & (n > 1), np.where(turning, turn, 0.0).sum(axis=0), np.nan
        ),
    }


def kernel(ctx: PlayContext, out: PlayResult) -> None:
    """Kinematics of every player in every phase the play has."""
    for phase, (lo, hi) in ctx.phases.items():
        for stat, values in phase_stats(ctx, lo, hi).items():
            out.player[stat_name(stat, phase)] = values
        out.play[stat_name("duration", phase)] = (hi - lo) * DT


REGISTRY.family(FAMILY, kernel)
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
