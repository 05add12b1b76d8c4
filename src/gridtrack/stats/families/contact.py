"""Contact and safety: pairs of opponents who come within a yard of each other.

A contact is the first frame ``t`` after the snap, up to the end of the play, at which an
offense–defense pair's distance ``d(t) = |p_d − p_o|`` drops to ``contact_radius``
(:class:`~gridtrack.play.StatsConfig`) or less from above it. Its closing speed is the
relative speed along the line between them (:func:`gridtrack.play.closing_speed`),

    v_close = −(p_d − p_o) · (v_d − v_o) / d        (yd/s, + when approaching),

with velocities from the positions (centred differences).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gridtrack.play import DEFAULT, PlayContext, closing_speed, distance
from gridtrack.stats.registry import REGISTRY, PlayResult, per_play

FAMILY = "contact"


@dataclass(frozen=True)
class Contacts:
    """Contacts of one play: indices of the offense and defense players, frame, closing
    speed (yd/s)."""

    offense: np.ndarray
    defense: np.ndarray
    frame: np.ndarray
    closing_speed: np.ndarray


def contacts(ctx: PlayContext) -> Contacts:
    """Every offense–defense pair's first contact on the play (see the module formula)."""
    lo, hi = ctx.start, ctx.end
    o_idx, d_idx = np.flatnonzero(ctx.offense), np.flatnonzero(ctx.defense)
    empty = np.zeros(0, dtype=np.int64)
    if hi <= lo or o_idx.size == 0 or d_idx.size == 0:
        return Contacts(empty, empty, empty, np.zeros(0))
    x, y = ctx.arr.x[lo : hi + 1], ctx.arr.y[lo : hi + 1]
    rx = x[:, d_idx][:, None, :] - x[:, o_idx][:, :, None]
    ry = y[:, d_idx][:, None, :] - y[:, o_idx][:, :, None]
    d = distance(rx, ry)
    radius = ctx.config.contact_radius
    inside = d <= radius
    entering = inside[1:] & (d[:-1] > radius)
    hit = entering.any(axis=0)
    oi, di = np.nonzero(hit)
    t = np.argmax(entering, axis=0)[oi, di] + 1
    vx, vy = ctx.vx[lo : hi + 1], ctx.vy[lo : hi + 1]
    o, dd = o_idx[oi], d_idx[di]
    closing = closing_speed(
        rx[t, oi, di], ry[t, oi, di], vx[t, dd] - vx[t, o], vy[t, dd] - vy[t, o]
    )
    return Contacts(o, dd, t + lo, closing)


def kernel(ctx: PlayContext, out: PlayResult) -> None:
    """Per-player and per-play contact counts and closing speeds."""
    found = contacts(ctx)
    threshold = ctx.config.high_speed_contact
    who = np.concatenate([found.offense, found.defense])
    speeds = np.concatenate([found.closing_speed, found.closing_speed])
    count = np.bincount(who, minlength=ctx.n_players).astype(np.float64)
    best = np.full(ctx.n_players, -np.inf)
    np.maximum.at(best, who, np.nan_to_num(speeds, nan=-np.inf))
    out.player["contacts"] = count
    out.player["closing_speed_at_contact"] = np.where(np.isfinite(best), best, np.nan)
    out.play["contacts"] = float(found.frame.size)
    out.play["high_speed_contacts"] = float(np.sum(found.closing_speed >= threshold))
    if found.frame.size:
        out.play["max_closing_speed_at_contact"] = float(np.nanmax(found.closing_speed))


REGISTRY.family(FAMILY, per_play(kernel))
_NONE = f"null on plays where no opponents come within {DEFAULT.contact_radius:g} yd"
for _name, _level, _unit, _definition, _note in (
    (
        "contacts",
        "player_play",
        "count",
        f"#opponents the player comes within {DEFAULT.contact_radius:g} yd of (first contacts)",
        "",
    ),
    (
        "closing_speed_at_contact",
        "player_play",
        "yd/s",
        "max over the player's contacts of v_close = −Δp·Δv/|Δp| at the contact",
        "null for players without contact",
    ),
    ("contacts", "play", "count", "#offense–defense pairs that come into contact", ""),
    (
        "max_closing_speed_at_contact",
        "play",
        "yd/s",
        "max over the play's contacts of v_close",
        _NONE,
    ),
    (
        "high_speed_contacts",
        "play",
        "count",
        "#contacts with v_close ≥ StatsConfig.high_speed_contact "
        f"(default {DEFAULT.high_speed_contact:g} yd/s)",
        "",
    ),
):
    REGISTRY.add(_name, _level, _unit, FAMILY, _definition, "all", _note)  # type: ignore[arg-type]
