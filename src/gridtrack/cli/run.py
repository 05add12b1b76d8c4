"""Pipeline command: ``run`` (ingest → stats → models → report, resumable)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gridtrack.cli._app import LakeOption, app, console, fail
from gridtrack.io import ReadError
from gridtrack.pipeline.run import RAN, RunError, RunSummary, run
from gridtrack.schema import SchemaError


def print_run_summary(summary: RunSummary) -> None:
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
    if summary.report is not None:
        console.print(f"report: {summary.report}", highlight=False)
    if summary.plays:
        console.print(
            f"play animations: {summary.plays[0].parent}/ ({len(summary.plays)} files)",
            highlight=False,
        )
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
        typer.Option("--report", help="HTML report to write (default LAKE/report.html)."),
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
    try:
        summary = run(
            sources,
            lake,
            models=models,
            report=report,
            n_plays=plays,
            format=format,
            clean=clean,
            force=force,
            console=console,
            show_progress=progress,
        )
    except (RunError, ReadError, SchemaError, FileNotFoundError) as exc:
        fail(str(exc))
    print_run_summary(summary)
