"""Per-frame values to show on an animation: any tracking column, or any table keyed by
frame (a stat from the catalogue), pivoted onto a play's frames and entities."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from gridtrack.errors import OptionError
from gridtrack.viz.play import PlayData

KEYS = ("game_id", "play_id", "frame_id", "nfl_id")


@dataclass(frozen=True)
class StatValues:
    """One per-frame stat of a play: ``values`` has shape ``(F, E)`` when the stat is per
    player (``per_player``), else ``(F,)`` (one value per frame, e.g. a team-level stat)."""

    name: str
    values: np.ndarray
    per_player: bool

    def label(self, f: int, e: int | None = None) -> str:
        """The value at frame row ``f`` (and entity column ``e``) as short text."""
        v = self.values[f, e] if self.per_player and e is not None else self.values[f]
        return format_value(v)


def format_value(value: object) -> str:
    """Numbers to one decimal, text as is, missing as an empty string."""
    if value is None:
        return ""
    if isinstance(value, float | np.floating):
        return "" if not np.isfinite(value) else f"{value:.1f}"
    if isinstance(value, int | np.integer):
        return str(int(value))
    return str(value)


def stat_values(play: PlayData, table: pl.DataFrame | pl.LazyFrame, column: str) -> StatValues:
    """Pivot ``column`` of ``table`` onto ``play``'s frames (and entities, where ``table``
    has ``nfl_id``). ``table`` needs ``frame_id``; rows of other games/plays are ignored
    where it carries ``game_id``/``play_id``."""
    lf = table.lazy()
    names = lf.collect_schema().names()
    if "frame_id" not in names:
        raise OptionError(f"stat table for {column!r} has no frame_id column")
    if column not in names:
        raise OptionError(f"stat table has no column {column!r} (columns: {names})")
    if "game_id" in names:
        lf = lf.filter(pl.col("game_id") == play.game_id)
    if "play_id" in names:
        lf = lf.filter(pl.col("play_id") == play.play_id)
    per_player = "nfl_id" in names
    keep = ["frame_id", column] + (["nfl_id"] if per_player else [])
    frame = lf.select(keep).collect()
    numeric = frame.schema[column].is_numeric()
    fids = frame.get_column("frame_id").to_numpy()
    rows = np.clip(np.searchsorted(play.frame_ids, fids), 0, play.n_frames - 1)
    valid = play.frame_ids[rows] == fids
    raw = frame.get_column(column)
    data = raw.cast(pl.Float64).to_numpy() if numeric else np.array(raw.to_list(), dtype=object)
    if per_player:
        where = {int(e): i for i, e in enumerate(play.entity_ids)}
        ids = frame.get_column("nfl_id").fill_null(-1).to_list()
        cols = np.array([where.get(int(i), -1) for i in ids])
        valid &= cols >= 0
        out = np.full((play.n_frames, play.entity_ids.size), np.nan if numeric else None)
        out[rows[valid], cols[valid]] = data[valid]
    else:
        out = np.full(play.n_frames, np.nan if numeric else None)
        out[rows[valid]] = data[valid]
    return StatValues(column, out, per_player)


def lake_stat(lake: str | Path, spec: str) -> tuple[str, pl.LazyFrame]:
    """``"TABLE.COLUMN"`` → ``(column, table)``: a per-frame stat stored in the lake folder
    ``TABLE`` (Parquet files), ready as an animation overlay."""
    table, _, column = spec.partition(".")
    files = sorted((Path(lake) / table).rglob("*.parquet")) if table else []
    if not column or not files:
        raise OptionError(f"stat {spec!r}: expected TABLE.COLUMN naming a lake table under {lake}")
    frames = [pl.scan_parquet(f, hive_partitioning=False) for f in files]
    return column, pl.concat(frames, how="diagonal_relaxed")
