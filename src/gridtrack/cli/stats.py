"""Stat commands: ``stats``, ``catalog``, ``leaders``, ``frame-stats``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import polars.selectors as cs
import typer

from gridtrack.cli._app import LakeOption, app, console, print_frame
from gridtrack.cli._progress import RichProgress
from gridtrack.pipeline import compute_lake, leaders, play_frame_stats
from gridtrack.play import DEFAULT, StatsConfig
from gridtrack.stats.docs import catalog_frame, catalog_markdown


@app.command("stats")
def stats_command(
    lake: LakeOption = Path("lake"),
    high_speed_contact: Annotated[
        float, typer.Option(help="Closing speed (yd/s) of a high-speed contact.")
    ] = DEFAULT.high_speed_contact,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Compute the stat catalogue for every game of the lake (stats_play, stats_player_play)."""
    with RichProgress(console, bars=progress) as drawn:
        summary = compute_lake(
            lake, config=StatsConfig(high_speed_contact=high_speed_contact), progress=drawn
        )
    per_play = (summary.play_values + summary.player_values) / max(summary.plays, 1)
    console.print(
        f"[green]✓[/] {summary.games:,} games, {summary.plays:,} plays: "
        f"{summary.play_values:,} play values + {summary.player_values:,} player-play values "
        f"({per_play:,.0f} per play) in {summary.seconds:.1f} s "
        f"({summary.plays_per_second:,.0f} plays/s)"
    )


@app.command("catalog")
def catalog_command(
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the docs page.")] = False,
    family: Annotated[str | None, typer.Option(help="Only this family.")] = None,
) -> None:
    """List the stats of the catalogue: name, level, unit, family, definition."""
    if markdown:
        sys.stdout.write(catalog_markdown() + "\n")
        return
    frame = catalog_frame()
    if family is not None:
        frame = frame.filter(frame["family"] == family)
    if json:
        print_frame(frame, "json")
    else:
        print_frame(
            frame.drop("note"), "table", title=f"gridtrack stat catalogue ({frame.height} stats)"
        )


@app.command("leaders")
def leaders_command(
    stat: Annotated[str, typer.Argument(help="A stat name (see `gridtrack catalog`).")],
    lake: LakeOption = Path("lake"),
    by: Annotated[str, typer.Option(help="player or team.")] = "player",
    min_plays: Annotated[int, typer.Option(help="Least plays with a value.")] = 1,
    level: Annotated[
        str | None, typer.Option(help="play or player_play, for names at both levels.")
    ] = None,
    format: Annotated[str, typer.Option(help="table, csv or json.")] = "table",
    limit: Annotated[int, typer.Option(help="Rows shown in table format.")] = 25,
) -> None:
    """Season leaders of a stat: plays, mean, max and min per player or team."""
    table = leaders(lake, stat, by=by, min_plays=min_plays, level=level)
    shown = table.head(limit) if format == "table" else table
    print_frame(shown, format, title=f"{stat} by {by} (min {min_plays} plays)")


@app.command("frame-stats")
def frame_stats_command(
    game_id: Annotated[int, typer.Argument(help="Game id, e.g. 2021091300.")],
    play_id: Annotated[int, typer.Argument(help="Play id within the game.")],
    lake: LakeOption = Path("lake"),
    stat: Annotated[
        list[str], typer.Option(help="A frame stat (repeat; default: all of them).")
    ] = [],  # noqa: B006  (Typer reads the default)
    format: Annotated[str, typer.Option(help="table, csv or json.")] = "table",
    limit: Annotated[int, typer.Option(help="Rows shown in table format.")] = 25,
) -> None:
    """Frame stats of one play, computed on demand: one row per player per frame."""
    table = play_frame_stats(lake, game_id, play_id, stat or None)
    shown = table.head(limit).with_columns(cs.float().round(3)) if format == "table" else table
    print_frame(shown, format, title=f"game {game_id} play {play_id}: {table.height:,} rows")
