"""A corpus of malformed inputs for every reader, built from the real samples.

Each case copies a small sample of one format into ``tmp_path`` (the first plays of the Big
Data Bowl 2019 game, the 2020 and 2021-style samples whole, three play files of the highlights
and of the Sportradar feed; for Big Data Bowl 2026, of which no real sample is at hand, the
constructed input/output pair), damages one file with one defect and ingests the folder. The
outcome is either a clear ``ReadError`` naming the file and what was expected, or quarantine
records naming the file (and the line, or the play) with the reason; then the rows balance:
every row of the files read, and one record for each play or part of a play left out, is
stored, quarantined or merged into a ball frame — and the other plays are stored.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

import gridtrack
from gridtrack.cli import app
from gridtrack.errors import ReadError
from gridtrack.io._common import base_name, read_play_files
from gridtrack.io._registry import COMPANIONS
from gridtrack.pipeline import IngestSummary
from tests.io.test_bdb2026 import write_pair

BDB2019_ROWS = 4_000
"""Tracking rows taken from the start of the Big Data Bowl 2019 game (its first plays)."""
PLAY_FILES = 3
"""Play files taken from the per-play formats."""
PER_PLAY = {"ngs_highlights", "sportradar"}
"""Formats with one file per play: a damaged file sets its play aside, not the folder."""


@dataclass(frozen=True)
class Layout:
    """How a format's tracking text is laid out: separator, x column and play column."""

    sep: str
    x: str
    play: str


LAYOUTS = {
    "bdb2019": Layout(",", "x", "playId"),
    "bdb2020": Layout(",", "X", "PlayId"),
    "bdb2021": Layout(",", "x", "playId"),
    "bdb2026": Layout(",", "x", "play_id"),
    "ngs_highlights": Layout("\t", "x", "playId"),
}


