"""Rushing: the ball carrier ``c`` of a run, from the handoff (or the snap) to the end.

``los`` is the line of scrimmage x, ``contact`` the first contact with the carrier
(see :mod:`gridtrack.stats.roles`); x beyond the goal line counts as the goal line.
"""

from __future__ import annotations

import numpy as np

from gridtrack.play import DEFAULT, DT, PlayContext, distance
from gridtrack.schema import GOAL_LINE_RIGHT
from gridtrack.stats.registry import REGISTRY, PlayResult, per_play

FAMILY = "rushing"


def kernel(ctx: PlayContext, out: PlayResult) -> None:
    """Rushing stats of a run play."""
    c, start = ctx.carrier, ctx.carry_start
    if not ctx.is_run or c is None or start is None or ctx.snap is None:
        return
    end = ctx.end
    x = np.minimum(ctx.arr.x[:, c], GOAL_LINE_RIGHT)
    gained = x[end] - ctx.los
    recorded = ctx.arr.play.get("yards_gained")
    yards = float(recorded) if recorded is not None else gained  # type: ignore[arg-type]
    travelled = float(np.nansum(ctx.step[start + 1 : end + 1, c]))
    beyond = np.flatnonzero(x[ctx.snap : end + 1] >= ctx.los)
    d = distance(ctx.arr.x[start] - ctx.arr.x[start, c], ctx.arr.y[start] - ctx.arr.y[start, c])
    out.play.update(
        {
            "rush_yards_tracked": gained,
            "rush_distance_travelled": travelled,
            "rush_efficiency": travelled / yards if yards > 0 else np.nan,
            "carrier_depth_at_handoff": ctx.los - ctx.arr.x[start, c],
            "carrier_max_speed": float(np.nanmax(ctx.speed[start : end + 1, c])),
            "time_to_los": beyond[0] * DT if beyond.size else np.nan,
            "defenders_near_carrier_at_handoff": float(
                np.sum(ctx.defense & (d <= ctx.config.near_carrier))
            ),
        }
    )
    contact = ctx.first_contact
    if contact is not None:
        out.play["yards_before_contact"] = x[contact] - ctx.los
        out.play["yards_after_contact"] = x[end] - x[contact]
        out.play["time_to_contact"] = (contact - start) * DT


REGISTRY.family(FAMILY, per_play(kernel), needs=("carrier", "carry_start", "first_contact"))
_CONTACT = "null on carries that end without contact (out of bounds, touchdowns)"
for _name, _unit, _definition, _note in (
    ("rush_yards_tracked", "yd", "x_c(end) − los", ""),
    ("rush_distance_travelled", "yd", "Σ |Δp_c| from the handoff to the end", ""),
    (
        "rush_efficiency",
        "ratio",
        "rush_distance_travelled ÷ yards gained (recorded, else tracked); null if ≤ 0",
        "null when the run gains no yards",
    ),
    ("carrier_depth_at_handoff", "yd", "los − x_c at the handoff (or the snap)", ""),
    ("carrier_max_speed", "yd/s", "max s_c from the handoff to the end", ""),
    (
        "time_to_los",
        "s",
        "(first frame with x_c ≥ los − snap) · Δt",
        "null on runs stopped behind the line",
    ),
    (
        "defenders_near_carrier_at_handoff",
        "count",
        f"#defenders within {DEFAULT.near_carrier:g} yd of the carrier at the handoff",
        "",
    ),
    ("yards_before_contact", "yd", "x_c(contact) − los", _CONTACT),
    ("yards_after_contact", "yd", "x_c(end) − x_c(contact)", _CONTACT),
    ("time_to_contact", "s", "(contact − handoff) · Δt", _CONTACT),
):
    REGISTRY.add(_name, "play", _unit, FAMILY, _definition, "run", _note)
