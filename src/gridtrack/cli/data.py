"""Data commands: ``ingest``, ``sql``, ``formats``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gridtrack.cli._app import LakeOption, app, console, print_frame
from gridtrack.cli._progress import RichProgress
from gridtrack.io import READERS
from gridtrack.pipeline import IngestSummary, ingest, query


def print_summary(summary: IngestSummary, lake: Path) -> None:
    table = Table(title=f"ingest → {lake}", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("count", justify="right")
    formats = ", ".join(f"{k} ({v})" for k, v in summary.formats.items())
    rows = [
        ("files", f"{summary.files}  [{formats}]"),
        ("games", f"{summary.games:,}"),
        ("plays", f"{summary.plays:,}"),
        ("rows read", f"{summary.rows_read:,}"),
        ("rows stored", f"{summary.rows_stored:,}"),
        ("rows quarantined", f"{summary.rows_quarantined:,}"),
        ("plays with rows quarantined", f"{summary.plays_affected:,}"),
    ]
    if summary.ball_samples_aligned:
        rows.append(
            (
                "ball samples aligned",
                f"{summary.ball_samples_aligned:,} samples → "
                f"{summary.ball_frames_created:,} frames",
            )
        )
    if summary.quality:
        rows.append(("rows dropped by cleaning", f"{summary.rows_dropped_by_cleaning:,}"))
        rows.append(("rows added by cleaning", f"{summary.rows_added_by_cleaning:,}"))
    rows.append(("time", f"{summary.seconds:.1f} s"))
    for what, count in rows:
        table.add_row(what, count)
    console.print(table)
    added = (
        f" + added by cleaning {summary.rows_added_by_cleaning:,}"
        if summary.rows_added_by_cleaning
        else ""
    )
    balance = (
        f"rows read {summary.rows_read:,}{added} = stored {summary.rows_stored:,} + quarantined "
        f"{summary.rows_quarantined:,} + ball samples merged by alignment "
        f"{summary.ball_samples_merged:,} + dropped by cleaning "
        f"{summary.rows_dropped_by_cleaning:,}"
    )
    console.print(("[green]✓[/] " if summary.balanced else "[red]✗ unbalanced:[/] ") + balance)
    for reason, n in summary.reasons.most_common():
        plays = summary.reason_plays[reason]
        console.print(f"  quarantined {n:,} in {plays:,} play{'s' * (plays != 1)}: {reason}")
    if summary.quality:
        checks = ", ".join(f"{check} {n:,}" for check, n in summary.quality.most_common())
        console.print(f"  quality rows (`gridtrack quality`): {checks}")
    if summary.gaps.height:
        plays = summary.gaps.select("game_id", "play_id").n_unique()
        console.print(
            f"  {summary.gaps.height:,} entities missing from some frames of their "
            f"play, in {plays:,} plays (first: "
            f"{summary.gaps.head(3).to_dicts()})"
        )


@app.command("ingest")
def ingest_command(
    sources: Annotated[list[Path], typer.Argument(help="Files or folders to read.")],
    lake: LakeOption = Path("lake"),
    format: Annotated[str, typer.Option(help="auto, or one of `gridtrack formats`.")] = "auto",
    progress: Annotated[bool, typer.Option(help="Show progress bars.")] = True,
    clean: Annotated[
        bool,
        typer.Option("--clean/--no-clean", help="Check and repair the tracking (quality table)."),
    ] = True,
) -> None:
    """Read tracking files into the canonical, standardized Parquet lake."""
    with RichProgress(console, bars=progress) as drawn:
        summary = ingest(sources, lake, format=format, clean=clean, progress=drawn)
    print_summary(summary, lake)


@app.command("sql")
def sql_command(
    sql: Annotated[str, typer.Argument(help="A SQL query over the lake's views.")],
    lake: LakeOption = Path("lake"),
    format: Annotated[str, typer.Option(help="table, csv or json.")] = "table",
    limit: Annotated[int, typer.Option(help="Rows shown in table format.")] = 50,
) -> None:
    """Run a read-only SQL query against the lake's DuckDB catalogue."""
    result = query(lake, sql)
    shown = result if format != "table" else result.head(limit)
    print_frame(shown, format)
    if format == "table" and result.height > limit:
        console.print(f"({result.height:,} rows, {limit} shown; --limit to see more)")


@app.command("formats")
def formats_command() -> None:
    """List the source formats gridtrack reads."""
    table = Table("format", "what")
    for name, reader in READERS.items():
        table.add_row(name, reader.description)
    console.print(table)
