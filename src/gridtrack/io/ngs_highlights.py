"""Reader placeholder for ngs_highlights (being written)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from gridtrack.schema import Dataset

FORMAT = "ngs_highlights"
DESCRIPTION = "ngs_highlights"


def claims(path: Path, head: str) -> bool:
    return False


def read(paths: Sequence[Path]) -> Dataset:
    raise NotImplementedError
