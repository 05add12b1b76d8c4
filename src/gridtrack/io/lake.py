"""The Parquet lake (DESIGN.md §3): writing it atomically and idempotently, scanning it.

Layout under the lake folder ``LAKE``::

    tracking/season=YYYY/week=WW/part-<game_id>.parquet     (also plays, key_frames, stats_*)
    games/part-0.parquet, players/part-0.parquet           (small, whole-table files)
    quarantine/part-<source>.parquet                        (one file per source file)
    catalog.duckdb                                          (views over the above)

Every file is written to a temporary name in its folder and renamed into place, so a reader
never sees half a file. Writing a game merges with what the lake holds for it: plays present
in the new data replace the stored ones, the others stay — re-ingesting a source replaces,
never duplicates.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from gridtrack.schema import (
    GAMES,
    KEY_FRAMES,
    PLAYERS,
    PLAYS,
    QUALITY,
    QUARANTINE,
    STATS_PLAY,
    STATS_PLAYER_PLAY,
    TABLES,
    TRACKING,
    Dataset,
    Table,
)

GAME_TABLES: tuple[Table, ...] = (
    TRACKING,
    PLAYS,
    KEY_FRAMES,
    QUALITY,
    STATS_PLAY,
    STATS_PLAYER_PLAY,
)
"""Tables stored one file per game, partitioned by season and week."""
WHOLE_TABLES: tuple[Table, ...] = (GAMES, PLAYERS)
"""Small tables stored as a single file, upserted by key."""
PLAY = ["game_id", "play_id"]


def table_dir(lake: Path, table: str) -> Path:
    return Path(lake) / table


def game_path(lake: Path, table: str, season: int, week: int, game_id: int) -> Path:
    """Where one game's rows of a partitioned table live."""
    return (
        table_dir(lake, table) / f"season={season}" / f"week={week:02d}" / f"part-{game_id}.parquet"
    )


def write_atomic(frame: pl.DataFrame, path: Path) -> None:
    """Write ``frame`` as zstd Parquet to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".parquet", dir=path.parent)
    os.close(fd)
    try:
        frame.write_parquet(tmp, compression="zstd", statistics=True)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _merge(
    new: pl.DataFrame,
    path: Path,
    key: Sequence[str],
    table: Table,
    replace: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """``new`` plus the stored rows of ``path`` whose ``key`` does not occur in ``new`` (or
    in ``replace``, when given)."""
    if not path.exists():
        return new
    old = pl.read_parquet(path)
    replaced = new.select(key) if replace is None else replace.select(key)
    kept = old.join(replaced.unique(), on=list(key), how="anti")
    if kept.height == 0:
        return new
    merged = pl.concat([table.conform(kept).collect(), new], how="diagonal_relaxed")
    return merged.sort(table.sort or key, nulls_last=True)


def write_game(
    lake: Path,
    table: Table,
    frame: pl.DataFrame,
    *,
    season: int,
    week: int,
    game_id: int,
    replace: pl.DataFrame | None = None,
) -> Path:
    """Store one game's rows of ``table``, replacing the plays it holds (upsert by play).

    ``replace`` (game_id, play_id rows) names the plays whose stored rows are replaced when
    that is more than the plays in ``frame`` (e.g. plays that cleaning dropped).
    """
    path = game_path(lake, table.name, season, week, game_id)
    write_atomic(_merge(frame, path, PLAY, table, replace), path)
    return path


def write_whole(lake: Path, table: Table, frame: pl.DataFrame) -> Path:
    """Upsert ``frame`` into a single-file table by its key."""
    path = table_dir(lake, table.name) / "part-0.parquet"
    write_atomic(_merge(frame, path, table.key, table), path)
    return path


def quarantine_path(lake: Path, source: str) -> Path:
    safe = re.sub(r"[^0-9A-Za-z._-]+", "_", source)
    return table_dir(lake, QUARANTINE.name) / f"part-{safe}.parquet"


def write_quarantine(lake: Path, frame: pl.DataFrame, sources: Sequence[str]) -> None:
    """Replace the quarantine of each source file in ``sources`` with its rows in ``frame``
    (a source with no bad rows leaves no file)."""
    for source in sources:
        rows = frame.filter(pl.col("source") == source)
        path = quarantine_path(lake, source)
        if rows.height:
            write_atomic(rows, path)
        else:
            path.unlink(missing_ok=True)


def table_files(lake: Path, table: str) -> list[Path]:
    return sorted(table_dir(lake, table).rglob("*.parquet"))


def scan_table(lake: Path, table: str) -> pl.LazyFrame:
    """One lake table as a lazy frame with its canonical dtypes (empty if absent)."""
    spec = TABLES[table]
    files = table_files(lake, table)
    if not files:
        return spec.empty().lazy()
    if spec.open:
        scanned = pl.concat(
            [pl.scan_parquet(f, hive_partitioning=False) for f in files], how="diagonal_relaxed"
        )
    else:
        scanned = pl.scan_parquet(files, hive_partitioning=False)
    return spec.conform(scanned)


def scan_lake(lake: str | Path) -> Dataset:
    """The canonical tables of a lake, lazily (``gridtrack.scan_lake``)."""
    lake = Path(lake)
    if not lake.is_dir():
        raise FileNotFoundError(f"{lake}: no lake here (run `gridtrack ingest ... --lake {lake}`)")
    return Dataset(**{name: scan_table(lake, name) for name in Dataset.table_names()})
