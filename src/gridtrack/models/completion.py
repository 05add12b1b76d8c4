"""Completion probability (CP): features, labels and the model's specification.

One example per pass attempt. The on-field features follow the Next Gen Stats model: the
separations and distances that decide a completion, measured at the throw and at the
arrival of the ball. Ball placement relative to the receiver is deliberately left out: it
is the passer's skill that completion-over-expected (``cpoe``) is meant to measure.

======================== ===== ===========================================================
feature                  unit  definition
======================== ===== ===========================================================
pass_distance            yd    ball at arrival − passer at throw (straight-line air distance)
air_yards                yd    ball x at arrival − line of scrimmage (throw depth)
pass_width               yd    |ball y at arrival − passer y at throw|
air_time                 s     (arrival − throw) / 10 Hz
time_to_throw            s     (throw − snap) / 10 Hz
qb_speed_throw           yd/s  passer speed at the throw
qb_depth_throw           yd    line of scrimmage − passer x at the throw (drop depth)
qb_rusher_dist_1_throw   yd    passer to the nearest defender at the throw
qb_rusher_dist_2_throw   yd    passer to the second-nearest defender at the throw
n_rushers_within_3_throw       defenders within 3 yd of the passer at the throw
rec_sep_throw            yd    target to the nearest defender at the throw
rec_speed_throw          yd/s  target speed at the throw
rec_depth_throw          yd    target x − line of scrimmage at the throw
rec_sep_arrival          yd    target to the nearest defender at arrival
rec_sep2_arrival         yd    target to the second-nearest defender at arrival
rec_sep_1s_arrival       yd    nearest-defender distance 1 s after arrival, velocities kept
def_closing_arrival      yd/s  closing speed of the nearest defender at arrival
n_def_within_2_arrival         defenders within 2 yd of the target at arrival
rec_speed_arrival        yd/s  target speed at arrival
sideline_dist_arrival    yd    target to the nearer sideline at arrival
yards_to_goal_arrival    yd    110 − target x at arrival (negative in the end zone)
======================== ===== ===========================================================

The play-by-play baseline uses ``air_yards``, ``down``, ``yards_to_go`` and
``yards_to_goal`` (110 − line of scrimmage), as public play-by-play models do.
"""

from __future__ import annotations

import polars as pl

from gridtrack.models._frames import (
    PLAY,
    kth,
    neighbours,
    pass_roles,
    seconds,
    sideline_distance,
)
from gridtrack.models._frames import (
    entity as entity_at,
)
from gridtrack.models._labels import completion_labels
from gridtrack.schema import GOAL_LINE_RIGHT, Dataset

FEATURES: tuple[str, ...] = (
    "pass_distance",
    "air_yards",
    "pass_width",
    "air_time",
    "time_to_throw",
    "qb_speed_throw",
    "qb_depth_throw",
    "qb_rusher_dist_1_throw",
    "qb_rusher_dist_2_throw",
    "n_rushers_within_3_throw",
    "rec_sep_throw",
    "rec_speed_throw",
    "rec_depth_throw",
    "rec_sep_arrival",
    "rec_sep2_arrival",
    "rec_sep_1s_arrival",
    "def_closing_arrival",
    "n_def_within_2_arrival",
    "rec_speed_arrival",
    "sideline_dist_arrival",
    "yards_to_goal_arrival",
)
"""The tracking model's inputs."""

BASELINE_FEATURES: tuple[str, ...] = ("air_yards", "down", "yards_to_go", "yards_to_goal")
"""The play-by-play baseline's inputs."""

ID_COLUMNS: tuple[str, ...] = ("game_id", "play_id", "passer_id", "target_id")
LABEL = "complete"


