"""Floors for benchmarks/ingest.py: how fast this machine reads the tracking CSV at all.

Whatever else an ingest does, it reads the CSV; these are the fastest readers at hand doing
nothing more, each on every core:

- ``polars read``: ``polars.read_csv`` of the whole file into memory (numbers parsed);
- ``duckdb scan``: DuckDB's parallel CSV reader, counting every column's values (each
  column parsed, nothing kept);
- ``duckdb → parquet``: DuckDB's CSV → one zstd Parquet file, nothing else.

    python benchmarks/csv_floor.py SOURCE_DIR OUT_DIR MODE     (MODE: one of the above)

Prints the rows read, like the other references.
"""

import pathlib
import sys

import duckdb
import polars as pl


def main() -> None:
    src, out, mode = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
    path = next(p for p in sorted(src.iterdir()) if p.name.startswith("tracking"))
    csv = f"read_csv('{path}', nullstr='NA')"
    if mode == "polars read":
        rows = pl.read_csv(path, null_values="NA", infer_schema_length=10_000).height
    elif mode == "duckdb scan":
        rows = duckdb.sql(f"SELECT count(*), count(COLUMNS(*)) FROM {csv}").fetchall()[0][0]
    elif mode == "duckdb → parquet":
        target = out / "tracking.parquet"
        duckdb.execute(
            f"COPY (SELECT * FROM {csv}) TO '{target}' (FORMAT parquet, COMPRESSION zstd)"
        )
        rows = pl.scan_parquet(target).select(pl.len()).collect().item()
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(rows)


if __name__ == "__main__":
    main()
