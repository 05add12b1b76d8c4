"""``gridtrack run``: every stage on a simulated sample, resumability, a real sample."""

from __future__ import annotations

import os
import time
from pathlib import Path

import polars as pl
import pytest

pytest.importorskip("plotly")
pytest.importorskip("lightgbm")

from typer.testing import CliRunner

from gridtrack import sim
from gridtrack.cli import app
from gridtrack.cli.run import report_stage
from gridtrack.pipeline import NOT_APPLICABLE, RAN, SKIPPED, read_state, run

runner = CliRunner()
TABLES = (
    "tracking",
    "plays",
    "players",
    "games",
    "key_frames",
    "quality",
    "stats_play",
    "stats_player_play",
    "predictions_completion",
    "predictions_yac",
)
STAGES = ("ingest", "stats", "models/completion", "models/yac", "report")


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def statuses(lake: Path) -> dict[str, str]:
    return {name: stage["status"] for name, stage in read_state(lake).items()}


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("run") / "sim"
    sim.write(sim.simulate(games=2, seed=11), out)
    return out


def test_run_writes_every_table_and_resumes(sample: Path, tmp_path: Path) -> None:
    lake, report = tmp_path / "lake", tmp_path / "out" / "report.html"

    first = invoke("run", sample, "--lake", lake, "--report", report, "--plays", "1")

    for table in TABLES:
        assert list((lake / table).rglob("*.parquet")), f"{table} missing\n{first.output}"
    assert report.is_file() and report.stat().st_size > 100_000
    assert len(list((report.parent / "plays").glob("play-*.html"))) == 1
    assert statuses(lake) == dict.fromkeys(STAGES, RAN)
    cp = pl.read_parquet(lake / "predictions_completion" / "part-0.parquet")
    assert cp.height >= 50 and cp["game_id"].n_unique() == 2
    assert cp["cp"].is_between(0, 1).all() and cp["cpoe"].null_count() == 0
    assert (cp["complete"].cast(pl.Float64) - cp["cp"] - cp["cpoe"]).abs().max() < 1e-9
    xyac = pl.read_parquet(lake / "predictions_yac" / "part-0.parquet")
    assert {"xyac", "yacoe", "fold"} <= set(xyac.columns)
    assert "stage" in first.output and "total" in first.output

    second = invoke("run", sample, "--lake", lake, "--report", report, "--plays", "1")

    assert second.output.count("skipped (unchanged)") >= len(STAGES)
    summary = run(sample, lake, extra_stages=[report_stage(lake, report, 1)])
    assert [s.status for s in summary.stages] == [SKIPPED] * len(STAGES)

    source = next(sample.glob("tracking_week_*.csv"))
    later = time.time() + 5
    os.utime(source, (later, later))
    third = run(sample, lake, extra_stages=[report_stage(lake, report, 1)])

    assert [s.status for s in third.stages] == [RAN] * len(STAGES)
    again = pl.read_parquet(lake / "predictions_completion" / "part-0.parquet")
    assert again.select("game_id", "play_id").equals(cp.select("game_id", "play_id"))


def test_run_applies_model_bundles(sample: Path, tmp_path: Path) -> None:
    trained = tmp_path / "trained"
    run(sample, trained)

    summary = run(sample, tmp_path / "lake", models=trained / "models")

    assert summary.stage("models/completion").status == RAN
    cp = pl.read_parquet(tmp_path / "lake" / "predictions_completion" / "part-0.parquet")
    assert set(cp["method"]) == {"bundle"} and cp["cp"].is_between(0, 1).all()


def test_run_on_a_real_sample(real_data: Path, tmp_path: Path) -> None:
    lake = tmp_path / "lake"

    report = report_stage(lake, None, 1)

    summary = run(real_data / "bdb2019", lake, extra_stages=[report])

    by_stage = {s.name: s for s in summary.stages}
    assert by_stage["ingest"].status == RAN and by_stage["stats"].status == RAN
    # one tracked game: no game-grouped folds, so the models stand aside with the reason
    for name in ("models/completion", "models/yac"):
        assert by_stage[name].status in (RAN, NOT_APPLICABLE)
        if by_stage[name].status == NOT_APPLICABLE:
            assert "game" in by_stage[name].detail
    assert report.report.is_file()
    for table in ("tracking", "plays", "key_frames", "quality", "stats_play", "stats_player_play"):
        assert list((lake / table).rglob("*.parquet")), table
