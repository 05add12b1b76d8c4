"""Completion probability and xYAC on the real full games (Big Data Bowl 2019, Sportradar).

Both games are fully tracked, so they are a fair sample of passes; grouped by game they give
two folds: each game's plays are predicted by a model trained on the other game only.
"""

from __future__ import annotations

import polars as pl
import pytest

import gridtrack
from gridtrack.models import COMPLETION, YAC, examples, train
from gridtrack.schema import TABLES, Dataset

PARAMS = {"n_estimators": 60}


@pytest.fixture(scope="module")
def full_games(real_data) -> Dataset:
    parts = [
        gridtrack.read_tracking(real_data / source).collect()
        for source in ("bdb2019", "sportradar_ngs")
    ]
    tables = {}
    for name in Dataset.table_names():
        frames = [p[name] for p in parts if p[name].height]
        table = pl.concat(frames, how="diagonal_relaxed") if frames else parts[0][name]
        key = list(TABLES[name].key)
        tables[name] = table.unique(key, keep="first", maintain_order=True) if key else table
    return Dataset().replace(**tables)


def test_real_pass_features_are_plausible(full_games):
    ex = examples(COMPLETION, full_games)
    assert ex["game_id"].n_unique() == 2
    assert ex.height >= 120
    assert 0.45 < ex["complete"].mean() < 0.8
    # the passer found at the throw is a quarterback
    positions = full_games.players.select("nfl_id", "position").collect()
    passers = ex.join(positions, left_on="passer_id", right_on="nfl_id", how="left")
    assert (passers["position"] == "QB").mean() > 0.9
    # completions are thrown to open receivers and shorter
    by = ex.group_by("complete").agg(pl.col("separation_at_arrival", "air_yards").median())
    caught = by.filter(pl.col("complete") == 1).row(0, named=True)
    missed = by.filter(pl.col("complete") == 0).row(0, named=True)
    assert caught["separation_at_arrival"] > missed["separation_at_arrival"]
    assert caught["air_yards"] < missed["air_yards"]
    nulls = ex.select(pl.col(c).null_count() for c in COMPLETION.features).sum_horizontal()[0]
    assert nulls < 0.05 * ex.height * len(COMPLETION.features)


def test_real_tracking_models_beat_play_by_play(full_games):
    cp = train(COMPLETION, full_games, params=PARAMS).metrics["all"]
    assert cp["model"]["log_loss"] < cp["baseline"]["log_loss"]
    assert cp["model"]["auc"] > 0.7
    xyac = train(YAC, full_games, params=PARAMS)
    labels = xyac.examples
    assert labels.height >= 70 and labels["yac"].median() < 10
    m = xyac.metrics["all"]
    assert m["model"]["rmse"] < m["baseline"]["rmse"]
