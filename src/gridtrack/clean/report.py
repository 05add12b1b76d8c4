"""Summaries of the ``quality`` table: per game, per check, and the worst plays."""

from __future__ import annotations

import polars as pl

from gridtrack.schema import QUALITY_ACTIONS

PLAY = ["game_id", "play_id"]


def _by_action() -> list[pl.Expr]:
    action = pl.col("action").cast(pl.String)
    return [(action == a).sum().alias(a) for a in QUALITY_ACTIONS]


def per_game(quality: pl.LazyFrame, tracking: pl.LazyFrame) -> pl.DataFrame:
    """Per game: tracking rows stored, quality rows by action, plays with any quality row,
    and dropped plays."""
    rows = tracking.group_by("game_id").agg(
        pl.len().alias("rows_stored"), pl.col("play_id").n_unique().alias("plays_stored")
    )
    action = pl.col("action").cast(pl.String)
    decisions = quality.group_by("game_id").agg(
        *_by_action(),
        pl.struct(PLAY).n_unique().alias("plays_with_findings"),
        pl.col("play_id").filter(action == "dropped_play").n_unique().alias("plays_dropped"),
    )
    return (
        rows.join(decisions, on="game_id", how="full", coalesce=True)
        .fill_null(0)
        .sort("game_id")
        .collect()
    )


def per_check(quality: pl.LazyFrame) -> pl.DataFrame:
    """Per check (or drop rule): quality rows by action, games and plays concerned."""
    return (
        quality.group_by("check")
        .agg(
            pl.len().alias("rows"),
            *_by_action(),
            pl.col("game_id").n_unique().alias("games"),
            pl.struct(PLAY).n_unique().alias("plays"),
        )
        .sort("rows", descending=True)
        .collect()
    )


def worst_plays(quality: pl.LazyFrame, n: int = 10) -> pl.DataFrame:
    """The ``n`` plays with the most quality rows: counts by action and the commonest
    check."""
    counted = quality.group_by([*PLAY, "check"]).agg(pl.len().alias("n"))
    top = (
        counted.sort("n", descending=True)
        .group_by(PLAY)
        .agg(pl.col("check").first().alias("main_check"))
    )
    return (
        quality.group_by(PLAY)
        .agg(pl.len().alias("rows"), *_by_action())
        .join(top, on=PLAY)
        .sort(["rows", *PLAY], descending=[True, False, False])
        .head(n)
        .collect()
    )
