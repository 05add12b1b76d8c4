"""Align the ball to the players' 10 Hz frames by time.

Some sources sample the ball on its own clock: the highlight files start the ball's frames
at another time than the players', and the Sportradar feed stores the ball newest first and
may sample it faster than 10 Hz. Readers hand such ball samples over with ``frame_id`` null
and their ``time``; :func:`align_ball` puts one ball row on every player frame of the play.

For a frame at time ``t`` between ball samples ``(t0, p0)`` and ``(t1, p1)``:

    p(t) = p0 + (p1 - p0) · (t - t0) / (t1 - t0)

applied to x and y. A frame with samples on one side only (before the ball track starts or
after it ends) takes the nearest sample if it lies within ``MAX_GAP / 3``. Any other frame
gets a ball row with null coordinates (a dropout, left to the cleaning checks).
Speed ``s`` is taken from the nearer sample; ``dis``, ``dir``, ``o`` and ``a`` are left null
and derived later from the aligned positions.
"""

from __future__ import annotations

import polars as pl

MAX_GAP = 0.15
"""Seconds: a frame farther than this from any ball sample gets no ball position."""

PLAY = ["game_id", "play_id"]


def needs_alignment(tracking: pl.LazyFrame) -> pl.Expr:
    """Rows that are ball samples on their own clock."""
    return pl.col("nfl_id").is_null() & pl.col("frame_id").is_null()


def align_ball(tracking: pl.LazyFrame) -> pl.LazyFrame:
    """Replace the ball samples that lack a frame by one ball row per player frame.

    Rows already on frames are returned untouched; plays without such samples are
    unaffected. The result keeps the input's columns.
    """
    columns = tracking.collect_schema().names()
    loose = needs_alignment(tracking)
    samples = (
        tracking.filter(loose & pl.col("time").is_not_null())
        .select(*PLAY, "time", "x", "y", "s", pl.col("club"))
        .sort(*PLAY, "time")
    )
    frames = (
        tracking.filter(pl.col("frame_id").is_not_null() & pl.col("nfl_id").is_not_null())
        .group_by(*PLAY, "frame_id")
        .agg(pl.col("time").min(), pl.col("event").drop_nulls().first())
        .join(samples.select(PLAY).unique(), on=PLAY, how="semi")
        .sort(*PLAY, "time")
    )
    before = frames.join_asof(
        samples.rename({"time": "t0", "x": "x0", "y": "y0", "s": "s0"}),
        left_on="time",
        right_on="t0",
        by=PLAY,
        strategy="backward",
        check_sortedness=False,
    )
    both = before.join_asof(
        samples.rename({"time": "t1", "x": "x1", "y": "y1", "s": "s1", "club": "club1"}),
        left_on="time",
        right_on="t1",
        by=PLAY,
        strategy="forward",
        check_sortedness=False,
    )
    gap0 = (pl.col("time") - pl.col("t0")).dt.total_microseconds() / 1e6
    gap1 = (pl.col("t1") - pl.col("time")).dt.total_microseconds() / 1e6
    span = gap0 + gap1
    weight = pl.when(span > 0).then(gap0 / span).otherwise(0.0)
    inside = (gap0 <= MAX_GAP) & (gap1 <= MAX_GAP)
    only0 = gap0.is_not_null() & (gap0 <= MAX_GAP / 3) & ~inside.fill_null(False)
    only1 = gap1.is_not_null() & (gap1 <= MAX_GAP / 3) & ~inside.fill_null(False)

    def blend(a: str, b: str) -> pl.Expr:
        return (
            pl.when(inside)
            .then(pl.col(a) + (pl.col(b) - pl.col(a)) * weight)
            .when(only0)
            .then(pl.col(a))
            .when(only1)
            .then(pl.col(b))
        )

    nearer_s = pl.when(gap0.fill_null(1e9) <= gap1.fill_null(1e9)).then("s0").otherwise("s1")
    aligned = both.select(
        *PLAY,
        "frame_id",
        "time",
        pl.lit(None, pl.Int64).alias("nfl_id"),
        pl.coalesce("club", "club1").alias("club"),
        pl.lit("ball").alias("side"),
        blend("x0", "x1").alias("x"),
        blend("y0", "y1").alias("y"),
        pl.when(inside | only0 | only1).then(nearer_s).alias("s"),
        "event",
    )
    kept = tracking.filter(~loose)
    return pl.concat([kept, aligned], how="diagonal_relaxed").select(columns)
