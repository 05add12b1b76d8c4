"""The Typer application and shared output helpers of the ``gridtrack`` command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    name="gridtrack",
    help="Player-tracking analytics for American football: ingest, clean, stats, models.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)

LakeOption = Annotated[Path, typer.Option("--lake", help="Lake folder (Parquet + DuckDB).")]


def fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def print_frame(frame: pl.DataFrame, fmt: str, title: str | None = None) -> None:
    """Print a frame as a rich table, CSV or JSON."""
    if fmt == "csv":
        sys.stdout.write(frame.write_csv())
    elif fmt == "json":
        sys.stdout.write(frame.write_json() + "\n")
    else:
        table = Table(title=title, show_lines=False)
        for name in frame.columns:
            table.add_column(name, overflow="fold")
        for row in frame.iter_rows():
            table.add_row(*["" if v is None else str(v) for v in row])
        console.print(table)
