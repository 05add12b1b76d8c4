"""Kinematics of every player in every phase of the play.

For a phase covering frames ``lo..hi`` (see :data:`gridtrack.stats.context.PHASES`) and a
player with positions ``p_t``, speed ``s_t`` and tangential acceleration ``a_t = ds/dt``
(centred differences, 3-frame smoothed), with ``Δt = 0.1 s``. A stat is named
``<stat>_<phase>``, or plainly ``<stat>`` for the whole play.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import numpy as np

from gridtrack.play import DEFAULT, DT, PHASES, Chunk, Motion, StatsConfig, distance, turn
from gridtrack.play.nanops import reduce_rows
from gridtrack.stats.registry import REGISTRY, PlayResult

FAMILY = "kinematics"
FAST, RUNNING = 8.0, 5.0
"""Speed thresholds (yd/s) of ``time_above_8_yds`` and ``time_above_5_yds``."""

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
    turns = turn(heading[:-1], heading[1:], out=out[1:])
    counted = np.greater(motion.speed[1:], 1.0)
    counted &= np.isfinite(turns)
    np.copyto(turns, 0.0, where=~counted)


Fill = Callable[[np.ndarray], object]
"""Writes an ``(R, W)`` column of values to reduce into the view it is given."""


def _nan_as_zero(values: np.ndarray, out: np.ndarray) -> None:
    np.copyto(out, values)
    np.copyto(out, 0.0, where=np.isnan(values))


def _reduced(
    ufunc: np.ufunc,
    fills: dict[str, Fill],
    shape: tuple[int, ...],
    lo: np.ndarray,
    hi: np.ndarray,
    dtype: type,
) -> dict[str, np.ndarray]:
    """Each of ``fills`` written side by side into one ``(R, q, W)`` array of ``dtype``
    (``shape`` is ``(R, W)``) and reduced by ``ufunc`` over the rows ``lo[k]..hi[k]`` in one
    pass: ``(K, W)`` each."""
    if not fills:
        return {}
    block: np.ndarray = np.empty((shape[0], len(fills), shape[1]), dtype)
    for j, fill in enumerate(fills.values()):
        fill(block[:, j])
    return dict(zip(fills, reduce_rows(ufunc, block, lo, hi, dtype), strict=True))


def phase_stats(
    motion: Motion,
    lo: np.ndarray,
    hi: np.ndarray,
    stats: Collection[str] = tuple(STATS),
    config: StatsConfig = DEFAULT,
) -> dict[str, np.ndarray]:
    """The kinematic ``stats`` (names of :data:`STATS`; all by default) of every player
    over each of the ``K`` phases ``lo[k]..hi[k]`` (rows of ``motion``, inclusive):
    ``(K, W)`` per stat.

    Sums, counts and maxima ignore NaN (as ``np.nansum``, ``np.nanmean`` and ``np.nanmax``
    over the phase would); steps and turns count on the frames ``lo+1..hi`` they end on.
    Only what ``stats`` need is computed; the values of each kind of reduction (counts,
    sums, maxima, sums over steps) go side by side into one array, reduced in one pass.
    """
    m, x, y = motion, motion.x, motion.y  # speed and acceleration derived when needed
    wanted = set(stats)

    def need(*names: str) -> bool:
        return not wanted.isdisjoint(names)

    counts: dict[str, Fill] = {}
    sums: dict[str, Fill] = {}
    maxima: dict[str, Fill] = {}
    steps: dict[str, Fill] = {}
    if need("mean_speed"):
        counts["speed"] = lambda out: np.logical_not(np.isnan(m.speed), out=out)
        sums["speed"] = lambda out: _nan_as_zero(m.speed, out)
    if need("mean_abs_acceleration"):
        counts["accel"] = lambda out: np.logical_not(np.isnan(m.accel), out=out)
        sums["accel"] = lambda out: _nan_as_zero(np.abs(m.accel), out)
    if need("time_above_8_yds", "time_above_5_yds", "total_turn"):
        counts["moving"] = lambda out: np.isfinite(m.speed, out=out)
    if need("time_above_8_yds"):
        counts["fast"] = lambda out: np.greater(m.speed, FAST, out=out)
    if need("time_above_5_yds"):
        counts["running"] = lambda out: np.greater(m.speed, RUNNING, out=out)
    if need("distance_travelled", "path_straightness"):
        counts["x"] = lambda out: np.isfinite(x, out=out)
        steps["path"] = lambda out: _nan_as_zero(m.step, out)
    if need("total_turn"):
        counts["heading"] = lambda out: np.isfinite(m.heading, out=out)
        steps["turn"] = lambda out: _turns(m, out)
    if need("max_speed"):
        maxima["speed"] = lambda out: np.copyto(out, m.speed)
    if need("max_acceleration"):
        maxima["accel"] = lambda out: np.copyto(out, m.accel)
    if need("max_deceleration"):
        maxima["decel"] = lambda out: np.negative(m.accel, out=out)
    n = _reduced(np.add, counts, x.shape, lo, hi, np.int32)
    total = _reduced(np.add, sums, x.shape, lo, hi, np.float64)
    peak = _reduced(np.fmax, maxima, x.shape, lo, hi, np.float64)
    along = _reduced(np.add, steps, x.shape, lo + 1, hi, np.float64)
    out: dict[str, np.ndarray] = {}
    if "x" in n:
        out["distance_travelled"] = np.where(n["x"] > 0, along["path"], np.nan)
    if need("max_speed"):
        out["max_speed"] = peak["speed"]
    if need("mean_speed"):
        out["mean_speed"] = total["speed"] / n["speed"]
    if need("max_acceleration"):
        out["max_acceleration"] = np.maximum(peak["accel"], 0.0)
    if need("max_deceleration"):
        out["max_deceleration"] = np.maximum(peak["decel"], 0.0)
    if need("mean_abs_acceleration"):
        out["mean_abs_acceleration"] = total["accel"] / n["accel"]
    if need("time_above_8_yds"):
        out["time_above_8_yds"] = np.where(n["moving"] > 0, n["fast"] * DT, np.nan)
    if need("time_above_5_yds"):
        out["time_above_5_yds"] = np.where(n["moving"] > 0, n["running"] * DT, np.nan)
    if need(
        "net_displacement", "downfield_displacement", "lateral_displacement", "path_straightness"
    ):
        dx, dy = x[hi] - x[lo], y[hi] - y[lo]
        net = distance(dx, dy)
        dist = out.get("distance_travelled")
        out.update(
            net_displacement=net,
            downfield_displacement=dx,
            lateral_displacement=np.abs(dy),
        )
        if dist is not None:
            out["path_straightness"] = np.where(
                dist >= config.min_path, net / np.where(dist > 0, dist, 1), np.nan
            )
    if need("start_speed"):
        out["start_speed"] = m.speed[lo]
    if need("end_speed"):
        out["end_speed"] = m.speed[hi]
    if need("total_turn"):
        out["total_turn"] = np.where((n["heading"] > 0) & (n["moving"] > 1), along["turn"], np.nan)
    return {name: out[name] for name in STATS if name in wanted}


def kernel(chunk: Chunk, results: list[PlayResult]) -> None:
    """Kinematics of every player in every phase each play of ``chunk`` has (one pass over
    all phases of all plays), of the stats and phases :meth:`Chunk.wants`."""
    stats = [st for st in STATS if chunk.wants(stat_name(st, p) for p in PHASES)]
    wanted = {p for p in PHASES if chunk.wants([*NAMES[p], stat_name("duration", p)])}
    phases = [{p: span for p, span in ctx.phases.items() if p in wanted} for ctx in chunk.contexts]
    starts = chunk.motion.starts.tolist()
    lo = [starts[k] + first for k, found in enumerate(phases) for first, _ in found.values()]
    hi = [starts[k] + last for k, found in enumerate(phases) for _, last in found.values()]
    values = phase_stats(
        chunk.motion, np.array(lo, np.int64), np.array(hi, np.int64), stats, chunk.config
    )
    width = chunk.motion.x.shape[1]
    stacked = np.array([values[stat] for stat in stats]).reshape(len(stats), len(lo), width)
    names = {p: [stat_name(st, p) for st in stats] for p in wanted}
    k = 0
    for ctx, found, out in zip(chunk.contexts, phases, results, strict=True):
        for phase, (first, last) in found.items():
            out.player.update(zip(names[phase], stacked[:, k, : ctx.n_players], strict=True))
            out.play[stat_name("duration", phase)] = (last - first) * DT
            k += 1


REGISTRY.family(FAMILY, kernel, needs=PHASES)
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
