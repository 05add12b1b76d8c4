"""Format registry and detection: which reader takes which files.

Each reader module exposes ``FORMAT`` (its name), ``DESCRIPTION``, ``claims(path, head)``
(true when ``path`` is one of its *primary* files, judged from the file name and the first
bytes ``head``) and ``read(paths)`` → :class:`~gridtrack.schema.Dataset`; readers of large
CSV files may also accept ``read(paths, parse_numbers=True)``, a faster read that fails on a
value that is not a number instead of quarantining it (``ingest`` uses it). Companion files
(``plays``, ``games``, ``players``, ``player_play``, ...) that sit in the same folder as a
claimed file go to the same reader (or, failing that, to the one reader of the files below).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from types import ModuleType

from gridtrack.io import bdb2019, bdb2020, bdb2021, bdb2026, ngs_highlights, sportradar
from gridtrack.io._common import ReadError, base_name, read_head

READERS: dict[str, ModuleType] = {
    m.FORMAT: m for m in (bdb2019, bdb2020, bdb2021, bdb2026, ngs_highlights, sportradar)
}
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
        owners = [name for name, mod in READERS.items() if mod.claims(path, head)]
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
