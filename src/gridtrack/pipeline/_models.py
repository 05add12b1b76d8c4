"""Model orchestration over a lake: train a bundle, evaluate it, predict with it.

The library parts (features, labels, estimators, cross-validation, reports, bundles) live in
:mod:`gridtrack.models`; this module reads the lake and writes the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from gridtrack.errors import InsufficientDataError, UnknownNameError
from gridtrack.io.lake import write_atomic
from gridtrack.models.bundle import Bundle, load_bundle, save_bundle
from gridtrack.models.estimators import Backend, DistributionalRegressor
from gridtrack.models.leaderboards import leaderboard
from gridtrack.models.registry import MODELS, get_model
from gridtrack.models.report import plot_report, text_report
from gridtrack.models.spec import Task
from gridtrack.models.training import TrainResult, examples, score, train, with_weights
from gridtrack.pipeline._lake import open_lake
from gridtrack.schema import Dataset

PLAY = ["game_id", "play_id"]
QUANTILES = (0.1, 0.5, 0.9)
"""Predictive quantiles written for distributional models (``xyac_p10`` …)."""
MIN_GAMES = 2
"""Games a model's examples must span: folds are grouped by game."""


@dataclass
class TrainOutcome:
    """What :func:`train_model` produced: the bundle folder, the result and the report."""

    bundle: Path
    result: TrainResult
    report: str


def _dataset(lake: str | Path | Dataset) -> Dataset:
    return lake if isinstance(lake, Dataset) else open_lake(lake)


def _notes(result: TrainResult, source: str) -> list[str]:
    ex = result.examples
    cov = dict(ex["coverage"].value_counts().iter_rows())
    return [
        f"data: {source}",
        f"examples: {ex.height} from {ex['game_id'].n_unique()} games "
        f"(full-game plays {cov.get('full', 0)}, partial-game plays {cov.get('partial', 0)})",
        f"backend: {result.backend}; {result.n_splits} folds grouped by game (seed "
        f"{result.seed}); weighting: {result.weighting}",
        f"features: {len(result.features)} of {len(result.candidates)} candidates; "
        f"baseline: {', '.join(result.spec.baseline)}",
        "all metrics are out of fold: each play predicted by a model that saw no play of its game",
    ]


def train_model(
    name: str,
    lake: str | Path | Dataset,
    out: str | Path,
    *,
    backend: Backend = "lightgbm",
    n_splits: int = 5,
    seed: int = 0,
    top_k: int | None = None,
    weighting: str = "auto",
    params: dict[str, Any] | None = None,
    min_examples: int = 1,
) -> TrainOutcome:
    """Train model ``name`` on a lake and write its bundle to ``out``.

    The bundle holds the fitted model and baseline, out-of-fold predictions with the
    over-expected column, a leaderboard per role of the spec (``leaders_{role}.parquet``),
    the feature ranking, and the report (``report.txt``, ``report.png``).

    Raises
    ------
    UnknownNameError
        ``name`` is not a registered model.
    InsufficientDataError
        Fewer than ``min_examples`` labelled examples, or examples from fewer than
        :data:`MIN_GAMES` games.
    """
    if name not in MODELS:
        raise UnknownNameError(f"unknown model {name!r}; choose one of {', '.join(MODELS)}")
    spec = get_model(name)
    ds = _dataset(lake)
    frame = examples(spec, ds)
    n_games = frame["game_id"].n_unique() if frame.height else 0
    if frame.height < min_examples or n_games < MIN_GAMES:
        raise InsufficientDataError(
            f"{name}: {frame.height} labelled examples from {n_games} game(s); training needs "
            f"at least {min_examples} from {MIN_GAMES} games (folds are grouped by game)"
        )
    result = train(
        spec,
        frame,
        backend=backend,
        n_splits=n_splits,
        seed=seed,
        top_k=top_k,
        weighting=weighting,
        params=params,
    )
    players = ds.players.collect()
    # leaderboards cover the plays trained on: under exclude-partial, highlights (selected
    # for their outcome) would make over-expected figures meaningless
    pool = result.examples.filter(pl.col("weight") > 0)
    boards = {
        f"leaders_{role}.parquet": leaderboard(spec, pool, role=role, players=players)
        for role in spec.roles
    }
    source = str(lake) if not isinstance(lake, Dataset) else "in-memory dataset"
    title = f"{spec.name} v{spec.version} — {spec.description}"
    report = text_report(
        spec,
        title=title,
        metrics=result.metrics,
        frame=result.examples,
        ranking=result.ranking,
        notes=_notes(result, source),
    )
    bundle = save_bundle(
        out,
        spec=spec,
        backend=backend,
        params=result.params,
        model=result.model,
        baseline=result.baseline,
        examples=result.examples,
        features=result.features,
        metrics=result.metrics,
        extra={
            "weighting": result.weighting,
            "n_splits": result.n_splits,
            "seed": seed,
            "top_k": top_k,
            "candidates": result.candidates,
            "trained_on": source,
        },
        files={
            "oof.parquet": result.examples,
            "ranking.csv": result.ranking,
            "report.txt": report,
            **boards,
        },
    )
    plot_report(spec, result.examples, bundle / "report.png", title=title)
    return TrainOutcome(bundle=bundle, result=result, report=report)


