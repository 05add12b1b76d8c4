"""Cleaning checks and repairs on small synthetic canonical plays with known truth."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gridtrack.clean import CHECKS, DROP_RULES, CleaningConfig, clean_tracking, with_kinematics
from gridtrack.clean._tracks import Tracks
from gridtrack.clean.kinematics import (
    FilterRuns,
    savgol_coefficients,
    savgol_derivative,
    wrap_degrees,
)
from gridtrack.schema import QUALITY, TRACKING, validate

GAME, PLAY = 2023090700, 55


def play_frame(
    n_players: int = 4, frames: int = 40, speed: float = 5.0, curve: float = 0.0
) -> pl.DataFrame:
    """One play: players running along gentle arcs at ``speed`` yd/s, and a ball."""
    t = np.arange(frames) * 0.1
    rows = []
    for k in range(n_players + 1):
        ball = k == n_players
        heading = 0.2 * k + curve * t
        x = 30.0 + 2 * k + np.cumsum(speed * np.cos(heading) * 0.1)
        y = 5.0 + 4 * k + np.cumsum(speed * np.sin(heading) * 0.1)
        rows.append(
            pl.DataFrame(
                {
                    "game_id": GAME,
                    "play_id": PLAY,
                    "frame_id": np.arange(1, frames + 1),
                    "nfl_id": None if ball else 40000 + k,
                    "club": "football" if ball else "KC",
                    "side": "ball" if ball else "offense",
                    "x": x,
                    "y": y,
                    "s": np.full(frames, speed),
                    "dis": np.full(frames, speed * 0.1),
                },
                schema_overrides={"nfl_id": pl.Int64},
            )
        )
    return TRACKING.conform(pl.concat(rows)).sort(TRACKING.sort, nulls_last=True).collect()


def at(frame: pl.DataFrame, nfl_id: int | None, frame_id: int) -> pl.Expr:
    who = pl.col("nfl_id").is_null() if nfl_id is None else pl.col("nfl_id") == nfl_id
    return who & (pl.col("frame_id") == frame_id)


def set_xy(frame: pl.DataFrame, nfl_id: int, frames: list[int], x: float | None, y: float | None):
    where = (pl.col("nfl_id") == nfl_id) & pl.col("frame_id").is_in(frames)
    return frame.with_columns(
        pl.when(where).then(pl.lit(x, pl.Float32)).otherwise("x").alias("x"),
        pl.when(where).then(pl.lit(y, pl.Float32)).otherwise("y").alias("y"),
    )


def rows_of(quality: pl.DataFrame, check: str) -> pl.DataFrame:
    return quality.filter(pl.col("check") == check)


def test_clean_play_has_no_findings_and_keeps_positions() -> None:
    tracking = play_frame()

    cleaned, quality = clean_tracking(tracking)

    assert quality.height == 0
    assert cleaned.select("x", "y").equals(tracking.select("x", "y"))
    validate(cleaned, TRACKING)
    validate(quality, QUALITY)


def test_dropout_is_interpolated_close_to_the_truth() -> None:
    truth = play_frame(curve=0.5)
    faulty = set_xy(truth, 40001, [20, 21, 22, 23], None, None)

    cleaned, quality = clean_tracking(faulty)

    found = rows_of(quality, "dropout")
    assert found["frame_id"].to_list() == [20, 21, 22, 23]
    assert set(found["action"].to_list()) == {"interpolated"}
    error = cleaned.join(truth, on=["nfl_id", "frame_id"]).select(
        ((pl.col("x") - pl.col("x_right")) ** 2 + (pl.col("y") - pl.col("y_right")) ** 2)
        .sqrt()
        .max()
    )
    assert error.item() < 0.05


def test_gap_longer_than_the_limit_is_flagged_not_invented() -> None:
    frames = list(range(10, 26))  # 16 frames > max_gap_frames (10)
    faulty = set_xy(play_frame(), 40001, frames, None, None)

    cleaned, quality = clean_tracking(faulty)

    assert set(rows_of(quality, "dropout")["action"].to_list()) == {"flagged"}
    assert cleaned.filter(pl.col("nfl_id") == 40001)["x"].null_count() == len(frames)


def test_missing_frames_are_inserted_and_interpolated() -> None:
    truth = play_frame()
    gone = (pl.col("nfl_id") == 40002) & pl.col("frame_id").is_in([15, 16])
    faulty = truth.filter(~gone.fill_null(False))

    cleaned, quality = clean_tracking(faulty)

    assert cleaned.height == truth.height
    found = rows_of(quality, "missing_frame")
    assert found["frame_id"].to_list() == [15, 16]
    assert set(found["action"].to_list()) == {"interpolated"}
    row = cleaned.filter(at(cleaned, 40002, 15))
    assert row["s"].item() == pytest.approx(5.0, abs=0.2)


def test_off_field_position_is_found_and_repaired() -> None:
    faulty = set_xy(play_frame(), 40000, [12], 40.0, 53.3 + 20.0)

    cleaned, quality = clean_tracking(faulty)

    found = rows_of(quality, "off_field")
    assert found["frame_id"].to_list() == [12]
    assert found["value"].item() == pytest.approx(20.0, abs=0.05)
    assert cleaned.filter(at(cleaned, 40000, 12))["y"].item() < 53.3


def test_bench_area_is_on_the_field() -> None:
    tracking = play_frame(n_players=1, speed=0.0).with_columns(
        pl.when(pl.col("nfl_id").is_not_null()).then(pl.lit(53.3 + 8.0)).otherwise("y").alias("y")
    )
    tracking = tracking.with_columns(pl.col("y").cast(pl.Float32), s=0.0, dis=0.0)

    _, quality = clean_tracking(tracking.with_columns(pl.col("s").cast(pl.Float32)))

    assert rows_of(quality, "off_field").height == 0


def test_isolated_jump_is_found_on_its_frame_only() -> None:
    truth = play_frame()
    x = truth.filter(at(truth, 40003, 18))["x"].item()
    y = truth.filter(at(truth, 40003, 18))["y"].item()
    faulty = set_xy(truth, 40003, [18], x + 3.0, y - 2.0)

    cleaned, quality = clean_tracking(faulty)

    assert rows_of(quality, "jump")["frame_id"].to_list() == [18]
    assert rows_of(quality, "speed").height == 0  # judged on the repaired positions
    assert cleaned.filter(at(cleaned, 40003, 18))["x"].item() == pytest.approx(x, abs=0.05)


def test_frozen_tag_needs_reported_motion() -> None:
    truth = play_frame()
    row = truth.filter(at(truth, 40001, 10))
    frozen = set_xy(truth, 40001, list(range(11, 17)), row["x"].item(), row["y"].item())
    standing = frozen.with_columns(
        pl.when((pl.col("nfl_id") == 40001) & pl.col("frame_id").is_between(11, 16))
        .then(0.0)
        .otherwise(pl.col("dis"))
        .cast(pl.Float32)
        .alias("dis")
    )

    _, moving_quality = clean_tracking(frozen)
    _, standing_quality = clean_tracking(standing)

    assert rows_of(moving_quality, "frozen")["frame_id"].to_list() == list(range(11, 17))
    assert rows_of(standing_quality, "frozen").height == 0


def test_re_sent_frame_is_a_duplicate_frame() -> None:
    truth = play_frame()
    previous = truth.filter(pl.col("frame_id") == 19).select("nfl_id", "x", "y")
    faulty = (
        truth.join(previous, on="nfl_id", how="left", suffix="_prev", nulls_equal=True)
        .with_columns(
            pl.when(pl.col("frame_id") == 20).then("x_prev").otherwise("x").alias("x"),
            pl.when(pl.col("frame_id") == 20).then("y_prev").otherwise("y").alias("y"),
        )
        .select(truth.columns)
    )

    _, quality = clean_tracking(faulty)

    found = rows_of(quality, "duplicate_frame")
    assert found["frame_id"].unique().to_list() == [20]
    assert found.height == 5  # every entity of the frame


def test_overspeed_and_acceleration_are_flagged_not_changed() -> None:
    truth = play_frame(speed=12.0)
    faster = truth.with_columns(
        pl.when(pl.col("nfl_id") == 40000)
        .then(pl.col("x") + (pl.col("frame_id") - 1) * 0.3)
        .otherwise("x")
        .alias("x")
    )

    cleaned, quality = clean_tracking(faster)

    assert rows_of(quality, "speed").height >= 30
    assert set(rows_of(quality, "speed")["action"].to_list()) == {"flagged"}
    assert cleaned.select("x").equals(faster.select("x"))


def test_position_step_is_an_acceleration() -> None:
    truth = play_frame()
    faulty = truth.with_columns(
        pl.when((pl.col("nfl_id") == 40002) & (pl.col("frame_id") >= 20))
        .then(pl.col("y") + 0.9)
        .otherwise("y")
        .cast(pl.Float32)
        .alias("y")
    )

    _, quality = clean_tracking(faulty)

    assert 20 in rows_of(quality, "acceleration")["frame_id"].to_list()
    assert rows_of(quality, "jump").height == 0


def test_inconsistent_reported_values_are_flagged() -> None:
    truth = play_frame()
    faulty = truth.with_columns(
        pl.when(at(truth, 40000, 15)).then(12.0).otherwise("s").cast(pl.Float32).alias("s"),
        pl.when(at(truth, 40001, 16)).then(1.5).otherwise("dis").cast(pl.Float32).alias("dis"),
        pl.when(at(truth, 40002, 17))
        .then((pl.col("dir") + 120) % 360)
        .otherwise("dir")
        .alias("dir"),
    )
    faulty = with_kinematics(truth).with_columns(
        faulty.select("s", "dis").to_series(0),
        faulty.select("dis").to_series(0),
    )
    faulty = faulty.with_columns(
        pl.when(at(faulty, 40002, 17))
        .then((pl.col("dir") + 120) % 360)
        .otherwise("dir")
        .cast(pl.Float32)
        .alias("dir")
    )

    _, quality = clean_tracking(faulty)

    assert rows_of(quality, "s_inconsistent").select("nfl_id", "frame_id").rows() == [(40000, 15)]
    assert (40001, 16) in rows_of(quality, "dis_inconsistent").select("nfl_id", "frame_id").rows()
    assert rows_of(quality, "dir_inconsistent").select("nfl_id", "frame_id").rows() == [(40002, 17)]


def test_ball_track_ending_early_and_incomplete_entity() -> None:
    truth = play_frame()
    faulty = truth.filter(
        ~(pl.col("nfl_id").is_null() & (pl.col("frame_id") > 30))
        & ~((pl.col("nfl_id") == 40001) & (pl.col("frame_id") < 4)).fill_null(False)
    )

    _, quality = clean_tracking(faulty)

    ball = rows_of(quality, "ball_ends_early")
    assert ball["value"].to_list() == [10.0] and ball["frame_id"].null_count() == 1
    incomplete = rows_of(quality, "entity_incomplete").sort("nfl_id", nulls_last=True)
    assert incomplete.select("nfl_id", "value").rows() == [(40001, 3.0), (None, 10.0)]


def freeze(frame: pl.DataFrame, nfl_id: int, frames: list[int]) -> pl.DataFrame:
    """Hold ``nfl_id`` on its position of the frame before ``frames`` (a frozen tag)."""
    held = frame.filter(at(frame, nfl_id, frames[0] - 1))
    return set_xy(frame, nfl_id, frames, held["x"].item(), held["y"].item())


def test_unrepairable_entity_and_then_the_play_are_dropped_with_a_row_each() -> None:
    truth = play_frame()
    stuck = list(range(5, 30))  # a frozen tag far longer than can be interpolated
    one = freeze(truth, 40000, stuck)
    four = one
    for nfl_id in (40001, 40002, 40003):
        four = freeze(four, nfl_id, stuck)

    cleaned_one, quality_one = clean_tracking(one)
    cleaned_four, quality_four = clean_tracking(four)

    assert cleaned_one.filter(pl.col("nfl_id") == 40000).height == 0
    dropped = quality_one.filter(pl.col("action") == "dropped_entity")
    assert dropped.height == 40 and set(dropped["check"]) == {"unrepaired_fault"}
    assert cleaned_four.height == 0
    actions = quality_four.filter(pl.col("action").cast(pl.String).str.starts_with("dropped"))
    assert actions.height == truth.height
    assert rows_of(quality_four, "too_many_dropped_entities").height == 40  # the ball's rows


def test_long_walk_off_the_field_is_kept_and_flagged() -> None:
    truth = play_frame()
    off = list(range(5, 30))
    away = (pl.col("nfl_id") == 40000) & pl.col("frame_id").is_in(off)
    walked = truth.with_columns(  # running along, 19 yd beyond the sideline (the tunnel)
        pl.when(away).then(-19.0).otherwise("y").cast(pl.Float32).alias("y")
    )

    cleaned, quality = clean_tracking(walked)

    assert cleaned.height == truth.height
    assert set(rows_of(quality, "off_field")["action"].to_list()) == {"flagged"}
    assert cleaned.filter(at(cleaned, 40000, 10))["y"].item() == pytest.approx(-19.0)


def test_duplicate_keys_are_dropped_and_recorded() -> None:
    truth = play_frame()
    doubled = pl.concat([truth, truth.filter(at(truth, 40000, 7))])

    cleaned, quality = clean_tracking(doubled)

    assert cleaned.height == truth.height
    assert rows_of(quality, "duplicate_key").height == 1


def test_unsorted_input_is_sorted() -> None:
    truth = play_frame()

    cleaned, _ = clean_tracking(truth.sample(fraction=1.0, shuffle=True, seed=3))

    assert cleaned.equals(clean_tracking(truth)[0])


def test_derived_kinematics_where_the_source_lacks_them() -> None:
    truth = play_frame(speed=6.0)
    bare = truth.with_columns(
        pl.lit(None, pl.Float32).alias(c) for c in ("s", "a", "dis", "o", "dir")
    )

    cleaned, _ = clean_tracking(bare)

    assert cleaned["s"].null_count() == 0 and cleaned["o"].null_count() == cleaned.height
    assert cleaned["s"].to_numpy() == pytest.approx(6.0, abs=0.05)
    assert cleaned["dis"].drop_nulls().to_numpy() == pytest.approx(0.6, abs=0.01)
    first = cleaned.filter(at(cleaned, 40000, 10))
    assert first["dir"].item() == pytest.approx(90.0, abs=0.5)  # moving toward +x


def test_every_check_and_rule_has_a_unique_name() -> None:
    names = CHECKS + DROP_RULES
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("bad", [{"smoothing_window": 6}, {"frozen_min_frames": 0}])
def test_config_rejects_a_bad_value(bad: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        CleaningConfig(**bad)


@pytest.mark.parametrize("window,order", [(5, 2), (7, 3), (9, 2)])
def test_savgol_derivative_is_exact_on_a_parabola(window: int, order: int) -> None:
    t = np.arange(window, dtype=np.float64)
    values = 3.0 + 2.0 * t + 0.5 * t**2
    for at_ in range(window):
        slope = savgol_coefficients(window, order, 1, at_) @ values
        assert slope == pytest.approx(2.0 + at_, abs=1e-9)


def test_savgol_derivative_at_some_rows_equals_the_full_one() -> None:
    tracking = play_frame(n_players=3, frames=30)
    tracking = set_xy(tracking, 40000, [4, 5, 20], None, None)  # runs of 3, 14 and 10 frames
    t = Tracks.from_frame(tracking)
    runs = FilterRuns.of(t.known, t.start, 7)
    rows = np.array([0, 1, 2, 3, 6, 10, 17, 29, 30, 61, 95, t.n - 1])

    full = savgol_derivative(t.x, runs, order=3, deriv=2)
    some = savgol_derivative(t.x, runs, order=3, deriv=2, rows=rows)

    np.testing.assert_array_equal(some, full[rows])
    assert np.isnan(full[~t.known]).all() and not np.isnan(full[t.known]).any()


def test_wrap_degrees_is_the_remainder_of_an_atan2_angle() -> None:
    rng = np.random.default_rng(3)
    angle = np.degrees(np.arctan2(rng.normal(size=10_000), rng.normal(size=10_000)))
    angle = np.concatenate([angle, [-180.0, 180.0, -0.0, 0.0, -1e-300, np.nan]])

    np.testing.assert_array_equal(wrap_degrees(angle), angle % 360.0)
    assert not np.signbit(wrap_degrees(np.array([-0.0]))).any()


@settings(max_examples=25, deadline=None)
@given(
    speed=st.floats(0.0, 11.0),
    curve=st.floats(-1.0, 1.0),
    frames=st.integers(2, 60),
)
def test_plausible_motion_is_never_flagged_or_changed(
    speed: float, curve: float, frames: int
) -> None:
    tracking = play_frame(n_players=3, frames=frames, speed=speed, curve=curve)
    assume(tracking["y"].is_between(0.0, 53.3).all() and tracking["x"].is_between(0, 120).all())

    cleaned, quality = clean_tracking(tracking.with_columns(pl.lit(None, pl.Float32).alias("dis")))

    assert quality.height == 0
    assert cleaned.select("x", "y").equals(tracking.select("x", "y"))
    assert not math.isnan(cleaned["x"].sum())
