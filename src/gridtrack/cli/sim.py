"""Simulator command: ``simulate``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from gridtrack import sim
from gridtrack.cli._app import app, console


@app.command("simulate")
def simulate_command(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the games into.")],
    games: Annotated[int, typer.Option("--games", min=1, help="Number of games.")] = 1,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    faults: Annotated[
        bool, typer.Option("--faults", help="Plant labelled tracking faults.")
    ] = False,
) -> None:
    """Write synthetic games (Big Data Bowl 2023–2025 layout) with their ground truth."""
    start = time.perf_counter()
    result = sim.simulate(games=games, seed=seed, faults=faults)
    files = sim.write(result, out)
    seconds = time.perf_counter() - start
    console.print(
        f"simulated {games} game(s), {result.plays.height:,} plays, "
        f"{result.tracking.height:,} tracking rows"
        + (f", {result.faults.height:,} fault labels" if faults else "")
        + f" in {seconds:.1f} s → {out} ({len(files)} files)"
    )
