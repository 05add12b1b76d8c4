"""``gridtrack run``: the whole pipeline in one call, resumable.

A run is a list of stages (:class:`~gridtrack.pipeline.Stage`) run in order, each reading
what the ones before wrote into the lake:

``ingest``            source files → canonical, cleaned lake tables (:func:`ingest`)
``stats``             the stat catalogue per game (:func:`compute_lake`)
``models/<name>``     one stage per model of the registry (:data:`gridtrack.models.MODELS`):
                      trained on the lake itself with folds grouped by game (out-of-fold
                      predictions), or its bundle from ``models`` applied; predictions
                      written as the lake table ``predictions_<name>``

and then the stages the caller appends (the ``gridtrack`` command appends the HTML report and
its play animations, which need :mod:`gridtrack.viz`).

Each stage records a fingerprint of its inputs in ``LAKE/_run/state.json``: the source
files' paths, sizes and modification times for ``ingest``; the listing (path, size,
modification time) of the lake tables it reads for the others, plus its options and
gridtrack's version. A stage whose fingerprint is unchanged, and whose outputs are still
there, is skipped. A stage that cannot apply to the data (e.g. too few passes to train a
model) stands aside with the reason.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from gridtrack.errors import InsufficientDataError, LakeError, RunError
from gridtrack.io import catalog as lake_catalog
from gridtrack.io.lake import locked, scan_lake, staging_dir, write_atomic
from gridtrack.models import MODELS, ModelSpec
from gridtrack.pipeline._ingest import ingest
from gridtrack.pipeline._models import (
    evaluate_bundle,
    predict_bundle,
    summarize,
    train_model,
)
from gridtrack.pipeline._stage import (
    NO_PROGRESS,
    NOT_APPLICABLE,
    RAN,
    SKIPPED,
    Progress,
    RunContext,
    RunSummary,
    Stage,
    StageOutcome,
    StageResult,
    fingerprint,
    folder_listing,
    is_current,
    lake_listing,
    lake_tables,
    read_state,
    source_listing,
    write_state,
)
from gridtrack.pipeline._stats import compute_lake
from gridtrack.schema import Dataset

PREDICTIONS_PREFIX = "predictions_"
"""Lake tables of model predictions: ``predictions_<model>/part-0.parquet``."""
MODELS_DIR = "models"
"""Lake folder of the models' bundles and evaluations (``models/<model>/``)."""
LEADER_ROLE = {"completion": "passer", "yac": "receiver"}
"""The over-expected leaderboard each model shows in the report (``passer`` otherwise)."""
MIN_EXAMPLES = 50
"""Labelled examples a model needs before it is trained on the data itself."""
STATS_INPUTS = ("tracking", "plays", "key_frames", "players")
MODEL_INPUTS = Dataset.table_names()


def _paths(lake: Path, *tables: str) -> list[Path]:
    """The lake folders of ``tables``."""
    return [lake / t for t in tables]


# -- ingest and stats ------------------------------------------------------------------


@dataclass(frozen=True)
class IngestStage:
    """Source files → canonical, cleaned lake tables; reads the sources' listing."""

    name: str = "ingest"

    def fingerprint(self, context: RunContext) -> str:
        return fingerprint(
            self.name, source_listing(context.sources), context.format, context.clean
        )

    def outputs(self, context: RunContext) -> list[Path]:
        return _paths(context.lake, "tracking", "plays", "key_frames")

    def run(self, context: RunContext, progress: Progress) -> StageOutcome:
        summary = ingest(
            context.sources,
            context.lake,
            format=context.format,
            clean=context.clean,
            progress=progress,
        )
        if summary.games == 0:
            raise RunError(f"ingest: no tracking found in {', '.join(map(str, context.sources))}")
        detail = (
            f"{summary.files} files, {summary.games:,} games, {summary.plays:,} plays, "
            f"{summary.rows_stored:,} rows stored, {summary.rows_quarantined:,} quarantined"
        )
        if summary.quality:
            detail += f", {sum(summary.quality.values()):,} quality rows"
        return StageOutcome(RAN, detail)


