"""One play, gathered for drawing: positions as (frame × entity) arrays plus its context.

:func:`load_play` collects the tracking rows of one play with the play's row, its key frames
and the players' names and positions, and pivots them into arrays of shape
``(n_frames, n_entities)`` — offense first (by jersey number), then defense, the ball last —
so that overlays are plain numpy over frames.

Coordinates are standardized (offense toward +x) unless ``standardized=False``: then plays
recorded with ``play_direction == "left"`` are turned back by 180° about the field centre
(x' = 120 − x, y' = 53⅓ − y, angles + 180°), as the cameras saw them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from gridtrack.errors import PlayNotFound
from gridtrack.play import Chunk, play_arrays
from gridtrack.schema import (
    FRAME_SECONDS,
    SNAP_EVENTS,
    Dataset,
    flip_x,
    turned_around,
)

SIDE_ORDER = {"offense": 0, "defense": 1, "ball": 2}
PLAYER_ROLES = ("passer", "target", "carrier")
GROUP_ROLES = ("eligible", "rushers", "blockers", "coverage")
"""The roles of the play core (:data:`gridtrack.play.ROLES`) a picture may show."""


@dataclass
class PlayData:
    """One play ready to draw.

    Attributes
    ----------
    frame_ids
        Frame numbers, ascending, shape ``(F,)``.
    entity_ids
        ``nfl_id`` per entity column, ``-1`` for the ball, shape ``(E,)``.
    side, club, jersey, name, position
        Per entity: ``"offense"``/``"defense"``/``"ball"``, club abbreviation, jersey number
        (``""`` where unknown), display name, position (``""`` where unknown).
    x, y, s, dir
        Per frame and entity: yards, yards, yd/s, degrees (0° = +y, clockwise); NaN where
        the entity is absent from a frame.
    events
        Per frame: the event recorded at that frame, or ``None``.
    play, key_frames
        The play's row of ``plays`` and ``key_frames`` as dicts (empty where absent).
    standardized
        Whether coordinates are standardized (offense toward +x).
    flipped
        Whether coordinates were turned back to the recorded direction.
    tracking
        The play's tracking rows (same coordinates as the arrays), with ``position`` and
        ``display_name`` joined.
    roles
        The ``nfl_id`` of each player role (:data:`PLAYER_ROLES`, at most one) and of each
        group (:data:`GROUP_ROLES`), as the play core finds them on the standardized
        tracking (:mod:`gridtrack.play.roles`): the same players the stats describe.
    """

    game_id: int
    play_id: int
    frame_ids: np.ndarray
    entity_ids: np.ndarray
    side: list[str]
    club: list[str]
    jersey: list[str]
    name: list[str]
    position: list[str]
    x: np.ndarray
    y: np.ndarray
    s: np.ndarray
    dir: np.ndarray
    events: list[str | None]
    play: dict[str, Any] = field(default_factory=dict)
    key_frames: dict[str, Any] = field(default_factory=dict)
    standardized: bool = True
    flipped: bool = False
    tracking: pl.DataFrame = field(default_factory=pl.DataFrame)
    roles: dict[str, list[int]] = field(default_factory=dict)

    @property
    def n_frames(self) -> int:
        return int(self.frame_ids.size)

    def indices(self, side: str) -> np.ndarray:
        """Entity columns of one side."""
        return np.array([i for i, s in enumerate(self.side) if s == side], dtype=int)

    @property
    def ball_index(self) -> int | None:
        found = self.indices("ball")
        return int(found[0]) if found.size else None

    @property
    def offense_club(self) -> str | None:
        club = self.play.get("possession_club")
        if club:
            return str(club)
        off = self.indices("offense")
        return self.club[off[0]] if off.size else None

    @property
    def defense_club(self) -> str | None:
        club = self.play.get("defensive_club")
        if club:
            return str(club)
        dfn = self.indices("defense")
        return self.club[dfn[0]] if dfn.size else None

    def _field_x(self, x: float | None) -> float | None:
        if x is None or not np.isfinite(x):
            return None
        return flip_x(x) if self.flipped else x

    @property
    def line_of_scrimmage(self) -> float | None:
        """x of the line of scrimmage (yd), in this play's coordinates; else the ball's x at
        the snap (or first frame)."""
        los = self.play.get("absolute_yardline")
        if los is not None:
            return self._field_x(float(los))
        b = self.ball_index
        if b is None:
            return None
        at = self.frame_index(self.snap_frame) if self.snap_frame else 0
        value = float(self.x[at, b])
        return value if np.isfinite(value) else None

    @property
    def first_down_line(self) -> float | None:
        """x of the line to gain (yd): line of scrimmage + yards to go toward the offense's
        goal, capped at the goal line; None where the play has no down."""
        los = self.play.get("absolute_yardline")
        togo = self.play.get("yards_to_go")
        if los is None or togo is None or not self.play.get("down"):
            return None
        target = min(float(los) + float(togo), 110.0)
        return self._field_x(target)

    @property
    def snap_frame(self) -> int | None:
        snap = self.key_frames.get("snap_frame")
        if snap is not None:
            return int(snap)
        for f, e in zip(self.frame_ids, self.events, strict=True):
            if e in SNAP_EVENTS:
                return int(f)
        return None

    def frame_index(self, frame_id: int | None) -> int:
        """Row of ``frame_id`` in the arrays (nearest existing frame)."""
        if frame_id is None:
            return 0
        return int(np.clip(np.searchsorted(self.frame_ids, frame_id), 0, self.n_frames - 1))

    def seconds_since_snap(self) -> np.ndarray:
        """Per frame: seconds since the snap (negative before it), 10 Hz frames."""
        snap = self.snap_frame if self.snap_frame is not None else int(self.frame_ids[0])
        return (self.frame_ids - snap) * FRAME_SECONDS

    def game_clock(self) -> list[str]:
        """Per frame: ``"Q2 12:34"`` — the clock at the snap, running down after it."""
        quarter = self.play.get("quarter")
        clock = self.play.get("game_clock")
        prefix = f"Q{quarter} " if quarter else ""
        if quarter == 5:
            prefix = "OT "
        if clock is None:
            return [prefix.strip()] * self.n_frames
        left = float(clock) - np.clip(self.seconds_since_snap(), 0.0, None)
        left = np.clip(left, 0.0, None)
        return [f"{prefix}{int(v // 60)}:{v % 60:04.1f}" for v in left]


def load_play(
    dataset: Dataset, game_id: int, play_id: int, *, standardized: bool = True
) -> PlayData:
    """Gather one play of ``dataset`` for drawing (see the module docstring).

    Raises :class:`PlayNotFound` where the dataset holds no tracking for the play.
    """
    on_play = (pl.col("game_id") == game_id) & (pl.col("play_id") == play_id)
    tracking, plays, key_frames = pl.collect_all(
        [
            dataset.tracking.filter(on_play),
            dataset.plays.filter(on_play),
            dataset.key_frames.filter(on_play),
        ]
    )
    if tracking.height == 0:
        raise PlayNotFound(f"no tracking for game {game_id}, play {play_id}")
    ids = tracking.get_column("nfl_id").drop_nulls().unique()
    players = (
        dataset.players.filter(pl.col("nfl_id").is_in(ids.to_list()))
        .select("nfl_id", "display_name", "position")
        .unique("nfl_id")
        .collect()
    )
    play = plays.row(0, named=True) if plays.height else {}
    roles = _roles(tracking, plays, key_frames, players)
    flipped = (not standardized) and str(play.get("play_direction") or "").lower() == "left"
    if flipped:
        tracking = tracking.with_columns(turned_around(pl.lit(True)))
    tracking = tracking.join(players, on="nfl_id", how="left")
    return _pivot(
        tracking,
        game_id=game_id,
        play_id=play_id,
        play=play,
        key_frames=key_frames.row(0, named=True) if key_frames.height else {},
        standardized=standardized,
        flipped=flipped,
        roles=roles,
    )


def _roles(
    tracking: pl.DataFrame, plays: pl.DataFrame, key_frames: pl.DataFrame, players: pl.DataFrame
) -> dict[str, list[int]]:
    """The ``nfl_id`` of the players of each role of one play (standardized tables)."""
    arrays = next(play_arrays(tracking, plays, key_frames, players), None)
    if arrays is None:
        return {}
    ctx = Chunk.of([arrays]).contexts[0]
    ids = arrays.nfl_id.tolist()
    found = {name: ctx.role(name) for name in PLAYER_ROLES}
    out = {name: [] if i is None else [int(ids[i])] for name, i in found.items()}
    return out | {name: arrays.nfl_id[ctx.role(name)].tolist() for name in GROUP_ROLES}


def _pivot(tracking: pl.DataFrame, **context: Any) -> PlayData:
    entity = pl.col("nfl_id").fill_null(-1)
    frames = np.sort(tracking.get_column("frame_id").unique().to_numpy())
    ents = (
        tracking.group_by(entity.alias("eid"))
        .agg(
            pl.col("side").cast(pl.String).first(),
            pl.col("club").cast(pl.String).first(),
            pl.col("jersey_number").drop_nulls().first(),
            pl.col("display_name").drop_nulls().first(),
            pl.col("position").drop_nulls().first(),
        )
        .with_columns(
            pl.col("side").replace_strict(SIDE_ORDER, default=3).alias("_order"),
        )
        .sort("_order", "jersey_number", "eid", nulls_last=True)
    )
    eids = ents.get_column("eid").to_numpy()
    f_idx = np.searchsorted(frames, tracking.get_column("frame_id").to_numpy())
    e_idx = np.searchsorted(np.sort(eids), tracking.select(entity).to_series().to_numpy())
    order = np.argsort(eids)  # column of the k-th smallest id
    col = order[e_idx]
    shape = (frames.size, eids.size)

    def grid(name: str) -> np.ndarray:
        out = np.full(shape, np.nan)
        values = tracking.get_column(name).cast(pl.Float64).to_numpy()
        out[f_idx, col] = values
        return out

    events: list[str | None] = [None] * frames.size
    ev = (
        tracking.filter(pl.col("event").is_not_null())
        .group_by("frame_id")
        .agg(pl.col("event").first())
    )
    for fid, name in ev.iter_rows():
        events[int(np.searchsorted(frames, fid))] = name

    def text(name: str) -> list[str]:
        return ["" if v is None else str(v) for v in ents.get_column(name).to_list()]

    return PlayData(
        frame_ids=frames,
        entity_ids=eids,
        side=text("side"),
        club=text("club"),
        jersey=text("jersey_number"),
        name=text("display_name"),
        position=text("position"),
        x=grid("x"),
        y=grid("y"),
        s=grid("s"),
        dir=grid("dir"),
        events=events,
        tracking=tracking,
        **context,
    )
