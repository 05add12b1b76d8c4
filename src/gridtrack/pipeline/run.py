"""``gridtrack run``: the whole pipeline in one call, resumable.

Stages, in order (each reads what the one before wrote into the lake):

``ingest``  source files → canonical, cleaned lake tables (:func:`gridtrack.pipeline.ingest`)
``stats``   the stat catalogue per game (:func:`gridtrack.pipeline.stats.compute_lake`)
``models``  completion probability and expected yards after catch: trained on the lake
            itself with folds grouped by game (out-of-fold predictions), or bundles from
            ``models`` applied; predictions written as the lake tables
            ``predictions_completion`` and ``predictions_yac``
``report``  the HTML run report and a few play animations

Each stage records a fingerprint of its inputs in ``LAKE/_run/state.json``: the source
files' paths, sizes and modification times for ``ingest``; the listing (path, size,
modification time) of the lake tables it reads for the others, plus its options. A stage
whose fingerprint is unchanged, and whose outputs are still there, is skipped. A stage that
cannot apply to the data (e.g. too few passes to train a model) is skipped with the reason.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from gridtrack.errors import RunError
from gridtrack.io import catalog as lake_catalog
from gridtrack.io import expand
from gridtrack.io.lake import scan_lake, write_atomic
from gridtrack.schema import Dataset

STATE_DIR = "_run"
STATE_FILE = "state.json"
REPORT_DIR = "_report"
"""Where the report and its play animations go by default: ``LAKE/_report/``."""
STAGES = ("ingest", "stats", "models", "report")
RUN_MODELS = ("completion", "yac")
"""Models the run trains or applies."""
PREDICTIONS_PREFIX = "predictions_"
"""Lake tables of model predictions: ``predictions_<model>/part-0.parquet``."""
MODELS_DIR = "models"
"""Lake folder of the models' bundles and evaluations (``models/<model>/``)."""
LEADER_ROLE = {"completion": "passer", "yac": "receiver"}
"""The over-expected leaderboard each model shows in the report."""
MIN_EXAMPLES = 50
"""Labelled examples a model needs before it is trained on the data itself."""
MIN_GAMES = 2
"""Games a model's examples must span: folds are grouped by game."""
STATS_INPUTS = ("tracking", "plays", "key_frames", "players")
MODEL_INPUTS = Dataset.table_names()

RAN, SKIPPED, NOT_APPLICABLE = "ran", "skipped (unchanged)", "not applicable"


@dataclass
class StageResult:
    """What one stage did: ``status`` is ``ran``, ``skipped (unchanged)`` or
    ``not applicable``; ``detail`` says what it produced or why it did not run."""

    name: str
    status: str
    seconds: float = 0.0
    detail: str = ""


@dataclass
class RunSummary:
    """The stages of a run, in order, and where its outputs are."""

    lake: Path
    stages: list[StageResult] = field(default_factory=list)
    report: Path | None = None
    plays: list[Path] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def stage(self, name: str) -> StageResult:
        return next(s for s in self.stages if s.name == name)


# -- fingerprints and state ----------------------------------------------------------------


def _file_entry(path: Path, root: Path | None = None) -> list[Any]:
    st = path.stat()
    name = str(path.relative_to(root)) if root is not None else str(path.resolve())
    return [name, st.st_size, st.st_mtime_ns]


def source_listing(sources: Sequence[str | Path]) -> list[list[Any]]:
    """Path, size and modification time of every file ``sources`` name (folders expanded)."""
    return [_file_entry(p) for p in expand(sources)]


def lake_listing(lake: Path, tables: Iterable[str]) -> list[list[Any]]:
    """Path (relative to the lake), size and modification time of every file of ``tables``
    (folders of the lake)."""
    out: list[list[Any]] = []
    for table in tables:
        folder = lake / table
        if folder.is_dir():
            out += [_file_entry(p, lake) for p in sorted(folder.rglob("*")) if p.is_file()]
    return out


def lake_tables(lake: Path) -> list[str]:
    """Folders of the lake holding tables or models (not the run state, not temporaries)."""
    return sorted(
        p.name for p in lake.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    )


