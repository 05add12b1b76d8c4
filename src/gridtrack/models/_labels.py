"""Labels of the pass models, from the play-by-play where recorded, else from tracking.

Pass outcomes: the play-by-play ``pass_result`` (C complete, I incomplete, IN intercepted)
wins; where it is null (sources without play-by-play), the first pass-outcome event after
the throw decides. Sacks, scrambles (S, R) and spikes are not pass attempts and get no
label. Each label function has the :data:`~gridtrack.models.spec.LabelFunction` shape:
the dataset and the examples' stat table in, game_id, play_id and the label out.
"""

from __future__ import annotations

import polars as pl

from gridtrack.schema import CAUGHT_EVENTS, NOT_CAUGHT_EVENTS, Dataset

PLAY = ["game_id", "play_id"]



def pass_outcomes(ds: Dataset) -> pl.LazyFrame:
    """One row per labelled pass attempt: game_id, play_id, ``pass_result`` (C / I / IN).

    Returns
    -------
    pl.LazyFrame
        ``pass_result`` from the plays table when it is C, I or IN; otherwise ``C`` if the
        first outcome event after the throw is a catch, ``I`` if incomplete, ``IN`` if
        intercepted. Plays with a ``qb_spike`` event are left out.
    """
    events = ds.tracking.filter(pl.col("event").is_not_null()).select(*PLAY, "frame_id", "event")
    outcome = (
        events.filter(pl.col("event").is_in(CAUGHT_EVENTS + NOT_CAUGHT_EVENTS))
        .group_by(PLAY)
        .agg(pl.col("event").sort_by("frame_id").first().alias("_event"))
        .select(
            *PLAY,
            pl.when(pl.col("_event").is_in(CAUGHT_EVENTS))
            .then(pl.lit("C"))
            .when(pl.col("_event") == "pass_outcome_interception")
            .then(pl.lit("IN"))
            .otherwise(pl.lit("I"))
            .alias("_from_events"),
        )
    )
    spikes = events.filter(pl.col("event") == "qb_spike").select(PLAY).unique()
    plays = ds.plays.select(*PLAY, "pass_result")
    recorded = pl.col("pass_result").is_in(["C", "I", "IN"])
    scramble_or_sack = pl.col("pass_result").is_in(["S", "R"])
    return (
        plays.join(outcome, on=PLAY, how="full", coalesce=True)
        .join(spikes, on=PLAY, how="anti")
        .filter(~scramble_or_sack.fill_null(False))
        .select(
            *PLAY,
            pl.when(recorded.fill_null(False))
            .then(pl.col("pass_result"))
            .otherwise(pl.col("_from_events"))
            .alias("pass_result"),
        )
        .filter(pl.col("pass_result").is_not_null())
    )


def completion_labels(ds: Dataset, stats: pl.DataFrame) -> pl.DataFrame:
    """game_id, play_id, ``complete`` (1 if caught, 0 if incomplete or intercepted; Int8)
    for the passes of :func:`pass_outcomes` (``stats`` unused: the outcome is recorded)."""
    del stats
    return (
        pass_outcomes(ds)
        .select(*PLAY, (pl.col("pass_result") == "C").cast(pl.Int8).alias("complete"))
        .sort(PLAY)
        .collect()
    )


def yac_labels(ds: Dataset, stats: pl.DataFrame) -> pl.DataFrame:
    """game_id, play_id, ``yac`` (yd, Float64) for every completed pass with a known value.

    Order of sources: the plays table's ``yards_after_catch``; ``yards_gained`` minus the
    stat ``air_yards`` rounded to a yard; the stat ``yards_after_catch`` (from tracking:
    the carrier's x at the end, at most the goal line, minus his x at the catch).
    ``stats`` holds the two stats per play.
    """
    names = ds.plays.collect_schema().names()
    recorded = (
        pl.col("yards_after_catch").cast(pl.Float64)
        if "yards_after_catch" in names
        else pl.lit(None, pl.Float64)
    )
    plays = ds.plays.select(
        *PLAY, recorded.alias("_recorded"), pl.col("yards_gained").cast(pl.Float64)
    )
    measured = stats.lazy().select(
        *PLAY, pl.col("air_yards").round(0).alias("_air"), pl.col("yards_after_catch")
    )
    from_gain = pl.col("yards_gained") - pl.col("_air")
    return (
        pass_outcomes(ds)
        .filter(pl.col("pass_result") == "C")
        .join(plays, on=PLAY, how="left")
        .join(measured, on=PLAY, how="left")
        .select(*PLAY, pl.coalesce("_recorded", from_gain, "yards_after_catch").alias("yac"))
        .filter(pl.col("yac").is_not_null())
        .sort(PLAY)
        .collect()
    )
