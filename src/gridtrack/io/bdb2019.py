"""Reader placeholder for bdb2019 (being written)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from gridtrack.schema import Dataset

FORMAT = "bdb2019"
DESCRIPTION = "bdb2019"


def claims(path: Path, head: str) -> bool:
    return False


def read(paths: Sequence[Path]) -> Dataset:
    raise NotImplementedError
