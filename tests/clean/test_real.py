"""Cleaning on the real samples: planted faults with known truth, the real 2017 game as it
is, derived kinematics against reported ones, and cleaning inside ``gridtrack ingest``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from typer.testing import CliRunner

import gridtrack
from gridtrack.clean import CHECKS, clean_tracking, with_kinematics
from gridtrack.clean.faults import FAULT_KINDS, KEY, POSITION_FAULTS, inject
from gridtrack.cli import app
from gridtrack.io import lake as lake_io
from gridtrack.schema import QUALITY, TRACKING, validate

GUARD = 3
"""Frames either side of a planted fault that its influence may reach (the smoothing
filter's half-window): flags there are neither hits nor false flags."""


def _tracking(real_data: Path, name: str) -> pl.DataFrame:
    return gridtrack.scan_tracking(real_data / name).tracking.collect()


@pytest.fixture(scope="module")
def game2019(real_data: Path) -> pl.DataFrame:
    return _tracking(real_data, "bdb2019")


@pytest.fixture(scope="module")
def planted(game2019: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """60 faults of each kind planted into 120 real plays of the 2017 game, cleaned."""
    plays = game2019.get_column("play_id").unique().sort().head(120)
    original = game2019.filter(pl.col("play_id").is_in(plays.implode()))
    faulty, labels = inject(original, per_kind=60, seed=7)
    cleaned, quality = clean_tracking(faulty)
    _, baseline = clean_tracking(original)
    return {
        "original": original,
        "faulty": faulty,
        "labels": labels,
        "cleaned": cleaned,
        "quality": quality,
        "baseline": baseline,
    }


def _frame_rows(quality: pl.DataFrame) -> pl.DataFrame:
    return quality.filter(pl.col("frame_id").is_not_null()).select(*KEY, "check").unique()


def test_every_planted_fault_kind_is_found(planted: dict[str, pl.DataFrame]) -> None:
    labels = planted["labels"]
    found = _frame_rows(planted["quality"]).rename({"check": "kind"})

    hits = labels.join(found, on=[*KEY, "kind"], how="semi", nulls_equal=True)

    recall = (
        labels.group_by("kind")
        .len()
        .join(hits.group_by("kind").len(), on="kind", how="left", suffix="_hit")
        .select("kind", (pl.col("len_hit").fill_null(0) / pl.col("len")).alias("recall"))
    )
    assert set(recall["kind"]) == set(FAULT_KINDS)
    low = recall.filter(pl.col("recall") < 0.99)
    assert low.height == 0, low


def test_untouched_frames_are_rarely_flagged(planted: dict[str, pl.DataFrame]) -> None:
    original, faulty, labels = planted["original"], planted["faulty"], planted["labels"]
    values = ["x", "y", "s", "dis", "dir"]
    paired = original.select(*KEY, *values).join(
        faulty.select(*KEY, *values), on=KEY, how="left", suffix="_f", nulls_equal=True
    )
    changed = paired.filter(
        pl.any_horizontal([~pl.col(c).eq_missing(pl.col(f"{c}_f")) for c in values])
    ).select(KEY)
    touched = pl.concat([changed, labels.select(KEY)]).unique()
    near = pl.concat(
        [touched.with_columns((pl.col("frame_id") + k).cast(pl.Int32)) for k in range(-GUARD, 5)]
    ).unique()
    untouched = original.select(KEY).join(near, on=KEY, how="anti", nulls_equal=True)
    checks = planted["quality"].filter(pl.col("check").is_in(CHECKS))
    flags = _frame_rows(checks).join(untouched, on=KEY, how="semi", nulls_equal=True)
    own = _frame_rows(planted["baseline"])  # what the real game itself shows, unplanted

    false_flags = flags.join(own, on=[*KEY, "check"], how="anti", nulls_equal=True)

    rate = false_flags.select(KEY).unique().height / untouched.height
    assert rate <= 0.001, false_flags
    assert untouched.height > 150_000
    # Rows are only ever dropped from tracks that carry a planted fault.
    track = ["game_id", "play_id", "nfl_id"]
    dropped = planted["quality"].filter(pl.col("action").cast(pl.String).str.starts_with("drop"))
    faulted = touched.select(track).unique()
    assert dropped.join(faulted, on=track, how="anti", nulls_equal=True).height == 0


def test_repaired_positions_are_close_to_the_truth(planted: dict[str, pl.DataFrame]) -> None:
    labels = planted["labels"].filter(pl.col("kind").is_in(POSITION_FAULTS))
    repaired = planted["quality"].filter(pl.col("action") == "interpolated").select(KEY).unique()
    truth = planted["original"].select(*KEY, "x", "y")
    cleaned = planted["cleaned"].select(*KEY, pl.col("x").alias("xc"), pl.col("y").alias("yc"))

    rows = (
        labels.join(repaired, on=KEY, how="semi", nulls_equal=True)
        .join(truth, on=KEY, nulls_equal=True)
        .join(cleaned, on=KEY, nulls_equal=True)
    )

    error = np.hypot(rows["x"] - rows["xc"], rows["y"] - rows["yc"])
    assert rows.height >= 0.95 * labels.height  # short planted gaps are all repairable
    assert (error <= 0.5).mean() >= 0.90


def test_the_result_does_not_depend_on_how_the_work_is_split(
    planted: dict[str, pl.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    from gridtrack.clean import run

    monkeypatch.setattr(run, "BLOCK_ROWS", 3000)  # blocks of one or two plays
    monkeypatch.setattr(run, "SPLICE_ROWS", 10**9)  # inserted rows gathered, not spliced
    monkeypatch.setattr(run.os, "cpu_count", lambda: 1)

    cleaned, quality = clean_tracking(planted["faulty"])

    assert cleaned.equals(planted["cleaned"])
    assert quality.equals(planted["quality"])


def test_the_real_2017_game_as_it_is(game2019: pl.DataFrame) -> None:
    cleaned, quality = clean_tracking(game2019)

    validate(cleaned, TRACKING)
    validate(quality, QUALITY)
    # Nothing real and plausible is thrown away: no row dropped.
    assert cleaned.height == game2019.height
    assert not quality["action"].cast(pl.String).str.starts_with("dropped").any()
    # The real dropouts (null coordinates) are all reported, at the ends of tracks.
    nulls = game2019.filter(pl.col("x").is_null()).select(KEY)
    dropouts = quality.filter(pl.col("check") == "dropout").select(KEY)
    assert nulls.join(dropouts, on=KEY, how="anti", nulls_equal=True).height == 0
    assert nulls.height > 20
    # Positions are only changed where a repair says so.
    changed = (
        game2019.select(*KEY, "x", "y")
        .join(cleaned.select(*KEY, "x", "y"), on=KEY, suffix="_c", nulls_equal=True)
        .filter(~pl.col("x").eq_missing(pl.col("x_c")) | ~pl.col("y").eq_missing(pl.col("y_c")))
        .select(KEY)
    )
    repaired = quality.filter(pl.col("action") == "interpolated").select(KEY)
    assert changed.join(repaired, on=KEY, how="anti", nulls_equal=True).height == 0
    # Findings stay rare: under 0.5 % of the rows.
    assert quality.select(KEY).unique().height < 0.005 * game2019.height


def test_derived_speed_agrees_with_the_reported_one(real_data: Path) -> None:
    tracking = _tracking(real_data, "bdb2023_sample")
    players = tracking.filter(pl.col("nfl_id").is_not_null())

    derived = with_kinematics(players, overwrite=True)

    error = (derived["s"] - players["s"]).abs()
    assert (error <= 0.3).mean() >= 0.95
    dis_error = (derived["dis"] - players["dis"]).abs()
    assert (dis_error <= 0.05).mean() >= 0.99
    assert derived["o"].equals(players["o"])  # never derived


@pytest.fixture(scope="module")
def cleaned_lake(real_data: Path, tmp_path_factory: pytest.TempPathFactory):
    lake = tmp_path_factory.mktemp("clean-lake")
    return lake, gridtrack.ingest([real_data / "bdb2019"], lake)


def test_ingest_cleans_by_default_and_balances(cleaned_lake) -> None:
    lake, summary = cleaned_lake

    result = CliRunner().invoke(app, ["quality", "--lake", str(lake), "--worst", "3"])

    assert summary.balanced
    assert summary.rows_dropped_by_cleaning == 0
    assert summary.quality["dropout"] >= 20
    quality = lake_io.scan_table(lake, "quality").collect()
    assert quality.height == sum(summary.quality.values())
    assert result.exit_code == 0, result.output
    assert "per check" in result.output and "dropout" in result.output


def test_no_clean_stores_the_tracking_as_read(real_data: Path, tmp_path: Path) -> None:
    lake = tmp_path / "lake"

    result = CliRunner().invoke(
        app, ["ingest", str(real_data / "bdb2023_sample"), "--lake", str(lake), "--no-clean"]
    )

    assert result.exit_code == 0, result.output
    assert lake_io.scan_table(lake, "quality").collect().height == 0
    stored = lake_io.scan_table(lake, "tracking").collect()
    assert stored.height == 6_049


def test_re_ingest_replaces_dropped_plays_and_stale_quality(tmp_path: Path) -> None:
    first = pl.DataFrame({"game_id": [1, 1], "play_id": [10, 20], "value": [1.0, 2.0]})
    where = {"season": 2023, "week": 1, "game_id": 1}
    lake_io.write_game(
        tmp_path,
        QUALITY,
        QUALITY.conform(
            first.with_columns(pl.lit("speed").alias("check"), pl.lit("flagged").alias("action"))
        ).collect(),
        **where,
    )

    lake_io.write_game(
        tmp_path, QUALITY, QUALITY.empty(), replace=first.select("game_id", "play_id"), **where
    )

    assert lake_io.scan_table(tmp_path, "quality").collect().height == 0
