"""A numpy view of canonical tracking, for the vectorized checks and repairs.

The canonical table is sorted by (game_id, play_id, nfl_id, frame_id), so every entity's
track in a play is a contiguous block of rows. Within a track, a *segment* is a maximal
run of consecutive frames (frame_id increasing by one). Neighbours are only ever taken
inside a segment: ``ahead(a, k)`` is ``a[i + k]`` where row ``i + k`` is ``k`` frames
later in the same track, else NaN; differences are NaN where the frames before are not
in the segment. All helpers are whole-array numpy operations on shifted slices, with
the few rows near a segment's ends set apart; nothing loops over rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

import numpy as np
import polars as pl

NO_ENTITY = np.iinfo(np.int64).max
"""Stand-in for the ball's null nfl_id, so that it sorts last as in the canonical order."""


@dataclass(frozen=True)
class Keys:
    """The sort key of canonical tracking as numpy arrays: game, play and nfl_id as int64
    (the ball's nfl_id is ``NO_ENTITY``), frame_id as stored (Int32)."""

    game: np.ndarray
    play: np.ndarray
    nfl: np.ndarray
    frame: np.ndarray

    @classmethod
    def from_frame(cls, frame: pl.DataFrame) -> Keys:
        return cls(
            game=frame.get_column("game_id").cast(pl.Int64).to_numpy(),
            play=frame.get_column("play_id").cast(pl.Int64).to_numpy(),
            nfl=frame.get_column("nfl_id").cast(pl.Int64).fill_null(NO_ENTITY).to_numpy(),
            frame=frame.get_column("frame_id").to_numpy(),
        )

    def __len__(self) -> int:
        return len(self.frame)

    def take(self, rows: np.ndarray | slice) -> Keys:
        """The keys of ``rows`` (indices or a slice)."""
        return Keys(self.game[rows], self.play[rows], self.nfl[rows], self.frame[rows])

    def play_starts(self) -> np.ndarray:
        """True on the first row of each (game, play)."""
        return _starts(self.game, self.play)

    def same_track_as_next(self) -> np.ndarray:
        """For rows 0..n−2: is the next row in the same (game, play, entity) track?"""
        return (
            (self.game[1:] == self.game[:-1])
            & (self.play[1:] == self.play[:-1])
            & (self.nfl[1:] == self.nfl[:-1])
        )


def floats(frame: pl.DataFrame, name: str) -> np.ndarray:
    """A float column as a numpy array of its own precision with NaN for null (float64
    NaN when absent). Nulls are filled in polars first, which halves the conversion."""
    if name not in frame.columns:
        return np.full(frame.height, np.nan)
    column = frame.get_column(name)
    if not column.dtype.is_float():
        column = column.cast(pl.Float64)
    if column.null_count() == column.len():
        return np.full(column.len(), np.nan, dtype=column.head(0).to_numpy().dtype)
    return column.fill_null(float("nan")).to_numpy()


def _starts(*keys: np.ndarray) -> np.ndarray:
    """True where any of ``keys`` differs from the row before (and on row 0)."""
    n = len(keys[0])
    start = np.zeros(n, dtype=bool)
    if n:
        start[0] = True
        for key in keys:
            start[1:] |= key[1:] != key[:-1]
    return start


