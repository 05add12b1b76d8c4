"""Train / evaluate / predict end to end on a lake of generated plays, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from typer.testing import CliRunner

from gridtrack.cli import app
from gridtrack.models import (
    YAC,
    FeatureMismatchError,
    examples,
    load_bundle,
    train,
)
from gridtrack.pipeline import evaluate_bundle, predict_bundle, train_model
from tests.models.synth import synthetic_passes, write_lake

FAST = ["--n-estimators", "30"]
PARAMS = {"n_estimators": 30}


@pytest.fixture(scope="module")
def generated():
    return synthetic_passes(n_games=6, plays_per_game=40, seed=1)


@pytest.fixture(scope="module")
def lake(generated, tmp_path_factory) -> Path:
    ds, _ = generated
    return write_lake(ds, tmp_path_factory.mktemp("models") / "lake")


def test_yac_labels_and_features_at_the_catch(generated):
    ds, truth = generated
    ex = examples(YAC, ds).join(truth, on=["game_id", "play_id"])
    caught = truth.filter(pl.col("complete") == 1)
    assert ex.height == caught.height
    # no recorded YAC, no yards gained: measured from the carrier's run after the catch
    assert np.allclose(ex["yac"], ex["yac_right"], atol=1e-3)
    assert np.allclose(ex["separation_at_arrival"], ex["separation"], atol=1e-3)
    assert (ex["target_speed_at_arrival"] > 1.5).all()
    assert (ex["passer_id"] == 1).all() and (ex["receiver_id"] == 2).all()


def test_train_result_is_out_of_fold_and_beats_the_baseline(generated):
    ds, _ = generated
    result = train(YAC, ds, params=PARAMS)
    ex = result.examples
    assert {"xyac", "xyac_baseline", "yacoe", "fold"} <= set(ex.columns)
    assert ex["fold"].n_unique() == 5
    per_game = ex.group_by("game_id").agg(pl.col("fold").n_unique())
    assert per_game["fold"].max() == 1
    assert np.allclose(ex["yacoe"], ex["yac"] - ex["xyac"])
    m = result.metrics["all"]
    assert m["model"]["rmse"] < m["baseline"]["rmse"]
    assert m["model"]["crps"] < m["model"]["mae"]  # a distribution beats its point forecast


def test_cli_train_evaluate_predict(lake, tmp_path):
    runner = CliRunner()
    bundle = tmp_path / "cp_bundle"
    res = runner.invoke(
        app, ["train", "completion", "--lake", str(lake), "--out", str(bundle), *FAST]
    )
    assert res.exit_code == 0, res.output
    assert "log_loss" in res.output and "baseline" in res.output
    files = {p.name for p in bundle.iterdir()}
    assert {
        "manifest.json",
        "model.txt",
        "baseline.txt",
        "oof.parquet",
        "ranking.csv",
        "report.txt",
        "report.png",
        "leaders_passer.parquet",
        "leaders_receiver.parquet",
    } <= files
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["model"] == "completion" and manifest["format_version"] == 1
    assert len(manifest["feature_schema_hash"]) == 64
    assert {"lightgbm", "xgboost", "polars", "numpy"} <= set(manifest["libraries"])
    assert manifest["features"]["model"][0] == {"name": "air_distance", "dtype": "Float64"}
    assert manifest["training_data"]["rows"] == 240

    res = runner.invoke(app, ["evaluate", str(bundle), "--lake", str(lake)])
    assert res.exit_code == 0, res.output
    assert "auc" in res.output and "wce" in res.output

    out = tmp_path / "cp.parquet"
    res = runner.invoke(app, ["predict", str(bundle), "--lake", str(lake), "--out", str(out)])
    assert res.exit_code == 0, res.output
    pred = pl.read_parquet(out)
    assert pred.columns[:2] == ["game_id", "play_id"] and "cp" in pred.columns
    assert pred.height == 240 and pred["cp"].is_between(0, 1).all()


def test_yac_bundle_with_xgboost_and_top_k(lake, tmp_path):
    outcome = train_model("yac", lake, tmp_path / "yac", backend="xgboost", top_k=6, params=PARAMS)
    bundle = load_bundle(outcome.bundle)
    assert len(bundle.features) == 6 and bundle.manifest["backend"] == "xgboost"
    assert bundle.manifest["candidates"] == list(YAC.features)
    pred = predict_bundle(outcome.bundle, lake)
    assert {"xyac", "xyac_p10", "xyac_p50", "xyac_p90", "yacoe"} <= set(pred.columns)
    assert (pred["xyac_p10"] < pred["xyac_p90"]).all()
    # a reloaded bundle predicts what the trained model predicted
    again = bundle.model.predict(outcome.result.examples.select(bundle.features))
    fitted = outcome.result.model.predict(outcome.result.examples.select(bundle.features))
    assert np.allclose(again, fitted)
    text, metrics = evaluate_bundle(outcome.bundle, lake)
    assert "crps" in text and "rmse" in metrics["all"]["model"]


def test_leaderboards_per_passer_and_receiver(lake, tmp_path):
    outcome = train_model("completion", lake, tmp_path / "cp", params=PARAMS)
    passers = pl.read_parquet(outcome.bundle / "leaders_passer.parquet")
    receivers = pl.read_parquet(outcome.bundle / "leaders_receiver.parquet")
    assert passers["nfl_id"].to_list() == [1] and passers["plays"][0] == 240
    assert passers["display_name"][0] == "Q"
    ex = outcome.result.examples
    assert passers["cpoe"][0] == pytest.approx(float((ex["complete"] - ex["cp"]).mean()))
    assert receivers["nfl_id"].to_list() == [2]


def test_features_that_differ_fail_clearly(lake, tmp_path, monkeypatch):
    outcome = train_model("completion", lake, tmp_path / "cp", params=PARAMS)
    import gridtrack.pipeline._models as pipeline

    real = pipeline.examples

    def drifted(spec, ds, **kw):  # type: ignore[no-untyped-def]
        frame = real(spec, ds, **kw).drop("separation_at_arrival")
        return frame.with_columns(pl.col("air_yards").cast(pl.Float32))

    monkeypatch.setattr(pipeline, "examples", drifted)
    with pytest.raises(FeatureMismatchError) as err:
        evaluate_bundle(outcome.bundle, lake)
    message = str(err.value)
    assert "'separation_at_arrival' is missing" in message
    assert "'air_yards' has dtype Float32" in message
    res = CliRunner().invoke(app, ["predict", str(outcome.bundle), "--lake", str(lake)])
    assert res.exit_code == 3 and "do not match bundle" in res.output


def test_unknown_model_and_missing_bundle_fail_clearly(lake, tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["train", "rushing", "--lake", str(lake), "--out", str(tmp_path)])
    assert res.exit_code == 2 and "unknown model" in res.output
    res = runner.invoke(app, ["evaluate", str(tmp_path / "nothing"), "--lake", str(lake)])
    assert res.exit_code == 2 and "not a model bundle" in res.output
