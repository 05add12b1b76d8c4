"""Evaluation metrics for probabilities and distributions, all with optional row weights.

Binary (y ∈ {0, 1}, p = predicted probability, w = weights, W = Σw):

- log loss  = −Σ w [y log p + (1 − y) log(1 − p)] / W           (p clipped to [1e-15, 1 − 1e-15])
- Brier     = Σ w (p − y)² / W
- AUC       = P(p₊ > p₋) + ½ P(p₊ = p₋), weighted Mann–Whitney
- weighted calibration error (WCE): predictions binned by 0.05; per bin b,
  |mean p − observed rate|, weighted by the bin's share of (weighted) plays:
  WCE = Σ_b (W_b / W) |p̄_b − ȳ_b|

Regression: RMSE = √(Σ w (ŷ − y)² / W), MAE = Σ w |ŷ − y| / W, and for a predictive
ensemble x₁…x_m per row the CRPS = (1/m) Σ|xᵢ − y| − (1/2m²) Σᵢⱼ |xᵢ − xⱼ| (same units as y;
lower is better; it reduces to MAE for a point forecast).

>>> import numpy as np
>>> y, p = np.array([1, 0, 1, 0]), np.array([0.9, 0.2, 0.6, 0.4])
>>> round(brier(y, p), 4), auc(y, p)
(0.0925, 1.0)
>>> round(crps_ensemble(np.array([2.0]), np.array([[1.0, 3.0]])), 2)  # (1 + 1)/2 − 2/4
0.5
"""

from __future__ import annotations

import numpy as np
import polars as pl

EPS = 1e-15
BIN_WIDTH = 0.05


def _weights(y: np.ndarray, w: np.ndarray | None) -> np.ndarray:
    return np.ones(len(y)) if w is None else np.asarray(w, dtype=np.float64)


def log_loss(y: np.ndarray, p: np.ndarray, w: np.ndarray | None = None) -> float:
    """Weighted mean negative log-likelihood (nats per play)."""
    y, p = np.asarray(y, float), np.clip(np.asarray(p, float), EPS, 1 - EPS)
    w = _weights(y, w)
    return float(-np.sum(w * (y * np.log(p) + (1 - y) * np.log(1 - p))) / np.sum(w))


def brier(y: np.ndarray, p: np.ndarray, w: np.ndarray | None = None) -> float:
    """Weighted mean squared error of the probability."""
    y, p = np.asarray(y, float), np.asarray(p, float)
    w = _weights(y, w)
    return float(np.sum(w * (p - y) ** 2) / np.sum(w))


def auc(y: np.ndarray, p: np.ndarray, w: np.ndarray | None = None) -> float:
    """Weighted area under the ROC curve (ties count one half); NaN with one class only."""
    y, p = np.asarray(y, float), np.asarray(p, float)
    w = _weights(y, w)
    pos, neg = w * (y == 1), w * (y == 0)
    if pos.sum() == 0 or neg.sum() == 0:
        return float("nan")
    order = np.argsort(p, kind="mergesort")
    p, pos, neg = p[order], pos[order], neg[order]
    # group tied scores: negatives strictly below plus half the tied negatives
    uniq, start = np.unique(p, return_index=True)
    pos_g = np.add.reduceat(pos, start)
    neg_g = np.add.reduceat(neg, start)
    neg_below = np.concatenate([[0.0], np.cumsum(neg_g)[:-1]])
    return float(np.sum(pos_g * (neg_below + 0.5 * neg_g)) / (pos.sum() * neg.sum()))


