"""Pipeline command: ``run`` (ingest → stats → models → report, resumable).

The report stage lives here, not in :mod:`gridtrack.pipeline`: it draws (it needs
:mod:`gridtrack.viz`), and the pipeline never imports drawing code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gridtrack.cli._app import LakeOption, app, console
from gridtrack.cli._progress import RichProgress
from gridtrack.io.lake import scan_lake
from gridtrack.pipeline import (
    RAN,
    Progress,
    RunContext,
    RunSummary,
    StageOutcome,
    fingerprint,
    lake_listing,
    lake_tables,
    run,
)

REPORT_DIR = "_report"
"""Where the report and its play animations go by default: ``LAKE/_report/``."""


@dataclass(frozen=True)
class ReportStage:
    """The HTML run report (``report``) and ``n_plays`` play animations (``plays_dir``);
    reads every table of the lake."""

    report: Path
    plays_dir: Path
    n_plays: int = 3
    name: str = "report"

    def fingerprint(self, context: RunContext) -> str:
        tables = lake_listing(context.lake, lake_tables(context.lake))
        where = [str(self.report.resolve()), str(self.plays_dir.resolve())]
        return fingerprint(self.name, tables, where, self.n_plays)

    def outputs(self, context: RunContext) -> list[Path]:
        return [self.report]

    def run(self, context: RunContext, progress: Progress) -> StageOutcome:
        from gridtrack.viz import animate_play, load_play, write_html, write_report
        from gridtrack.viz.report import pick_plays

        progress.start("report", 1 + self.n_plays)
        write_report(context.lake, self.report, n_plays=self.n_plays)
        progress.advance()
        for old in self.plays_dir.glob("play-*.html") if self.plays_dir.is_dir() else []:
            old.unlink()
        dataset = scan_lake(context.lake)
        for game_id, play_id in pick_plays(dataset, self.n_plays):
            fig = animate_play(load_play(dataset, game_id, play_id), ["separation"], crop=True)
            write_html(fig, self.plays_dir / f"play-{game_id}-{play_id}.html")
            progress.advance(note=f"game {game_id} play {play_id}")
        detail = str(self.report)
        if plays := self.plays():
            detail += f" and {len(plays)} play animations in {self.plays_dir}"
        return StageOutcome(RAN, detail)

    def plays(self) -> list[Path]:
        """The play animations written."""
        return sorted(self.plays_dir.glob("play-*.html")) if self.plays_dir.is_dir() else []


def report_stage(lake: Path, report: Path | None, n_plays: int) -> ReportStage:
    """The report stage of a run into ``lake``: the report at ``report`` (default
    ``LAKE/_report/report.html``), the play animations in ``plays/`` beside it (under
    ``LAKE/_report/`` where that would be the lake's ``plays`` table)."""
    report = report if report is not None else lake / REPORT_DIR / "report.html"
    plays_dir = report.parent / "plays"
    if plays_dir.resolve() == (lake / "plays").resolve():
        plays_dir = lake / REPORT_DIR / "plays"
    return ReportStage(report, plays_dir, n_plays)


def print_run_summary(summary: RunSummary, report: ReportStage) -> None:
    table = Table(title=f"gridtrack run → {summary.lake}")
    table.add_column("stage", style="bold")
    table.add_column("status")
    table.add_column("time", justify="right")
    table.add_column("what", overflow="fold")
    styles = {RAN: "green"}
    for stage in summary.stages:
        style = styles.get(stage.status, "yellow")
        table.add_row(
            stage.name, f"[{style}]{stage.status}[/]", f"{stage.seconds:.1f} s", stage.detail
        )
    table.add_row("total", "", f"{summary.seconds:.1f} s", "")
    console.print(table)
    console.print(f"lake tables: {', '.join(summary.tables)}", highlight=False)
    if report.report.is_file():
        console.print(f"report: {report.report}", highlight=False)
    if plays := report.plays():
        console.print(f"play animations: {report.plays_dir}/ ({len(plays)} files)", highlight=False)
    console.print(f'query it: gridtrack sql "SELECT ..." --lake {summary.lake}', highlight=False)


@app.command("run")
def run_command(
    sources: Annotated[list[Path], typer.Argument(help="Files or folders to read.")],
    lake: LakeOption = Path("lake"),
    models: Annotated[
        Path | None,
        typer.Option(
            "--models",
            help="Folder of model bundles to apply (default: train on the data itself, "
            "cross-fitted by game).",
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="HTML report to write (default LAKE/_report/report.html)."),
    ] = None,
    plays: Annotated[int, typer.Option(help="Plays to animate (report and plays/ pages).")] = 3,
    format: Annotated[str, typer.Option(help="auto, or one of `gridtrack formats`.")] = "auto",
    clean: Annotated[
        bool,
        typer.Option("--clean/--no-clean", help="Check and repair the tracking (quality table)."),
    ] = True,
    force: Annotated[bool, typer.Option(help="Rerun every stage, changed or not.")] = False,
    progress: Annotated[bool, typer.Option(help="Show progress bars.")] = True,
) -> None:
    """The whole pipeline: ingest (clean) → stats → models → report. Re-running skips the
    stages whose inputs have not changed."""
    last = report_stage(lake, report, plays)
    with RichProgress(console, bars=progress) as drawn:
        summary = run(
            sources,
            lake,
            models=models,
            format=format,
            clean=clean,
            force=force,
            extra_stages=[last],
            progress=drawn,
        )
    print_run_summary(summary, last)
