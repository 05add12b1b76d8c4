"""Run every family kernel over plays and gather the long stat tables.

The plays are taken in chunks of consecutive plays (:data:`CHUNK_PLAYS`) whose kinematics
and roles are derived together (:class:`~gridtrack.play.Chunk`); in each chunk every kernel
runs once over all its plays, reading only the roles it declares. A value of a stat for a
play it does not apply to is dropped here, whatever the kernel wrote. The results are
gathered as numpy arrays and become two polars frames at the end:

``stats_play``         game_id, play_id, stat, value
``stats_player_play``  game_id, play_id, nfl_id, stat, value

Only finite values are kept: a stat absent for a play is null in the wide views.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from gridtrack.errors import DefinitionError
from gridtrack.play import DEFAULT, Chunk, PlayArrays, PlayContext, StatsConfig, play_arrays
from gridtrack.stats.registry import REGISTRY, Kernel, PlayResult, Registry

CHUNK_PLAYS = 200
"""Plays per chunk: about one game (150 to 180 plays), enough to spread a batch kernel's
per-call cost over many plays, few enough that the chunk's derived arrays stay small (a few
MB each)."""


COLUMNS = {
    "game_id": np.int64,
    "play_id": np.int64,
    "nfl_id": np.int64,
    "stat": np.uint32,
    "value": np.float64,
}
"""The columns of the long frames (``nfl_id`` at the player-play level only) as gathered;
``stat`` holds codes into the level's stat names until a chunk's frame is made."""


@dataclass
class _Gather:
    """Per-play results of one level, kept as arrays and turned into a frame at the end.

    Each play adds its stat codes and values (and, at the player-play level, the players'
    ids) as flat arrays; :meth:`flush`, after each chunk of plays, joins them into a frame
    of the rows with a finite value; :meth:`frame` stacks those frames (without copying
    them into one block). The ``skipped`` stats (computed, not selected), and a stat on a
    play of a kind (:data:`~gridtrack.play.KINDS`) it does not apply to, get the code
    ``len(names)`` and are left out with the non-finite values.
    """

    names: list[str]
    level: str
    registry: Registry
    skipped: frozenset[str] = frozenset()
    codes: dict[str, int] = field(init=False)
    scopes: dict[str, str] = field(init=False)
    known: dict[tuple[tuple[str, ...], str], np.ndarray] = field(default_factory=dict)
    plays: list[tuple[int, int]] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    stats: list[np.ndarray] = field(default_factory=list)
    values: list[np.ndarray] = field(default_factory=list)
    nfl_ids: list[np.ndarray] = field(default_factory=list)
    columns: list[str] = field(init=False)
    frames: list[pl.DataFrame] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.codes = {n: i for i, n in enumerate(self.names)}
        self.scopes = {n: self.registry.get(n, self.level).applies_to for n in self.names}
        self.columns = [c for c in COLUMNS if c != "nfl_id" or self.level == "player_play"]

    def code(self, names: tuple[str, ...], kind: str) -> np.ndarray:
        """The stat codes of ``names`` on a play of ``kind``: ``len(names)`` for a skipped
        stat or one that does not apply to the kind (remembered: most plays produce the
        same names)."""
        found = self.known.get((names, kind))
        if found is None:
            unknown = [n for n in names if n not in self.codes and n not in self.skipped]
            if unknown:
                raise DefinitionError(
                    f"kernel produced unregistered {self.level} stat {unknown[0]!r}"
                )
            skip = len(self.names)
            found = np.array(
                [self.codes[n] if self.scopes.get(n) in ("all", kind) else skip for n in names],
                dtype=np.uint32,
            )
            self.known[(names, kind)] = found
        return found

    def add(self, ctx: PlayContext, stats: np.ndarray, values: np.ndarray) -> None:
        arr = ctx.arr
        self.plays.append((arr.game_id, arr.play_id))
        self.sizes.append(values.shape[0])
        self.stats.append(stats)
        self.values.append(values)

    def flush(self) -> None:
        """Join the plays added since the last flush and keep their finite values."""
        if not self.sizes:
            return
        plays = np.array(self.plays, dtype=np.int64).reshape(-1, 2)
        values = np.concatenate(self.values)
        stats = np.concatenate(self.stats)
        finite = np.isfinite(values)
        finite &= stats < len(self.names)
        ends = np.zeros(len(self.sizes) + 1, dtype=np.int64)
        np.cumsum(self.sizes, out=ends[1:])
        finite_before = np.concatenate([[0], np.cumsum(finite)])[ends]
        kept = np.diff(finite_before)  # per play
        columns = {
            "game_id": np.repeat(plays[:, 0], kept),
            "play_id": np.repeat(plays[:, 1], kept),
            "nfl_id": np.concatenate(self.nfl_ids)[finite] if self.nfl_ids else np.zeros(0),
            "stat": stats[finite],
            "value": values[finite],
        }
        self.frames.append(self._frame({c: columns[c] for c in self.columns}))
        for pending in (self.plays, self.sizes, self.stats, self.values, self.nfl_ids):
            pending.clear()

    def _frame(self, columns: dict[str, np.ndarray]) -> pl.DataFrame:
        """A frame of ``columns``, the stat codes replaced by the stat names."""
        frame = pl.DataFrame({c: v.astype(COLUMNS[c], copy=False) for c, v in columns.items()})
        names = pl.Series("stat", self.names, pl.String)
        return frame.with_columns(names.gather(frame["stat"]))

    def frame(self) -> pl.DataFrame:
        """The long frame: the play keys (and ``nfl_id``), ``stat`` and finite ``value``."""
        self.flush()
        if not self.frames:
            return self._frame({c: np.zeros(0, COLUMNS[c]) for c in self.columns})
        return pl.concat(self.frames)


def _play_part(ctx: PlayContext, res: PlayResult, gather: _Gather) -> None:
    values = np.fromiter(res.play.values(), dtype=np.float64, count=len(res.play))
    gather.add(ctx, gather.code(tuple(res.play), ctx.kind), values)


def _player_part(ctx: PlayContext, res: PlayResult, gather: _Gather) -> None:
    """The ``(stats, players)`` values of a play, flattened stat after stat."""
    if not res.player or ctx.n_players == 0:
        return
    matrix = np.array(list(res.player.values()), dtype=np.float64)
    codes = gather.code(tuple(res.player), ctx.kind)
    gather.add(ctx, np.repeat(codes, ctx.n_players), matrix.ravel())
    gather.nfl_ids.append(np.tile(ctx.arr.nfl_id, len(res.player)))


@contextmanager
def quiet() -> Iterator[None]:
    """Kernels divide by zero and reduce all-NaN slices on purpose (the result is NaN):
    no warnings for those."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def chunked(plays: Iterable[PlayArrays], size: int) -> Iterator[list[PlayArrays]]:
    """``plays`` in lists of ``size`` consecutive plays (the last one shorter)."""
    chunk: list[PlayArrays] = []
    for arrays in plays:
        chunk.append(arrays)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_kernels(chunk: Chunk, kernels: Iterable[Kernel]) -> list[PlayResult]:
    """``kernels`` on the plays of ``chunk`` in order, each reading only the roles it
    declares: one :class:`PlayResult` per play (values of every play, whatever their
    stats apply to)."""
    results = [PlayResult() for _ in chunk.contexts]
    for kernel in kernels:
        with chunk.reading(f"kernel {kernel.family!r}", kernel.needs):
            kernel.run(chunk, results)
    return results


