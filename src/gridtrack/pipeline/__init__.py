"""Orchestration: reading sources into canonical datasets and writing the lake."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from gridtrack import io
from gridtrack.pipeline.canonical import canonicalize
from gridtrack.pipeline.ingest import IngestSummary, ingest
from gridtrack.schema import Dataset


def read_tracking(sources: str | Path | Iterable[str | Path], *, format: str = "auto") -> Dataset:
    """Read tracking files or folders into canonical, standardized tables (lazy).

    Parameters
    ----------
    sources
        Files or folders; ``.gz`` files read like plain ones.
    format
        ``"auto"`` (detected from file names and headers) or one of ``gridtrack.io.FORMATS``.

    Returns
    -------
    Dataset
        ``tracking`` (offense toward +x, ball on the 10 Hz frames), ``plays``, ``players``,
        ``games``, ``key_frames`` and ``quarantine`` (rows set aside, with the reason).
    """
    return canonicalize(io.read(sources, format=format))


__all__ = ["IngestSummary", "canonicalize", "ingest", "read_tracking"]
