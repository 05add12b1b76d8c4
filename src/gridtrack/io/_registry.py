"""The reader protocol, the registry of readers, and detection: which reader takes which files.

Every source format has one :class:`Reader` (a small class in a private module, one instance
registered in :data:`READERS` under its format name). :func:`detect` asks each reader whether
it ``claims`` a file (one of its *primary* files, judged from the file name and the first
bytes); companion files (``plays``, ``games``, ``players``, ``player_play``, ...) that sit in
the same folder as a claimed file go to the same reader (or, failing that, to the one reader
of the files below).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from gridtrack.errors import ReadError
from gridtrack.io._bdb2019 import Bdb2019Reader
from gridtrack.io._bdb2020 import Bdb2020Reader
from gridtrack.io._bdb2021 import Bdb2021Reader
from gridtrack.io._bdb2026 import Bdb2026Reader
from gridtrack.io._common import base_name, read_head
from gridtrack.io._ngs_highlights import NgsHighlightsReader
from gridtrack.io._sportradar import SportradarReader
from gridtrack.schema import Dataset


class Reader(Protocol):
    """What every source format's reader provides.

    ``format`` is its registered name (``gridtrack formats`` lists them with the
    ``description``). ``read`` returns the canonical tables *as recorded* (lazy, not yet
    standardized): ``tracking`` carries the bookkeeping columns ``_source``, ``_line`` and
    ``_reason`` (see :mod:`gridtrack.io._common`), and every problem with a file is a
    :class:`~gridtrack.errors.ReadError` naming it.
    """

    format: str
    description: str

    def claims(self, path: Path, head: str) -> bool:
        """True when ``path`` is one of this format's primary files, judged from its name and
        ``head``, the first bytes of its (decompressed) text."""
        ...

    def read(self, paths: Sequence[Path], *, parse_numbers: bool = False) -> Dataset:
        """Read ``paths`` (primary and companion files) into canonical tables, as recorded.

        ``parse_numbers``: let the CSV reader parse the numeric tracking columns itself —
        faster, but a value that is not a number then fails the collect (a polars
        ``ComputeError``) instead of quarantining its row with a reason; ``ingest`` tries it
        first and reads again without it on such an error. Readers without such a fast path
        accept it and read as usual (each says so).
        """
        ...


READERS: dict[str, Reader] = {
    reader.format: reader
    for reader in (
        Bdb2019Reader(),
        Bdb2020Reader(),
        Bdb2021Reader(),
        Bdb2026Reader(),
        NgsHighlightsReader(),
        SportradarReader(),
    )
}
"""The registered readers by format name, in detection order."""
COMPANIONS = (
    "plays",
    "games",
    "players",
    "player_play",
    "index",
    "pffscoutingdata",
    "tackles",
    "supplementary_data",
)
DATA_SUFFIXES = (".csv", ".tsv", ".json", ".csv.gz", ".tsv.gz", ".json.gz")


def expand(sources: Iterable[str | Path]) -> list[Path]:
    """Files named by ``sources``: files as given, folders searched recursively."""
    files: list[Path] = []
    for src in sources:
        path = Path(src)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(DATA_SUFFIXES)
            )
            if not found:
                raise ReadError(f"{path}: folder holds no .csv, .tsv or .json files (or .gz)")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise ReadError(f"{path}: no such file or folder")
    return files


def _owner(folder: Path, folder_format: dict[Path, str]) -> str | None:
    """The format of the tracking files in ``folder``, else the one format of the tracking
    files below it (an index beside a ``plays/`` folder), else None."""
    if folder in folder_format:
        return folder_format[folder]
    below = {fmt for f, fmt in folder_format.items() if folder in f.parents}
    return below.pop() if len(below) == 1 else None


def detect(files: Sequence[Path], format: str = "auto") -> dict[str, list[Path]]:
    """Group ``files`` by reader. With an explicit ``format`` every file goes to it."""
    if format != "auto":
        if format not in READERS:
            raise ReadError(f"unknown format {format!r}; known formats: {sorted(READERS)}")
        return {format: list(files)}
    groups: dict[str, list[Path]] = {}
    folder_format: dict[Path, str] = {}
    companions: list[Path] = []
    for path in files:
        if base_name(path).lower() in COMPANIONS:
            companions.append(path)
            continue
        head = read_head(path)
        owners = [name for name, reader in READERS.items() if reader.claims(path, head)]
        if not owners:
            raise ReadError(
                f"{path}: unknown format: the file name and header match none of "
                f"{sorted(READERS)}; pass format=... to choose one"
            )
        groups.setdefault(owners[0], []).append(path)
        folder_format.setdefault(path.parent, owners[0])
    for path in companions:
        owner = _owner(path.parent, folder_format)
        if owner is None:
            raise ReadError(
                f"{path}: a {base_name(path)} file with no tracking file beside it; "
                "give its folder together with the tracking files"
            )
        groups[owner].append(path)
    return groups
