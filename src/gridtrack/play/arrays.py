"""One play as numpy arrays (frames × players), built in bulk from canonical tables.

:func:`play_arrays` turns the canonical ``tracking`` of any number of plays into one
:class:`PlayArrays` per play without a Python loop over rows: every row gets a place in one
flat array per column that holds each play's dense ``(entities, frames)`` block (players by
``nfl_id``, then the ball; NaN where an entity is missing from a frame), each column is
placed there at once, and every play's arrays are views into those arrays. Rows in the
canonical order with every entity on every frame are already in that layout: the columns
are then copied, not scattered.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.ma  # noqa: F401  (polars imports it on its first Series from numpy: ~10 ms)
import polars as pl

from gridtrack.schema import KEY_FRAMES

PLAY = ["game_id", "play_id"]
KEY_NAMES: tuple[str, ...] = tuple(c for c in KEY_FRAMES.names if c.endswith("_frame"))
"""``start_frame``, ``snap_frame``, ... as in the ``key_frames`` table."""
PLAY_FIELDS = ("absolute_yardline", "play_type", "pass_result", "yards_gained")
FLOAT_COLUMNS = ("x", "y", "s", "dir", "o")
OFFENSE, DEFENSE = 1, -1
_NO_ID = np.iinfo(np.int64).max


@dataclass
class PlayArrays:
    """One play's tracking as dense arrays.

    Attributes
    ----------
    game_id, play_id
        the play.
    frame_id
        ``(F,)`` canonical frame numbers, consecutive from the play's first frame.
    nfl_id, side, position
        ``(P,)`` per player: id, ``+1`` offense / ``-1`` defense, position (or ``""``).
    x, y, s, dir, o
        ``(F, P)`` float64 in canonical units (yd, yd/s, deg); NaN where missing. Views
        into the players' ``(P, F)`` block (column-major: a player's frames are adjacent).
    ball_x, ball_y
        ``(F,)`` the ball's position (NaN where the play has no ball row).
    events
        ``(F,)`` the first event recorded on each frame, ``None`` elsewhere.
    keys
        key frame name (``snap_frame``, ...) → index into the frame axis, or ``None``.
    play
        ``absolute_yardline``, ``play_type``, ``pass_result``, ``yards_gained`` of the play.
    """

    game_id: int
    play_id: int
    frame_id: np.ndarray
    nfl_id: np.ndarray
    side: np.ndarray
    position: np.ndarray
    x: np.ndarray
    y: np.ndarray
    s: np.ndarray
    dir: np.ndarray
    o: np.ndarray
    ball_x: np.ndarray
    ball_y: np.ndarray
    events: np.ndarray
    keys: dict[str, int | None] = field(default_factory=dict)
    play: dict[str, object] = field(default_factory=dict)

    @property
    def n_frames(self) -> int:
        return int(self.frame_id.shape[0])

    @property
    def n_players(self) -> int:
        return int(self.nfl_id.shape[0])

    def head(self, n: int) -> PlayArrays:
        """The play as known after its first ``n`` frames (what a live feed has seen): the
        frame arrays cut there, and the key frames not reached yet unknown (``None``)."""
        keys = {k: (v if v is not None and v < n else None) for k, v in self.keys.items()}
        cut = {name: getattr(self, name)[:n] for name in (*FLOAT_COLUMNS, "frame_id")}
        return replace(
            self,
            **cut,
            ball_x=self.ball_x[:n],
            ball_y=self.ball_y[:n],
            events=self.events[:n],
            keys=keys,
        )


def _changes(keys: tuple[np.ndarray, ...]) -> tuple[list[np.ndarray], bool]:
    """Per key (most significant first), ``(N,)`` bool: where that key or a more significant
    one differs from the row before (the first row counts as a change); and whether the
    rows are in lexicographic order of ``keys``."""
    changed = np.zeros(keys[0].shape[0], dtype=bool)
    changed[:1] = True
    out = []
    ordered = True
    for key in keys:
        ahead, behind = key[1:], key[:-1]
        if ordered:  # each drop of this key must come with a change of a greater one
            ordered = bool(changed[1:][np.flatnonzero(ahead < behind)].all())
        changed = changed.copy()
        changed[1:] |= ahead != behind
        out.append(changed)
    return out, ordered


def _key_indices(row: dict[str, object], first: int) -> dict[str, int | None]:
    return {
        k: (None if row.get(k) is None else int(row[k]) - first)  # type: ignore[call-overload]
        for k in KEY_NAMES
    }


@dataclass
class _Layout:
    """Where the rows of ``tracking`` go in one flat array per column that holds every
    play: each play's ``(players + 1, frames)`` block in turn, its players by ``nfl_id``
    and then the ball, one entity's frames after the other (the canonical order of rows).

    Attributes
    ----------
    starts
        ``(K + 1,)`` first row of each play (in sorted row order), then the number of rows.
    first_frame
        ``(K,)`` each play's first ``frame_id``.
    frame_offsets
        ``(K + 1,)`` the frames of play ``k`` are ``frame_offsets[k]:frame_offsets[k + 1]``
        of all plays' frames.
    player_rows, player_offsets
        first row of every player, play after play; play ``k`` has the players
        ``player_offsets[k]:player_offsets[k + 1]``.
    block_offsets
        ``(K + 1,)`` where each play's block starts; the last one is the size.
    frame_idx, cell
        ``(N,)`` each row's frame within its play, and its place in the flat array.
    """

    starts: np.ndarray
    first_frame: np.ndarray
    frame_offsets: np.ndarray
    player_rows: np.ndarray
    player_offsets: np.ndarray
    block_offsets: np.ndarray
    frame_idx: np.ndarray
    cell: np.ndarray

    @property
    def size(self) -> int:
        return int(self.block_offsets[-1])

    def is_identity(self) -> bool:
        """Whether the rows, as they come, fill every cell in order (row ``i`` → cell ``i``):
        rows in the canonical order with every entity on every frame, no key repeated."""
        n_rows = self.cell.shape[0]
        return n_rows == self.size and bool(np.all(self.cell[1:] > self.cell[:-1]))

    def frame_of(self, rows: np.ndarray) -> np.ndarray:
        """Index of ``rows`` (sorted row positions) into all plays' frames."""
        play = np.searchsorted(self.starts, rows, side="right") - 1
        return self.frame_offsets[play] + self.frame_idx[rows]


