"""The Next Gen Stats highlight reader on the real sample and on small broken files."""

from __future__ import annotations

import gzip
from pathlib import Path

import polars as pl
import pytest

from gridtrack.io import READERS
from gridtrack.io._common import read_head
from gridtrack.schema import EVENTS
from tests.io.direction import KEY, direction_gaps

READER = READERS["ngs_highlights"]

HEADER = (
    "gameId\tplayId\tplayType\tseason\tseasonType\tweek\tplayDirection\tquarter\tgameClock\t"
    "down\tyardsToGo\tabsoluteYardlineNumber\tpossessionFlag\thomeTeamFlag\tteamAbbr\tframe\t"
    "displayName\tjerseyNumber\tnflId\tposition\ttime\tx\ty\ts\to\tdir\tevent\tplayDescription"
)
CONTEXT = "2018091000\t75\tplay_type_pass\t2018\tREG\t1\tleft\t1\t14:20\t1\t10\t75"
PLAYER = "\t".join(
    ["1.0", "1.0", "NYJ", "{frame}", "Sam Darnold", "14.0", "2560757.0", "QB", "{time}", "{x}"]
    + ["26.5", "1.2", "90", "95", "", "pass"]
)
BALL = "\t\t\t{frame}\tball\t\t\t\t{time}\t75.0\t26.6\t0.0\t\t\t\tpass"


@pytest.fixture(scope="module")
def sample(real_data: Path) -> dict[str, pl.DataFrame]:
    folder = real_data / "ngs_highlights"
    paths = sorted(folder.rglob("*.tsv.gz")) + [folder / "index.tsv"]
    return READER.read(paths).collect()


def _write(path: Path, lines: list[str], *, gz: bool = True) -> Path:
    text = "\n".join(lines) + "\n"
    if gz:
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text)
    return path


def _play(x: str = "75.5") -> list[str]:
    rows = [HEADER]
    for frame, time in enumerate(["2018-09-10 23:20:00.100", "2018-09-10 23:20:00.200"]):
        values = {"frame": frame, "time": time, "x": x if frame == 1 else "75.4"}
        rows.append(f"{CONTEXT}\t{PLAYER.format(**values)}")
        rows.append(f"{CONTEXT}\t{BALL.format(**values)}")
    return rows


def test_real_sample_counts(sample: dict[str, pl.DataFrame]) -> None:
    tracking, plays, games = sample["tracking"], sample["plays"], sample["games"]

    assert tracking.height == 4_057_253
    assert plays.height == 519  # 521 files: two plays come in two files (one per team)
    assert tracking.select(pl.struct("game_id", "play_id").n_unique()).item() == 519
    assert games.height == tracking["game_id"].n_unique()
    assert tracking["_reason"].null_count() == tracking.height


def test_real_sample_keys_unique_up_to_repeated_rows(sample: dict[str, pl.DataFrame]) -> None:
    players = sample["tracking"].filter(pl.col("frame_id").is_not_null())

    keys = players.select(KEY).n_unique()
    same_position = players.select(*KEY, "x", "y").n_unique()

    # a key appears twice only as a repeated row (a second event, or a second file)
    assert keys == same_position


def test_real_sample_sides_and_clubs(sample: dict[str, pl.DataFrame]) -> None:
    tracking = sample["tracking"]
    per_play = tracking.group_by("game_id", "play_id", "side").agg(
        pl.col("nfl_id").n_unique().alias("n"), pl.col("club").n_unique().alias("clubs")
    )
    ball = tracking.filter(pl.col("side") == "ball")

    assert set(per_play["side"]) == {"offense", "defense", "ball"}
    assert per_play.filter(pl.col("side") != "ball")["n"].to_list() == [11] * (2 * 519)
    assert per_play["clubs"].max() == 1
    assert ball["frame_id"].null_count() == ball.height
    assert ball["nfl_id"].null_count() == ball.height
    assert set(ball["club"]) == {"football"}
    assert ball["time"].null_count() == 0


def test_real_sample_events_are_canonical(sample: dict[str, pl.DataFrame]) -> None:
    events = set(sample["tracking"]["event"].drop_nulls())

    assert events <= EVENTS
    assert {"ball_snap", "pass_forward", "tackle"} <= events


def test_real_sample_dir_follows_displacement(sample: dict[str, pl.DataFrame]) -> None:
    gap = direction_gaps(sample["tracking"])

    assert len(gap) > 1_000_000
    assert (gap < 30).mean() >= 0.9


