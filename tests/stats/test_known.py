"""Known-truth tests of the stat kernels on constructed plays with hand-computed answers."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from gridtrack.play import StatsConfig
from gridtrack.schema import KEY_FRAMES, PLAYERS, PLAYS, TRACKING
from gridtrack.stats import REGISTRY, compute_stats
from gridtrack.stats.docs import catalog_frame, catalog_markdown

ROOT = Path(__file__).resolve().parents[2]
LOS = 30.0
N_FRAMES = 61  # 6 s at 10 Hz: snap at frame 11, throw 31, arrival 41, tackle 51


def _track(nfl_id: int | None, side: str, xs: np.ndarray, ys: np.ndarray) -> pl.DataFrame:
    frames = np.arange(1, N_FRAMES + 1)
    return pl.DataFrame(
        {
            "game_id": 2020010100,
            "play_id": 1,
            "frame_id": frames,
            "nfl_id": nfl_id,
            "club": {"offense": "AAA", "defense": "BBB", "ball": "football"}[side],
            "side": side,
            "x": xs,
            "y": ys,
        }
    )


def constructed_pass() -> dict[str, pl.DataFrame]:
    """A pass: the QB (1) stands 5 yd behind the line, the WR (2) runs straight downfield at
    5 yd/s from the snap, the CB (3) backpedals 2 yd ahead of him, a rusher (4) walks at the
    QB at 1 yd/s; the
    ball is thrown at frame 31 and arrives at the WR at frame 41, who is tackled at 51."""
    t = np.arange(N_FRAMES) * 0.1  # s since frame 1
    moving = np.clip(t - 1.0, 0, None)  # s since the snap (frame 11)
    qb_x = np.full(N_FRAMES, LOS - 5.0)
    wr_x = LOS + 5.0 * moving
    cb_x = wr_x + 2.0
    rush_x = LOS + 1.0 - 1.0 * moving  # 1 yd/s toward the QB
    ball_x = np.where(t < 2.9, qb_x, wr_x)
    ball_x[30:40] = np.linspace(qb_x[30], wr_x[40], 11)[:10]
    y = np.full(N_FRAMES, 26.0)
    wr_y = np.full(N_FRAMES, 10.0)
    events = [None] * N_FRAMES
    events[10], events[30], events[40], events[50] = (
        "ball_snap",
        "pass_forward",
        "pass_outcome_caught",
        "tackle",
    )
    tracking = pl.concat(
        [
            _track(1, "offense", qb_x, y),
            _track(2, "offense", wr_x, wr_y),
            _track(3, "defense", cb_x, wr_y),
            _track(4, "defense", rush_x, y),
            _track(None, "ball", ball_x, np.where(t < 2.9, y, wr_y)),
        ]
    ).with_columns(pl.Series("event", events * 5, pl.String))
    tracking = TRACKING.conform(tracking).collect()
    plays = PLAYS.conform(
        pl.DataFrame(
            {
                "game_id": [2020010100],
                "play_id": [1],
                "absolute_yardline": [LOS],
                "play_type": ["pass"],
                "pass_result": ["C"],
                "yards_gained": [20],
            }
        )
    ).collect()
    keys = KEY_FRAMES.conform(
        pl.DataFrame(
            {
                "game_id": [2020010100],
                "play_id": [1],
                "start_frame": [1],
                "snap_frame": [11],
                "throw_frame": [31],
                "arrival_frame": [41],
                "end_frame": [51],
                "last_frame": [N_FRAMES],
            }
        )
    ).collect()
    players = PLAYERS.conform(
        pl.DataFrame({"nfl_id": [1, 2, 3, 4], "position": ["QB", "WR", "CB", "DE"]})
    ).collect()
    return {"tracking": tracking, "plays": plays, "key_frames": keys, "players": players}


@pytest.fixture(scope="module")
def known() -> tuple[dict[str, float], dict[tuple[int, str], float]]:
    t = constructed_pass()
    play, player = compute_stats(t["tracking"], t["plays"], t["key_frames"], t["players"])
    return (
        dict(zip(play["stat"], play["value"], strict=True)),
        {(i, s): v for i, s, v in player.select("nfl_id", "stat", "value").iter_rows()},
    )


def test_passing_stats_match_hand_computation(known):
    play, _ = known
    # snap 11 → throw 31: 2.0 s; throw → arrival 41: 1.0 s
    assert play["time_to_throw"] == pytest.approx(2.0)
    assert play["air_time"] == pytest.approx(1.0)
    # WR at the arrival: x = 30 + 5 * 3.0 = 45 → 15 air yards
    assert play["air_yards"] == pytest.approx(15.0, abs=1e-4)
    # from the QB (25, 26) at the throw to the WR (45, 10) at the arrival
    assert play["air_distance"] == pytest.approx(math.hypot(20.0, 16.0), abs=1e-4)
    assert play["pass_speed"] == pytest.approx(math.hypot(20.0, 16.0) / 1.0, abs=1e-4)
    assert play["qb_speed_at_throw"] == pytest.approx(0.0, abs=1e-6)


def test_receiving_and_coverage_stats(known):
    play, player = known
    assert play["separation_at_throw"] == pytest.approx(2.0, abs=1e-4)
    assert play["separation_at_arrival"] == pytest.approx(2.0, abs=1e-4)
    assert play["cushion_at_snap"] == pytest.approx(2.0, abs=1e-4)
    assert play["throw_in_tight_window"] == 0.0
    # caught at x = 45, tackled at frame 51: x = 30 + 5 * 4.0 = 50
    assert play["yards_after_catch"] == pytest.approx(5.0, abs=1e-4)
    assert play["target_sideline_distance_at_arrival"] == pytest.approx(10.0, abs=1e-4)
    assert play["route_depth"] == pytest.approx(15.0, abs=1e-4)
    assert player[(3, "closing_speed_after_throw")] == pytest.approx(0.0, abs=1e-4)
    assert player[(3, "nearest_defender_to_target_at_throw")] == 1.0


def test_pass_rush_stats(known):
    play, player = known
    # the rusher starts 6 yd from the QB and closes at 1 yd/s: within 2 yd after 4.0 s,
    # later than the throw (2.0 s) → no pressure; at the throw he is 4 yd away.
    assert play["rushers"] == 1.0
    assert play["pressure"] == 0.0
    assert player[(4, "min_distance_to_qb")] == pytest.approx(4.0, abs=1e-4)
    assert play["qb_nearest_rusher_distance_at_throw"] == pytest.approx(4.0, abs=1e-4)
    # the WR moves 1 yd after 0.2 s at 5 yd/s; the rusher after 1.0 s at 1 yd/s
    assert player[(2, "get_off")] == pytest.approx(0.2)
    assert player[(4, "get_off")] == pytest.approx(1.0)


def test_kinematics_and_shape(known):
    play, player = known
    # WR: 5 yd/s from the snap (frame 11) to the tackle (frame 51) → 20 yd in 4 s
    assert player[(2, "distance_travelled")] == pytest.approx(20.0, abs=1e-3)
    assert player[(2, "max_speed")] == pytest.approx(5.0, abs=1e-3)
    assert player[(2, "time_above_8_yds")] == 0.0
    assert player[(2, "distance_travelled_in_air")] == pytest.approx(5.0, abs=1e-3)
    assert player[(1, "distance_travelled")] == pytest.approx(0.0, abs=1e-6)
    assert play["los_x"] == LOS
    assert play["formation_width"] == pytest.approx(16.0)
    assert play["offense_depth"] == pytest.approx(5.0)
    assert play["defense_depth"] == pytest.approx(2.0)
    assert play["duration_in_air"] == pytest.approx(1.0)


def test_contact_closing_speed():
    """Two players run at each other at 3 and 2 yd/s: closing speed 5 yd/s at 1 yd."""
    t = constructed_pass()
    tracking = t["tracking"].with_columns(
        pl.when(pl.col("nfl_id") == 1)
        .then(20.0 + 3.0 * (pl.col("frame_id") - 1) * 0.1)
        .when(pl.col("nfl_id") == 4)
        .then(40.0 - 2.0 * (pl.col("frame_id") - 1) * 0.1)
        .otherwise(pl.col("x"))
        .cast(pl.Float32)
        .alias("x")
    )
    keys = t["key_frames"].with_columns(pl.lit(1, pl.Int32).alias("snap_frame"))
    play, player = compute_stats(
        tracking, t["plays"], keys, t["players"], config=StatsConfig(high_speed_contact=4.5)
    )
    values = dict(zip(play["stat"], play["value"], strict=True))
    assert values["max_closing_speed_at_contact"] == pytest.approx(5.0, abs=1e-3)
    assert values["high_speed_contacts"] == 1.0
    qb = player.filter((pl.col("nfl_id") == 1) & (pl.col("stat") == "contacts"))
    assert qb["value"].item() == 1.0


def test_every_output_is_registered_and_thousand_values_per_pass_play():
    """A 22-player pass play gets ≥ 1,000 values; every name it produces is registered
    (compute raises otherwise)."""
    t = constructed_pass()
    rng = np.random.default_rng(0)
    extra = []
    for i in range(18):
        side = "offense" if i < 9 else "defense"
        base = LOS - 3 if side == "offense" else LOS + 4
        xs = base + np.cumsum(rng.normal(0, 0.3, N_FRAMES))
        ys = 5 + 2.5 * i + np.cumsum(rng.normal(0, 0.3, N_FRAMES))
        extra.append(_track(100 + i, side, xs, ys))
    more = TRACKING.conform(pl.concat(extra)).collect()
    tracking = pl.concat([more, t["tracking"]]).sort(TRACKING.sort, nulls_last=True)
    play, player = compute_stats(tracking, t["plays"], t["key_frames"], t["players"])
    assert play.height + player.height >= 1000


def test_registry_is_consistent():
    frame = catalog_frame()
    assert frame.height == len(REGISTRY) >= 200
    assert frame.filter(pl.col("definition") == "").height == 0
    for name in (
        "time_to_throw",
        "air_yards",
        "air_distance",
        "pass_speed",
        "qb_speed_at_throw",
        "qb_nearest_rusher_distance_at_throw",
        "throw_in_tight_window",
        "separation_at_throw",
        "separation_at_arrival",
        "cushion_at_snap",
        "yards_after_catch",
        "target_sideline_distance_at_arrival",
        "route_depth",
        "time_to_los",
        "rush_efficiency",
        "yards_before_contact",
        "yards_after_contact",
        "box_defenders",
        "get_off",
        "time_to_pressure",
        "min_distance_to_qb",
        "pressure",
        "rushers",
        "nearest_defender_to_target_at_throw",
        "closing_speed_after_throw",
        "defender_distance_to_ball_at_arrival",
        "distance_travelled",
        "max_speed",
        "max_acceleration",
        "max_deceleration",
        "time_above_8_yds",
        "formation_width",
        "offense_depth",
        "defense_depth",
        "los_x",
        "hang_time",
        "return_speed",
        "coverage_speed",
        "closing_speed_at_contact",
        "max_closing_speed_at_contact",
        "high_speed_contacts",
    ):
        REGISTRY.get(name)


def test_catalog_page_is_up_to_date():
    page = (ROOT / "docs" / "catalog.md").read_text()
    assert page == catalog_markdown() + "\n", "regenerate: gridtrack catalog --markdown"
