"""Pass context: who can reach the passer at the throw and the target at the arrival.

The measurements the completion and yards-after-catch models read beyond those of
:mod:`~gridtrack.stats.families.passing` and :mod:`~gridtrack.stats.families.receiving`:
the second-nearest defenders, how fast the defenders close, the target's velocity at the
catch and the defenders and blockers around him. ``q`` is the passer and ``r`` the target
(see :mod:`gridtrack.play.roles`), ``throw`` and ``arrival`` key frames, ``d_i`` the
distance from defender ``i`` to the anchor player, ``Δp = p_i − p_anchor`` and
``Δv = v_i − v_anchor``. Velocities are the tracked ones at the frame,
``v = s · (sin dir, cos dir)`` (yd/s; speed and direction as tracked, else from positions),
not central differences of positions, which would read the frame after the catch: every
stat here uses no frame after its key frame. Positions are standardized: the offense moves
toward +x, the goal line is x = 110.
"""

from __future__ import annotations

import numpy as np

from gridtrack.play import DEFAULT, DT, PlayContext, closing_speed, distance
from gridtrack.play.nanops import nanmax, nanmin
from gridtrack.schema import GOAL_LINE_RIGHT
from gridtrack.stats.registry import REGISTRY, PlayResult, per_play

FAMILY = "pass_context"
NEAR = 5.0
"""yd: defenders and teammates this close to the target at the arrival can make or stop
the first tackle attempt."""
REACH = 10.0
"""yd: defenders this close to the target at the arrival can close on him."""
HORIZON = 1.0
"""s: time ahead at which separation is projected with the velocities kept."""
LOOKBACK = 2
"""frames: the target's acceleration at the catch is his change of speed over these last
frames before it (causal: the catch frame and earlier)."""


def _kth(values: np.ndarray, k: int) -> float:
    """The ``k``-th smallest (1-based) finite value, NaN when fewer exist."""
    finite = np.sort(values[np.isfinite(values)])
    return float(finite[k - 1]) if finite.size >= k else float("nan")


def _at_passer(ctx: PlayContext, q: int, throw: int, out: PlayResult) -> None:
    """Defenders around the passer ``q`` at the throw."""
    d = distance(ctx.arr.x[throw] - ctx.arr.x[throw, q], ctx.arr.y[throw] - ctx.arr.y[throw, q])
    d = np.where(ctx.defense, d, np.nan)
    out.play["qb_second_defender_distance_at_throw"] = _kth(d, 2)
    out.play["defenders_near_qb_at_throw"] = float(np.count_nonzero(d <= ctx.config.crowd))


def _at_target(ctx: PlayContext, r: int, throw: int, arrival: int, out: PlayResult) -> None:
    """The target ``r`` at the throw, and he and the players around him at the arrival."""
    x, y = ctx.arr.x[arrival], ctx.arr.y[arrival]
    heading = np.radians(ctx.heading[arrival])
    vx, vy = ctx.speed[arrival] * np.sin(heading), ctx.speed[arrival] * np.cos(heading)
    before = max(arrival - LOOKBACK, 0)
    speed_change = ctx.speed[arrival, r] - ctx.speed[before, r]
    dx, dy = x - x[r], y - y[r]
    dvx, dvy = np.nan_to_num(vx - vx[r]), np.nan_to_num(vy - vy[r])
    d = distance(dx, dy)
    defense = ctx.defense & np.isfinite(d)
    dd = np.where(defense, d, np.nan)
    closing = np.where(defense, closing_speed(dx, dy, dvx, dvy), np.nan)
    ahead = distance(dx + dvx * HORIZON, dy + dvy * HORIZON)
    beyond = defense & (dx > 0)
    mates = ctx.offense & np.isfinite(d)
    mates[r] = False
    nearest = int(np.nanargmin(dd)) if defense.any() else None
    out.play.update(
        {
            "target_speed_at_throw": float(ctx.speed[throw, r]),
            "target_second_defender_distance_at_arrival": _kth(dd, 2),
            "target_third_defender_distance_at_arrival": _kth(dd, 3),
            "target_separation_projected_1s_after_arrival": float(
                nanmin(np.where(defense, ahead, np.nan))
            ),
            "nearest_defender_closing_speed_at_arrival": (
                np.nan if nearest is None else float(closing[nearest])
            ),
            "max_defender_closing_speed_within_10_at_arrival": float(
                nanmax(np.where(dd < REACH, closing, np.nan))
            ),
            "target_downfield_velocity_at_arrival": float(vx[r]),
            "target_lateral_speed_at_arrival": float(abs(vy[r])),
            "target_acceleration_at_arrival": (
                float(speed_change / ((arrival - before) * DT)) if arrival > before else np.nan
            ),
            "target_yards_to_goal_at_arrival": float(GOAL_LINE_RIGHT - x[r]),
            "defenders_beyond_target_at_arrival": float(np.count_nonzero(beyond)),
            "defenders_beyond_target_within_10_at_arrival": float(
                np.count_nonzero(beyond & (d < REACH))
            ),
            "nearest_defender_beyond_target_distance_at_arrival": float(
                nanmin(np.where(beyond, d, np.nan))
            ),
            "defenders_within_5_of_target_at_arrival": float(np.count_nonzero(dd < NEAR)),
            "teammates_within_5_of_target_at_arrival": float(np.count_nonzero(mates & (d < NEAR))),
        }
    )