def calibration_table(
    y: np.ndarray, p: np.ndarray, w: np.ndarray | None = None, *, width: float = BIN_WIDTH
) -> pl.DataFrame:
    """Per probability bin of ``width``: plays, weight, mean prediction, observed rate, gap.

    Columns: ``bin_lo, bin_hi, n, weight, mean_pred, observed, abs_gap``.
    """
    y, p = np.asarray(y, float), np.asarray(p, float)
    w = _weights(y, w)
    n_bins = round(1.0 / width)
    idx = np.clip((p / width).astype(int), 0, n_bins - 1)
    rows = []
    for b in np.unique(idx):
        m = idx == b
        wb = w[m].sum()
        if wb <= 0:
            continue
        mp = float(np.sum(w[m] * p[m]) / wb)
        ob = float(np.sum(w[m] * y[m]) / wb)
        rows.append((b * width, (b + 1) * width, int(m.sum()), float(wb), mp, ob, abs(mp - ob)))
    return pl.DataFrame(
        rows,
        schema=["bin_lo", "bin_hi", "n", "weight", "mean_pred", "observed", "abs_gap"],
        orient="row",
    )


def weighted_calibration_error(
    y: np.ndarray, p: np.ndarray, w: np.ndarray | None = None, *, width: float = BIN_WIDTH
) -> float:
    """Σ_b (W_b / W) |p̄_b − ȳ_b| over bins of ``width`` (0.05 by default)."""
    table = calibration_table(y, p, w, width=width)
    if table.height == 0:
        return float("nan")
    weight = table["weight"].to_numpy()
    return float(np.sum(weight * table["abs_gap"].to_numpy()) / weight.sum())


def rmse(y: np.ndarray, yhat: np.ndarray, w: np.ndarray | None = None) -> float:
    y, yhat = np.asarray(y, float), np.asarray(yhat, float)
    w = _weights(y, w)
    return float(np.sqrt(np.sum(w * (yhat - y) ** 2) / np.sum(w)))


def mae(y: np.ndarray, yhat: np.ndarray, w: np.ndarray | None = None) -> float:
    y, yhat = np.asarray(y, float), np.asarray(yhat, float)
    w = _weights(y, w)
    return float(np.sum(w * np.abs(yhat - y)) / np.sum(w))


def crps_ensemble(y: np.ndarray, ensemble: np.ndarray, w: np.ndarray | None = None) -> float:
    """Weighted mean CRPS of per-row ensembles (n, m) against outcomes ``y`` (n,).

    The spread term uses the sorted-ensemble identity
    Σᵢⱼ |xᵢ − xⱼ| = 2 Σₖ (2k − m − 1) x₍ₖ₎ (k = 1…m), so the cost is O(n·m log m).
    """
    y = np.asarray(y, float)
    ens = np.sort(np.asarray(ensemble, float), axis=1)
    m = ens.shape[1]
    term1 = np.mean(np.abs(ens - y[:, None]), axis=1)
    k = np.arange(1, m + 1)
    term2 = np.sum((2 * k - m - 1) * ens, axis=1) / (m * m)
    w = _weights(y, w)
    return float(np.sum(w * (term1 - term2)) / np.sum(w))


def binary_metrics(y: np.ndarray, p: np.ndarray, w: np.ndarray | None = None) -> dict[str, float]:
    """n, observed rate, mean prediction, AUC, log loss, Brier, WCE."""
    y, p = np.asarray(y, float), np.asarray(p, float)
    wt = _weights(y, w)
    return {
        "n": int(len(y)),
        "observed": float(np.sum(wt * y) / np.sum(wt)),
        "mean_pred": float(np.sum(wt * p) / np.sum(wt)),
        "auc": auc(y, p, w),
        "log_loss": log_loss(y, p, w),
        "brier": brier(y, p, w),
        "wce": weighted_calibration_error(y, p, w),
    }


def regression_metrics(
    y: np.ndarray,
    yhat: np.ndarray,
    w: np.ndarray | None = None,
    ensemble: np.ndarray | None = None,
) -> dict[str, float]:
    """n, observed mean, mean prediction, RMSE, MAE and (with an ensemble) CRPS."""
    y, yhat = np.asarray(y, float), np.asarray(yhat, float)
    wt = _weights(y, w)
    out = {
        "n": int(len(y)),
        "observed": float(np.sum(wt * y) / np.sum(wt)),
        "mean_pred": float(np.sum(wt * yhat) / np.sum(wt)),
        "rmse": rmse(y, yhat, w),
        "mae": mae(y, yhat, w),
    }
    if ensemble is not None:
        out["crps"] = crps_ensemble(y, ensemble, w)
    return out