def fingerprint(*parts: Any) -> str:
    """SHA-256 of the JSON of ``parts`` (the inputs of a stage)."""
    from gridtrack import __version__

    text = json.dumps([__version__, *parts], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def state_path(lake: Path) -> Path:
    return lake / STATE_DIR / STATE_FILE


def read_state(lake: Path) -> dict[str, Any]:
    """The recorded stages of a lake (empty where none ran or the file is unreadable)."""
    path = state_path(lake)
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def write_state(lake: Path, state: dict[str, Any]) -> None:
    """Write the state atomically (temporary file + rename)."""
    path = state_path(lake)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
    with os.fdopen(fd, "w") as fh:
        json.dump(state, fh, indent=2, sort_keys=True)
    os.replace(tmp, path)


# -- progress --------------------------------------------------------------------------


class _Out:
    """Where a run talks: a rich console and progress bars, or nowhere."""

    def __init__(self, console: Console | None, show_progress: bool) -> None:
        self.console = console
        self.show = show_progress and console is not None

    def print(self, text: str) -> None:
        if self.console is not None:
            self.console.print(text, highlight=False)

    def bar(self, label: str) -> Progress:
        return Progress(
            TextColumn(f"  [bold]{label}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=self.console,
            disable=not self.show,
            transient=False,
        )


# -- stages ----------------------------------------------------------------------------


class _NotApplicable(Exception):
    """A model (or stage) cannot apply to this data: the message says why."""


@dataclass
class _Stage:
    """What a stage function returns: status, a one-line detail, the files it wrote."""

    status: str
    detail: str
    outputs: list[str] = field(default_factory=list)


def _ingest_stage(
    lake: Path, sources: Sequence[str | Path], format: str, out: _Out, clean: bool
) -> _Stage:
    from gridtrack.pipeline.ingest import ingest

    summary = ingest(sources, lake, format=format, show_progress=out.show, clean=clean)
    detail = (
        f"{summary.files} files, {summary.games:,} games, {summary.plays:,} plays, "
        f"{summary.rows_stored:,} rows stored, {summary.rows_quarantined:,} quarantined"
    )
    if summary.quality:
        detail += f", {sum(summary.quality.values()):,} quality rows"
    if summary.games == 0:
        raise RunError(f"ingest: no tracking found in {', '.join(map(str, sources))}")
    return _Stage(RAN, detail, _paths(lake, "tracking", "plays", "key_frames"))


def _stats_stage(lake: Path, out: _Out) -> _Stage:
    from gridtrack.pipeline.stats import compute_lake

    with out.bar("stats") as bar:
        task = bar.add_task("games", total=None)
        summary = compute_lake(
            lake, on_game=lambda done, total: bar.update(task, completed=done, total=total)
        )
    detail = (
        f"{summary.games:,} games, {summary.plays:,} plays: {summary.play_values:,} play "
        f"values, {summary.player_values:,} player-play values"
    )
    return _Stage(RAN, detail, _paths(lake, "stats_play", "stats_player_play"))


def _bundle_dirs(models: Path) -> dict[str, Path]:
    """Model name → bundle folder under ``models`` (itself a bundle, or one per subfolder)."""
    found: dict[str, Path] = {}
    candidates = [models, *sorted(p for p in models.iterdir() if p.is_dir())]
    for folder in candidates:
        manifest = folder / "manifest.json"
        if manifest.is_file():
            try:
                name = json.loads(manifest.read_text()).get("model")
            except ValueError:
                continue
            if name in RUN_MODELS and name not in found:
                found[name] = folder
    return found


def _clear_model_outputs(lake: Path, name: str) -> None:
    shutil.rmtree(lake / f"{PREDICTIONS_PREFIX}{name}", ignore_errors=True)
    shutil.rmtree(lake / MODELS_DIR / name, ignore_errors=True)


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


def _cross_fit(lake: Path, name: str, ds: Dataset) -> str:
    """Train ``name`` on the lake with game-grouped folds; write its bundle, out-of-fold
    predictions and evaluation. Returns a one-line detail (or raises ``_NotApplicable``)."""
    from gridtrack.models import get_model
    from gridtrack.models.training import examples
    from gridtrack.pipeline.models import summarize, train_model

    spec = get_model(name)
    frame = examples(spec, ds)
    n_games = frame["game_id"].n_unique() if frame.height else 0
    if frame.height < MIN_EXAMPLES or n_games < MIN_GAMES:
        raise _NotApplicable(
            f"{name}: {frame.height} labelled examples from {n_games} game(s); training "
            f"needs at least {MIN_EXAMPLES} from {MIN_GAMES} games (folds are grouped by game)"
        )
    folder = lake / MODELS_DIR / name
    outcome = train_model(name, ds, folder)
    result = outcome.result
    keep = [*spec.id_columns, spec.label, "coverage", "weight", "fold"]
    predictions = result.examples.select(
        *keep, spec.output, f"{spec.output}_baseline", spec.over
    ).with_columns(pl.lit("out_of_fold").alias("method"))
    write_atomic(predictions, lake / f"{PREDICTIONS_PREFIX}{name}" / "part-0.parquet")
    headline = _metric_names(summarize(result.metrics, spec.task), spec.task)
    _write_eval(
        folder,
        {
            "model": f"{spec.name} v{spec.version}",
            "method": f"out of fold, {result.n_splits} folds grouped by game",
            "examples": result.examples.height,
            "games": int(result.examples["game_id"].n_unique()),
            "weighting": result.weighting,
            **headline,
        },
    )
    role = LEADER_ROLE.get(name, "passer")
    board = pl.read_parquet(folder / f"leaders_{role}.parquet")
    write_atomic(board.head(50), folder / f"eval_leaders_{role}.parquet")
    return (
        f"{spec.output} for {predictions.height:,} plays of {n_games} games, out of fold"
        + _headline(result.metrics, spec.task)
    )


def _apply_bundle(lake: Path, name: str, bundle: Path, ds: Dataset) -> str:
    """Predict every example of the lake with ``bundle``; write predictions and, where the
    outcomes are known, the (in-sample if trained here) evaluation."""
    from gridtrack.models import get_model
    from gridtrack.pipeline.models import evaluate_bundle, predict_bundle, summarize

    spec = get_model(name)
    predictions = predict_bundle(bundle, ds).with_columns(pl.lit("bundle").alias("method"))
    if predictions.height == 0:
        raise _NotApplicable(f"{name}: no {spec.name} examples in this lake")
    write_atomic(predictions, lake / f"{PREDICTIONS_PREFIX}{name}" / "part-0.parquet")
    metrics: dict[str, Any] = {}
    with contextlib.suppress(ValueError):  # no labelled examples: predictions only
        _, metrics = evaluate_bundle(bundle, ds)
    headline = _metric_names(summarize(metrics, spec.task), spec.task)
    _write_eval(
        lake / MODELS_DIR / name,
        {"model": f"{spec.name} v{spec.version}", "method": f"bundle {bundle}", **headline},
    )
    return f"{spec.output} for {predictions.height:,} plays from bundle {bundle}" + _headline(
        metrics, spec.task
    )


def _models_stage(lake: Path, models: Path | None, out: _Out) -> _Stage:
    ds = scan_lake(lake)
    bundles = _bundle_dirs(models) if models is not None else {}
    if models is not None and not bundles:
        raise RunError(f"models: no bundle of {', '.join(RUN_MODELS)} found in {models}")
    names = list(bundles) if models is not None else list(RUN_MODELS)
    done: list[str] = []
    skipped: list[str] = []
    with out.bar("models") as bar:
        task = bar.add_task("", total=len(names))
        for name in names:
            bar.update(task, description=name)
            _clear_model_outputs(lake, name)
            try:
                if name in bundles:
                    done.append(_apply_bundle(lake, name, bundles[name], ds))
                else:
                    done.append(_cross_fit(lake, name, ds))
            except _NotApplicable as exc:
                skipped.append(str(exc))
            bar.advance(task)
    tables = [
        f"{PREDICTIONS_PREFIX}{n}" for n in names if (lake / f"{PREDICTIONS_PREFIX}{n}").is_dir()
    ]
    register_prediction_views(lake)
    if not done:
        return _Stage(NOT_APPLICABLE, "; ".join(skipped))
    return _Stage(RAN, "; ".join(done + [f"skipped {s}" for s in skipped]), _paths(lake, *tables))


def register_prediction_views(lake: Path) -> None:
    """DuckDB views ``predictions_<model>`` over the prediction tables of the lake (the
    views of tables no longer there are dropped)."""
    if lake_catalog.catalog_path(lake).exists():
        with lake_catalog.connect(lake, read_only=False) as con:
            for name in RUN_MODELS:
                if not (lake / f"{PREDICTIONS_PREFIX}{name}").is_dir():
                    con.execute(f"DROP VIEW IF EXISTS {PREDICTIONS_PREFIX}{name}")
    extra = {}
    for folder in sorted(lake.glob(f"{PREDICTIONS_PREFIX}*")):
        files = sorted(folder.glob("*.parquet"))
        if files:
            glob = str((folder / "*.parquet").resolve()).replace("'", "''")
            extra[folder.name] = f"SELECT * FROM read_parquet('{glob}', union_by_name = true)"
    lake_catalog.refresh(lake, extra=extra)


def _report_stage(lake: Path, report: Path, plays_dir: Path, n_plays: int, out: _Out) -> _Stage:
    from gridtrack.viz import animate_play, load_play, write_html, write_report
    from gridtrack.viz.report import pick_plays

    written: list[str] = []
    with out.bar("report") as bar:
        task = bar.add_task("report", total=1 + n_plays)
        write_report(lake, report, n_plays=n_plays)
        written.append(str(report.resolve()))
        bar.advance(task)
        for old in plays_dir.glob("play-*.html") if plays_dir.is_dir() else []:
            old.unlink()
        for game_id, play_id in pick_plays(scan_lake(lake), n_plays):
            bar.update(task, description=f"game {game_id} play {play_id}")
            play = load_play(scan_lake(lake), game_id, play_id)
            fig = animate_play(play, ["separation"], crop=True)
            path = write_html(fig, plays_dir / f"play-{game_id}-{play_id}.html")
            written.append(str(path.resolve()))
            bar.advance(task)
        bar.update(task, description="", completed=1 + n_plays)
    detail = str(report)
    if len(written) > 1:
        detail += f" and {len(written) - 1} play animations in {plays_dir}"
    return _Stage(RAN, detail, written)


# -- the run ---------------------------------------------------------------------------


def run(
    sources: str | Path | Sequence[str | Path],
    lake: str | Path,
    *,
    models: str | Path | None = None,
    report: str | Path | None = None,
    plays_dir: str | Path | None = None,
    n_plays: int = 3,
    format: str = "auto",
    clean: bool = True,
    force: bool = False,
    console: Console | None = None,
    show_progress: bool = True,
) -> RunSummary:
    """Run ingest → stats → models → report on ``sources`` into the lake ``lake``.

    Parameters
    ----------
    models
        A folder of model bundles (``gridtrack train``) to apply; without it the models
        are trained on the lake itself, cross-fitted by game.
    report
        The HTML report to write (default ``LAKE/_report/report.html``); the play
        animations go to ``plays_dir`` (default: ``plays/`` beside the report).
    n_plays
        Plays animated (in the report and as separate pages).
    force
        Run every stage even where its inputs have not changed.
    console
        Where progress and stage lines go (nothing is printed without one).

    Returns
    -------
    RunSummary
        Per stage: ran, skipped (unchanged) or not applicable, with timings.
    """
    start = time.perf_counter()
    if isinstance(sources, (str, Path)):
        sources = [sources]
    sources = list(sources)
    lake = Path(lake)
    lake.mkdir(parents=True, exist_ok=True)
    report = Path(report) if report is not None else lake / REPORT_DIR / "report.html"
    if plays_dir is None:
        plays_dir = report.parent / "plays"
        if plays_dir.resolve() == (lake / "plays").resolve():  # the plays table
            plays_dir = lake / REPORT_DIR / "plays"
    plays_dir = Path(plays_dir)
    models = Path(models) if models is not None else None
    if models is not None and not models.is_dir():
        raise FileNotFoundError(f"{models}: no such models folder")
    out = _Out(console, show_progress)
    state = read_state(lake)
    summary = RunSummary(lake=lake, report=None)

    def inputs(name: str) -> str:
        if name == "ingest":
            return fingerprint(name, source_listing(sources), format, clean)
        if name == "stats":
            return fingerprint(name, lake_listing(lake, STATS_INPUTS))
        if name == "models":
            bundle_files = (
                [_file_entry(p) for p in sorted(models.rglob("*")) if p.is_file()]
                if models is not None
                else "cross-fit"
            )
            return fingerprint(name, lake_listing(lake, MODEL_INPUTS), bundle_files)
        tables = lake_tables(lake)
        return fingerprint(
            name,
            lake_listing(lake, tables),
            str(report.resolve()),
            str(plays_dir.resolve()),
            n_plays,
        )

    actions: dict[str, Callable[[], _Stage]] = {
        "ingest": lambda: _ingest_stage(lake, sources, format, out, clean),
        "stats": lambda: _stats_stage(lake, out),
        "models": lambda: _models_stage(lake, models, out),
        "report": lambda: _report_stage(lake, report, plays_dir, n_plays, out),
    }
    for number, name in enumerate(STAGES, start=1):
        out.print(f"[bold cyan][{number}/{len(STAGES)}] {name}[/]")
        stage_start = time.perf_counter()
        try:
            key = inputs(name)
        except OSError as exc:
            raise RunError(f"{name}: cannot read its inputs: {exc}") from exc
        recorded = state.get(name, {})
        if not force and recorded.get("inputs") == key and _outputs_exist(recorded):
            result = StageResult(name, SKIPPED, 0.0, recorded.get("detail", ""))
            out.print(f"  [dim]skipped (unchanged)[/]  {result.detail}")
        else:
            try:
                done = actions[name]()
            except (RunError, FileNotFoundError):
                raise
            except Exception as exc:
                raise RunError(f"{name} failed: {type(exc).__name__}: {exc}") from exc
            seconds = time.perf_counter() - stage_start
            result = StageResult(name, done.status, seconds, done.detail)
            mark = "[green]✓[/]" if done.status == RAN else "[yellow]–[/] not applicable:"
            out.print(f"  {mark} {done.detail} [dim]({seconds:.1f} s)[/]")
            state[name] = {
                "inputs": key,
                "status": done.status,
                "detail": done.detail,
                "outputs": done.outputs,
                "seconds": round(seconds, 3),
                "finished_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }
            write_state(lake, state)
        summary.stages.append(result)
    if report.is_file():
        summary.report = report
    summary.plays = sorted(plays_dir.glob("play-*.html")) if plays_dir.is_dir() else []
    summary.tables = [t for t in lake_tables(lake) if t != MODELS_DIR]
    summary.seconds = time.perf_counter() - start
    return summary


def _paths(lake: Path, *tables: str) -> list[str]:
    """The lake folders of ``tables`` as absolute paths (a stage's recorded outputs)."""
    return [str((lake / t).resolve()) for t in tables]


def _outputs_exist(recorded: dict[str, Any]) -> bool:
    """Whether every output (file or table folder) a stage recorded is still there."""
    return all(Path(p).exists() for p in recorded.get("outputs", []))


def stage_rows(summary: RunSummary) -> list[dict[str, Any]]:
    """The summary's stages as plain rows (for printing or JSON)."""
    return [asdict(s) for s in summary.stages]


__all__ = [
    "MIN_EXAMPLES",
    "MIN_GAMES",
    "PREDICTIONS_PREFIX",
    "STAGES",
    "RunError",
    "RunSummary",
    "StageResult",
    "fingerprint",
    "read_state",
    "register_prediction_views",
    "run",
    "stage_rows",
]
