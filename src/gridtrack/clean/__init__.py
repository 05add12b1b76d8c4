"""Cleaning: direction standardization, ball alignment and key frames.

Each step is a pure function over canonical lazy frames; the ingest pipeline composes them.
"""

from gridtrack.clean.ball import align_ball
from gridtrack.clean.key_frames import key_frames
from gridtrack.clean.standardize import (
    fill_line_of_scrimmage,
    infer_direction,
    standardize,
    with_directions,
)

__all__ = [
    "align_ball",
    "fill_line_of_scrimmage",
    "infer_direction",
    "key_frames",
    "standardize",
    "with_directions",
]
