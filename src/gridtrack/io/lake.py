"""The Parquet lake (DESIGN.md §3): writing it atomically and idempotently, scanning it.

Layout under the lake folder ``LAKE``::

    tracking/season=YYYY/week=WW/part-<game_id>.parquet     (also plays, key_frames, stats_*)
    games/part-0.parquet, players/part-0.parquet           (small, whole-table files)
    quarantine/part-<source>.parquet                        (one file per source file)
    catalog.duckdb                                          (views over the above)
    .lock                                                   (the writers' lock: holder's pid)
    .tmp/                                                   (staging; only while a writer runs)

Every file is written to a temporary name in the staging folder ``LAKE/.tmp`` and renamed
into place, so a reader never sees half a file, and no glob over a table's folder (DuckDB's
views, :func:`table_files`) ever meets a temporary one. Writing a game merges with what the
lake holds for it: plays present in the new data replace the stored ones, the others stay —
re-ingesting a source replaces, never duplicates.

Writers hold the lake's lock (:func:`locked`) for the whole write: one writer at a time, and
a second one fails at once with :class:`~gridtrack.errors.LakeBusyError`. The lock is an
``flock`` on ``LAKE/.lock``, which the operating system releases when its process ends, even
by ``kill -9``; the next writer to take it removes what a dead one left (the staging folder).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import polars as pl

from gridtrack.errors import LakeBusyError
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
LOCK_FILE = ".lock"
"""The lake's write lock (``flock``), holding the pid of the writer that holds it."""
STAGING_DIR = ".tmp"
"""Where writers put temporary files and spills: beside the tables, out of their globs."""


class _Held(threading.local):
    """The lakes (resolved paths) whose lock this thread holds."""

    def __init__(self) -> None:
        self.lakes: set[Path] = set()


_HELD = _Held()


def staging_dir(lake: Path) -> Path:
    """The lake's staging folder: temporary files of the writer holding the lock."""
    return Path(lake) / STAGING_DIR


def _acquire(lake: Path) -> int:
    """Take the lake's lock without waiting and record this process's pid in it; returns the
    lock file's descriptor (closing it releases the lock)."""
    fd = os.open(lake / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
        os.close(fd)
        raise LakeBusyError(
            f"{lake}: another gridtrack process (pid {holder}) is writing this lake; "
            "run again when it has finished"
        ) from None
    except BaseException:
        os.close(fd)
        raise
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd


def _sweep(lake: Path) -> None:
    """Remove what dead writers left: the staging folder, and the temporary files of earlier
    versions of gridtrack (``.spill-*`` folders at the top, ``.tmp-*`` beside the tables)."""
    shutil.rmtree(staging_dir(lake), ignore_errors=True)
    for debris in [*lake.glob(".spill-*"), *lake.rglob(".tmp-*")]:
        if debris.is_dir():
            shutil.rmtree(debris, ignore_errors=True)
        else:
            debris.unlink(missing_ok=True)


@contextlib.contextmanager
def locked(lake: str | Path) -> Iterator[Path]:
    """Hold the write lock of the lake folder ``lake`` (which must exist) for the block;
    yields its staging folder.

    Taking the lock removes the debris of writers that died (:func:`_sweep`); leaving the
    block removes the staging folder. A thread that holds the lock may take it again (a
    ``run`` holds it over its stages, each of which takes it too).

    Raises
    ------
    LakeBusyError
        Another process (or thread) holds the lock: the message names the lake and its pid.
    """
    lake = Path(lake)
    key = lake.resolve()
    if key in _HELD.lakes:
        yield staging_dir(lake)
        return
    fd = _acquire(lake)
    _HELD.lakes.add(key)
    try:
        _sweep(lake)
        staging_dir(lake).mkdir()
        yield staging_dir(lake)
    finally:
        _HELD.lakes.discard(key)
        shutil.rmtree(staging_dir(lake), ignore_errors=True)
        os.ftruncate(fd, 0)
        os.close(fd)


def table_dir(lake: Path, table: str) -> Path:
    return Path(lake) / table


def game_path(lake: Path, table: str, season: int, week: int, game_id: int) -> Path:
    """Where one game's rows of a partitioned table live."""
    return (
        table_dir(lake, table) / f"season={season}" / f"week={week:02d}" / f"part-{game_id}.parquet"
    )


def write_atomic(frame: pl.DataFrame, path: Path, *, staging: Path | None = None) -> None:
    """Write ``frame`` as zstd Parquet to ``path`` through a temporary file and a rename.

    The temporary file goes to ``staging`` (a lake's :func:`staging_dir`: the same file
    system, out of every table's glob) where given, else beside ``path`` as ``.tmp-*``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = path.parent if staging is None else staging
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".parquet", dir=folder)
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
    write_atomic(_merge(frame, path, PLAY, table, replace), path, staging=staging_dir(lake))
    return path


def write_whole(lake: Path, table: Table, frame: pl.DataFrame) -> Path:
    """Upsert ``frame`` into a single-file table by its key."""
    path = table_dir(lake, table.name) / "part-0.parquet"
    write_atomic(_merge(frame, path, table.key, table), path, staging=staging_dir(lake))
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
            write_atomic(rows, path, staging=staging_dir(lake))
        else:
            path.unlink(missing_ok=True)


def table_files(lake: Path, table: str) -> list[Path]:
    """The Parquet files of ``table``, without hidden ones (``.*``, ``_*``: temporaries, as
    Hive and Spark skip them)."""
    folder = table_dir(lake, table)
    return sorted(
        p
        for p in folder.rglob("*.parquet")
        if not any(part.startswith((".", "_")) for part in p.relative_to(folder).parts)
    )


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
