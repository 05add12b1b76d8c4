"""Chunks of plays: the same stats whether plays are computed together or one by one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

import gridtrack
from gridtrack.play import Chunk, PlayContext
from gridtrack.stats import REGISTRY, compute_plays, play_arrays


def _random_plays(seed: int = 3) -> pl.DataFrame:
    """Plays of 1, 2, 3 and many frames with different numbers of players, missing rows and
    missing ``s`` / ``dir`` values; snap, throw and arrival on the longer plays."""
    rng = np.random.default_rng(seed)
    parts = []
    for play, (n_frames, n_players) in enumerate(((40, 5), (1, 3), (2, 4), (3, 2), (25, 6)), 1):
        for k in range(n_players + 1):
            ball = k == n_players
            steps = rng.normal(0.0, 0.5, (n_frames, 2))
            xy = rng.uniform(20, 40, 2) + np.cumsum(steps, axis=0)
            keep = rng.random(n_frames) > 0.1
            keep[0] = True
            s = np.where(rng.random(n_frames) < 0.2, np.nan, rng.uniform(0, 9, n_frames))
            heading = np.where(rng.random(n_frames) < 0.2, np.nan, rng.uniform(0, 360, n_frames))
            parts.append(
                pl.DataFrame(
                    {
                        "game_id": 1,
                        "play_id": play,
                        "frame_id": np.arange(1, n_frames + 1),
                        "nfl_id": None if ball else 100 * play + k,
                        "side": "ball" if ball else ("offense" if k % 2 else "defense"),
                        "x": xy[:, 0],
                        "y": xy[:, 1],
                        "s": s,
                        "dir": heading,
                    }
                ).filter(pl.lit(keep))
            )
    tracking = pl.concat(parts, how="vertical_relaxed").with_columns(event=pl.lit(None, pl.String))
    return tracking.cast({"nfl_id": pl.Int64})


def _key_frames() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "game_id": [1, 1],
            "play_id": [1, 5],
            "start_frame": [1, 1],
            "snap_frame": [6, 3],
            "throw_frame": [20, None],
            "arrival_frame": [28, None],
            "handoff_frame": [None, 8],
            "end_frame": [40, 25],
        }
    )


def test_motion_of_a_chunk_is_that_of_each_play() -> None:
    # arrange
    plays = list(play_arrays(_random_plays()))
    # act
    chunk = Chunk.of(plays)
    # assert
    for together, arrays in zip(chunk.contexts, plays, strict=True):
        alone = PlayContext(arrays)
        for name in ("vx", "vy", "speed", "accel", "heading", "step"):
            assert np.array_equal(getattr(together, name), getattr(alone, name), equal_nan=True)


def test_missing_speed_and_heading_come_from_the_velocity() -> None:
    # arrange: 20% of s and dir missing, plays of one to forty frames
    motion = Chunk.of(list(play_arrays(_random_plays()))).motion
    missing_s, missing_dir = np.isnan(motion.s), np.isnan(motion.dir)
    # act
    speed, heading = motion.speed, motion.heading
    # assert: as from the full velocity arrays (NaN on a play of one frame)
    assert missing_s.sum() > 10 and missing_dir.sum() > 10
    full_speed = np.hypot(motion.vx, motion.vy)
    full_heading = np.degrees(np.arctan2(motion.vx, motion.vy)) % 360.0
    assert np.allclose(speed[missing_s], full_speed[missing_s], rtol=1e-12, equal_nan=True)
    assert np.allclose(heading[missing_dir], full_heading[missing_dir], equal_nan=True)
    assert np.array_equal(speed[~missing_s], motion.s[~missing_s])


def test_chunks_give_the_stats_of_plays_one_by_one() -> None:
    # arrange
    tracking, key_frames = _random_plays(), _key_frames()
    # act
    one = compute_plays(play_arrays(tracking, key_frames=key_frames), chunk_plays=1)
    many = compute_plays(play_arrays(tracking, key_frames=key_frames), chunk_plays=3)
    # assert
    assert one[1].filter(pl.col("stat") == "max_speed").height > 0
    for a, b in zip(one, many, strict=True):
        assert_frame_equal(a, b)


def test_chunks_on_a_real_game(real_data: Path) -> None:
    # arrange
    tables = gridtrack.read_tracking(real_data / "bdb2019").collect()
    names = ("tracking", "plays", "key_frames", "players")
    # act
    one, many = (
        compute_plays(play_arrays(*(tables[n] for n in names)), REGISTRY, chunk_plays=size)
        for size in (1, 64)
    )
    # assert
    for a, b in zip(one, many, strict=True):
        assert_frame_equal(a, b)
