"""Reference for benchmarks/ingest.py: the pandas reference's work, in plain polars.

The same steps as ``pandas_ingest.py`` — read the tracking CSV, rename to the canonical
columns, infer (2019 layout) or read each play's direction, turn left-moving plays, sort,
write zstd Parquet per game — with polars' multi-threaded CSV reader and nothing else: no
quarantine, no repeat detection, no validation, no key frames. Its time is a floor for any
ingest built on polars on this machine.

    python benchmarks/polars_ingest.py SOURCE_DIR OUT_DIR
"""

import pathlib
import sys

import polars as pl

RENAME = {
    "gameId": "game_id",
    "playId": "play_id",
    "nflId": "nfl_id",
    "frameId": "frame_id",
    "frame.id": "frame_id",
    "playDirection": "play_direction",
}
PLAY = ["game_id", "play_id"]


def infer_direction(df: pl.DataFrame, src: pathlib.Path) -> pl.DataFrame:
    """2019 layout: the offense lines up at smaller x than the defense when moving right."""
    plays = pl.read_csv(src / "plays.csv", columns=["gameId", "playId", "possessionTeam"])
    games = pl.read_csv(src / "games.csv", columns=["gameId", "homeTeamAbbr", "visitorTeamAbbr"])
    plays = plays.join(games, on="gameId").rename(RENAME, strict=False)
    df = df.join(plays, on=PLAY, how="left")
    club = pl.when(pl.col("team") == "home").then("homeTeamAbbr").otherwise("visitorTeamAbbr")
    means = (
        df.filter(pl.col("frame_id") == 1)
        .group_by(PLAY)
        .agg(
            pl.col("x").filter(club == pl.col("possessionTeam")).mean().alias("offense"),
            pl.col("x").filter(club != pl.col("possessionTeam")).mean().alias("defense"),
        )
    )
    direction = means.select(
        *PLAY,
        pl.when(pl.col("offense") < pl.col("defense"))
        .then(pl.lit("right"))
        .otherwise(pl.lit("left"))
        .alias("play_direction"),
    )
    return df.join(direction, on=PLAY, how="left")


def main() -> None:
    src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    tracking_file = next(p for p in sorted(src.iterdir()) if p.name.startswith("tracking"))
    df = pl.read_csv(tracking_file, null_values="NA", infer_schema_length=10_000)
    df = df.rename(RENAME, strict=False)
    if "play_direction" not in df.columns:
        df = infer_direction(df, src)
    left = pl.col("play_direction") == "left"
    turned = [
        pl.when(left).then(120 - pl.col("x")).otherwise("x").alias("x"),
        pl.when(left).then(160 / 3 - pl.col("y")).otherwise("y").alias("y"),
        *[
            pl.when(left).then((pl.col(a) + 180) % 360).otherwise(a).alias(a)
            for a in ("dir", "o")
            if a in df.columns
        ],
    ]
    df = df.with_columns(turned).sort("game_id", "play_id", "nfl_id", "frame_id")
    out.mkdir(parents=True, exist_ok=True)
    for (game_id,), part in df.group_by("game_id"):
        part.write_parquet(out / f"part-{game_id}.parquet", compression="zstd")
    print(df.height)


if __name__ == "__main__":
    main()
