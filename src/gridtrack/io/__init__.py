"""Readers: one :class:`Reader` per source format, each mapping its files to the canonical tables.

The readers live in private modules (``_bdb2019``, ``_bdb2020``, ``_bdb2021``, ``_bdb2026``,
``_ngs_highlights``, ``_sportradar``); this package is their public surface: the registry
:data:`READERS` (format name → reader), :func:`read`, :func:`detect` and :func:`expand`, and
the two per-player-per-play side tables that are not canonical (:func:`side_tables`,
:func:`player_roles`).

:func:`read` returns the tables *as recorded* (the ``tracking`` frame still carries the
bookkeeping columns ``_source``, ``_line``, ``_reason``); ``gridtrack.read_tracking``
standardizes them. The lake writer and reader live in :mod:`gridtrack.io.lake`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polars as pl

from gridtrack.errors import ReadError
from gridtrack.io._bdb2021 import side_tables
from gridtrack.io._bdb2026 import player_roles
from gridtrack.io._registry import READERS, Reader, detect, expand
from gridtrack.schema import Dataset

FORMATS = tuple(READERS)


def concat(datasets: Iterable[Dataset]) -> Dataset:
    """Stack datasets table by table (diagonal: missing extra columns become null)."""
    items = list(datasets)
    if not items:
        return Dataset()
    if len(items) == 1:
        return items[0]
    return Dataset(
        **{
            name: pl.concat([getattr(d, name) for d in items], how="diagonal_relaxed")
            for name in Dataset.table_names()
        }
    )


def read(sources: str | Path | Iterable[str | Path], *, format: str = "auto") -> Dataset:
    """Read source files or folders into canonical tables, as recorded.

    Parameters
    ----------
    sources
        Files or folders (searched recursively); ``.gz`` files read like plain ones.
    format
        ``"auto"`` to detect each file's format from its name and header, or one of
        :data:`FORMATS`.
    """
    if isinstance(sources, (str, Path)):
        sources = [sources]
    files = expand(sources)
    groups = detect(files, format)
    return concat(READERS[name].read(paths) for name, paths in groups.items())


__all__ = [
    "FORMATS",
    "READERS",
    "ReadError",
    "Reader",
    "concat",
    "detect",
    "expand",
    "player_roles",
    "read",
    "side_tables",
]
