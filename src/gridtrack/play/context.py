"""One play, or consecutive plays computed together: key frames, phases, kinematics, roles.

A :class:`PlayContext` is one play's arrays with its key frames (0-based indices on the
play's frame axis), its kind (pass, run, special teams) and its phases; its kinematics come
from the :class:`~gridtrack.play.motion.Motion` of the :class:`Chunk` it belongs to, and its
roles from the chunk's resolution of the declared derivations of
:mod:`gridtrack.play.roles`. Everything is computed on first use and cached, so a kernel
that needs no contact geometry does not pay for it. Times are ``frames × DT``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from typing import Any, NamedTuple

import numpy as np

from gridtrack.errors import DefinitionError, UnknownNameError
from gridtrack.play.arrays import DEFENSE, OFFENSE, PlayArrays
from gridtrack.play.config import DEFAULT, StatsConfig
from gridtrack.play.geometry import distance
from gridtrack.play.motion import Motion, gradient
from gridtrack.play.nanops import argmin_where
from gridtrack.play.roles import ROLES
from gridtrack.schema import CAUGHT_EVENTS

PLAY_KINDS: dict[str, frozenset[str]] = {
    "pass": frozenset({"pass", "sack"}),
    "run": frozenset({"run"}),
    "special_teams": frozenset({"kickoff", "punt", "field_goal", "extra_point"}),
}
"""The ``play_type`` values of each kind of play a stat may apply to."""
KINDS: tuple[str, ...] = (*PLAY_KINDS, "other")
"""Every play is of one kind (:attr:`PlayContext.kind`)."""
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


class NearestPlayers(NamedTuple):
    """Per frame and player, ``(F, P)`` each: the nearest opponent's distance (yd) and index
    (−1 where none is on the frame), and the nearest teammate's distance (yd)."""

    opponent_distance: np.ndarray
    opponent: np.ndarray
    teammate_distance: np.ndarray


