"""The declarative source-column → canonical-column mapping that the readers share.

A reader lists the source columns it renames or converts once, as :class:`SourceColumn`
values: the name in the source (camelCase, ``frame.id``, ``spd``...) and the names the same
column goes by in the format's other layouts, the canonical snake_case name, the number type
its text holds and an optional transform (a unit or angle convention, a clock or height
layout). :func:`mapped` turns such a list into the select expressions,
:func:`mapping_problems` into the quarantine reasons of the values that are not numbers and
:func:`number_sources` into the columns a CSV engine may parse as numbers itself. Source names
therefore appear only in the reader that maps them (DESIGN.md §2).
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
    alternatives
        The column's names in the format's other layouts (``officialPosition`` for
        ``position``), tried in order after ``source``: the first present one is read.
    """

    source: str
    name: str
    dtype: pl.DataType | None = None
    transform: Callable[[pl.Expr], pl.Expr] | None = None
    alternatives: tuple[str, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        """Every name the column may have in the source: ``source``, then the alternatives."""
        return (self.source, *self.alternatives)

    def found(self, present: Collection[str] | None = None) -> str | None:
        """The first of :attr:`sources` among ``present`` (the source's column names), else
        ``None``; ``source`` itself when ``present`` is not given."""
        if present is None:
            return self.source
        return next((s for s in self.sources if s in present), None)

    def value(self, present: Collection[str] | None = None, *, parsed: bool = False) -> pl.Expr:
        """The canonical column. With ``present`` (the source's column names), a source
        column missing from them reads as null. With ``parsed``, a column with a ``dtype``
        already holds numbers (a CSV engine parsed it, see :func:`number_sources`) and is
        taken as it is before the transform."""
        source = self.found(present)
        if source is None:
            raw = pl.lit(None, pl.String)
            expr = raw if self.dtype is None else raw.cast(self.dtype)
        elif self.dtype is None or parsed:
            expr = pl.col(source)
        else:
            expr = number(source, self.dtype)
        if self.transform is not None:
            expr = self.transform(expr)
        return expr.alias(self.name)

    def problem(
        self,
        present: Collection[str] | None = None,
        *,
        label: str | None = None,
        word: str = "column",
    ) -> pl.Expr | None:
        """Where the source text is not a number of ``dtype``: the reason (``"<word> <label>:
        expected a number, found '...'"``, the label defaulting to the canonical name), else
        null; ``None`` for a column kept as it is or missing from ``present``."""
        source = self.found(present)
        if self.dtype is None or source is None:
            return None
        return number_problem(source, self.dtype, label or self.name, word=word)


def mapped(
    columns: Iterable[SourceColumn],
    present: Collection[str] | None = None,
    *,
    parsed: bool = False,
) -> list[pl.Expr]:
    """The canonical columns of ``columns`` (see :meth:`SourceColumn.value`)."""
    return [c.value(present, parsed=parsed) for c in columns]


def mapping_problems(
    columns: Iterable[SourceColumn],
    present: Collection[str] | None = None,
    *,
    source_labels: bool = False,
    word: str = "column",
) -> list[pl.Expr]:
    """The number problems of ``columns`` (see :meth:`SourceColumn.problem`), labelled with
    the canonical names, or the source names read with ``source_labels``."""
    found = [
        c.problem(present, label=c.found(present) if source_labels else None, word=word)
        for c in columns
    ]
    return [p for p in found if p is not None]


def number_sources(columns: Iterable[SourceColumn], present: Collection[str]) -> list[str]:
    """The source columns among ``present`` that ``columns`` read as numbers: those a CSV
    engine may parse itself (``scan_text(numbers=...)``) before :func:`mapped` with
    ``parsed``."""
    found = (c.found(present) for c in columns if c.dtype is not None)
    return [s for s in found if s is not None]
