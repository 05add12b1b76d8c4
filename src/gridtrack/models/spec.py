"""What a model is: its task, its features and baseline by stat name, its label, its
prediction columns and the players its predictions credit.

A model is one module that declares a :class:`ModelSpec`, plus one line in
:mod:`gridtrack.models.registry`; training, evaluation, bundles, leaderboards and the CLI
read everything else from the spec. Features are stats of the catalogue
(:data:`gridtrack.stats.REGISTRY`), asked for by name: one name, one quantity, whether a
model or a report reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
import polars as pl

from gridtrack.models import metrics as M
from gridtrack.models.estimators import (
    Backend,
    DistributionalRegressor,
    GBMClassifier,
    make_estimator,
)
from gridtrack.schema import Dataset
from gridtrack.stats import REGISTRY

Estimator = GBMClassifier | DistributionalRegressor
LabelFunction = Callable[[Dataset, pl.DataFrame], pl.DataFrame]
"""``(dataset, stat table) → game_id, play_id, label``: the stat table is the examples'
table of :func:`gridtrack.models.features.stat_table`, holding the spec's ``label_stats``."""


class Task(StrEnum):
    """What a model predicts, which estimator learns it and how it is scored.

    - ``binary``: a probability (:class:`~gridtrack.models.estimators.GBMClassifier`),
      scored by log loss (headline), AUC, Brier score and weighted calibration error;
    - ``distribution``: a mean plus a predictive distribution
      (:class:`~gridtrack.models.estimators.DistributionalRegressor`), scored by RMSE
      (headline), MAE and CRPS (yards for a yardage label).
    """

    BINARY = "binary"
    DISTRIBUTION = "distribution"

    @property
    def headline(self) -> str:
        """The metric that sums a model up (lower is better)."""
        return "log_loss" if self is Task.BINARY else "rmse"

    def estimator(self, backend: Backend = "lightgbm", **params: Any) -> Estimator:
        """A fresh, unfitted estimator for this task."""
        return make_estimator(self.value, backend, **params)  # type: ignore[return-value]

    def predict(self, estimator: Estimator, X: pl.DataFrame) -> np.ndarray:
        """The prediction column: P(label = 1), or the predicted mean."""
        if isinstance(estimator, GBMClassifier):
            return estimator.predict_proba(X)[:, 1]
        return estimator.predict(X)

    def ensemble(self, estimator: Estimator, X: pl.DataFrame) -> np.ndarray | None:
        """Draws of the predictive distribution per row (distributions only)."""
        if isinstance(estimator, DistributionalRegressor):
            return estimator.predict_ensemble(X)
        return None

    def metrics(
        self,
        y: np.ndarray,
        pred: np.ndarray,
        w: np.ndarray | None = None,
        ensemble: np.ndarray | None = None,
    ) -> dict[str, float]:
        """The task's metrics of ``pred`` against ``y`` (weights ``w``)."""
        if self is Task.BINARY:
            return M.binary_metrics(y, pred, w)
        return M.regression_metrics(y, pred, w, ensemble)


PLAY_BY_PLAY: frozenset[str] = frozenset({"down", "yards_to_go"})
"""Columns of the ``plays`` table a baseline may read besides stats (the situation a
play-by-play model knows)."""


@dataclass(frozen=True)
class ModelSpec:
    """Everything that makes a model, declared once.

    Attributes
    ----------
    name
        Registry key (``completion``, ``yac``).
    description
        One line for reports.
    task
        :class:`Task`: estimator, metrics and headline metric.
    features
        The tracking model's inputs: names of play-level stats of the catalogue.
    baseline
        The play-by-play baseline's inputs: play-level stats or :data:`PLAY_BY_PLAY`
        columns.
    label, labels, label_stats
        The label column, the function that makes it (:data:`LabelFunction`) and the
        catalogue stats it reads.
    requires
        Stats every example has (e.g. ``air_yards``: a pass with a throw, an arrival, a
        passer and a target); plays without them are no examples.
    roles
        Leaderboard role → player-play flag stat of the player each prediction credits
        (``{"passer": "passer", "receiver": "targeted"}``); the example carries his id as
        ``{role}_id``.
    output, over
        Prediction column (``cp``) and observed − expected column (``cpoe``).
    version
        Bump when features or labels change meaning: bundles of other versions are refused.
    """

    name: str
    description: str
    task: Task
    features: tuple[str, ...]
    baseline: tuple[str, ...]
    label: str
    labels: LabelFunction
    output: str
    over: str
    label_stats: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    roles: Mapping[str, str] = field(default_factory=dict)
    version: str = "1"

    def __post_init__(self) -> None:
        if PLAY_BY_PLAY & set(self.features):
            raise ValueError(f"{self.name}: features are stats; play-by-play only in baseline")
        for name in self.play_stats:
            REGISTRY.get(name, "play")  # a KeyError naming an unknown stat
        for flag in self.roles.values():
            REGISTRY.get(flag, "player_play")

    @property
    def headline(self) -> str:
        """The headline metric (the task's)."""
        return self.task.headline

    @property
    def play_stats(self) -> tuple[str, ...]:
        """The play-level catalogue stats the model reads, in order, once each."""
        names = (*self.features, *self.baseline, *self.label_stats, *self.requires)
        return tuple(dict.fromkeys(n for n in names if n not in PLAY_BY_PLAY))

    @property
    def stats(self) -> tuple[str, ...]:
        """Every catalogue stat the model reads: :attr:`play_stats` and the role flags."""
        return (*self.play_stats, *dict.fromkeys(self.roles.values()))

    @property
    def play_columns(self) -> tuple[str, ...]:
        """The :data:`PLAY_BY_PLAY` columns the baseline reads."""
        return tuple(n for n in self.baseline if n in PLAY_BY_PLAY)

    @property
    def id_columns(self) -> tuple[str, ...]:
        """game_id, play_id and ``{role}_id`` per leaderboard role."""
        return ("game_id", "play_id", *(self.role_column(r) for r in self.roles))

    def role_column(self, role: str) -> str:
        """The id column of leaderboard ``role``; a clear error for an unknown role."""
        if role not in self.roles:
            raise ValueError(f"role must be one of {sorted(self.roles)}, got {role!r}")
        return f"{role}_id"
