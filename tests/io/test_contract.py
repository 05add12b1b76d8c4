"""The reader contract, checked on every registered reader with a sample of its format.

Each reader claims its own primary files and no other reader does; the companions beside them
go to it; ``read`` (with ``parse_numbers`` either way) gives the canonical tables as recorded,
which become valid, sorted canonical tables; a truncated or empty file is a ``ReadError``
naming it — or, for the formats with one file per play, a quarantine record naming it while
the other plays are read. The samples are the real ones (``GRIDTRACK_REAL_DATA``; a slice of
the per-play formats), except Big Data Bowl 2026, of which no real sample is at hand: its
constructed input/output pair stands in.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from gridtrack.errors import ReadError
from gridtrack.io import READERS, detect
from gridtrack.io._common import BOOKKEEPING, base_name, read_head
from gridtrack.io._registry import COMPANIONS
from gridtrack.io._time import season_of
from gridtrack.pipeline import canonicalize
from gridtrack.schema import TABLES, TRACKING, Dataset, validate
from tests.io.test_bdb2026 import write_pair

PER_PLAY_FILES = 6
"""Play files taken from the per-play formats (one file per play): enough for several games."""
ONE_FILE_PER_PLAY = {"ngs_highlights", "sportradar"}
"""Formats whose broken file sets its play aside (``io._common.read_play_files``)."""
KEY = list(TRACKING.key)


def _folder(name: str) -> Callable[[Path, Path], list[Path]]:
    return lambda real, _tmp: sorted(p for p in (real / name).iterdir() if p.is_file())


def _plays(name: str, pattern: str) -> Callable[[Path, Path], list[Path]]:
    return lambda real, _tmp: sorted((real / name).rglob(pattern))[:PER_PLAY_FILES]


SAMPLES: dict[str, Callable[[Path, Path], list[Path]]] = {
    "bdb2019": _folder("bdb2019"),
    "bdb2020": _folder("bdb2020"),
    "bdb2021": _folder("bdb2023_sample"),
    "bdb2026": lambda _real, tmp: write_pair(tmp / "bdb2026"),
    "ngs_highlights": lambda real, tmp: [
        real / "ngs_highlights" / "index.tsv",
        *_plays("ngs_highlights", "*.tsv.gz")(real, tmp),
    ],
    "sportradar": _plays("sportradar_ngs", "*.json.gz"),
}
"""Format → the files of its sample (from the real-data root and a scratch folder)."""


def _primary(paths: list[Path]) -> list[Path]:
    return [p for p in paths if base_name(p).lower() not in COMPANIONS]


@pytest.fixture(scope="module", params=sorted(READERS))
def sample(
    request: pytest.FixtureRequest, real_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, list[Path]]:
    fmt = request.param
    return fmt, SAMPLES[fmt](real_data, tmp_path_factory.mktemp(fmt))


@pytest.fixture(scope="module")
def raw(sample: tuple[str, list[Path]]) -> Dataset:
    fmt, files = sample
    return READERS[fmt].read(files)


def test_every_reader_has_a_sample() -> None:
    assert set(SAMPLES) == set(READERS)
    assert all(READERS[fmt].format == fmt and READERS[fmt].description for fmt in READERS)


def test_claims_its_sample_and_no_other_format_does(sample: tuple[str, list[Path]]) -> None:
    fmt, files = sample
    primary = _primary(files)
    assert primary
    for path in primary:
        head = read_head(path)
        assert [name for name, r in READERS.items() if r.claims(path, head)] == [fmt], path


def test_companions_go_to_the_same_reader(sample: tuple[str, list[Path]]) -> None:
    fmt, files = sample
    groups = detect(files)
    assert list(groups) == [fmt]
    assert sorted(groups[fmt]) == sorted(files)


def test_read_gives_canonical_tables_as_recorded(raw: Dataset) -> None:
    tracking = raw.tracking.collect()
    assert tracking.height > 0
    n = len(TRACKING.names)
    assert tracking.columns[:n] == TRACKING.names
    assert sorted(tracking.columns[n:]) == sorted(BOOKKEEPING)
    assert all(tracking.schema[c.name] == c.dtype for c in TRACKING.columns)
    for name in ("plays", "players", "games"):
        validate(getattr(raw, name), name, source=name)


def test_canonical_tables_validate_and_tracking_is_sorted(raw: Dataset) -> None:
    tables = canonicalize(raw).collect()
    for name, frame in tables.items():
        validate(frame, TABLES[name], source=name)
    tracking = tables["tracking"]
    assert tracking.height > 0
    assert tracking.equals(tracking.sort(KEY, nulls_last=True, maintain_order=True))
    ball = tracking.filter(pl.col("nfl_id").is_null())
    assert ball.is_empty() or (ball["side"] == "ball").all()


def test_season_follows_the_game_date(raw: Dataset) -> None:
    games = raw.games.collect().drop_nulls("game_date")
    assert (games["season"] == games.select(season_of(pl.col("game_date"))).to_series()).all()


def test_parse_numbers_gives_the_same_rows(sample: tuple[str, list[Path]], raw: Dataset) -> None:
    fmt, files = sample
    order = ["_source", "_line"]
    parsed = READERS[fmt].read(files, parse_numbers=True).tracking.collect().sort(order)
    assert parsed.equals(raw.tracking.collect().sort(order))


def _truncated_gzip(path: Path, folder: Path) -> Path:
    data = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
    packed = gzip.compress(data)
    broken = folder / (path.name if path.name.endswith(".gz") else f"{path.name}.gz")
    broken.write_bytes(packed[: len(packed) // 2])
    return broken


def _empty(path: Path, folder: Path) -> Path:
    broken = folder / path.name.removesuffix(".gz")
    broken.write_bytes(b"")
    return broken


@pytest.mark.parametrize("damage", [_truncated_gzip, _empty], ids=["truncated-gzip", "empty"])
def test_a_broken_file_is_a_read_error_naming_it_or_sets_its_play_aside(
    sample: tuple[str, list[Path]], tmp_path: Path, damage: Callable[[Path, Path], Path]
) -> None:
    fmt, files = sample
    target = _primary(files)[0]
    broken = damage(target, tmp_path)
    paths = [broken if p == target else p for p in files]
    if fmt not in ONE_FILE_PER_PLAY:
        with pytest.raises(ReadError, match=re.escape(broken.name)):
            READERS[fmt].read(paths).collect()
        return
    read = READERS[fmt].read(paths).collect()
    (record,) = read["quarantine"].iter_rows(named=True)
    assert record["source"] == broken.name and record["reason"].startswith("play set aside: ")
    assert broken.name not in set(read["tracking"]["_source"])
    assert read["tracking"]["_source"].n_unique() == len(_primary(files)) - 1
