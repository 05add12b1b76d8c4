"""The play simulator: determinism, the file layout through the real reader, human
kinematics, football plausibility, calibrated truth, labelled faults."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from typer.testing import CliRunner

import gridtrack
from gridtrack import sim
from gridtrack.cli import app
from gridtrack.schema import MAX_PLAYER_SPEED

PLAY = ["game_id", "play_id"]
TRACK = ["game_id", "play_id", "nfl_id"]


@pytest.fixture(scope="module")
def result() -> sim.SimResult:
    return sim.simulate(games=2, seed=7)


@pytest.fixture(scope="module")
def folder(result: sim.SimResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sim")
    sim.write(result, out)
    return out


@pytest.fixture(scope="module")
def read(folder: Path) -> dict[str, pl.DataFrame]:
    return gridtrack.read_tracking(folder).collect()


@pytest.fixture(scope="module")
def players(result: sim.SimResult) -> pl.DataFrame:
    """Player rows with the speed and direction derived from positions (central difference)."""
    return (
        result.tracking.filter(pl.col("nfl_id").is_not_null())
        .sort(*TRACK, "frame_id")
        .with_columns(
            ((pl.col(c).shift(-1) - pl.col(c).shift(1)) / 0.2).over(TRACK).alias(f"v{c}")
            for c in ("x", "y")
        )
        .with_columns((pl.col("vx") ** 2 + pl.col("vy") ** 2).sqrt().alias("s_derived"))
    )


def test_same_seed_same_games_whatever_the_number_of_games(result: sim.SimResult) -> None:
    one = sim.simulate(games=1, seed=7)
    first = result.tracking.filter(pl.col("game_id") == one.tracking["game_id"][0])
    assert one.tracking.equals(first)
    assert one.truth_completion.equals(
        result.truth_completion.filter(pl.col("game_id") == one.tracking["game_id"][0])
    )
    other = sim.simulate(games=1, seed=8)
    assert not other.tracking["x"].head(1000).equals(one.tracking["x"].head(1000))


def test_files_in_the_big_data_bowl_layout(folder: Path) -> None:
    names = {p.name for p in folder.iterdir()}
    assert {"tracking_week_1.csv", "plays.csv", "players.csv", "games.csv"} <= names
    header = (folder / "tracking_week_1.csv").open().readline().strip().split(",")
    assert header == [
        "gameId",
        "playId",
        "nflId",
        "displayName",
        "frameId",
        "frameType",
        "time",
        "jerseyNumber",
        "club",
        "playDirection",
        "x",
        "y",
        "s",
        "a",
        "dis",
        "o",
        "dir",
        "event",
    ]
    games = pl.read_csv(folder / "games.csv")
    assert games.columns[:7] == [
        "gameId",
        "season",
        "week",
        "gameDate",
        "gameTimeEastern",
        "homeTeamAbbr",
        "visitorTeamAbbr",
    ]
    raw = pl.read_csv(folder / "tracking_week_1.csv", infer_schema=False, n_rows=200_000)
    ball = raw.filter(pl.col("club") == "football")
    assert ball.height and (ball["nflId"] == "NA").all()
    assert set(raw["playDirection"].unique()) == {"left", "right"}
    assert raw["time"][0].count(".") == 1 and len(raw["time"][0]) == 26


def test_round_trip_through_the_reader(result: sim.SimResult, read: dict) -> None:
    assert read["quarantine"].height == 0
    assert read["tracking"].height == result.tracking.height
    assert read["plays"].height == result.plays.height
    types = dict(read["plays"]["play_type"].value_counts().iter_rows())
    assert {"pass", "run", "kickoff", "punt"} <= set(types)
    # standardized: the offense moves toward +x; the ball starts on the line of scrimmage
    at_snap = (
        read["tracking"]
        .filter(pl.col("nfl_id").is_null())
        .join(read["key_frames"], on=PLAY)
        .filter(pl.col("frame_id") == pl.col("snap_frame"))
        .join(read["plays"].select(*PLAY, "absolute_yardline", "play_type"), on=PLAY)
        .filter(pl.col("play_type").is_in(["pass", "run", "sack"]))
    )
    assert at_snap.height > 200
    assert (at_snap["x"] - at_snap["absolute_yardline"]).abs().max() < 1.0
    passes = read["key_frames"].join(read["plays"], on=PLAY).filter(pl.col("play_type") == "pass")
    assert passes["throw_frame"].null_count() == 0
    assert passes["arrival_frame"].null_count() == 0


def test_human_kinematics(players: pl.DataFrame) -> None:
    assert players["s"].max() <= MAX_PLAYER_SPEED
    assert players["s_derived"].max() <= MAX_PLAYER_SPEED
    top = players.group_by(PLAY).agg(pl.col("s").max())["s"]
    assert 10.0 <= top.median() <= 11.5  # the fastest player of a play runs about 11 yd/s
    assert players["a"].max() <= 12.0
    err = (players["s_derived"] - players["s"]).abs().drop_nulls()
    assert (err < 0.3).mean() >= 0.95
    moving = players.filter(pl.col("s") > 1.0).drop_nulls("vx")
    derived = np.degrees(np.arctan2(moving["vx"].to_numpy(), moving["vy"].to_numpy())) % 360
    off = np.abs((derived - moving["dir"].to_numpy() + 180.0) % 360.0 - 180.0)
    assert np.percentile(off, 95) < 5.0
    dis = players.with_columns(
        (
            ((pl.col("x") - pl.col("x").shift(1)) ** 2 + (pl.col("y") - pl.col("y").shift(1)) ** 2)
            .sqrt()
            .over(TRACK)
        ).alias("step")
    ).drop_nulls("step")
    assert (dis["step"] - dis["dis"]).abs().max() < 1e-3


def test_plausible_football(read: dict) -> None:
    plays = read["plays"].join(read["key_frames"], on=PLAY)
    passes = plays.filter(pl.col("play_type") == "pass")
    time_to_throw = ((passes["throw_frame"] - passes["snap_frame"]) * 0.1).median()
    assert 2.2 <= time_to_throw <= 3.3
    attempts = plays.filter(pl.col("pass_result").is_in(["C", "I", "IN"]))
    completion = (attempts["pass_result"] == "C").mean()
    assert 0.55 <= completion <= 0.75
    dropbacks = plays.filter(pl.col("play_type").is_in(["pass", "sack"]))
    assert (dropbacks["play_type"] == "sack").mean() < 0.15
    runs = plays.filter(pl.col("play_type") == "run")
    assert 2.5 <= runs["yards_gained"].mean() <= 6.5
    per_game = plays.group_by("game_id").len()["len"]
    assert per_game.min() >= 120 and per_game.max() <= 200
    events = set(read["tracking"]["event"].drop_nulls().unique())
    assert {
        "ball_snap",
        "pass_forward",
        "pass_arrived",
        "pass_outcome_caught",
        "handoff",
        "first_contact",
        "tackle",
        "kickoff",
        "punt",
    } <= events


def test_truth_is_calibrated(result: sim.SimResult) -> None:
    truth = result.truth_completion
    p = truth["p_complete"].to_numpy()
    y = truth["complete"].to_numpy().astype(float)
    sd = math.sqrt((p * (1 - p)).sum()) / p.size
    assert abs(p.mean() - y.mean()) < 3 * sd
    assert np.allclose(
        p,
        sim.completion_probability(
            *truth.select("separation", "air_distance", "pressure_distance").to_numpy().T
        ),
    )
    # the better the separation, the likelier the catch
    low = truth.filter(pl.col("separation") < 1.5)["complete"].mean()
    high = truth.filter(pl.col("separation") > 3.5)["complete"].mean()
    assert high > low
    rush = result.truth_rush
    gap = rush["yards_drawn"].mean() - rush["expected_yards"].mean()
    assert abs(gap) < 3 * rush["yards_drawn"].std() / math.sqrt(rush.height)


def test_truth_inputs_are_measurable_on_the_tracking(result: sim.SimResult, read: dict) -> None:
    truth = result.truth_completion.head(40)
    tracking = read["tracking"]
    at = tracking.join(
        truth.select(*PLAY, "target_id", pl.col("arrival_frame").alias("frame_id")),
        on=[*PLAY, "frame_id"],
    )
    target = at.filter(pl.col("nfl_id") == pl.col("target_id")).select(
        *PLAY, pl.col("x").alias("tx"), pl.col("y").alias("ty"), pl.col("club").alias("tc")
    )
    separation = (
        at.join(target, on=PLAY)
        .filter(pl.col("nfl_id").is_not_null() & (pl.col("club") != pl.col("tc")))
        .group_by(PLAY)
        .agg(((pl.col("x") - pl.col("tx")) ** 2 + (pl.col("y") - pl.col("ty")) ** 2).sqrt().min())
        .join(truth.select(*PLAY, "separation"), on=PLAY)
    )
    assert separation.height == truth.height
    assert (separation["x"] - separation["separation"]).abs().max() < 0.05


def test_faults_are_planted_and_labelled(result: sim.SimResult) -> None:
    clean = result.tracking.filter(pl.col("game_id") == result.tracking["game_id"][0]).drop("week")
    faulty, labels = sim.inject_faults(clean, seed=3, play_fraction=0.6)
    kinds = set(labels["kind"])
    assert len(kinds) >= 11, kinds
    assert kinds <= set(sim.FAULT_KINDS)
    keyed = faulty.join(labels, on=["game_id", "play_id", "nfl_id", "frame_id"], nulls_equal=True)

    def rows(kind: str) -> pl.DataFrame:
        return keyed.filter(pl.col("kind") == kind)

    assert rows("dropout")["x"].null_count() == rows("dropout").height
    off = rows("off_field")
    assert ((off["x"] < -10) | (off["x"] > 130) | (off["y"] < -10) | (off["y"] > 63)).all()
    assert (rows("overspeed")["s"] > MAX_PLAYER_SPEED).all()
    for kind in ("missing_player", "ball_ends_early"):
        assert rows(kind).height == 0 and labels.filter(pl.col("kind") == kind).height > 0
    dup = labels.filter(pl.col("kind") == "duplicate_frame")
    counts = (
        faulty.join(dup, on=["game_id", "play_id", "nfl_id", "frame_id"])
        .group_by("game_id", "play_id", "nfl_id", "frame_id")
        .len()
    )
    assert (counts["len"] == 2).all()
    assert faulty.height != clean.height
    _, only = sim.inject_faults(clean, seed=1, kinds=("dropout",))
    assert set(only["kind"]) == {"dropout"}
    again, labels_again = sim.inject_faults(clean, seed=3, play_fraction=0.6)
    assert labels_again.equals(labels) and again.equals(faulty)


def test_simulate_command(tmp_path: Path) -> None:
    out = tmp_path / "games"
    run = CliRunner().invoke(
        app, ["simulate", "--games", "1", "--seed", "2", "--out", str(out), "--faults"]
    )
    assert run.exit_code == 0, run.output
    assert (out / "tracking_week_1.csv").exists()
    labels = pl.read_parquet(out / "faults.parquet")
    assert labels.height > 50 and set(labels.columns) == {
        "game_id",
        "play_id",
        "nfl_id",
        "frame_id",
        "kind",
    }
    ball = pl.read_parquet(out / "ball_25hz.parquet")
    per_play = ball.group_by(PLAY).agg(pl.col("t").diff().median())
    assert (per_play["t"] - 0.04).abs().max() < 1e-9
    assert ball["z"].max() > 10.0  # kicks and deep passes fly high


def test_faulty_output_ingests_with_repeats_quarantined(tmp_path: Path) -> None:
    """A simulated game with faults goes through the real reader: every planted duplicate
    frame lands in the quarantine and the rows balance."""
    out = tmp_path / "games"
    run = CliRunner().invoke(
        app, ["simulate", "--games", "1", "--seed", "4", "--out", str(out), "--faults"]
    )
    assert run.exit_code == 0, run.output
    tables = gridtrack.read_tracking(out).collect()
    duplicates = pl.read_parquet(out / "faults.parquet").filter(pl.col("kind") == "duplicate_frame")
    repeats = tables["quarantine"].filter(pl.col("reason").str.starts_with("duplicate key"))
    assert duplicates.height > 0
    assert repeats.height == duplicates.height
