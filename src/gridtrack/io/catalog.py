"""The lake's embedded DuckDB catalogue: one view per table, reading the Parquet files.

``catalog.duckdb`` sits in the lake folder. Views read the files where they lie (absolute
paths, written when the catalogue is refreshed); partitioned tables expose ``season`` and
``week`` as columns too. Queries open the database read-only.

The catalogue is never changed in place: a refresh changes a copy in the lake's staging
folder and renames it into place, so a reader (or a writer killed midway) never meets a
catalogue with views missing, and a query can run while a writer refreshes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import duckdb
import polars as pl

from gridtrack.io.lake import GAME_TABLES, staging_dir, table_files
from gridtrack.schema import TABLES, Table

CATALOG_FILE = "catalog.duckdb"

_DUCK_TYPES: dict[type[pl.DataType], str] = {
    pl.Int8: "TINYINT",
    pl.Int16: "SMALLINT",
    pl.Int32: "INTEGER",
    pl.Int64: "BIGINT",
    pl.Float32: "REAL",
    pl.Float64: "DOUBLE",
    pl.String: "VARCHAR",
    pl.Boolean: "BOOLEAN",
    pl.Date: "DATE",
    pl.Datetime: "TIMESTAMPTZ",
    pl.Enum: "VARCHAR",
    pl.Categorical: "VARCHAR",
}


def catalog_path(lake: str | Path) -> Path:
    return Path(lake) / CATALOG_FILE


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _empty_view(table: Table) -> str:
    cols = ", ".join(
        f"CAST(NULL AS {_DUCK_TYPES[type(c.dtype)]}) AS {c.name}" for c in table.columns
    )
    return f"SELECT {cols} WHERE false"


def view_sql(lake: Path, name: str) -> str:
    """The ``SELECT`` behind the view of table ``name``."""
    table = TABLES[name]
    if not table_files(lake, name):
        return _empty_view(table)
    partitioned = table in GAME_TABLES
    glob = str(Path(lake).resolve() / name / ("**/*.parquet" if partitioned else "*.parquet"))
    return (
        f"SELECT * FROM read_parquet({_quote(glob)}, hive_partitioning = {str(partitioned).lower()}"
        ", union_by_name = true)"
    )


def refresh(
    lake: str | Path, extra: dict[str, str] | None = None, drop: Iterable[str] = ()
) -> Path:
    """(Re)create the catalogue's views for every canonical table, plus ``extra`` views
    (name → SELECT) that later stages register, less the views ``drop`` names; the other
    views stay. Atomic: the new catalogue replaces the old one by a rename."""
    lake = Path(lake)
    path = catalog_path(lake)
    wal = path.with_name(path.name + ".wal")  # left by a writer killed before this scheme
    staging_dir(lake).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="catalog-", dir=staging_dir(lake))) / CATALOG_FILE
    try:
        for old, new in ((path, work), (wal, work.with_name(wal.name))):
            if old.exists():
                shutil.copyfile(old, new)
        with duckdb.connect(str(work)) as con:
            for name in TABLES:
                con.execute(f"CREATE OR REPLACE VIEW {name} AS {view_sql(lake, name)}")
            for name, sql in (extra or {}).items():
                con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")
            for name in drop:
                con.execute(f"DROP VIEW IF EXISTS {name}")
        wal.unlink(missing_ok=True)
        os.replace(work, path)
    finally:
        shutil.rmtree(work.parent, ignore_errors=True)
    return path


def connect(lake: str | Path, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection to the lake's catalogue (read-only by default)."""
    path = catalog_path(lake)
    if not path.exists():
        raise FileNotFoundError(
            f"{path}: no catalogue; run `gridtrack ingest SOURCE --lake {lake}` first"
        )
    return duckdb.connect(str(path), read_only=read_only)


def query(lake: str | Path, sql: str) -> pl.DataFrame:
    """Run ``sql`` against the lake's catalogue (read-only) and return the result."""
    with connect(lake) as con:
        return con.sql(sql).pl()
