"""One vocabulary of event names across every source format.

Source event labels are lower-cased, stripped, and non-alphanumerics become ``_``; the
result is then mapped through :data:`EVENT_ALIASES` onto :data:`EVENTS`. Unknown labels are
kept in their snake_case form (never dropped) so that nothing a source recorded is lost.
"""

from __future__ import annotations

import polars as pl

EVENTS: frozenset[str] = frozenset(
    {
        "line_set",
        "man_in_motion",
        "shift",
        "huddle_break_offense",
        "huddle_start_offense",
        "ball_snap",
        "snap_direct",
        "play_action",
        "handoff",
        "lateral",
        "run",
        "pass_forward",
        "pass_shovel",
        "pass_arrived",
        "pass_tipped",
        "pass_outcome_caught",
        "pass_outcome_incomplete",
        "pass_outcome_interception",
        "pass_outcome_touchdown",
        "qb_sack",
        "qb_strip_sack",
        "qb_kneel",
        "qb_spike",
        "qb_slide",
        "run_pass_option",
        "first_contact",
        "tackle",
        "out_of_bounds",
        "touchdown",
        "fumble",
        "fumble_offense_recovered",
        "fumble_defense_recovered",
        "safety",
        "penalty_flag",
        "penalty_accepted",
        "kickoff",
        "kickoff_play",
        "kick_received",
        "kickoff_land",
        "onside_kick",
        "punt",
        "punt_play",
        "punt_received",
        "punt_land",
        "punt_downed",
        "punt_muffed",
        "punt_fake",
        "fair_catch",
        "touchback",
        "field_goal",
        "field_goal_play",
        "field_goal_blocked",
        "field_goal_missed",
        "field_goal_attempt",
        "field_goal_fake",
        "pass_lateral",
        "punt_blocked",
        "timeout_booth_review",
        "penalty_declined",
        "extra_point",
        "extra_point_attempt",
        "extra_point_blocked",
        "extra_point_missed",
        "two_point_play",
        "two_point_conversion",
        "play_submit",
        "timeout",
        "timeout_away",
        "timeout_home",
        "drop_kick",
        "free_kick",
        "ball_kicked",
        "autoevent_ballsnap",
        "autoevent_passforward",
        "autoevent_passinterrupted",
        "autoevent_kickoff",
        "autoevent_punt",
    }
)

EVENT_ALIASES: dict[str, str] = {
    "snap": "ball_snap",
    "ballsnap": "ball_snap",
    "pass": "pass_forward",
    "pass_forward_": "pass_forward",
    "passforward": "pass_forward",
    "pass_caught": "pass_outcome_caught",
    "catch": "pass_outcome_caught",
    "pass_incomplete": "pass_outcome_incomplete",
    "incomplete": "pass_outcome_incomplete",
    "interception": "pass_outcome_interception",
    "pass_interception": "pass_outcome_interception",
    "sack": "qb_sack",
    "contact": "first_contact",
    "out_of_bound": "out_of_bounds",
    "outofbounds": "out_of_bounds",
    "td": "touchdown",
    "kick_off": "kickoff",
    "none": "",
    "na": "",
    "nan": "",
}

SNAP_EVENTS = ("ball_snap", "snap_direct", "autoevent_ballsnap")
THROW_EVENTS = ("pass_forward", "pass_shovel", "autoevent_passforward")
ARRIVAL_EVENTS = (
    "pass_arrived",
    "pass_outcome_caught",
    "pass_outcome_incomplete",
    "pass_outcome_interception",
    "pass_outcome_touchdown",
    "pass_tipped",
)
CAUGHT_EVENTS = ("pass_outcome_caught", "pass_outcome_touchdown")
"""Pass outcomes where the pass is caught (by the offense)."""
NOT_CAUGHT_EVENTS = ("pass_outcome_incomplete", "pass_outcome_interception")
"""Pass outcomes where the offense does not catch the pass."""
HANDOFF_EVENTS = ("handoff",)
FIRST_CONTACT_EVENTS = ("first_contact",)
END_EVENTS = (
    "tackle",
    "out_of_bounds",
    "touchdown",
    "pass_outcome_incomplete",
    "pass_outcome_touchdown",
    "qb_sack",
    "qb_strip_sack",
    "qb_kneel",
    "qb_spike",
    "qb_slide",
    "fair_catch",
    "touchback",
    "safety",
    "punt_downed",
    "field_goal",
    "field_goal_missed",
    "field_goal_blocked",
    "extra_point",
    "extra_point_missed",
    "extra_point_blocked",
)


def normalize_event(label: str | None) -> str | None:
    """Map one source event label onto the canonical vocabulary (None for no event)."""
    if label is None:
        return None
    snake = "".join(ch if ch.isalnum() else "_" for ch in label.strip().lower()).strip("_")
    while "__" in snake:
        snake = snake.replace("__", "_")
    snake = EVENT_ALIASES.get(snake, snake)
    return snake or None


def _normalize_batch(labels: pl.Series) -> pl.Series:
    distinct = labels.drop_nulls().unique().to_list()
    mapping = {label: normalize_event(label) for label in distinct}
    return labels.replace_strict(mapping, default=None, return_dtype=pl.String)


def normalize_event_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorized :func:`normalize_event` for a string column.

    Each batch's distinct labels (a handful: events repeat on every row of their frame) are
    normalized once and mapped back; the expression is elementwise, so it streams.
    """
    return expr.map_batches(_normalize_batch, return_dtype=pl.String, is_elementwise=True)
