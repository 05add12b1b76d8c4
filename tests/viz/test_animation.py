"""Play animations built from real plays: one animation frame per tracking frame, 22
players and the ball in each, lines, overlays and both orientations."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

pytest.importorskip("plotly")

import gridtrack
from gridtrack.schema import FIELD_LENGTH
from gridtrack.viz import animate, load_play
from gridtrack.viz.overlays import pass_rushers, quarterback, receivers, separation

GAME, PLAY = 2021091300, 4845  # LV at BAL, overtime: recorded moving left
GAME_RIGHT, PLAY_RIGHT = 2021103108, 54  # LAC vs NE: recorded moving right


@pytest.fixture(scope="module")
def dataset(real_data):
    return gridtrack.read_tracking(real_data / "bdb2023_sample")


@pytest.fixture(scope="module")
def tracking(dataset):
    return dataset.tracking.filter(
        (pl.col("game_id") == GAME) & (pl.col("play_id") == PLAY)
    ).collect()


@pytest.fixture(scope="module")
def figure(dataset):
    return animate(dataset, GAME, PLAY, overlays=["speed", "separation", "qb_distance", "s"])


def trace(fig_or_frame, prefix):
    found = [t for t in fig_or_frame.data if (t.name or "").startswith(prefix)]
    assert len(found) == 1, [t.name for t in fig_or_frame.data]
    return found[0]


def test_one_animation_frame_per_tracking_frame(figure, tracking):
    frame_ids = sorted(tracking.get_column("frame_id").unique().to_list())
    assert [f.name for f in figure.frames] == [str(f) for f in frame_ids]
    steps = figure.layout.sliders[0].steps
    assert [s.label for s in steps] == [str(f) for f in frame_ids]
    labels = [b.label for b in figure.layout.updatemenus[0].buttons]
    assert any("Play" in b for b in labels) and any("Pause" in b for b in labels)


def test_every_frame_shows_22_players_and_the_ball(figure, tracking):
    for frame in figure.frames:
        offense = trace(frame, "offense: LV")
        defense = trace(frame, "defense: BAL")
        ball = trace(frame, "ball")
        assert sum(x is not None for x in offense.x) == 11
        assert sum(x is not None for x in defense.x) == 11
        assert sum(x is not None for x in ball.x) == 1
    # positions match the tracking (standardized) at the first frame
    first = tracking.filter(pl.col("frame_id") == tracking["frame_id"].min())
    qb_x = first.filter(pl.col("jersey_number") == 4)["x"][0]
    assert np.isclose(trace(figure.frames[0], "offense").x[0], qb_x, atol=1e-3)
    jerseys = trace(figure, "offense").text
    assert sorted(int(j) for j in jerseys) == sorted(
        first.filter(pl.col("side") == "offense")["jersey_number"].to_list()
    )


def test_lines_of_scrimmage_and_to_gain(figure, dataset):
    play = (
        dataset.plays.filter((pl.col("game_id") == GAME) & (pl.col("play_id") == PLAY))
        .collect()
        .row(0, named=True)
    )
    los = trace(figure, "line of scrimmage")
    first_down = trace(figure, "first-down line")
    assert np.allclose(los.x, play["absolute_yardline"])
    assert np.allclose(first_down.x, play["absolute_yardline"] + play["yards_to_go"])


def test_clock_and_events_as_they_happen(figure, tracking):
    texts = [trace(f, "clock and events").text[0] for f in figure.frames]
    assert texts[0].startswith("<b>OT 3:44")
    snap = tracking.filter(pl.col("event") == "ball_snap")["frame_id"][0]
    assert "<b>ball_snap</b>" in texts[[f.name for f in figure.frames].index(str(snap))]
    assert "pass_forward" in texts[-1]
    assert texts[0] != texts[-1]


def test_overlays_draw_separation_rushers_vectors_and_a_column(figure, dataset):
    play = load_play(dataset, GAME, PLAY)
    n_receivers = len(receivers(play))
    assert n_receivers == 5
    frame = figure.frames[-1]
    sep = trace(frame, "separation lines")
    assert sum(x is None for x in sep.x) == n_receivers  # one segment per receiver
    yards = [float(t) for t in trace(frame, "separation yards").text]
    assert np.allclose(yards, np.round(separation(play).distance[-1], 1))
    rush = trace(frame, "qb distance lines")
    assert sum(x is None for x in rush.x) == len(pass_rushers(play)) >= 4
    assert play.position[quarterback(play)] == "QB"
    assert sum(x is None for x in trace(frame, "speed vectors").x) == 22
    labels = trace(frame, "stat: s").text
    assert len(labels) == 22 and all(t for t in labels)
    assert len(trace(frame, "trail: offense").x) > 22


def test_a_per_frame_stat_table_as_overlay(dataset, tracking):
    stat = tracking.select(
        "game_id", "play_id", "frame_id", "nfl_id", (pl.col("s") * 2).alias("double_speed")
    ).filter(pl.col("nfl_id").is_not_null())
    team = tracking.group_by("frame_id").agg(pl.col("s").mean().alias("mean_speed"))
    fig = animate(dataset, GAME, PLAY, overlays=[stat, ("mean_speed", team)], trail=0)
    assert trace(fig, "stat: double_speed")
    assert "mean_speed" in trace(fig.frames[3], "clock and events").text[0]
    with pytest.raises(ValueError, match="unknown overlay"):
        animate(dataset, GAME, PLAY, overlays=["no_such_thing"])


def test_as_recorded_turns_a_left_play_back(dataset, figure):
    recorded = animate(dataset, GAME, PLAY, standardized=False, trail=0)
    std = np.array(trace(figure.frames[0], "offense").x, dtype=float)
    raw = np.array(trace(recorded.frames[0], "offense").x, dtype=float)
    assert np.allclose(raw, FIELD_LENGTH - std, atol=1e-3)
    assert trace(recorded, "line of scrimmage").x[0] == pytest.approx(FIELD_LENGTH - 79.0)
    right = animate(dataset, GAME_RIGHT, PLAY_RIGHT, standardized=False, trail=0)
    right_std = animate(dataset, GAME_RIGHT, PLAY_RIGHT, trail=0)
    assert trace(right.frames[0], "offense").x == trace(right_std.frames[0], "offense").x


def test_vertical_and_cropped(dataset, figure):
    fig = animate(dataset, GAME, PLAY, orientation="vertical", crop=True, trail=0)
    h = np.array(trace(figure.frames[0], "offense").x, dtype=float)
    v = np.array(trace(fig.frames[0], "offense").y, dtype=float)
    assert np.allclose(h, v)  # field x runs up the screen
    assert fig.layout.height > fig.layout.width
    lo, hi = fig.layout.yaxis.range
    assert hi - lo < FIELD_LENGTH
