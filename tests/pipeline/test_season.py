"""A season folder: weekly tracking files are ingested one at a time, with one progress task
in bytes over them all and a peak memory that does not grow with the number of files."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

import gridtrack
from gridtrack.io import lake as lake_io
from gridtrack.pipeline import IngestSummary, ingest

ROOT = Path(__file__).resolve().parents[2]
WEEKS = 3
ROWS = 200_000
COMPANIONS = ("plays.csv", "games.csv")


def _write_week(folder: Path, rows: int, weeks: int) -> None:
    """``benchmarks/generate.py``'s weeks (a season of ``weeks`` weekly files)."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks/generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.write_week(folder, rows, weeks=weeks)


@pytest.fixture(scope="module")
def season(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated season of weekly files; week 2 has a value that is not a number."""
    folder = tmp_path_factory.mktemp("season")
    _write_week(folder, ROWS, WEEKS)
    week2 = folder / "tracking_week_2.csv"
    rows = pl.read_csv(week2, infer_schema=False)
    rows.with_columns(
        pl.when(pl.int_range(pl.len()) == 5).then(pl.lit("oops")).otherwise("x").alias("x")
    ).write_csv(week2)
    return folder


def _weeks(folder: Path) -> list[Path]:
    return [folder / f"tracking_week_{week}.csv" for week in range(1, WEEKS + 1)]


def _table(lake: Path, table: str) -> pl.DataFrame:
    frame = lake_io.scan_table(lake, table).collect()
    return frame.sort(frame.columns, nulls_last=True)


def test_a_folder_equals_its_files_ingested_one_by_one(season: Path, tmp_path: Path) -> None:
    whole = ingest(season, tmp_path / "season")
    lakes = [tmp_path / f"week{i}" for i in range(1, WEEKS + 1)]
    parts = [
        ingest([week, *(season / c for c in COMPANIONS)], lake)
        for week, lake in zip(_weeks(season), lakes, strict=True)
    ]

    for table in ("tracking", "key_frames", "quality", "quarantine"):
        combined = pl.concat([_table(lake, table) for lake in lakes]).unique()
        expected = combined.sort(combined.columns, nulls_last=True)
        assert _table(tmp_path / "season", table).equals(expected), table
    tracked = [
        _table(lake, "plays").join(
            _table(lake, "key_frames"), on=["game_id", "play_id"], how="semi"
        )
        for lake in lakes
    ]
    plays = pl.concat(tracked)
    assert _table(tmp_path / "season", "plays").equals(plays.sort(plays.columns, nulls_last=True))
    assert _table(tmp_path / "season", "quarantine").height == 1

    assert whole.balanced and all(p.balanced for p in parts)
    for count in ("games", "plays", "rows_read", "rows_stored", "rows_quarantined"):
        assert getattr(whole, count) == sum(getattr(p, count) for p in parts), count


class _Bytes:
    """A Progress that records its byte task and advances."""

    def __init__(self) -> None:
        self.total: int | None = None
        self.advances: list[int] = []

    def stage_started(self, name: str, number: int, count: int) -> None:
        pass

    def stage_finished(self, result: object) -> None:
        pass

    def start(self, task: str, total: int | None = None, unit: str = "steps") -> None:
        assert unit == "bytes" and self.total is None
        self.total = total

    def advance(self, n: int = 1, note: str = "") -> None:
        assert self.total is not None, "advance before start"
        if n:
            self.advances.append(n)


def test_progress_counts_the_bytes_of_every_file_in_order(season: Path, tmp_path: Path) -> None:
    progress = _Bytes()
    summary: IngestSummary = ingest(season, tmp_path / "lake", progress=progress)
    sizes = {p.name: p.stat().st_size for p in season.iterdir()}
    assert summary.files == len(sizes)
    assert progress.total == sum(sizes.values())
    first = sizes["tracking_week_1.csv"] + sum(sizes[c] for c in COMPANIONS)
    rest = [sizes[f"tracking_week_{week}.csv"] for week in range(2, WEEKS + 1)]
    assert progress.advances == [first, *rest]


PEAK = """
import resource, sys
from gridtrack.pipeline import ingest
ingest(sys.argv[2:], sys.argv[1])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_kib(sources: list[Path], lake: Path) -> int:
    """The max RSS (KiB) of a fresh interpreter ingesting ``sources``."""
    env = {**os.environ, "PYTHONPATH": str(Path(gridtrack.__file__).parents[1])}
    args = [sys.executable, "-c", PEAK, str(lake), *map(str, sources)]
    out = subprocess.run(args, env=env, capture_output=True, text=True, check=True, timeout=120)
    return int(out.stdout.split()[-1])


def test_peak_memory_does_not_grow_with_the_number_of_files(tmp_path: Path) -> None:
    folder = tmp_path / "weeks"
    _write_week(folder, 400_000, 4)
    companions = [folder / c for c in COMPANIONS]
    one = _peak_kib([folder / "tracking_week_1.csv", *companions], tmp_path / "one")
    four = _peak_kib([folder], tmp_path / "four")
    assert four <= 1.25 * one, f"peak {four} KiB for 4 weeks against {one} KiB for 1"