@dataclass(frozen=True)
class StatsStage:
    """The stat catalogue for every game of the lake; reads the lake's canonical tables."""

    name: str = "stats"

    def fingerprint(self, context: RunContext) -> str:
        return fingerprint(self.name, lake_listing(context.lake, STATS_INPUTS))

    def outputs(self, context: RunContext) -> list[Path]:
        return _paths(context.lake, "stats_play", "stats_player_play")

    def run(self, context: RunContext, progress: Progress) -> StageOutcome:
        summary = compute_lake(context.lake, progress=progress)
        return StageOutcome(
            RAN,
            f"{summary.games:,} games, {summary.plays:,} plays: {summary.play_values:,} play "
            f"values, {summary.player_values:,} player-play values",
        )


# -- models ----------------------------------------------------------------------------


def bundle_dirs(models: Path) -> dict[str, Path]:
    """Model name → bundle folder under ``models`` (itself a bundle, or one per subfolder),
    for the models of the registry."""
    found: dict[str, Path] = {}
    candidates = [models, *sorted(p for p in models.iterdir() if p.is_dir())]
    for folder in candidates:
        manifest = folder / "manifest.json"
        if manifest.is_file():
            try:
                name = json.loads(manifest.read_text()).get("model")
            except ValueError:
                continue
            if name in MODELS and name not in found:
                found[name] = folder
    return found


def _headline(metrics: dict[str, Any], task: str) -> str:
    """``", log_loss 0.512 (baseline 0.574)"`` from the ``all`` segment of ``metrics``."""
    key = "log_loss" if task == "binary" else "rmse"
    seg = metrics.get("all", {})
    if "model" not in seg:
        return ""
    text = f", {key} {seg['model'][key]:.3f}"
    if "baseline" in seg:
        text += f" (baseline {seg['baseline'][key]:.3f})"
    return text


def _metric_names(headline: dict[str, float], task: str) -> dict[str, float]:
    """``{"all/model": x}`` → ``{"log_loss all/model": x}`` (the metric named)."""
    key = "log_loss" if task == "binary" else "rmse"
    return {f"{key} {k}": v for k, v in headline.items()}


def _write_eval(folder: Path, payload: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "eval.json").write_text(json.dumps(payload, indent=2, default=str))


def _write_predictions(lake: Path, spec: ModelSpec, predictions: pl.DataFrame) -> None:
    """Store the lake table ``predictions_<model>`` (through the lake's staging folder)."""
    path = lake / f"{PREDICTIONS_PREFIX}{spec.name}" / "part-0.parquet"
    write_atomic(predictions, path, staging=staging_dir(lake))


def _cross_fit(lake: Path, spec: ModelSpec, ds: Dataset) -> str:
    """Train ``spec`` on the lake with game-grouped folds; write its bundle, out-of-fold
    predictions and evaluation. Returns a one-line detail; raises
    :class:`InsufficientDataError` below :data:`MIN_EXAMPLES` examples or two games."""
    folder = lake / MODELS_DIR / spec.name
    result = train_model(spec.name, ds, folder, min_examples=MIN_EXAMPLES).result
    n_games = result.examples["game_id"].n_unique()
    keep = [*spec.id_columns, spec.label, "coverage", "weight", "fold"]
    predictions = result.examples.select(
        *keep, spec.output, f"{spec.output}_baseline", spec.over
    ).with_columns(pl.lit("out_of_fold").alias("method"))
    _write_predictions(lake, spec, predictions)
    headline = _metric_names(summarize(result.metrics, spec.task), spec.task)
    _write_eval(
        folder,
        {
            "model": f"{spec.name} v{spec.version}",
            "method": f"out of fold, {result.n_splits} folds grouped by game",
            "examples": result.examples.height,
            "games": n_games,
            "weighting": result.weighting,
            **headline,
        },
    )
    role = LEADER_ROLE.get(spec.name, "passer")
    board = pl.read_parquet(folder / f"leaders_{role}.parquet")
    write_atomic(board.head(50), folder / f"eval_leaders_{role}.parquet")
    return (
        f"{spec.output} for {predictions.height:,} plays of {n_games} games, out of fold"
        + _headline(result.metrics, spec.task)
    )


