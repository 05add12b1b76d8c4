"""Picture commands: ``animate`` (a play as HTML, GIF or MP4) and ``report``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gridtrack.cli._app import LakeOption, app, console
from gridtrack.errors import OptionError
from gridtrack.pipeline import open_lake, play_frame_stats, require_lake


@app.command("animate")
def animate_command(
    game_id: Annotated[int, typer.Argument(help="Game id, e.g. 2021091300.")],
    play_id: Annotated[int, typer.Argument(help="Play id within the game.")],
    lake: LakeOption = Path("lake"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file.")] = Path("play.html"),
    format: Annotated[
        str | None, typer.Option("--format", help="html, gif or mp4 (default: from --out).")
    ] = None,
    overlay: Annotated[
        list[str],
        typer.Option(help="speed, separation, qb-distance, or a tracking column (repeat)."),
    ] = [],  # noqa: B006  (Typer reads the default)
    stat: Annotated[
        list[str],
        typer.Option(
            help="A frame stat of the catalogue (computed for the play), or a per-frame "
            "stat stored in the lake as TABLE.COLUMN (repeat)."
        ),
    ] = [],  # noqa: B006
    trail: Annotated[int, typer.Option(help="Trail length in frames (0: none).")] = 20,
    crop: Annotated[bool, typer.Option(help="Crop to where the play happens.")] = False,
    vertical: Annotated[bool, typer.Option(help="Field upright (offense up).")] = False,
    as_recorded: Annotated[
        bool, typer.Option("--as-recorded", help="Direction as recorded, not standardized.")
    ] = False,
    goal_posts: Annotated[bool, typer.Option(help="Draw goal posts.")] = True,
    fps: Annotated[float, typer.Option(help="Video frames per second.")] = 10.0,
    dpi: Annotated[int, typer.Option(help="Video dots per inch (10 in wide).")] = 80,
) -> None:
    """Animate one play from the lake: self-contained HTML (offline), or a GIF/MP4 video."""
    from gridtrack.viz import animate_play, load_play, render_play, write_html
    from gridtrack.viz.field import Orientation
    from gridtrack.viz.stat_overlay import lake_stat

    fmt = (format or out.suffix.lstrip(".") or "html").lower()
    if fmt not in ("html", "gif", "mp4"):
        raise OptionError(f"--format must be html, gif or mp4, not {fmt}")
    play = load_play(open_lake(lake), game_id, play_id, standardized=not as_recorded)
    overlays: list = [o.replace("-", "_") for o in overlay]
    overlays += [
        lake_stat(lake, spec)
        if "." in spec
        else (spec, play_frame_stats(lake, game_id, play_id, [spec]))
        for spec in stat
    ]
    orientation: Orientation = "vertical" if vertical else "horizontal"
    if fmt == "html":
        fig = animate_play(
            play,
            overlays,
            crop=crop,
            orientation=orientation,
            trail=trail,
            goal_posts=goal_posts,
        )
        path = write_html(fig, out)
    else:
        path = render_play(
            play,
            out,
            overlays,
            format="gif" if fmt == "gif" else "mp4",
            crop=crop,
            orientation=orientation,
            trail=trail,
            fps=fps,
            dpi=dpi,
        )
    console.print(f"[green]✓[/] game {game_id} play {play_id}: {play.n_frames} frames → {path}")


@app.command("report")
def report_command(
    lake: LakeOption = Path("lake"),
    out: Annotated[Path, typer.Option("--out", "-o", help="Output HTML file.")] = Path(
        "report.html"
    ),
    plays: Annotated[int, typer.Option(help="Animated plays to embed.")] = 3,
) -> None:
    """Write a self-contained HTML report of a lake: ingest, quality, leaders, models,
    animated plays."""
    from gridtrack.viz import write_report

    require_lake(lake)
    path = write_report(lake, out, n_plays=plays)
    console.print(f"[green]✓[/] report → {path}")
