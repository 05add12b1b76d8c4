"""Training a registered model: examples, weights, game folds, out-of-fold predictions, the
baseline on the same folds, feature ranking and the final fit.

Pure with respect to storage: a :class:`~gridtrack.schema.Dataset` (or an examples frame)
in, a :class:`TrainResult` out. Reading a lake and writing a bundle belong to the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import polars as pl

from gridtrack.models.cv import game_folds, out_of_fold
from gridtrack.models.estimators import (
    Backend,
    DistributionalRegressor,
    GBMClassifier,
    default_params,
)
from gridtrack.models.features import stat_table
from gridtrack.models.importance import rank_features, select_top_k
from gridtrack.models.sampling import game_coverage, selection_weights
from gridtrack.models.spec import ModelSpec, Task
from gridtrack.schema import Dataset

PLAY = ["game_id", "play_id"]
WEIGHT = "weight"
"""Training/evaluation weight column of an examples frame."""
MIN_FULL_GAMES = 2
"""Fully tracked games needed before ``auto`` weighting trains on full games only."""
SEGMENTS = ("all", "full", "partial")
"""Evaluation segments: every row (selection-weighted), full games only, partial only."""


def examples(spec: ModelSpec, ds: Dataset, *, labelled: bool = True) -> pl.DataFrame:
    """The stat table (:func:`~gridtrack.models.features.stat_table`) joined with the
    labels and the game coverage: one row per example.

    With ``labelled=False`` every stat row is kept (label null where unknown).
    """
    feats = stat_table(spec, ds)
    labs = spec.labels(ds, feats)
    coverage = game_coverage(ds).select("game_id", "coverage")
    how: Literal["inner", "left"] = "inner" if labelled else "left"
    return (
        feats.join(labs, on=PLAY, how=how)
        .join(coverage, on="game_id", how="left")
        .with_columns(pl.col("coverage").fill_null("partial"))
        .sort(PLAY)
    )


def resolve_weighting(frame: pl.DataFrame, weighting: str) -> str:
    """``auto`` → ``exclude-partial`` with at least :data:`MIN_FULL_GAMES` full games in
    ``frame``, else ``selection``; any other value is returned as it is."""
    if weighting != "auto":
        return weighting
    full_games = frame.filter(pl.col("coverage") == "full")["game_id"].n_unique()
    return "exclude-partial" if full_games >= MIN_FULL_GAMES else "selection"


def with_weights(spec: ModelSpec, frame: pl.DataFrame, *, weighting: str) -> pl.DataFrame:
    """Add the ``weight`` column.

    - ``auto`` (default): ``exclude-partial`` when the data holds at least
      :data:`MIN_FULL_GAMES` fully tracked games, else ``selection``;
    - ``exclude-partial``: partial-coverage rows (highlights) get weight 0 — they are
      predicted and scored, never trained on;
    - ``selection``: partial rows reweighted to the full games' label distribution
      (:func:`~gridtrack.models.sampling.selection_weights`);
    - ``none``: every row 1.
    """
    y = frame[spec.label].to_numpy()
    partial = (frame["coverage"] == "partial").to_numpy()
    weighting = resolve_weighting(frame, weighting)
    if weighting == "selection":
        w = selection_weights(y, partial, binary=spec.task is Task.BINARY)
    elif weighting == "none":
        w = np.ones(frame.height)
    elif weighting == "exclude-partial":
        w = np.where(partial, 0.0, 1.0) if (~partial).any() else np.ones(frame.height)
    else:
        raise ValueError(
            f"weighting must be auto, selection, none or exclude-partial: {weighting!r}"
        )
    return frame.with_columns(pl.Series(WEIGHT, w, dtype=pl.Float64))


def segment_mask(frame: pl.DataFrame, segment: str) -> np.ndarray:
    if segment == "all":
        return np.ones(frame.height, dtype=bool)
    return (frame["coverage"] == segment).to_numpy()


def score(
    spec: ModelSpec,
    frame: pl.DataFrame,
    pred_cols: dict[str, str],
    ensembles: dict[str, np.ndarray] | None = None,
) -> dict[str, dict[str, dict[str, float]]]:
    """Metrics per segment and per prediction column.

    ``all`` is weighted by the ``weight`` column (the population estimate); ``full`` and
    ``partial`` are unweighted, each as sampled, and reported only when the data holds
    both kinds of game. Returns ``{segment: {name: {metric: value}}}``.
    """
    out: dict[str, dict[str, dict[str, float]]] = {}
    y_all = frame[spec.label].to_numpy().astype(float)
    w_all = frame[WEIGHT].to_numpy() if WEIGHT in frame.columns else np.ones(frame.height)
    both = frame["coverage"].n_unique() > 1
    for segment in SEGMENTS if both else ("all",):
        m = segment_mask(frame, segment)
        if segment == "all":
            m = m & (w_all > 0)
        if not m.any():
            continue
        w = w_all[m] if segment == "all" else None
        out[segment] = {}
        for name, col in pred_cols.items():
            p = frame[col].to_numpy().astype(float)[m]
            ens = None if ensembles is None else ensembles.get(name)
            out[segment][name] = spec.task.metrics(y_all[m], p, w, None if ens is None else ens[m])
    return out


@dataclass
class TrainResult:
    """Everything a training run produced.

    Attributes
    ----------
    model, baseline
        Estimators fitted on every example.
    features
        The tracking model's inputs (after top-K selection, if any).
    candidates
        Every candidate input, ranked in ``ranking``.
    examples
        One row per example: ids, label, coverage, weight, fold, out-of-fold predictions of
        the model (``spec.output``) and the baseline (``{output}_baseline``), and the
        over-expected column (``spec.over``).
    metrics
        :func:`score` of the out-of-fold predictions.
    ranking
        :func:`rank_features` of a model fitted on all candidates.
    """

    spec: ModelSpec
    backend: str
    params: dict[str, Any]
    weighting: str
    n_splits: int
    seed: int
    model: GBMClassifier | DistributionalRegressor
    baseline: GBMClassifier | DistributionalRegressor
    features: list[str]
    candidates: list[str]
    examples: pl.DataFrame
    metrics: dict[str, dict[str, dict[str, float]]]
    ranking: pl.DataFrame
    ensembles: dict[str, np.ndarray] = field(default_factory=dict)


def train(
    spec: ModelSpec,
    data: Dataset | pl.DataFrame,
    *,
    backend: Backend = "lightgbm",
    n_splits: int = 5,
    seed: int = 0,
    top_k: int | None = None,
    select_by: str = "shap",
    weighting: str = "auto",
    params: dict[str, Any] | None = None,
) -> TrainResult:
    """Train ``spec`` and its baseline with out-of-fold predictions on game folds.

    Parameters
    ----------
    data
        A canonical Dataset, or an examples frame as :func:`examples` returns.
    top_k
        Keep the K best candidate features (ranked by ``select_by``: ``shap`` or ``gain``
        on a model fitted on every candidate) and retrain on them.
    weighting
        See :func:`with_weights`.
    params
        Boosting parameters overriding :func:`~gridtrack.models.estimators.default_params`.
    """
    frame = examples(spec, data) if isinstance(data, Dataset) else data
    if frame.height == 0:
        raise ValueError(f"no labelled examples for model {spec.name!r}")
    n_games = frame["game_id"].n_unique()
    if n_games < 2:
        raise ValueError(
            f"model {spec.name!r} needs examples from at least 2 games for game-grouped "
            f"cross-validation; got {n_games}"
        )
    weighting = resolve_weighting(frame, weighting)
    frame = with_weights(spec, frame, weighting=weighting)
    y = frame[spec.label].to_numpy().astype(float)
    w = frame[WEIGHT].to_numpy()
    games = frame["game_id"].to_numpy()
    folds = game_folds(games, n_splits, seed)
    used = w > 0
    p = {**default_params(int(used.sum())), "random_state": seed, **(params or {})}

    def make() -> Any:
        return spec.task.estimator(backend, **p)

    def fit_all(columns: list[str]) -> Any:
        model = make()
        X = frame.filter(pl.Series(used)).select(columns)
        if isinstance(model, DistributionalRegressor):
            return model.fit(X, y[used], w[used], groups=games[used])
        return model.fit(X, y[used], w[used])

    candidates = list(spec.features)
    full = fit_all(candidates)
    ranking = rank_features(full, frame.filter(pl.Series(used)).select(candidates))
    chosen = select_top_k(ranking, top_k, by=select_by) if top_k else candidates

    baseline_cols = list(spec.baseline)
    oof = out_of_fold(make, frame.select(chosen), y, folds, w, games)
    oof_base = out_of_fold(make, frame.select(baseline_cols), y, folds, w, games)
    model = full if chosen == candidates else fit_all(chosen)
    baseline = fit_all(baseline_cols)

    base_col = f"{spec.output}_baseline"
    out = frame.with_columns(
        pl.Series("fold", folds, dtype=pl.Int32),
        pl.Series(spec.output, oof.pred, dtype=pl.Float64),
        pl.Series(base_col, oof_base.pred, dtype=pl.Float64),
    ).with_columns((pl.col(spec.label).cast(pl.Float64) - pl.col(spec.output)).alias(spec.over))
    ensembles = {}
    if oof.ensemble is not None and oof_base.ensemble is not None:
        ensembles = {"model": oof.ensemble, "baseline": oof_base.ensemble}
    metrics = score(spec, out, {"model": spec.output, "baseline": base_col}, ensembles)
    return TrainResult(
        spec=spec,
        backend=backend,
        params=p,
        weighting=weighting,
        n_splits=int(len(np.unique(folds))),
        seed=seed,
        model=model,
        baseline=baseline,
        features=chosen,
        candidates=candidates,
        examples=out,
        metrics=metrics,
        ranking=ranking,
        ensembles=ensembles,
    )
