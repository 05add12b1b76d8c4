"""One play as numpy arrays (frames × players), built in bulk from canonical tables.

:func:`play_arrays` turns the canonical ``tracking`` of any number of plays into one
:class:`PlayArrays` per play without a Python loop over rows: every row gets a play code,
an entity index (players by ``nfl_id``, the ball last) and a frame index in polars, and each
play's columns are scattered into dense ``(frames, players)`` arrays (NaN where an entity
is missing from a frame).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from gridtrack.schema import KEY_FRAMES

PLAY = ["game_id", "play_id"]
KEY_NAMES: tuple[str, ...] = tuple(c for c in KEY_FRAMES.names if c.endswith("_frame"))
"""``start_frame``, ``snap_frame``, ... as in the ``key_frames`` table."""
PLAY_FIELDS = ("absolute_yardline", "play_type", "pass_result", "yards_gained")
FLOAT_COLUMNS = ("x", "y", "s", "a", "dir", "o")
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
    x, y, s, a, dir, o
        ``(F, P)`` float64 in canonical units (yd, yd/s, yd/s², deg); NaN where missing.
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
    a: np.ndarray
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


def _sorted(keys: tuple[np.ndarray, ...]) -> bool:
    """Whether rows are in lexicographic order of ``keys`` (most significant first)."""
    if keys[0].shape[0] < 2:
        return True
    ties = np.ones(keys[0].shape[0] - 1, dtype=bool)
    for key in keys:
        step = np.diff(key)
        if np.any(ties & (step < 0)):
            return False
        ties &= step == 0
    return not ties.any()


def _key_indices(row: dict[str, object], first: int) -> dict[str, int | None]:
    return {
        k: (None if row.get(k) is None else int(row[k]) - first)  # type: ignore[call-overload]
        for k in KEY_NAMES
    }


def play_arrays(
    tracking: pl.DataFrame,
    plays: pl.DataFrame | None = None,
    key_frames: pl.DataFrame | None = None,
    players: pl.DataFrame | None = None,
) -> Iterator[PlayArrays]:
    """One :class:`PlayArrays` per play of ``tracking`` (canonical tables, collected).

    ``plays``, ``key_frames`` and ``players`` are optional: without them the line of
    scrimmage, play type, key frames and positions are unknown (``None``).
    """
    if tracking.height == 0:
        return
    game = tracking["game_id"].to_numpy()
    play = tracking["play_id"].to_numpy()
    ids = tracking["nfl_id"].fill_null(_NO_ID).to_numpy()
    frame = tracking["frame_id"].cast(pl.Int64).to_numpy()
    offense = (tracking["side"].cast(pl.String) == "offense").fill_null(False).to_numpy()
    values = tracking.select(
        (pl.col(c) if c in tracking.columns else pl.lit(None)).cast(pl.Float64).alias(c)
        for c in FLOAT_COLUMNS
    ).to_numpy()
    event_rows = tracking["event"].is_not_null().arg_true().to_numpy()
    event_names = tracking["event"].gather(event_rows).to_numpy()
    if not _sorted((game, play, ids, frame)):
        order = np.lexsort((frame, ids, play, game))
        game, play, ids, frame, offense, values = (
            a[order] for a in (game, play, ids, frame, offense, values)
        )
        event_rows = np.argsort(order)[event_rows]
    new_play = np.empty(game.shape[0], dtype=bool)
    new_play[0] = True
    new_play[1:] = (np.diff(game) != 0) | (np.diff(play) != 0)
    new_entity = new_play.copy()
    new_entity[1:] |= np.diff(ids) != 0
    code = np.cumsum(new_play) - 1
    starts = np.flatnonzero(new_play)
    ends = np.append(starts[1:], game.shape[0])
    entity = np.cumsum(new_entity) - 1
    entity -= entity[starts][code]
    first_frame = np.minimum.reduceat(frame, starts)
    frame_idx = frame - first_frame[code]

    rows = _meta(plays, key_frames)
    positions: dict[int, str] = {}
    if players is not None and "position" in players.columns:
        positions = dict(
            players.select("nfl_id", pl.col("position").fill_null("")).unique("nfl_id").iter_rows()
        )
    ev_order = np.argsort(event_rows, kind="stable")
    event_rows, event_names = event_rows[ev_order], event_names[ev_order]
    ev_bounds = np.searchsorted(event_rows, np.append(starts, game.shape[0]))

    for k, (lo, hi) in enumerate(zip(starts, ends, strict=True)):
        key = (int(game[lo]), int(play[lo]))
        row = rows.get(key, {})
        ee, ff = entity[lo:hi], frame_idx[lo:hi]
        n_frames = int(ff.max()) + 1
        n_ent = int(ee[-1]) + 1
        has_ball = ids[hi - 1] == _NO_ID
        n_players = n_ent - 1 if has_ball else n_ent
        grid = np.full((len(FLOAT_COLUMNS), n_frames, n_ent), np.nan)
        grid[:, ff, ee] = values[lo:hi].T
        first_row = lo + np.searchsorted(ee, np.arange(n_players))
        player_ids = ids[first_row]
        events = np.full(n_frames, None, dtype=object)
        ev = event_rows[ev_bounds[k] : ev_bounds[k + 1]]
        events[frame_idx[ev][::-1]] = event_names[ev_bounds[k] : ev_bounds[k + 1]][::-1]
        nan = np.full(n_frames, np.nan)
        first = int(first_frame[k])
        yield PlayArrays(
            game_id=key[0],
            play_id=key[1],
            frame_id=np.arange(first, first + n_frames, dtype=np.int32),
            nfl_id=player_ids,
            side=np.where(offense[first_row], OFFENSE, DEFENSE).astype(np.int8),
            position=np.array([positions.get(int(i), "") for i in player_ids], dtype=object),
            ball_x=grid[0, :, -1] if has_ball else nan,
            ball_y=grid[1, :, -1] if has_ball else nan.copy(),
            events=events,
            keys=_key_indices(row, first),
            play={k: row.get(k) for k in PLAY_FIELDS},
            **{c: grid[i, :, :n_players] for i, c in enumerate(FLOAT_COLUMNS)},
        )


def _meta(
    plays: pl.DataFrame | None, key_frames: pl.DataFrame | None
) -> dict[tuple[int, int], dict[str, object]]:
    """Per play, its ``plays`` fields and key frames."""
    rows: dict[tuple[int, int], dict[str, object]] = {}
    for table, names in ((plays, PLAY_FIELDS), (key_frames, KEY_NAMES)):
        if table is None:
            continue
        present = [n for n in names if n in table.columns]
        frame = table.select(*PLAY, *present).with_columns(pl.col(pl.Enum).cast(pl.String))
        for r in frame.iter_rows(named=True):
            rows.setdefault((r["game_id"], r["play_id"]), {}).update(r)
    return rows
