"""Reading sources into canonical tables in memory: lazily (``scan_tracking``) or at once
(``read_tracking``), as polars names the two."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from gridtrack import io
from gridtrack.pipeline._canonical import canonicalize
from gridtrack.schema import Dataset


def scan_tracking(sources: str | Path | Iterable[str | Path], *, format: str = "auto") -> Dataset:
    """Lazily read tracking files or folders into canonical, standardized tables.

    Nothing but headers is read until a table is collected; collecting any table reads
    and canonicalizes the sources once for all of them (see :func:`read_tracking` for the
    tables). Raises :class:`~gridtrack.errors.ReadError` for a missing or unreadable source.
    """
    return canonicalize(io.read(sources, format=format))


def read_tracking(sources: str | Path | Iterable[str | Path], *, format: str = "auto") -> Dataset:
    """Read tracking files or folders into canonical, standardized tables, in memory.

    Parameters
    ----------
    sources
        Files or folders; ``.gz`` files read like plain ones.
    format
        ``"auto"`` (detected from file names and headers) or one of ``gridtrack.io.FORMATS``.

    Returns
    -------
    Dataset
        Every table already read (its frames are lazy views of in-memory data):
        ``tracking`` (yards, offense toward +x, ball on the 10 Hz frames), ``plays``,
        ``players``, ``games``, ``key_frames`` and ``quarantine`` (rows set aside, with
        the reason).
    """
    return Dataset().replace(**scan_tracking(sources, format=format).collect())
