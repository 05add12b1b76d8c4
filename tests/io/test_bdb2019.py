"""The Big Data Bowl 2019 reader, on the real sample and on small broken files."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from gridtrack.io import READERS, ReadError
from gridtrack.io._common import read_head
from gridtrack.schema import EVENTS

READER = READERS["bdb2019"]

GAME = 2017090700
PLAY = ["game_id", "play_id"]
HEADER = "time,x,y,s,dis,dir,event,nflId,displayName,jerseyNumber,team,frame.id,gameId,playId"
GAMES_CSV = "season,week,gameDate,gameId,homeTeamAbbr,visitorTeamAbbr\n2017,1,09/07/2017,1,NE,KC\n"
PLAYS_CSV = (
    "gameId,playId,quarter,GameClock,down,yardsToGo,possessionTeam,yardlineSide,yardlineNumber,"
    "isSTPlay,SpecialTeamsPlayType,PassResult,PlayResult,playDescription\n"
    "1,5,1,15:00:00,1,10,NE,NE,25,FALSE,NA,C,7,T.Brady pass short right\n"
)


@pytest.fixture(scope="module")
def tables(real_data: Path) -> dict[str, pl.DataFrame]:
    return READER.read(sorted((real_data / "bdb2019").iterdir())).collect()


def write_sample(folder: Path, rows: list[str], *, header: str = HEADER, end: str = "\n") -> Path:
    """A tracking file of ``rows`` (game 1, play 5) with its games and plays files."""
    (folder / "games.csv").write_text(GAMES_CSV)
    (folder / "plays.csv").write_text(PLAYS_CSV)
    path = folder / "tracking_gameId_1.csv"
    path.write_text(header + "\n" + "\n".join(rows) + end)
    return path


def row(frame: int, x: str = "30.0", team: str = "home", nfl_id: str = "7") -> str:
    return f"2017-09-08T00:41:59.000Z,{x},20.0,1.0,0.1,90,NA,{nfl_id},A B,12,{team},{frame},1,5"


def read_folder(folder: Path) -> pl.DataFrame:
    return READER.read(sorted(folder.iterdir())).tracking.collect()


def test_row_play_and_companion_counts(tables: dict[str, pl.DataFrame]) -> None:
    tracking = tables["tracking"]
    assert tracking.height == 316_025
    assert tracking.select(pl.struct(PLAY).n_unique()).item() == 177
    assert tables["plays"].height == 14_193
    assert tables["games"].height == 91
    assert tracking["_reason"].null_count() == tracking.height


def test_keys_unique_for_rows_with_a_frame(tables: dict[str, pl.DataFrame]) -> None:
    framed = tables["tracking"].filter(pl.col("frame_id").is_not_null())
    key = pl.struct("game_id", "play_id", "nfl_id", "frame_id")
    assert framed.select(key.is_duplicated().any()).item() is False


def test_sides_and_clubs(tables: dict[str, pl.DataFrame]) -> None:
    tracking = tables["tracking"]
    assert set(tracking["club"].unique()) == {"NE", "KC", "football"}
    assert tracking.filter(pl.col("club") == "football")["side"].unique().to_list() == ["ball"]
    per_frame = (
        tracking.filter(pl.col("nfl_id").is_not_null()).group_by(*PLAY, "frame_id", "side").len()
    )
    assert set(per_frame["side"].unique()) == {"offense", "defense"}
    assert per_frame.select((pl.col("len") == 11).mean()).item() > 0.99


def test_side_follows_possession(tables: dict[str, pl.DataFrame]) -> None:
    offense = tables["tracking"].filter(pl.col("side") == "offense").select(*PLAY, "club")
    joined = offense.unique().join(tables["plays"], on=PLAY)
    assert joined.height == 177
    assert (joined["club"] == joined["possession_club"]).all()


def test_events_are_snake_case_names(tables: dict[str, pl.DataFrame]) -> None:
    events = set(tables["tracking"]["event"].drop_nulls().unique())
    assert {"ball_snap", "pass_forward", "tackle"} <= events
    assert all(e == e.lower() and " " not in e for e in events)


def test_events_are_canonical(tables: dict[str, pl.DataFrame]) -> None:
    events = set(tables["tracking"]["event"].drop_nulls().unique())
    assert events <= EVENTS, sorted(events - EVENTS)


def test_dir_agrees_with_displacement(tables: dict[str, pl.DataFrame]) -> None:
    moving = (
        tables["tracking"]
        .filter(pl.col("nfl_id").is_not_null())
        .sort("play_id", "nfl_id", "frame_id")
        .with_columns(
            (pl.col(c).shift(-1) - pl.col(c).shift(1)).over("play_id", "nfl_id").alias(f"d{c}")
            for c in ("x", "y")
        )
        .filter((pl.col("s") > 1) & pl.col("dx").is_not_null() & pl.col("dir").is_not_null())
    )
    heading = np.degrees(np.arctan2(moving["dx"].to_numpy(), moving["dy"].to_numpy()))
    diff = np.abs((moving["dir"].to_numpy() - heading + 180.0) % 360.0 - 180.0)
    assert moving.height > 100_000
    assert (diff < 30).mean() >= 0.9
    assert moving["dir"].max() < 360


def test_time_rebuilt_at_10_hz_within_the_source_seconds(
    tables: dict[str, pl.DataFrame], real_data: Path
) -> None:
    raw = pl.read_csv(
        real_data / "bdb2019" / "tracking_gameId_2017090700.csv.gz",
        columns=["time"],
        infer_schema=False,
        null_values=["NA"],
    ).with_row_index("_line", offset=2)
    tracking = tables["tracking"].join(raw.cast({"_line": pl.Int64}), on="_line")
    stamp = pl.col("time_right").str.to_datetime("%Y-%m-%dT%H:%M:%S%.fZ", time_zone="UTC")
    same_second = (pl.col("time").dt.truncate("1s") == stamp).mean()
    assert tracking.filter(stamp.is_not_null()).select(same_second).item() > 0.99
    steps = (
        tracking.filter(pl.col("nfl_id").is_not_null())
        .sort("play_id", "nfl_id", "frame_id")
        .select(pl.col("time").diff().over("play_id", "nfl_id").drop_nulls().unique())
    )
    assert steps["time"].to_list() == [dt.timedelta(milliseconds=100)]


def test_ball_on_its_own_clock_has_no_frame(tables: dict[str, pl.DataFrame]) -> None:
    """In four plays the ball's stamps start ~1.8 s before the players': it starts moving at
    the snap only when placed by time."""
    loose = tables["tracking"].filter(pl.col("frame_id").is_null())
    assert loose["nfl_id"].null_count() == loose.height
    assert sorted(loose["play_id"].unique()) == [139, 160, 189, 210]
    assert loose["time"].null_count() == 0


def test_dropouts_kept_with_null_coordinates(tables: dict[str, pl.DataFrame]) -> None:
    dropouts = tables["tracking"].filter(pl.col("x").is_null())
    assert dropouts.height == 27
    assert dropouts["_reason"].null_count() == 27
    assert dropouts["time"].null_count() == 0


def test_plays_and_games(tables: dict[str, pl.DataFrame]) -> None:
    game = tables["games"].filter(pl.col("game_id") == GAME).row(0, named=True)
    assert (game["home_club"], game["away_club"]) == ("NE", "KC")
    assert (game["season"], game["week"], game["season_type"]) == (2017, 1, "REG")
    assert game["game_date"] == dt.date(2017, 9, 7)
    plays = tables["plays"].filter(pl.col("game_id") == GAME)
    # NE ball on its own 46 (→ 56), pass complete deep left to B.Cooks for 19 yards
    play = plays.filter(pl.col("play_id") == 160).row(0, named=True)
    assert (play["possession_club"], play["defensive_club"]) == ("NE", "KC")
    assert play["absolute_yardline"] == 56.0
    assert (play["play_type"], play["pass_result"], play["yards_gained"]) == ("pass", "C", 19)
    assert play["game_clock"] == 13 * 60 + 26
    kickoff = plays.filter(pl.col("play_id") == 44).row(0, named=True)
    assert (kickoff["play_type"], kickoff["absolute_yardline"]) == ("kickoff", 45.0)
    assert plays["play_direction"].null_count() == plays.height
    assert tables["plays"].schema["pass_length"] == pl.Int16


def test_players(tables: dict[str, pl.DataFrame]) -> None:
    players = tables["players"]
    assert players.filter(pl.col("nfl_id") == 2504211)["display_name"].item() == "Tom Brady"
    ids = tables["tracking"].select(pl.col("nfl_id").drop_nulls().unique())
    assert ids.join(players, on="nfl_id", how="anti").height == 0
    assert players["height_in"].is_between(60, 85).all()


def test_claims_only_its_own_files(real_data: Path) -> None:
    own = real_data / "bdb2019" / "tracking_gameId_2017090700.csv.gz"
    assert READER.claims(own, read_head(own))
    others = [p for p in real_data.rglob("*") if p.is_file() and p.parent.name != "bdb2019"]
    assert others
    assert not [p for p in others if READER.claims(p, read_head(p))]


def test_missing_column_names_file_and_column(tmp_path: Path) -> None:
    write_sample(tmp_path, [row(1)], header=HEADER.replace("frame.id", "frame"))
    with pytest.raises(ReadError, match=r"tracking_gameId_1\.csv.*frame\.id"):
        read_folder(tmp_path)


def test_missing_plays_file_is_an_error(tmp_path: Path) -> None:
    write_sample(tmp_path, [row(1)])
    (tmp_path / "plays.csv").unlink()
    with pytest.raises(ReadError, match="plays.csv"):
        read_folder(tmp_path)


def test_non_numeric_coordinate_kept_with_reason(tmp_path: Path) -> None:
    write_sample(tmp_path, [row(1), row(2, x="abc"), row(1, team="ball", nfl_id="NA")])
    tracking = read_folder(tmp_path)
    assert tracking.height == 3
    bad = tracking.filter(pl.col("_line") == 3).row(0, named=True)
    assert bad["_reason"] == "column x: expected a number, found 'abc'"
    good = tracking.filter(pl.col("_line") == 2).row(0, named=True)
    assert (good["_reason"], good["club"], good["side"]) == (None, "NE", "offense")


def test_truncated_last_line_is_quarantined(tmp_path: Path) -> None:
    write_sample(tmp_path, [row(1), row(2)[:40]], end="")
    tracking = read_folder(tmp_path)
    assert tracking.height == 2
    assert "truncated" in tracking.filter(pl.col("_line") == 3)["_reason"].item()


def test_truncated_gzip_is_an_error(tmp_path: Path) -> None:
    path = write_sample(tmp_path, [row(f) for f in range(1, 2000)])
    packed = gzip.compress(path.read_bytes())
    path.unlink()
    (tmp_path / "tracking_gameId_1.csv.gz").write_bytes(packed[: len(packed) // 2])
    with pytest.raises(ReadError, match="truncated"):
        read_folder(tmp_path)
