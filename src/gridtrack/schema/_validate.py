"""Validation of frames against the canonical tables.

Every problem names the table, the column, what was expected and the first offending keys,
so that a user can go straight to the bad rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from gridtrack.schema._tables import TABLES, Table

MAX_KEYS_SHOWN = 5


@dataclass(frozen=True)
class Problem:
    """One validation failure."""

    table: str
    column: str
    expected: str
    found: str
    keys: tuple[dict[str, object], ...] = ()

    def __str__(self) -> str:
        where = f"; first offending keys: {list(self.keys)}" if self.keys else ""
        return f"{self.table}.{self.column}: expected {self.expected}, found {self.found}{where}"


class SchemaError(ValueError):
    """Raised when a frame does not satisfy its canonical table."""

    def __init__(self, problems: list[Problem], source: str | None = None) -> None:
        self.problems = problems
        self.source = source
        head = f"{source}: " if source else ""
        lines = "\n  ".join(str(p) for p in problems)
        super().__init__(f"{head}{len(problems)} schema problem(s):\n  {lines}")


def _offending_keys(df: pl.DataFrame, table: Table, mask: pl.Expr) -> tuple[dict, ...]:
    key = [k for k in table.key if k in df.columns] or df.columns[:3]
    return tuple(df.filter(mask).select(key).head(MAX_KEYS_SHOWN).to_dicts())


def problems(frame: pl.DataFrame | pl.LazyFrame, table: Table | str) -> list[Problem]:
    """All the ways ``frame`` departs from ``table`` (empty list when it conforms)."""
    table = TABLES[table] if isinstance(table, str) else table
    df = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    found: list[Problem] = []
    for col in table.columns:
        if col.name not in df.columns:
            found.append(Problem(table.name, col.name, f"column of {col.dtype}", "missing"))
            continue
        dtype = df.schema[col.name]
        if dtype != col.dtype:
            found.append(Problem(table.name, col.name, str(col.dtype), str(dtype)))
            continue
        values = pl.col(col.name)
        if not col.nullable:
            mask = values.is_null()
            n = df.select(mask.sum()).item()
            if n:
                found.append(
                    Problem(
                        table.name,
                        col.name,
                        "no nulls",
                        f"{n} null(s)",
                        _offending_keys(df, table, mask),
                    )
                )
        for bound, op, word in ((col.lower, "lt", ">="), (col.upper, "gt", "<=")):
            if bound is None:
                continue
            mask = getattr(values, op)(bound)
            if dtype.is_float():
                mask = mask & values.is_not_nan()
            n = df.select(mask.sum()).item()
            if n:
                worst = df.select(values.min() if op == "lt" else values.max()).item()
                found.append(
                    Problem(
                        table.name,
                        col.name,
                        f"values {word} {bound} {col.unit}",
                        f"{n} value(s) out of range (worst {worst})",
                        _offending_keys(df, table, mask),
                    )
                )
    key = list(table.key)
    if key and all(k in df.columns for k in key):
        dup = pl.struct(key).is_duplicated()
        n = df.select(dup.sum()).item()
        if n:
            found.append(
                Problem(
                    table.name,
                    "(" + ", ".join(key) + ")",
                    "unique keys",
                    f"{n} rows sharing a key",
                    _offending_keys(df, table, dup),
                )
            )
    return found


def validate(
    frame: pl.DataFrame | pl.LazyFrame, table: Table | str, *, source: str | None = None
) -> pl.DataFrame:
    """Check ``frame`` against ``table`` and return it collected; raise :class:`SchemaError`
    naming every problem otherwise."""
    df = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    found = problems(df, table)
    if found:
        raise SchemaError(found, source)
    return df
