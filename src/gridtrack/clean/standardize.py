"""Standardize direction: the offense always moves toward +x.

A play recorded with the offense moving left is turned by 180° about the field's centre:

    x' = 120 − x,   y' = 53⅓ − y,   o' = (o + 180) mod 360,   dir' = (dir + 180) mod 360

so that angles keep the Big Data Bowl convention (0° = +y, clockwise). The recorded
direction stays in ``plays.play_direction``; where a source does not record it, it is
inferred from the tracking (:func:`infer_direction`) and ``plays.play_direction_inferred``
says so. The line of scrimmage (``plays.absolute_yardline``) is already in the standardized
frame when a reader can compute it; otherwise it is taken as the ball's x at the snap.
"""

from __future__ import annotations

import polars as pl

from gridtrack.schema import SNAP_EVENTS, turned_around

PLAY = ["game_id", "play_id"]


def reference_frame(tracking: pl.LazyFrame) -> pl.LazyFrame:
    """Per play, the frame that describes the formation: the snap, else the first frame."""
    snaps = (
        tracking.filter(pl.col("event").is_in(SNAP_EVENTS))
        .group_by(PLAY)
        .agg(pl.col("frame_id").min().alias("snap"))
    )
    firsts = tracking.group_by(PLAY).agg(pl.col("frame_id").min().alias("first"))
    return firsts.join(snaps, on=PLAY, how="left").select(
        *PLAY, pl.coalesce("snap", "first").alias("frame_id")
    )


def infer_direction(tracking: pl.LazyFrame) -> pl.LazyFrame:
    """Per play, ``"right"`` where the offense lines up at smaller x than the defense at the
    snap (so it moves toward +x), else ``"left"``; null where either side is absent."""
    at_ref = tracking.join(reference_frame(tracking), on=[*PLAY, "frame_id"], how="semi")
    means = (
        at_ref.filter(pl.col("side").is_in(["offense", "defense"]))
        .group_by(PLAY)
        .agg(
            pl.col("x").filter(pl.col("side") == "offense").mean().alias("off_x"),
            pl.col("x").filter(pl.col("side") == "defense").mean().alias("def_x"),
        )
    )
    return means.select(
        *PLAY,
        pl.when(pl.col("off_x") < pl.col("def_x"))
        .then(pl.lit("right"))
        .when(pl.col("off_x") > pl.col("def_x"))
        .then(pl.lit("left"))
        .alias("inferred_direction"),
    )


def with_directions(plays: pl.LazyFrame, tracking: pl.LazyFrame) -> pl.LazyFrame:
    """``plays`` with ``play_direction`` filled from the tracking where the source lacked it,
    and ``play_direction_inferred`` (bool) telling which."""
    inferred = infer_direction(tracking)
    return (
        plays.join(inferred, on=PLAY, how="left")
        .with_columns(
            (pl.col("play_direction").is_null() & pl.col("inferred_direction").is_not_null()).alias(
                "play_direction_inferred"
            ),
            pl.coalesce("play_direction", "inferred_direction").alias("play_direction"),
        )
        .drop("inferred_direction")
    )


def standardize(tracking: pl.LazyFrame, plays: pl.LazyFrame) -> pl.LazyFrame:
    """Turn every left-moving play so the offense moves toward +x (row order kept).

    ``plays`` must carry ``play_direction`` for each play (see :func:`with_directions`);
    plays with an unknown direction are left as recorded.
    """
    directions = plays.select(*PLAY, (pl.col("play_direction") == "left").alias("_left"))
    left = pl.col("_left").fill_null(False)
    return (
        tracking.join(directions, on=PLAY, how="left", maintain_order="left")
        .with_columns(turned_around(left))
        .drop("_left")
    )


def fill_line_of_scrimmage(plays: pl.LazyFrame, tracking: pl.LazyFrame) -> pl.LazyFrame:
    """``plays`` with ``absolute_yardline`` taken from the ball's x at the snap (standardized
    tracking) where the source did not give the line of scrimmage."""
    ball_at_ref = (
        tracking.filter(pl.col("nfl_id").is_null())
        .join(reference_frame(tracking), on=[*PLAY, "frame_id"], how="semi")
        .group_by(PLAY)
        .agg(pl.col("x").first().alias("_ball_x"))
    )
    return (
        plays.join(ball_at_ref, on=PLAY, how="left")
        .with_columns(pl.coalesce("absolute_yardline", "_ball_x").alias("absolute_yardline"))
        .drop("_ball_x")
    )
