"""``gridtrack animate`` and ``gridtrack report`` on a lake ingested from real samples."""

from __future__ import annotations

import json

import polars as pl
import pytest

pytest.importorskip("plotly")

from typer.testing import CliRunner

import gridtrack
from gridtrack.cli import app
from gridtrack.io.lake import write_atomic
from gridtrack.viz import build_report, register_section
from gridtrack.viz.report import Section, sections

GAME, PLAY = 2021091300, 4845
runner = CliRunner()


@pytest.fixture(scope="module")
def lake(real_data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("viz") / "lake"
    gridtrack.ingest(real_data / "bdb2023_sample", folder)
    return folder


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def test_animate_writes_one_self_contained_html(lake, tmp_path):
    out = tmp_path / "play.html"
    invoke(
        "animate",
        GAME,
        PLAY,
        "--lake",
        lake,
        "--out",
        out,
        "--overlay",
        "separation",
        "--overlay",
        "qb-distance",
        "--overlay",
        "speed",
        "--overlay",
        "s",
    )
    text = out.read_text()
    assert "<script src=" not in text  # no CDN: the JavaScript is inside
    assert "Plotly.newPlot" in text and len(text) > 3_000_000
    assert text.count('"name":"4845"') + text.count('"name": "4845"') == 0
    assert '"frames"' in text or "addFrames" in text
    assert "separation lines" in text and "qb distance lines" in text


def test_animate_a_stat_from_the_lake(lake, tmp_path):
    ds = gridtrack.scan_lake(lake)
    stat = (
        ds.tracking.filter(pl.col("nfl_id").is_not_null())
        .select(
            "game_id", "play_id", "frame_id", "nfl_id", (pl.col("s") * 0.9144).alias("speed_mps")
        )
        .collect()
    )
    write_atomic(stat, lake / "frame_stat_test" / "part-0.parquet")
    out = tmp_path / "stat.html"
    invoke(
        "animate",
        GAME,
        PLAY,
        "--lake",
        lake,
        "--out",
        out,
        "--stat",
        "frame_stat_test.speed_mps",
        "--vertical",
        "--crop",
        "--as-recorded",
    )
    assert "stat: speed_mps" in out.read_text()


def test_animate_errors_are_plain(lake, tmp_path):
    result = runner.invoke(
        app, ["animate", "1", "2", "--lake", str(lake), "--out", str(tmp_path / "x.html")]
    )
    assert result.exit_code == 2 and "no tracking for game 1" in result.output
    result = runner.invoke(
        app,
        [
            "animate",
            str(GAME),
            str(PLAY),
            "--lake",
            str(lake),
            "--out",
            str(tmp_path / "x.html"),
            "--overlay",
            "nope",
        ],
    )
    assert result.exit_code == 2 and "unknown overlay" in result.output


def test_animate_gif(lake, tmp_path):
    out = tmp_path / "play.gif"
    invoke(
        "animate", GAME, PLAY, "--lake", lake, "--out", out, "--crop", "--trail", "5", "--dpi", "25"
    )
    assert out.read_bytes()[:6] in (b"GIF89a", b"GIF87a")


def test_report_sections(lake, tmp_path):
    out = tmp_path / "report.html"
    invoke("report", "--lake", lake, "--out", out, "--plays", "2")
    text = out.read_text()
    assert "<script src=" not in text and text.count("Plotly.newPlot") == 2
    assert "What was ingested" in text and "6,049" in text  # tracking rows of the sample
    assert "2021091300" in text and "No rows were set aside" in text
    assert "No stat tables in this lake yet" in text
    assert "No model evaluations in this lake yet" in text
    assert "Game 2021091910, play 54" in text  # the longest gain animated first (31 yd next)


def test_report_shows_stat_tables_model_files_and_new_sections(lake):
    ds = gridtrack.scan_lake(lake)
    per_player = (
        ds.tracking.filter(pl.col("nfl_id").is_not_null())
        .group_by("game_id", "play_id", "nfl_id")
        .agg(pl.col("s").max().alias("max_speed"))
        .collect()
    )
    write_atomic(per_player, lake / "stats_viz_test" / "part-0.parquet")
    models = lake / "models" / "viz_test"
    models.mkdir(parents=True)
    (models / "evaluation.json").write_text(json.dumps({"auc": 0.81, "log_loss": 0.44}))
    write_atomic(
        pl.DataFrame({"predicted": [0.1, 0.5, 0.9], "observed": [0.12, 0.47, 0.85]}),
        models / "evaluation_calibration.parquet",
    )

    @register_section("viz test", order=99)
    def extra(ctx):
        return Section("Extra", "<p>added by a later stage</p>")

    try:
        text = build_report(lake, n_plays=0)
    finally:
        from gridtrack.viz import report

        report._SECTIONS.pop("viz test")
    assert "stats_viz_test" in text and "stats_viz_test: max_speed" in text
    assert "auc" in text and "observed against predicted" in text
    assert "added by a later stage" in text
    assert "viz test" not in sections()


def test_report_shows_the_catalogue_leaders_and_the_quality_summary(lake):
    from gridtrack.pipeline import compute_lake

    compute_lake(lake)
    text = build_report(lake, n_plays=0)
    assert "stats_player_play: max_speed" in text
    assert "No stat tables in this lake yet" not in text
    if (lake / "quality").is_dir():
        assert "Per check" in text and "Per game" in text
