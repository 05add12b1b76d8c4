"""Benchmark: CSV → lake, gridtrack against a plain pandas implementation.

Two inputs: the real Big Data Bowl 2019 game (``$GRIDTRACK_REAL_DATA/bdb2019``) and a
generated week in the 2023–2025 layout (``benchmarks/generate.py``, 10 million rows by
default). Each run happens in a fresh subprocess so its peak memory (max RSS) is its own.
Prints the median wall time, rows per second, peak memory and the ratio to pandas.

    python benchmarks/ingest.py [--rows 10000000] [--repeat 3]

The pandas reference (``pandas_ingest.py``) does the same work as plainly as pandas allows:
read, standardize, write Parquet. ``polars`` (``polars_ingest.py``) does that same plain work
in polars, holding the whole file in memory: a floor for what any polars-based ingest can
reach here. ``gridtrack`` is measured without cleaning and, as ``gridtrack+clean``, with the
cleaning pass that ``gridtrack ingest`` runs by default; both also quarantine bad rows, find
repeated keys, derive key frames, validate every table and stay under 2 GB. The floors
(``csv_floor.py``) time the fastest CSV readers at hand doing nothing but read.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

GRIDTRACK_RUN = """
import sys, gridtrack
s = gridtrack.ingest([sys.argv[1]], sys.argv[2], clean=sys.argv[3] == "clean")
assert s.balanced, s
print(s.rows_read)
"""

PANDAS_SCRIPT = HERE / "pandas_ingest.py"
POLARS_SCRIPT = HERE / "polars_ingest.py"
FLOOR_SCRIPT = HERE / "csv_floor.py"
FLOORS = ("polars read", "duckdb scan", "duckdb → parquet")


Command = tuple[list[str], list[str]]
"""A run: the interpreter's arguments before ``SOURCE OUT`` and after them."""


def run_once(command: Command, source: Path) -> tuple[float, float, int]:
    """(seconds, peak MB, rows) of one run in a fresh interpreter."""
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, *command[0], str(source), out, *command[1]],
            stdout=subprocess.PIPE,
            text=True,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        rows = int(proc.stdout.read().strip().splitlines()[-1]) if proc.stdout else 0
        if status != 0:
            raise RuntimeError(f"benchmark run failed on {source}")
        return seconds, usage.ru_maxrss / 1024, rows


def bench(label: str, source: Path, repeat: int) -> None:
    results = {}
    commands: dict[str, Command] = {
        "gridtrack": (["-c", GRIDTRACK_RUN], ["no-clean"]),
        "gridtrack+clean": (["-c", GRIDTRACK_RUN], ["clean"]),
        "pandas": ([str(PANDAS_SCRIPT)], []),
        "polars": ([str(POLARS_SCRIPT)], []),
        **{f"floor: {mode}": ([str(FLOOR_SCRIPT)], [mode]) for mode in FLOORS},
    }
    for name, command in commands.items():
        runs = [run_once(command, source) for _ in range(repeat)]
        secs = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        rows = runs[0][2]
        results[name] = secs
        print(
            f"{label:<28} {name:<24} rows={rows:>11,}  median={secs:7.2f} s  "
            f"rows/s={rows / secs:>12,.0f}  peak={peak:7.0f} MB"
        )
    for name in results:
        if name != "pandas":
            ratio = results["pandas"] / results[name]
            print(f"{label:<28} {name:<24} vs pandas: {ratio:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    real = Path(os.environ.get("GRIDTRACK_REAL_DATA", HERE.parent.parent / "shared" / "data"))
    print("machine:", os.cpu_count(), "cores")
    if (real / "bdb2019").is_dir():
        bench("bdb2019 game (316k rows)", real / "bdb2019", args.repeat)
    if not args.skip_large:
        with tempfile.TemporaryDirectory() as tmp:
            # generated in a child process: this one stays small, so that the children's
            # peak memory is their own
            generate = [sys.executable, str(HERE / "generate.py"), tmp, "--rows", str(args.rows)]
            subprocess.run(generate, check=True, stdout=subprocess.DEVNULL)
            bench(f"generated week ({args.rows / 1e6:.0f}M rows)", Path(tmp), args.repeat)


if __name__ == "__main__":
    main()