def _nearest(d: np.ndarray, among: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(F, P)`` distance to the nearest player ``j`` with ``among[i, j]``, and that ``j``
    (−1 where there is none), from the ``(F, P, P)`` distances ``d`` (``P ≥ 1``)."""
    masked = np.where(among[None] & ~np.isnan(d), d, np.inf)
    j = np.argmin(masked, axis=2)
    nearest = np.take_along_axis(masked, j[..., None], axis=2)[..., 0]
    found = np.isfinite(nearest)
    return np.where(found, nearest, np.nan), np.where(found, j, -1)


class PlayContext:
    """One play's arrays plus the derived quantities the kernels share (cached).

    ``index``: the play's place in the :class:`Chunk` of consecutive plays it is computed
    with (the chunk's shared arrays and roles give this play's); a play made alone is a
    chunk of its own, made when a kernel first needs its kinematics or its roles.
    """

    def __init__(self, arrays: PlayArrays, config: StatsConfig = DEFAULT, index: int = 0) -> None:
        self.arr = arrays
        self._chunk: Chunk | None = None
        self.index = index
        self.config = config
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
        return self.play_type in PLAY_KINDS["pass"] or (
            self.play_type is None and self.throw is not None
        )

    @cached_property
    def is_run(self) -> bool:
        if self.play_type is None:
            return self.throw is None and self.handoff is not None
        return self.play_type in PLAY_KINDS["run"]

    @cached_property
    def is_special(self) -> bool:
        return self.play_type in PLAY_KINDS["special_teams"]

    @cached_property
    def kind(self) -> str:
        """``pass``, ``run``, ``special_teams`` or ``other`` (see :data:`KINDS`)."""
        if self.is_pass:
            return "pass"
        if self.is_run:
            return "run"
        return "special_teams" if self.is_special else "other"

    @cached_property
    def caught(self) -> bool:
        if self.pass_result is not None:
            return self.pass_result == "C"
        return any(event in self.event_frames for event in CAUGHT_EVENTS)

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

    @cached_property
    def nearest_each_frame(self) -> NearestPlayers:
        """Each player's nearest opponent and teammate on every frame, from that frame alone
        (``|p_j − p_i|`` over the ``(F, P, P)`` pairs, computed once per play)."""
        x, y = self.arr.x, self.arr.y
        d = distance(x[:, None, :] - x[:, :, None], y[:, None, :] - y[:, :, None])
        o, f = self.offense, self.defense
        opponents = (o[:, None] & f[None, :]) | (f[:, None] & o[None, :])
        mates = (o[:, None] & o[None, :]) | (f[:, None] & f[None, :])
        np.fill_diagonal(mates, False)
        return NearestPlayers(*_nearest(d, opponents), _nearest(d, mates)[0])

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

    # --- roles (see gridtrack.play.roles) -------------------------------------------
    def role(self, name: str) -> Any:
        """This play's value of the role ``name``, resolved for its whole :attr:`chunk`."""
        return self.chunk.role(name)[self.index]

    @property
    def passer(self) -> int | None:
        """Index of the passer (QB), or ``None``."""
        return self.role("passer")  # type: ignore[no-any-return]

    @property
    def linemen(self) -> np.ndarray:
        """``(P,)`` bool: players whose position is a lineman's."""
        return self.role("linemen")  # type: ignore[no-any-return]

    @property
    def eligible(self) -> np.ndarray:
        """``(P,)`` bool: eligible receivers."""
        return self.role("eligible")  # type: ignore[no-any-return]

    @property
    def carry_start(self) -> int | None:
        """Frame at which a ball carrier starts (catch, handoff, snap on a run), or ``None``."""
        return self.role("carry_start")  # type: ignore[no-any-return]

    @property
    def carrier(self) -> int | None:
        """Index of the ball carrier after the catch or handoff, or ``None``."""
        return self.role("carrier")  # type: ignore[no-any-return]

    @property
    def target(self) -> int | None:
        """Index of the intended receiver of a pass that arrived, or ``None``."""
        return self.role("target")  # type: ignore[no-any-return]

    @property
    def rushers(self) -> np.ndarray:
        """``(P,)`` bool: defenders rushing the passer."""
        return self.role("rushers")  # type: ignore[no-any-return]

    @property
    def blockers(self) -> np.ndarray:
        """``(P,)`` bool: offense players protecting the passer."""
        return self.role("blockers")  # type: ignore[no-any-return]

    @property
    def coverage(self) -> np.ndarray:
        """``(P,)`` bool: defenders in pass coverage."""
        return self.role("coverage")  # type: ignore[no-any-return]

    @property
    def first_contact(self) -> int | None:
        """Frame of first contact with the ball carrier, or ``None``."""
        return self.role("first_contact")  # type: ignore[no-any-return]


class Chunk:
    """Consecutive plays computed together: their contexts (play ``k`` is ``contexts[k]``),
    one :class:`Motion` and the roles found for all plays at once (cached)."""

    def __init__(self, contexts: list[PlayContext], wanted: frozenset[str] | None = None) -> None:
        """Gather ``contexts`` (play ``k`` made with ``index=k``), which now belong to it;
        ``wanted``: the names of the stats to compute (``None``: all)."""
        self.contexts = contexts
        self.wanted = wanted
        self._roles: dict[str, list[Any]] = {}
        self._readers: list[tuple[str, frozenset[str]]] = []
        self.config = contexts[0].config if contexts else DEFAULT
        self.motion = Motion([c.arr for c in contexts])
        for ctx in contexts:
            ctx._chunk = self

    @classmethod
    def of(
        cls,
        plays: Sequence[PlayArrays],
        config: StatsConfig = DEFAULT,
        wanted: frozenset[str] | None = None,
    ) -> Chunk:
        """A chunk of new contexts for ``plays`` (``wanted`` as in :meth:`__init__`)."""
        return cls([PlayContext(a, config, index=k) for k, a in enumerate(plays)], wanted)

    def wants(self, names: Iterable[str]) -> bool:
        """Whether any of ``names`` is to be computed: a kernel may skip the work of stats
        nobody wants (their values are dropped anyway)."""
        return self.wanted is None or not self.wanted.isdisjoint(names)

    def role(self, name: str) -> list[Any]:
        """Per play, the role ``name`` (:data:`gridtrack.play.roles.ROLES`), derived on first
        use for every play at once, after the roles it needs.

        Raises :class:`~gridtrack.errors.UnknownNameError` for an unknown role, and
        :class:`~gridtrack.errors.DefinitionError` for a role read by a derivation or a
        kernel (:meth:`reading`) that does not declare it.
        """
        if self._readers and name not in self._readers[-1][1]:
            raise DefinitionError(
                f"{self._readers[-1][0]} reads role {name!r} without declaring it"
            )
        return self._resolve(name)

    def _resolve(self, name: str) -> list[Any]:
        found = self._roles.get(name)
        if found is not None:
            return found
        if name not in ROLES:
            raise UnknownNameError(f"no role named {name!r}; roles: {', '.join(ROLES)}")
        derivation = ROLES[name]
        for need in derivation.needs:
            self._resolve(need)
        with self.reading(f"role {name!r}", derivation.needs):
            found = self._roles[name] = derivation.derive(self)
        return found

    @contextmanager
    def reading(self, who: str, needs: Iterable[str]) -> Iterator[None]:
        """Within the block, ``who`` (a role's derivation or a kernel) may read the roles
        named in ``needs`` only (other names in ``needs``, phases or stats, are ignored)."""
        self._readers.append((who, frozenset(needs)))
        try:
            yield
        finally:
            self._readers.pop()

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


__all__ = ["KINDS", "PHASES", "PLAY_KINDS", "Chunk", "PlayContext"]
