"""Reference for benchmarks/ingest.py: CSV → Parquet per game with plain pandas.

Reads the tracking CSV, renames to the canonical columns, infers (2019 layout) or reads
each play's direction, turns left-moving plays, sorts, and writes zstd Parquet per game.

    python benchmarks/pandas_ingest.py SOURCE_DIR OUT_DIR
"""

import pathlib
import sys

import numpy as np
import pandas as pd

RENAME = {
    "gameId": "game_id",
    "playId": "play_id",
    "nflId": "nfl_id",
    "frameId": "frame_id",
    "frame.id": "frame_id",
    "playDirection": "play_direction",
}


def infer_direction(df: pd.DataFrame, src: pathlib.Path) -> pd.DataFrame:
    """2019 layout: the offense lines up at smaller x than the defense when moving right."""
    plays = pd.read_csv(src / "plays.csv", usecols=["gameId", "playId", "possessionTeam"])
    games = pd.read_csv(src / "games.csv", usecols=["gameId", "homeTeamAbbr", "visitorTeamAbbr"])
    plays = plays.merge(games, on="gameId").rename(columns=RENAME)
    df = df.merge(plays, on=["game_id", "play_id"], how="left")
    club = np.where(df["team"] == "home", df["homeTeamAbbr"], df["visitorTeamAbbr"])
    df["offense"] = club == df["possessionTeam"]
    first = df[df["frame_id"] == 1]
    means = first.groupby(["game_id", "play_id", "offense"])["x"].mean().unstack()
    direction = pd.DataFrame(
        {"play_direction": np.where(means[True] < means[False], "right", "left")},
        index=means.index,
    ).reset_index()
    return df.merge(direction, on=["game_id", "play_id"], how="left")


def main() -> None:
    src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    tracking_file = next(p for p in sorted(src.iterdir()) if p.name.startswith("tracking"))
    df = pd.read_csv(tracking_file).rename(columns=RENAME)
    if "play_direction" not in df:
        df = infer_direction(df, src)
    left = df["play_direction"] == "left"
    df.loc[left, "x"] = 120 - df.loc[left, "x"]
    df.loc[left, "y"] = 160 / 3 - df.loc[left, "y"]
    for angle in ("dir", "o"):
        if angle in df:
            df.loc[left, angle] = (df.loc[left, angle] + 180) % 360
    df = df.sort_values(["game_id", "play_id", "nfl_id", "frame_id"])
    out.mkdir(parents=True, exist_ok=True)
    for game_id, part in df.groupby("game_id"):
        part.to_parquet(out / f"part-{game_id}.parquet", compression="zstd")
    print(len(df))


if __name__ == "__main__":
    main()
