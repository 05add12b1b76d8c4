"""Frame stats: known truth on the constructed pass of ``tests.stats.test_known``."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from gridtrack.errors import UnknownNameError
from gridtrack.stats import REGISTRY, frame_stats
from gridtrack.stats.registry import Registry
from tests.stats.test_known import LOS, constructed_pass


@pytest.fixture(scope="module")
def frames() -> pl.DataFrame:
    t = constructed_pass()
    return frame_stats(t["tracking"], t["plays"], t["key_frames"], t["players"])


def _at(frames: pl.DataFrame, nfl_id: int, frame_id: int, stat: str) -> float:
    on = (pl.col("nfl_id") == nfl_id) & (pl.col("frame_id") == frame_id)
    return frames.filter(on).get_column(stat).item()


def test_one_row_per_player_per_frame(frames):
    assert frames.height == 4 * 61
    assert frames.select("frame_id", "nfl_id").is_unique().all()
    assert frames.columns[4:] == REGISTRY.names("frame")


def test_distances_match_hand_computation(frames):
    # frame 21 is 1.0 s after the snap: WR (2) at x = 35, CB (3) 2 yd ahead of him;
    # the rusher (4) at x = 30, the QB (1) at x = 25, both at y = 26
    assert _at(frames, 2, 21, "nearest_opponent_distance") == pytest.approx(2.0)
    assert _at(frames, 1, 21, "nearest_opponent_distance") == pytest.approx(5.0)
    assert _at(frames, 4, 21, "nearest_opponent_distance") == pytest.approx(5.0)
    assert _at(frames, 1, 21, "nearest_teammate_distance") == pytest.approx(np.hypot(10, 16))
    assert _at(frames, 2, 21, "downfield_from_los") == pytest.approx(35.0 - LOS)
    assert _at(frames, 2, 21, "sideline_distance") == pytest.approx(10.0)
    assert _at(frames, 1, 21, "distance_to_ball") == pytest.approx(0.0)


def test_closing_speed_sign(frames):
    # the rusher walks at the QB at 1 yd/s; the CB runs with the WR
    assert _at(frames, 1, 21, "nearest_opponent_closing_speed") == pytest.approx(1.0, abs=1e-4)
    assert _at(frames, 4, 21, "nearest_opponent_closing_speed") == pytest.approx(1.0, abs=1e-4)
    assert _at(frames, 2, 21, "nearest_opponent_closing_speed") == pytest.approx(0.0, abs=1e-4)


def test_speed_from_positions_where_untracked(frames):
    # the constructed tracking has no s: speed is |v| from the positions
    assert _at(frames, 2, 21, "speed") == pytest.approx(5.0)
    assert _at(frames, 1, 21, "speed") == pytest.approx(0.0)


def test_subset_and_unknown_names():
    t = constructed_pass()
    one = frame_stats(t["tracking"], names=["speed"])
    assert one.columns == ["game_id", "play_id", "frame_id", "nfl_id", "speed"]
    with pytest.raises(UnknownNameError, match="not frame stats: \\['max_speed'\\]"):
        frame_stats(t["tracking"], names=["max_speed"])
    assert frame_stats(t["tracking"].clear()).height == 0


def test_a_family_holds_frame_stats_only_or_none():
    registry = Registry()
    registry.family("plain", lambda chunk, results: None)
    registry.add("x", "play", "yd", "plain", "x")
    with pytest.raises(ValueError, match="all frame stats or none"):
        registry.add("y", "frame", "yd", "plain", "y")
    registry.family("frames", lambda chunk, results: None, causal=True)
    registry.add("z", "frame", "yd", "frames", "z")
    assert [k.family for k in registry.kernels()] == ["plain"]
    assert [k.family for k in registry.kernels(frame=True)] == ["frames"]
