"""The command catches gridtrack's errors only: a clear message and a non-zero exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gridtrack.cli import app
from gridtrack.cli._app import exit_code
from gridtrack.errors import (
    FeatureMismatchError,
    GridtrackError,
    LakeError,
    OptionError,
    QueryError,
    ReadError,
    UnknownNameError,
)
from gridtrack.io.catalog import refresh

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "no/such/file.csv", "--lake", "{tmp}/lake"], "no such file or folder"),
        (["sql", "SELECT 1", "--lake", "{tmp}/none"], "no lake here"),
        (["stats", "--lake", "{tmp}/none"], "no lake here"),
        (["leaders", "no_such_stat", "--lake", "{tmp}"], "no stat named 'no_such_stat'"),
        (["leaders", "max_speed", "--by", "club", "--lake", "{tmp}"], "player or team"),
        (["run", "no/such/folder", "--lake", "{tmp}/lake"], "no such file or folder"),
        (["run", "x", "--lake", "{tmp}/lake", "--models", "{tmp}/none"], "no such models"),
        (["train", "no_model", "--lake", "{tmp}"], "unknown model 'no_model'"),
    ],
)
def test_a_gridtrack_error_is_one_clear_line_and_exit_code_2(
    args: list[str], message: str, tmp_path: Path
) -> None:
    result = runner.invoke(app, [a.format(tmp=tmp_path) for a in args])

    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())  # rich wraps long lines
    assert "error: " in text and message in text
    assert "Traceback" not in result.output


def test_a_failing_query_is_a_query_error(tmp_path: Path) -> None:
    refresh(tmp_path)  # a catalogue of empty views

    result = runner.invoke(app, ["sql", "SELECT nope FROM plays", "--lake", str(tmp_path)])

    assert result.exit_code == 2 and "query failed" in result.output


def test_exit_codes_and_the_builtins_each_error_refines() -> None:
    assert exit_code(FeatureMismatchError("x")) == 3
    assert exit_code(ReadError("x")) == 2
    assert issubclass(LakeError, FileNotFoundError) and issubclass(OptionError, ValueError)
    assert issubclass(QueryError, ValueError) and issubclass(UnknownNameError, KeyError)
    assert str(UnknownNameError("no stat named 'x'")) == "no stat named 'x'"


def test_other_exceptions_are_bugs_and_keep_their_traceback(monkeypatch) -> None:
    import gridtrack.cli.stats as stats_cli

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(stats_cli, "leaders", broken)
    result = runner.invoke(app, ["leaders", "max_speed"])

    assert result.exit_code == 1 and isinstance(result.exception, ZeroDivisionError)
    assert not isinstance(result.exception, GridtrackError)
