"""Run every family kernel over plays and gather the long stat tables.

The loop is over plays (each kernel is vectorized over the play's frames and players);
the results are gathered as numpy arrays and become two polars frames at the end:

``stats_play``         game_id, play_id, stat, value
``stats_player_play``  game_id, play_id, nfl_id, stat, value

Only finite values are kept: a stat absent for a play is null in the wide views.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from gridtrack.stats.arrays import PlayArrays, play_arrays
from gridtrack.stats.context import PlayContext, PlayResult
from gridtrack.stats.registry import REGISTRY, Registry


@dataclass
class _Gather:
    """Growing lists of per-play results, turned into frames once at the end."""

    names: list[str]
    codes: dict[str, int] = field(init=False)
    parts: list[tuple[np.ndarray, ...]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.codes = {n: i for i, n in enumerate(self.names)}

    def code(self, names: Iterable[str], level: str) -> np.ndarray:
        try:
            return np.fromiter((self.codes[n] for n in names), dtype=np.uint32)
        except KeyError as exc:
            raise KeyError(f"kernel produced unregistered {level} stat {exc.args[0]!r}") from None

    def frame(self, with_player: bool) -> pl.DataFrame:
        keys = ("game_id", "play_id", "nfl_id") if with_player else ("game_id", "play_id")
        if self.parts:
            cols = [np.concatenate(c) for c in zip(*self.parts, strict=True)]
        else:
            cols = [np.zeros(0, np.int64)] * len(keys) + [np.zeros(0, np.uint32), np.zeros(0)]
        data = dict(zip(keys, cols[: len(keys)], strict=True))
        return pl.DataFrame(
            {
                **{k: pl.Series(k, v, pl.Int64) for k, v in data.items()},
                "stat": pl.Series("stat", self.names, pl.String).gather(cols[-2]),
                "value": pl.Series("value", cols[-1], pl.Float64),
            }
        )


def _play_part(arr: PlayArrays, res: PlayResult, gather: _Gather) -> None:
    values = np.fromiter(res.play.values(), dtype=np.float64, count=len(res.play))
    keep = np.isfinite(values)
    n = int(keep.sum())
    gather.parts.append(
        (
            np.full(n, arr.game_id, np.int64),
            np.full(n, arr.play_id, np.int64),
            gather.code(res.play, "play")[keep],
            values[keep],
        )
    )


def _player_part(arr: PlayArrays, res: PlayResult, gather: _Gather) -> None:
    if not res.player or arr.n_players == 0:
        return
    matrix = np.vstack(list(res.player.values())).astype(np.float64, copy=False)
    codes = np.repeat(gather.code(res.player, "player_play"), arr.n_players)
    ids = np.tile(arr.nfl_id, len(res.player))
    flat = matrix.ravel()
    keep = np.isfinite(flat)
    n = int(keep.sum())
    gather.parts.append(
        (
            np.full(n, arr.game_id, np.int64),
            np.full(n, arr.play_id, np.int64),
            ids[keep],
            codes[keep],
            flat[keep],
        )
    )


def compute_play(
    arrays: PlayArrays,
    registry: Registry = REGISTRY,
    options: Mapping[str, float] | None = None,
) -> PlayResult:
    """Every family kernel of ``registry`` on one play (``options``: kernel settings such
    as ``high_speed_contact``)."""
    ctx = PlayContext(arrays, options)
    result = PlayResult()
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        for kernel in registry.kernels.values():
            kernel(ctx, result)
    return result


def compute_plays(
    plays: Iterable[PlayArrays],
    registry: Registry = REGISTRY,
    options: Mapping[str, float] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The long ``stats_play`` and ``stats_player_play`` frames of ``plays``."""
    play_gather = _Gather(registry.names("play"))
    player_gather = _Gather(registry.names("player_play"))
    for arrays in plays:
        result = compute_play(arrays, registry, options)
        _play_part(arrays, result, play_gather)
        _player_part(arrays, result, player_gather)
    return play_gather.frame(with_player=False), player_gather.frame(with_player=True)


def compute_stats(
    tracking: pl.DataFrame,
    plays: pl.DataFrame | None = None,
    key_frames: pl.DataFrame | None = None,
    players: pl.DataFrame | None = None,
    *,
    options: Mapping[str, float] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The whole catalogue over canonical tables (collected): ``(stats_play,
    stats_player_play)`` in long form, in the order of the plays."""
    return compute_plays(play_arrays(tracking, plays, key_frames, players), options=options)
