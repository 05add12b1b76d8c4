"""``gridtrack quality``: what the cleaning found and did, from the lake's quality table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gridtrack.clean import report
from gridtrack.cli._app import LakeOption, app, console, print_frame
from gridtrack.io import lake as lake_io
from gridtrack.pipeline import require_lake


@app.command("quality")
def quality_command(
    lake: LakeOption = Path("lake"),
    worst: Annotated[int, typer.Option(help="How many of the worst plays to list.")] = 10,
    format: Annotated[str, typer.Option(help="table, csv or json.")] = "table",
) -> None:
    """Summarize the cleaning: per game, per check, and the worst plays."""
    require_lake(lake)
    quality = lake_io.scan_table(lake, "quality")
    tracking = lake_io.scan_table(lake, "tracking").select("game_id", "play_id")
    games = report.per_game(quality, tracking)
    checks = report.per_check(quality)
    plays = report.worst_plays(quality, worst)
    if checks.height == 0:
        console.print("no quality rows: ingest with --clean (the default) to check the tracking")
    print_frame(games, format, title="per game")
    print_frame(checks, format, title="per check")
    print_frame(plays, format, title=f"worst {worst} plays")
