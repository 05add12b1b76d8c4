"""The Sportradar NGS feed reader on the real sample and on small broken documents."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from gridtrack.io import READERS
from gridtrack.io._common import read_head
from gridtrack.schema import EVENTS
from tests.io.direction import KEY, direction_gaps

READER = READERS["sportradar"]

GAME_UUID = "8a46621a-752e-4e68-9446-7f6686967064"


@pytest.fixture(scope="module")
def sample(real_data: Path) -> dict[str, pl.DataFrame]:
    paths = sorted((real_data / "sportradar_ngs").rglob("*.json.gz"))
    return READER.read(paths).collect()


def _player(uuid: str, x: Any, times: list[str]) -> dict[str, Any]:
    samples = [
        {"time": t, "x": x if i else 30.0, "y": 20.0, "spd": 1.5, "dis": 0.15, "dir": 90.0}
        for i, t in enumerate(times)
    ]
    samples[0]["type"] = "ball_snap"
    return {"srus_id": uuid, "first_name": "A", "last_name": uuid[:4], "tracking": samples}


def _document(x: Any = 30.2) -> dict[str, Any]:
    times = ["2018-09-11T02:52:00.000", "2018-09-11T02:52:00.100"]
    return {
        "play_tracking": {
            "game": {"srus_id": GAME_UUID, "type": "REG", "year": 2018, "week": 1},
            "play": {"reference": 741, "possession": "OAK", "play_type": "rush"},
            "home": {"alias": "OAK", "players": [_player("1111aaaa-0000", x, times)]},
            "away": {"alias": "LA", "players": [_player("2222bbbb-0000", 40.0, times)]},
            "ball": {"tracking": [{"time": t, "x": 31.0, "y": 20.0} for t in reversed(times)]},
        }
    }


def _write(path: Path, document: dict[str, Any]) -> Path:
    path.write_bytes(gzip.compress(json.dumps(document).encode()))
    return path


def test_real_sample_counts(sample: dict[str, pl.DataFrame]) -> None:
    tracking, plays, games = sample["tracking"], sample["plays"], sample["games"]

    assert tracking.height == 1_160_050
    assert tracking.filter(pl.col("side") == "ball").height == 50_508
    assert plays.height == 167
    assert tracking.select(pl.struct("game_id", "play_id").n_unique()).item() == 167
    assert games.height == 1
    assert tracking["_reason"].null_count() == tracking.height


def test_real_sample_keys_unique_up_to_repeated_samples(sample: dict[str, pl.DataFrame]) -> None:
    players = sample["tracking"].filter(pl.col("frame_id").is_not_null())

    keys = players.select(KEY).n_unique()
    same_position = players.select(*KEY, "x", "y").n_unique()

    assert keys == same_position  # a key appears twice only as a repeated sample


def test_real_sample_frames_and_ball(sample: dict[str, pl.DataFrame]) -> None:
    tracking = sample["tracking"]
    ball = tracking.filter(pl.col("side") == "ball")
    first = tracking.group_by("game_id", "play_id").agg(pl.col("frame_id").min())

    assert (first["frame_id"] == 1).all()
    assert ball["frame_id"].null_count() == ball.height
    assert ball["time"].null_count() == 0
    assert set(ball["club"]) == {"football"}
    assert ball[["s", "dir", "o"]].null_count().row(0) == (ball.height,) * 3


def test_real_sample_sides_and_surrogate_ids(sample: dict[str, pl.DataFrame]) -> None:
    tracking, games = sample["tracking"], sample["games"]
    per_play = (
        tracking.filter(pl.col("side") != "ball")
        .group_by("play_id", "side")
        .agg(pl.col("nfl_id").n_unique().alias("n"), pl.col("club").n_unique().alias("clubs"))
    )

    assert per_play["n"].is_between(9, 11).all()
    assert per_play["clubs"].max() == 1
    assert set(tracking["club"]) == {"OAK", "LA", "football"}
    assert (tracking["nfl_id"].drop_nulls() < 0).all()
    assert games.row(0, named=True)["srus_id"] == GAME_UUID
    assert (games["game_id"] < 0).all()


def test_real_sample_events_are_canonical(sample: dict[str, pl.DataFrame]) -> None:
    events = set(sample["tracking"]["event"].drop_nulls())

    assert events <= EVENTS
    assert {"ball_snap", "pass_forward", "handoff", "tackle"} <= events


def test_real_sample_dir_follows_displacement(sample: dict[str, pl.DataFrame]) -> None:
    gap = direction_gaps(sample["tracking"])

    assert len(gap) > 300_000
    assert (gap < 30).mean() >= 0.9


def test_real_sample_plays_and_games(sample: dict[str, pl.DataFrame]) -> None:
    plays, game = sample["plays"], sample["games"].row(0, named=True)
    sack = plays.filter(pl.col("play_id") == 741).row(0, named=True)
    labelled = plays.filter(pl.col("play_id") == 2821).row(0, named=True)

    assert (game["season"], game["week"], game["season_type"]) == (2018, 1, "REG")
    assert (game["home_club"], game["away_club"]) == ("OAK", "LA")
    assert str(game["game_date"]) == "2018-09-10"  # 02:20 UTC is Monday night in the East
    assert set(plays["possession_club"]) == {"OAK", "LA"}
    assert plays["absolute_yardline"].is_between(10, 110).all()
    assert plays["play_direction"].null_count() == plays.height
    # OAK ball on its own 22: 10 + 22; the sack was wiped out by a penalty (no play)
    assert (sack["possession_club"], sack["defensive_club"]) == ("OAK", "LA")
    assert sack["absolute_yardline"] == 32
    assert sack["play_type"] == "other"
    assert sack["is_noplay"] is True
    assert sack["pass_result"] == "S"
    # OAK (home) on offense: its labels are the offense's, LA's the defense's
    assert (labelled["offense_personnel"], labelled["offense_formation"]) == (
        "1:RB;2:TE;2:WR",
        "SHOTGUN",
    )
    assert (labelled["defense_personnel"], labelled["pass_rushers"]) == ("3:DL;4:LB;4:DB", 5)
    assert labelled["time_to_sack"] == pytest.approx(3.704)


def test_real_sample_players(sample: dict[str, pl.DataFrame]) -> None:
    players = sample["players"]
    in_tracking = set(sample["tracking"]["nfl_id"].drop_nulls())

    assert players["nfl_id"].is_unique().all()
    assert set(players["nfl_id"]) == in_tracking
    assert players["display_name"].null_count() == 0


def test_claims_own_files_only(real_data: Path) -> None:
    own = next((real_data / "sportradar_ngs").rglob("*.json.gz"))
    others = [
        p
        for p in real_data.rglob("*")
        if p.is_file() and "sportradar_ngs" not in p.parts and p.name != "README.md"
    ]

    assert READER.claims(own, read_head(own))
    assert not any(READER.claims(p, read_head(p)) for p in others)


def test_small_document(tmp_path: Path) -> None:
    path = _write(tmp_path / "play.json.gz", _document())

    tracking = READER.read([path]).tracking.collect()

    players = tracking.filter(pl.col("side") != "ball").sort("nfl_id", "frame_id")
    ball = tracking.filter(pl.col("side") == "ball")
    assert players["frame_id"].to_list() == [1, 2, 1, 2]
    assert set(players.filter(pl.col("club") == "OAK")["side"]) == {"offense"}
    assert players["event"].drop_nulls().to_list() == ["ball_snap", "ball_snap"]
    assert ball["time"].is_sorted(descending=True)
    assert ball["_line"].to_list() == [5, 6]


def _set_aside(paths: list[Path]) -> list[tuple[str, int | None, str]]:
    """The quarantine records of a read: (file, play, reason)."""
    quarantine = READER.read(paths).quarantine.collect()
    return [(r["source"], r["play_id"], r["reason"]) for r in quarantine.iter_rows(named=True)]


def test_missing_key_sets_the_play_aside(tmp_path: Path) -> None:
    document = _document()
    del document["play_tracking"]["play"]["reference"]
    path = _write(tmp_path / "play.json.gz", document)

    ((source, play_id, reason),) = _set_aside([path])

    assert (source, play_id) == ("play.json.gz", None)
    assert reason.startswith("play set aside: not a Sportradar play document")
    assert "play_tracking.play.reference" in reason


def test_missing_sample_key_quarantines_its_rows(tmp_path: Path) -> None:
    document = _document()
    for sample in document["play_tracking"]["ball"]["tracking"]:
        del sample["x"]
    path = _write(tmp_path / "play.json.gz", document)

    tracking = READER.read([path]).tracking.collect()

    reasons = tracking.group_by("side").agg(pl.col("_reason").drop_nulls().unique())
    assert dict(reasons.iter_rows()) == {
        "ball": ["key play_tracking.ball.tracking[].x: missing, expected in every sample"],
        "offense": [],
        "defense": [],
    }


def test_null_ball_keeps_the_players(tmp_path: Path) -> None:
    document = _document()
    document["play_tracking"]["ball"] = {"tracking": None}
    path = _write(tmp_path / "play.json.gz", document)

    read = READER.read([path]).collect()

    assert read["tracking"]["side"].value_counts().sort("side")["count"].to_list() == [2, 2]
    assert _set_aside([path]) == [
        (
            "play.json.gz",
            741,
            "key play_tracking.ball.tracking: expected a list of samples, found null; "
            "the play is kept without the ball",
        )
    ]


def test_player_without_samples_is_left_out(tmp_path: Path) -> None:
    document = _document()
    document["play_tracking"]["home"]["players"][0]["tracking"] = []
    path = _write(tmp_path / "play.json.gz", document)

    read = READER.read([path]).collect()

    assert read["tracking"]["club"].unique().sort().to_list() == ["LA", "football"]
    (record,) = read["quarantine"].iter_rows(named=True)
    assert record["nfl_id"] == read["players"].filter(pl.col("srus_id") == "1111aaaa-0000").item(
        0, "nfl_id"
    )
    assert record["reason"] == (
        "key play_tracking.home.players[].tracking: no samples; the player is left out of the play"
    )


def test_non_numeric_coordinate_is_kept_with_reason(tmp_path: Path) -> None:
    path = _write(tmp_path / "play.json.gz", _document(x="abc"))

    tracking = READER.read([path]).tracking.collect()

    bad = tracking.filter(pl.col("_reason").is_not_null())
    assert tracking.height == 6
    assert bad["_reason"].to_list() == ["key x: expected a number, found 'abc'"]
    assert bad["x"].to_list() == [None]


def test_truncated_gzip_sets_the_play_aside(tmp_path: Path) -> None:
    whole = gzip.compress(json.dumps(_document()).encode())
    path = tmp_path / "play.json.gz"
    path.write_bytes(whole[: len(whole) // 2])
    good = _write(tmp_path / "good.json.gz", _document())

    read = READER.read([path, good]).collect()

    ((source, play_id, reason),) = _set_aside([path, good])
    assert (source, play_id) == ("play.json.gz", None)
    assert reason.startswith("play set aside: cannot read the file: truncated or corrupt")
    assert read["tracking"]["_source"].unique().to_list() == ["good.json.gz"]


def test_truncated_plain_json_sets_the_play_aside(tmp_path: Path) -> None:
    path = tmp_path / "play.json"
    path.write_text(json.dumps(_document())[:-40])

    ((source, _, reason),) = _set_aside([path])

    assert source == "play.json"
    assert reason.startswith("play set aside: not a valid JSON document")
