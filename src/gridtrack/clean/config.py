"""Thresholds of the cleaning checks and repairs, in one frozen object.

Every number the checks and repairs use lives here, with the reason for its default. The
defaults were chosen from physics first and then checked against the real samples (Big
Data Bowl 2019 and 2021–2025 layouts, Sportradar, NGS highlights): on untouched real plays
each check fires on well under 0.1 % of entity-frames.
"""

from __future__ import annotations

from dataclasses import dataclass

from gridtrack.schema import MAX_PLAYER_SPEED


@dataclass(frozen=True)
class CleaningConfig:
    """Thresholds of :func:`gridtrack.clean.clean_tracking`.

    Attributes
    ----------
    field_margin_x : float
        Yards a player may be beyond an end line (x < 0 or x > 120) before ``off_field``
        fires. Behind each end zone stadiums keep 10–15 yd of run-off; real players are
        tracked up to 11.1 yd behind an end line (NGS highlights, after touchdowns).
    field_margin_y : float
        Yards a player may be beyond a sideline (y < 0 or y > 53.3). The bench area counts as
        on the field: the team area reaches well behind the sideline (the 6-ft border, the
        coaches' box, the benches); real players are tracked up to 14.2 yd out.
    ball_field_margin : float
        Yards the ball may be beyond any boundary: kicks and throws land in the stands (real
        balls are tracked up to 27.8 yd behind an end line after kicks).

    A short stretch off the field (at most ``max_gap_frames``) is a glitch and is
    interpolated; a longer, continuous one is a player who really left the field and is
    kept, flagged.
    max_speed : float
        yd/s. No player runs faster (``schema.MAX_PLAYER_SPEED`` = 12.5; the fastest
        measured top out near 11). Speed is the step length between consecutive repaired
        positions divided by 0.1 s.
    max_ball_speed : float
        yd/s. The fastest throws reach about 27 yd/s and kicks about 35, but the ball's
        position catches up with the release in one frame (steps of up to 4.5 yd, 45 yd/s,
        on real 2021 passes); above 50 yd/s the ball track is wrong.
    max_acceleration : float
        yd/s², on the second difference of consecutive repaired positions,
        ``|p[t] − 2 p[t−1] + p[t−2]| / Δt²``. Sprint starts reach ~10 yd/s² and hard hits
        decelerate a player faster, but a single 0.1 s velocity change is further blurred
        by the feed's own smoothing: real players stay below 60 yd/s² on all but ~0.05 %
        of frames, while a position step of ≥ 0.6 yd (≥ 3.5 × the six-inch accuracy of the
        tags) gives ≥ 60 yd/s². Not applied to the ball, whose catches and kicks are
        impulsive.
    jump_tolerance : float
        Yards. A position is a jump when it departs by more than this from *both* the
        extrapolation of the two frames before (``2 p[t−1] − p[t−2]``) and that of the two
        frames after. Real motion changes the second difference by at most ~0.2 yd per frame
        at 10 Hz, so 1 yd is five times anything physical while catching any displaced
        position of one or two frames. Frames without two neighbours on each side are not
        checked (the speed check still sees them).
    ball_jump_tolerance : float
        Yards, the same for the ball: a caught or tipped ball changes velocity by up to
        ~30 yd/s in one frame on one side only, so one-sided departures are normal; two-
        sided ones above 3 yd are not.
    frozen_min_frames : int
        A frozen tag repeats its position exactly: flagged after this many consecutive
        repeats while the source says the entity moves. Real entities never repeat a
        position to the hundredth of a yard for 0.4 s while moving.
    frozen_min_dis : float
        Yards. "The source says it moves": reported ``dis`` above this, or, where ``dis``
        is absent, reported speed ``s`` above ``frozen_min_speed``.
    frozen_min_speed : float
        yd/s, used where ``dis`` is absent. Reported speeds lag (the 2017 feed reports
        0.6 yd/s for a player who stood still 0.5 s ago), hence 1 yd/s rather than zero.
    max_gap_frames : int
        Longest run of missing or impossible positions that is interpolated (frames). At
        10 Hz, 10 frames = 1 s: over one second a cubic Hermite through the neighbouring
        positions and velocities stays within 0.5 yd for running players.
    max_bad_fraction : float
        An entity whose positions are missing (after repair) on more than this share of its
        frames in a play is dropped for that play: what remains cannot carry per-play stats.
    max_dropped_entities : int
        A play in which more entities than this were dropped is dropped as a whole: the
        formation and the matchups are no longer known.
    ball_end_tolerance : int
        Frames. The ball track "ends early" when its last valid position is more than this
        many frames before the play's last frame.
    s_tolerance : float
        yd/s. Reported speed inconsistent with the derived one. The 2017 feed's speed lags
        positions (1.5 yd/s at the 99th percentile); 2.5 yd/s flags only real
        contradictions.
    s_relative_tolerance : float
        Share of the derived speed added to ``s_tolerance``: ``|s − ŝ| > s_tol + rel · ŝ``.
    dis_tolerance : float
        Yards. Reported ``dis`` against the step length between consecutive positions; both
        come from the same positions in every feed (agreement within 0.015 yd), so 0.15 yd
        is ten times the rounding.
    dir_tolerance : float
        Degrees. Reported direction of motion against the direction of the derived velocity.
    dir_min_speed : float
        yd/s. Direction is only compared above this derived and reported speed: at walking
        pace the direction of a few centimetres of motion is noise.
    smoothing_window : int
        Savitzky–Golay window (frames, odd) for derived velocity and acceleration.
        7 frames = 0.7 s; with polynomial order 3 the derived speed agrees with the reported
        one within 0.3 yd/s on 97 % of the 2021 frames.
    smoothing_order : int
        Savitzky–Golay polynomial order.
    """

    field_margin_x: float = 15.0
    field_margin_y: float = 18.0
    ball_field_margin: float = 30.0
    max_speed: float = MAX_PLAYER_SPEED
    max_ball_speed: float = 50.0
    max_acceleration: float = 60.0
    jump_tolerance: float = 1.0
    ball_jump_tolerance: float = 3.0
    frozen_min_frames: int = 4
    frozen_min_dis: float = 0.05
    frozen_min_speed: float = 1.0
    max_gap_frames: int = 10
    max_bad_fraction: float = 0.5
    max_dropped_entities: int = 3
    ball_end_tolerance: int = 5
    s_tolerance: float = 2.5
    s_relative_tolerance: float = 0.2
    dis_tolerance: float = 0.15
    dir_tolerance: float = 45.0
    dir_min_speed: float = 2.0
    smoothing_window: int = 7
    smoothing_order: int = 3

    def __post_init__(self) -> None:
        if self.smoothing_window < 3 or self.smoothing_window % 2 == 0:
            raise ValueError("smoothing_window must be odd and at least 3")
        if not 1 <= self.smoothing_order < self.smoothing_window:
            raise ValueError("smoothing_order must be in [1, smoothing_window)")
        if self.frozen_min_frames < 1:
            raise ValueError("frozen_min_frames must be >= 1")
        if self.max_gap_frames < 0:
            raise ValueError("max_gap_frames must be >= 0")
