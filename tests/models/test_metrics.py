"""Evaluation metrics against scikit-learn and brute-force definitions."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score

from gridtrack.models import metrics as M


@pytest.fixture
def scored() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    p = rng.uniform(0.01, 0.99, 2000)
    y = (rng.uniform(size=p.size) < p).astype(int)
    w = rng.uniform(0.2, 2.0, p.size)
    return y, np.round(p, 2), w


def test_binary_metrics_match_scikit_learn(scored):
    y, p, w = scored
    assert M.auc(y, p, w) == pytest.approx(roc_auc_score(y, p, sample_weight=w), abs=1e-12)
    assert M.log_loss(y, p, w) == pytest.approx(log_loss(y, p, sample_weight=w), abs=1e-12)
    assert M.brier(y, p, w) == pytest.approx(brier_score_loss(y, p, sample_weight=w), abs=1e-12)


def test_weighted_calibration_error_by_definition():
    # arrange: two bins, 0.10–0.15 (3 plays, 1 caught) and 0.80–0.85 (1 play, caught)
    p = np.array([0.12, 0.12, 0.12, 0.82])
    y = np.array([1, 0, 0, 1])
    # act
    table = M.calibration_table(y, p)
    wce = M.weighted_calibration_error(y, p)
    # assert: (3/4)|0.12 − 1/3| + (1/4)|0.82 − 1|
    assert table["n"].to_list() == [3, 1]
    assert table["bin_lo"].to_list() == pytest.approx([0.10, 0.80])
    assert wce == pytest.approx(0.75 * abs(0.12 - 1 / 3) + 0.25 * 0.18)


def test_perfect_calibration_is_near_zero_with_many_plays():
    rng = np.random.default_rng(0)
    p = rng.uniform(size=200_000)
    y = rng.uniform(size=p.size) < p
    assert M.weighted_calibration_error(y, p) < 0.01


def test_crps_matches_brute_force_and_reduces_to_mae():
    rng = np.random.default_rng(1)
    ens = rng.normal(size=(7, 40))
    y = rng.normal(size=7)
    brute = np.mean(
        [
            np.mean(np.abs(e - t)) - 0.5 * np.mean(np.abs(e[:, None] - e[None, :]))
            for e, t in zip(ens, y, strict=True)
        ]
    )
    assert M.crps_ensemble(y, ens) == pytest.approx(brute)
    point = np.repeat(y[:, None] + 1.5, 5, axis=1)
    assert M.crps_ensemble(y, point) == pytest.approx(1.5)


def test_regression_metrics():
    y = np.array([0.0, 2.0, 4.0])
    yhat = np.array([1.0, 2.0, 2.0])
    out = M.regression_metrics(y, yhat)
    assert out["rmse"] == pytest.approx(np.sqrt(5 / 3))
    assert out["mae"] == pytest.approx(1.0)
    assert "crps" not in out