@dataclass
class Tracks:
    """Flat float64 arrays of sorted canonical tracking and its track/segment structure."""

    COLUMNS: ClassVar[tuple[str, ...]] = ("x", "y", "s", "dis", "dir")
    """The float columns held, in the order :meth:`from_arrays` takes them."""

    x: np.ndarray
    y: np.ndarray
    s: np.ndarray
    dis: np.ndarray
    dir: np.ndarray
    frame: np.ndarray
    ball: np.ndarray
    track: np.ndarray
    """Dense id of the (game, play, entity) track of each row."""
    play: np.ndarray
    """Dense id of the (game, play) of each row."""
    start: np.ndarray
    """True on a segment's first row."""
    pos: np.ndarray
    """Rows before this one in its segment (0 at a segment's first frame)."""
    rem: np.ndarray
    """Rows after this one in its segment."""
    _near_ends: dict[tuple[str, int], np.ndarray] = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        return len(self.x)

    @classmethod
    def from_frame(cls, frame: pl.DataFrame) -> Tracks:
        columns = (floats(frame, c) for c in cls.COLUMNS)
        return cls.from_arrays(Keys.from_frame(frame), *columns)

    @classmethod
    def from_arrays(
        cls,
        keys: Keys,
        x: np.ndarray,
        y: np.ndarray,
        s: np.ndarray,
        dis: np.ndarray,
        dir: np.ndarray,  # noqa: A002  (the canonical column's name)
    ) -> Tracks:
        """Tracks of sorted rows with keys ``keys`` and these columns (any float dtype)."""
        play_start = keys.play_starts()
        track_start = play_start | _starts(keys.nfl)
        seg_start = track_start.copy()
        if len(keys) > 1:
            seg_start[1:] |= keys.frame[1:] != keys.frame[:-1] + 1
        pos, rem = run_position(seg_start)
        f64 = np.float64
        return cls(
            x=np.asarray(x, dtype=f64),
            y=np.asarray(y, dtype=f64),
            s=np.asarray(s, dtype=f64),
            dis=np.asarray(dis, dtype=f64),
            dir=np.asarray(dir, dtype=f64),
            frame=keys.frame.astype(np.int64, copy=False),
            ball=keys.nfl == NO_ENTITY,
            track=run_ids(track_start),
            play=run_ids(play_start),
            start=seg_start,
            pos=pos,
            rem=rem,
        )

    @cached_property
    def known(self) -> np.ndarray:
        """Both coordinates recorded."""
        return ~(np.isnan(self.x) | np.isnan(self.y))

    @cached_property
    def repeats(self) -> np.ndarray:
        """Position identical to the previous frame's (both known)."""
        out = np.zeros(self.n, dtype=bool)
        out[1:] = (self.x[1:] == self.x[:-1]) & (self.y[1:] == self.y[:-1])
        out[self.start] = False
        return out

    def near_start(self, k: int) -> np.ndarray:
        """Rows with fewer than ``k`` rows before them in their segment (cached; few)."""
        if ("start", k) not in self._near_ends:
            self._near_ends["start", k] = np.flatnonzero(self.pos < k)
        return self._near_ends["start", k]

    def near_end(self, k: int) -> np.ndarray:
        """Rows with fewer than ``k`` rows after them in their segment (cached; few)."""
        if ("end", k) not in self._near_ends:
            self._near_ends["end", k] = np.flatnonzero(self.rem < k)
        return self._near_ends["end", k]

    def difference(self, values: np.ndarray) -> np.ndarray:
        """``v[t] − v[t−1]`` within the segment; NaN on a segment's first frame."""
        out = np.empty(self.n)
        out[1:] = values[1:] - values[:-1]
        out[self.near_start(1)] = np.nan
        return out

    def second_difference(self, values: np.ndarray) -> np.ndarray:
        """``v[t] − 2 v[t−1] + v[t−2]`` within the segment; NaN without two frames before."""
        out = np.empty(self.n)
        out[2:] = values[2:] - 2 * values[1:-1] + values[:-2]
        out[self.near_start(2)] = np.nan
        return out

    @cached_property
    def bend(self) -> np.ndarray:
        """|p[t] − 2 p[t−1] + p[t−2]| of the recorded positions (yd); NaN without two
        frames before."""
        return np.hypot(self.second_difference(self.x), self.second_difference(self.y))

    def bend_of(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """:attr:`bend` of other positions ``x``, ``y`` of the same rows: taken from the
        recorded positions' and evaluated anew only on the rows within two frames after
        one where ``x``, ``y`` differ from them (or either is NaN)."""
        changed = np.flatnonzero((x != self.x) | (y != self.y))
        rows = np.unique((changed[:, None] + np.arange(3)).ravel())
        rows = rows[rows < self.n]
        out = self.bend.copy()
        if rows.size:
            steps = [np.where(self.pos[rows] >= k, rows - k, 0) for k in (1, 2)]
            value = np.hypot(*(p[rows] - 2 * p[steps[0]] + p[steps[1]] for p in (x, y)))
            value[self.pos[rows] < 2] = np.nan
            out[rows] = value
        return out

    def ahead(self, values: np.ndarray, k: int) -> np.ndarray:
        """``values`` of the row ``k`` frames later in the same track (NaN where none)."""
        out = np.empty(self.n)
        out[: max(self.n - k, 0)] = values[k:]
        out[self.near_end(k)] = np.nan
        return out


def _runs(start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First row and length of the runs beginning where ``start`` is true (and at row 0)."""
    begins = np.flatnonzero(start)
    if begins.size == 0 or begins[0] != 0:
        begins = np.concatenate(([0], begins))
    return begins, np.diff(np.append(begins, len(start)))


def run_position(start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For runs beginning where ``start`` is true: rows before and after each row in its run."""
    begins, sizes = _runs(start)
    idx = np.arange(len(start))
    return idx - np.repeat(begins, sizes), np.repeat(begins + sizes - 1, sizes) - idx


def run_ids(start: np.ndarray) -> np.ndarray:
    """Dense id of the run each row belongs to, runs beginning where ``start`` is true
    (and at row 0)."""
    begins, sizes = _runs(start)
    return np.repeat(np.arange(begins.size), sizes)


def run_lengths(rows: np.ndarray, start: np.ndarray) -> np.ndarray:
    """For the sorted ``rows`` where a mask is true: the length of the run of consecutive
    true rows each belongs to, runs broken where ``start`` is true.

    Works on the true rows only, so it costs next to nothing for the sparse masks of the
    checks (dropouts, inserted frames, repeated positions).
    """
    if rows.size == 0:
        return np.zeros(0, dtype=np.int64)
    begins = np.ones(rows.size, dtype=bool)
    begins[1:] = (rows[1:] != rows[:-1] + 1) | start[rows[1:]]
    ids = np.cumsum(begins) - 1
    return np.bincount(ids)[ids]
