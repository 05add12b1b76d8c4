"""The declarative source-column → canonical-column mapping that the readers share.

A reader lists the source columns it renames or converts once, as :class:`SourceColumn`
values: the name in the source (camelCase, ``frame.id``, ``spd``...), the canonical
snake_case name, the number type its text holds and an optional transform (a unit or angle
convention, a clock or height layout). :func:`mapped` turns such a list into the select
expressions and :func:`mapping_problems` into the quarantine reasons of the values that are
not numbers. Source names therefore appear only in the reader that maps them (DESIGN.md §2).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

import polars as pl

from gridtrack.io._common import number, number_problem


@dataclass(frozen=True)
class SourceColumn:
    """One source column and the canonical column it becomes.

    Parameters
    ----------
    source
        The column's name in the source file.
    name
        Its canonical (snake_case) name.
    dtype
        The number type its text holds (a text that is not a number becomes null and is a
        reason for quarantine, see :meth:`problem`); ``None`` keeps the value as it is.
    transform
        Applied to the (converted) value, e.g. wrapping an angle into [0, 360) degrees.
    """

    source: str
    name: str
    dtype: pl.DataType | None = None
    transform: Callable[[pl.Expr], pl.Expr] | None = None

    def value(self, present: Collection[str] | None = None) -> pl.Expr:
        """The canonical column. With ``present`` (the source's column names), a source
        column missing from them reads as null."""
        if present is not None and self.source not in present:
            raw = pl.lit(None, pl.String)
            expr = raw if self.dtype is None else raw.cast(self.dtype)
        else:
            expr = pl.col(self.source) if self.dtype is None else number(self.source, self.dtype)
        if self.transform is not None:
            expr = self.transform(expr)
        return expr.alias(self.name)

    def problem(self, *, label: str | None = None, word: str = "column") -> pl.Expr | None:
        """Where the source text is not a number of ``dtype``: the reason (``"<word> <label>:
        expected a number, found '...'"``, the label defaulting to the canonical name), else
        null; ``None`` for a column kept as it is."""
        if self.dtype is None:
            return None
        return number_problem(self.source, self.dtype, label or self.name, word=word)


def mapped(
    columns: Iterable[SourceColumn], present: Collection[str] | None = None
) -> list[pl.Expr]:
    """The canonical columns of ``columns`` (see :meth:`SourceColumn.value`)."""
    return [c.value(present) for c in columns]


def mapping_problems(
    columns: Iterable[SourceColumn], *, source_labels: bool = False, word: str = "column"
) -> list[pl.Expr]:
    """The number problems of ``columns`` (see :meth:`SourceColumn.problem`), labelled with
    the canonical names, or the source names with ``source_labels``."""
    found = [c.problem(label=c.source if source_labels else None, word=word) for c in columns]
    return [p for p in found if p is not None]
