"""A numpy view of one game's canonical tracking, for the vectorized checks and repairs.

The canonical table is sorted by (game_id, play_id, nfl_id, frame_id), so every entity's
track in a play is a contiguous block of rows. Within a track, a *segment* is a maximal
run of consecutive frames (frame_id increasing by one). Neighbours are only ever taken
inside a segment: ``ahead(a, k)`` is ``a[i + k]`` where row ``i + k`` is ``k`` frames
later in the same track, else NaN. All helpers are whole-array numpy operations; nothing
loops over rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

NO_ENTITY = np.iinfo(np.int64).max
"""Stand-in for the ball's null nfl_id, so that it sorts last as in the canonical order."""


def _floats(frame: pl.DataFrame, name: str) -> np.ndarray:
    """A float column as float64 with NaN for null (all NaN when absent)."""
    if name not in frame.columns:
        return np.full(frame.height, np.nan)
    column = frame.get_column(name)
    if not column.dtype.is_float():
        column = column.cast(pl.Float64)
    return np.asarray(column.to_numpy(), dtype=np.float64)


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
    """Flat arrays of a sorted canonical tracking frame and its track/segment structure."""

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
    pos: np.ndarray
    """Rows before this one in its segment (0 at a segment's first frame)."""
    rem: np.ndarray
    """Rows after this one in its segment."""
    _shifted: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, repr=False
    )

    @property
    def n(self) -> int:
        return len(self.x)

    @classmethod
    def from_frame(cls, frame: pl.DataFrame) -> Tracks:
        game = frame.get_column("game_id").to_numpy()
        play = frame.get_column("play_id").to_numpy()
        nfl = frame.get_column("nfl_id").fill_null(NO_ENTITY).to_numpy()
        frames = frame.get_column("frame_id").cast(pl.Int64).to_numpy()
        play_start = _starts(game, play)
        track_start = play_start | _starts(nfl)
        seg_start = track_start.copy()
        if len(frames) > 1:
            seg_start[1:] |= frames[1:] != frames[:-1] + 1
        pos, rem = run_position(seg_start)
        return cls(
            x=_floats(frame, "x"),
            y=_floats(frame, "y"),
            s=_floats(frame, "s"),
            dis=_floats(frame, "dis"),
            dir=_floats(frame, "dir"),
            frame=frames,
            ball=nfl == NO_ENTITY,
            track=np.cumsum(track_start) - 1,
            play=np.cumsum(play_start) - 1,
            pos=pos,
            rem=rem,
        )

    def _shift(self, values: np.ndarray, k: int) -> np.ndarray:
        """``values[i + k]`` within the segment, else NaN (cached per array and offset; the
        result must not be modified)."""
        key = (id(values), k)
        hit = self._shifted.get(key)
        if hit is not None and hit[0] is values:
            return hit[1]
        n = len(values)
        out = np.empty(n, dtype=np.float64)
        if k > 0:
            out[: n - k] = values[k:] if k < n else []
            out[max(n - k, 0) :] = np.nan
            out[self.rem < k] = np.nan
        else:
            out[-k:] = values[: n + k] if -k < n else []
            out[: min(-k, n)] = np.nan
            out[self.pos < -k] = np.nan
        self._shifted[key] = (values, out)
        return out

    def forget(self) -> None:
        """Drop the cached shifted arrays."""
        self._shifted.clear()

    def ahead(self, values: np.ndarray, k: int) -> np.ndarray:
        """``values`` of the row ``k`` frames later in the same track (NaN where none)."""
        return self._shift(values, k)

    def behind(self, values: np.ndarray, k: int) -> np.ndarray:
        """``values`` of the row ``k`` frames earlier in the same track (NaN where none)."""
        return self._shift(values, -k)


def run_position(start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For runs beginning where ``start`` is true: rows before and after each row in its run."""
    n = len(start)
    idx = np.arange(n)
    if n == 0:
        return idx, idx
    begins = np.flatnonzero(start)
    if begins.size == 0 or begins[0] != 0:
        begins = np.concatenate(([0], begins))
    sizes = np.diff(np.append(begins, n))
    first = np.repeat(begins, sizes)
    last = np.repeat(begins + sizes - 1, sizes)
    return idx - first, last - idx


def runs(mask: np.ndarray, start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Runs of true ``mask`` values, broken where ``start`` is true.

    Returns the run id of every row (−1 outside runs) and each run's length.
    """
    n = len(mask)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    prev = np.concatenate(([False], mask[:-1]))
    begins = mask & (~prev | start)
    ids = np.cumsum(begins) - 1
    ids = np.where(mask, ids, -1)
    lengths = np.bincount(ids[mask], minlength=int(begins.sum()))
    return ids, lengths


def run_lengths(mask: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Length of the run of true ``mask`` values each row belongs to (0 outside runs)."""
    ids, lengths = runs(mask, start)
    out = np.zeros(len(mask), dtype=np.int64)
    out[mask] = lengths[ids[mask]]
    return out
