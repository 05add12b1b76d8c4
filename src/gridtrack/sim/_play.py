"""The play engine shared by every play type: 22 movers, routes, events, the ball.

Coordinates inside the simulator are standardized: the team in possession at the snap
(the kicking team on kickoffs and punts) moves toward +x; indices 0–10 are that team,
11–21 the other. The layout writer turns left-moving plays as recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from gridtrack.schema import FIELD_WIDTH, GOAL_LINE_LEFT, GOAL_LINE_RIGHT
from gridtrack.sim._ball import BallTrack
from gridtrack.sim._motion import DT, Movers, orientation

N = 22
OFF = np.arange(11)
DEF = np.arange(11, 22)
BRAKE_RATIO = 1.3
"""Braking limit as a multiple of a player's acceleration limit."""


class Routes:
    """Vectorized waypoint following for any subset of the 22 players.

    Player ``i`` runs through waypoints ``(x, y, speed)``: each is passed at (at most) its
    speed, and the player moves on once within ``reach`` yd; he stops at the last one.
    """

    def __init__(self, n: int = N, k: int = 8, reach: float = 0.8) -> None:
        self.W = np.zeros((n, k, 3))
        self.last = np.full(n, -1)
        self.idx = np.zeros(n, dtype=np.int64)
        self.reach = reach

    def set(self, i: int, waypoints: list[tuple[float, float, float]]) -> None:
        self.W[i, : len(waypoints)] = waypoints
        self.last[i] = len(waypoints) - 1
        self.idx[i] = 0

    def stop(self, i: int | np.ndarray) -> None:
        self.last[i] = -1

    @property
    def active(self) -> np.ndarray:
        return self.last >= 0

    def targets(
        self, pos: np.ndarray, vmax: np.ndarray, brake: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Target point and desired speed for every player (meaningful where ``active``)."""
        rows = np.arange(self.W.shape[0])
        w = self.W[rows, self.idx]
        d = np.hypot(w[:, 0] - pos[:, 0], w[:, 1] - pos[:, 1])
        move_on = self.active & (self.idx < self.last) & (d < self.reach)
        if move_on.any():
            self.idx[move_on] += 1
            w = self.W[rows, self.idx]
            d = np.hypot(w[:, 0] - pos[:, 0], w[:, 1] - pos[:, 1])
        final = self.idx >= self.last
        speed = np.where(
            final,
            w[:, 2],
            np.minimum(vmax, np.sqrt(w[:, 2] ** 2 + 2.0 * brake * np.maximum(d - self.reach, 0))),
        )
        scale = np.where(final, 1.0, (d + 20.0) / np.maximum(d, 1e-9))
        return pos + (w[:, :2] - pos) * scale[:, None], speed


@dataclass
class Play:
    """One play being simulated: players, routes, events, ball and play-level facts.

    Parameters
    ----------
    start
        Positions at the first frame, ``(22, 2)`` (yd, standardized).
    vmax, amax
        Top speed (yd/s) and acceleration limit (yd/s²) per player.
    max_frames
        Frames allocated (the play may end earlier).
    """

    start: np.ndarray
    vmax: np.ndarray
    amax: np.ndarray
    max_frames: int
    rng: np.random.Generator
    events: dict[int, str] = field(default_factory=dict)
    ball: BallTrack = field(default_factory=BallTrack)
    info: dict = field(default_factory=dict)
    truth: dict | None = None

    def __post_init__(self) -> None:
        self.m = Movers(self.start, self.vmax, self.amax, self.amax * BRAKE_RATIO, self.max_frames)
        self.routes = Routes()
        self.look = np.zeros((self.max_frames, N, 2))
        self.look[0] = self.start + np.where(np.arange(N) < 11, 1.0, -1.0)[:, None] * [5.0, 0.0]
        self.speed_cap = np.full(N, np.inf)

    def place_all(self, start: np.ndarray) -> None:
        """Set every player's position at the first frame (before any step)."""
        self.m.pos = start.astype(np.float64).copy()
        self.m.P[0] = self.m.pos
        self.look[0] = start + np.where(np.arange(N) < 11, 1.0, -1.0)[:, None] * [5.0, 0.0]

    @property
    def t(self) -> int:
        """Current frame index (0-based)."""
        return self.m.t

    @property
    def time(self) -> float:
        """Current play time (s)."""
        return self.m.t * DT

    @property
    def pos(self) -> np.ndarray:
        return self.m.pos

    @property
    def vel(self) -> np.ndarray:
        return self.m.vel

    def full(self) -> bool:
        return self.m.t >= self.max_frames - 2

    def advance(self, target: np.ndarray, speed: np.ndarray, look: np.ndarray) -> None:
        """One frame: players on routes follow them, the others go to ``target`` at
        ``speed``; ``look`` is where each player watches (``(22, 2)`` or ``(2,)``)."""
        active = self.routes.active
        if active.any():
            rt, rs = self.routes.targets(self.m.pos, self.m.vmax, self.m.brake)
            target = np.where(active[:, None], rt, target)
            speed = np.where(active, rs, speed)
        self.m.step(target, np.minimum(speed, self.speed_cap))
        self.look[self.m.t] = look

    def event(self, name: str, frame: int | None = None) -> int:
        """Record ``name`` at ``frame`` (default: now), or the next frame without an event."""
        f = self.m.t if frame is None else frame
        while f in self.events:
            f += 1
        self.events[f] = name
        return f

    def settle(self, frames: int, look: np.ndarray) -> None:
        """After the whistle: everyone slows down and stops over about a second."""
        self.routes.stop(np.arange(N))
        for _ in range(frames):
            if self.full():
                break
            s = np.hypot(self.vel[:, 0], self.vel[:, 1])
            self.advance(self.pos + self.vel * 0.5, np.maximum(s - 2.5, 0.0), look)

    def nearest(self, i: int, among: np.ndarray) -> tuple[int, float]:
        """Nearest player to ``i`` among indices ``among``, and the distance (yd)."""
        d = np.hypot(*(self.pos[among] - self.pos[i]).T)
        k = int(np.argmin(d))
        return int(among[k]), float(d[k])

    def carry(
        self,
        carrier: int,
        end: np.ndarray,
        tacklers: np.ndarray,
        blockers: np.ndarray,
        direction: float,
        via: list[tuple[float, float, float]] | None = None,
        hook: Callable[[np.ndarray, np.ndarray], None] | None = None,
    ) -> str:
        """Run the ball carrier to ``end`` (the spot the outcome drew) while the other team
        pursues; records first contact and the end event. Returns the end event.

        ``direction`` is +1 when the carrier runs toward +x. Pursuers who can reach the end
        spot before the carrier go there (to the front side, spread out); the others take an
        intercept course ``carrier + v · τ``, τ = their distance / top speed (≤ 1.2 s).
        Blockers go to the pursuer nearest to them. A carrier crossing a sideline ends the
        play out of bounds; crossing the goal line he is heading for, with a touchdown.
        ``via`` are waypoints before the end spot; ``hook(target, speed)`` may adjust the
        other players' targets and speeds each frame (blocking engagements).
        """
        vmax = self.m.vmax
        self.routes.stop(np.arange(N))
        last = (float(end[0]), float(end[1]), float(vmax[carrier]) * 0.95)
        self.routes.set(carrier, [*(via or []), last])
        goal = GOAL_LINE_RIGHT if direction > 0 else GOAL_LINE_LEFT
        k = np.arange(tacklers.size)
        spread = 0.8 * np.stack([np.cos(2.4 * k), np.sin(2.4 * k)], axis=1)
        spread[:, 0] = np.abs(spread[:, 0]) * direction + 0.4 * direction
        contact = self.t
        touched = False
        while not self.full():
            c, vc = self.pos[carrier].copy(), self.vel[carrier].copy()
            remaining = np.hypot(*(end - c)) / max(np.hypot(*vc), 5.0)
            target = self.pos.copy()
            speed = np.zeros(N)
            dt = self.pos[tacklers]
            d_end = np.hypot(*(end - dt).T)
            tau = np.minimum(np.hypot(*(c - dt).T) / vmax[tacklers], 1.2)
            intercept = c + vc * tau[:, None]
            at_end = (d_end / vmax[tacklers] < remaining + 0.3)[:, None]
            target[tacklers] = np.where(at_end, end + spread, intercept)
            speed[tacklers] = vmax[tacklers]
            if blockers.size:
                db = self.pos[blockers][:, None, :] - dt[None, :, :]
                near = np.argmin(np.hypot(db[..., 0], db[..., 1]), axis=1)
                target[blockers] = (dt[near] + c) / 2.0
                speed[blockers] = 0.7 * vmax[blockers]
            if hook is not None:
                hook(target, speed)
            self.advance(target, speed, c)
            p = self.pos[carrier]
            if (
                not touched
                and self.t > contact
                and np.hypot(*(self.pos[tacklers] - p).T).min() < 1.0
            ):
                self.event("first_contact")
                touched = True
            if p[1] < 0.0 or p[1] > FIELD_WIDTH:
                end_event = "out_of_bounds"
                break
            if (p[0] - goal) * direction > 0:
                end_event = "touchdown"
                break
            if np.hypot(*(end - p)) < 0.35:
                end_event = "tackle"
                break
        else:
            end_event = "tackle"
        self.event(end_event)
        return end_event

    def record(self) -> dict:
        """The finished play's arrays: positions, velocities, accelerations, orientation."""
        P, V, A = self.m.trim()
        facing = orientation(V, self.look[: P.shape[0]], P, self.rng)
        return {"P": P, "V": V, "A": A, "O": facing}


def clamp_field(p: np.ndarray, margin: float = 0.5) -> np.ndarray:
    """A point kept ``margin`` yd inside the sidelines and end lines."""
    return np.array(
        [np.clip(p[0], margin, 120.0 - margin), np.clip(p[1], margin, FIELD_WIDTH - margin)]
    )
