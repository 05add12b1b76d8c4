"""The Typer application and shared output helpers of the ``gridtrack`` command.

Errors: every command runs inside one handler that catches :class:`GridtrackError` (and
nothing else), prints its message and exits with :data:`EXIT_CODES` (2 by default).
Anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from gridtrack.errors import FeatureMismatchError, GridtrackError

EXIT_CODES: dict[type[GridtrackError], int] = {FeatureMismatchError: 3}
"""Exit code per error class (the first class the error is an instance of); 2 otherwise."""
DEFAULT_EXIT_CODE = 2

console = Console()
err = Console(stderr=True)


def exit_code(exc: GridtrackError) -> int:
    """The command's exit code for ``exc``."""
    codes = (code for cls, code in EXIT_CODES.items() if isinstance(exc, cls))
    return next(codes, DEFAULT_EXIT_CODE)


class _Commands(TyperGroup):
    """The command group, with the one error handler around every command."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]  # click's Context
        try:
            return super().invoke(ctx)
        except GridtrackError as exc:
            err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
            raise typer.Exit(exit_code(exc)) from None


app = typer.Typer(
    name="gridtrack",
    help="Player-tracking analytics for American football: ingest, clean, stats, models.",
    no_args_is_help=True,
    add_completion=False,
    cls=_Commands,
)

LakeOption = Annotated[Path, typer.Option("--lake", help="Lake folder (Parquet + DuckDB).")]


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
