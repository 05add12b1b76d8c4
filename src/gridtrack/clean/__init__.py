"""Cleaning: direction standardization, ball alignment, key frames, anomaly checks,
repairs and derived kinematics.

Each step is a pure function over canonical frames; the ingest pipeline composes them.
:func:`clean_tracking` is the check-and-repair pass (see :mod:`gridtrack.clean.checks`).
"""

from gridtrack.clean.ball import align_ball
from gridtrack.clean.checks import CHECKS
from gridtrack.clean.config import CleaningConfig
from gridtrack.clean.key_frames import key_frames
from gridtrack.clean.kinematics import with_kinematics
from gridtrack.clean.run import DROP_RULES, clean_tracking
from gridtrack.clean.standardize import (
    fill_line_of_scrimmage,
    infer_direction,
    standardize,
    with_directions,
)

__all__ = [
    "CHECKS",
    "DROP_RULES",
    "CleaningConfig",
    "align_ball",
    "clean_tracking",
    "fill_line_of_scrimmage",
    "infer_direction",
    "key_frames",
    "standardize",
    "with_directions",
    "with_kinematics",
]
