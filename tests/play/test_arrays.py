"""``play_arrays``: dense per-play arrays whatever the row order, ids or gaps."""

from __future__ import annotations

import dataclasses

import numpy as np
import polars as pl

from gridtrack.stats import play_arrays


def _tracking() -> pl.DataFrame:
    """Two plays: stand-in (negative) ids and a ball in the first, a player missing two
    frames and no ball in the second."""
    rows = []
    for play, ids, frames in ((1, [-7, -3, None], range(5, 9)), (2, [11, 12], range(1, 4))):
        for nfl_id in ids:
            side = "ball" if nfl_id is None else ("offense" if nfl_id in (-7, 11) else "defense")
            for f in frames:
                if play == 2 and nfl_id == 12 and f != 1:
                    continue
                rows.append((10, play, f, nfl_id, side, float(f), float(play), f + 0.5))
    return pl.DataFrame(
        rows,
        schema=["game_id", "play_id", "frame_id", "nfl_id", "side", "x", "y", "s"],
        orient="row",
    ).with_columns(event=pl.lit(None, pl.String))


def test_dense_arrays_per_play() -> None:
    # act
    first, second = play_arrays(_tracking())
    # assert
    assert first.nfl_id.tolist() == [-7, -3]
    assert first.side.tolist() == [1, -1]
    assert first.frame_id.tolist() == [5, 6, 7, 8]
    assert first.x.shape == (4, 2) and first.x.flags.f_contiguous  # a player's frames adjacent
    assert first.ball_x.tolist() == [5.0, 6.0, 7.0, 8.0]
    assert np.isnan(first.o).all()
    assert np.isnan(second.ball_x).all()
    assert second.x[:, 1].tolist()[0] == 1.0 and np.isnan(second.x[1:, 1]).all()


def test_row_order_does_not_matter() -> None:
    # arrange
    tracking = _tracking()
    shuffled = tracking.sample(fraction=1.0, shuffle=True, seed=7)
    # act
    ordered, mixed = list(play_arrays(tracking)), list(play_arrays(shuffled))
    # assert
    for a, b in zip(ordered, mixed, strict=True):
        for f in dataclasses.fields(a):
            x, y = getattr(a, f.name), getattr(b, f.name)
            if isinstance(x, np.ndarray) and x.dtype.kind == "f":
                assert np.array_equal(x, y, equal_nan=True), f.name
            elif isinstance(x, np.ndarray):
                assert x.tolist() == y.tolist(), f.name
            else:
                assert x == y, f.name