def compute_plays(
    plays: Iterable[PlayArrays],
    registry: Registry = REGISTRY,
    config: StatsConfig = DEFAULT,
    chunk_plays: int = CHUNK_PLAYS,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The long ``stats_play`` and ``stats_player_play`` frames of ``plays``, computed
    ``chunk_plays`` plays at a time (the values do not depend on it), with the thresholds
    of ``config``. Only the stats of ``registry`` come out (:meth:`Registry.select` chooses
    some), on the plays they apply to."""
    gathers = [
        _Gather(registry.names(level), level, registry, registry.skipped(level))
        for level in ("play", "player_play")
    ]
    kernels = registry.kernels()
    with quiet():
        for part in chunked(plays, chunk_plays):
            chunk = Chunk.of(part, config, registry.selected)
            for ctx, result in zip(chunk.contexts, run_kernels(chunk, kernels), strict=True):
                _play_part(ctx, result, gathers[0])
                _player_part(ctx, result, gathers[1])
            for gather in gathers:
                gather.flush()
    return gathers[0].frame(), gathers[1].frame()


def compute_stats(
    tracking: pl.DataFrame,
    plays: pl.DataFrame | None = None,
    key_frames: pl.DataFrame | None = None,
    players: pl.DataFrame | None = None,
    *,
    config: StatsConfig = DEFAULT,
    stats: Iterable[str] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The whole catalogue over canonical tables (collected), or only the ``stats`` named:
    ``(stats_play, stats_player_play)`` in long form, in the order of the plays."""
    registry = REGISTRY if stats is None else REGISTRY.select(stats)
    return compute_plays(play_arrays(tracking, plays, key_frames, players), registry, config)
