"""Stages: fingerprints skip unchanged work and re-run changed work; progress callbacks
hear every stage; the pipeline imports no drawing code."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gridtrack.models import MODELS
from gridtrack.pipeline import (
    NOT_APPLICABLE,
    RAN,
    SKIPPED,
    Progress,
    RunContext,
    StageOutcome,
    StageResult,
    default_stages,
    fingerprint,
    read_state,
    run_stages,
)


@dataclass
class CountingStage:
    """Reads one file, writes one file, counts its runs; ``applies=False``: stands aside."""

    name: str
    source: Path
    applies: bool = True
    runs: list[int] = field(default_factory=list)

    def fingerprint(self, context: RunContext) -> str:
        return fingerprint(self.name, self.source.read_text())

    def outputs(self, context: RunContext) -> list[Path]:
        return [context.lake / f"{self.name}.txt"]

    def run(self, context: RunContext, progress: Progress) -> StageOutcome:
        self.runs.append(1)
        if not self.applies:
            return StageOutcome(NOT_APPLICABLE, "nothing to do")
        progress.start("lines", 2)
        for line in ("a", "b"):
            progress.advance(note=line)
        self.outputs(context)[0].write_text(self.source.read_text())
        return StageOutcome(RAN, f"copied {self.source.name}")


class Recorder:
    """A Progress that records its events."""

    def __init__(self) -> None:
        self.events: list[tuple[object, ...]] = []

    def stage_started(self, name: str, number: int, count: int) -> None:
        self.events.append(("stage", name, number, count))

    def stage_finished(self, result: StageResult) -> None:
        self.events.append(("done", result.name, result.status))

    def start(self, task: str, total: int | None = None, unit: str = "steps") -> None:
        self.events.append(("start", task, total))

    def advance(self, n: int = 1, note: str = "") -> None:
        self.events.append(("advance", n, note))


@pytest.fixture
def setup(tmp_path: Path) -> tuple[RunContext, Path]:
    source = tmp_path / "source.txt"
    source.write_text("first")
    return RunContext(sources=(source,), lake=tmp_path / "lake"), source


def test_unchanged_inputs_are_skipped_and_changed_inputs_rerun(setup) -> None:
    context, source = setup
    stage = CountingStage("copy", source)

    first = run_stages([stage], context)
    second = run_stages([stage], context)
    source.write_text("second")
    third = run_stages([stage], context)

    assert [r.status for r in (*first.stages, *second.stages, *third.stages)] == [
        RAN,
        SKIPPED,
        RAN,
    ]
    assert len(stage.runs) == 2
    assert (context.lake / "copy.txt").read_text() == "second"
    assert read_state(context.lake)["copy"]["detail"] == "copied source.txt"


def test_missing_outputs_or_force_rerun_a_stage(setup) -> None:
    context, source = setup
    stage = CountingStage("copy", source)
    run_stages([stage], context)

    (context.lake / "copy.txt").unlink()
    after_delete = run_stages([stage], context)
    forced = run_stages([stage], context, force=True)

    assert after_delete.stage("copy").status == RAN and forced.stage("copy").status == RAN
    assert len(stage.runs) == 3


def test_a_stage_that_cannot_apply_is_recorded_and_skipped_next_time(setup) -> None:
    context, source = setup
    stage = CountingStage("idle", source, applies=False)

    first = run_stages([stage], context)
    second = run_stages([stage], context)

    assert first.stage("idle").status == NOT_APPLICABLE
    assert second.stage("idle").status == SKIPPED and len(stage.runs) == 1


def test_progress_hears_every_stage_and_task(setup) -> None:
    context, source = setup
    stages = [CountingStage("one", source), CountingStage("two", source)]
    recorder = Recorder()

    run_stages(stages, context, progress=recorder)
    run_stages(stages[:1], context, progress=recorder)

    work = [("start", "lines", 2), ("advance", 1, "a"), ("advance", 1, "b")]
    assert recorder.events == [
        ("stage", "one", 1, 2),
        *work,
        ("done", "one", RAN),
        ("stage", "two", 2, 2),
        *work,
        ("done", "two", RAN),
        ("stage", "one", 1, 1),
        ("done", "one", SKIPPED),
    ]


def test_a_failing_stage_is_named_in_the_error(setup) -> None:
    context, source = setup
    source.unlink()  # the stage's fingerprint reads it

    with pytest.raises(Exception, match="cannot read its inputs"):
        run_stages([CountingStage("copy", source)], context)


def test_the_model_stages_come_from_the_registry() -> None:
    names = [stage.name for stage in default_stages()]

    assert names == ["ingest", "stats", *(f"models/{name}" for name in MODELS)]


@pytest.mark.parametrize("package", ["gridtrack", "gridtrack.pipeline"])
def test_the_pipeline_imports_no_drawing_code(package: str) -> None:
    code = (
        f"import sys, {package}\n"
        "drawing = [m for m in sys.modules if m.startswith(('gridtrack.viz', 'rich'))]\n"
        "assert not drawing, drawing\n"
    )

    subprocess.run([sys.executable, "-c", code], check=True)
