"""Stats selected by name: the values of the whole catalogue, for less work."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import gridtrack
from gridtrack.play import Chunk
from gridtrack.stats import REGISTRY, compute_plays, compute_stats, play_arrays
from gridtrack.stats.families import kinematics
from tests.stats.test_batch import _key_frames, _random_plays

PICKED = (
    "air_yards",  # passing, play level
    "separation_at_arrival",  # receiving, play and player-play levels
    "max_speed_in_air",  # kinematics, one phase
    "total_turn",  # kinematics, the turn reduction
    "duration_pre_snap",  # kinematics, play level only
    "qb_nearest_rusher_distance_at_throw",  # passing, needs the rushers
    "formation_width",  # play shape
)


def _only(frame: pl.DataFrame, names: tuple[str, ...]) -> pl.DataFrame:
    return frame.filter(pl.col("stat").is_in(names))


def test_selected_stats_are_those_of_the_whole_catalogue(real_data: Path) -> None:
    # arrange
    tables = gridtrack.read_tracking(real_data / "bdb2019").collect()
    names = ("tracking", "plays", "key_frames", "players")
    # act
    whole = compute_stats(*(tables[n] for n in names))
    picked = compute_stats(*(tables[n] for n in names), stats=PICKED)
    # assert
    assert set(picked[0]["stat"]) | set(picked[1]["stat"]) == set(PICKED)
    for all_of_them, some in zip(whole, picked, strict=True):
        assert_frame_equal(_only(all_of_them, PICKED), some)


def test_selection_on_short_and_gappy_plays() -> None:
    # arrange: plays of one to three frames, missing rows and values
    tracking, key_frames = _random_plays(), _key_frames()
    registry = REGISTRY.select(PICKED)
    # act
    whole = compute_plays(play_arrays(tracking, key_frames=key_frames))
    picked = compute_plays(play_arrays(tracking, key_frames=key_frames), registry)
    # assert
    assert picked[1].filter(pl.col("stat") == "max_speed_in_air").height > 0
    for all_of_them, some in zip(whole, picked, strict=True):
        assert_frame_equal(_only(all_of_them, PICKED), some)


def test_a_selection_runs_the_kernels_of_its_families() -> None:
    # act
    registry = REGISTRY.select(["air_yards", "max_speed", "separation_at_arrival"])
    # assert
    families = [k.family for k in registry.kernels()]
    assert families == ["kinematics", "passing", "receiving"]  # registered so
    assert registry.names("play") == ["air_yards", "separation_at_arrival"]
    assert registry.names("player_play") == ["max_speed", "separation_at_arrival"]
    assert registry.selected == {"air_yards", "max_speed", "separation_at_arrival"}
    assert "time_to_throw" in registry.skipped("play")
    assert "max_speed" not in registry.skipped("player_play")
    assert REGISTRY.selected is None


def test_unknown_and_frame_stats_cannot_be_selected() -> None:
    with pytest.raises(KeyError, match="no_such_stat"):
        REGISTRY.select(["max_speed", "no_such_stat"])
    with pytest.raises(KeyError, match="frame_stats"):
        REGISTRY.select(["nearest_opponent_distance"])


@settings(max_examples=40, deadline=None)
@given(st.sets(st.sampled_from(list(kinematics.STATS)), min_size=1))
def test_kinematics_of_some_stats_are_those_of_all(stats: set[str]) -> None:
    # arrange
    chunk = Chunk.of(list(play_arrays(_random_plays(), key_frames=_key_frames())))
    lo = chunk.motion.starts[:-1]
    hi = chunk.motion.starts[1:] - 1
    with np.errstate(all="ignore"):  # means over all-NaN phases are NaN on purpose
        everything = kinematics.phase_stats(chunk.motion, lo, hi)
        # act
        some = kinematics.phase_stats(chunk.motion, lo, hi, stats)
    # assert
    assert set(some) == stats
    for name in stats:
        assert np.array_equal(some[name], everything[name], equal_nan=True), name
