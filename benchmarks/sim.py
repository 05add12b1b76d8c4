"""Time the play simulator: one game (about 150 plays), simulated and written, repeated.

    python benchmarks/sim.py [--repeats 5] [--games 1]

Prints each run and the median seconds per game (goal: under 10 s on 2 cores).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from gridtrack import sim


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--games", type=int, default=1)
    parser.add_argument("--faults", action="store_true")
    args = parser.parse_args()
    per_game = []
    for k in range(args.repeats):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            result = sim.simulate(games=args.games, seed=k, faults=args.faults)
            simulated = time.perf_counter() - start
            sim.write(result, out)
            total = time.perf_counter() - start
        per_game.append(total / args.games)
        print(
            f"seed {k}: {result.plays.height} plays, {result.tracking.height:,} rows: "
            f"simulate {simulated:.2f} s + write {total - simulated:.2f} s = {total:.2f} s"
        )
    print(f"median {statistics.median(per_game):.2f} s per game ({args.repeats} runs)")


if __name__ == "__main__":
    main()
