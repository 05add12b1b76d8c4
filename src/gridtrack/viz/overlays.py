"""What overlays draw, computed per frame over a :class:`~gridtrack.viz.play.PlayData`.

Each function returns plain arrays in field yards; the Plotly and Matplotlib renderers draw
them. Formulas:

* speed vector of a player: from (x, y) to (x + s·t·sin dir, y + s·t·cos dir), i.e. where
  he would be after ``t`` seconds at his current speed (dir: 0° = +y, clockwise);
* separation of a receiver: distance (yd) to the nearest defender in the same frame;
* distance to the quarterback of each pass rusher (yd).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gridtrack.viz.play import PlayData

ROUTE_POSITIONS = frozenset({"WR", "TE", "RB", "FB", "HB"})
"""Positions that run routes (receivers for separation lines)."""
NOT_RECEIVERS = frozenset({"QB", "C", "G", "T", "OT", "OG", "OL", "LS"})


@dataclass(frozen=True)
class Pairs:
    """Lines between two entities per frame: ``a`` holds entity columns (shape ``(P,)``),
    ``b`` the entity column each is joined to per frame (shape ``(F, P)``), ``distance``
    the length of each line in yards (shape ``(F, P)``)."""

    a: np.ndarray
    b: np.ndarray
    distance: np.ndarray


def speed_vectors(play: PlayData, seconds: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """End points (x, y) of each player's speed vector, shape ``(F, E)`` each, yards: where
    the player would be ``seconds`` later at his current speed and direction (NaN for the
    ball and where unknown)."""
    rad = np.deg2rad(play.dir)
    length = np.nan_to_num(play.s, nan=0.0) * seconds
    x1 = play.x + length * np.sin(rad)
    y1 = play.y + length * np.cos(rad)
    ball = play.ball_index
    if ball is not None:
        x1[:, ball] = np.nan
        y1[:, ball] = np.nan
    return x1, y1


def receivers(play: PlayData) -> np.ndarray:
    """Entity columns of the route runners: offense players at WR, TE, RB, FB; where no
    positions are known, every offense player who is not a QB or lineman by position."""
    off = play.indices("offense")
    known = [i for i in off if play.position[i]]
    if known:
        return np.array([i for i in off if play.position[i].upper() in ROUTE_POSITIONS], int)
    return np.array([i for i in off if play.position[i].upper() not in NOT_RECEIVERS], int)


def _distances(play: PlayData, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per frame, distances between every entity in ``a`` and every one in ``b``:
    shape ``(F, len(a), len(b))``, yards."""
    dx = play.x[:, a, None] - play.x[:, None, b]
    dy = play.y[:, a, None] - play.y[:, None, b]
    return np.hypot(dx, dy)


def separation(play: PlayData, targets: Sequence[int] | None = None) -> Pairs:
    """Each receiver (``targets``: entity columns; default :func:`receivers`) paired per
    frame with his nearest defender; ``distance`` is the separation in yards.
    """
    rec = np.asarray(targets if targets is not None else receivers(play), dtype=int)
    dfn = play.indices("defense")
    if rec.size == 0 or dfn.size == 0:
        return _no_pairs(play)
    d = np.where(np.isnan(_distances(play, rec, dfn)), np.inf, _distances(play, rec, dfn))
    nearest = np.argmin(d, axis=2)
    dist = np.take_along_axis(d, nearest[:, :, None], axis=2)[:, :, 0]
    dist[~np.isfinite(dist)] = np.nan
    return Pairs(rec, dfn[nearest], dist)


def _no_pairs(play: PlayData) -> Pairs:
    return Pairs(np.zeros(0, int), np.zeros((play.n_frames, 0), int), np.zeros((play.n_frames, 0)))


def quarterback(play: PlayData) -> int | None:
    """Entity column of the quarterback: the offense player listed at QB, else the offense
    player nearest the ball half a second after the snap."""
    off = play.indices("offense")
    for i in off:
        if play.position[i].upper() == "QB":
            return int(i)
    ball = play.ball_index
    if ball is None or off.size == 0:
        return None
    f = play.frame_index((play.snap_frame or int(play.frame_ids[0])) + 5)
    d = np.hypot(play.x[f, off] - play.x[f, ball], play.y[f, off] - play.y[f, ball])
    if np.all(np.isnan(d)):
        return None
    return int(off[np.nanargmin(d)])


def pass_rushers(play: PlayData, *, line_margin: float = 2.0, closing: float = 2.0) -> np.ndarray:
    """Entity columns of the defenders who rush the passer.

    Between the snap and the throw (or 2.5 s after the snap where no throw is known), a
    defender rushes when he stays at the line (within ``line_margin`` yd of the line of
    scrimmage at the snap and at the end of the window — a lineman), or when he comes
    forward to the line (within ``line_margin`` yd of it at some frame) while closing at
    least ``closing`` yd on the quarterback — a blitzer. Coverage players drop away from
    the line and are not rushers.
    """
    qb = quarterback(play)
    dfn = play.indices("defense")
    los = play.line_of_scrimmage
    if qb is None or dfn.size == 0 or los is None:
        return np.zeros(0, int)
    snap = play.frame_index(play.snap_frame)
    throw = play.key_frames.get("throw_frame")
    stop = play.frame_index(int(throw)) if throw else min(snap + 25, play.n_frames - 1)
    window = slice(snap, max(stop, snap) + 1)
    depth = play.x[window][:, dfn] - los  # yards beyond the line, toward the defense
    if play.flipped:
        depth = -depth
    d = np.hypot(
        play.x[window][:, dfn] - play.x[window][:, [qb]],
        play.y[window][:, dfn] - play.y[window][:, [qb]],
    )
    with np.errstate(all="ignore"):
        lineman = (depth[0] <= line_margin) & (depth[-1] <= line_margin)
        blitzer = (np.nanmin(depth, axis=0) <= line_margin) & (
            d[0] - np.nanmin(d, axis=0) >= closing
        )
    return dfn[lineman | blitzer]


def qb_distance(play: PlayData, rushers: Sequence[int] | None = None) -> Pairs:
    """Each pass rusher (entity columns; default :func:`pass_rushers`) paired with the
    quarterback; ``distance`` is yards per frame."""
    qb = quarterback(play)
    rush = np.asarray(rushers if rushers is not None else pass_rushers(play), dtype=int)
    if qb is None or rush.size == 0:
        return _no_pairs(play)
    d = np.hypot(play.x[:, rush] - play.x[:, qb, None], play.y[:, rush] - play.y[:, qb, None])
    return Pairs(rush, np.full(d.shape, qb, dtype=int), d)


def entity_columns(play: PlayData, nfl_ids: Sequence[int]) -> np.ndarray:
    """Entity columns of the given ``nfl_id`` values (those present in the play)."""
    where = {int(e): i for i, e in enumerate(play.entity_ids)}
    return np.array([where[int(n)] for n in nfl_ids if int(n) in where], dtype=int)
