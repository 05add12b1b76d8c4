"""Opening a lake on behalf of a user: a missing lake or a failing query becomes a
:class:`~gridtrack.errors.GridtrackError` with a clear message."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from gridtrack.errors import LakeError, QueryError
from gridtrack.io import catalog as lake_catalog
from gridtrack.io.lake import scan_lake
from gridtrack.schema import Dataset


def require_lake(lake: str | Path) -> Path:
    """``lake`` as a path; :class:`LakeError` where it is not a folder."""
    path = Path(lake)
    if not path.is_dir():
        raise LakeError(f"{path}: no lake here (run `gridtrack ingest ... --lake {path}`)")
    return path


def open_lake(lake: str | Path) -> Dataset:
    """The canonical tables of ``lake``, lazily (:func:`gridtrack.scan_lake`);
    :class:`LakeError` where there is no lake."""
    return scan_lake(require_lake(lake))


def query(lake: str | Path, sql: str) -> pl.DataFrame:
    """Run ``sql`` (read-only) against the lake's DuckDB catalogue.

    Raises
    ------
    LakeError
        No lake, or no catalogue in it (nothing ingested yet).
    QueryError
        DuckDB rejected or failed the query: its message.
    """
    path = require_lake(lake)
    if not lake_catalog.catalog_path(path).exists():
        raise LakeError(f"{path}: no catalogue; run `gridtrack ingest SOURCE --lake {path}` first")
    try:
        return lake_catalog.query(path, sql)
    except duckdb.Error as exc:
        raise QueryError(f"query failed: {exc}") from exc
