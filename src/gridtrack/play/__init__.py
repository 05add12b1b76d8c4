"""The one in-memory model of plays, under every engine (batch stats, models, pictures, live).

* :func:`play_arrays` turns canonical tables into :class:`PlayArrays` (frames × players);
* :class:`Chunk` stacks consecutive plays, with their :class:`Motion` (kinematics) and their
  roles, resolved in order from the declared derivations of :data:`ROLES`;
* :class:`PlayContext` is one play of a chunk: key frames, phases, kinematics, roles;
* :mod:`~gridtrack.play.geometry` holds the field geometry (distance, turn, closing speed);
* :class:`StatsConfig` holds every threshold the roles and the stat kernels use.

>>> import polars as pl
>>> from gridtrack.play import Chunk, play_arrays
>>> rows = [(1, 1, f, n, side, x0 + v * f, 20.0) for f in (1, 2, 3)
...         for n, side, x0, v in ((10, "offense", 20.0, 1.0), (20, "defense", 25.0, -1.0))]
>>> tracking = pl.DataFrame(rows, orient="row",
...     schema=["game_id", "play_id", "frame_id", "nfl_id", "side", "x", "y"],
... ).with_columns(s=None, dir=None, o=None, event=None)   # speeds unknown: from positions
>>> ctx = Chunk.of(list(play_arrays(tracking))).contexts[0]
>>> ctx.vx.tolist()   # yd/s: 1 yd per 0.1 s frame, toward each other
[[10.0, -10.0], [10.0, -10.0], [10.0, -10.0]]
>>> ctx.kind, ctx.passer   # no play type, no snap: no passer
('other', None)
"""

from gridtrack.play.arrays import DEFENSE, OFFENSE, PlayArrays, play_arrays
from gridtrack.play.config import DEFAULT, StatsConfig
from gridtrack.play.context import (
    KINDS,
    PHASES,
    PLAY_KINDS,
    Chunk,
    PlayContext,
)
from gridtrack.play.geometry import closing_speed, distance, turn
from gridtrack.play.motion import DT, Motion, gradient, smooth3
from gridtrack.play.roles import ROLES, Role

__all__ = [
    "DEFAULT",
    "DEFENSE",
    "DT",
    "KINDS",
    "OFFENSE",
    "PHASES",
    "PLAY_KINDS",
    "ROLES",
    "Chunk",
    "Motion",
    "PlayArrays",
    "PlayContext",
    "Role",
    "StatsConfig",
    "closing_speed",
    "distance",
    "gradient",
    "play_arrays",
    "smooth3",
    "turn",
]
