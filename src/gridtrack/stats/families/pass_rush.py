"""Pass rush: get-off, pressure and how close the rushers come to the passer ``q``.

The rush window runs from the snap to the throw (or the sack, or the end of the play);
``d_i(t)`` is rusher ``i``'s distance to the passer. Get-off is measured for every player.
"""

from __future__ import annotations

import numpy as np

from gridtrack.play import DEFAULT, DT, PlayContext, distance
from gridtrack.stats.registry import REGISTRY, PlayResult, per_play

FAMILY = "pass_rush"


def get_off(ctx: PlayContext) -> np.ndarray:
    """``(P,)`` seconds from the snap until each player is 1 yd from his snap position."""
    snap = ctx.snap
    assert snap is not None
    x, y = ctx.arr.x[snap : ctx.end + 1], ctx.arr.y[snap : ctx.end + 1]
    moved = distance(x - x[0], y - y[0]) >= ctx.config.get_off_distance
    first = np.argmax(moved, axis=0)
    return np.where(moved.any(axis=0), first * DT, np.nan)


def kernel(ctx: PlayContext, out: PlayResult) -> None:
    """Get-off for everyone; pressure stats on pass plays."""
    if ctx.snap is None:
        return
    snap = ctx.snap
    off = get_off(ctx)
    out.player["get_off"] = off
    q = ctx.passer
    if not ctx.is_pass or q is None:
        return
    rushers = ctx.rushers
    stop = ctx.throw if ctx.throw is not None else ctx.end
    x, y = ctx.arr.x[snap : stop + 1], ctx.arr.y[snap : stop + 1]
    d = distance(x - x[:, q : q + 1], y - y[:, q : q + 1])
    closest = np.nanmin(d, axis=0)
    near = d <= ctx.config.pressure_radius
    pressured = np.any(near, axis=0, keepdims=False).astype(bool)
    t_press = np.where(pressured, np.argmax(near, axis=0) * DT, np.nan)
    mask = np.where(rushers, 1.0, np.nan)
    out.player["pass_rusher"] = np.where(ctx.defense, rushers * 1.0, np.nan)
    out.player["min_distance_to_qb"] = closest * mask
    out.player["time_to_pressure"] = t_press * mask
    out.player["pressure"] = pressured * mask
    n = int(rushers.sum())
    out.play["rushers"] = float(n)
    if n == 0:
        return
    out.play.update(
        {
            "pressure": float(pressured[rushers].any()),
            "pressuring_rushers": float(pressured[rushers].sum()),
            "min_distance_to_qb": float(np.nanmin(closest[rushers])),
            "get_off": float(np.nanmean(off[rushers])),
        }
    )
    if pressured[rushers].any():
        out.play["time_to_pressure"] = float(np.nanmin(t_press[rushers]))


REGISTRY.family(FAMILY, per_play(kernel), needs=("passer", "rushers"))
_PASS = "null on passes with no rusher identified (no line of scrimmage or passer)"
_NO_PRESSURE = "null when no rusher reaches the passer"
for _name, _level, _unit, _definition, _applies, _note in (
    (
        "get_off",
        "player_play",
        "s",
        f"(first frame with |p − p(snap)| ≥ {DEFAULT.get_off_distance:g} yd − snap) · Δt",
        "all",
        "null on plays without a snap, or for players who never move 1 yd",
    ),
    (
        "pass_rusher",
        "player_play",
        "flag",
        "1 for defenders identified as rushers (see roles), 0 for other defenders",
        "pass",
        _PASS,
    ),
    (
        "min_distance_to_qb",
        "player_play",
        "yd",
        "min d_i(t) over the rush window (rushers)",
        "pass",
        _PASS,
    ),
    (
        "time_to_pressure",
        "player_play",
        "s",
        f"(first t with d_i(t) ≤ {DEFAULT.pressure_radius:g} yd − snap) · Δt (rushers)",
        "pass",
        _NO_PRESSURE,
    ),
    (
        "pressure",
        "player_play",
        "flag",
        f"1 if d_i(t) ≤ {DEFAULT.pressure_radius:g} yd at some t in the rush window (rushers)",
        "pass",
        _PASS,
    ),
    ("rushers", "play", "count", "#defenders identified as rushers", "pass", _PASS),
    (
        "pressure",
        "play",
        "flag",
        f"1 if a rusher comes within {DEFAULT.pressure_radius:g} yd of the passer before the "
        "throw or sack",
        "pass",
        _PASS,
    ),
    ("pressuring_rushers", "play", "count", "#rushers with pressure = 1", "pass", _PASS),
    ("min_distance_to_qb", "play", "yd", "min over rushers of min d_i(t)", "pass", _PASS),
    ("time_to_pressure", "play", "s", "min over rushers of time_to_pressure", "pass", _NO_PRESSURE),
    ("get_off", "play", "s", "mean get_off of the rushers", "pass", _PASS),
):
    REGISTRY.add(_name, _level, _unit, FAMILY, _definition, _applies, _note)  # type: ignore[arg-type]
