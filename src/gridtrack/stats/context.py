"""Everything the family kernels share about one play: kinematics, phases and roles.

Derived arrays are computed on first use and cached, so a family that does not need the
contact geometry does not pay for it. Frame indices are 0-based positions on the play's
frame axis; times are ``frames × FRAME_SECONDS``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from gridtrack.schema import FRAME_SECONDS
from gridtrack.stats import roles
from gridtrack.stats.arrays import DEFENSE, OFFENSE, PlayArrays
from gridtrack.stats.nanops import argmin_where

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
    """Time derivative along axis 0 (per second); NaN for one frame.

    ``(v_{t+1} − v_{t−1}) / 2Δt`` inside, ``(v_1 − v_0) / Δt`` and ``(v_F−1 − v_F−2) / Δt``
    at the ends: ``np.gradient(values, Δt, axis=0)``, without its argument handling.
    """
    if values.shape[0] < 2:
        return np.full_like(values, np.nan)
    out = np.empty_like(values)
    out[1:-1] = (values[2:] - values[:-2]) / (2.0 * DT)
    out[0] = (values[1] - values[0]) / DT
    out[-1] = (values[-1] - values[-2]) / DT
    return out


def fill_missing(tracked: np.ndarray, derive: Callable[[], np.ndarray]) -> np.ndarray:
    """``tracked`` where finite, else ``derive()``: ``derive`` only runs when a value is
    missing, and ``tracked`` itself comes back when none is (treat it as read-only)."""
    missing = ~np.isfinite(tracked)
    if not missing.any():
        return tracked
    return np.where(missing, derive(), tracked)


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
        # --- key frames (indices on the frame axis, or None) ---------------------------
        self.snap: int | None = self.key.get("snap_frame")
        self.throw: int | None = self.key.get("throw_frame")
        self.handoff: int | None = self.key.get("handoff_frame")
        arrival = self.key.get("arrival_frame")
        self.arrival: int | None = (
            None if arrival is None or self.throw is None or arrival <= self.throw else arrival
        )
        end = self.key.get("end_frame")
        self.end: int = last if end is None else end
        self.start: int = self.snap if self.snap is not None else 0
        self.release: int | None = self.throw if self.throw is not None else self.handoff
        """The throw on a pass, else the handoff."""

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
        return fill_missing(self.arr.s, lambda: np.hypot(self.vx, self.vy))

    @cached_property
    def accel(self) -> np.ndarray:
        """``(F, P)`` signed tangential acceleration d(speed)/dt, 3-frame smoothed (yd/s²)."""
        return smooth3(gradient(self.speed))

    @cached_property
    def heading(self) -> np.ndarray:
        """``(F, P)`` direction of motion (deg, 0 = +y, clockwise): ``dir``, else from v."""
        return fill_missing(self.arr.dir, lambda: np.degrees(np.arctan2(self.vx, self.vy)) % 360.0)

    @cached_property
    def step(self) -> np.ndarray:
        """``(F, P)`` distance moved since the previous frame (0 on the first frame)."""
        x, y = self.arr.x, self.arr.y
        out = np.empty_like(x)
        out[:1] = 0.0
        np.hypot(x[1:] - x[:-1], y[1:] - y[:-1], out=out[1:])
        return out

    @cached_property
    def ball_speed(self) -> np.ndarray:
        """``(F,)`` ball speed from its positions (yd/s)."""
        return np.hypot(gradient(self.arr.ball_x), gradient(self.arr.ball_y))

    def to_ball(self, frames: int | slice) -> np.ndarray:
        """Distance from each player to the ball at ``frames`` (yd): ``(P,)`` at one frame,
        ``(n, P)`` over a slice of frames."""
        return np.hypot(
            self.arr.x[frames] - self.arr.ball_x[frames, None],
            self.arr.y[frames] - self.arr.ball_y[frames, None],
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
        others = among.copy()
        others[player] = False
        j = argmin_where(d, others)
        return (float("nan"), None) if j is None else (float(d[j]), j)

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
