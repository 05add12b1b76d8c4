"""The shared source-column mapping (``io/_mapping.py``), on small frames."""

from __future__ import annotations

import polars as pl

from gridtrack.io._common import wrap_angle
from gridtrack.io._mapping import SourceColumn, mapped, mapping_problems, number_sources

POSITION = SourceColumn("position", "position", alternatives=("officialPosition",))
DIR = SourceColumn("dir", "dir", pl.Float64(), wrap_angle)


def test_the_first_present_source_name_is_read() -> None:
    frame = pl.DataFrame({"officialPosition": ["QB"], "position": ["WR"]})

    both = frame.select(POSITION.value(frame.columns))
    alternative = frame.select(POSITION.value(["officialPosition"]))
    none = frame.select(POSITION.value(["x"]))

    assert both.rows() == [("WR",)]
    assert alternative.rows() == [("QB",)]
    assert none.rows() == [(None,)] and none.schema["position"] == pl.String


def test_text_converted_with_its_problem_or_parsed_by_the_engine() -> None:
    text = pl.DataFrame({"dir": [" 370 ", "north", None]})
    parsed = pl.DataFrame({"dir": [370.0]})

    values = text.select(mapped([DIR], text.columns))
    problems = text.select(pl.coalesce(mapping_problems([DIR, POSITION], text.columns)))
    taken = parsed.select(mapped([DIR], parsed.columns, parsed=True))

    assert values["dir"].to_list() == [10.0, None, None]
    assert problems.to_series().to_list() == [
        None,
        "column dir: expected a number, found 'north'",
        None,
    ]
    assert taken["dir"].to_list() == [10.0]


def test_absent_columns_have_no_problem_and_are_not_parsed() -> None:
    present = ["officialPosition", "x"]

    problems = mapping_problems([DIR, POSITION], present)
    numbers = number_sources([DIR, POSITION, SourceColumn("x", "x", pl.Float64())], present)

    assert problems == []
    assert numbers == ["x"]
