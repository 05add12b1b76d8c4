"""The errors gridtrack raises: one tree under :class:`GridtrackError`.

Every class also derives from the built-in exception it refines, so code written against
the built-in (``except ValueError``) keeps working, and code that wants gridtrack's errors
alone catches :class:`GridtrackError`. The ``gridtrack`` command catches this tree only:
anything else is a bug and shows its traceback. ``docs/errors.md`` lists the tree.

This module imports nothing of gridtrack: every package may raise these.
"""

from __future__ import annotations


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

    def __init__(self, problems: list[object], source: str | None = None) -> None:
        self.problems = problems
        self.source = source
        head = f"{source}: " if source else ""
        lines = "\n  ".join(str(p) for p in problems)
        super().__init__(f"{head}{len(problems)} schema problem(s):\n  {lines}")


class LakeError(GridtrackError, FileNotFoundError):
    """A lake folder, table or file that a command needs is missing."""


class UnknownNameError(GridtrackError, KeyError):
    """A stat, role, family, model or format name that is not registered: the message lists
    the known names."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


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


__all__ = [
    "BundleError",
    "DefinitionError",
    "FeatureMismatchError",
    "GridtrackError",
    "LakeError",
    "PlayNotFound",
    "ReadError",
    "RunError",
    "SchemaError",
    "UnknownNameError",
]
