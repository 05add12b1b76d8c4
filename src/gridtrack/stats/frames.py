"""Frame stats, computed on demand rather than stored.

A play has ``F × P`` values of each frame stat (a few thousand), too many to keep for every
play of a season but what an animation overlay or a frame-by-frame analysis needs.
:func:`frame_stats` runs the frame families' kernels (e.g.
:mod:`gridtrack.stats.families.frame`) over the plays of any canonical tables;
``gridtrack frame-stats`` prints them and ``gridtrack animate --stat NAME`` draws them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import polars as pl

from gridtrack.errors import UnknownNameError
from gridtrack.play import DEFAULT, Chunk, PlayContext, StatsConfig, play_arrays
from gridtrack.stats.compute import CHUNK_PLAYS, chunked, quiet, run_kernels
from gridtrack.stats.registry import REGISTRY, PlayResult, Registry

KEYS = ("game_id", "play_id", "frame_id", "nfl_id")


def _play_frame(
    ctx: PlayContext, result: PlayResult, scopes: Mapping[str, str]
) -> dict[str, np.ndarray]:
    """The flat columns of one play: keys, then the stats of ``scopes`` (name → the plays
    it applies to; NaN on other plays), on the frames a player is on."""
    a = ctx.arr
    present = np.isfinite(a.x).ravel()
    f, p = ctx.n_frames, ctx.n_players
    applies = {n: scope in ("all", ctx.kind) for n, scope in scopes.items()}
    return {
        "game_id": np.full(int(present.sum()), a.game_id, np.int64),
        "play_id": np.full(int(present.sum()), a.play_id, np.int64),
        "frame_id": np.repeat(a.frame_id, p)[present],
        "nfl_id": np.tile(a.nfl_id, f)[present],
        **{
            name: np.asarray(result.frame[name], np.float64).ravel()[present]
            if applies[name]
            else np.full(int(present.sum()), np.nan)
            for name in scopes
        },
    }


def frame_stats(
    tracking: pl.DataFrame,
    plays: pl.DataFrame | None = None,
    key_frames: pl.DataFrame | None = None,
    players: pl.DataFrame | None = None,
    *,
    names: Iterable[str] | None = None,
    registry: Registry = REGISTRY,
    config: StatsConfig = DEFAULT,
) -> pl.DataFrame:
    """Frame stats of every play of ``tracking`` (canonical tables, collected), wide: one
    row per player per frame the player is on, keyed by ``game_id, play_id, frame_id,
    nfl_id``, one Float64 column per stat (``names``: a subset, default all), null where a
    stat is undefined (no opponent on the field, no ball row, unknown line of scrimmage).

    Raises :class:`~gridtrack.errors.UnknownNameError` for a name that is not a frame stat
    of ``registry``.
    """
    known = registry.names("frame")
    wanted = list(known if names is None else names)
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise UnknownNameError(f"not frame stats: {unknown} (frame stats: {', '.join(known)})")
    scopes = {n: registry.get(n, "frame").applies_to for n in wanted}
    families = {registry.get(n, "frame").family for n in wanted}
    kernels = [k for k in registry.kernels(frame=True) if k.family in families]
    schema = {k: pl.Int64 for k in KEYS} | {n: pl.Float64 for n in wanted}
    parts = []
    with quiet():  # 0/0 and NaN comparisons give NaN on purpose
        for part in chunked(play_arrays(tracking, plays, key_frames, players), CHUNK_PLAYS):
            chunk = Chunk.of(part, config)
            results = run_kernels(chunk, kernels)
            parts += [
                _play_frame(ctx, result, scopes)
                for ctx, result in zip(chunk.contexts, results, strict=True)
                if ctx.n_players
            ]
    if not parts:
        return pl.DataFrame(schema=schema)
    columns = {name: np.concatenate([part[name] for part in parts]) for name in schema}
    return pl.DataFrame(columns, schema=schema).fill_nan(None)
