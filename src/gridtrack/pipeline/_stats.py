"""``gridtrack stats``: compute the stat catalogue for every game of a lake.

Each game's canonical tables are read from the lake, every family kernel runs over its
plays, and the long tables ``stats_play`` and ``stats_player_play`` are written next to the
tracking (one file per game, replacing earlier stats of the same plays). The DuckDB
catalogue then gets wide views, one column per stat:

``stats_play_wide``        game_id, play_id, <play stats...>
``stats_player_play_wide`` game_id, play_id, nfl_id, <player-play stats...>

Frame stats are not stored: :func:`play_frame_stats` computes them for one play of a lake.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from gridtrack.errors import OptionError, PlayNotFound, UnknownNameError
from gridtrack.io import catalog as lake_catalog
from gridtrack.io import lake as lake_io
from gridtrack.pipeline._lake import open_lake, require_lake
from gridtrack.pipeline._stage import NO_PROGRESS, Progress
from gridtrack.play import DEFAULT, StatsConfig
from gridtrack.schema import STATS_PLAY, STATS_PLAYER_PLAY
from gridtrack.stats import REGISTRY, compute_stats, frame_stats

WIDE_VIEWS = {
    "stats_play_wide": (STATS_PLAY.name, "play", ("game_id", "play_id")),
    "stats_player_play_wide": (
        STATS_PLAYER_PLAY.name,
        "player_play",
        ("game_id", "play_id", "nfl_id"),
    ),
}


@dataclass
class StatsSummary:
    """What a stats run did."""

    games: int = 0
    plays: int = 0
    play_values: int = 0
    player_values: int = 0
    seconds: float = 0.0

    @property
    def plays_per_second(self) -> float:
        return self.plays / self.seconds if self.seconds else 0.0


def wide_view_sql(table: str, level: str, keys: tuple[str, ...]) -> str:
    """A ``SELECT`` pivoting a long stat table to one column per registered stat."""
    columns = ",\n  ".join(
        f"max(value) FILTER (WHERE stat = '{name}') AS \"{name}\"" for name in REGISTRY.names(level)
    )
    group = ", ".join(keys)
    return f"SELECT {group},\n  {columns}\nFROM {table}\nGROUP BY {group}"


def refresh_views(lake: str | Path) -> Path:
    """(Re)create the catalogue with the wide stat views."""
    return lake_catalog.refresh(
        lake, extra={name: wide_view_sql(*spec) for name, spec in WIDE_VIEWS.items()}
    )


def _game_partitions(lake: Path) -> list[tuple[int, int, int]]:
    """(season, week, game_id) of every game stored in the lake's tracking."""
    found = []
    for path in lake_io.table_files(lake, "tracking"):
        season = int(path.parent.parent.name.split("=", 1)[1])
        week = int(path.parent.name.split("=", 1)[1])
        found.append((season, week, int(path.stem.removeprefix("part-"))))
    return found


