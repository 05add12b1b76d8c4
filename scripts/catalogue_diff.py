"""Compare the whole catalogue's output before and after a change, value by value.

    python scripts/catalogue_diff.py dump OUT        # every real sample + a simulated game
    python scripts/catalogue_diff.py compare OLD NEW # differing values, by stat, one example

``dump`` writes, for each input in ``$GRIDTRACK_REAL_DATA`` (bdb2019, bdb2020,
bdb2023_sample, ngs_highlights, sportradar_ngs) and a simulated game (seed 7), the long
``stats_play`` and ``stats_player_play`` tables and the wide frame stats as Parquet. Run it
once on the old code (e.g. ``PYTHONPATH=<old checkout>/src``) and once on the new.
``compare`` lists, per file, the values of the stats that existed before which changed,
appeared or vanished (new stats are not differences), and exits 1 when any did.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import polars as pl

SOURCES = ("bdb2019", "bdb2020", "bdb2023_sample", "ngs_highlights", "sportradar_ngs")
FRAME_KEYS = ["game_id", "play_id", "frame_id", "nfl_id"]
TOLERANCE = 1e-9
"""Relative difference under which two values are the same (float noise of reordering)."""


def dump(out: Path) -> None:
    import gridtrack
    from gridtrack.sim import simulate, write
    from gridtrack.stats import compute_stats, frame_stats

    out.mkdir(parents=True, exist_ok=True)
    real = Path(os.environ.get("GRIDTRACK_REAL_DATA", "../shared/data"))
    with tempfile.TemporaryDirectory() as tmp:
        sim = Path(tmp) / "sim"
        write(simulate(games=1, seed=7), sim)
        inputs = {name: real / name for name in SOURCES} | {"sim": sim}
        for name, folder in inputs.items():
            t = gridtrack.read_tracking(folder).collect()
            tables = (t["tracking"], t["plays"], t["key_frames"], t["players"])
            play, player = compute_stats(*tables)
            play.write_parquet(out / f"{name}_play.parquet")
            player.write_parquet(out / f"{name}_player.parquet")
            frame_stats(*tables).write_parquet(out / f"{name}_frame.parquet")
            print(f"{name}: {play.height:,} play, {player.height:,} player-play values")


def _changed_long(old: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    keys = [c for c in old.columns if c != "value"]
    new = new.filter(pl.col("stat").is_in(old.get_column("stat").unique().implode()))
    joined = old.join(new, on=keys, how="full", coalesce=True, suffix="_new")
    same = (pl.col("value") - pl.col("value_new")).abs() <= TOLERANCE * (
        1.0 + pl.col("value").abs()
    )
    return joined.filter(~same.fill_null(False))


def compare(old: Path, new: Path) -> int:
    differing = 0
    for before in sorted(old.glob("*.parquet")):
        a, b = pl.read_parquet(before), pl.read_parquet(new / before.name)
        if "stat" in a.columns:
            changed = _changed_long(a, b)
            if changed.height:
                differing += 1
                print(f"{before.name}: {changed.height:,} values changed")
                print(
                    changed.group_by("stat")
                    .agg(pl.len(), pl.all().exclude("stat", "len").first())
                    .sort("len", descending=True)
                )
        elif not a.sort(FRAME_KEYS).equals(b.select(a.columns).sort(FRAME_KEYS)):
            differing += 1
            print(f"{before.name}: frame stats differ")
    print(f"{differing} file(s) differ")
    return 1 if differing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("dump").add_argument("out", type=Path)
    both = sub.add_parser("compare")
    both.add_argument("old", type=Path)
    both.add_argument("new", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out)
    else:
        sys.exit(compare(args.old, args.new))


if __name__ == "__main__":
    main()
