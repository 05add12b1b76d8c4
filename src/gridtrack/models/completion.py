"""Completion probability (CP): the model's specification.

One example per pass attempt with a throw, an arrival, a passer and a target. The on-field
features follow the Next Gen Stats model: the separations and distances that decide a
completion, measured at the throw and at the arrival of the ball. Each is a stat of the
catalogue (``gridtrack catalog`` gives its unit and formula); ball placement relative to the
receiver is deliberately left out: it is the passer's skill that completion over expected
(``cpoe``) is meant to measure.

The play-by-play baseline uses ``air_yards``, ``down``, ``yards_to_go`` and
``yards_to_endzone`` (110 − line of scrimmage), as public play-by-play models do.
Predictions credit the passer and the receiver (the target).
"""

from __future__ import annotations

from gridtrack.models._labels import completion_labels
from gridtrack.models.spec import ModelSpec, Task

SPEC = ModelSpec(
    name="completion",
    description="completion probability of a pass, from on-field measurements at throw and arrival",
    task=Task.BINARY,
    features=(
        "air_distance",
        "air_yards",
        "pass_lateral_distance",
        "air_time",
        "time_to_throw",
        "qb_speed_at_throw",
        "throw_x_rel_los",
        "qb_nearest_defender_distance_at_throw",
        "qb_second_defender_distance_at_throw",
        "defenders_near_qb_at_throw",
        "separation_at_throw",
        "target_speed_at_throw",
        "target_depth_at_throw",
        "separation_at_arrival",
        "target_second_defender_distance_at_arrival",
        "target_separation_projected_1s_after_arrival",
        "nearest_defender_closing_speed_at_arrival",
        "defenders_near_target_at_arrival",
        "target_speed_at_arrival",
        "target_sideline_distance_at_arrival",
        "target_yards_to_goal_at_arrival",
    ),
    baseline=("air_yards", "down", "yards_to_go", "yards_to_endzone"),
    label="complete",
    labels=completion_labels,
    requires=("air_yards",),
    roles={"passer": "passer", "receiver": "targeted"},
    output="cp",
    over="cpoe",
    version="2",
)
