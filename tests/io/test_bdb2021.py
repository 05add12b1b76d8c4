"""Big Data Bowl 2021–2025 reader: the real sample, and small files in each year's variant."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from gridtrack.io import READERS, ReadError, side_tables
from gridtrack.io._common import read_head
from gridtrack.schema import EVENTS, TRACKING, Dataset

READER = READERS["bdb2021"]

PLAY = ["game_id", "play_id"]
SAMPLE = "bdb2023_sample"


@pytest.fixture(scope="module")
def sample(real_data: Path) -> dict[str, pl.DataFrame]:
    folder = real_data / SAMPLE
    return READER.read(sorted(folder.iterdir())).collect()


# --- the real sample ------------------------------------------------------------------------


def test_sample_counts(sample: dict[str, pl.DataFrame]) -> None:
    tracking = sample["tracking"]
    assert tracking.height == 6_049
    assert tracking.select(PLAY).n_unique() == 7
    assert sample["plays"].height == 7
    assert sample["games"].height == 7
    assert sample["players"].height == 154
    assert tracking["_reason"].null_count() == tracking.height
    assert not tracking.select(pl.struct(TRACKING.key).is_duplicated().any()).item()
    assert tracking["frame_id"].null_count() == 0


def test_sample_sides_and_clubs(sample: dict[str, pl.DataFrame]) -> None:
    tracking = sample["tracking"]
    per_frame = tracking.group_by(*PLAY, "frame_id", "side").len()
    counts = per_frame.group_by("side").agg(pl.col("len").unique())
    assert dict(counts.rows()) == {"offense": [11], "defense": [11], "ball": [1]}
    ball = tracking.filter(pl.col("side") == "ball")
    assert ball["nfl_id"].null_count() == ball.height and set(ball["club"]) == {"football"}
    clubs = (
        tracking.filter(pl.col("side") != "ball")
        .select(*PLAY, "side", "club")
        .unique()
        .join(sample["plays"], on=PLAY)
    )
    offense = clubs.filter(pl.col("side") == "offense")
    defense = clubs.filter(pl.col("side") == "defense")
    assert (offense["club"] == offense["possession_club"]).all()
    assert (defense["club"] == defense["defensive_club"]).all()


def test_sample_events_and_time(sample: dict[str, pl.DataFrame]) -> None:
    tracking = sample["tracking"]
    events = set(tracking["event"].drop_nulls())
    assert events <= EVENTS and {"ball_snap", "pass_forward"} <= events
    assert tracking["time"].null_count() == 0
    first = tracking.filter((pl.col("game_id") == 2021091300) & (pl.col("frame_id") == 1))
    assert str(first["time"][0]) == "2021-09-14 03:54:17.700000+00:00"


def test_sample_dir_follows_the_displacement(sample: dict[str, pl.DataFrame]) -> None:
    """0° = +y, clockwise: dx ∝ sin(dir), dy ∝ cos(dir) for moving players."""
    moving = (
        sample["tracking"]
        .filter(pl.col("nfl_id").is_not_null())
        .sort(*PLAY, "nfl_id", "frame_id")
        .with_columns(
            pl.col("x").diff().over(*PLAY, "nfl_id").alias("dx"),
            pl.col("y").diff().over(*PLAY, "nfl_id").alias("dy"),
        )
        .filter((pl.col("s") > 1) & pl.col("dx").is_not_null())
    )
    heading = np.degrees(np.arctan2(moving["dx"].to_numpy(), moving["dy"].to_numpy()))
    gap = np.abs((moving["dir"].to_numpy() - heading + 180) % 360 - 180)
    assert moving.height > 1_000
    assert (gap < 30).mean() >= 0.9


def test_sample_line_of_scrimmage_is_standardized(sample: dict[str, pl.DataFrame]) -> None:
    """absolute_yardline matches the ball's x at the snap once left plays are turned."""
    tracking = sample["tracking"]
    snap = tracking.filter((pl.col("side") == "ball") & (pl.col("event") == "ball_snap"))
    check = snap.join(sample["plays"], on=PLAY).with_columns(
        pl.when(pl.col("play_direction") == "left")
        .then(120 - pl.col("x"))
        .otherwise(pl.col("x"))
        .alias("ball_x")
    )
    assert check.height == 7
    assert ((check["ball_x"] - check["absolute_yardline"]).abs() < 1.5).all()
    lv = check.filter(pl.col("game_id") == 2021091300)  # LV at the BAL 31, moving left
    assert lv["absolute_yardline"].to_list() == [79.0]