def test_real_sample_plays_and_games(sample: dict[str, pl.DataFrame]) -> None:
    plays, games = sample["plays"], sample["games"]
    miracle = plays.filter((pl.col("game_id") == 2018011401) & (pl.col("play_id") == 4497)).row(
        0, named=True
    )
    game = games.filter(pl.col("game_id") == 2018011401).row(0, named=True)

    assert set(plays["play_type"]) == {"pass", "run", "sack", "kickoff", "punt", "other"}
    assert plays["possession_club"].null_count() == 0
    assert (plays["possession_club"] != plays["defensive_club"]).all()
    assert plays["absolute_yardline"].is_between(10, 110).all()
    # MIN ball on its own 39, going right: 10 + 39
    assert miracle["possession_club"] == "MIN"
    assert miracle["absolute_yardline"] == 49
    assert miracle["game_clock"] == 10
    assert miracle["pass_result"] == "C"
    assert (game["season"], game["season_type"], game["week"]) == (2017, "POST", 19)
    assert (game["home_club"], game["away_club"]) == ("MIN", "NO")


def test_real_sample_players(sample: dict[str, pl.DataFrame]) -> None:
    players = sample["players"]
    in_tracking = sample["tracking"]["nfl_id"].drop_nulls().unique()

    assert players["nfl_id"].is_unique().all()
    assert set(in_tracking) == set(players["nfl_id"])
    assert players["display_name"].null_count() == 0


def test_claims_own_files_only(real_data: Path) -> None:
    own = next((real_data / "ngs_highlights" / "plays").glob("*.tsv.gz"))
    others = [
        p
        for p in real_data.rglob("*")
        if p.is_file() and "ngs_highlights" not in p.parts and p.name != "README.md"
    ]

    assert READER.claims(own, read_head(own))
    assert not any(READER.claims(p, read_head(p)) for p in others)


def test_small_play_frames_follow_time(tmp_path: Path) -> None:
    lines = _play()
    lines[3] = lines[3].replace("23:20:00.200", "23:20:00.500")  # a 0.3 s gap in the track
    path = _write(tmp_path / "2018_NYJ_2018091000_75.tsv.gz", lines)

    tracking = READER.read([path]).tracking.collect()

    players = tracking.filter(pl.col("side") == "offense")
    assert players["frame_id"].to_list() == [1, 5]
    assert tracking.filter(pl.col("side") == "ball")["frame_id"].null_count() == 2
    assert players["nfl_id"].to_list() == [2560757, 2560757]
    assert players["jersey_number"].to_list() == [14, 14]


def test_missing_column_sets_the_play_aside(tmp_path: Path) -> None:
    lines = [line.rsplit("\t", 1)[0] for line in _play()]  # drops playDescription: not required
    lines = [line.replace("possessionFlag", "possession") for line in lines]
    path = _write(tmp_path / "2018_NYJ_2018091000_75.tsv.gz", lines)

    (record,) = READER.read([path]).quarantine.collect().iter_rows(named=True)

    assert (record["source"], record["game_id"], record["play_id"]) == (path.name, 2018091000, 75)
    assert record["reason"].startswith("play set aside: not a valid ngs_highlights file")
    assert "possessionFlag" in record["reason"]


def test_non_numeric_coordinate_is_kept_with_reason(tmp_path: Path) -> None:
    path = _write(tmp_path / "2018_NYJ_2018091000_75.tsv.gz", _play(x="abc"))

    tracking = READER.read([path]).tracking.collect()

    bad = tracking.filter(pl.col("_reason").is_not_null())
    assert tracking.height == 4
    assert bad["_reason"].to_list() == ["column x: expected a number, found 'abc'"]
    assert bad["x"].to_list() == [None]


def test_truncated_gzip_sets_the_play_aside(tmp_path: Path) -> None:
    whole = gzip.compress(("\n".join(_play() * 50) + "\n").encode())
    path = tmp_path / "2018_NYJ_2018091000_75.tsv.gz"
    path.write_bytes(whole[: len(whole) // 2])
    good = _write(tmp_path / "2018_NYJ_2018091000_76.tsv.gz", _play())

    read = READER.read([path, good]).collect()

    (record,) = read["quarantine"].iter_rows(named=True)
    assert (record["source"], record["play_id"]) == (path.name, 75)
    assert "truncated or corrupt" in record["reason"]
    assert read["tracking"]["_source"].unique().to_list() == [good.name]


def test_truncated_plain_file_marks_last_row(tmp_path: Path) -> None:
    path = tmp_path / "2018_NYJ_2018091000_75.tsv"
    path.write_text("\n".join(_play())[:-20])

    tracking = READER.read([path]).tracking.collect()

    assert tracking.sort("_line")["_reason"].to_list()[-1] == (
        "last line has no line end: file truncated"
    )
    assert tracking["_reason"].null_count() == tracking.height - 1
