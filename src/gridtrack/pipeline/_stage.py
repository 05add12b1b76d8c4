"""The parts a run is made of: stages, their fingerprints and recorded state, and progress.

A :class:`Stage` is an object with a ``name``, a ``fingerprint`` of what it reads, the
``outputs`` it writes and a ``run`` method. :func:`gridtrack.pipeline.run` runs a list of
them in order and records, per stage, the fingerprint it ran with in ``LAKE/_run/state.json``;
a stage whose fingerprint has not changed since, and whose outputs are still there, is
skipped.

Progress leaves the pipeline through a :class:`Progress` object: the pipeline calls it, and
only the command line (or another front end) draws it. A library user passes their own, or
none (:data:`NO_PROGRESS`).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from gridtrack.io import expand

STATE_DIR = "_run"
STATE_FILE = "state.json"

RAN, SKIPPED, NOT_APPLICABLE = "ran", "skipped (unchanged)", "not applicable"
"""A stage's status: it ran, it was skipped (inputs unchanged), or it cannot apply to the
data (the detail says why)."""


@dataclass(frozen=True)
class RunContext:
    """What every stage of a run may read: the sources, the lake and the run's options.

    Attributes
    ----------
    sources
        Files or folders ingested (``.gz`` files read like plain ones).
    lake
        The lake folder every stage reads from and writes to.
    format
        ``"auto"`` or one of ``gridtrack.io.FORMATS``.
    clean
        Whether ingest checks and repairs the tracking (the ``quality`` table).
    models
        A folder of model bundles to apply, or ``None`` to train on the lake itself.
    """

    sources: tuple[Path, ...]
    lake: Path
    format: str = "auto"
    clean: bool = True
    models: Path | None = None


@dataclass
class StageOutcome:
    """What :meth:`Stage.run` returns: ``status`` (:data:`RAN` or :data:`NOT_APPLICABLE`)
    and a one-line ``detail`` (what it produced, or why it could not apply)."""

    status: str
    detail: str


@dataclass
class StageResult:
    """What one stage of a run did: ``status`` is ``ran``, ``skipped (unchanged)`` or
    ``not applicable``; ``seconds`` its wall time (s); ``detail`` what it produced or why
    it did not run."""

    name: str
    status: str
    seconds: float = 0.0
    detail: str = ""


class Progress(Protocol):
    """Receives a run's progress. The pipeline calls it; front ends draw it.

    Within a stage, work is announced with :meth:`start` (a task of ``total`` steps, or an
    unknown number where ``total`` is ``None``; it ends the task before it) and counted with
    :meth:`advance`. A task's ``unit`` says what it counts: ``"steps"``, or ``"bytes"`` (the
    ingest: the total size of its source files, advanced by each file's size as it is done),
    which a front end may draw as an amount of data with a rate and the time remaining.
    """

    def stage_started(self, name: str, number: int, count: int) -> None:
        """Stage ``name`` (``number`` of ``count``, 1-based) begins."""

    def stage_finished(self, result: StageResult) -> None:
        """A stage ran, was skipped or could not apply."""

    def start(self, task: str, total: int | None = None, unit: str = "steps") -> None:
        """A piece of work of ``total`` steps begins (``None``: unknown); ``unit`` is what a
        step is (``"steps"`` or ``"bytes"``)."""

    def advance(self, n: int = 1, note: str = "") -> None:
        """``n`` more steps of the current task are done; ``note`` says which."""


class _NoProgress:
    """A :class:`Progress` that ignores every event."""

    def stage_started(self, name: str, number: int, count: int) -> None:
        pass

    def stage_finished(self, result: StageResult) -> None:
        pass

    def start(self, task: str, total: int | None = None, unit: str = "steps") -> None:
        pass

    def advance(self, n: int = 1, note: str = "") -> None:
        pass


NO_PROGRESS: Progress = _NoProgress()
"""The progress of a run nobody watches."""


class Stage(Protocol):
    """One step of a run: it reads the lake (or the sources) and writes lake tables or files.

    ``fingerprint`` hashes everything the stage reads (see :func:`fingerprint`): when it
    matches the one recorded at the stage's last run and its ``outputs`` are still there,
    the stage is skipped. ``run`` does the work, reporting through ``progress``.
    """

    @property
    def name(self) -> str:
        """The stage's name: its key in the run state, its row in the run summary."""
        ...

    def fingerprint(self, context: RunContext) -> str:
        """Hash of the stage's inputs (files, options, gridtrack's version)."""
        ...

    def outputs(self, context: RunContext) -> list[Path]:
        """The folders and files the stage writes (when it applies)."""
        ...

    def run(self, context: RunContext, progress: Progress) -> StageOutcome:
        """Do the work; raise a :class:`~gridtrack.errors.GridtrackError` on bad input."""
        ...


