"""A model is its spec: a toy model declared here, over existing stats, goes through
training, bundles, evaluation, prediction and leaderboards with no other module touched."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import pytest

from gridtrack.models import MODELS, ModelSpec, Task, load_bundle
from gridtrack.pipeline import evaluate_bundle, predict_bundle, train_model
from gridtrack.schema import Dataset
from tests.models.synth import synthetic_passes, write_lake

DEEP = 10.0
"""yd: the toy label: a pass is deep when its air yards exceed this."""


def deep_labels(ds: Dataset, stats: pl.DataFrame) -> pl.DataFrame:
    """game_id, play_id, ``deep`` (Int8): 1 when ``air_yards`` > :data:`DEEP`."""
    del ds
    return stats.select(
        "game_id", "play_id", (pl.col("air_yards") > DEEP).cast(pl.Int8).alias("deep")
    )


TOY = ModelSpec(
    name="toy_deep",
    description="probability that a pass is thrown deep, from the receiver's route",
    task=Task.BINARY,
    features=("target_depth_at_throw", "route_depth", "separation_at_throw"),
    baseline=("down", "yards_to_go", "yards_to_endzone"),
    label="deep",
    labels=deep_labels,
    label_stats=("air_yards",),
    requires=("air_yards",),
    roles={"receiver": "targeted"},
    output="p_deep",
    over="deep_oe",
)


@pytest.fixture()
def toy(monkeypatch) -> ModelSpec:
    monkeypatch.setitem(MODELS, TOY.name, TOY)
    return TOY


def test_a_spec_trains_evaluates_predicts_and_ranks(toy, tmp_path):
    ds, _ = synthetic_passes(n_games=4, plays_per_game=30, seed=3)
    lake = write_lake(ds, tmp_path / "lake")

    outcome = train_model(toy.name, lake, tmp_path / "toy", params={"n_estimators": 30})

    ex = outcome.result.examples
    assert {"receiver_id", "deep", "p_deep", "p_deep_baseline", "deep_oe", "fold"} <= set(
        ex.columns
    )
    assert ex.height == 120 and ex["receiver_id"].to_list() == [2] * 120
    assert outcome.result.metrics["all"]["model"]["log_loss"] < 0.5  # route depth tells
    board = pl.read_parquet(outcome.bundle / "leaders_receiver.parquet")
    assert board["nfl_id"].to_list() == [2] and board["plays"][0] == 120
    assert not (outcome.bundle / "leaders_passer.parquet").exists()
    assert load_bundle(outcome.bundle).manifest["task"] == "binary"
    text, metrics = evaluate_bundle(outcome.bundle, lake)
    assert "auc" in text and metrics["all"]["model"]["n"] == 120
    pred = predict_bundle(outcome.bundle, lake)
    assert pred.columns == ["game_id", "play_id", "receiver_id", "p_deep", "deep_oe"]


def test_a_spec_names_only_catalogue_stats():
    with pytest.raises(KeyError, match="no_such_stat"):
        replace(TOY, features=("no_such_stat",))
    with pytest.raises(ValueError, match="play-by-play only in baseline"):
        replace(TOY, features=("down",))
    with pytest.raises(KeyError, match="air_yards"):
        replace(TOY, roles={"receiver": "air_yards"})  # a play stat, not a player flag
