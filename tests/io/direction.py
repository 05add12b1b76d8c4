"""Shared check of the readers' tests: the recorded direction of motion against the motion
between the frames around it."""

from __future__ import annotations

import numpy as np
import polars as pl

KEY = ["game_id", "play_id", "nfl_id", "frame_id"]


def direction_gaps(tracking: pl.DataFrame) -> np.ndarray:
    """Per moving player frame (s > 1 yd/s, both neighbour frames present): the angle (deg,
    0..180) between ``dir`` and the heading of the centred displacement
    ``p(t+1) − p(t−1)``."""
    tracks = (
        tracking.filter(pl.col("nfl_id").is_not_null())
        .unique(KEY, keep="first")
        .sort(KEY)
        .with_columns(
            (pl.col(c).shift(-1) - pl.col(c).shift(1))
            .over("game_id", "play_id", "nfl_id")
            .alias(f"d{c}")
            for c in ("x", "y", "frame_id")
        )
        .filter((pl.col("s") > 1) & (pl.col("dframe_id") == 2))
    )
    moving = np.degrees(np.arctan2(tracks["dx"].to_numpy(), tracks["dy"].to_numpy())) % 360
    return np.abs((tracks["dir"].to_numpy() - moving + 180) % 360 - 180)
