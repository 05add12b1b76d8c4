"""Who does what on a play, as named derivations resolved in order.

Each role is a :class:`Role`: a name, the roles it needs, and a derivation that finds it for
every play of a :class:`~gridtrack.play.context.Chunk` at once (a list with one value per
play). A chunk resolves a role on first use, after the roles it needs
(:meth:`~gridtrack.play.context.Chunk.role`), and a derivation may read only the roles it
declares. Roles are found from the tracking alone (positions help where the players table is
known), so every source gets the same identification; thresholds come from
:class:`~gridtrack.play.config.StatsConfig`:

* ``passer`` — the QB by position when the players table names exactly one on the field;
  else the offense player nearest the ball at the throw; else a QB nearest the ball at the
  snap; else the offense player nearest the ball ``passer_delay`` s after the snap other
  than the snapper.
* ``linemen`` — players whose position is a lineman's (``linemen``).
* ``eligible`` — eligible receivers: offense players other than the passer and the linemen.
* ``carry_start`` — the frame a ball carrier starts: the catch on a completion, the handoff
  on a run (the snap on a run without one).
* ``carrier`` — the eligible receiver (on passes) or offense player (on runs) closest to
  the ball on average from ``carry_delay`` s after ``carry_start`` to the end.
* ``target`` — on a completion the carrier; otherwise the eligible receiver nearest the ball
  at its arrival. (Ball tracks of some feeds lag the players by a second; the carrier, found
  over the whole run after the catch, is robust to that.)
* ``rushers`` — on passes, defenders aligned within ``rush_align`` yd of the line of
  scrimmage at the snap who, within ``rush_window`` s of the snap and before the throw,
  cross the line or close at least ``rush_close`` yd on the passer.
* ``blockers`` — on passes, offense players who protect the passer: the linemen, and the
  other offense players but the passer and the target who stay behind the line of
  scrimmage from the snap to the throw (backs and tight ends kept in to block).
* ``coverage`` — on passes, defenders who do not rush the passer.
* ``first_contact`` — the ``first_contact`` key frame when it falls in the carry, else the
  first frame in the carry with a defender within ``contact_radius`` yd of the carrier.

Booleans over a play's players are ``(P,)`` arrays; player roles are indices into the play's
player axis, frames indices into its frame axis, ``None`` where not found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from gridtrack.errors import DefinitionError
from gridtrack.play.arrays import OFFENSE
from gridtrack.play.geometry import distance
from gridtrack.play.motion import DT
from gridtrack.play.nanops import argmin_rows, argmin_where, reduce_rows

if TYPE_CHECKING:
    from gridtrack.play.context import Chunk, PlayContext


@dataclass(frozen=True)
class Role:
    """A named derivation: ``derive(chunk)`` → one value per play of the chunk, reading only
    the roles in ``needs`` (each registered before it)."""

    name: str
    needs: tuple[str, ...]
    derive: Callable[[Chunk], list[Any]]
    description: str


ROLES: dict[str, Role] = {}
"""The roles in resolution order (a role's needs come before it)."""


def _register(
    name: str, needs: tuple[str, ...] = (), *, per_play: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the role ``name``; ``per_play``: it takes one
    :class:`PlayContext` and is lifted to the whole chunk."""

    def add(fn: Callable[..., Any]) -> Callable[..., Any]:
        unknown = [n for n in needs if n not in ROLES]
        if unknown:
            raise DefinitionError(f"role {name!r} needs {unknown}, not registered before it")
        if name in ROLES:
            raise DefinitionError(f"role {name!r} registered twice")

        def derive(chunk: Chunk) -> list[Any]:
            return [fn(ctx) for ctx in chunk.contexts] if per_play else fn(chunk)

        doc = (fn.__doc__ or "").strip().splitlines()
        ROLES[name] = Role(name, needs, derive, doc[0] if doc else "")
        return fn

    return add


def _to_ball(chunk: Chunk, plays: list[int], frames: list[int]) -> np.ndarray:
    """``(n, W)`` distance from each player to the ball at frame ``frames[i]`` of play
    ``plays[i]`` of ``chunk`` (yd; NaN beyond a play's players)."""
    m = chunk.motion
    rows = m.starts[plays] + np.array(frames, dtype=np.int64)
    return distance(m.x[rows] - m.ball_x[rows, None], m.y[rows] - m.ball_y[rows, None])


@_register("passer")
def passers(chunk: Chunk) -> list[int | None]:
    """The passer (QB), from the nearest players to the ball of all plays at once."""
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
    delay = int(round(chunk.config.passer_delay / DT))
    later = _to_ball(
        chunk,
        plays,
        [min(f + delay, c.n_frames - 1) for f, c in zip(snap, ctxs, strict=True)],
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


@_register("linemen")
def linemen(chunk: Chunk) -> list[np.ndarray]:
    """Players whose position is a lineman's."""
    positions = np.concatenate([c.arr.position for c in chunk.contexts])
    flags = np.isin(positions, list(chunk.config.linemen))
    return np.split(flags, np.cumsum([c.n_players for c in chunk.contexts])[:-1])


@_register("eligible", ("passer", "linemen"), per_play=True)
def eligible(ctx: PlayContext) -> np.ndarray:
    """Eligible receivers: offense players other than the passer and the linemen."""
    mask = ctx.offense & ~ctx.linemen
    if ctx.passer is not None:
        mask[ctx.passer] = False
    return mask


@_register("carry_start", per_play=True)
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


@_register("carrier", ("carry_start", "eligible"))
def carriers(chunk: Chunk) -> list[int | None]:
    """The ball carrier after the catch or handoff. All plays at once: the mean distances to
    the ball over each play's carry add the frames in order, as ``np.nanmean`` does."""
    out: list[int | None] = [None] * len(chunk.contexts)
    m = chunk.motion
    delay = int(round(chunk.config.carry_delay / DT))
    plays, lo, hi = [], [], []
    for k, ctx in enumerate(chunk.contexts):
        start = ctx.carry_start
        if start is not None:
            plays.append(k)
            lo.append(int(m.starts[k]) + min(start + delay, ctx.end))
            hi.append(int(m.starts[k]) + ctx.end)
    if not plays:
        return out
    rows, first = _windows(np.array(lo), np.array(hi))
    gap = distance(m.x[rows] - m.ball_x[rows, None], m.y[rows] - m.ball_y[rows, None])
    missing = np.isnan(gap)
    last = first + (np.array(hi) - np.array(lo))
    total = reduce_rows(np.add, (np.where(missing, 0.0, gap),), first, last)[0]
    counts = reduce_rows(np.add, (~missing, np.isfinite(gap)), first, last, np.int32)
    with np.errstate(invalid="ignore", divide="ignore"):  # no frame with the ball: NaN
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


@_register("target", ("carrier", "eligible"), per_play=True)
def target(ctx: PlayContext) -> int | None:
    """The intended receiver of a pass that arrived."""
    if ctx.arrival is None:
        return None
    if ctx.caught and ctx.carrier is not None:
        return ctx.carrier
    return argmin_where(ctx.to_ball(ctx.arrival), ctx.eligible)


def _rush_window(ctx: PlayContext) -> int | None:
    """Last frame of the pass rush: the throw (or the end), at most ``rush_window`` s after
    the snap; ``None`` on plays that are not passes with a snap and a known line."""
    if ctx.snap is None or not np.isfinite(ctx.los) or not ctx.is_pass:
        return None
    stop = ctx.throw if ctx.throw is not None else ctx.end
    stop = min(stop, ctx.snap + int(round(ctx.config.rush_window / DT)), ctx.n_frames - 1)
    return stop if stop > ctx.snap else None


@_register("rushers", ("passer",))
def rushers(chunk: Chunk) -> list[np.ndarray]:
    """Defenders rushing the passer (all false without a snap or passer). All plays at
    once."""
    out = [np.zeros(c.n_players, dtype=bool) for c in chunk.contexts]
    m = chunk.motion
    config = chunk.config
    plays, lo, hi, passer = [], [], [], []
    for k, ctx in enumerate(chunk.contexts):
        stop = _rush_window(ctx)
        if stop is not None and ctx.passer is not None and ctx.snap is not None:
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
    aligned = (x[first] - los) <= config.rush_align
    crossed = least_x < los
    closed = (dist[first] - least_dist) >= config.rush_close
    found = aligned & (crossed | closed)
    for i, k in enumerate(plays):
        ctx = chunk.contexts[k]
        out[k] = ctx.defense & found[i, : ctx.n_players]
    return out


@_register("blockers", ("passer", "linemen", "target"), per_play=True)
def blockers(ctx: PlayContext) -> np.ndarray:
    """Offense players protecting the passer on a pass."""
    mask = np.zeros(ctx.n_players, dtype=bool)
    if not ctx.is_pass or ctx.snap is None or ctx.passer is None:
        return mask
    stop = ctx.throw if ctx.throw is not None else ctx.end
    x = ctx.arr.x[ctx.snap : max(stop, ctx.snap) + 1]
    stayed = np.all(x <= ctx.los, axis=0) if np.isfinite(ctx.los) else np.zeros_like(mask)
    mask = ctx.offense & (ctx.linemen | stayed)
    mask[ctx.passer] = False
    if ctx.target is not None:
        mask[ctx.target] = False
    return mask


@_register("coverage", ("passer", "rushers"), per_play=True)
def coverage(ctx: PlayContext) -> np.ndarray:
    """Defenders in pass coverage: on passes with a passer, those who do not rush."""
    if not ctx.is_pass or ctx.snap is None or ctx.passer is None:
        return np.zeros(ctx.n_players, dtype=bool)
    return ctx.defense & ~ctx.rushers


@_register("first_contact", ("carry_start", "carrier"), per_play=True)
def first_contact(ctx: PlayContext) -> int | None:
    """Frame of first contact with the ball carrier."""
    start, who = ctx.carry_start, ctx.carrier
    if start is None or who is None:
        return None
    key = ctx.key.get("first_contact_frame")
    if key is not None and start <= key <= ctx.end:
        return key
    x, y = ctx.arr.x[start : ctx.end + 1], ctx.arr.y[start : ctx.end + 1]
    d = distance(x - x[:, who : who + 1], y - y[:, who : who + 1])
    near = np.any((d <= ctx.config.contact_radius) & ctx.defense[None, :], axis=1)
    hits = np.flatnonzero(near)
    return None if hits.size == 0 else start + int(hits[0])
