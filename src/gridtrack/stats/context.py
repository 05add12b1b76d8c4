"""Everything the family kernels share about one play: kinematics, phases and roles.

Derived arrays are computed on first use and cached, so a family that does not need the
contact geometry does not pay for it. Frame indices are 0-based positions on the play's
frame axis; times are ``frames × FRAME_SECONDS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from gridtrack.schema import FRAME_SECONDS
from gridtrack.stats import roles
from gridtrack.stats.arrays import DEFENSE, OFFENSE, PlayArrays
from gridtrack.stats.geometry import distance
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


def _one_play(values: np.ndarray, starts: np.ndarray | None) -> np.ndarray:
    return np.array([0, values.shape[0]]) if starts is None else starts


def smooth3(values: np.ndarray, starts: np.ndarray | None = None) -> np.ndarray:
    """Centred 3-frame moving mean along axis 0, ``(v_{t−1} + v_t + v_{t+1}) / 3``, with
    each play's first and last frames kept as they are.

    ``values`` holds one play's frames, or several plays stacked along axis 0 with play
    ``k`` on rows ``starts[k]:starts[k + 1]``.
    """
    starts = _one_play(values, starts)
    out = np.empty_like(values)
    inside = np.add(values[:-2], values[1:-1], out=out[1:-1])
    inside += values[2:]
    inside /= 3.0
    edges = np.concatenate([starts[:-1], starts[1:] - 1])[np.tile(np.diff(starts) > 0, 2)]
    out[edges] = values[edges]
    return out


def gradient(values: np.ndarray, starts: np.ndarray | None = None) -> np.ndarray:
    """Time derivative along axis 0 (per second); NaN for a play of one frame.

    ``(v_{t+1} − v_{t−1}) / 2Δt`` inside, ``(v_1 − v_0) / Δt`` and ``(v_F−1 − v_F−2) / Δt``
    at a play's ends: ``np.gradient(values, Δt, axis=0)``, without its argument handling.
    ``values`` and ``starts`` as in :func:`smooth3`.
    """
    starts = _one_play(values, starts)
    out = np.empty_like(values)
    np.divide(np.subtract(values[2:], values[:-2], out=out[1:-1]), 2.0 * DT, out=out[1:-1])
    first, last = starts[:-1], starts[1:] - 1
    long = last > first
    first_long, last_long = first[long], last[long]
    out[first_long] = (values[first_long + 1] - values[first_long]) / DT
    out[last_long] = (values[last_long] - values[last_long - 1]) / DT
    out[first[last == first]] = np.nan
    return out


def _stack(blocks: list[np.ndarray], width: int) -> np.ndarray:
    """``(F_k, P_k)`` blocks one under the other in a ``(Σ F_k, width)`` float64 array, NaN
    right of the narrower ones."""
    if all(b.shape[1] == width for b in blocks):
        return np.concatenate(blocks or [np.zeros((0, width))], dtype=np.float64)
    out = np.full((sum(b.shape[0] for b in blocks), width), np.nan)
    start = 0
    for b in blocks:
        out[start : start + b.shape[0], : b.shape[1]] = b
        start += b.shape[0]
    return out


class Motion:
    """Kinematics derived from the positions of consecutive plays, computed for all of
    them at once.

    The plays' ``(F, P)`` arrays are stacked along the frame axis into ``(R, W)`` arrays:
    play ``k`` has rows ``starts[k]:starts[k + 1]`` and columns ``:P`` (``W`` is the widest
    play; the cells beyond a play's players are NaN), the ball's ``(F,)`` arrays into
    ``(R,)`` ones, and ``side`` is ``(K, W)`` (0 beyond a play's players). Each derived
    array is computed on first use, play by play as the formulas say (differences never
    cross two plays).
    """

    def __init__(self, plays: Sequence[PlayArrays]) -> None:
        self._plays = plays
        self.starts = np.zeros(len(plays) + 1, dtype=np.int64)
        np.cumsum([a.n_frames for a in plays], out=self.starts[1:])
        self.width = max((a.n_players for a in plays), default=0)
        self.ball_x, self.ball_y = (
            np.concatenate([getattr(a, name) for a in plays] or [np.zeros(0)], dtype=np.float64)
            for name in ("ball_x", "ball_y")
        )
        self.side = np.zeros((len(plays), self.width), dtype=np.int8)
        for k, a in enumerate(plays):
            self.side[k, : a.n_players] = a.side

    def _stacked(self, name: str) -> np.ndarray:
        return _stack([getattr(a, name) for a in self._plays], self.width)

    @cached_property
    def x(self) -> np.ndarray:
        """Position along the field (yd)."""
        return self._stacked("x")

    @cached_property
    def y(self) -> np.ndarray:
        """Position across the field (yd)."""
        return self._stacked("y")

    @cached_property
    def s(self) -> np.ndarray:
        """Tracked speed (yd/s)."""
        return self._stacked("s")

    @cached_property
    def dir(self) -> np.ndarray:
        """Tracked direction of motion (deg)."""
        return self._stacked("dir")

    @cached_property
    def vx(self) -> np.ndarray:
        """Velocity along x from positions (yd/s)."""
        return gradient(self.x, self.starts)

    @cached_property
    def vy(self) -> np.ndarray:
        """Velocity along y from positions (yd/s)."""
        return gradient(self.y, self.starts)

    def _velocity_at(self, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:attr:`vx` and :attr:`vy` at the cells of the ``(R, W)`` bool mask ``cells``,
        computed there alone (the same formulas as :func:`gradient`)."""
        rows, cols = np.nonzero(cells)
        play = np.searchsorted(self.starts, rows, side="right") - 1
        first, last = self.starts[play], self.starts[play + 1] - 1
        ahead, behind = np.minimum(rows + 1, last), np.maximum(rows - 1, first)
        span = np.where(ahead - behind == 2, 2.0 * DT, DT)
        span[ahead == behind] = np.nan  # a play of one frame
        return tuple(  # type: ignore[return-value]
            (v[ahead, cols] - v[behind, cols]) / span for v in (self.x, self.y)
        )

    @cached_property
    def speed(self) -> np.ndarray:
        """Speed: the tracked ``s`` where finite, else |v| from positions (yd/s)."""
        return _fill_missing(self.s, lambda m: distance(*self._velocity_at(m)))

    @cached_property
    def accel(self) -> np.ndarray:
        """Signed tangential acceleration d(speed)/dt, 3-frame smoothed (yd/s²)."""
        return smooth3(gradient(self.speed, self.starts), self.starts)

    @cached_property
    def heading(self) -> np.ndarray:
        """Direction of motion (deg, 0 = +y, clockwise): ``dir`` where finite, else
        ``degrees(atan2(v_x, v_y)) mod 360``."""
        return _fill_missing(
            self.dir, lambda m: np.degrees(np.arctan2(*self._velocity_at(m))) % 360.0
        )

    @cached_property
    def step(self) -> np.ndarray:
        """Distance moved since the previous frame, ``|p_t − p_{t−1}|`` (0 on a play's first
        frame)."""
        out = np.empty_like(self.x)
        dx = np.subtract(self.x[1:], self.x[:-1], out=out[1:])
        distance(dx, self.y[1:] - self.y[:-1], out=dx)
        out[self.starts[:-1][np.diff(self.starts) > 0]] = 0.0
        return out


def _fill_missing(tracked: np.ndarray, derive: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``tracked`` where finite, else ``derive(missing)`` (the values at the cells of the
    bool mask ``missing``; only called when one is): ``tracked`` itself comes back when
    none is (treat it as read-only)."""
    missing = ~np.isfinite(tracked)
    if not missing.any():
        return tracked
    out = tracked.copy()
    out[missing] = derive(missing)
    return out


@dataclass
class PlayResult:
    """Stats a kernel produced for one play: play-level values and per-player arrays."""

    play: dict[str, float] = field(default_factory=dict)
    player: dict[str, np.ndarray] = field(default_factory=dict)


class PlayContext:
    """One play's arrays plus the derived quantities the kernels share (cached).

    ``index``: the play's place in the :class:`Chunk` of consecutive plays it is computed
    with (the chunk's shared arrays and roles give this play's); a play made alone is a
    chunk of its own, made when a kernel first needs its kinematics or its roles.
    """

    def __init__(
        self, arrays: PlayArrays, options: Mapping[str, float] | None = None, index: int = 0
    ) -> None:
        self.arr = arrays
        self._chunk: Chunk | None = None
        self.index = index
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
        return not CAUGHT_EVENTS.isdisjoint(self.event_frames)

    @cached_property
    def event_frames(self) -> dict[str, int]:
        """The first frame (index) of each event recorded on the play."""
        return self.chunk.event_frames[self.index]

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
    @property
    def chunk(self) -> Chunk:
        """The :class:`Chunk` that holds this play (as play :attr:`index`)."""
        return self._chunk if self._chunk is not None else Chunk([self])

    @property
    def motion(self) -> Motion:
        """The :class:`Motion` of :attr:`chunk`."""
        return self.chunk.motion

    def _own(self, values: np.ndarray) -> np.ndarray:
        """This play's ``(F, P)`` view of a ``(R, W)`` array of :attr:`motion`."""
        starts = self.motion.starts
        return values[starts[self.index] : starts[self.index + 1], : self.n_players]

    @cached_property
    def vx(self) -> np.ndarray:
        """``(F, P)`` velocity along x from positions (yd/s)."""
        return self._own(self.motion.vx)

    @cached_property
    def vy(self) -> np.ndarray:
        return self._own(self.motion.vy)

    @cached_property
    def speed(self) -> np.ndarray:
        """``(F, P)`` speed: the tracked ``s`` where present, else |v| from positions."""
        return self._own(self.motion.speed)

    @cached_property
    def accel(self) -> np.ndarray:
        """``(F, P)`` signed tangential acceleration d(speed)/dt, 3-frame smoothed (yd/s²)."""
        return self._own(self.motion.accel)

    @cached_property
    def heading(self) -> np.ndarray:
        """``(F, P)`` direction of motion (deg, 0 = +y, clockwise): ``dir``, else from v."""
        return self._own(self.motion.heading)

    @cached_property
    def step(self) -> np.ndarray:
        """``(F, P)`` distance moved since the previous frame (0 on the first frame)."""
        return self._own(self.motion.step)

    @cached_property
    def ball_speed(self) -> np.ndarray:
        """``(F,)`` ball speed from its positions (yd/s)."""
        return distance(gradient(self.arr.ball_x), gradient(self.arr.ball_y))

    def to_ball(self, frames: int | slice) -> np.ndarray:
        """Distance from each player to the ball at ``frames`` (yd): ``(P,)`` at one frame,
        ``(n, P)`` over a slice of frames."""
        return distance(
            self.arr.x[frames] - self.arr.ball_x[frames, None],
            self.arr.y[frames] - self.arr.ball_y[frames, None],
        )

    def distances(self, frame: int) -> np.ndarray:
        """``(P, P)`` distances between players at ``frame`` (yd)."""
        x, y = self.arr.x[frame], self.arr.y[frame]
        return distance(x[:, None] - x[None, :], y[:, None] - y[None, :])

    def nearest(self, frame: int, player: int, among: np.ndarray) -> tuple[float, int | None]:
        """Distance from ``player`` to the nearest of ``among`` (bool mask) at ``frame``, and
        that player's index."""
        d = distance(
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
        return self.chunk.passers[self.index]

    @cached_property
    def eligible(self) -> np.ndarray:
        return roles.eligible(self)

    @cached_property
    def target(self) -> int | None:
        return roles.target(self)

    @cached_property
    def carrier(self) -> int | None:
        return self.chunk.carriers[self.index]

    @cached_property
    def carry_start(self) -> int | None:
        return roles.carry_start(self)

    @cached_property
    def rushers(self) -> np.ndarray:
        return self.chunk.rushers[self.index]

    @cached_property
    def first_contact(self) -> int | None:
        return roles.first_contact(self)


class Chunk:
    """Consecutive plays computed together: their contexts (play ``k`` is ``contexts[k]``),
    one :class:`Motion` and the roles found for all plays at once (cached)."""

    def __init__(self, contexts: list[PlayContext], wanted: frozenset[str] | None = None) -> None:
        """Gather ``contexts`` (play ``k`` made with ``index=k``), which now belong to it;
        ``wanted``: the names of the stats to compute (``None``: all)."""
        self.contexts = contexts
        self.wanted = wanted
        self.motion = Motion([c.arr for c in contexts])
        for ctx in contexts:
            ctx._chunk = self

    @classmethod
    def of(
        cls,
        plays: Sequence[PlayArrays],
        options: Mapping[str, float] | None = None,
        wanted: frozenset[str] | None = None,
    ) -> Chunk:
        """A chunk of new contexts for ``plays`` (``wanted`` as in :meth:`__init__`)."""
        return cls([PlayContext(a, options, index=k) for k, a in enumerate(plays)], wanted)

    def wants(self, names: Iterable[str]) -> bool:
        """Whether any of ``names`` is to be computed: a kernel may skip the work of stats
        nobody wants (their values are dropped anyway)."""
        return self.wanted is None or not self.wanted.isdisjoint(names)

    @cached_property
    def rushers(self) -> list[np.ndarray]:
        """Per play, :func:`gridtrack.stats.roles.rushers`."""
        return roles.rushers(self)

    @cached_property
    def carriers(self) -> list[int | None]:
        """Per play, :func:`gridtrack.stats.roles.carriers`."""
        return roles.carriers(self)

    @cached_property
    def passers(self) -> list[int | None]:
        """Per play, :func:`gridtrack.stats.roles.passers`."""
        return roles.passers(self)

    @cached_property
    def linemen(self) -> list[np.ndarray]:
        """Per play, :func:`gridtrack.stats.roles.linemen`."""
        return roles.linemen(self)

    @cached_property
    def event_frames(self) -> list[dict[str, int]]:
        """Per play, the first frame (index) of each event recorded on it."""
        events = np.concatenate([c.arr.events for c in self.contexts])
        at = np.flatnonzero(events != None)  # noqa: E711 (elementwise)
        play = np.searchsorted(self.motion.starts, at, side="right") - 1
        found: list[dict[str, int]] = [{} for _ in self.contexts]
        for row, k, frame in zip(
            at.tolist(), play.tolist(), (at - self.motion.starts[play]).tolist(), strict=True
        ):
            found[k].setdefault(events[row], frame)
        return found


__all__ = [
    "DEFENSE",
    "OFFENSE",
    "PHASES",
    "Chunk",
    "Motion",
    "PlayContext",
    "PlayResult",
    "smooth3",
]
