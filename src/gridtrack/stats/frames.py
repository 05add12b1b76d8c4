"""Frame stats, computed on demand rather than stored.

A play has ``F × P`` values of each frame stat (a few thousand), too many to keep for every
play of a season but what an animation overlay or a frame-by-frame analysis needs.
:func:`frame_stats` runs the frame families' kernels (e.g.
:mod:`gridtrack.stats.families.frame`) over the plays of any canonical tables;
``gridtrack frame-stats`` prints them and ``gridtrack animate --stat NAME`` draws them.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import polars as pl

from gridtrack.stats.arrays import PlayArrays, play_arrays
from gridtrack.stats.context import PlayContext
from gridtrack.stats.registry import REGISTRY, FrameKernel, Registry

KEYS = ("game_id", "play_id", "frame_id", "nfl_id")


def _play_frame(
    ctx: PlayContext, kernels: Iterable[FrameKernel], names: list[str]
) -> dict[str, np.ndarray]:
    """The flat columns of one play: keys, then ``names``, on the frames a player is on."""
    a: PlayArrays = ctx.arr
    values: dict[str, np.ndarray] = {}
    for family_kernel in kernels:
        values.update(family_kernel(ctx))
    present = np.isfinite(a.x).ravel()
    f, p = ctx.n_frames, ctx.n_players
    return {
        "game_id": np.full(int(present.sum()), a.game_id, np.int64),
        "play_id": np.full(int(present.sum()), a.play_id, np.int64),
        "frame_id": np.repeat(a.frame_id, p)[present],
        "nfl_id": np.tile(a.nfl_id, f)[present],
        **{name: np.asarray(values[name], np.float64).ravel()[present] for name in names},
    }


def frame_stats(
    tracking: pl.DataFrame,
    plays: pl.DataFrame | None = None,
    key_frames: pl.DataFrame | None = None,
    players: pl.DataFrame | None = None,
    *,
    names: Iterable[str] | None = None,
    registry: Registry = REGISTRY,
) -> pl.DataFrame:
    """Frame stats of every play of ``tracking`` (canonical tables, collected), wide: one
    row per player per frame the player is on, keyed by ``game_id, play_id, frame_id,
    nfl_id``, one Float64 column per stat (``names``: a subset, default all), null where a
    stat is undefined (no opponent on the field, no ball row, unknown line of scrimmage).

    Raises ``ValueError`` for a name that is not a frame stat of ``registry``.
    """
    known = registry.names("frame")
    wanted = list(known if names is None else names)
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise ValueError(f"not frame stats: {unknown} (frame stats: {', '.join(known)})")
    families = {registry.get(n, "frame").family for n in wanted}
    kernels = [k for fam, k in registry.frame_kernels.items() if fam in families]
    schema = {k: pl.Int64 for k in KEYS} | {n: pl.Float64 for n in wanted}
    with np.errstate(all="ignore"):  # 0/0 and NaN comparisons give NaN on purpose
        parts = [
            _play_frame(PlayContext(arrays), kernels, wanted)
            for arrays in play_arrays(tracking, plays, key_frames, players)
            if arrays.n_players
        ]
    if not parts:
        return pl.DataFrame(schema=schema)
    columns = {name: np.concatenate([part[name] for part in parts]) for name in schema}
    return pl.DataFrame(columns, schema=schema).fill_nan(None)
