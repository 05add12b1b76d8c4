"""The in-memory form of gridtrack data: the canonical tables of one source or lake."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

import polars as pl

from gridtrack.schema._tables import GAMES, KEY_FRAMES, PLAYERS, PLAYS, QUARANTINE, TRACKING


def _empty(table):  # type: ignore[no-untyped-def]
    return field(default_factory=lambda: table.empty().lazy())


@dataclass(frozen=True)
class Dataset:
    """Canonical tables as lazy frames (DESIGN.md §2).

    ``tracking``, ``plays``, ``players``, ``games``, ``key_frames`` follow the canonical
    schemas; ``quarantine`` holds rows set aside while reading, with the reason.
    """

    tracking: pl.LazyFrame = _empty(TRACKING)
    plays: pl.LazyFrame = _empty(PLAYS)
    players: pl.LazyFrame = _empty(PLAYERS)
    games: pl.LazyFrame = _empty(GAMES)
    key_frames: pl.LazyFrame = _empty(KEY_FRAMES)
    quarantine: pl.LazyFrame = _empty(QUARANTINE)

    @staticmethod
    def table_names() -> tuple[str, ...]:
        return tuple(f.name for f in fields(Dataset))

    def replace(self, **tables: pl.LazyFrame | pl.DataFrame) -> Dataset:
        """A copy with some tables replaced."""
        return replace(self, **{k: v.lazy() for k, v in tables.items()})

    def collect(self) -> dict[str, pl.DataFrame]:
        """Every table, collected together (shared sub-plans are computed once)."""
        names = self.table_names()
        frames = pl.collect_all([getattr(self, n) for n in names])
        return dict(zip(names, frames, strict=True))

    def play(self, game_id: int, play_id: int) -> pl.DataFrame:
        """The tracking rows of one play, collected."""
        return self.tracking.filter(
            (pl.col("game_id") == game_id) & (pl.col("play_id") == play_id)
        ).collect()
