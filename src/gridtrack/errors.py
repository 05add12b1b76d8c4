"""The errors gridtrack raises: one tree under :class:`GridtrackError`.

Every class also derives from the built-in exception it refines, so code written against
the built-in (``except ValueError``) keeps working, and code that wants gridtrack's errors
alone catches :class:`GridtrackError`. The ``gridtrack`` command catches this tree only
(one handler: the message, and exit code 2, or 3 for :class:`FeatureMismatchError`):
anything else is a bug and shows its traceback.

The tree (``docs/errors.md`` lists where each is raised)::

    GridtrackError (Exception)
    ├── ReadError (ValueError)              a source file cannot be read
    ├── SchemaError (ValueError)            a canonical table breaks the contract
    ├── LakeError (FileNotFoundError)       a lake folder, table or file is missing
    ├── LakeBusyError (BlockingIOError)     another process is writing the lake
    ├── UnknownNameError (KeyError)         a stat, family, model or format name unknown
    ├── OptionError (ValueError)            an option outside its allowed values
    ├── QueryError (ValueError)             a SQL query over the lake's catalogue failed
    ├── InsufficientDataError (ValueError)  too little data for what was asked
    ├── DefinitionError (ValueError)        a kernel, stat or model declared inconsistently
    ├── PlayNotFound (LookupError)          the play asked for is not in the lake
    ├── BundleError (ValueError)            a model bundle cannot be loaded or applied
    │   └── FeatureMismatchError            its features differ from the data's
    ├── RunError (RuntimeError)             a pipeline stage failed
    └── ToolError (RuntimeError)            an external program (ffmpeg) is missing

This module imports nothing of gridtrack: every package may raise these.
"""

from __future__ import annotations

from collections.abc import Sequence


class GridtrackError(Exception):
    """Base of every error gridtrack raises on purpose (bad input, unknown name, failed stage)."""


class ReadError(GridtrackError, ValueError):
    """A source file cannot be read: the message names the file and what was expected."""


class SchemaError(GridtrackError, ValueError):
    """A canonical table breaks the contract: the message names the table, the column, what
    was expected, what was found and the first offending keys.

    ``problems``: one entry per broken rule (printed one per line); ``source``: the file or
    table they were found in.
    """

    def __init__(self, problems: Sequence[object], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        head = f"{source}: " if source else ""
        lines = "\n  ".join(str(p) for p in problems)
        super().__init__(f"{head}{len(problems)} schema problem(s):\n  {lines}")


class LakeError(GridtrackError, FileNotFoundError):
    """A lake folder, table or file that a command needs is missing."""


class LakeBusyError(GridtrackError, BlockingIOError):
    """Another process holds the lake's write lock (an ingest, stats or run writing it): the
    message names the lake and the holder's pid. Writers never wait: run again later."""


class UnknownNameError(GridtrackError, KeyError):
    """A stat, role, family, model or format name that is not registered: the message lists
    the known names."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class OptionError(GridtrackError, ValueError):
    """An option outside its allowed values, or options that contradict each other: the
    message names the option and the values allowed."""


class QueryError(GridtrackError, ValueError):
    """A SQL query over the lake's catalogue failed: the message is the database's."""


class InsufficientDataError(GridtrackError, ValueError):
    """The data cannot support what was asked: no labelled examples for a model, too few
    games for folds grouped by game. The message says what was found and what is needed."""


class DefinitionError(GridtrackError, ValueError):
    """A kernel, stat, role or model declared inconsistently (a programming error in a
    registry, found when it is registered or checked)."""


class PlayNotFound(GridtrackError, LookupError):
    """The play asked for is not in the lake."""


class BundleError(GridtrackError, ValueError):
    """A model bundle cannot be loaded or does not fit the data it is applied to."""


class FeatureMismatchError(BundleError):
    """The features a bundle was trained on differ from those of the data."""


class RunError(GridtrackError, RuntimeError):
    """A pipeline stage failed: the message names the stage."""


class ToolError(GridtrackError, RuntimeError):
    """An external program gridtrack needs is missing (``ffmpeg`` for MP4 video): the
    message says how to install it or what to use instead."""


__all__ = [
    "BundleError",
    "DefinitionError",
    "FeatureMismatchError",
    "GridtrackError",
    "InsufficientDataError",
    "LakeBusyError",
    "LakeError",
    "OptionError",
    "PlayNotFound",
    "QueryError",
    "ReadError",
    "RunError",
    "SchemaError",
    "ToolError",
    "UnknownNameError",
]
