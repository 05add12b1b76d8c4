"""What overlays draw, computed per frame over a :class:`~gridtrack.viz.play.PlayData`.

Each function returns plain arrays in field yards; the Plotly and Matplotlib renderers draw
them. Formulas:

* speed vector of a player: from (x, y) to (x + s·t·sin dir, y + s·t·cos dir), i.e. where
  he would be after ``t`` seconds at his current speed (dir: 0° = +y, clockwise);
* separation of a receiver: distance (yd) to the nearest defender in the same frame;
* distance to the passer of each pass rusher (yd).

The passer, the receivers and the rushers are the play core's roles
(:attr:`~gridtrack.viz.play.PlayData.roles`), the players the stats describe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gridtrack.viz.play import PlayData


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


def _role(play: PlayData, name: str) -> np.ndarray:
    """Entity columns of the players of role ``name`` (:attr:`PlayData.roles`)."""
    return entity_columns(play, play.roles.get(name, []))


def receivers(play: PlayData) -> np.ndarray:
    """Entity columns of the eligible receivers (offense players other than the passer and
    the linemen: the play core's ``eligible`` role)."""
    return _role(play, "eligible")


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
    """Entity column of the passer (the play core's ``passer`` role), or ``None``."""
    found = _role(play, "passer")
    return int(found[0]) if found.size else None


def pass_rushers(play: PlayData) -> np.ndarray:
    """Entity columns of the defenders who rush the passer (the play core's ``rushers``
    role, the players the ``pass_rusher`` stat flags)."""
    return _role(play, "rushers")


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
