"""Everything the family kernels share about one play: kinematics, phases and roles.

Derived arrays are computed on first use and cached, so a family that does not need the
contact geometry does not pay for it. Frame indices are 0-based positions on the play's
frame axis; times are ``frames × FRAME_SECONDS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from gridtrack.schema import FRAME_SECONDS
from gridtrack.stats import roles
from gridtrack.stats.arrays import DEFENSE, OFFENSE, PlayArrays

DT = FRAME_SECONDS
PASS_TYPES = frozenset({"pass", "sack"})
RUN_TYPES = frozenset({"run"})
SPECIAL_TYPES = frozenset({"kickoff", "punt", "field_goal", "extra_point"})
PHASES: tuple[str, ...] = (
    "play",
    "pre_snap",
    "to_release",
    "in_air",
    "after_catch",
    "after_handoff",
)
"""Phases of a play, each an inclusive frame range:

``play`` snap → end (whole play; first frame → end without a snap); ``pre_snap`` first
frame → the frame before the snap; ``to_release`` snap → throw, or handoff on a run;
``in_air`` throw → arrival; ``after_catch`` arrival → end on a completion;
``after_handoff`` handoff → end on a run."""
CAUGHT_EVENTS = frozenset({"pass_outcome_caught", "pass_outcome_touchdown"})


def smooth3(values: np.ndarray) -> np.ndarray:
    """Centred 3-frame moving mean along axis 0 (edges kept as they are)."""
    out = values.copy()
    if values.shape[0] >= 3:
        out[1:-1] = (values[:-2] + values[1:-1] + values[2:]) / 3.0
    return out


def gradient(values: np.ndarray) -> np.ndarray:
    """Time derivative along axis 0 (central differences, per second); NaN for one frame."""
    if values.shape[0] < 2:
        return np.full_like(values, np.nan)
    return np.gradient(values, DT, axis=0)


@dataclass
class PlayResult:
    """Stats a kernel produced for one play: play-level values and per-player arrays."""

    play: dict[str, float] = field(default_factory=dict)
    player: dict[str, np.ndarray] = field(default_factory=dict)


class PlayContext:
    """One play's arrays plus the derived quantities the kernels share (cached)."""

    def __init__(self, arrays: PlayArrays, options: Mapping[str, float] | None = None) -> None:
        self.arr = arrays
        self.options: Mapping[str, float] = options or {}
        self.n_frames = arrays.n_frames
        self.n_players = arrays.n_players
        self.offense = arrays.side == OFFENSE
        self.defense = arrays.side == DEFENSE
        last = self.n_frames - 1
        self.key = {
            k: (None if v is None else min(max(v, 0), last)) for k, v in arrays.keys.items()
        }
        ptype = arrays.play.get("play_type")
        self.play_type: str | None = None if ptype is None else str(ptype)
        self.pass_result: str | None = arrays.play.get("pass_result")  # type: ignore[assignment]
        los = arrays.play.get("absolute_yardline")
        self.los: float = float("nan") if los is None else float(los)  # type: ignore[arg-type]

    # --- key frames -----------------------------------------------------------------------
    @property
    def snap(self) -> int | None:
        return self.key.get("snap_frame")

    @property
    def throw(self) -> int | None:
        return self.key.get("throw_frame")

    @property
    def arrival(self) -> int | None:
        arrival = self.key.get("arrival_frame")
        if arrival is None or self.throw is None or arrival <= self.throw:
            return None
        return arrival

    @property
    def handoff(self) -> int | None:
        return self.key.get("handoff_frame")

    @property
    def end(self) -> int:
        end = self.key.get("end_frame")
        return self.n_frames - 1 if end is None else end

    @property
    def start(self) -> int:
        return self.snap if self.snap is not None else 0

    @property
    def release(self) -> int | None:
        """The throw on a pass, else the handoff."""
        return self.throw if self.throw is not None else self.handoff

    @cached_property
    def is_pass(self) -> bool:
        return self.play_type in PASS_TYPES or (self.play_type is None and self.throw is not None)

    @cached_property
    def is_run(self) -> bool:
        if self.play_type is None:
            return self.throw is None and self.handoff is not None
        return self.play_type in RUN_TYPES

    @cached_property
    def is_special(self) -> bool:
        return self.play_type in SPECIAL_TYPES

    @cached_property
    def caught(self) -> bool:
        if self.pass_result is not None:
            return self.pass_result == "C"
        return any(e in CAUGHT_EVENTS for e in self.arr.events if e is not None)

    @cached_property
    def phases(self) -> dict[str, tuple[int, int]]:
        """Inclusive frame ranges of the phases that exist on this play (see PHASES)."""
        found: dict[str, tuple[int, int]] = {"play": (self.start, max(self.end, self.start))}
        if self.snap is not None and self.snap >= 1:
            found["pre_snap"] = (0, self.snap - 1)
        if self.snap is not None and self.release is not None and self.release > self.snap:
            found["to_release"] = (self.snap, self.release)
        if self.throw is not None and self.arrival is not None:
            found["in_air"] = (self.throw, self.arrival)
            if self.caught and self.end > self.arrival:
                found["after_catch"] = (self.arrival, self.end)
        if self.throw is None and self.handoff is not None and self.end > self.handoff:
            found["after_handoff"] = (self.handoff, self.end)
        return found

    # --- kinematics ---------------------------------------------------------------------
    @cached_property
    def vx(self) -> np.ndarray:
        """``(F, P)`` velocity along x from positions (yd/s)."""
        return gradient(self.arr.x)

    @cached_property
    def vy(self) -> np.ndarray:
        return gradient(self.arr.y)

    @cached_property
    def speed(self) -> np.ndarray:
        """``(F, P)`` speed: the tracked ``s`` where present, else |v| from positions."""
        derived = np.hypot(self.vx, self.vy)
        return np.where(np.isfinite(self.arr.s), self.arr.s, derived)

    @cached_property
    def accel(self) -> np.ndarray:
        """``(F, P)`` signed tangential acceleration d(speed)/dt, 3-frame smoothed (yd/s²)."""
        return smooth3(gradient(self.speed))

    @cached_property
    def heading(self) -> np.ndarray:
        """``(F, P)`` direction of motion (deg, 0 = +y, clockwise): ``dir``, else from v."""
        derived = np.degrees(np.arctan2(self.vx, self.vy)) % 360.0
        return np.where(np.isfinite(self.arr.dir), self.arr.dir, derived)

    @cached_property
    def step(self) -> np.ndarray:
        """``(F, P)`` distance moved since the previous frame (0 on the first frame)."""
        out = np.zeros_like(self.arr.x)
        out[1:] = np.hypot(np.diff(self.arr.x, axis=0), np.diff(self.arr.y, axis=0))
        return out

    @cached_property
    def ball_speed(self) -> np.ndarray:
        """``(F,)`` ball speed from its positions (yd/s)."""
        return np.hypot(gradient(self.arr.ball_x), gradient(self.arr.ball_y))

    @cached_property
    def to_ball(self) -> np.ndarray:
        """``(F, P)`` distance from each player to the ball (yd)."""
        return np.hypot(
            self.arr.x - self.arr.ball_x[:, None], self.arr.y - self.arr.ball_y[:, None]
        )

    def distances(self, frame: int) -> np.ndarray:
        """``(P, P)`` distances between players at ``frame`` (yd)."""
        x, y = self.arr.x[frame], self.arr.y[frame]
        return np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])

    def nearest(self, frame: int, player: int, among: np.ndarray) -> tuple[float, int | None]:
        """Distance from ``player`` to the nearest of ``among`` (bool mask) at ``frame``, and
        that player's index."""
        d = np.hypot(
            self.arr.x[frame] - self.arr.x[frame, player],
            self.arr.y[frame] - self.arr.y[frame, player],
        )
        d = np.where(among, d, np.nan)
        d[player] = np.nan
        if not np.isfinite(d).any():
            return float("nan"), None
        j = int(np.nanargmin(d))
        return float(d[j]), j

    def at(self, values: np.ndarray, frame: int | None) -> np.ndarray:
        """Row ``frame`` of a ``(F, ...)`` array, all NaN when the frame is unknown."""
        if frame is None:
            return np.full(values.shape[1:], np.nan)
        return values[frame]

    # --- roles --------------------------------------------------------------------------
    @cached_property
    def passer(self) -> int | None:
        return roles.passer(self)

    @cached_property
    def eligible(self) -> np.ndarray:
        return roles.eligible(self)

    @cached_property
    def target(self) -> int | None:
        return roles.target(self)

    @cached_property
    def carrier(self) -> int | None:
        return roles.carrier(self)

    @cached_property
    def carry_start(self) -> int | None:
        return roles.carry_start(self)

    @cached_property
    def rushers(self) -> np.ndarray:
        return roles.rushers(self)

    @cached_property
    def first_contact(self) -> int | None:
        return roles.first_contact(self)


__all__ = ["DEFENSE", "OFFENSE", "PHASES", "PlayContext", "PlayResult", "smooth3"]
