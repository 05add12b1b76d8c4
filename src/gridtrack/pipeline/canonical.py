"""From tables as recorded to canonical, standardized tables.

:func:`canonicalize` composes the steps every source goes through, lazily:

1. rows a reader marked with a ``_reason`` go to ``quarantine``;
2. ball samples on their own clock are aligned to the player frames (``clean.align_ball``);
3. rows repeating a key (game, play, entity, frame) go to ``quarantine`` (the first is kept);
4. the play direction is inferred where the source lacks it, and every play is turned so the
   offense moves toward +x (``clean.standardize``); the line of scrimmage is filled in;
5. key frames are derived (``clean.key_frames``).
"""

from __future__ import annotations

import polars as pl

from gridtrack.clean import (
    align_ball,
    fill_line_of_scrimmage,
    key_frames,
    standardize,
    with_directions,
)
from gridtrack.schema import PLAYS, QUARANTINE, TRACKING, Dataset

SOURCE, LINE, REASON = "_source", "_line", "_reason"


def _quarantine_rows(rows: pl.LazyFrame, reason: pl.Expr) -> pl.LazyFrame:
    """Quarantine records for ``rows``: where they came from, their keys, why, and the row."""
    names = rows.collect_schema().names()
    canonical = [c for c in TRACKING.names if c in names]
    return QUARANTINE.conform(
        rows.select(
            pl.col(SOURCE).fill_null("(unknown)").alias("source"),
            pl.col(LINE).alias("line"),
            *[pl.col(k) for k in ("game_id", "play_id", "nfl_id", "frame_id") if k in names],
            reason.alias("reason"),
            pl.struct(canonical).struct.json_encode().alias("raw"),
        )
    )


def split_rejected(tracking: pl.LazyFrame) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Rows a reader marked bad (``_reason`` set) → quarantine; the rest go on."""
    bad = pl.col(REASON).is_not_null()
    return tracking.filter(~bad), _quarantine_rows(tracking.filter(bad), pl.col(REASON))


def split_duplicates(tracking: pl.LazyFrame) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Keep the first row of each key (in source order); later repeats → quarantine."""
    key = list(TRACKING.key)
    ordered = tracking.sort(*key, SOURCE, LINE, nulls_last=True)
    first = pl.struct(key).is_first_distinct()
    marked = ordered.with_columns(first.alias("_first"))
    repeats = marked.filter(~pl.col("_first"))
    reason = pl.format(
        "duplicate key (game_id, play_id, nfl_id, frame_id) = ({}, {}, {}, {}): "
        "a repeat of an earlier row",
        "game_id",
        "play_id",
        pl.col("nfl_id").fill_null(pl.lit("ball")),
        "frame_id",
    )
    return marked.filter(pl.col("_first")).drop("_first"), _quarantine_rows(repeats, reason)


def canonicalize(raw: Dataset) -> Dataset:
    """Canonical, standardized dataset from a reader's tables as recorded (lazy)."""
    tracking, rejected = split_rejected(raw.tracking)
    tracking = align_ball(tracking)
    unaligned = pl.col("frame_id").is_null()
    orphans = _quarantine_rows(
        tracking.filter(unaligned),
        pl.lit("ball sample could not be aligned: the play has no timed player frames"),
    )
    tracking, repeats = split_duplicates(tracking.filter(~unaligned))
    plays = with_directions(raw.plays, tracking)
    tracking = TRACKING.conform(standardize(tracking, plays)).sort(TRACKING.sort, nulls_last=True)
    plays = PLAYS.conform(fill_line_of_scrimmage(plays, tracking))
    return Dataset(
        tracking=tracking,
        plays=plays,
        players=raw.players,
        games=raw.games,
        key_frames=key_frames(tracking),
        quarantine=pl.concat([raw.quarantine, rejected, orphans, repeats], how="diagonal_relaxed"),
    )
