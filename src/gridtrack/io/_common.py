"""Helpers shared by the readers: opening files, headers, typed columns, quarantine reasons.

The reader contract (see ``io/__init__.py``): a reader turns source files into a
:class:`~gridtrack.schema.Dataset` whose ``tracking`` frame holds the canonical columns *as
recorded* (not yet standardized) plus three bookkeeping columns:

``_source`` (file name), ``_line`` (1-based line/record in that file) and ``_reason``
(null for a good row, else why the row must be quarantined). Ball rows whose timing differs
from the players' 10 Hz frames carry ``frame_id`` null and a ``time``; the ingest step aligns
them (:func:`gridtrack.clean.align_ball`).
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import polars as pl

from gridtrack.errors import ReadError
from gridtrack.schema import QUARANTINE, TRACKING

T = TypeVar("T")
PlayKeys = Callable[[Path], tuple[int | None, int | None]]
PLAY_FAILURES = (ValueError, TypeError, LookupError, pl.exceptions.PolarsError)
"""What reading one play file may raise on data shaped unlike the format (a :class:`ReadError`
is a ``ValueError``): it sets that play aside (:func:`read_play_files`)."""

SOURCE, LINE, REASON = "_source", "_line", "_reason"
BOOKKEEPING = (SOURCE, LINE, REASON)
FLOAT64 = pl.Float64()
NULL_VALUES = ["NA", "NaN", "nan", "NULL", "null", "None", ""]


def is_gzip(path: Path) -> bool:
    return path.name.endswith(".gz")


def base_name(path: Path) -> str:
    """File name without ``.gz`` and without the data extension (``.csv``/``.tsv``/``.json``)."""
    name = path.name.removesuffix(".gz")
    return re.sub(r"\.(csv|tsv|json|txt)$", "", name, flags=re.IGNORECASE)


def read_head(path: Path, n_bytes: int = 65536) -> str:
    """The first bytes of a (possibly gzipped) text file, decoded."""
    try:
        if is_gzip(path):
            with gzip.open(path, "rb") as fh:
                raw = fh.read(n_bytes)
        else:
            with open(path, "rb") as fh:
                raw = fh.read(n_bytes)
    except (OSError, EOFError, zlib.error) as exc:
        raise ReadError(f"{path}: cannot read the file: truncated or corrupt ({exc})") from exc
    return raw.decode("utf-8", errors="replace")


def header(path: Path, sep: str = ",") -> list[str]:
    """Column names on the first line of a delimited text file."""
    first = read_head(path).splitlines()[:1]
    if not first:
        raise ReadError(f"{path}: empty file, expected a header line")
    return [c.strip().strip('"') for c in first[0].split(sep)]


def ends_with_newline(path: Path) -> bool:
    """False when a plain text file stops mid-line (a sign of truncation)."""
    if is_gzip(path):
        return True  # gzip truncation is caught by decompression itself
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        if fh.tell() == 0:
            return True
        fh.seek(-1, 2)
        return fh.read(1) in (b"\n", b"\r")


def file_bytes(path: Path) -> bytes:
    """The file's bytes, decompressed when ``.gz``; :class:`ReadError` if unreadable."""
    try:
        raw = path.read_bytes()
        return gzip.decompress(raw) if is_gzip(path) else raw
    except (OSError, EOFError, zlib.error) as exc:
        raise ReadError(f"{path}: cannot read the file: truncated or corrupt ({exc})") from exc


def check_gzip(path: Path) -> None:
    """Decompress a gzip file through to the end, raising :class:`ReadError` if truncated."""
    if not is_gzip(path):
        return
    try:
        with gzip.open(path, "rb") as fh:
            while fh.read(1 << 22):
                pass
    except (OSError, EOFError, zlib.error) as exc:
        raise ReadError(f"{path}: compressed file is truncated or corrupt ({exc})") from exc


