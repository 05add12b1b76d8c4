"""Expected yards after catch (xYAC): the model's specification.

One example per completed pass, measured at the catch (the arrival frame): where the
receiver is, how fast and which way he moves, and who can stop him. Each feature is a stat
of the catalogue (``gridtrack catalog`` gives its unit and formula).

The play-by-play baseline uses ``air_yards``, ``down``, ``yards_to_go`` and
``yards_to_endzone`` (110 − line of scrimmage). The label
(:func:`~gridtrack.models._labels.yac_labels`): ``yards_after_catch`` of the play-by-play
where recorded, else ``yards_gained`` − air yards, else the tracked ``yards_after_catch``.
Predictions credit the receiver (and the passer).
"""

from __future__ import annotations

from gridtrack.models._labels import yac_labels
from gridtrack.models.spec import ModelSpec, Task

SPEC = ModelSpec(
    name="yac",
    description="expected yards after catch and its distribution, from positions and "
    "velocities at the catch",
    task=Task.DISTRIBUTION,
    features=(
        "target_speed_at_arrival",
        "target_downfield_velocity_at_arrival",
        "target_lateral_speed_at_arrival",
        "target_acceleration_at_arrival",
        "air_yards",
        "target_sideline_distance_at_arrival",
        "target_yards_to_goal_at_arrival",
        "separation_at_arrival",
        "target_second_defender_distance_at_arrival",
        "target_third_defender_distance_at_arrival",
        "nearest_defender_closing_speed_at_arrival",
        "max_defender_closing_speed_within_10_at_arrival",
        "target_separation_projected_1s_after_arrival",
        "defenders_beyond_target_at_arrival",
        "defenders_beyond_target_within_10_at_arrival",
        "nearest_defender_beyond_target_distance_at_arrival",
        "defenders_within_5_of_target_at_arrival",
        "teammates_within_5_of_target_at_arrival",
    ),
    baseline=("air_yards", "down", "yards_to_go", "yards_to_endzone"),
    label="yac",
    labels=yac_labels,
    label_stats=("yards_after_catch",),
    requires=("air_yards",),
    roles={"passer": "passer", "receiver": "targeted"},
    output="xyac",
    over="yacoe",
    version="2",
)