def kernel(ctx: PlayContext, out: PlayResult) -> None:
    """Pass-context stats of a pass play with a throw (target stats also need an arrival)."""
    q, throw = ctx.passer, ctx.throw
    if not ctx.is_pass or q is None or throw is None:
        return
    out.player["passer"] = np.where(ctx.offense, (np.arange(ctx.n_players) == q) * 1.0, np.nan)
    _at_passer(ctx, q, throw, out)
    r, arrival = ctx.target, ctx.arrival
    if r is not None and arrival is not None:
        _at_target(ctx, r, throw, arrival, out)


REGISTRY.family(FAMILY, per_play(kernel), needs=("passer", "target"))
_THROWN = "null on passes without a recorded throw (sacks, scrambles)"
_ARRIVED = "null on passes without a throw and an arrival (sacks, scrambles, throwaways)"
_ALONE = "; null when no defender is tracked"
for _name, _unit, _definition, _note in (
    (
        "qb_second_defender_distance_at_throw",
        "yd",
        "second-smallest |p_i − p_q| over defenders at the throw",
        _THROWN + _ALONE,
    ),
    (
        "defenders_near_qb_at_throw",
        "count",
        f"#defenders with |p_i − p_q| ≤ {DEFAULT.crowd:g} yd at the throw",
        _THROWN,
    ),
    ("target_speed_at_throw", "yd/s", "s_r(throw)", _ARRIVED),
    (
        "target_second_defender_distance_at_arrival",
        "yd",
        "second-smallest d_i over defenders at the arrival",
        _ARRIVED + _ALONE,
    ),
    (
        "target_third_defender_distance_at_arrival",
        "yd",
        "third-smallest d_i over defenders at the arrival",
        _ARRIVED + _ALONE,
    ),
    (
        "target_separation_projected_1s_after_arrival",
        "yd",
        f"min over defenders |Δp + Δv·{HORIZON:g} s| at the arrival (velocities kept)",
        _ARRIVED + _ALONE,
    ),
    (
        "nearest_defender_closing_speed_at_arrival",
        "yd/s",
        "−(Δv·Δp)/|Δp| of the defender nearest the target at the arrival (+ closing in)",
        _ARRIVED + _ALONE,
    ),
    (
        "max_defender_closing_speed_within_10_at_arrival",
        "yd/s",
        f"max −(Δv·Δp)/|Δp| over defenders with d_i < {REACH:g} yd at the arrival",
        _ARRIVED + "; null when no defender is that close",
    ),
    (
        "target_downfield_velocity_at_arrival",
        "yd/s",
        "v_x = s_r · sin(dir_r) at the arrival (+ toward the goal line)",
        _ARRIVED,
    ),
    (
        "target_lateral_speed_at_arrival",
        "yd/s",
        "|v_y| = |s_r · cos(dir_r)| at the arrival",
        _ARRIVED,
    ),
    (
        "target_acceleration_at_arrival",
        "yd/s^2",
        f"(s_r(arrival) − s_r(arrival − {LOOKBACK})) ÷ ({LOOKBACK}·Δt): speeding up (+) "
        "into the catch",
        _ARRIVED,
    ),
    ("target_yards_to_goal_at_arrival", "yd", "110 − x_r(arrival)", _ARRIVED),
    (
        "defenders_beyond_target_at_arrival",
        "count",
        "#defenders with x_i > x_r at the arrival",
        _ARRIVED,
    ),
    (
        "defenders_beyond_target_within_10_at_arrival",
        "count",
        f"#defenders with x_i > x_r and d_i < {REACH:g} yd at the arrival",
        _ARRIVED,
    ),
    (
        "nearest_defender_beyond_target_distance_at_arrival",
        "yd",
        "min d_i over defenders with x_i > x_r at the arrival",
        _ARRIVED + "; null when no defender is beyond the target",
    ),
    (
        "defenders_within_5_of_target_at_arrival",
        "count",
        f"#defenders with d_i < {NEAR:g} yd at the arrival",
        _ARRIVED,
    ),
    (
        "teammates_within_5_of_target_at_arrival",
        "count",
        f"#offense players other than r with |p − p_r| < {NEAR:g} yd at the arrival",
        _ARRIVED,
    ),
):
    REGISTRY.add(_name, "play", _unit, FAMILY, _definition, "pass", _note)
REGISTRY.add(
    "passer",
    "player_play",
    "flag",
    FAMILY,
    "1 for the passer q, 0 for other offense players",
    "pass",
    _THROWN,
)