def require_columns(path: Path, found: Iterable[str], required: Iterable[str], fmt: str) -> None:
    """Raise :class:`ReadError` naming the file and every missing column."""
    found = set(found)
    missing = [c for c in required if c not in found]
    if missing:
        raise ReadError(
            f"{path}: not a valid {fmt} file: missing column(s) {missing}; found {sorted(found)}"
        )


def scan_text(path: Path, *, sep: str = ",", numbers: Collection[str] = ()) -> pl.LazyFrame:
    """Scan a delimited file with every column as text, adding ``_source`` and ``_line``.

    Reading as text lets the reader quarantine a bad value with its reason instead of
    failing the whole file; :func:`number` converts and explains. Columns named in
    ``numbers`` are parsed as Float64 by the CSV reader instead: faster, but a value that
    is not a number then fails the collect (see ``parse_numbers`` of the readers).
    """
    check_gzip(path)
    lf = pl.scan_csv(
        path,
        separator=sep,
        infer_schema=False,
        schema_overrides=dict.fromkeys(numbers, FLOAT64),
        null_values=NULL_VALUES,
        quote_char='"',
        raise_if_empty=True,
    )
    lf = lf.with_row_index(LINE, offset=2).with_columns(
        pl.col(LINE).cast(pl.Int64), pl.lit(path.name).alias(SOURCE)
    )
    if not ends_with_newline(path):
        last = pl.col(LINE) == pl.col(LINE).max()
        lf = lf.with_columns(
            pl.when(last)
            .then(pl.lit("last line has no line end: file truncated"))
            .alias("_truncated")
        )
    return lf


def as_text(expr: pl.Expr) -> pl.Expr:
    """A value of any dtype (companion tables are read with inferred dtypes) as stripped text."""
    return expr.cast(pl.String).str.strip_chars()


def number(column: str, dtype: pl.DataType = FLOAT64) -> pl.Expr:
    """Text column → number; a non-numeric text becomes null (see :func:`number_problem`)."""
    return pl.col(column).str.strip_chars().cast(dtype, strict=False)


def number_problem(
    column: str, dtype: pl.DataType = FLOAT64, canonical: str | None = None, *, word: str = "column"
) -> pl.Expr:
    """A reason string where ``column`` holds text that is not a number, else null; it names
    the column as ``<word> <canonical>`` (``column x``; ``key spd`` for JSON sources)."""
    bad = pl.col(column).is_not_null() & number(column, dtype).is_null()
    name = canonical or column
    return pl.when(bad).then(
        pl.format(f"{word} {{}}: expected a number, found '{{}}'", pl.lit(name), pl.col(column))
    )


def wrap_angle(expr: pl.Expr) -> pl.Expr:
    """An angle in degrees brought into [0, 360)."""
    return expr % 360.0


def head_columns(head: str, sep: str = ",") -> set[str]:
    """Column names on the first line of ``head`` (the first bytes of a delimited file)."""
    first = head.splitlines()[:1]
    return {c.strip().strip('"') for c in first[0].split(sep)} if first else set()


def first_reason(*reasons: pl.Expr) -> pl.Expr:
    """The first non-null reason among several checks (null when all pass)."""
    return pl.coalesce(*reasons).alias(REASON)


def required_problem(*columns: str) -> list[pl.Expr]:
    """Reasons for rows missing a key value (game, play, frame...)."""
    return [
        pl.when(pl.col(c).is_null()).then(pl.lit(f"column {c}: missing key value")) for c in columns
    ]


def camel_to_snake(name: str) -> str:
    """``yardlineNumber`` → ``yardline_number``, ``frame.id`` → ``frame_id``."""
    name = re.sub(r"[^0-9a-zA-Z]+", "_", name)
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    name = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])", "_", name)
    return name.lower().strip("_")


