"""Drawing a run's progress: the :class:`~gridtrack.pipeline.Progress` of the command line."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.text import Text

from gridtrack.pipeline import RAN, SKIPPED, StageResult


class _Amount(ProgressColumn):
    """How much of a task is done: ``done/total`` steps, or for a task counted in bytes the
    amount of data done of the total, the rate and the time remaining (ETA)."""

    def __init__(self) -> None:
        super().__init__()
        self.steps = MofNCompleteColumn()
        self.data = (DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn())

    def render(self, task: Task) -> Text:
        if task.fields.get("unit") != "bytes":
            return self.steps.render(task)
        amount, speed, remaining = (column.render(task) for column in self.data)
        return Text.assemble(amount, " ", speed, " ETA ", remaining)


class RichProgress:
    """A line per stage and a progress bar per task, drawn with rich on ``console``.

    Use it as a context manager around the work; ``bars=False`` keeps the stage lines and
    draws no bars.
    """

    def __init__(self, console: Console, *, bars: bool = True) -> None:
        self.console = console
        self.bars = Progress(
            TextColumn("  [bold]{task.description}"),
            BarColumn(),
            _Amount(),
            TextColumn("{task.fields[note]}"),
            TimeElapsedColumn(),
            console=console,
            disable=not bars,
        )
        self.task: TaskID | None = None

    def __enter__(self) -> RichProgress:
        self.bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._end_task()
        self.bars.stop()

    def _end_task(self) -> None:
        """Mark the current task complete (a task of unknown length: one step)."""
        if self.task is not None:
            done = max(next(t.completed for t in self.bars.tasks if t.id == self.task), 1)
            self.bars.update(self.task, total=done, completed=done, note="")
            self.task = None

    def stage_started(self, name: str, number: int, count: int) -> None:
        self._end_task()
        self.console.print(f"[bold cyan][{number}/{count}] {escape(name)}[/]")

    def stage_finished(self, result: StageResult) -> None:
        self._end_task()
        detail = escape(result.detail)
        if result.status == SKIPPED:
            self.console.print(f"  [dim]skipped (unchanged)[/]  {detail}", highlight=False)
        elif result.status == RAN:
            self.console.print(
                f"  [green]✓[/] {detail} [dim]({result.seconds:.1f} s)[/]", highlight=False
            )
        else:
            self.console.print(f"  [yellow]–[/] {result.status}: {detail}", highlight=False)

    def start(self, task: str, total: int | None = None, unit: str = "steps") -> None:
        self._end_task()
        self.task = self.bars.add_task(escape(task), total=total, note="", unit=unit)

    def advance(self, n: int = 1, note: str = "") -> None:
        if self.task is not None:
            self.bars.update(self.task, advance=n, note=escape(note))
