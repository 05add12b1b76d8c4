"""Thresholds of the roles and the stat kernels, in one frozen object.

Every distance, time and speed that decides who plays which role, or when a player counts as
near, deep or in contact, lives here with its unit and the reason for its default: the stat
catalogue, the models' features and the pictures read the same values, so a role or a
quantity means the same everywhere. Thresholds that are part of a stat's name (the 8 yd/s of
``time_above_8_yds``) belong to that stat's definition, not here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from gridtrack.errors import OptionError


@dataclass(frozen=True)
class StatsConfig:
    """Thresholds of :mod:`gridtrack.play.roles` and of the stat kernels.

    Attributes
    ----------
    rush_align : float
        yd beyond the line of scrimmage within which a defender lines up to rush. Down
        linemen and blitzing linebackers stand 1–5 yd off the ball; safeties 10 or more.
    rush_window : float
        s after the snap in which a rusher commits (crosses the line or closes on the
        passer). Drops take 2.5–3 s; a defender who has not come by then is in coverage.
    rush_close : float
        yd a rusher closes on the passer within ``rush_window``: a defender in coverage
        backs away from the passer, a rusher who is held up still gains ground.
    contact_radius : float
        yd: opponents this close are in contact (two players' bodies are about 1 yd across;
        the tags sit on the shoulder pads).
    passer_delay : float
        s after the snap at which the ball is in the passer's hands (the shotgun snap
        travels for ~0.5 s; the player nearest the ball 0.8 s after it, other than the
        snapper, holds it).
    carry_delay : float
        s after the catch or the handoff before the carrier holds the ball firmly: the ball
        is between two players' hands for a frame or two.
    high_speed_contact : float
        yd/s: the closing speed above which a contact counts in ``high_speed_contacts``
        (a jog is 3–4 yd/s; hits above it are the violent ones).
    near_ball : float
        yd: defenders this close to the ball at the arrival are in on the play (about two
        strides: they can play the ball).
    near_carrier : float
        yd: defenders this close to the carrier at the handoff (a gap's width away: they can
        make the tackle within a second).
    crowd : float
        yd: defenders this close to a player crowd him (the target at the arrival, the
        passer at the throw): a step and a reach away.
    tight_window : float
        yd: a defender this close to the target at the arrival makes a tight window (the
        NGS definition, 1 yd).
    pressure_radius : float
        yd: a rusher this close to the passer before the throw pressures him.
    get_off_distance : float
        yd a player must move from his snap position to have got off (beyond the
        six-inch accuracy of the tags and the stance's lean).
    min_path : float
        yd: below this distance travelled ``path_straightness`` is undefined (a standing
        player's jitter is no path).
    box_depth : float
        yd beyond the line of scrimmage that bound the box.
    box_half_width : float
        yd either side of the ball that bound the box (the tackle box plus a yard).
    deep : float
        yd beyond the line of scrimmage from which a defender is deep.
    on_line : float
        yd behind the line of scrimmage within which an offense player is on the line.
    wide : float
        yd from the ball from which an offense player is split wide (outside the tight
        end's alignment).
    motion_speed : float
        yd/s above which a player is in motion at the snap (set players sway at well under
        0.5 yd/s).
    linemen : frozenset[str]
        Positions that are not eligible receivers (offensive linemen and the long snapper).

    Examples
    --------
    >>> from gridtrack.play import StatsConfig
    >>> StatsConfig(tight_window=1.5).tight_window   # one threshold changed, the rest kept
    1.5
    >>> StatsConfig(rush_window=-1.0)
    Traceback (most recent call last):
    gridtrack.errors.OptionError: StatsConfig.rush_window must be a non-negative number, got -1.0
    """

    rush_align: float = 6.0
    rush_window: float = 2.5
    rush_close: float = 2.5
    contact_radius: float = 1.0
    passer_delay: float = 0.8
    carry_delay: float = 0.2
    high_speed_contact: float = 4.0
    near_ball: float = 3.0
    near_carrier: float = 5.0
    crowd: float = 3.0
    tight_window: float = 1.0
    pressure_radius: float = 2.0
    get_off_distance: float = 1.0
    min_path: float = 0.5
    box_depth: float = 8.0
    box_half_width: float = 6.0
    deep: float = 10.0
    on_line: float = 1.5
    wide: float = 8.0
    motion_speed: float = 1.0
    linemen: frozenset[str] = frozenset({"C", "G", "T", "OL", "OG", "OT", "LS"})

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float) and not value >= 0.0:
                raise OptionError(
                    f"StatsConfig.{f.name} must be a non-negative number, got {value}"
                )


DEFAULT = StatsConfig()
"""The defaults, shared by every engine."""