def _apply_bundle(lake: Path, spec: ModelSpec, bundle: Path, ds: Dataset) -> str:
    """Predict every example of the lake with ``bundle``; write predictions and, where the
    outcomes are known, the (in-sample if trained here) evaluation."""
    predictions = predict_bundle(bundle, ds).with_columns(pl.lit("bundle").alias("method"))
    if predictions.height == 0:
        raise InsufficientDataError(f"{spec.name}: no {spec.name} examples in this lake")
    _write_predictions(lake, spec, predictions)
    metrics: dict[str, Any] = {}
    with contextlib.suppress(InsufficientDataError):  # no labelled examples: predictions only
        _, metrics = evaluate_bundle(bundle, ds)
    headline = _metric_names(summarize(metrics, spec.task), spec.task)
    _write_eval(
        lake / MODELS_DIR / spec.name,
        {"model": f"{spec.name} v{spec.version}", "method": f"bundle {bundle}", **headline},
    )
    return f"{spec.output} for {predictions.height:,} plays from bundle {bundle}" + _headline(
        metrics, spec.task
    )


@dataclass(frozen=True)
class ModelStage:
    """One model of the registry: cross-fitted on the lake by game, or its bundle (from
    the run's ``models`` folder) applied; reads every canonical table of the lake."""

    spec: ModelSpec

    @property
    def name(self) -> str:
        return f"{MODELS_DIR}/{self.spec.name}"

    def fingerprint(self, context: RunContext) -> str:
        bundle = bundle_dirs(context.models).get(self.spec.name) if context.models else None
        method = folder_listing(bundle) if bundle is not None else "cross-fit"
        return fingerprint(
            self.name, self.spec.version, lake_listing(context.lake, MODEL_INPUTS), method
        )

    def outputs(self, context: RunContext) -> list[Path]:
        return _paths(context.lake, f"{PREDICTIONS_PREFIX}{self.spec.name}")

    def run(self, context: RunContext, progress: Progress) -> StageOutcome:
        lake, name = context.lake, self.spec.name
        shutil.rmtree(lake / f"{PREDICTIONS_PREFIX}{name}", ignore_errors=True)
        shutil.rmtree(lake / MODELS_DIR / name, ignore_errors=True)
        ds = scan_lake(lake)
        try:
            if context.models is None:
                outcome = StageOutcome(RAN, _cross_fit(lake, self.spec, ds))
            elif (bundle := bundle_dirs(context.models).get(name)) is not None:
                outcome = StageOutcome(RAN, _apply_bundle(lake, self.spec, bundle, ds))
            else:
                outcome = StageOutcome(NOT_APPLICABLE, f"no {name} bundle in {context.models}")
        except InsufficientDataError as exc:
            outcome = StageOutcome(NOT_APPLICABLE, str(exc))
        register_prediction_views(lake)
        return outcome


def register_prediction_views(lake: Path) -> None:
    """DuckDB views ``predictions_<model>`` over the prediction tables of the lake (the
    views of tables no longer there are dropped)."""
    gone = [
        f"{PREDICTIONS_PREFIX}{name}"
        for name in MODELS
        if not (lake / f"{PREDICTIONS_PREFIX}{name}").is_dir()
    ]
    extra = {}
    for folder in sorted(lake.glob(f"{PREDICTIONS_PREFIX}*")):
        if any(folder.glob("*.parquet")):
            glob = str((folder / "*.parquet").resolve()).replace("'", "''")
            extra[folder.name] = f"SELECT * FROM read_parquet('{glob}', union_by_name = true)"
    lake_catalog.refresh(lake, extra=extra, drop=gone)


# -- the run ---------------------------------------------------------------------------


def default_stages() -> list[Stage]:
    """``ingest``, ``stats``, then one stage per model of the registry, in its order."""
    return [IngestStage(), StatsStage(), *(ModelStage(spec) for spec in MODELS.values())]


