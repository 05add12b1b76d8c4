"""Canonical schema: conform, validation errors, event normalization."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridtrack.schema import (
    EVENTS,
    PLAYS,
    TRACKING,
    SchemaError,
    normalize_event,
    normalize_event_expr,
    problems,
    validate,
)
from gridtrack.schema._validate import _duplicated, _in_key_order


def tracking_rows(**overrides: list) -> pl.DataFrame:
    base = {
        "game_id": [1, 1],
        "play_id": [10, 10],
        "frame_id": [1, 2],
        "nfl_id": [7, 7],
        "side": ["offense", "offense"],
        "x": [30.0, 30.5],
        "y": [20.0, 20.0],
    }
    base.update(overrides)
    return TRACKING.conform(pl.DataFrame(base)).collect()


def test_conform_gives_canonical_columns_and_dtypes() -> None:
    frame = tracking_rows()
    assert frame.columns == TRACKING.names
    assert frame.schema == TRACKING.schema


def test_valid_frame_passes() -> None:
    assert validate(tracking_rows(), TRACKING).height == 2


def test_missing_column_is_named() -> None:
    with pytest.raises(
        SchemaError, match=r"tracking\.x: expected column of Float32, found missing"
    ):
        validate(tracking_rows().drop("x"), TRACKING)


def test_wrong_dtype_is_named() -> None:
    frame = tracking_rows().with_columns(pl.col("x").cast(pl.String))
    found = problems(frame, TRACKING)
    assert [(p.column, p.expected, p.found) for p in found] == [("x", "Float32", "String")]


def test_out_of_range_names_first_keys() -> None:
    frame = tracking_rows(x=[30.0, 500.0])
    (problem,) = problems(frame, "tracking")
    assert problem.column == "x"
    assert "worst 500.0" in problem.found
    assert problem.keys == ({"game_id": 1, "play_id": 10, "nfl_id": 7, "frame_id": 2},)


def test_duplicate_key_is_reported() -> None:
    frame = tracking_rows(frame_id=[1, 1])
    (problem,) = problems(frame, TRACKING)
    assert problem.expected == "unique keys" and "2 rows" in problem.found


def test_null_in_required_column() -> None:
    frame = tracking_rows(frame_id=[1, None])
    with pytest.raises(SchemaError, match="frame_id: expected no nulls"):
        validate(frame, TRACKING)


def test_open_table_keeps_extras() -> None:
    plays = PLAYS.conform(pl.DataFrame({"game_id": [1], "play_id": [2], "pass_length": [7]}))
    assert plays.collect_schema().names()[-1] == "pass_length"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("ball_snap", "ball_snap"),
        ("Ball Snap", "ball_snap"),
        ("pass_outcome_caught", "pass_outcome_caught"),
        ("snap", "ball_snap"),
        ("NA", None),
        ("None", None),
        ("", None),
        ("  Out_Of_Bounds ", "out_of_bounds"),
    ],
)
def test_normalize_event(label: str, expected: str | None) -> None:
    assert normalize_event(label) == expected


@given(st.sampled_from(sorted(EVENTS)), st.sampled_from(["", " ", "  "]), st.booleans())
def test_canonical_events_are_fixed_points(event: str, pad: str, upper: bool) -> None:
    label = pad + (event.upper() if upper else event) + pad
    assert normalize_event(label) == event
    assert pl.select(normalize_event_expr(pl.lit(label))).item() == event


_key_rows = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 2), st.none() | st.integers(0, 2)),
    max_size=30,
)


@given(rows=_key_rows, in_order=st.booleans())
def test_duplicate_keys_found_alike_in_key_order_or_not(rows, in_order) -> None:
    """Sorted frames take the neighbour comparison, others the hash: the same rows either way."""
    key = ["a", "b", "c"]
    df = pl.DataFrame(rows, schema={k: pl.Int64 for k in key}, orient="row")
    if in_order:
        df = df.sort(key, nulls_last=True)
    assert _in_key_order(df, key) == df.equals(df.sort(key, nulls_last=True))
    found = df.select(_duplicated(df, key)).to_series()
    assert found.to_list() == df.select(pl.struct(key).is_duplicated()).to_series().to_list()