def _predict(bundle: Bundle, frame: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, np.ndarray]]:
    """``frame`` with the model's and the baseline's predictions (and ensembles)."""
    spec = bundle.spec
    base_col = f"{spec.output}_baseline"
    ensembles: dict[str, np.ndarray] = {}
    cols = {}
    for role, est, feats, col in (
        ("model", bundle.model, bundle.features, spec.output),
        ("baseline", bundle.baseline, bundle.baseline_features, base_col),
    ):
        X = frame.select(feats)
        cols[col] = spec.task.predict(est, X)
        ensemble = spec.task.ensemble(est, X)
        if ensemble is not None:
            ensembles[role] = ensemble
    return frame.with_columns([pl.Series(k, v, dtype=pl.Float64) for k, v in cols.items()]), (
        ensembles
    )


def evaluate_bundle(
    bundle_path: str | Path, lake: str | Path | Dataset, *, plot: str | Path | None = None
) -> tuple[str, dict[str, Any]]:
    """Apply a bundle's model and baseline to a lake's labelled examples and score them.

    Returns the text report and the metrics. When the lake is the one the bundle was
    trained on, these are in-sample figures; the report repeats the bundle's out-of-fold
    figures for comparison. Raises :class:`InsufficientDataError` where the lake has no
    labelled example of the bundle's model.
    """
    bundle = load_bundle(bundle_path)
    spec = bundle.spec
    ds = _dataset(lake)
    frame = examples(spec, ds)
    if frame.height == 0:
        raise InsufficientDataError(f"no labelled examples for model {spec.name!r} in {lake}")
    bundle.check(frame)
    frame = with_weights(spec, frame, weighting=bundle.manifest.get("weighting", "auto"))
    frame, ensembles = _predict(bundle, frame)
    metrics = score(
        spec, frame, {"model": spec.output, "baseline": f"{spec.output}_baseline"}, (ensembles)
    )
    source = str(lake) if not isinstance(lake, Dataset) else "in-memory dataset"
    notes = [
        f"bundle: {bundle.path} (trained on {bundle.manifest.get('trained_on', '?')}, "
        f"{bundle.manifest['created_utc']}, backend {bundle.manifest['backend']})",
        f"evaluated on: {source}: {frame.height} examples from {frame['game_id'].n_unique()} games",
        "in-sample if this is the training lake; the bundle's out-of-fold figures follow",
    ]
    text = text_report(
        spec,
        title=f"evaluate {spec.name} v{spec.version}",
        metrics=metrics,
        frame=frame,
        notes=notes,
    )
    stored = bundle.manifest.get("metrics")
    if stored:
        from gridtrack.models.report import metrics_table

        text += "\nout-of-fold metrics stored in the bundle (training)\n"
        text += metrics_table(spec, stored) + "\n"
    if plot is not None:
        plot_report(spec, frame, plot, title=f"{spec.name}: {source}")
    return text, metrics


def predict_bundle(
    bundle_path: str | Path, lake: str | Path | Dataset, out: str | Path | None = None
) -> pl.DataFrame:
    """Predict every example of a lake with a bundle; write Parquet to ``out`` if given.

    Columns: the spec's id columns (game_id, play_id, ``{role}_id``), the prediction
    (``spec.output``: ``cp``, ``xyac``; for distributions also ``xyac_p10``, ``xyac_p50``,
    ``xyac_p90``), and the over-expected column (``spec.over``: ``cpoe``, ``yacoe``) where
    the outcome is known (else null).
    """
    bundle = load_bundle(bundle_path)
    spec = bundle.spec
    frame = examples(spec, _dataset(lake), labelled=False)
    bundle.check(frame)
    X = frame.select(bundle.features)
    pred = spec.task.predict(bundle.model, X)
    extra: list[pl.Series] = []
    if isinstance(bundle.model, DistributionalRegressor):
        q = bundle.model.predict_quantiles(X, QUANTILES)
        extra = [
            pl.Series(f"{spec.output}_p{round(level * 100):02d}", q[:, i])
            for i, level in enumerate(QUANTILES)
        ]
    result = frame.select(*spec.id_columns, spec.label).with_columns(
        pl.Series(spec.output, pred, dtype=pl.Float64), *extra
    )
    result = result.with_columns(
        (pl.col(spec.label).cast(pl.Float64) - pl.col(spec.output)).alias(spec.over)
    ).drop(spec.label)
    if out is not None:
        write_atomic(result, Path(out))
    return result


def summarize(metrics: dict[str, dict[str, dict[str, float]]], task: str) -> dict[str, float]:
    """The headline figures (the task's :attr:`~gridtrack.models.spec.Task.headline`
    metric) of a metrics dict: per segment, model and baseline."""
    key = Task(task).headline
    return {
        f"{segment}/{name}": round(v[key], 4)
        for segment, by_model in metrics.items()
        for name, v in by_model.items()
    }


__all__ = [
    "QUANTILES",
    "TrainOutcome",
    "evaluate_bundle",
    "predict_bundle",
    "summarize",
    "train_model",
]
