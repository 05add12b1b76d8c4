"""Pass outcomes as labels, from the play-by-play where recorded, else from the events.

The play-by-play ``pass_result`` (C complete, I incomplete, IN intercepted) wins; where it is
null (sources without play-by-play), the first pass-outcome event after the throw decides.
Sacks, scrambles (S, R) and spikes are not pass attempts and get no label.
"""

from __future__ import annotations

import polars as pl

from gridtrack.schema import Dataset

PLAY = ["game_id", "play_id"]

CAUGHT_EVENTS = ("pass_outcome_caught", "pass_outcome_touchdown")
NOT_CAUGHT_EVENTS = ("pass_outcome_incomplete", "pass_outcome_interception")


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


def completion_labels(ds: Dataset) -> pl.LazyFrame:
    """game_id, play_id, ``complete`` (1 if caught, 0 if incomplete or intercepted; Int8)."""
    return pass_outcomes(ds).select(
        *PLAY, (pl.col("pass_result") == "C").cast(pl.Int8).alias("complete")
    )
