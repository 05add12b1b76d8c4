"""Models: features, labels and estimators kept apart, trained on game folds.

Each model is a module declaring a :class:`ModelSpec` (features and baseline as stats of the
catalogue by name, the label, the :class:`Task` with its estimator and metrics, the
prediction columns and the players it credits) plus one line in the registry; estimators
are scikit-learn style gradient-boosting wrappers (LightGBM by default, XGBoost selectable).

>>> from gridtrack.models import COMPLETION
>>> COMPLETION.output, COMPLETION.over, COMPLETION.task.headline
('cp', 'cpoe', 'log_loss')
>>> COMPLETION.baseline                      # play-by-play inputs, as public models use
('air_yards', 'down', 'yards_to_go', 'yards_to_endzone')
>>> COMPLETION.roles                         # leaderboards: who each prediction credits
{'passer': 'passer', 'receiver': 'targeted'}
>>> result = train(COMPLETION, gridtrack.scan_lake("lake/"))       # doctest: +SKIP
"""

from gridtrack.models import completion, metrics, yac
from gridtrack.models.bundle import (
    Bundle,
    BundleError,
    FeatureMismatchError,
    load_bundle,
    save_bundle,
)
from gridtrack.models.cv import OutOfFold, game_folds, out_of_fold
from gridtrack.models.estimators import (
    DistributionalRegressor,
    GBMClassifier,
    GBMRegressor,
    make_estimator,
)
from gridtrack.models.features import stat_table
from gridtrack.models.importance import rank_features, retrain_top_k, select_top_k
from gridtrack.models.leaderboards import leaderboard
from gridtrack.models.registry import COMPLETION, MODELS, YAC, get_model
from gridtrack.models.report import plot_report, text_report
from gridtrack.models.sampling import game_coverage, selection_weights
from gridtrack.models.spec import ModelSpec, Task
from gridtrack.models.training import TrainResult, examples, score, train

__all__ = [
    "COMPLETION",
    "MODELS",
    "YAC",
    "Bundle",
    "BundleError",
    "DistributionalRegressor",
    "FeatureMismatchError",
    "GBMClassifier",
    "GBMRegressor",
    "ModelSpec",
    "OutOfFold",
    "Task",
    "TrainResult",
    "completion",
    "examples",
    "game_coverage",
    "game_folds",
    "get_model",
    "leaderboard",
    "load_bundle",
    "make_estimator",
    "metrics",
    "out_of_fold",
    "plot_report",
    "rank_features",
    "retrain_top_k",
    "save_bundle",
    "score",
    "select_top_k",
    "selection_weights",
    "stat_table",
    "text_report",
    "train",
    "yac",
]