def stats_for_game(
    lake: Path, season: int, week: int, game_id: int, config: StatsConfig = DEFAULT
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Compute and store one game's stat tables."""
    read = {
        name: pl.read_parquet(lake_io.game_path(lake, name, season, week, game_id))
        for name in ("tracking", "plays", "key_frames")
    }
    players_file = lake_io.table_dir(lake, "players") / "part-0.parquet"
    players = pl.read_parquet(players_file) if players_file.exists() else None
    stats_play, stats_player = compute_stats(
        read["tracking"], read["plays"], read["key_frames"], players, config=config
    )
    for table, frame in ((STATS_PLAY, stats_play), (STATS_PLAYER_PLAY, stats_player)):
        lake_io.write_game(lake, table, frame, season=season, week=week, game_id=game_id)
    return stats_play, stats_player


def compute_lake(
    lake: str | Path,
    *,
    config: StatsConfig = DEFAULT,
    progress: Progress = NO_PROGRESS,
) -> StatsSummary:
    """Compute the catalogue for every game of ``lake``, store it, refresh the views.

    ``config`` holds the kernels' thresholds (:class:`~gridtrack.play.StatsConfig`);
    ``progress`` hears of each game done. Holds the lake's write lock throughout. Raises
    :class:`LakeError` where there is no lake, :class:`LakeBusyError` where another process
    is writing it.
    """
    lake = require_lake(lake)
    start = time.perf_counter()
    with lake_io.locked(lake):
        games = _game_partitions(lake)
        summary = StatsSummary(games=len(games))
        progress.start("games", len(games))
        for season, week, game_id in games:
            stats_play, stats_player = stats_for_game(lake, season, week, game_id, config)
            summary.plays += stats_play.select(pl.struct("game_id", "play_id").n_unique()).item()
            summary.play_values += stats_play.height
            summary.player_values += stats_player.height
            progress.advance(note=f"game {game_id}")
        refresh_views(lake)
    summary.seconds = time.perf_counter() - start
    return summary


def leaders(
    lake: str | Path,
    stat: str,
    *,
    by: str = "player",
    min_plays: int = 1,
    level: str | None = None,
) -> pl.DataFrame:
    """Season aggregates of ``stat`` per player or team, best mean first.

    ``by="player"`` reads the player-play value (the play value when the stat exists only
    per play, credited to nobody: an error); ``by="team"`` groups player-play values by the
    player's club, and play values by the club in possession. Columns: season, the group,
    plays, mean, max, min.
    """
    if by not in ("player", "team"):
        raise OptionError(f"--by must be player or team, not {by!r}")
    if level is None:
        levels = ("player_play", "play") if by == "player" else ("play", "player_play")
        level = next((lv for lv in levels if (lv, stat) in REGISTRY), None)
    if level is None or (level, stat) not in REGISTRY:
        raise UnknownNameError(f"no stat named {stat!r}; see `gridtrack catalog`")
    if by == "player" and level == "play":
        raise OptionError(f"{stat!r} is a play-level stat: use --by team")
    lake = require_lake(lake)
    ds = open_lake(lake)
    games = ds.games.select("game_id", "season")
    if level == "player_play":
        values = lake_io.scan_table(lake, STATS_PLAYER_PLAY.name).filter(pl.col("stat") == stat)
        clubs = ds.tracking.select("game_id", "play_id", "nfl_id", "club").unique(
            ["game_id", "play_id", "nfl_id"]
        )
        values = values.join(clubs, on=["game_id", "play_id", "nfl_id"], how="left")
        if by == "player":
            group = ["nfl_id"]
            names = ds.players.select("nfl_id", "display_name", "position")
        else:
            group = ["club"]
    else:
        values = lake_io.scan_table(lake, STATS_PLAY.name).filter(pl.col("stat") == stat)
        values = values.join(
            ds.plays.select("game_id", "play_id", pl.col("possession_club").alias("club")),
            on=["game_id", "play_id"],
            how="left",
        )
        group = ["club"]
    table = (
        values.join(games, on="game_id", how="left")
        .group_by("season", *group)
        .agg(
            pl.len().alias("plays"),
            pl.col("value").mean().alias("mean"),
            pl.col("value").max().alias("max"),
            pl.col("value").min().alias("min"),
        )
        .filter(pl.col("plays") >= min_plays)
    )
    if group == ["nfl_id"]:
        table = table.join(names, on="nfl_id", how="left").select(
            "season", "nfl_id", "display_name", "position", "plays", "mean", "max", "min"
        )
    rounded = table.with_columns(pl.col("mean", "max", "min").round(3))
    return rounded.sort("mean", descending=True, nulls_last=True).collect()


def play_frame_stats(
    lake: str | Path, game_id: int, play_id: int, names: list[str] | None = None
) -> pl.DataFrame:
    """Frame stats of one play of the lake (see :func:`gridtrack.stats.frame_stats`):
    one row per player per frame, one column per stat of ``names`` (default: all).

    Raises :class:`PlayNotFound` (a ``LookupError``) where the lake holds no tracking for
    the play, :class:`UnknownNameError` for a name that is not a frame stat.
    """
    ds = open_lake(lake)
    on_play = (pl.col("game_id") == game_id) & (pl.col("play_id") == play_id)
    tracking, plays, key_frames = pl.collect_all(
        [ds.tracking.filter(on_play), ds.plays.filter(on_play), ds.key_frames.filter(on_play)]
    )
    if tracking.height == 0:
        raise PlayNotFound(f"no tracking for game {game_id}, play {play_id} in {lake}")
    players = ds.players.filter(
        pl.col("nfl_id").is_in(tracking.get_column("nfl_id").drop_nulls().implode())
    ).collect()
    return frame_stats(tracking, plays, key_frames, players, names=names)