def test_sample_plays_and_games(sample: dict[str, pl.DataFrame]) -> None:
    plays = sample["plays"]
    assert set(plays["play_direction"]) == {"left", "right"}
    assert plays["play_type"].to_list() == ["pass"] * 7
    assert plays["game_clock"].null_count() == 0
    assert {"pff_pass_coverage", "offense_formation", "play_result"} <= set(plays.columns)
    games = sample["games"]
    assert set(games["season"]) == {2021} and set(games["week"]) == {0}
    tracked = sample["tracking"].select("game_id").unique()
    assert tracked.join(games, on="game_id", how="anti").height == 0


def test_read_stays_lazy(real_data: Path) -> None:
    dataset = READER.read(sorted((real_data / SAMPLE).iterdir()))
    assert isinstance(dataset, Dataset)
    assert all(isinstance(getattr(dataset, n), pl.LazyFrame) for n in Dataset.table_names())


def test_claims_sample_and_no_other_format(real_data: Path) -> None:
    tracking = real_data / SAMPLE / "tracking.csv"
    assert READER.claims(tracking, read_head(tracking))
    others = [
        p
        for p in real_data.rglob("*")
        if p.is_file() and p.suffix in (".csv", ".tsv", ".gz", ".json") and SAMPLE not in str(p)
    ]
    assert others
    assert not any(READER.claims(p, read_head(p)) for p in others)
    rivals = [m for name, m in READERS.items() if name != "bdb2021"]
    assert not any(m.claims(tracking, read_head(tracking)) for m in rivals)


# --- year variants on small files -----------------------------------------------------------

WEEK_2021_HEADER = (
    "time,x,y,s,a,dis,o,dir,event,nflId,displayName,jerseyNumber,position,frameId,team,"
    "gameId,playId,playDirection,route"
)
GAME_2018 = 2018090600


