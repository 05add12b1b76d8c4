"""Canonicalization on constructed plays whose answers are known."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from gridtrack.clean import align_ball, key_frames, standardize
from gridtrack.io._common import tracking_frame
from gridtrack.pipeline import canonicalize
from gridtrack.schema import PLAYS, Dataset

T0 = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def raw_play(
    frames: int = 20,
    *,
    offense_x: float = 30.0,
    defense_x: float = 33.0,
    vx: float = 2.0,
    events: dict[int, str] | None = None,
) -> list[dict]:
    """Two players (one per side) moving at ``vx`` yd/s along x, 10 Hz."""
    rows = []
    for f in range(1, frames + 1):
        for nfl_id, side, x0 in ((1, "offense", offense_x), (2, "defense", defense_x)):
            rows.append(
                dict(
                    game_id=1,
                    play_id=5,
                    frame_id=f,
                    time=T0 + dt.timedelta(seconds=0.1 * (f - 1)),
                    nfl_id=nfl_id,
                    club="AAA" if side == "offense" else "BBB",
                    side=side,
                    x=x0 + vx * 0.1 * (f - 1),
                    y=20.0,
                    s=abs(vx),
                    dir=90.0 if vx > 0 else 270.0,
                    o=45.0,
                    event=(events or {}).get(f),
                    _source="t.csv",
                    _line=len(rows) + 2,
                )
            )
    return rows


def plays_frame(direction: str | None) -> pl.LazyFrame:
    return PLAYS.conform(
        pl.DataFrame(
            {"game_id": [1], "play_id": [5], "play_direction": [direction]},
            schema_overrides={"play_direction": pl.String},
        )
    )


def test_ball_is_interpolated_on_player_frames() -> None:
    rows = raw_play(frames=10)
    # ball at 25 Hz, starting 0.03 s after the first player frame: x(t) = 31 + 4 t
    for k in range(30):
        t = 0.03 + 0.04 * k
        rows.append(
            dict(
                game_id=1,
                play_id=5,
                frame_id=None,
                time=T0 + dt.timedelta(seconds=t),
                nfl_id=None,
                club="football",
                side="ball",
                x=31 + 4 * t,
                y=26.0,
            )
        )
    out = align_ball(tracking_frame(pl.LazyFrame(rows))).collect()
    ball = out.filter(pl.col("nfl_id").is_null()).sort("frame_id")
    assert ball["frame_id"].to_list() == list(range(1, 11))
    expected = 31 + 4 * 0.1 * np.arange(10)
    # frame 1 precedes every sample: it takes the nearest one (0.03 s later, 0.12 yd on)
    np.testing.assert_allclose(ball["x"].to_numpy()[1:], expected[1:], atol=1e-4)
    assert abs(ball["x"][0] - (31 + 4 * 0.03)) < 1e-4
    assert out.filter(pl.col("nfl_id").is_not_null()).height == 20


def test_ball_frames_beyond_the_samples_get_no_position() -> None:
    rows = raw_play(frames=10)
    for k in range(5):  # ball samples only during the first 0.4 s
        t = 0.1 * k
        rows.append(
            dict(
                game_id=1,
                play_id=5,
                frame_id=None,
                time=T0 + dt.timedelta(seconds=t),
                nfl_id=None,
                club="football",
                side="ball",
                x=40.0,
                y=26.0,
            )
        )
    ball = (
        align_ball(tracking_frame(pl.LazyFrame(rows)))
        .collect()
        .filter(pl.col("nfl_id").is_null())
        .sort("frame_id")
    )
    assert ball["x"].is_null().to_list() == [False] * 5 + [True] * 5


def test_left_play_is_turned_and_angles_follow() -> None:
    rows = raw_play(vx=-2.0, offense_x=80.0, defense_x=77.0)
    tracking = tracking_frame(pl.LazyFrame(rows))
    out = standardize(tracking, plays_frame("left")).collect().sort("nfl_id", "frame_id")
    offense = out.filter(pl.col("nfl_id") == 1)
    assert offense["x"][0] == 40.0 and abs(offense["y"][0] - (160 / 3 - 20)) < 1e-4
    assert (offense["x"].diff().drop_nulls() > 0).all()  # now moving toward +x
    assert offense["dir"][0] == 90.0 and offense["o"][0] == 225.0


@settings(max_examples=50, deadline=None)
@given(
    x=st.floats(0, 120),
    y=st.floats(0, 53.3),
    angle=st.floats(0, 359.99),
    speed=st.floats(0.5, 10),
)
def test_turned_motion_matches_turned_direction(
    x: float, y: float, angle: float, speed: float
) -> None:
    """dir describes the displacement before and after the turn (dx ∝ sin, dy ∝ cos)."""
    rad = np.radians(angle)
    dx, dy = speed * 0.1 * np.sin(rad), speed * 0.1 * np.cos(rad)
    rows = [
        dict(
            game_id=1,
            play_id=5,
            frame_id=f,
            nfl_id=1,
            side="offense",
            x=x + f * dx,
            y=y + f * dy,
            dir=angle,
        )
        for f in (1, 2)
    ]
    out = (
        standardize(tracking_frame(pl.LazyFrame(rows)), plays_frame("left"))
        .collect()
        .sort("frame_id")
    )
    ddx, ddy = out["x"][1] - out["x"][0], out["y"][1] - out["y"][0]
    turned = np.radians(out["dir"][0])
    assert 0 <= out["dir"][0] < 360
    assert abs(ddx - speed * 0.1 * np.sin(turned)) < 1e-3
    assert abs(ddy - speed * 0.1 * np.cos(turned)) < 1e-3


def test_key_frames_from_events() -> None:
    events = {
        3: "ball_snap",
        12: "pass_forward",
        17: "pass_arrived",
        18: "pass_outcome_caught",
        19: "tackle",
    }
    kf = key_frames(tracking_frame(pl.LazyFrame(raw_play(events=events)))).collect()
    row = kf.row(0, named=True)
    assert (row["snap_frame"], row["throw_frame"], row["arrival_frame"]) == (3, 12, 17)
    assert row["handoff_frame"] is None and row["first_contact_frame"] is None
    assert (row["end_frame"], row["start_frame"], row["last_frame"]) == (19, 1, 20)


def test_end_frame_defaults_to_the_last_frame() -> None:
    kf = key_frames(tracking_frame(pl.LazyFrame(raw_play(events={2: "ball_snap"})))).collect()
    assert kf["end_frame"][0] == 20 and kf["throw_frame"][0] is None


def test_canonicalize_infers_direction_quarantines_repeats_and_bad_rows() -> None:
    rows = raw_play(vx=-2.0, offense_x=80.0, defense_x=77.0, events={1: "ball_snap"})
    rows.append(dict(rows[0], _line=999))  # a repeated row
    rows.append(dict(rows[1], frame_id=21, _reason="column x: expected a number, found 'abc'"))
    raw = Dataset(tracking=tracking_frame(pl.LazyFrame(rows)), plays=plays_frame(None))
    out = canonicalize(raw).collect()
    assert out["plays"]["play_direction"][0] == "left"
    assert out["plays"]["play_direction_inferred"][0] is True
    assert out["tracking"].height == 40
    reasons = sorted(out["quarantine"]["reason"].to_list())
    assert reasons[0].startswith("column x: expected a number")
    assert reasons[1].startswith("duplicate key") and out["quarantine"]["line"].max() == 999
    assert out["tracking"].filter(pl.col("nfl_id") == 1)["x"][0] == 40.0


def test_values_outside_the_bounds_are_quarantined() -> None:
    rows = raw_play(events={1: "ball_snap"})
    rows[4] = dict(rows[4], x=1000.0)  # a position outside any stadium
    rows[5] = dict(rows[5], s=-3.0)  # a negative speed
    out = canonicalize(
        Dataset(tracking=tracking_frame(pl.LazyFrame(rows)), plays=plays_frame("right"))
    ).collect()
    reasons = sorted(out["quarantine"]["reason"].to_list())
    assert reasons == [
        "column s: expected values >= 0.0 yd/s, found -3.0",
        "column x: expected values in [-50.0, 170.0] yd, found 1000.0",
    ]
    assert out["tracking"].height == len(rows) - 2
