"""Benchmark: the whole stat catalogue, and ten stats against a plain pandas implementation.

Inputs: the real Big Data Bowl 2019 game (``$GRIDTRACK_REAL_DATA/bdb2019``, 177 plays) and
a generated week (``benchmarks/generate.py``). Each measurement runs in a fresh interpreter
on canonical tables saved as Parquet, so its peak memory (max RSS) is its own; the time is
that of the stat computation alone (tables already in memory).

    python benchmarks/stats.py [--rows 2000000] [--repeat 3]

The ten stats: time_to_throw, air_yards, separation_at_arrival, formation_width,
box_defenders, offense_depth, max_speed, distance_travelled, max_acceleration,
time_above_8_yds. pandas computes them with groupby and per-play functions; gridtrack
computes them selected by name (``Registry.select``: their four families' kernels run and
skip what no selected stat needs), and, for scale, their four whole families (12 to 17
times as many values).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEN_FAMILIES = ("kinematics", "passing", "receiving", "play_shape")
TEN_STATS = (
    "time_to_throw",
    "air_yards",
    "separation_at_arrival",
    "formation_width",
    "box_defenders",
    "offense_depth",
    "max_speed",
    "distance_travelled",
    "max_acceleration",
    "time_above_8_yds",
)

RUN = """
import resource, sys, time, polars as pl
from gridtrack.stats import REGISTRY, compute_plays, play_arrays
folder, what, names = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
tables = ("tracking", "plays", "key_frames", "players")
t = {n: pl.read_parquet(f"{folder}/{n}.parquet") for n in tables}
if what == "all":
    registry = REGISTRY
elif what == "families":
    registry = REGISTRY.subset(names)
else:
    registry = REGISTRY.select(names)
start = time.perf_counter()
arrays = play_arrays(t["tracking"], t["plays"], t["key_frames"], t["players"])
play, player = compute_plays(arrays, registry)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(seconds, peak, t["key_frames"].height, play.height + player.height)
"""


SAVE = """
import sys, gridtrack
tables = gridtrack.read_tracking(sys.argv[1]).collect()
for name in ("tracking", "plays", "key_frames", "players"):
    tables[name].write_parquet(f"{sys.argv[2]}/{name}.parquet")
"""


def save_canonical(source: Path, folder: Path) -> None:
    """Read ``source`` with gridtrack and save its canonical tables as Parquet (in a child
    process, so that this one stays small: a child's max RSS starts from its parent's)."""
    subprocess.run([sys.executable, "-c", SAVE, str(source), str(folder)], check=True)


def measure(command: list[str], repeat: int) -> tuple[float, float, int, int]:
    """Median seconds, max peak MB, plays and values over ``repeat`` fresh runs."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout.split()
        runs.append((float(out[0]), float(out[1]), int(out[2]), int(out[3])))
    return (
        statistics.median(r[0] for r in runs),
        max(r[1] for r in runs),
        runs[0][2],
        runs[0][3],
    )


def report(label: str, seconds: float, peak: float, plays: int, values: int) -> None:
    print(
        f"  {label:<28} {seconds:7.3f} s  {plays / seconds:8.0f} plays/s  "
        f"peak {peak:6.0f} MB  {values:>10,} values"
    )


def bench(name: str, folder: Path, repeat: int) -> None:
    print(f"{name}:")
    python = sys.executable
    run = [python, "-c", RUN, str(folder)]
    whole = measure([*run, "all", ""], repeat)
    report("gridtrack, whole catalogue", *whole)
    ten = measure([*run, "stats", ",".join(TEN_STATS)], repeat)
    report("gridtrack, the ten stats", *ten)
    families = measure([*run, "families", ",".join(TEN_FAMILIES)], repeat)
    report("gridtrack, their 4 families", *families)
    pandas = measure([python, str(HERE / "pandas_stats.py"), str(folder)], repeat)
    report("pandas, ten stats", *pandas)
    print(
        f"  pandas ÷ gridtrack on the ten stats: {pandas[0] / ten[0]:.1f}× "
        f"(computing their 4 whole families: {pandas[0] / families[0]:.1f}×)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    real = Path(os.environ.get("GRIDTRACK_REAL_DATA", HERE.parent.parent / "shared" / "data"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if (real / "bdb2019").is_dir():
            game = tmp_path / "bdb2019"
            game.mkdir()
            save_canonical(real / "bdb2019", game)
            bench("BDB 2019 game 2017090700", game, args.repeat)
        week_src, week = tmp_path / "week-csv", tmp_path / "week"
        week.mkdir()
        # generated in a child process: this one stays small, so that the children's peak
        # memory is their own (a child's max RSS starts from its parent's)
        generate = [sys.executable, str(HERE / "generate.py"), str(week_src), "--rows"]
        subprocess.run([*generate, str(args.rows)], check=True, stdout=subprocess.DEVNULL)
        save_canonical(week_src, week)
        bench(f"generated week ({args.rows:,} rows)", week, args.repeat)


if __name__ == "__main__":
    main()
