"""Big Data Bowl 2026 reader, on small files written in the competition's exact layout."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from gridtrack.io import READERS, ReadError, detect, player_roles
from gridtrack.io._common import read_head
from gridtrack.schema import EVENTS, TRACKING, validate

READER = READERS["bdb2026"]

INPUT_HEADER = (
    "game_id,play_id,player_to_predict,nfl_id,frame_id,play_direction,absolute_yardline_number,"
    "player_name,player_height,player_weight,player_birth_date,player_position,player_side,"
    "player_role,x,y,s,a,dir,o,num_frames_output,ball_land_x,ball_land_y"
)
OUTPUT_HEADER = "game_id,play_id,nfl_id,frame_id,x,y"
GAME = 2023090700
PLAYERS = (
    # nfl_id, name, height, weight, birth date, position, side, role, to predict
    (101, "Q Back", "6-4", 225, "1995-03-01", "QB", "Offense", "Passer", "False"),
    (202, "W Out", "6-1", 200, "1998-07-12", "WR", "Offense", "Targeted Receiver", "True"),
    (303, "C Back", "5-11", 190, "1999-11-30", "CB", "Defense", "Defensive Coverage", "True"),
)
PLAYS = (
    # play_id, direction, recorded yardline, input frames, output frames, ball landing
    (55, "right", 30, 3, 2, (52.0, 20.0)),
    (77, "left", 70, 4, 3, (40.0, 30.0)),
)


def input_rows() -> list[str]:
    rows = []
    for play, direction, yardline, frames, n_out, (land_x, land_y) in PLAYS:
        for nfl_id, name, height, weight, born, pos, side, role, predict in PLAYERS:
            for f in range(1, frames + 1):
                x = yardline + (0.5 * f if direction == "right" else -0.5 * f)
                rows.append(
                    f"{GAME},{play},{predict},{nfl_id},{f},{direction},{yardline},{name},{height},"
                    f"{weight},{born},{pos},{side},{role},{x:.2f},{20 + nfl_id / 100:.2f},"
                    f"5.0,1.0,90.0,85.0,{n_out},{land_x},{land_y}"
                )
    return rows


def output_rows() -> list[str]:
    rows = []
    for play, _, yardline, _, n_out, _ in PLAYS:
        for nfl_id, *_, predict in PLAYERS:
            if predict == "True":
                rows += [
                    f"{GAME},{play},{nfl_id},{f},{yardline + f},25.0" for f in range(1, n_out + 1)
                ]
    return rows


def write_pair(
    folder: Path, inputs: list[str] | None = None, outputs: list[str] | None = None
) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "input_2023_w01.csv", folder / "output_2023_w01.csv"]
    paths[0].write_text("\n".join([INPUT_HEADER, *(inputs or input_rows())]) + "\n")
    paths[1].write_text("\n".join([OUTPUT_HEADER, *(outputs or output_rows())]) + "\n")
    return paths


@pytest.fixture
def tables(tmp_path: Path) -> dict[str, pl.DataFrame]:
    return READER.read(write_pair(tmp_path)).collect()


def test_rows_frames_and_sides(tables: dict[str, pl.DataFrame]) -> None:
    tracking = tables["tracking"]
    # 3 players x (3 + 4) input frames, 2 predicted players x (2 + 3) output frames
    assert tracking.height == 3 * 7 + 2 * 5
    assert tracking["_reason"].null_count() == tracking.height
    assert set(tracking["side"].unique()) == {"offense", "defense"}
    assert tracking["club"].null_count() == tracking.height
    assert tracking["time"].null_count() == tracking.height
    assert not tracking.select(pl.struct(TRACKING.key).is_duplicated().any()).item()
    validate(TRACKING.conform(tracking), TRACKING)


def test_output_frames_follow_the_last_input_frame(tables: dict[str, pl.DataFrame]) -> None:
    tracking = tables["tracking"].filter(pl.col("nfl_id") == 202)
    frames = tracking.group_by("play_id").agg(pl.col("frame_id").sort()).sort("play_id")
    assert frames["frame_id"].to_list() == [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6, 7]]
    after = tracking.filter((pl.col("play_id") == 55) & (pl.col("frame_id") == 4))
    assert after["x"].to_list() == [31.0]  # output frame 1 of play 55: x = 30 + 1
    assert after["s"].is_null().all() and after["dir"].is_null().all()


def test_throw_and_arrival_events(tables: dict[str, pl.DataFrame]) -> None:
    events = (
        tables["tracking"]
        .filter(pl.col("event").is_not_null())
        .group_by("play_id", "event")
        .agg(pl.col("frame_id").unique(), pl.len())
        .sort("play_id", "event")
    )
    assert events.rows() == [
        (55, "pass_arrived", [5], 2),
        (55, "pass_forward", [3], 3),
        (77, "pass_arrived", [7], 2),
        (77, "pass_forward", [4], 3),
    ]
    assert set(events["event"]) <= EVENTS


def test_plays_players_games(tables: dict[str, pl.DataFrame]) -> None:
    plays = tables["plays"].sort("play_id")
    assert plays["play_direction"].to_list() == ["right", "left"]
    assert plays["absolute_yardline"].to_list() == [30.0, 50.0]  # left: 120 - 70
    assert plays["play_type"].to_list() == ["pass", "pass"]
    assert plays["passer_nfl_id"].to_list() == [101, 101]
    assert plays["target_nfl_id"].to_list() == [202, 202]
    assert plays["num_frames_output"].to_list() == [2, 3]
    assert plays["ball_land_x"].to_list() == [52.0, 40.0]
    players = tables["players"].sort("nfl_id")
    assert players["height_in"].to_list() == [76.0, 73.0, 71.0]
    assert players["position"].to_list() == ["QB", "WR", "CB"]
    games = tables["games"]
    assert games.select("game_id", "season", "week").rows() == [(GAME, 2023, 1)]


def test_player_roles_per_play(tmp_path: Path) -> None:
    roles = player_roles(write_pair(tmp_path)).collect()
    assert roles.height == 2 * 3
    target = roles.filter(pl.col("player_role") == "Targeted Receiver")
    assert set(target["nfl_id"]) == {202}
    assert roles.filter(pl.col("player_to_predict"))["nfl_id"].unique().sort().to_list() == [
        202,
        303,
    ]


def test_supplementary_context_names_the_clubs(tmp_path: Path) -> None:
    paths = write_pair(tmp_path)
    supplementary = tmp_path / "supplementary_data.csv"
    supplementary.write_text(
        "game_id,season,week,game_date,home_team_abbr,visitor_team_abbr,play_id,quarter,"
        "game_clock,down,yards_to_go,possession_team,defensive_team,pass_result,yards_gained,"
        "play_description\n"
        f"{GAME},2023,1,09/07/2023,KC,DET,55,1,14:21,2,7,KC,DET,C,12,pass short\n"
        f"{GAME},2023,1,09/07/2023,KC,DET,77,2,03:05,3,4,DET,KC,I,0,pass deep\n"
    )
    tables = READER.read([*paths, supplementary]).collect()
    clubs = tables["tracking"].select("play_id", "side", "club").unique().sort("play_id", "side")
    assert clubs.rows() == [
        (55, "offense", "KC"),
        (55, "defense", "DET"),
        (77, "offense", "DET"),
        (77, "defense", "KC"),
    ]
    plays = tables["plays"].sort("play_id")
    assert plays["game_clock"].to_list() == [861, 185]
    assert plays["pass_result"].to_list() == ["C", "I"]
    assert tables["games"].select("home_club", "away_club").rows() == [("KC", "DET")]


def test_claims_and_detection(tmp_path: Path) -> None:
    paths = write_pair(tmp_path)
    assert all(READER.claims(p, read_head(p)) for p in paths)
    assert detect(paths) == {"bdb2026": paths}
    others = [m for name, m in READERS.items() if name != "bdb2026"]
    assert not any(m.claims(p, read_head(p)) for m in others for p in paths)


def test_claims_no_other_sample(real_data: Path) -> None:
    files = [p for p in real_data.rglob("*") if p.is_file() and p.suffix in (".csv", ".tsv", ".gz")]
    assert files
    assert not any(READER.claims(p, read_head(p)) for p in files)


def test_missing_column_names_file_and_column(tmp_path: Path) -> None:
    paths = write_pair(tmp_path)
    text = paths[0].read_text().replace("player_side,", "side_of_ball,", 1)
    paths[0].write_text(text)
    with pytest.raises(ReadError, match=r"input_2023_w01\.csv.*player_side"):
        READER.read(paths)


def test_outputs_without_inputs_are_refused(tmp_path: Path) -> None:
    paths = write_pair(tmp_path)
    with pytest.raises(ReadError, match="input"):
        READER.read(paths[1:])


def test_bad_values_are_kept_with_a_reason(tmp_path: Path) -> None:
    inputs = input_rows()
    inputs[0] = inputs[0].replace(",5.0,1.0,90.0,", ",fast,1.0,90.0,")
    inputs[1] = inputs[1].replace(",Offense,", ",Special,")
    outputs = output_rows()
    outputs.append(f"{GAME},99,202,1,50.0,25.0")  # a play with no input frames
    outputs[0] = outputs[0].replace(",25.0", ",abc")
    tracking = READER.read(write_pair(tmp_path, inputs, outputs)).tracking.collect()
    reasons = tracking["_reason"].drop_nulls().to_list()
    assert tracking.height == 3 * 7 + 2 * 5 + 1
    assert sorted(reasons) == sorted(
        [
            "column s: expected a number, found 'fast'",
            "column player_side: expected Offense or Defense, found 'Special'",
            "column y: expected a number, found 'abc'",
            "output row of a play with no input frames: its frame cannot be placed",
        ]
    )


def test_truncated_input_marks_the_last_line(tmp_path: Path) -> None:
    paths = write_pair(tmp_path)
    text = paths[0].read_text()
    paths[0].write_text(text[: len(text) - 40])
    tracking = READER.read(paths).tracking.collect()
    bad = tracking.filter(pl.col("_reason").is_not_null())
    assert bad.height == 1
    assert "truncated" in bad["_reason"][0]
    assert bad["_line"][0] == len(input_rows()) + 1