def write_2021_week(folder: Path) -> Path:
    """BDB 2021 layout: team home/away/football, ``None`` events, games without season."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [WEEK_2021_HEADER]
    for f in (1, 2, 3):
        t = f"2018-09-07T01:07:1{f}.000Z"
        event = "ball_snap" if f == 2 else "None"
        rows += [
            f"{t},{76 - f},20,2,0,0.2,260,270,{event},2555,A Runner,21,RB,{f},home,"
            f"{GAME_2018},75,left,FLAT",
            f"{t},{70 + f},22,2,0,0.2,80,90,{event},2666,B Tackler,54,ILB,{f},away,"
            f"{GAME_2018},75,left,",
            f"{t},74,26.6,0,0,0,,,{event},,Football,,,{f},football,{GAME_2018},75,left,",
        ]
    (folder / "week1.csv").write_text("\n".join(rows) + "\n")
    (folder / "games.csv").write_text(
        "gameId,gameDate,gameTimeEastern,homeTeamAbbr,visitorTeamAbbr,week\n"
        f"{GAME_2018},09/06/2018,20:20:00,PHI,ATL,1\n"
    )
    (folder / "plays.csv").write_text(
        "gameId,playId,playDescription,quarter,down,yardsToGo,possessionTeam,playType,"
        "yardlineSide,yardlineNumber,gameClock,absoluteYardlineNumber,passResult,playResult\n"
        f"{GAME_2018},75,(15:00) N.Foles sacked at PHI 28 for -8 yards,1,1,10,PHI,"
        f"play_type_sack,PHI,36,15:00:00,74,S,-8\n"
    )
    return folder


def test_2021_week_names_home_and_away(tmp_path: Path) -> None:
    folder = write_2021_week(tmp_path / "bdb2021")
    tables = READER.read(sorted(folder.iterdir())).collect()
    tracking = tables["tracking"]
    assert tracking.height == 9 and tracking["_reason"].null_count() == 9
    clubs = dict(tracking.select("nfl_id", "club").unique().rows())
    assert clubs == {2555: "PHI", 2666: "ATL", None: "football"}
    sides = dict(tracking.select("nfl_id", "side").unique().rows())
    assert sides == {2555: "offense", 2666: "defense", None: "ball"}
    assert tracking.filter(pl.col("event").is_not_null())["frame_id"].unique().to_list() == [2]
    assert str(tracking["time"].min()) == "2018-09-07 01:07:11+00:00"
    play = tables["plays"].row(0, named=True)
    assert play["defensive_club"] == "ATL"  # from the games, the plays lack defensiveTeam
    assert play["play_type"] == "sack" and play["pass_result"] == "S"
    assert play["game_clock"] == 900 and play["yards_gained"] == -8
    assert play["absolute_yardline"] == 46.0  # recorded 74 moving left: own 36 → 10 + 36
    game = tables["games"].row(0, named=True)
    assert (game["season"], game["week"], game["home_club"]) == (2018, 1, "PHI")
    players = tables["players"].sort("nfl_id")  # no players.csv: named from the tracking
    assert players.select("display_name", "position").rows() == [
        ("A Runner", "RB"),
        ("B Tackler", "ILB"),
    ]


TRACKING_2023_HEADER = (
    "gameId,playId,nflId,displayName,frameId,time,jerseyNumber,club,playDirection,"
    "x,y,s,a,dis,o,dir,event"
)
GAME_2022 = 2022091100


def write_2023_week(folder: Path, rows: list[str] | None = None, *, end: str = "\n") -> Path:
    """BDB 2024/2025 layout: club, ``NA`` ids for the ball, float ids, space-separated time."""
    folder.mkdir(parents=True, exist_ok=True)
    if rows is None:
        rows = tracking_2023_rows()
    (folder / "tracking_week_3.csv").write_text("\n".join([TRACKING_2023_HEADER, *rows]) + end)
    (folder / "plays.csv").write_text(
        "gameId,playId,possessionTeam,defensiveTeam,yardlineSide,yardlineNumber,gameClock,"
        "passResult,yardsGained,playDescription,isDropback,pff_manZone\n"
        f"{GAME_2022},55,KC,DEN,DEN,30,07:45,,6,(7:45) I.Pacheco up the middle for 6 yards,"
        "FALSE,Zone\n"
    )
    (folder / "player_play.csv").write_text(
        f"gameId,playId,nflId,teamAbbr,hadRushAttempt\n{GAME_2022},55,1001.0,KC,1\n"
    )
    return folder


def tracking_2023_rows() -> list[str]:
    rows = []
    for f in (1, 2, 3):
        t = f"2022-09-11 17:00:0{f}.200000"
        event = "ball_snap" if f == 1 else "NA"
        rows += [
            f"{GAME_2022},55,1001.0,K One,{f},{t},10.0,KC,right,{80 + f},20,3,0,0.3,90,90,{event}",
            f"{GAME_2022},55,2002.0,D Two,{f},{t},24.0,DEN,right,{85 - f},22,2,0,0.2,"
            f"270,270,{event}",
            f"{GAME_2022},55,NA,football,{f},{t},NA,football,right,80,26.6,0,0,0,NA,NA,{event}",
        ]
    return rows


def test_2023_week_with_club_and_na_ball(tmp_path: Path) -> None:
    folder = write_2023_week(tmp_path / "bdb2024")
    tables = READER.read(sorted(folder.iterdir())).collect()
    tracking = tables["tracking"]
    assert tracking.height == 9 and tracking["_reason"].null_count() == 9
    assert sorted(tracking["nfl_id"].unique().to_list(), key=str) == [1001, 2002, None]
    assert dict(tracking.select("nfl_id", "side").unique().rows()) == {
        1001: "offense",
        2002: "defense",
        None: "ball",
    }
    assert tracking.filter(pl.col("nfl_id") == 1001)["jersey_number"].to_list() == [10] * 3
    assert str(tracking["time"].min()) == "2022-09-11 17:00:01.200000+00:00"
    play = tables["plays"].row(0, named=True)
    assert play["play_type"] == "run" and play["yards_gained"] == 6
    assert play["absolute_yardline"] == 80.0  # the DEN 30, from yardlineSide/yardlineNumber
    assert play["game_clock"] == 465 and play["pff_man_zone"] == "Zone"
    assert tables["games"].select("season", "week").rows() == [(2022, 3)]  # week from the name


def test_player_play_is_a_side_table(tmp_path: Path) -> None:
    folder = write_2023_week(tmp_path / "bdb2025")
    side = side_tables(sorted(folder.iterdir()))
    assert list(side) == ["player_play"]
    table = side["player_play"].collect()
    assert table.columns == ["game_id", "play_id", "nfl_id", "team_abbr", "had_rush_attempt"]


@pytest.mark.parametrize(
    ("extra_columns", "values", "expected"),
    [
        ("specialTeamsPlayType", "Punt", "punt"),
        ("specialTeamsPlayType", "Field Goal", "field_goal"),
        ("playDescription", "J.Tucker kicks 65 yards from BAL 35 to end zone", "kickoff"),
        ("playDescription", "B.Mann punts 50 yards", "punt"),
        ("passResult", "IN", "pass"),
        ("passResult", "S", "sack"),
        ("playDescription", "J.Taylor right end for 3 yards", "run"),
    ],
)
def test_play_types(tmp_path: Path, extra_columns: str, values: str, expected: str) -> None:
    folder = write_2023_week(tmp_path / "types")
    (folder / "plays.csv").write_text(
        f"gameId,playId,possessionTeam,defensiveTeam,{extra_columns}\n"
        f"{GAME_2022},55,KC,DEN,{values}\n"
    )
    plays = READER.read(sorted(folder.iterdir())).plays.collect()
    assert plays["play_type"].to_list() == [expected]


# --- bad input ------------------------------------------------------------------------------


def test_missing_column_names_file_and_column(tmp_path: Path) -> None:
    folder = write_2023_week(tmp_path / "bad")
    path = folder / "tracking_week_3.csv"
    path.write_text(path.read_text().replace("frameId", "frame", 1))
    with pytest.raises(ReadError, match=r"tracking_week_3\.csv.*frameId"):
        READER.read(sorted(folder.iterdir()))


def test_missing_plays_file_is_refused(tmp_path: Path) -> None:
    folder = write_2023_week(tmp_path / "noplays")
    (folder / "plays.csv").unlink()
    with pytest.raises(ReadError, match=r"tracking_week_3\.csv.*plays\.csv"):
        READER.read(sorted(folder.iterdir()))


def test_bad_values_are_kept_with_a_reason(tmp_path: Path) -> None:
    rows = tracking_2023_rows()
    rows[0] = rows[0].replace(",81,20,", ",eighty,20,")
    rows[1] = rows[1].replace(f"{GAME_2022},55,", f"{GAME_2022},56,")  # no such play
    rows[3] = rows[3].replace(",KC,", ",LV,")  # a club of neither team
    folder = write_2023_week(tmp_path / "values", rows)
    tracking = READER.read(sorted(folder.iterdir())).tracking.collect()
    assert tracking.height == 9
    reasons = tracking.sort("_line")["_reason"].to_list()
    assert reasons[0] == "column x: expected a number, found 'eighty'"
    assert reasons[1] == "play not in plays.csv: no possession team to set the side"
    assert reasons[3] == (
        "column club: 'LV' is neither the possession club (KC) nor the defensive club (DEN)"
    )
    assert sum(r is not None for r in reasons) == 3


def test_na_coordinates_are_not_a_reason(tmp_path: Path) -> None:
    rows = tracking_2023_rows()
    rows[2] = rows[2].replace(",80,26.6,", ",NA,NA,")
    tracking = READER.read(sorted(write_2023_week(tmp_path / "na", rows).iterdir()))
    frame = tracking.tracking.collect()
    assert frame["_reason"].null_count() == 9 and frame["x"].null_count() == 1


def test_truncated_file_marks_the_last_line(tmp_path: Path) -> None:
    rows = tracking_2023_rows()
    rows[-1] = rows[-1][:30]
    folder = write_2023_week(tmp_path / "cut", rows, end="")
    tracking = READER.read(sorted(folder.iterdir())).tracking.collect()
    bad = tracking.filter(pl.col("_reason").is_not_null())
    assert bad.height == 1 and "truncated" in bad["_reason"][0]
    assert bad["_line"][0] == 10
