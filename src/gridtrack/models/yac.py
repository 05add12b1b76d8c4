"""Expected yards after catch (xYAC): features, labels and the model's specification.

One example per completed pass, measured at the catch (the arrival frame): where the
receiver is, how fast and which way he moves, and who can stop him.

======================== ===== ===========================================================
feature                  unit  definition
======================== ===== ===========================================================
rec_speed                yd/s  receiver speed at the catch
rec_vx                   yd/s  receiver velocity toward the goal line (+x)
rec_vy_abs               yd/s  |receiver velocity across the field|
rec_accel                yd/s² receiver acceleration at the catch
air_yards                yd    receiver x − line of scrimmage at the catch
sideline_dist            yd    receiver to the nearer sideline
yards_to_goal            yd    110 − receiver x
def_dist_1               yd    nearest defender
def_dist_2               yd    second-nearest defender
def_dist_3               yd    third-nearest defender
def_closing_1            yd/s  closing speed of the nearest defender, −(Δv·Δr)/|Δr|
def_closing_max_10       yd/s  highest closing speed among defenders within 10 yd
def_dist_1s              yd    nearest defender after 1 s, velocities kept
n_def_in_front                 defenders with x beyond the receiver's
n_def_in_front_10              defenders beyond the receiver and within 10 yd
front_def_dist           yd    nearest defender beyond the receiver
n_def_within_5                 defenders within 5 yd
n_blockers_within_5            teammates (other than the receiver) within 5 yd
======================== ===== ===========================================================

The play-by-play baseline uses ``air_yards``, ``down``, ``yards_to_go`` and
``yards_to_goal_los`` (110 − line of scrimmage).

Labels: ``yards_after_catch`` from the play-by-play where the source records it; else the
play's ``yards_gained`` minus the air yards at the catch; else, from tracking, the ball's x
at the end of the play minus its x at the catch.
"""

from __future__ import annotations

import polars as pl

from gridtrack.models._frames import PLAY, kth, neighbours, pass_roles, sideline_distance
from gridtrack.models._frames import entity as entity_at
from gridtrack.models._labels import pass_outcomes
from gridtrack.schema import GOAL_LINE_RIGHT, Dataset

FEATURES: tuple[str, ...] = (
    "rec_speed",
    "rec_vx",
    "rec_vy_abs",
    "rec_accel",
    "air_yards",
    "sideline_dist",
    "yards_to_goal",
    "def_dist_1",
    "def_dist_2",
    "def_dist_3",
    "def_closing_1",
    "def_closing_max_10",
    "def_dist_1s",
    "n_def_in_front",
    "n_def_in_front_10",
    "front_def_dist",
    "n_def_within_5",
    "n_blockers_within_5",
)
"""The tracking model's inputs."""

BASELINE_FEATURES: tuple[str, ...] = ("air_yards", "down", "yards_to_go", "yards_to_goal_los")
"""The play-by-play baseline's inputs."""

ID_COLUMNS: tuple[str, ...] = ("game_id", "play_id", "passer_id", "target_id")
LABEL = "yac"


