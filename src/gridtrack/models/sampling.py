"""Which plays are a fair sample, and weights that undo outcome-selected samples.

A lake may hold whole games (every play tracked) next to collections picked for their
outcome — Next Gen Stats highlight plays over-represent long completions. A model trained on
both as if they were one sample would learn that deep passes are completed far more often
than they are.

Coverage: a game is ``full`` when the lake tracks at least :data:`FULL_GAME_MIN_PLAYS` of
its plays, else ``partial`` (a selection of plays).

Weights: when the selection depends on the outcome *y*, Bayes' rule gives
P_sel(y | x) ∝ P(y | x) · P(sel | y), so weighting each partial-game row by
P_full(y) / P_partial(y) restores the population's conditional distribution. For a binary
label the two classes are reweighted; for a continuous one the label is binned at the
full games' quantiles. Weights are clipped to [0.05, 20]. Without any full game, every
weight is 1 (nothing to correct toward).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from gridtrack.schema import Dataset

FULL_GAME_MIN_PLAYS = 60
"""A game with at least this many tracked plays counts as fully covered."""


def game_coverage(ds: Dataset) -> pl.DataFrame:
    """game_id, tracked_plays, coverage (``full`` / ``partial``)."""
    return (
        ds.key_frames.group_by("game_id")
        .agg(pl.len().alias("tracked_plays"))
        .with_columns(
            pl.when(pl.col("tracked_plays") >= FULL_GAME_MIN_PLAYS)
            .then(pl.lit("full"))
            .otherwise(pl.lit("partial"))
            .alias("coverage")
        )
        .sort("game_id")
        .collect()
    )


def selection_weights(
    y: np.ndarray, partial: np.ndarray, *, binary: bool, n_bins: int = 4
) -> np.ndarray:
    """Weights that give the partial-coverage rows the full games' label distribution.

    Parameters
    ----------
    y
        Labels.
    partial
        True for rows from partially covered games.
    binary
        True for 0/1 labels (two classes); else ``n_bins`` quantile bins of the full games.
    """
    y = np.asarray(y, dtype=float)
    partial = np.asarray(partial, dtype=bool)
    w = np.ones(len(y))
    full = ~partial
    if full.sum() == 0 or partial.sum() == 0:
        return w
    if binary:
        cls = y.astype(int)
    else:
        edges = np.quantile(y[full], np.linspace(0, 1, n_bins + 1)[1:-1])
        cls = np.searchsorted(edges, y, side="right")
    for c in np.unique(cls):
        p_full = np.mean(cls[full] == c)
        p_part = np.mean(cls[partial] == c)
        if p_part > 0:
            w[partial & (cls == c)] = np.clip(p_full / p_part, 0.05, 20.0)
    return w
