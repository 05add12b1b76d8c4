"""Cross-validation grouped by game: out-of-fold predictions.

Every play of a game falls in the same fold, so a play's expectation (and the "over
expected" stat built on it) never comes from a model that saw that play, nor any play of
its game. The same fold assignment serves the tracking model and its baseline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl

from gridtrack.models.estimators import DistributionalRegressor, GBMClassifier


def game_folds(game_ids: np.ndarray, n_splits: int = 5, seed: int = 0) -> np.ndarray:
    """A fold number (0 … k−1) per row, whole games per fold, folds balanced by rows.

    Games are shuffled with ``seed`` then placed largest first into the fold with the fewest
    rows so far (as scikit-learn's ``GroupKFold``). With fewer games than ``n_splits``,
    there are as many folds as games.
    """
    game_ids = np.asarray(game_ids)
    games, inverse, counts = np.unique(game_ids, return_inverse=True, return_counts=True)
    k = max(1, min(n_splits, len(games)))
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(games))
    order = order[np.argsort(-counts[order], kind="stable")]
    sizes = np.zeros(k, dtype=np.int64)
    fold_of_game = np.empty(len(games), dtype=np.int64)
    for g in order:
        f = int(np.argmin(sizes))
        fold_of_game[g] = f
        sizes[f] += counts[g]
    return fold_of_game[inverse]


def sample_weight_pos(sample_weight: np.ndarray) -> np.ndarray:
    """Rows that take part in training: weight > 0."""
    return np.asarray(sample_weight, dtype=float) > 0


@dataclass
class OutOfFold:
    """Out-of-fold predictions: ``pred`` (probability or mean) per row, ``fold`` per row, and
    for distributions ``ensemble`` (n, m)."""

    pred: np.ndarray
    fold: np.ndarray
    ensemble: np.ndarray | None = None


def out_of_fold(
    make: Callable[[], GBMClassifier | DistributionalRegressor],
    X: pl.DataFrame,
    y: np.ndarray,
    folds: np.ndarray,
    sample_weight: np.ndarray | None = None,
    groups: np.ndarray | None = None,
) -> OutOfFold:
    """Fit one model per fold on the other folds and predict the held-out rows.

    Parameters
    ----------
    make
        Returns a fresh, unfitted estimator.
    X, y
        Features (the model's columns only) and labels.
    folds
        Fold per row, from :func:`game_folds`.
    sample_weight
        Training weights; rows of weight 0 are left out of training (they are still
        predicted). Evaluation weights are the caller's business.
    groups
        Games, passed to a distributional model's inner residual folds.
    """
    y = np.asarray(y)
    pred = np.full(len(y), np.nan)
    ensemble: np.ndarray | None = None
    usable = (
        np.ones(len(y), dtype=bool) if sample_weight is None else sample_weight_pos(sample_weight)
    )
    for k in np.unique(folds):
        test = folds == k
        train = ~test & usable
        if not train.any():
            continue
        model = make()
        Xtr = X.filter(pl.Series(train))
        wtr = None if sample_weight is None else np.asarray(sample_weight)[train]
        if isinstance(model, DistributionalRegressor):
            gtr = None if groups is None else np.asarray(groups)[train]
            model.fit(Xtr, y[train], wtr, groups=gtr)
        else:
            model.fit(Xtr, y[train], wtr)
        Xte = X.filter(pl.Series(test))
        if isinstance(model, GBMClassifier):
            pred[test] = model.predict_proba(Xte)[:, 1]
        else:
            pred[test] = model.predict(Xte)
        if isinstance(model, DistributionalRegressor):
            ens = model.predict_ensemble(Xte)
            if ensemble is None:
                ensemble = np.full((len(y), ens.shape[1]), np.nan)
            ensemble[test] = ens
    return OutOfFold(pred=pred, fold=np.asarray(folds), ensemble=ensemble)