def features(ds: Dataset) -> pl.DataFrame:
    """One row per pass with a throw and a target: ids, on-field and play-by-play features.

    Parameters
    ----------
    ds
        Canonical dataset with ``tracking``, ``plays`` and ``key_frames``.

    Returns
    -------
    pl.DataFrame
        ``ID_COLUMNS``, then :data:`FEATURES` and the baseline's play-by-play columns
        (Float64; null where a measurement is impossible, e.g. no defender on the field).
    """
    roles, at_throw, at_arrival, _ = pass_roles(ds)
    qb = entity_at(at_throw, roles, "passer_id", "qb")
    rec_t = entity_at(at_throw, roles, "target_id", "rt")
    rec_a = entity_at(at_arrival, roles, "target_id", "ra")

    rush = (
        neighbours(at_throw, qb, prefix="qb", side="defense")
        .group_by(PLAY)
        .agg(
            kth("d", 1).alias("qb_rusher_dist_1_throw"),
            kth("d", 2).alias("qb_rusher_dist_2_throw"),
            (pl.col("d") < 3.0).sum().cast(pl.Float64).alias("n_rushers_within_3_throw"),
        )
    )
    sep_t = (
        neighbours(at_throw, rec_t, prefix="rt", side="defense")
        .group_by(PLAY)
        .agg(kth("d", 1).alias("rec_sep_throw"))
    )
    sep_a = (
        neighbours(at_arrival, rec_a, prefix="ra", side="defense")
        .group_by(PLAY)
        .agg(
            kth("d", 1).alias("rec_sep_arrival"),
            kth("d", 2).alias("rec_sep2_arrival"),
            pl.col("d_1s").min().alias("rec_sep_1s_arrival"),
            kth("closing", 1).alias("def_closing_arrival"),
            (pl.col("d") < 2.0).sum().cast(pl.Float64).alias("n_def_within_2_arrival"),
        )
    )
    ball_x = pl.coalesce("ball_a_x", "ra_x")
    ball_y = pl.coalesce("ball_a_y", "ra_y")
    plays = ds.plays.select(
        *PLAY,
        pl.col("down").cast(pl.Float64),
        pl.col("yards_to_go").cast(pl.Float64),
    )
    frame = (
        roles.join(qb.drop("passer_id"), on=PLAY, how="left")
        .join(rec_t.drop("target_id"), on=PLAY, how="left")
        .join(rec_a.drop("target_id"), on=PLAY, how="left")
        .join(rush, on=PLAY, how="left")
        .join(sep_t, on=PLAY, how="left")
        .join(sep_a, on=PLAY, how="left")
        .join(plays, on=PLAY, how="left")
        .with_columns(
            ((ball_x - pl.col("qb_x")) ** 2 + (ball_y - pl.col("qb_y")) ** 2)
            .sqrt()
            .alias("pass_distance"),
            (ball_x - pl.col("los_x")).alias("air_yards"),
            (ball_y - pl.col("qb_y")).abs().alias("pass_width"),
            seconds(pl.col("arrival_frame") - pl.col("throw_frame")).alias("air_time"),
            seconds(pl.col("throw_frame") - pl.col("snap_frame")).alias("time_to_throw"),
            pl.col("qb_s").alias("qb_speed_throw"),
            (pl.col("los_x") - pl.col("qb_x")).alias("qb_depth_throw"),
            pl.col("rt_s").alias("rec_speed_throw"),
            (pl.col("rt_x") - pl.col("los_x")).alias("rec_depth_throw"),
            pl.col("ra_s").alias("rec_speed_arrival"),
            sideline_distance(pl.col("ra_y")).alias("sideline_dist_arrival"),
            (GOAL_LINE_RIGHT - pl.col("ra_x")).alias("yards_to_goal_arrival"),
            (GOAL_LINE_RIGHT - pl.col("los_x")).alias("yards_to_goal"),
        )
    )
    extra = [c for c in BASELINE_FEATURES if c not in FEATURES]
    return (
        frame.select(
            *ID_COLUMNS,
            *[pl.col(c).cast(pl.Float64) for c in FEATURES],
            *[pl.col(c).cast(pl.Float64) for c in extra],
        )
        .sort(PLAY)
        .collect()
    )


def labels(ds: Dataset) -> pl.DataFrame:
    """game_id, play_id, ``complete`` (Int8): see :func:`gridtrack.models._labels.pass_outcomes`."""
    return completion_labels(ds).sort(PLAY).collect()