# -- fingerprints -----------------------------------------------------------------------


def file_entry(path: Path, root: Path | None = None) -> list[Any]:
    """``[path, size in bytes, modification time in ns]`` of a file; the path relative to
    ``root`` where given (so a lake can move), else absolute."""
    st = path.stat()
    name = str(path.relative_to(root)) if root is not None else str(path.resolve())
    return [name, st.st_size, st.st_mtime_ns]


def source_listing(sources: Sequence[str | Path]) -> list[list[Any]]:
    """:func:`file_entry` of every file ``sources`` name (folders expanded)."""
    return [file_entry(p) for p in expand(sources)]


def folder_listing(folder: Path) -> list[list[Any]]:
    """:func:`file_entry` of every file under ``folder`` (absolute paths)."""
    return [file_entry(p) for p in sorted(folder.rglob("*")) if p.is_file()]


def lake_listing(lake: Path, tables: Iterable[str]) -> list[list[Any]]:
    """:func:`file_entry` (relative to the lake) of every file of ``tables`` (folders of
    the lake)."""
    out: list[list[Any]] = []
    for table in tables:
        folder = lake / table
        if folder.is_dir():
            out += [file_entry(p, lake) for p in sorted(folder.rglob("*")) if p.is_file()]
    return out


def lake_tables(lake: Path) -> list[str]:
    """Folders of the lake holding tables or models (not the run state, not temporaries)."""
    return sorted(
        p.name for p in lake.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    )


def fingerprint(*parts: Any) -> str:
    """SHA-256 (hex) of the JSON of gridtrack's version and ``parts`` (a stage's inputs)."""
    from gridtrack import __version__

    text = json.dumps([__version__, *parts], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


# -- state -----------------------------------------------------------------------------


def state_path(lake: Path) -> Path:
    """Where a lake records its stages: ``LAKE/_run/state.json``."""
    return lake / STATE_DIR / STATE_FILE


def read_state(lake: str | Path) -> dict[str, Any]:
    """The recorded stages of a lake, by name (empty where none ran or the file is
    unreadable): ``inputs`` (the fingerprint), ``status``, ``detail``, ``outputs``,
    ``seconds``, ``finished_utc``."""
    try:
        state: dict[str, Any] = json.loads(state_path(Path(lake)).read_text())
    except (OSError, ValueError):
        return {}
    return state


def write_state(lake: Path, state: dict[str, Any]) -> None:
    """Write the state atomically (temporary file + rename)."""
    path = state_path(lake)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
    with os.fdopen(fd, "w") as fh:
        json.dump(state, fh, indent=2, sort_keys=True)
    os.replace(tmp, path)


def is_current(recorded: dict[str, Any], key: str, outputs: Iterable[Path]) -> bool:
    """Whether a stage recorded as ``recorded`` can be skipped: it ran with the fingerprint
    ``key`` and either could not apply or its ``outputs`` are all still there."""
    if recorded.get("inputs") != key:
        return False
    return recorded.get("status") == NOT_APPLICABLE or all(p.exists() for p in outputs)


@dataclass
class RunSummary:
    """The stages of a run, in order, with the lake's tables and the run's wall time (s)."""

    lake: Path
    stages: list[StageResult] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def stage(self, name: str) -> StageResult:
        """The result of stage ``name``."""
        return next(s for s in self.stages if s.name == name)
