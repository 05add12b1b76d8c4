"""Who does what on a play: passer, target, ball carrier, pass rushers, first contact.

Each role is found from the tracking alone (positions may help when the players table is
known), so that every source gets the same identification:

* passer — the QB by position when the players table names exactly one on the field; else
  the offense player nearest the ball at the throw; else a QB nearest the ball at the snap;
  else the offense player nearest the ball 0.8 s after the snap other than the snapper.
* eligible receivers — offense players other than the passer and, where positions are
  known, other than the linemen (:data:`LINEMEN`).
* target — on a completion the ball carrier after the catch; otherwise the offense player
  other than the passer nearest the ball at its arrival. (Ball tracks of some feeds lag
  the players by a second; the carrier, found over the whole run after the catch, is robust
  to that.)
* ball carrier — the offense player closest to the ball on average from 0.2 s after the
  catch (completions) or the handoff (runs; the snap on runs without one) to the end.
* rushers — defenders aligned within ``RUSH_ALIGN`` yd of the line of scrimmage at the snap
  who, within ``RUSH_WINDOW`` s of the snap and before the throw, cross the line or close at
  least ``RUSH_CLOSE`` yd on the passer.
* first contact — the ``first_contact`` key frame when it falls in the carry, else the
  first frame in the carry with a defender within ``CONTACT_RADIUS`` yd of the carrier.

The passer, the linemen, the ball carrier and the rushers are found for every play of a
:class:`~gridtrack.stats.context.Chunk` at once (each play's context reads its own); the
other roles play by play.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from gridtrack.stats.arrays import OFFENSE
from gridtrack.stats.geometry import distance
from gridtrack.stats.nanops import argmin_rows, argmin_where, reduce_rows

if TYPE_CHECKING:
    from gridtrack.stats.context import Chunk, PlayContext

RUSH_ALIGN = 6.0
"""yd beyond the line of scrimmage within which a rusher lines up."""
RUSH_WINDOW = 2.5
"""s after the snap in which a rusher commits."""
RUSH_CLOSE = 2.5
"""yd a rusher closes on the passer within the window."""
CONTACT_RADIUS = 1.0
"""yd: a defender this close to the carrier is in contact."""
PASSER_DELAY = 8
"""frames after the snap at which the ball is in the passer's hands."""
LINEMEN = frozenset({"C", "G", "T", "OL", "OG", "OT", "LS"})
"""Positions that are not eligible receivers."""
CARRY_DELAY = 2
"""frames after the catch or handoff before the carrier holds the ball firmly."""


def _to_ball(chunk: Chunk, plays: list[int], frames: list[int]) -> np.ndarray:
    """``(n, W)`` distance from each player to the ball at frame ``frames[i]`` of play
    ``plays[i]`` of ``chunk`` (yd; NaN beyond a play's players)."""
    m = chunk.motion
    rows = m.starts[plays] + np.array(frames, dtype=np.int64)
    return distance(m.x[rows] - m.ball_x[rows, None], m.y[rows] - m.ball_y[rows, None])


def passers(chunk: Chunk) -> list[int | None]:
    """Per play of ``chunk``, the index of the passer (QB) or ``None`` (see the module
    notes); the nearest players to the ball of all plays at once."""
    ctxs = chunk.contexts
    width = chunk.motion.side.shape[1]
    offense = chunk.motion.side == OFFENSE
    qbs = np.zeros_like(offense)
    for k, ctx in enumerate(ctxs):
        qbs[k, : ctx.n_players] = ctx.offense & (ctx.arr.position == "QB")
    n_qbs = np.count_nonzero(qbs, axis=1)
    snap = [0 if c.snap is None else c.snap for c in ctxs]
    plays = list(range(len(ctxs)))
    at_snap = _to_ball(chunk, plays, snap)
    at_throw = _to_ball(
        chunk, plays, [snap[k] if c.throw is None else c.throw for k, c in enumerate(ctxs)]
    )
    later = _to_ball(
        chunk,
        plays,
        [min(f + PASSER_DELAY, c.n_frames - 1) for f, c in zip(snap, ctxs, strict=True)],
    )
    thrower = argmin_rows(at_throw, offense)
    nearest_qb = argmin_rows(at_snap, qbs)
    snapper = argmin_rows(at_snap, offense)
    others = offense & (np.arange(width) != snapper[:, None])
    receiver = argmin_rows(later, others)
    out: list[int | None] = []
    for k, ctx in enumerate(ctxs):
        if n_qbs[k] == 1:
            found = int(np.flatnonzero(qbs[k])[0])
        elif ctx.throw is not None and thrower[k] >= 0:
            found = int(thrower[k])
        elif n_qbs[k] > 1 and ctx.snap is not None:
            found = int(nearest_qb[k] if nearest_qb[k] >= 0 else np.flatnonzero(qbs[k])[0])
        elif ctx.snap is None:
            found = None
        else:
            found = int(receiver[k]) if receiver[k] >= 0 else None
        out.append(found)
    return out


def linemen(chunk: Chunk) -> list[np.ndarray]:
    """Per play of ``chunk``, ``(P,)`` bool: players whose position is a lineman's."""
    positions = np.concatenate([c.arr.position for c in chunk.contexts])
    flags = np.isin(positions, list(LINEMEN))
    return np.split(flags, np.cumsum([c.n_players for c in chunk.contexts])[:-1])


