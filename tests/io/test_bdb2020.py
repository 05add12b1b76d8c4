"""The Big Data Bowl 2020 rushing reader, on the real sample and on small broken files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from gridtrack.io import READERS, ReadError
from gridtrack.io._common import read_head
from gridtrack.schema import EVENTS

READER = READERS["bdb2020"]

PLAY = ["game_id", "play_id"]
SAMPLE = "train_gameId_2019112411.csv"


@pytest.fixture(scope="module")
def sample(real_data: Path) -> Path:
    return real_data / "bdb2020" / SAMPLE


@pytest.fixture(scope="module")
def tables(sample: Path) -> dict[str, pl.DataFrame]:
    return READER.read([sample]).collect()


def small_copy(sample: Path, folder: Path, rows: int = 3) -> Path:
    """The header and first ``rows`` rows of the sample, as ``train.csv`` in ``folder``."""
    path = folder / "train.csv"
    pl.read_csv(sample, infer_schema=False, n_rows=rows).write_csv(path)
    return path


def test_one_snapshot_per_play(tables: dict[str, pl.DataFrame]) -> None:
    tracking = tables["tracking"]
    assert tracking.height == 42 * 22
    assert tracking.select(pl.struct(PLAY).n_unique()).item() == 42
    assert tracking["frame_id"].unique().to_list() == [1]
    assert tracking["event"].unique().to_list() == ["handoff"]
    assert set(tracking["event"].unique()) <= EVENTS
    assert tracking["_reason"].null_count() == tracking.height
    key = pl.struct("game_id", "play_id", "nfl_id", "frame_id")
    assert tracking.select(key.is_duplicated().any()).item() is False


def test_no_ball_row_and_eleven_a_side(tables: dict[str, pl.DataFrame]) -> None:
    tracking = tables["tracking"]
    assert tracking["nfl_id"].null_count() == 0
    counts = tracking.group_by(*PLAY, "side").len()
    assert set(counts["side"]) == {"offense", "defense"}
    assert (counts["len"] == 11).all()
    assert set(tracking["club"]) == {"PHI", "SEA"}


def test_rusher_is_on_offense(tables: dict[str, pl.DataFrame]) -> None:
    plays = tables["plays"].select(*PLAY, pl.col("nfl_id_rusher").alias("nfl_id"))
    rushers = tables["tracking"].join(plays, on=[*PLAY, "nfl_id"])
    assert rushers.height == 42
    assert (rushers["side"] == "offense").all()


def test_angles_point_the_canonical_way(tables: dict[str, pl.DataFrame]) -> None:
    """Snapshot only: the rusher moves, the offense faces, toward the offense's goal."""
    right = tables["plays"].select(*PLAY, (pl.col("play_direction") == "right").alias("right"))
    rows = tables["tracking"].join(right, on=PLAY).filter(pl.col("s") > 1)
    sign = np.where(rows["right"].to_numpy(), 1.0, -1.0)
    forward_dir = np.sin(np.radians(rows["dir"].to_numpy())) * sign > 0
    forward_o = np.sin(np.radians(rows["o"].to_numpy())) * sign > 0
    offense = rows["side"].to_numpy() == "offense"
    rusher = (
        rows.join(tables["plays"], on=PLAY)["nfl_id"]
        == rows.join(tables["plays"], on=PLAY)["nfl_id_rusher"]
    )
    assert forward_dir[rusher.to_numpy()].mean() >= 0.9
    assert forward_o[offense].mean() >= 0.8
    assert (~forward_o[~offense]).mean() >= 0.8


def test_time_is_the_handoff(tables: dict[str, pl.DataFrame]) -> None:
    tracking = tables["tracking"].join(tables["plays"], on=PLAY)
    assert (tracking["time"] == tracking["time_handoff"]).all()
    first = tables["plays"].filter(pl.col("play_id") == 20191124110068).row(0, named=True)
    assert first["time_handoff"] == dt.datetime.fromtimestamp(1574618621, dt.UTC)
    assert first["time_snap"] == dt.datetime.fromtimestamp(1574618619, dt.UTC)


