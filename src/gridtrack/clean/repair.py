"""Repairs: fill short gaps, interpolate bad positions, and drop what cannot be repaired.

1. :func:`find_gaps` / :func:`inserted_rows` — a track that skips frames gets a row for
   each missing frame of a gap of at most ``max_gap_frames`` (coordinates null, to be
   interpolated); longer gaps are only reported.
2. :func:`interpolate` — every run of unknown or flagged positions bounded on both sides by
   good positions in the same run of consecutive frames, and at most ``max_gap_frames``
   long, is replaced by a cubic Hermite curve. With the good positions ``p0`` (frame
   ``f0``) and ``p1`` (frame ``f1``) around the run, ``h = f1 − f0`` and the velocities
   ``m0 = p0 − p[f0 − 1]``, ``m1 = p[f1 + 1] − p1`` (per frame; the chord
   ``(p1 − p0)/h`` where the outer neighbour is not good), a frame ``f`` with
   ``u = (f − f0)/h`` gets

       p(u) = (2u³ − 3u² + 1) p0 + (u³ − 2u² + u) h m0 + (−2u³ + 3u²) p1 + (u³ − u²) h m1.

3. :func:`drop_rules` — an entity is dropped for a play when an impossible position
   (a jump, a frozen tag, a re-sent frame) could not be interpolated
   (``unrepaired_fault``), or when its positions are unknown on more than
   ``max_bad_fraction`` of its frames after repair (``too_many_missing``). A play is
   dropped when more than ``max_dropped_entities`` of its entities were
   (``too_many_dropped_entities``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from gridtrack.clean._tracks import Keys, Tracks
from gridtrack.schema import FRAME_SECONDS

KEY = ["game_id", "play_id", "nfl_id", "frame_id"]


@dataclass(frozen=True)
class Gaps:
    """The frames tracks skip: short gaps get a row per missing frame, long ones are only
    reported.

    The *expanded* rows are the source rows, each followed by the rows inserted after it,
    so they stay sorted canonically.
    """

    count: np.ndarray | None
    """Per source row: 1 + the rows inserted after it (``None`` when nothing is)."""
    offset: np.ndarray | None
    """Per expanded row: frames after its source row (0 on recorded rows)."""
    long_rows: np.ndarray
    """Source rows followed by a gap longer than ``max_gap``."""
    long_length: np.ndarray
    """Frames missing after each of ``long_rows``."""

    def spread(self, values: np.ndarray) -> np.ndarray:
        """Per-source-row ``values`` repeated onto the expanded rows."""
        return values if self.count is None else np.repeat(values, self.count)

    def inserted(self, n: int) -> np.ndarray:
        """Which of the ``n`` expanded rows are inserted."""
        return np.zeros(n, dtype=bool) if self.offset is None else self.offset > 0

    def expanded_keys(self, keys: Keys) -> Keys:
        """The keys of the expanded rows (an inserted row's frame follows its source's)."""
        if self.offset is None:
            return keys
        game, play, nfl = (self.spread(k) for k in (keys.game, keys.play, keys.nfl))
        return Keys(game, play, nfl, self.spread(keys.frame) + self.offset)

    def source(self, rows: np.ndarray) -> np.ndarray:
        """The source row of expanded ``rows``."""
        if self.count is None:
            return rows
        return np.searchsorted(np.cumsum(self.count), rows, side="right")


def find_gaps(keys: Keys, max_gap: int) -> Gaps:
    """The gaps in sorted tracks with unique keys ``keys``: inserted rows for each gap of
    at most ``max_gap`` frames, the longer gaps reported."""
    n = len(keys)
    gap = np.zeros(n, dtype=np.int64)
    if n > 1:
        gap[:-1] = np.where(keys.same_track_as_next(), keys.frame[1:] - keys.frame[:-1] - 1, 0)
    long_rows = np.flatnonzero(gap > max_gap)
    short = np.where(gap <= max_gap, gap, 0)
    if not short.any():
        return Gaps(count=None, offset=None, long_rows=long_rows, long_length=gap[long_rows])
    count = short + 1
    offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    return Gaps(count=count, offset=offset, long_rows=long_rows, long_length=gap[long_rows])


def inserted_rows(tracking: pl.DataFrame, source: np.ndarray, offset: np.ndarray) -> pl.DataFrame:
    """Rows for inserted frames: copies of the ``source`` rows as the frames ``offset``
    (> 0) after them, with frame_id and time advanced and ``o`` and ``event`` null
    (positions and kinematics are the caller's to fill)."""
    frames = pl.Series(offset)
    step_ms = int(FRAME_SECONDS * 1000)
    columns = [(pl.col("frame_id") + frames).cast(tracking.schema["frame_id"])]
    if "time" in tracking.columns:
        columns.append(pl.col("time") + pl.duration(milliseconds=frames * step_ms))
    columns += [pl.lit(None, tracking.schema[c]).alias(c) for c in ("o", "event") if c in tracking]
    return tracking[source].with_columns(columns)


@dataclass
class Repair:
    """Repaired positions and where the repair applied."""

    x: np.ndarray
    y: np.ndarray
    repaired: np.ndarray
    """Rows whose position was interpolated."""
    unrepaired: np.ndarray
    """Bad rows that could not be interpolated (their position is now NaN)."""

    @property
    def missing(self) -> np.ndarray:
        """Rows without a position after the repair."""
        return np.isnan(self.x) | np.isnan(self.y)


def interpolate(t: Tracks, bad: np.ndarray, max_gap: int) -> Repair:
    """Replace the positions of ``bad`` rows (and NaN positions) by cubic Hermite
    interpolation where the run of them is at most ``max_gap`` frames and bounded by good
    positions in the same run of consecutive frames.

    Works on the runs of bad rows only: each is bounded by the good rows just before and
    after it, ``p0`` and ``p1``, which lie in one segment when ``p1`` has at least
    ``p1 − p0`` rows before it in its segment.
    """
    n = t.n
    bad = bad | ~t.known
    rows = np.flatnonzero(bad)
    x, y = t.x.copy(), t.y.copy()
    x[rows], y[rows] = np.nan, np.nan
    repaired = np.zeros(n, dtype=bool)
    if rows.size == 0:
        return Repair(x=x, y=y, repaired=repaired, unrepaired=repaired.copy())
    begins = np.ones(rows.size, dtype=bool)
    begins[1:] = rows[1:] != rows[:-1] + 1
    run = np.cumsum(begins) - 1
    p0 = rows[begins] - 1
    p1 = rows[np.append(begins[1:], True)] + 1
    ok = (p0 >= 0) & (p1 < n) & (p1 - p0 - 1 <= max_gap)
    ok[ok] &= t.pos[p1[ok]] >= p1[ok] - p0[ok]
    fill = ok[run]
    rows, p0, p1 = rows[fill], p0[run[fill]], p1[run[fill]]
    if rows.size:
        h = (p1 - p0).astype(np.float64)
        u = (rows - p0) / h
        h00 = 2 * u**3 - 3 * u**2 + 1
        h10 = u**3 - 2 * u**2 + u
        h01 = -2 * u**3 + 3 * u**2
        h11 = u**3 - u**2
        before = np.clip(p0 - 1, 0, n - 1)
        after = np.clip(p1 + 1, 0, n - 1)
        has_before = (t.pos[p0] >= 1) & ~bad[before]
        has_after = (t.rem[p1] >= 1) & ~bad[after]
        for coord, out in ((t.x, x), (t.y, y)):
            chord = (coord[p1] - coord[p0]) / h
            m0 = np.where(has_before, coord[p0] - coord[before], chord)
            m1 = np.where(has_after, coord[after] - coord[p1], chord)
            out[rows] = h00 * coord[p0] + h10 * h * m0 + h01 * coord[p1] + h11 * h * m1
        repaired[rows] = True
    return Repair(x=x, y=y, repaired=repaired, unrepaired=bad & ~repaired)


@dataclass
class Drops:
    """Rows dropped by rule: per row the rule's name index (−1 = kept) and its value."""

    entity: np.ndarray
    """Rows of entities dropped for their play."""
    play: np.ndarray
    """Rows of plays dropped as a whole (not already dropped with their entity)."""
    entity_rule: np.ndarray
    """Per row: 0 = unrepaired_fault, 1 = too_many_missing (meaningful where ``entity``)."""
    entity_value: np.ndarray
    play_value: np.ndarray


ENTITY_RULES = ("unrepaired_fault", "too_many_missing")
PLAY_RULE = "too_many_dropped_entities"


def drop_rules(
    t: Tracks,
    impossible_unrepaired: np.ndarray,
    missing_after: np.ndarray,
    *,
    max_bad_fraction: float,
    max_dropped_entities: int,
) -> Drops:
    """Apply the drop rules of the module docstring; all counts per track / play (counted
    over the few faulty and missing rows)."""
    if not (impossible_unrepaired.any() or missing_after.any()):
        none = np.zeros(t.n, dtype=bool)
        zero = np.zeros(t.n)
        return Drops(none, none, np.zeros(t.n, dtype=np.int64), zero, zero)
    n_tracks = int(t.track[-1]) + 1 if t.n else 0
    rows_per_track = np.bincount(t.track, minlength=n_tracks)
    faults = np.bincount(t.track[impossible_unrepaired], minlength=n_tracks).astype(np.float64)
    missing = np.bincount(t.track[missing_after], minlength=n_tracks).astype(np.float64)
    share = missing / np.maximum(rows_per_track, 1)
    by_fault = faults > 0
    by_missing = share > max_bad_fraction
    dropped_track = by_fault | by_missing
    entity = dropped_track[t.track]
    rule = np.where(by_fault, 0, 1)[t.track]
    value = np.where(by_fault, faults, share)[t.track]
    n_plays = int(t.play[-1]) + 1 if t.n else 0
    track_play = np.zeros(n_tracks, dtype=np.int64)
    track_play[t.track] = t.play
    dropped_per_play = np.bincount(track_play, weights=dropped_track, minlength=n_plays)
    play_dropped = dropped_per_play > max_dropped_entities
    play = play_dropped[t.play] & ~entity
    return Drops(
        entity=entity,
        play=play,
        entity_rule=rule,
        entity_value=value.astype(np.float64),
        play_value=dropped_per_play[t.play].astype(np.float64),
    )