def eligible(ctx: PlayContext) -> np.ndarray:
    """``(P,)`` bool: eligible receivers (see the module notes)."""
    mask = ctx.offense & ~ctx.chunk.linemen[ctx.index]
    if ctx.passer is not None:
        mask[ctx.passer] = False
    return mask


def target(ctx: PlayContext) -> int | None:
    """Index of the intended receiver of a pass that arrived, or ``None``."""
    if ctx.arrival is None:
        return None
    if ctx.caught and ctx.carrier is not None:
        return ctx.carrier
    return argmin_where(ctx.to_ball(ctx.arrival), ctx.eligible)


def carry_start(ctx: PlayContext) -> int | None:
    """Frame at which a ball carrier starts: the catch, the handoff, or the snap on a run."""
    if ctx.is_pass:
        return ctx.arrival if ctx.caught and ctx.arrival is not None else None
    if ctx.is_run:
        return ctx.handoff if ctx.handoff is not None else ctx.snap
    return None


def _windows(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows ``lo[i]..hi[i]`` (inclusive, non-empty) of each window one after the other,
    and where each window starts among them: ``(Σ length,)`` and ``(n,)``."""
    length = hi - lo + 1
    first = np.zeros_like(length)
    np.cumsum(length[:-1], out=first[1:])
    rows = np.arange(int(length.sum())) + np.repeat(lo - first, length)
    return rows, first


def carriers(chunk: Chunk) -> list[int | None]:
    """Per play of ``chunk``: the index of the ball carrier after the catch or handoff, or
    ``None``. All plays at once: the mean distances to the ball over each play's carry add
    the frames in order, as ``np.nanmean`` over the carry does."""
    out: list[int | None] = [None] * len(chunk.contexts)
    m = chunk.motion
    plays, lo, hi = [], [], []
    for k, ctx in enumerate(chunk.contexts):
        start = ctx.carry_start
        if start is not None:
            plays.append(k)
            lo.append(int(m.starts[k]) + min(start + CARRY_DELAY, ctx.end))
            hi.append(int(m.starts[k]) + ctx.end)
    if not plays:
        return out
    rows, first = _windows(np.array(lo), np.array(hi))
    gap = distance(m.x[rows] - m.ball_x[rows, None], m.y[rows] - m.ball_y[rows, None])
    missing = np.isnan(gap)
    last = first + (np.array(hi) - np.array(lo))
    total = reduce_rows(np.add, (np.where(missing, 0.0, gap),), first, last)[0]
    counts = reduce_rows(np.add, (~missing, np.isfinite(gap)), first, last, np.int32)
    mean = total / counts[0]
    allowed = np.zeros(mean.shape, dtype=bool)
    for i, k in enumerate(plays):
        ctx = chunk.contexts[k]
        allowed[i, : ctx.n_players] = ctx.eligible if ctx.is_pass else ctx.offense
    found = argmin_rows(mean, allowed)
    for i, k in enumerate(plays):
        if counts[1, i].any() and found[i] >= 0:
            out[k] = int(found[i])
    return out


def rushers(chunk: Chunk) -> list[np.ndarray]:
    """Per play of ``chunk``, ``(P,)`` bool: defenders rushing the passer (all false without
    a snap or passer). All plays at once."""
    out = [np.zeros(c.n_players, dtype=bool) for c in chunk.contexts]
    m = chunk.motion
    plays, lo, hi, passer = [], [], [], []
    for k, ctx in enumerate(chunk.contexts):
        if ctx.snap is None or ctx.passer is None or not np.isfinite(ctx.los) or not ctx.is_pass:
            continue
        stop = ctx.throw if ctx.throw is not None else ctx.end
        stop = min(stop, ctx.snap + int(round(RUSH_WINDOW / 0.1)), ctx.n_frames - 1)
        if stop > ctx.snap:
            plays.append(k)
            lo.append(int(m.starts[k]) + ctx.snap)
            hi.append(int(m.starts[k]) + stop)
            passer.append(ctx.passer)
    if not plays:
        return out
    rows, first = _windows(np.array(lo), np.array(hi))
    last = first + (np.array(hi) - np.array(lo))
    x, y = m.x[rows], m.y[rows]
    q = np.repeat(passer, np.array(hi) - np.array(lo) + 1)[:, None]
    dist = distance(x - np.take_along_axis(x, q, axis=1), y - np.take_along_axis(y, q, axis=1))
    least_x, least_dist = reduce_rows(np.fmin, (x, dist), first, last)
    los = np.array([chunk.contexts[k].los for k in plays])[:, None]
    aligned = (x[first] - los) <= RUSH_ALIGN
    crossed = least_x < los
    closed = (dist[first] - least_dist) >= RUSH_CLOSE
    found = aligned & (crossed | closed)
    for i, k in enumerate(plays):
        ctx = chunk.contexts[k]
        out[k] = ctx.defense & found[i, : ctx.n_players]
    return out


def first_contact(ctx: PlayContext) -> int | None:
    """Frame of first contact with the ball carrier, or ``None``."""
    start, who = ctx.carry_start, ctx.carrier
    if start is None or who is None:
        return None
    key = ctx.key.get("first_contact_frame")
    if key is not None and start <= key <= ctx.end:
        return key
    x, y = ctx.arr.x[start : ctx.end + 1], ctx.arr.y[start : ctx.end + 1]
    d = distance(x - x[:, who : who + 1], y - y[:, who : who + 1])
    near = np.any((d <= CONTACT_RADIUS) & ctx.defense[None, :], axis=1)
    hits = np.flatnonzero(near)
    return None if hits.size == 0 else start + int(hits[0])