def features(ds: Dataset) -> pl.DataFrame:
    """One row per pass with a target, measured at the catch (arrival) frame.

    Rows exist for every pass (an incompletion gets its "had it been caught" features); the
    labels keep the completions only.

    Returns
    -------
    pl.DataFrame
        ``ID_COLUMNS``, :data:`FEATURES` and the baseline's play-by-play columns (Float64).
    """
    roles, _, at_catch, _ = pass_roles(ds)
    rec = entity_at(at_catch, roles, "target_id", "rc")
    defenders = (
        neighbours(at_catch, rec, prefix="rc", side="defense")
        .with_columns((pl.col("dx") > 0).alias("_front"))
        .group_by(PLAY)
        .agg(
            kth("d", 1).alias("def_dist_1"),
            kth("d", 2).alias("def_dist_2"),
            kth("d", 3).alias("def_dist_3"),
            kth("closing", 1).alias("def_closing_1"),
            pl.col("closing").filter(pl.col("d") < 10.0).max().alias("def_closing_max_10"),
            pl.col("d_1s").min().alias("def_dist_1s"),
            pl.col("_front").sum().cast(pl.Float64).alias("n_def_in_front"),
            (pl.col("_front") & (pl.col("d") < 10.0))
            .sum()
            .cast(pl.Float64)
            .alias("n_def_in_front_10"),
            pl.col("d").filter(pl.col("_front")).min().alias("front_def_dist"),
            (pl.col("d") < 5.0).sum().cast(pl.Float64).alias("n_def_within_5"),
        )
    )
    blockers = (
        neighbours(at_catch, rec, prefix="rc", side="offense", exclude="target_id")
        .group_by(PLAY)
        .agg((pl.col("d") < 5.0).sum().cast(pl.Float64).alias("n_blockers_within_5"))
    )
    plays = ds.plays.select(
        *PLAY, pl.col("down").cast(pl.Float64), pl.col("yards_to_go").cast(pl.Float64)
    )
    rec = rec.join(
        ds.plays.select(*PLAY, pl.col("absolute_yardline").alias("_los")), on=PLAY, how="left"
    )
    frame = (
        roles.join(rec.drop("target_id"), on=PLAY, how="left")
        .join(defenders, on=PLAY, how="left")
        .join(blockers, on=PLAY, how="left")
        .join(plays, on=PLAY, how="left")
        .with_columns(
            pl.col("rc_s").alias("rec_speed"),
            pl.col("rc_vx").alias("rec_vx"),
            pl.col("rc_vy").abs().alias("rec_vy_abs"),
            pl.col("rc_a").alias("rec_accel"),
            (pl.col("rc_x") - pl.col("los_x")).alias("air_yards"),
            sideline_distance(pl.col("rc_y")).alias("sideline_dist"),
            (GOAL_LINE_RIGHT - pl.col("rc_x")).alias("yards_to_goal"),
            (GOAL_LINE_RIGHT - pl.col("los_x")).alias("yards_to_goal_los"),
            pl.col("n_blockers_within_5").fill_null(0.0),
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
    """game_id, play_id, ``yac`` (yd, Float64) for every completed pass with a known value.

    Order of sources: the plays table's ``yards_after_catch``; ``yards_gained`` minus the
    air yards at the catch (receiver x at arrival − line of scrimmage, rounded to a yard);
    the ball's x at the end frame minus its x at the catch (from tracking).
    """
    roles, _, at_catch, at_end = pass_roles(ds)
    rec = entity_at(at_catch, roles, "target_id", "rc")
    end = at_end.filter(pl.col("side") == "ball").select(*PLAY, pl.col("x").alias("_ball_end_x"))
    names = ds.plays.collect_schema().names()
    recorded = (
        pl.col("yards_after_catch").cast(pl.Float64)
        if "yards_after_catch" in names
        else pl.lit(None, pl.Float64)
    )
    from_gain = pl.col("yards_gained").cast(pl.Float64) - (
        (pl.col("rc_x") - pl.col("los_x")).round(0)
    )
    from_tracking = pl.col("_ball_end_x") - pl.coalesce("ball_a_x", "rc_x")
    completed = pass_outcomes(ds).filter(pl.col("pass_result") == "C").select(PLAY)
    plays = ds.plays.select(*PLAY, "yards_gained", recorded.alias("_yac_recorded"))
    return (
        completed.join(roles, on=PLAY)
        .join(rec.drop("target_id"), on=PLAY, how="left")
        .join(end, on=PLAY, how="left")
        .join(plays, on=PLAY, how="left")
        .select(*PLAY, pl.coalesce("_yac_recorded", from_gain, from_tracking).alias(LABEL))
        .filter(pl.col(LABEL).is_not_null())
        .sort(PLAY)
        .collect()
    )
