"""Orchestration: sources → canonical tables → the lake, stats and models, as stages.

The public surface of the pipeline; its implementation modules are private.

Reading: :func:`scan_tracking` (lazy) and :func:`read_tracking` (in memory), the canonical
tables of any supported source; :func:`ingest` writes them into a lake.

Running: :func:`run` runs a list of :class:`Stage` objects (``ingest``, ``stats``, one stage
per registered model, then the caller's own), skipping those whose inputs are unchanged;
progress goes to a :class:`Progress` the caller passes (nothing is drawn here).

Lake work: :func:`compute_lake`, :func:`leaders`, :func:`play_frame_stats`,
:func:`train_model`, :func:`evaluate_bundle`, :func:`predict_bundle`, :func:`query`.
"""

from gridtrack.pipeline._canonical import canonicalize
from gridtrack.pipeline._ingest import IngestSummary, ingest
from gridtrack.pipeline._lake import open_lake, query, require_lake
from gridtrack.pipeline._models import TrainOutcome, evaluate_bundle, predict_bundle, train_model
from gridtrack.pipeline._read import read_tracking, scan_tracking
from gridtrack.pipeline._run import (
    MIN_EXAMPLES,
    IngestStage,
    ModelStage,
    StatsStage,
    default_stages,
    run,
    run_stages,
)
from gridtrack.pipeline._stage import (
    NO_PROGRESS,
    NOT_APPLICABLE,
    RAN,
    SKIPPED,
    Progress,
    RunContext,
    RunSummary,
    Stage,
    StageOutcome,
    StageResult,
    fingerprint,
    lake_listing,
    lake_tables,
    read_state,
)
from gridtrack.pipeline._stats import StatsSummary, compute_lake, leaders, play_frame_stats

__all__ = [
    "MIN_EXAMPLES",
    "NOT_APPLICABLE",
    "NO_PROGRESS",
    "RAN",
    "SKIPPED",
    "IngestStage",
    "IngestSummary",
    "ModelStage",
    "Progress",
    "RunContext",
    "RunSummary",
    "Stage",
    "StageOutcome",
    "StageResult",
    "StatsStage",
    "StatsSummary",
    "TrainOutcome",
    "canonicalize",
    "compute_lake",
    "default_stages",
    "evaluate_bundle",
    "fingerprint",
    "ingest",
    "lake_listing",
    "lake_tables",
    "leaders",
    "open_lake",
    "play_frame_stats",
    "predict_bundle",
    "query",
    "read_state",
    "read_tracking",
    "require_lake",
    "run",
    "run_stages",
    "scan_tracking",
    "train_model",
]
