"""Known truth: completion drawn from a known function; the model must recover it.

Two levels:

1. feature rows (20,000 passes, 200 games) whose completion follows the simulator's
   completion function (:func:`gridtrack.sim.completion_probability`) of separation at
   arrival, air distance and pressure at the throw, plus three uninformative inputs: the
   out-of-fold predictions have weighted calibration error ≤ 0.03 and an AUC within 0.02
   of the true function's AUC on the same plays;
2. canonical tracking of generated pass plays (tests/models/synth.py) through the
   completion model's stats: they measure exactly the truth's inputs, and the whole
   chain (stats → game folds → out-of-fold cp) recovers the function.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from gridtrack.models import (
    COMPLETION,
    GBMClassifier,
    examples,
    game_folds,
    out_of_fold,
    train,
)
from gridtrack.models import metrics as M
from gridtrack.sim import completion_probability
from tests.models.synth import synthetic_passes

PARAMS = {"n_estimators": 150, "learning_rate": 0.05, "num_leaves": 7, "min_child_samples": 50}


def _rows(n: int, seed: int) -> tuple[pl.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    sep = rng.gamma(2.0, 1.2, n)
    air = rng.uniform(3.0, 45.0, n)
    press = rng.uniform(0.5, 8.0, n)
    p = completion_probability(sep, air, press)
    y = (rng.uniform(size=n) < p).astype(int)
    X = pl.DataFrame(
        {
            "separation_at_arrival": sep,
            "air_distance": air,
            "qb_nearest_defender_distance_at_throw": press,
            "target_speed_at_arrival": rng.uniform(0, 9, n),
            "target_sideline_distance_at_arrival": rng.uniform(0, 26.7, n),
            "time_to_throw": rng.gamma(4.0, 0.7, n),
        }
    )
    games = rng.integers(0, 200, n)
    return X, y, p, games


@pytest.mark.parametrize("backend", ["lightgbm", "xgboost"])
def test_out_of_fold_cp_recovers_known_function(backend):
    X, y, p_true, games = _rows(20_000, seed=11)
    folds = game_folds(games, 5, seed=0)
    oof = out_of_fold(lambda: GBMClassifier(backend=backend, **PARAMS), X, y, folds)
    wce = M.weighted_calibration_error(y, oof.pred)
    auc_model, auc_true = M.auc(y, oof.pred), M.auc(y, p_true)
    assert wce <= 0.03, f"weighted calibration error {wce:.4f}"
    assert abs(auc_model - auc_true) <= 0.02, f"AUC {auc_model:.4f} vs true {auc_true:.4f}"
    # and the model is close to the truth play by play
    assert np.mean(np.abs(oof.pred - p_true)) < 0.05


def test_features_measure_the_truths_inputs_on_generated_plays():
    ds, truth = synthetic_passes(n_games=3, plays_per_game=30, seed=4)
    ex = examples(COMPLETION, ds).join(truth, on=["game_id", "play_id"], suffix="_truth")
    assert ex.height == truth.height
    assert (ex["passer_id"] == 1).all() and (ex["receiver_id"] == 2).all()
    for feature, truth_col in (
        ("separation_at_arrival", "separation"),
        ("air_distance", "air_distance_truth"),
        ("qb_nearest_defender_distance_at_throw", "pressure_distance"),
    ):
        err = (ex[feature] - ex[truth_col]).abs().max()
        assert err < 1e-3, f"{feature} differs from the truth's {truth_col} by {err}"
    assert (ex["complete"] == ex["complete_truth"]).all()


def test_generated_plays_end_to_end_recover_known_function():
    ds, truth = synthetic_passes(n_games=100, plays_per_game=60, seed=7)
    result = train(COMPLETION, ds, params={**PARAMS, "n_estimators": 100}, n_splits=5)
    ex = result.examples.join(
        truth.select("game_id", "play_id", "p_complete"),
        on=[
            "game_id",
            "play_id",
        ],
    )
    y, pred, p_true = (ex[c].to_numpy().astype(float) for c in ("complete", "cp", "p_complete"))
    auc_model, auc_true = M.auc(y, pred), M.auc(y, p_true)
    wce = M.weighted_calibration_error(y, pred)
    assert abs(auc_model - auc_true) <= 0.02, f"AUC {auc_model:.4f} vs true {auc_true:.4f}"
    assert wce <= 0.03, f"weighted calibration error {wce:.4f} on {len(y)} passes"
    base = result.metrics["all"]
    assert base["model"]["log_loss"] < base["baseline"]["log_loss"]
