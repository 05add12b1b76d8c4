"""The models gridtrack trains: each names its feature and label functions and its columns.

A :class:`ModelSpec` ties the three separate parts of a model together — features (a pure
function of a canonical :class:`~gridtrack.schema.Dataset`), labels, and the estimator's
task — plus the play-by-play baseline trained on the same folds. Later models register
here the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from gridtrack.models import completion, yac
from gridtrack.schema import Dataset


@dataclass(frozen=True)
class ModelSpec:
    """What a model is made of.

    Attributes
    ----------
    name
        Registry key (``completion``, ``yac``).
    task
        ``binary`` (probability) or ``distribution`` (mean plus a predictive distribution).
    features, labels
        Pure functions of a Dataset → one row per example keyed by game_id, play_id.
    feature_columns, baseline_columns
        Inputs of the tracking model and of the play-by-play baseline.
    id_columns
        Identity columns carried with each example (game, play, passer, target).
    label
        Label column of ``labels``.
    output
        Prediction column name (``cp``, ``xyac``); ``over`` the over-expected name
        (``cpoe``, ``yacoe``).
    version
        Model definition version: bump when features or labels change meaning.
    """

    name: str
    task: str
    features: Callable[[Dataset], pl.DataFrame]
    labels: Callable[[Dataset], pl.DataFrame]
    feature_columns: tuple[str, ...]
    baseline_columns: tuple[str, ...]
    id_columns: tuple[str, ...]
    label: str
    output: str
    over: str
    version: str = "1"
    description: str = ""


COMPLETION = ModelSpec(
    name="completion",
    task="binary",
    features=completion.features,
    labels=completion.labels,
    feature_columns=completion.FEATURES,
    baseline_columns=completion.BASELINE_FEATURES,
    id_columns=completion.ID_COLUMNS,
    label=completion.LABEL,
    output="cp",
    over="cpoe",
    description="completion probability of a pass, from on-field measurements at throw and arrival",
)

YAC = ModelSpec(
    name="yac",
    task="distribution",
    features=yac.features,
    labels=yac.labels,
    feature_columns=yac.FEATURES,
    baseline_columns=yac.BASELINE_FEATURES,
    id_columns=yac.ID_COLUMNS,
    label=yac.LABEL,
    output="xyac",
    over="yacoe",
    description="expected yards after catch and its distribution, from positions and "
    "velocities at the catch",
)

MODELS: dict[str, ModelSpec] = {m.name: m for m in (COMPLETION, YAC)}


def get_model(name: str) -> ModelSpec:
    """The registered model ``name``; a clear error listing the known ones otherwise."""
    try:
        return MODELS[name]
    except KeyError:
        raise KeyError(f"unknown model {name!r}; known: {sorted(MODELS)}") from None
