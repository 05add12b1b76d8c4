"""Feature importance by gain and by SHAP, top-K selection and retraining.

- gain: total loss reduction of the splits on a feature, as a share of all gain;
- SHAP: mean |φⱼ(x)| over rows (raw scale: log-odds for a classifier, yards for a
  regressor), from the libraries' exact TreeSHAP (LightGBM ``pred_contrib``, XGBoost
  ``pred_contribs``), as a share of the total.

The ranking orders by SHAP share (ties broken by gain); :func:`select_top_k` keeps the
first K, and :func:`retrain_top_k` fits a fresh copy of the estimator on them. The same tool
serves any model's candidate inputs.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import polars as pl

from gridtrack.models.estimators import _GBM, ArrayLike

E = TypeVar("E", bound=_GBM)


def rank_features(model: _GBM, X: ArrayLike) -> pl.DataFrame:
    """Rank a fitted model's features.

    Returns
    -------
    pl.DataFrame
        ``rank, feature, shap_mean_abs, shap_share, gain, gain_share``, best first.
    """
    names = model.feature_names_
    contrib = model.contributions(X)[:, : len(names)]
    shap = np.mean(np.abs(contrib), axis=0)
    gains = model.gain_importance()
    gain = np.array([gains[n] for n in names])
    frame = pl.DataFrame(
        {
            "feature": names,
            "shap_mean_abs": shap,
            "shap_share": shap / shap.sum() if shap.sum() > 0 else shap,
            "gain": gain,
            "gain_share": gain / gain.sum() if gain.sum() > 0 else gain,
        }
    ).sort(["shap_mean_abs", "gain"], descending=True)
    return frame.with_row_index("rank", offset=1).with_columns(pl.col("rank").cast(pl.Int32))


def select_top_k(ranking: pl.DataFrame, k: int, *, by: str = "shap") -> list[str]:
    """The ``k`` best features of a :func:`rank_features` table, by ``"shap"`` or ``"gain"``."""
    if by not in ("shap", "gain"):
        raise ValueError(f"by must be 'shap' or 'gain', got {by!r}")
    column = "shap_mean_abs" if by == "shap" else "gain"
    return ranking.sort(column, descending=True)["feature"].head(k).to_list()


def retrain_top_k(
    model: E,
    X: pl.DataFrame,
    y: np.ndarray,
    k: int,
    *,
    by: str = "shap",
    sample_weight: np.ndarray | None = None,
) -> tuple[E, list[str], pl.DataFrame]:
    """Rank the features of fitted ``model`` on ``X``, keep the top ``k``, refit a clone.

    Returns
    -------
    (refitted model, kept features, ranking)
    """
    ranking = rank_features(model, X.select(model.feature_names_))
    keep = select_top_k(ranking, k, by=by)
    fresh = model.clone()
    fresh.fit(X.select(keep), y, sample_weight)
    return fresh, keep, ranking
