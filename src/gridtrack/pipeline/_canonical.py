"""From tables as recorded to canonical, standardized tables.

:func:`canonicalize` composes the steps every source goes through, lazily:

1. rows a reader marked with a ``_reason``, or with a value outside the canonical bounds, go
   to ``quarantine``;
2. ball samples on their own clock are aligned to the player frames (``clean.align_ball``);
3. rows repeating a key (game, play, entity, frame) go to ``quarantine`` (the first is kept);
   the rows are put in the canonical order here, once;
4. the play direction is inferred where the source lacks it, and every play is turned so the
   offense moves toward +x (``clean.standardize``); the line of scrimmage is filled in;
5. key frames are derived (``clean.key_frames``).
"""

from __future__ import annotations

from functools import partial

import polars as pl

from gridtrack.clean import (
    align_ball,
    fill_line_of_scrimmage,
    key_frames,
    standardize,
    with_directions,
)
from gridtrack.schema import KEY_FRAMES, PLAYS, QUARANTINE, TRACKING, Dataset

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


def out_of_range() -> pl.Expr:
    """The reason a row holds a value outside its column's bounds in ``TRACKING`` (e.g. a
    position outside the stadium), else null."""
    reasons = []
    for column in TRACKING.columns:
        if column.lower is None and column.upper is None:
            continue
        value = pl.col(column.name)
        low = value < column.lower if column.lower is not None else pl.lit(False)
        high = value > column.upper if column.upper is not None else pl.lit(False)
        if column.upper is None:
            expected = f"values >= {column.lower} {column.unit}".rstrip()
        elif column.lower is None:
            expected = f"values <= {column.upper} {column.unit}".rstrip()
        else:
            expected = f"values in [{column.lower}, {column.upper}] {column.unit}".rstrip()
        reasons.append(
            pl.when(low | high).then(
                pl.format(f"column {column.name}: expected {expected}, found {{}}", value)
            )
        )
    return pl.coalesce(reasons)


def split_rejected(tracking: pl.LazyFrame) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Rows a reader marked bad (``_reason`` set) or holding a value outside its column's
    bounds → quarantine; the rest go on."""
    marked = tracking.with_columns(pl.coalesce(pl.col(REASON), out_of_range()).alias(REASON))
    bad = pl.col(REASON).is_not_null()
    return marked.filter(~bad), _quarantine_rows(marked.filter(bad), pl.col(REASON))


def mark_repeats(tracking: pl.LazyFrame) -> pl.LazyFrame:
    """Sort into the canonical order (the ball last in each play) and mark with ``_repeat``
    every row whose key equals its predecessor's: the first row of a key (in source order)
    is kept, later ones are repeats."""
    key = list(TRACKING.key)
    repeat = pl.all_horizontal([pl.col(k).eq_missing(pl.col(k).shift(1)) for k in key])
    return tracking.sort(*key, SOURCE, LINE, nulls_last=True).with_columns(
        repeat.fill_null(False).alias("_repeat")
    )


def repeat_rows(repeats: pl.LazyFrame) -> pl.LazyFrame:
    """Quarantine records for the rows :func:`mark_repeats` marked as repeats."""
    reason = pl.format(
        "duplicate key (game_id, play_id, nfl_id, frame_id) = ({}, {}, {}, {}): "
        "a repeat of an earlier row",
        "game_id",
        "play_id",
        pl.col("nfl_id").cast(pl.String).fill_null(pl.lit("ball")),
        "frame_id",
    )
    return _quarantine_rows(repeats, reason)


def canonical_frames(tracking: pl.LazyFrame, plays: pl.LazyFrame) -> dict[str, pl.DataFrame]:
    """Run the steps on raw ``tracking`` and its ``plays``; returns the collected
    ``tracking``, ``plays``, ``key_frames`` and ``quarantine`` (rows set aside here).

    Each step's result is materialized once and shared by the steps after it.
    """
    good, rejected = (f.collect() for f in split_rejected(tracking))
    aligned = align_ball(good.lazy()).collect()
    unaligned = pl.col("frame_id").is_null()
    orphans = _quarantine_rows(
        aligned.lazy().filter(unaligned),
        pl.lit("ball sample could not be aligned: the play has no timed player frames"),
    )
    # one game in memory: the in-memory engine sorts it faster than the streaming one
    marked = mark_repeats(aligned.lazy().filter(~unaligned)).collect(engine="in-memory")
    unique_df = marked.filter(~pl.col("_repeat")).drop("_repeat")
    # filter eagerly: polars 2.1 panics on string views when this filter runs lazily
    repeats = marked.filter(pl.col("_repeat")).lazy()
    orphans_df, repeats_df = pl.collect_all([orphans, repeat_rows(repeats)])
    plays_df = with_directions(plays, unique_df.lazy()).collect()
    standard = TRACKING.conform(standardize(unique_df.lazy(), plays_df.lazy())).collect()
    plays_out, key_frames_df = pl.collect_all(
        [
            PLAYS.conform(fill_line_of_scrimmage(plays_df.lazy(), standard.lazy())),
            key_frames(standard.lazy()),
        ]
    )
    return {
        "tracking": standard,
        "plays": plays_out,
        "key_frames": key_frames_df,
        "quarantine": pl.concat([rejected, orphans_df, repeats_df], how="diagonal_relaxed"),
    }


def canonicalize(raw: Dataset) -> Dataset:
    """Canonical, standardized dataset from a reader's tables as recorded.

    The tables stay lazy: nothing is read until one of them is collected, and then the
    steps run once for all of them.
    """
    computed: dict[str, pl.DataFrame] = {}

    def table(name: str) -> pl.DataFrame:
        if not computed:
            computed.update(canonical_frames(raw.tracking, raw.plays))
        return computed[name]

    plays_schema = raw.plays.collect_schema()
    plays_schema["play_direction_inferred"] = pl.Boolean()
    schemas = {
        "tracking": TRACKING.schema,
        "plays": PLAYS.conform(pl.LazyFrame(schema=plays_schema)).collect_schema(),
        "key_frames": KEY_FRAMES.schema,
        "quarantine": QUARANTINE.schema,
    }
    deferred = {
        name: pl.defer(partial(table, name), schema=schema) for name, schema in schemas.items()
    }
    deferred["quarantine"] = pl.concat(
        [QUARANTINE.conform(raw.quarantine), deferred["quarantine"]], how="diagonal_relaxed"
    )
    return Dataset(players=raw.players, games=raw.games, **deferred)
