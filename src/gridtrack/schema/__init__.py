"""Canonical tables of gridtrack: names, dtypes, units, enums, field constants, validation.

This package imports polars only; every other package builds on it.
"""

from gridtrack.schema._dataset import Dataset
from gridtrack.schema._events import (
    ARRIVAL_EVENTS,
    END_EVENTS,
    EVENTS,
    FIRST_CONTACT_EVENTS,
    HANDOFF_EVENTS,
    SNAP_EVENTS,
    THROW_EVENTS,
    normalize_event,
    normalize_event_expr,
)
from gridtrack.schema._field import (
    FIELD_LENGTH,
    FIELD_WIDTH,
    FRAME_RATE,
    FRAME_SECONDS,
    GOAL_LINE_LEFT,
    GOAL_LINE_RIGHT,
    HASH_Y_HIGH,
    HASH_Y_LOW,
    MAX_PLAYER_SPEED,
)
from gridtrack.schema._tables import (
    GAMES,
    KEY_FRAMES,
    PASS_RESULTS,
    PLAY_TYPES,
    PLAYERS,
    PLAYS,
    QUARANTINE,
    SIDES,
    TABLES,
    TRACKING,
    UTC_TIME,
    Column,
    PlayTypeDtype,
    SideDtype,
    Table,
)
from gridtrack.schema._validate import Problem, SchemaError, problems, validate

__all__ = [
    "ARRIVAL_EVENTS", "END_EVENTS", "EVENTS", "FIRST_CONTACT_EVENTS", "HANDOFF_EVENTS",
    "SNAP_EVENTS", "THROW_EVENTS", "normalize_event", "normalize_event_expr",
    "FIELD_LENGTH", "FIELD_WIDTH", "FRAME_RATE", "FRAME_SECONDS", "GOAL_LINE_LEFT",
    "GOAL_LINE_RIGHT", "HASH_Y_HIGH", "HASH_Y_LOW", "MAX_PLAYER_SPEED",
    "GAMES", "KEY_FRAMES", "PASS_RESULTS", "PLAY_TYPES", "PLAYERS", "PLAYS", "QUARANTINE",
    "SIDES", "TABLES", "TRACKING", "UTC_TIME", "Column", "PlayTypeDtype", "SideDtype", "Table",
    "Dataset", "Problem", "SchemaError", "problems", "validate",
]