def _text(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if path.name.endswith(".gz") else raw


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def _bdb2019(real: Path, folder: Path) -> list[Path]:
    source = real / "bdb2019"
    lines = _text(source / "tracking_gameId_2017090700.csv.gz").split(b"\n")
    tracking = folder / "tracking_gameId_2017090700.csv.gz"
    _write(tracking, b"\n".join(lines[: BDB2019_ROWS + 1]) + b"\n")
    plays = [
        line
        for line in (source / "plays.csv").read_bytes().split(b"\n")
        if line.startswith((b"gameId", b"2017090700,"))
    ]
    (folder / "plays.csv").write_bytes(b"\n".join(plays) + b"\n")
    shutil.copy(source / "games.csv", folder / "games.csv")
    return [tracking, folder / "plays.csv", folder / "games.csv"]


def _tracking_first(path: Path) -> tuple[bool, str]:
    return base_name(path).lower() in COMPANIONS, path.name


def _copies(
    name: str, pattern: str, count: int | None = None
) -> Callable[[Path, Path], list[Path]]:
    def copy(real: Path, folder: Path) -> list[Path]:
        found = sorted((real / name).rglob(pattern), key=_tracking_first)
        files = found[:count]
        return [Path(shutil.copy(p, folder / p.name)) for p in files]

    return copy


SAMPLES: dict[str, Callable[[Path, Path], list[Path]]] = {
    "bdb2019": _bdb2019,
    "bdb2020": _copies("bdb2020", "*.csv"),
    "bdb2021": _copies("bdb2023_sample", "*.csv"),
    "bdb2026": lambda _real, folder: write_pair(folder),
    "ngs_highlights": _copies("ngs_highlights", "*_*.tsv.gz", PLAY_FILES),
    "sportradar": _copies("sportradar_ngs", "*.json.gz", PLAY_FILES),
}
"""Format → its sample, copied into a folder; the first file is the one damaged."""


# ---- defects: each damages a file and returns its (possibly renamed) path ----


def _renamed(path: Path, name: str, data: bytes) -> Path:
    target = path.with_name(name)
    target.write_bytes(data)
    if target != path:
        path.unlink()
    return target


def truncated_gzip(path: Path, fmt: str) -> Path:
    packed = gzip.compress(_text(path))
    return _renamed(path, path.name.removesuffix(".gz") + ".gz", packed[: len(packed) // 2])


def truncated_line(path: Path, fmt: str) -> Path:
    return _renamed(path, path.name.removesuffix(".gz"), _text(path).rstrip(b"\r\n")[:-3])


def header_only(path: Path, fmt: str) -> Path:
    return _write(path, _text(path).split(b"\n", 1)[0] + b"\n")


def empty_file(path: Path, fmt: str) -> Path:
    return _renamed(path, path.name.removesuffix(".gz"), b"")


def wrong_delimiter(path: Path, fmt: str) -> Path:
    sep = LAYOUTS[fmt].sep.encode()
    return _write(path, _text(path).replace(sep, b";" if sep == b"," else b","))


def _rewrite(path: Path, fmt: str, change: Callable[[pl.DataFrame, Layout], pl.DataFrame]) -> Path:
    """Rewrite a delimited file through polars (every value as text) with ``change``."""
    layout = LAYOUTS[fmt]
    frame = pl.read_csv(_text(path), separator=layout.sep, infer_schema=False)
    out = change(frame, layout).write_csv(separator=layout.sep).encode()
    return _write(path, out)


def _one_play_x(value: str) -> Callable[[pl.DataFrame, Layout], pl.DataFrame]:
    """Every x of the file's first play set to ``value``."""

    def change(frame: pl.DataFrame, layout: Layout) -> pl.DataFrame:
        first = pl.col(layout.play) == frame[layout.play][0]
        return frame.with_columns(
            pl.when(first).then(pl.lit(value)).otherwise(pl.col(layout.x)).alias(layout.x)
        )

    return change


def _document(path: Path) -> dict[str, Any]:
    return dict(json.loads(_text(path)))


def _samples(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every sample of a Sportradar play document (players and ball), where readable."""
    root = document.get("play_tracking") or {}
    tracks = [
        player.get("tracking")
        for team in ("home", "away")
        for player in (root.get(team) or {}).get("players") or []
    ]
    tracks.append((root.get("ball") or {}).get("tracking"))
    return [s for track in tracks if isinstance(track, list) for s in track]


def _json_samples(path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    document = _document(path)
    for sample in _samples(document):
        change(sample)
    return _write(path, json.dumps(document).encode())


def non_numeric(path: Path, fmt: str) -> Path:
    if fmt == "sportradar":
        return _json_samples(path, lambda s: s.update(x="abc"))
    return _rewrite(path, fmt, _one_play_x("abc"))


def non_finite(path: Path, fmt: str) -> Path:
    if fmt == "sportradar":
        return _json_samples(path, lambda s: s.update(x="inf"))
    return _rewrite(path, fmt, _one_play_x("inf"))


def missing_column(path: Path, fmt: str) -> Path:
    if fmt == "sportradar":
        return _json_samples(path, lambda s: s.pop("x", None))
    return _rewrite(path, fmt, lambda frame, layout: frame.drop(layout.x))


def _json_block(change: Callable[[dict[str, Any]], None]) -> Callable[[Path, str], Path]:
    def damage(path: Path, fmt: str) -> Path:
        document = _document(path)
        change(document["play_tracking"])
        return _write(path, json.dumps(document).encode())

    return damage


null_ball = _json_block(lambda root: root.update(ball={"tracking": None}))
null_team = _json_block(lambda root: root.update(home=None))
null_player_track = _json_block(lambda root: root["home"]["players"][0].update(tracking=None))
malformed_frame_list = _json_block(
    lambda root: root["home"]["players"][0].update(tracking="garbage")
)

ERROR, QUARANTINE = "error", "quarantine"
CSV_FILE = {
    "truncated_gzip": (ERROR, "truncated or corrupt"),
    "truncated_line": (QUARANTINE, r"^last line has no line end: file truncated$"),
    "header_only": (QUARANTINE, None),
    "empty_file": (ERROR, "empty file, expected a header line"),
    "wrong_delimiter": (ERROR, r"missing column\(s\)"),
    "missing_column": (ERROR, r"missing column\(s\) \['[xX]'\]"),
}
OUT_OF_BOUNDS = r"^column x: expected values in \[-50.0, 170.0\] yd, found inf$"
CSV_VALUES = {
    "non_numeric": (QUARANTINE, r"^column [xX]: expected a number, found 'abc'$"),
    "non_finite": (QUARANTINE, OUT_OF_BOUNDS),
}
PLAY_FILE = {
    "truncated_gzip": (QUARANTINE, r"^play set aside: cannot read the file: truncated"),
    "empty_file": (QUARANTINE, r"^play set aside: .*empty"),
}
EXPECTED: dict[str, dict[str, tuple[str, str | None]]] = {
    **{fmt: CSV_FILE | CSV_VALUES for fmt in ("bdb2019", "bdb2020", "bdb2021", "bdb2026")},
    "ngs_highlights": CSV_FILE
    | CSV_VALUES
    | PLAY_FILE
    | {
        "wrong_delimiter": (QUARANTINE, r"^play set aside: .*missing column\(s\)"),
        "missing_column": (QUARANTINE, r"^play set aside: .*missing column\(s\) \['x'\]"),
    },
    "sportradar": PLAY_FILE
    | {
        "truncated_line": (QUARANTINE, r"^play set aside: not a valid JSON document"),
        "non_numeric": (QUARANTINE, r"^key x: expected a number, found 'abc'$"),
        "non_finite": (
            QUARANTINE,
            r"^column x: expected values in \[-50.0, 170.0\] yd, found inf$",
        ),
        "missing_column": (QUARANTINE, r"^key play_tracking\..*\.tracking\[\]\.x: missing"),
        "null_ball": (
            QUARANTINE,
            r"^key play_tracking\.ball\.tracking: expected a list of samples, found null; "
            r"the play is kept without the ball$",
        ),
        "null_team": (
            QUARANTINE,
            r"^play set aside: key play_tracking\.home: expected an object, found null$",
        ),
        "null_player_track": (
            QUARANTINE,
            r"^key play_tracking\.home\.players\[\]\.tracking: no samples; "
            r"the player is left out of the play$",
        ),
        "malformed_frame_list": (
            QUARANTINE,
            r"^play set aside: not a Sportradar play document: a key holds values of different "
            r"kinds, expected one kind per key \(e\.g\. every frame list a list of samples\)",
        ),
    },
}
"""Format → defect → (outcome, pattern of the error message or of the quarantine reasons of
the damaged file; None where the file simply holds no row)."""
PLAYS_LOST = {
    "non_numeric": 1,
    "non_finite": 1,
    "missing_column": 1,
    "null_team": 1,
    "malformed_frame_list": 1,
}
"""Defects that cost exactly one play where they do not fail the read (every coordinate of
the damaged play is bad, or its team block); the others keep every readable play."""
KEEPS_PLAY = {("bdb2026", "non_numeric"), ("bdb2026", "non_finite")}
"""Bad inputs of a Big Data Bowl 2026 play: the play keeps its output frames."""
DEFECTS: dict[str, Callable[[Path, str], Path]] = {
    "truncated_gzip": truncated_gzip,
    "truncated_line": truncated_line,
    "header_only": header_only,
    "empty_file": empty_file,
    "wrong_delimiter": wrong_delimiter,
    "non_numeric": non_numeric,
    "non_finite": non_finite,
    "missing_column": missing_column,
    "null_ball": null_ball,
    "null_team": null_team,
    "null_player_track": null_player_track,
    "malformed_frame_list": malformed_frame_list,
}
CASES = [(fmt, defect) for fmt, defects in EXPECTED.items() for defect in defects]


def _rows_in(path: Path) -> int:
    """Tracking rows in a readable file, counted from its text: data lines, or the samples
    of a play document."""
    text = _text(path)
    if base_name(path).lower() in COMPANIONS:
        return 0
    if path.name.endswith((".json", ".json.gz")):
        return len(_samples(_document(path)))
    return max(len(text.rstrip(b"\n").split(b"\n")) - 1, 0)


def _ingest(folder: Path, fmt: str) -> tuple[IngestSummary, pl.DataFrame]:
    lake = folder.parent / f"{folder.name}-lake"
    summary = gridtrack.ingest(folder, lake, format=fmt, clean=False)
    quarantine = gridtrack.scan_lake(lake).quarantine.collect()
    return summary, quarantine


@pytest.fixture(scope="module")
def intact_plays(real_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """Plays stored from each intact sample (which balances too)."""
    plays = {}
    for fmt, sample in SAMPLES.items():
        folder = tmp_path_factory.mktemp(fmt)
        sample(real_data, folder)
        summary, _ = _ingest(folder, fmt)
        assert summary.balanced and summary.plays > 0, fmt
        plays[fmt] = summary.plays
    return plays


@pytest.mark.parametrize(("fmt", "defect"), CASES, ids=[f"{f}-{d}" for f, d in CASES])
def test_malformed_input(
    fmt: str, defect: str, real_data: Path, tmp_path: Path, intact_plays: dict[str, int]
) -> None:
    folder = tmp_path / fmt
    folder.mkdir()
    files = SAMPLES[fmt](real_data, folder)
    broken = DEFECTS[defect](files[0], fmt)
    outcome, pattern = EXPECTED[fmt][defect]

    if outcome == ERROR:
        with pytest.raises(ReadError, match=re.escape(str(broken)) + ".*" + (pattern or "")):
            _ingest(folder, fmt)
        return
    summary, quarantine = _ingest(folder, fmt)

    here = quarantine.filter(pl.col("source") == broken.name)
    if pattern is None:
        assert here.is_empty()
    else:
        assert here.filter(pl.col("reason").str.contains(pattern)).height > 0, here
    if fmt not in PER_PLAY:  # else the file is the play
        assert here["line"].null_count() == 0
    records = quarantine.filter(pl.col("line").is_null())
    set_aside = set(records.filter(pl.col("reason").str.starts_with("play set aside"))["source"])
    rows_in = sum(_rows_in(p) for p in folder.iterdir() if p.name not in set_aside)
    assert summary.rows_read == rows_in + records.height
    assert summary.balanced
    lost = 0 if (fmt, defect) in KEEPS_PLAY else PLAYS_LOST.get(defect, 0)
    if defect in ("empty_file", "header_only", "truncated_gzip") or set_aside:
        lost = 1 if fmt in PER_PLAY else intact_plays[fmt]
    assert summary.plays == intact_plays[fmt] - lost


def test_real_feed_null_ball_keeps_the_game_and_the_players(
    real_data: Path, tmp_path: Path
) -> None:
    """The case from the issue: two plays of a real game whose ball block is
    ``{"tracking": null}`` stop nothing; they are stored with their players."""
    folder = tmp_path / "game"
    folder.mkdir()
    files = [
        Path(shutil.copy(p, folder / p.name))
        for p in sorted((real_data / "sportradar_ngs").rglob("*.json.gz"))
    ]
    bad = [null_ball(p, "sportradar") for p in files[:2]]
    lake = tmp_path / "lake"

    result = CliRunner().invoke(app, ["ingest", str(folder), "--lake", str(lake), "--no-progress"])

    assert result.exit_code == 0, result.output
    assert "in 2 plays: key play_tracking.ball.tracking: expected a list of samples;" in (
        " ".join(result.output.split())
    )
    tables = gridtrack.scan_lake(lake)
    assert tables.plays.collect().height == len(files)
    reference = [_document(p)["play_tracking"]["play"]["reference"] for p in bad]
    tracking = tables.tracking.filter(pl.col("play_id").is_in(reference)).collect()
    per_play = tracking.group_by("play_id").agg(
        pl.col("nfl_id").n_unique().alias("players"), pl.col("nfl_id").null_count().alias("ball")
    )
    assert per_play.height == 2
    assert (per_play["players"] >= 22).all() and (per_play["ball"] == 0).all()


def test_an_exception_inside_one_play_sets_only_that_play_aside(tmp_path: Path) -> None:
    paths = [tmp_path / "2018_NYJ_2018091000_75.tsv", tmp_path / "2018_NYJ_2018091000_76.tsv"]

    def read_one(path: Path) -> str:
        if path == paths[0]:
            raise TypeError("unexpected shape")
        return path.name

    parts, set_aside = read_play_files(paths, read_one, lambda p: (2018091000, 75))

    assert parts == [paths[1].name]
    assert set_aside.collect().select("source", "game_id", "play_id", "line", "reason").rows() == [
        (
            paths[0].name,
            2018091000,
            75,
            None,
            "play set aside: cannot convert it (TypeError: unexpected shape)",
        )
    ]
