"""Field geometry of an NFL field, in yards (DESIGN.md §2), and the one direction flip."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

import polars as pl

if TYPE_CHECKING:
    import numpy as np

FIELD_LENGTH = 120.0
"""End line to end line, end zones included (yd)."""
FIELD_WIDTH = 160.0 / 3.0
"""Sideline to sideline: 53 1/3 yd."""
GOAL_LINE_LEFT = 10.0
GOAL_LINE_RIGHT = 110.0
HASH_Y_LOW = 23.58
"""Hash marks are 70 ft 9 in (23.58 yd) from each sideline."""
HASH_Y_HIGH = FIELD_WIDTH - HASH_Y_LOW
BALL_SNAP_Y = FIELD_WIDTH / 2.0
MAX_PLAYER_SPEED = 12.5
"""No player runs faster than this (yd/s); the fastest measured top out near 11."""
FRAME_RATE = 10.0
"""Canonical frame rate of the tracking table (Hz)."""
FRAME_SECONDS = 1.0 / FRAME_RATE


Coordinate = TypeVar("Coordinate", pl.Expr, float, "np.ndarray")
"""A polars expression, a number or a numpy array: the flips are the same arithmetic on all."""


def flip_x(x: Coordinate) -> Coordinate:
    """x seen from the other end line: ``FIELD_LENGTH − x`` (yd)."""
    return FIELD_LENGTH - x


def flip_y(y: Coordinate) -> Coordinate:
    """y seen from the other sideline: ``FIELD_WIDTH − y`` (yd)."""
    return FIELD_WIDTH - y


def flip_angle(angle: Coordinate) -> Coordinate:
    """An angle (deg, 0° = +y, clockwise) seen with the field turned around: ``(a + 180) mod
    360``, kept in [0, 360)."""
    return (angle + 180.0) % 360.0


def turned_around(when: pl.Expr, columns: Iterable[str] = ("x", "y", "o", "dir")) -> list[pl.Expr]:
    """The field turned by 180° on the rows where ``when`` (bool) holds: the one direction
    flip of gridtrack. ``x → FIELD_LENGTH − x``, ``y → FIELD_WIDTH − y``, ``o`` and ``dir``
    → ``(a + 180) mod 360``; each of ``columns`` (a subset of those four) keeps its name."""
    flip = {"x": flip_x, "y": flip_y, "o": flip_angle, "dir": flip_angle}
    return [
        pl.when(when).then(flip[name](pl.col(name))).otherwise(pl.col(name)).alias(name)
        for name in columns
    ]
