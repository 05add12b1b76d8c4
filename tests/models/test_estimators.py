"""Estimators (both backends), SHAP and gain ranking, top-K, folds, bundles."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from gridtrack.models import (
    DistributionalRegressor,
    GBMClassifier,
    game_folds,
    out_of_fold,
    rank_features,
    retrain_top_k,
    select_top_k,
    selection_weights,
)

FAST = {"n_estimators": 40, "learning_rate": 0.1, "num_leaves": 7, "min_child_samples": 10}


def _binary(n: int = 1500, seed: int = 0) -> tuple[pl.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = pl.DataFrame(
        {
            "signal": rng.normal(size=n),
            "weak": rng.normal(size=n),
            "noise": rng.normal(size=n),
        }
    )
    z = 1.8 * X["signal"].to_numpy() + 0.4 * X["weak"].to_numpy()
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-z))).astype(int)
    return X, y


@pytest.mark.parametrize("backend", ["lightgbm", "xgboost"])
def test_classifier_fit_predict_and_shap(backend):
    X, y = _binary()
    model = GBMClassifier(backend=backend, **FAST).fit(X, y)
    proba = model.predict_proba(X)
    assert proba.shape == (len(y), 2)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert set(np.unique(model.predict(X))) <= {0, 1}
    assert model.feature_names_ == ["signal", "weak", "noise"]
    assert model.n_features_in_ == 3
    # SHAP rows sum to the raw (log-odds) prediction
    contrib = model.contributions(X)
    logit = np.log(proba[:, 1] / proba[:, 0])
    assert np.allclose(contrib.sum(axis=1), logit, atol=1e-4)
    ranking = rank_features(model, X)
    assert ranking["feature"][0] == "signal"
    assert select_top_k(ranking, 2, by="gain")[0] == "signal"


def test_unfitted_and_wrong_input_fail_clearly():
    X, y = _binary(200)
    with pytest.raises(RuntimeError, match="not fitted"):
        GBMClassifier().predict_proba(X)
    model = GBMClassifier(**FAST).fit(X, y)
    with pytest.raises(ValueError, match="missing"):
        model.predict_proba(X.drop("weak"))
    with pytest.raises(ValueError, match="0/1"):
        GBMClassifier(**FAST).fit(X, y * 2)


def test_clone_keeps_params_and_drops_fit():
    model = DistributionalRegressor(backend="xgboost", residual_folds=4, **FAST)
    copy = model.clone()
    assert copy.get_params() == model.get_params()
    assert not hasattr(copy, "booster_")


def test_retrain_top_k_keeps_the_informative_features():
    X, y = _binary()
    model = GBMClassifier(**FAST).fit(X, y)
    refit, keep, ranking = retrain_top_k(model, X, y, 2)
    assert keep == ["signal", "weak"]
    assert refit.feature_names_ == keep
    assert ranking.height == 3


@pytest.mark.parametrize("backend", ["lightgbm", "xgboost"])
def test_distributional_regressor_quantiles(backend):
    rng = np.random.default_rng(2)
    n = 1200
    X = pl.DataFrame({"a": rng.uniform(0, 10, n), "b": rng.normal(size=n)})
    y = 2.0 + 0.8 * X["a"].to_numpy() + rng.gamma(1.5, 2.0, n)
    model = DistributionalRegressor(backend=backend, **FAST).fit(X, y)
    q = model.predict_quantiles(X, [0.1, 0.5, 0.9])
    assert np.all(np.diff(q, axis=1) > 0)
    coverage = np.mean((y >= q[:, 0]) & (y <= q[:, 2]))
    assert 0.7 < coverage < 0.9  # an honest 80 % interval, from out-of-fold residuals
    assert model.predict_ensemble(X).shape == (n, model.n_quantiles)


def test_game_folds_keep_games_whole_and_balance():
    games = np.repeat(np.arange(23), np.arange(1, 24))
    folds = game_folds(games, 5, seed=1)
    per_game = pl.DataFrame({"g": games, "f": folds}).group_by("g").agg(pl.col("f").n_unique())
    assert per_game["f"].max() == 1
    sizes = np.bincount(folds)
    assert len(sizes) == 5 and sizes.max() - sizes.min() <= 23
    assert (game_folds(games, 5, seed=1) == folds).all()


def test_out_of_fold_never_uses_a_games_own_rows():
    # each game's label equals a game-level constant; a model that saw the game could
    # memorize it, one that did not predicts from the other games only
    rng = np.random.default_rng(5)
    games = np.repeat(np.arange(10), 50)
    X = pl.DataFrame({"game": games.astype(float), "x": rng.normal(size=games.size)})
    y = (games % 2).astype(int)
    oof = out_of_fold(lambda: GBMClassifier(**FAST), X, y, game_folds(games, 5))
    assert np.isfinite(oof.pred).all()
    # held-out games are unseen values of "game": no perfect separation out of fold
    assert np.mean((oof.pred > 0.5) == y) < 0.9


def test_selection_weights_restore_the_full_games_rate():
    y = np.array([1, 0, 1, 0] + [1] * 9 + [0])  # full games 50 %, partial 90 %
    partial = np.array([False] * 4 + [True] * 10)
    w = selection_weights(y, partial, binary=True)
    rate = np.sum(w[partial] * y[partial]) / np.sum(w[partial])
    assert rate == pytest.approx(0.5)
    assert (w[~partial] == 1).all()
    assert (selection_weights(y, np.zeros(14, bool), binary=True) == 1).all()