def snake_columns(frame: pl.LazyFrame, skip: Sequence[str] = ()) -> pl.LazyFrame:
    """Rename every column to snake_case (leaving ``skip`` as is)."""
    names = frame.collect_schema().names()
    return frame.rename({n: camel_to_snake(n) for n in names if n not in skip})


def tracking_frame(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Canonical tracking columns (cast) followed by the bookkeeping columns."""
    if REASON not in lf.collect_schema().names():
        lf = lf.with_columns(pl.lit(None, pl.String).alias(REASON))
    return TRACKING.conform(lf, keep=BOOKKEEPING)


def parse_height_inches(expr: pl.Expr) -> pl.Expr:
    """Heights written ``6-2``, ``6'02"`` or as plain inches → inches (Float32)."""
    parts = expr.str.extract_groups(r"^\s*(\d+)\s*['\-]\s*(\d+)")
    feet_inches = parts.struct.field("1").cast(pl.Float32) * 12 + parts.struct.field("2").cast(
        pl.Float32
    )
    plain = expr.str.strip_chars().cast(pl.Float32, strict=False)
    return pl.coalesce(feet_inches, plain)


def parse_date(expr: pl.Expr) -> pl.Expr:
    """Dates written ``YYYY-MM-DD`` or ``MM/DD/YYYY`` → Date."""
    return pl.coalesce(
        expr.str.to_date("%Y-%m-%d", strict=False),
        expr.str.to_date("%m/%d/%Y", strict=False),
    )


def pass_result_from_events(rows: pl.LazyFrame, event: str = "event") -> pl.LazyFrame:
    """Pass result per play from its normalized events: IN, C, I, else S for a sack, else
    null (for sources whose play context lacks it)."""
    col = pl.col(event)
    return rows.group_by("game_id", "play_id").agg(
        pl.when(col.is_in(["pass_outcome_interception"]).any())
        .then(pl.lit("IN"))
        .when(col.is_in(["pass_outcome_caught", "pass_outcome_touchdown"]).any())
        .then(pl.lit("C"))
        .when(col.is_in(["pass_outcome_incomplete"]).any())
        .then(pl.lit("I"))
        .when(col.is_in(["qb_sack", "qb_strip_sack"]).any())
        .then(pl.lit("S"))
        .alias("pass_result")
    )


def _no_keys(path: Path) -> tuple[int | None, int | None]:
    """Game and play unknown (the default of :func:`read_play_files`)."""
    return None, None


def problem_detail(path: Path, exc: Exception) -> str:
    """What went wrong with ``path``, without the file name a :class:`ReadError` starts with
    (the quarantine names the file in ``source``); another error is named by its class."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, ReadError):
        return text.removeprefix(f"{path}: ")
    return f"cannot convert it ({type(exc).__name__}: {text})"


def read_play_files(
    paths: Sequence[Path], read_one: Callable[[Path], T], play_keys: PlayKeys = _no_keys
) -> tuple[list[T], pl.LazyFrame]:
    """Read one-play files one by one with ``read_one``, setting aside each that fails.

    A file that cannot be read (a :class:`ReadError`, or any of :data:`PLAY_FAILURES`
    inside its conversion) does not stop the others: it becomes one ``quarantine`` record —
    its file, its game and play where ``play_keys`` can tell them (else null), and the reason
    ``play set aside: <what was wrong>``. Returns the parts read and those records.
    """
    parts: list[T] = []
    records: list[dict[str, object]] = []
    for path in paths:
        try:
            parts.append(read_one(path))
        except PLAY_FAILURES as exc:
            game_id, play_id = play_keys(path)
            records.append(
                {
                    "source": path.name,
                    "game_id": game_id,
                    "play_id": play_id,
                    "reason": f"play set aside: {problem_detail(path, exc)}",
                }
            )
    schema = {"source": pl.String, "game_id": pl.Int64, "play_id": pl.Int64, "reason": pl.String}
    return parts, QUARANTINE.conform(pl.DataFrame(records, schema=schema))