def test_plays(tables: dict[str, pl.DataFrame]) -> None:
    plays = tables["plays"]
    assert plays.height == 42
    assert plays["play_type"].unique().to_list() == ["run"]
    assert (plays["yards_gained"] == plays["yards"]).all()
    # first play: 1st & 10 at PHI 37, PHI ball (own 37 → 47), clock 53580 s = "14:53"
    first = plays.filter(pl.col("play_id") == 20191124110068).row(0, named=True)
    assert (first["possession_club"], first["defensive_club"]) == ("PHI", "SEA")
    assert first["absolute_yardline"] == 47.0
    assert first["game_clock"] == 14 * 60 + 53
    assert (first["quarter"], first["down"], first["yards_to_go"]) == (1, 1, 10)
    assert first["play_direction"] == "right"
    assert first["offense_formation"] == "SINGLEBACK"
    assert plays["absolute_yardline"].is_between(10, 110).all()


def test_games_and_players(tables: dict[str, pl.DataFrame]) -> None:
    game = tables["games"].row(0, named=True)
    assert tables["games"].height == 1
    assert (game["game_id"], game["season"], game["week"]) == (2019112411, 2019, 12)
    assert (game["home_club"], game["away_club"]) == ("PHI", "SEA")
    assert game["game_date"] == dt.date(2019, 11, 24)
    players = tables["players"]
    assert players["nfl_id"].is_unique().all()
    wright = players.filter(pl.col("nfl_id") == 2495252).row(0, named=True)
    assert (wright["display_name"], wright["height_in"], wright["weight_lb"]) == (
        "K.J. Wright",
        76.0,
        246.0,
    )
    assert wright["birth_date"] == dt.date(1989, 7, 23)


def test_original_kaggle_layout(sample: Path, tmp_path: Path) -> None:
    """ISO time stamps, ``MM:SS:00`` clock, 2017 orientation from +x, ARZ/ARI spellings."""
    frame = pl.read_csv(sample, infer_schema=False, n_rows=1).with_columns(
        Season=pl.lit("2017"),
        TimeHandoff=pl.lit("2017-09-08T00:44:06.000Z"),
        GameClock=pl.lit("14:53:00"),
        Orientation=pl.lit("10"),
        Team=pl.lit("home"),
        HomeTeamAbbr=pl.lit("ARI"),
        PossessionTeam=pl.lit("ARZ"),
        FieldPosition=pl.lit("ARZ"),
    )
    path = tmp_path / "train.csv"
    frame.write_csv(path)
    result = READER.read([path]).collect()
    row = result["tracking"].row(0, named=True)
    assert row["time"] == dt.datetime(2017, 9, 8, 0, 44, 6, tzinfo=dt.UTC)
    assert row["o"] == pytest.approx(100.0)
    assert (row["club"], row["side"]) == ("ARI", "offense")
    play = result["plays"].row(0, named=True)
    assert (play["game_clock"], play["possession_club"], play["absolute_yardline"]) == (
        893,
        "ARI",
        47.0,
    )


def test_claims_only_its_own_files(real_data: Path, sample: Path) -> None:
    assert READER.claims(sample, read_head(sample))
    others = [p for p in real_data.rglob("*") if p.is_file() and p.parent.name != "bdb2020"]
    assert others
    assert not [p for p in others if READER.claims(p, read_head(p))]


def test_missing_column_names_file_and_column(sample: Path, tmp_path: Path) -> None:
    path = small_copy(sample, tmp_path)
    path.write_text(path.read_text().replace("NflIdRusher", "Rusher", 1))
    with pytest.raises(ReadError, match=r"train\.csv.*NflIdRusher"):
        READER.read([path])


def test_non_numeric_coordinate_kept_with_reason(sample: Path, tmp_path: Path) -> None:
    frame = pl.read_csv(sample, infer_schema=False, n_rows=3).with_columns(
        X=pl.when(pl.int_range(pl.len()) == 1).then(pl.lit("abc")).otherwise(pl.col("X"))
    )
    path = tmp_path / "train.csv"
    frame.write_csv(path)
    tracking = READER.read([path]).tracking.collect()
    assert tracking.height == 3
    assert tracking["_reason"].to_list() == [None, "column x: expected a number, found 'abc'", None]


def test_truncated_last_line_is_quarantined(sample: Path, tmp_path: Path) -> None:
    path = small_copy(sample, tmp_path)
    lines = path.read_text().splitlines()
    path.write_text("\n".join([*lines[:-1], lines[-1][:60]]))  # cut before any quoted cell
    tracking = READER.read([path]).tracking.collect()
    assert tracking.height == 3
    assert "truncated" in tracking.filter(pl.col("_line") == 4)["_reason"].item()
