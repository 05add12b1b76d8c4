"""Repairs: fill short gaps, interpolate bad positions, and drop what cannot be repaired.

1. :func:`insert_missing_frames` — a track that skips frames gets a row for each missing
   frame of a gap of at most ``max_gap_frames`` (coordinates null, to be interpolated);
   longer gaps are only reported.
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

from gridtrack.clean._tracks import Tracks
from gridtrack.schema import FRAME_SECONDS

INSERTED = "_inserted"
"""Temporary boolean column marking rows created for missing frames."""
KEY = ["game_id", "play_id", "nfl_id", "frame_id"]


def insert_missing_frames(
    tracking: pl.DataFrame, max_gap: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Add null-position rows for the frames a track skips, in gaps of ``max_gap`` or less.

    Returns the tracking with the boolean column ``INSERTED`` (sorted canonically), and one
    row per longer gap (game_id, play_id, nfl_id, frame_id = first missing frame,
    value = gap length in frames).
    """
    same_track = (
        (pl.col("game_id") == pl.col("game_id").shift(-1))
        & (pl.col("play_id") == pl.col("play_id").shift(-1))
        & pl.col("nfl_id").eq_missing(pl.col("nfl_id").shift(-1))
    )
    gap = (pl.col("frame_id").shift(-1) - pl.col("frame_id") - 1).cast(pl.Int64)
    gaps = tracking.select(pl.when(same_track).then(gap).otherwise(0).fill_null(0).alias("gap"))
    gap_len = gaps.get_column("gap")
    long_rows = tracking.filter(gap_len > max_gap).select(
        "game_id",
        "play_id",
        "nfl_id",
        (pl.col("frame_id") + 1).cast(pl.Int32).alias("frame_id"),
    )
    long_gaps = long_rows.with_columns(
        gap_len.filter(gap_len > max_gap).cast(pl.Float64).alias("value")
    )
    short = (gap_len > 0) & (gap_len <= max_gap)
    marked = tracking.with_columns(pl.lit(False).alias(INSERTED))
    if not short.any():
        return marked, long_gaps
    base = tracking.filter(short).with_columns(
        pl.int_ranges(1, gap_len.filter(short) + 1).alias("_k")
    )
    base = base.explode("_k")
    step = pl.duration(milliseconds=pl.col("_k") * int(FRAME_SECONDS * 1000))
    blank = [c for c in ("x", "y", "s", "a", "dis", "o", "dir", "event") if c in tracking.columns]
    new = base.with_columns(
        (pl.col("frame_id") + pl.col("_k")).cast(tracking.schema["frame_id"]).alias("frame_id"),
        (pl.col("time") + step).alias("time") if "time" in tracking.columns else pl.lit(None),
        *[pl.lit(None, tracking.schema[c]).alias(c) for c in blank],
        pl.lit(True).alias(INSERTED),
    ).select(marked.columns)
    merged = pl.concat([marked, new]).sort(KEY, nulls_last=True)
    return merged, long_gaps


@dataclass
class Repair:
    """Repaired positions and where the repair applied."""

    x: np.ndarray
    y: np.ndarray
    repaired: np.ndarray
    """Rows whose position was interpolated."""
    unrepaired: np.ndarray
    """Bad rows that could not be interpolated (their position is now NaN)."""


def interpolate(t: Tracks, bad: np.ndarray, max_gap: int) -> Repair:
    """Replace the positions of ``bad`` rows (and NaN positions) by cubic Hermite
    interpolation where the run of them is at most ``max_gap`` frames and bounded by good
    positions in the same run of consecutive frames."""
    n = t.n
    known = ~(np.isnan(t.x) | np.isnan(t.y))
    bad = bad | ~known
    good = ~bad
    x = np.where(good, t.x, np.nan)
    y = np.where(good, t.y, np.nan)
    repaired = np.zeros(n, dtype=bool)
    if n == 0 or not bad.any():
        return Repair(x=x, y=y, repaired=repaired, unrepaired=repaired.copy())
    idx = np.arange(n)
    segment = np.cumsum(t.pos == 0)
    prev = np.maximum.accumulate(np.where(good, idx, -1))
    nxt = np.minimum.accumulate(np.where(good, idx, n)[::-1])[::-1]
    rows = np.flatnonzero(bad)
    p0, p1 = prev[rows], nxt[rows]
    ok = (p0 >= 0) & (p1 < n)
    ok[ok] &= (segment[p0[ok]] == segment[rows[ok]]) & (segment[p1[ok]] == segment[rows[ok]])
    ok[ok] &= (p1[ok] - p0[ok] - 1) <= max_gap
    rows, p0, p1 = rows[ok], p0[ok], p1[ok]
    if rows.size:
        h = (p1 - p0).astype(np.float64)
        u = (rows - p0) / h
        h00 = 2 * u**3 - 3 * u**2 + 1
        h10 = u**3 - 2 * u**2 + u
        h01 = -2 * u**3 + 3 * u**2
        h11 = u**3 - u**2
        before = np.clip(p0 - 1, 0, n - 1)
        after = np.clip(p1 + 1, 0, n - 1)
        has_before = (t.pos[p0] >= 1) & good[before]
        has_after = (t.rem[p1] >= 1) & good[after]
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
    """Apply the drop rules of the module docstring; all counts per track / play."""
    n_tracks = int(t.track.max()) + 1 if t.n else 0
    rows_per_track = np.bincount(t.track, minlength=n_tracks)
    faults = np.bincount(t.track, weights=impossible_unrepaired, minlength=n_tracks)
    missing = np.bincount(t.track, weights=missing_after, minlength=n_tracks)
    share = missing / np.maximum(rows_per_track, 1)
    by_fault = faults > 0
    by_missing = share > max_bad_fraction
    dropped_track = by_fault | by_missing
    entity = dropped_track[t.track]
    rule = np.where(by_fault, 0, 1)[t.track]
    value = np.where(by_fault, faults, share)[t.track]
    n_plays = int(t.play.max()) + 1 if t.n else 0
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
