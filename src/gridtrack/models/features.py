"""The examples' stat table: a model's catalogue stats, one row per example.

Features are stats of the catalogue computed by their kernels
(:func:`gridtrack.stats.compute_stats` with the names a :class:`ModelSpec` reads), pivoted
to one row per play; the players a prediction credits come from the catalogue's
player-play role flags (the player whose flag is 1).
"""

from __future__ import annotations

import polars as pl

from gridtrack.models.spec import ModelSpec
from gridtrack.schema import Dataset
from gridtrack.stats import compute_stats

PLAY = ["game_id", "play_id"]


def stat_table(spec: ModelSpec, ds: Dataset) -> pl.DataFrame:
    """One row per example of ``spec`` in ``ds``.

    Returns
    -------
    pl.DataFrame
        ``spec.id_columns`` (game_id, play_id, ``{role}_id`` per role: the nfl_id whose
        role flag is 1, null if none), every stat of ``spec.play_stats`` (Float64, null
        where the stat does not apply) and the play-by-play columns of the baseline;
        only plays where every stat of ``spec.requires`` is known, sorted by play.
    """
    tracking, plays, key_frames, players = pl.collect_all(
        [ds.tracking, ds.plays, ds.key_frames, ds.players]
    )
    long_play, long_player = compute_stats(tracking, plays, key_frames, players, stats=spec.stats)
    wide = (
        long_play.pivot(on="stat", index=PLAY, values="value")
        if long_play.height
        else pl.DataFrame(schema={"game_id": pl.Int64, "play_id": pl.Int64})
    )
    wide = wide.with_columns(
        pl.lit(None, pl.Float64).alias(n) for n in spec.play_stats if n not in wide.columns
    )
    for role, flag in spec.roles.items():
        who = (
            long_player.filter((pl.col("stat") == flag) & (pl.col("value") == 1.0))
            .group_by(PLAY)
            .agg(pl.col("nfl_id").min().alias(spec.role_column(role)))
        )
        wide = wide.join(who, on=PLAY, how="left")
    situation = plays.select(*PLAY, *[pl.col(c).cast(pl.Float64) for c in spec.play_columns])
    return (
        wide.filter(*[pl.col(n).is_not_null() for n in spec.requires])
        .join(situation, on=PLAY, how="left")
        .select(*spec.id_columns, *spec.play_stats, *spec.play_columns)
        .sort(PLAY)
    )
