"""Over-expected leaderboards: per player of a role of the spec (``cpoe`` per passer and
receiver, ``yacoe`` per receiver).

Per play, over expected = observed − expected (completion: 1/0 − cp; yards after catch:
yac − xyac), with the expectation out of fold. Per player: plays, observed mean, expected
mean and their difference (the mean over-expected), plays weighted equally — leaderboards
describe what happened, so the training weights play no part.
"""

from __future__ import annotations

import polars as pl

from gridtrack.models.spec import ModelSpec


def leaderboard(
    spec: ModelSpec,
    plays: pl.DataFrame,
    *,
    role: str,
    players: pl.DataFrame | None = None,
    min_plays: int = 1,
) -> pl.DataFrame:
    """Per player in ``role`` (one of ``spec.roles``): plays, observed, expected, over.

    Parameters
    ----------
    plays
        Per-play frame with the role's id column (``{role}_id``), ``spec.label``,
        ``spec.output`` and ``spec.over`` (as in :attr:`TrainResult.examples`).
    players
        The canonical players table, to add ``display_name`` and ``position``.
    """
    id_col = spec.role_column(role)
    board = (
        plays.filter(pl.col(spec.over).is_not_null())
        .group_by(id_col)
        .agg(
            pl.len().alias("plays"),
            pl.col(spec.label).cast(pl.Float64).mean().alias("observed"),
            pl.col(spec.output).mean().alias("expected"),
            pl.col(spec.over).mean().alias(spec.over),
        )
        .filter(pl.col("plays") >= min_plays)
        .rename({id_col: "nfl_id"})
        .with_columns(pl.lit(role).alias("role"))
        .sort([spec.over, "plays"], descending=True)
    )
    if players is not None and players.height:
        names = players.select("nfl_id", "display_name", "position").unique("nfl_id")
        board = board.join(names, on="nfl_id", how="left")
    return board
