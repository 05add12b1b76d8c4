"""Field geometry of an NFL field, in yards (DESIGN.md §2)."""

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