def run_stages(
    stages: Sequence[Stage],
    context: RunContext,
    *,
    force: bool = False,
    progress: Progress = NO_PROGRESS,
) -> RunSummary:
    """Run ``stages`` in order on ``context``, skipping those whose fingerprint matches
    their last run (unless ``force``); record each in ``LAKE/_run/state.json``.

    The run holds the lake's write lock from the first stage to the last (another writer
    fails at once with :class:`~gridtrack.errors.LakeBusyError`, and so does this run where
    another process holds it)."""
    start = time.perf_counter()
    context.lake.mkdir(parents=True, exist_ok=True)
    summary = RunSummary(lake=context.lake)
    with locked(context.lake):
        _run_locked(stages, context, summary, force=force, progress=progress)
    summary.tables = [t for t in lake_tables(context.lake) if t != MODELS_DIR]
    summary.seconds = time.perf_counter() - start
    return summary


def _run_locked(
    stages: Sequence[Stage],
    context: RunContext,
    summary: RunSummary,
    *,
    force: bool,
    progress: Progress,
) -> None:
    """The loop of :func:`run_stages`, run while it holds the lake's write lock."""
    state = read_state(context.lake)
    for number, stage in enumerate(stages, start=1):
        progress.stage_started(stage.name, number, len(stages))
        stage_start = time.perf_counter()
        try:
            key = stage.fingerprint(context)
        except OSError as exc:
            raise RunError(f"{stage.name}: cannot read its inputs: {exc}") from exc
        recorded = state.get(stage.name, {})
        if not force and is_current(recorded, key, stage.outputs(context)):
            result = StageResult(stage.name, SKIPPED, 0.0, recorded.get("detail", ""))
        else:
            try:
                done = stage.run(context, progress)
            except Exception as exc:
                exc.add_note(f"in stage {stage.name!r} of gridtrack run")
                raise
            seconds = time.perf_counter() - stage_start
            result = StageResult(stage.name, done.status, seconds, done.detail)
            state[stage.name] = {
                "inputs": key,
                "status": done.status,
                "detail": done.detail,
                "outputs": [str(p.resolve()) for p in stage.outputs(context) if p.exists()],
                "seconds": round(seconds, 3),
                "finished_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }
            write_state(context.lake, state)
        progress.stage_finished(result)
        summary.stages.append(result)


def run(
    sources: str | Path | Sequence[str | Path],
    lake: str | Path,
    *,
    models: str | Path | None = None,
    format: str = "auto",
    clean: bool = True,
    force: bool = False,
    extra_stages: Sequence[Stage] = (),
    progress: Progress | None = None,
) -> RunSummary:
    """Run ingest → stats → models (→ ``extra_stages``) on ``sources`` into ``lake``.

    Parameters
    ----------
    sources
        Files or folders to ingest.
    lake
        The lake folder (created where missing).
    models
        A folder of model bundles (``gridtrack train``) to apply; without it the models
        are trained on the lake itself, cross-fitted by game.
    format
        ``"auto"`` or one of ``gridtrack.io.FORMATS``.
    clean
        Check and repair the tracking on ingest (the ``quality`` table).
    force
        Run every stage even where its inputs have not changed.
    extra_stages
        Stages run after the built-in ones (the command line appends the report).
    progress
        Receives the stage events and the progress within stages (nothing without one).

    Returns
    -------
    RunSummary
        Per stage: ran, skipped (unchanged) or not applicable, with timings (s).

    Raises
    ------
    LakeError
        ``models`` is not a folder.
    RunError
        ``models`` holds no bundle of a registered model, a stage cannot read its inputs,
        or ingest found no tracking.
    """
    if isinstance(sources, (str, Path)):
        sources = [sources]
    bundles = Path(models) if models is not None else None
    if bundles is not None:
        if not bundles.is_dir():
            raise LakeError(f"{bundles}: no such models folder")
        if not bundle_dirs(bundles):
            raise RunError(f"models: no bundle of {', '.join(MODELS)} found in {bundles}")
    context = RunContext(
        sources=tuple(Path(s) for s in sources),
        lake=Path(lake),
        format=format,
        clean=clean,
        models=bundles,
    )
    return run_stages(
        [*default_stages(), *extra_stages],
        context,
        force=force,
        progress=progress if progress is not None else NO_PROGRESS,
    )