def _offsets(counts: np.ndarray) -> np.ndarray:
    """``(K + 1,)`` running starts of ``counts``: ``0, c_0, c_0 + c_1, ...``."""
    out = np.zeros(counts.shape[0] + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out


def _layout(
    new_play: np.ndarray, new_entity: np.ndarray, ball: np.ndarray, frame: np.ndarray
) -> _Layout:
    """The layout of rows sorted by play, ``nfl_id`` (the ball last) and frame, from where
    a new play and a new entity start (``new_play``, ``new_entity``) and ``ball`` rows.

    Rows come in runs, one per entity of a play: a run's rows go to the cells ``base +
    frame_idx``, with ``base`` its play's block start plus the entity's place (its rank
    among the play's players, the number of players for the ball) times the play's frames.
    """
    n_rows = frame.shape[0]
    starts = np.append(np.flatnonzero(new_play), n_rows)
    runs = np.append(np.flatnonzero(new_entity), n_rows)
    run_play = np.cumsum(new_play[runs[:-1]]) - 1
    run_ball = ball[runs[:-1]]
    first_frame = np.minimum.reduceat(frame, starts[:-1])
    frame_idx = np.repeat(first_frame, np.diff(starts))
    np.subtract(frame, frame_idx, out=frame_idx)
    n_frames = np.maximum.reduceat(frame_idx, starts[:-1]) + 1
    n_players = np.bincount(run_play[~run_ball], minlength=first_frame.shape[0])
    block_offsets = _offsets(n_frames * (n_players + 1))
    column = np.arange(run_play.shape[0]) - np.flatnonzero(new_play[runs[:-1]])[run_play]
    place = np.where(run_ball, n_players[run_play], column)
    base = block_offsets[run_play] + place * n_frames[run_play]
    cell = np.repeat(base, np.diff(runs))
    cell += frame_idx
    return _Layout(
        starts=starts,
        first_frame=first_frame,
        frame_offsets=_offsets(n_frames),
        player_rows=runs[:-1][~run_ball],
        player_offsets=_offsets(n_players),
        block_offsets=block_offsets,
        frame_idx=frame_idx,
        cell=cell,
    )


def _grid(tracking: pl.DataFrame, layout: _Layout, order: np.ndarray | None) -> np.ndarray:
    """``(len(FLOAT_COLUMNS), layout.size)`` float64: each column of ``tracking`` placed
    in its layout (NaN where an entity is missing from a frame), one column at a time:
    copied when the rows are in the layout's order already, else scattered. ``order``: the
    sorted order of the rows when they were not sorted."""
    grid = np.empty((len(FLOAT_COLUMNS), layout.size))
    present = [name for name in FLOAT_COLUMNS if name in tracking.columns]
    dtype = pl.Float32 if all(tracking.schema[n] == pl.Float32 for n in present) else pl.Float64
    values = tracking.select(  # one conversion: the columns side by side, in their own width
        pl.col(name).cast(dtype) for name in present
    ).to_numpy(order="fortran")
    if order is None and layout.is_identity():
        for plane, name in zip(grid, FLOAT_COLUMNS, strict=True):
            plane[:] = values[:, present.index(name)] if name in present else np.nan
        return grid
    cell = layout.cell
    if order is not None:
        cell = np.empty_like(cell)
        cell[order] = layout.cell
    for plane, name in zip(grid, FLOAT_COLUMNS, strict=True):
        if name in present:
            plane[cell] = values[:, present.index(name)]  # float32 widens exactly
        else:
            plane.fill(np.nan)
    written = np.zeros(layout.size, dtype=bool)
    written[cell] = True
    if not written.all():
        grid[:, ~written] = np.nan
    return grid


def _events(tracking: pl.DataFrame, layout: _Layout, order: np.ndarray | None) -> np.ndarray:
    """``(frames of all plays,)`` object: the first event recorded on each frame (in sorted
    row order), ``None`` elsewhere. Only those first events become Python strings."""
    rows = tracking["event"].is_not_null().arg_true().to_numpy()
    at = rows if order is None else np.argsort(order)[rows]
    by_position = np.argsort(at, kind="stable")
    frames = layout.frame_of(at[by_position])
    _, first = np.unique(frames, return_index=True)
    events = np.full(int(layout.frame_offsets[-1]), None, dtype=object)
    events[frames[first]] = tracking["event"].gather(rows[by_position[first]]).to_numpy()
    return events


def _positions(players: pl.DataFrame | None, ids: np.ndarray) -> np.ndarray:
    """Object array: the position of each of ``ids`` in ``players``, ``""`` if unknown."""
    out = np.full(ids.shape[0], "", dtype=object)
    if players is None or "position" not in players.columns:
        return out
    table = (
        players.select("nfl_id", pl.col("position").fill_null(""))
        .unique("nfl_id")
        .drop_nulls("nfl_id")
        .sort("nfl_id")
    )
    known = table["nfl_id"].cast(pl.Int64).to_numpy()
    if known.shape[0] == 0:
        return out
    at = np.minimum(np.searchsorted(known, ids), known.shape[0] - 1)
    found = known[at] == ids
    out[found] = table["position"].to_numpy()[at[found]]
    return out


@dataclass
class _Plays:
    """Every play of a tracking table, in one array per column (see :class:`_Layout`).

    Per play ``(K,)``: ``game_id``, ``play_id``, ``first_frame`` and the offsets of its
    frames, players and block; per player of every play: ``nfl_id``, ``side``,
    ``position``; ``grid`` holds the float columns, ``events`` the frames' first events.
    """

    game_id: np.ndarray
    play_id: np.ndarray
    first_frame: np.ndarray
    frame_offsets: np.ndarray
    player_offsets: np.ndarray
    block_offsets: np.ndarray
    nfl_id: np.ndarray
    side: np.ndarray
    position: np.ndarray
    grid: np.ndarray
    events: np.ndarray


def _all_plays(tracking: pl.DataFrame, players: pl.DataFrame | None) -> _Plays:
    """Sort the rows (when needed), lay them out and scatter them; the per-row arrays are
    dropped on return."""
    keys = tracking.select(  # one conversion: the four key columns side by side, as int64
        "game_id",
        "play_id",
        pl.col("nfl_id").fill_null(_NO_ID),
        pl.col("frame_id").cast(pl.Int64),
    ).to_numpy(order="fortran")
    game, play, ids, frame = keys.T
    offense = (tracking["side"] == "offense").fill_null(False).to_numpy()
    order = None
    changes, ordered = _changes((game, play, ids, frame))
    if not ordered:
        order = np.lexsort((frame, ids, play, game))
        game, play, ids, frame, offense = (a[order] for a in (game, play, ids, frame, offense))
        changes, _ = _changes((game, play, ids, frame))
    layout = _layout(changes[1], changes[2], ids == _NO_ID, frame)
    first_rows = layout.player_rows
    nfl_id = ids[first_rows]
    return _Plays(
        game_id=game[layout.starts[:-1]],
        play_id=play[layout.starts[:-1]],
        first_frame=layout.first_frame,
        frame_offsets=layout.frame_offsets,
        player_offsets=layout.player_offsets,
        block_offsets=layout.block_offsets,
        nfl_id=nfl_id,
        side=np.where(offense[first_rows], OFFENSE, DEFENSE).astype(np.int8),
        position=_positions(players, nfl_id),
        grid=_grid(tracking, layout, order),
        events=_events(tracking, layout, order),
    )


def play_arrays(
    tracking: pl.DataFrame,
    plays: pl.DataFrame | None = None,
    key_frames: pl.DataFrame | None = None,
    players: pl.DataFrame | None = None,
) -> Iterator[PlayArrays]:
    """One :class:`PlayArrays` per play of ``tracking`` (canonical tables, collected).

    ``plays``, ``key_frames`` and ``players`` are optional: without them the line of
    scrimmage, play type, key frames and positions are unknown (``None``).

    The arrays of all plays are views into one array per column, filled at once (see the
    module's docstring).
    """
    if tracking.height == 0:
        return
    every = _all_plays(tracking, players)
    tracked = pl.DataFrame({"game_id": every.game_id, "play_id": every.play_id})
    rows = _meta(plays, key_frames, tracked)
    grid = every.grid
    frame_offsets = every.frame_offsets.tolist()
    player_offsets = every.player_offsets.tolist()
    block_offsets = every.block_offsets.tolist()
    for k, (game_id, play_id, first) in enumerate(
        zip(
            every.game_id.tolist(),
            every.play_id.tolist(),
            every.first_frame.tolist(),
            strict=True,
        )
    ):
        row = rows.get((game_id, play_id), {})
        frames = slice(frame_offsets[k], frame_offsets[k + 1])
        team = slice(player_offsets[k], player_offsets[k + 1])
        n_players = team.stop - team.start
        block = grid[:, block_offsets[k] : block_offsets[k + 1]].reshape(
            len(FLOAT_COLUMNS), n_players + 1, frames.stop - frames.start
        )
        yield PlayArrays(
            game_id=game_id,
            play_id=play_id,
            frame_id=np.arange(first, first + frames.stop - frames.start, dtype=np.int32),
            nfl_id=every.nfl_id[team],
            side=every.side[team],
            position=every.position[team],
            ball_x=block[0, n_players],
            ball_y=block[1, n_players],
            events=every.events[frames],
            keys=_key_indices(row, first),
            play={name: row.get(name) for name in PLAY_FIELDS},
            **dict(zip(FLOAT_COLUMNS, block[:, :n_players].transpose(0, 2, 1), strict=True)),
        )


def _meta(
    plays: pl.DataFrame | None, key_frames: pl.DataFrame | None, tracked: pl.DataFrame
) -> dict[tuple[int, int], dict[str, object]]:
    """Per play of ``tracked`` (game_id, play_id), its ``plays`` fields and key frames (a
    season's plays table may hold many more plays than the tracking)."""
    rows: dict[tuple[int, int], dict[str, object]] = {}
    for table, names in ((plays, PLAY_FIELDS), (key_frames, KEY_NAMES)):
        if table is None:
            continue
        present = [n for n in names if n in table.columns]
        frame = (
            table.select(*PLAY, *present)
            .join(tracked.cast({k: table.schema[k] for k in PLAY}), on=PLAY, how="semi")
            .with_columns(pl.col(pl.Enum).cast(pl.String))
        )
        for r in frame.iter_rows(named=True):
            rows.setdefault((r["game_id"], r["play_id"]), {}).update(r)
    return rows
