"""Human kinematics: players as point masses steered toward targets under physical limits.

Every player is a point with position ``p`` (yd) and velocity ``v`` (yd/s). Each 0.1 s frame
the play logic gives a target point and a desired speed per player; the steering law is

    v_want = û · min(speed, √(2 · brake · d))        û = unit(target − p), d = |target − p|
    acc    = (v_want − v) / dt,   |acc| ≤ a_max (speeding up) or brake (slowing down)
    v'     = v + acc · dt,        |v'| ≤ v_max ≤ 12.5 yd/s
    p'     = p + (v + v') / 2 · dt                  (trapezoidal integration)

The ``√(2 · brake · d)`` term makes a player arrive at a point instead of overshooting it;
the acceleration bound is also the turning limit: at speed ``v`` the tightest radius is
``v² / a_max`` (about 14 yd at 10 yd/s). Trapezoidal integration keeps the reported speed
consistent with the positions: the central difference ``(p[t+1] − p[t−1]) / 0.2 s`` equals
``(v[t−1] + 2 v[t] + v[t+1]) / 4``, within ``a_max · dt / 4`` of ``|v[t]|``.
"""

from __future__ import annotations

import numpy as np

from gridtrack.schema import FRAME_SECONDS, MAX_PLAYER_SPEED

DT = FRAME_SECONDS
"""Seconds per frame (0.1 s)."""


def heading(vx: np.ndarray, vy: np.ndarray) -> np.ndarray:
    """Direction of a vector in degrees, 0° = +y, clockwise (90° = +x), in [0, 360)."""
    return np.degrees(np.arctan2(vx, vy)) % 360.0


def unit(dx: np.ndarray, dy: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unit vector and length of ``(dx, dy)``; a zero vector gives ``(0, 0, 0)``."""
    d = np.hypot(dx, dy)
    safe = np.where(d > 1e-9, d, 1.0)
    return np.where(d > 1e-9, dx / safe, 0.0), np.where(d > 1e-9, dy / safe, 0.0), d


class Movers:
    """Positions and velocities of ``n`` players, stepped one frame at a time.

    Parameters
    ----------
    pos
        Starting positions, shape ``(n, 2)`` (yd).
    vmax
        Top speed per player (yd/s), capped at :data:`~gridtrack.schema.MAX_PLAYER_SPEED`.
    amax
        Largest acceleration when speeding up or turning (yd/s²).
    brake
        Largest deceleration (yd/s²).
    frames
        Number of frames to record.
    """

    def __init__(
        self,
        pos: np.ndarray,
        vmax: np.ndarray,
        amax: np.ndarray,
        brake: np.ndarray,
        frames: int,
    ) -> None:
        n = pos.shape[0]
        self.n = n
        self.pos = pos.astype(np.float64).copy()
        self.vel = np.zeros((n, 2))
        self.vmax = np.minimum(vmax.astype(np.float64), MAX_PLAYER_SPEED - 0.5)
        self.amax = amax.astype(np.float64)
        self.brake = brake.astype(np.float64)
        self.t = 0
        self.P = np.zeros((frames, n, 2))
        self.V = np.zeros((frames, n, 2))
        self.A = np.zeros((frames, n, 2))
        self.P[0] = self.pos

    def step(self, target: np.ndarray, speed: np.ndarray) -> None:
        """Advance one frame toward ``target`` (``(n, 2)``) at desired ``speed`` (``(n,)``)."""
        ux, uy, d = unit(target[:, 0] - self.pos[:, 0], target[:, 1] - self.pos[:, 1])
        want = np.minimum(np.minimum(speed, self.vmax), np.sqrt(2.0 * self.brake * d))
        acc = (np.stack([ux * want, uy * want], axis=1) - self.vel) / DT
        slowing = (acc * self.vel).sum(axis=1) < 0
        limit = np.where(slowing, self.brake, self.amax)
        mag = np.hypot(acc[:, 0], acc[:, 1])
        acc *= np.minimum(1.0, limit / np.maximum(mag, 1e-9))[:, None]
        new_vel = self.vel + acc * DT
        s = np.hypot(new_vel[:, 0], new_vel[:, 1])
        new_vel *= np.minimum(1.0, self.vmax / np.maximum(s, 1e-9))[:, None]
        self.pos = self.pos + (self.vel + new_vel) * (DT / 2.0)
        acc = (new_vel - self.vel) / DT
        self.vel = new_vel
        self.t += 1
        self.P[self.t] = self.pos
        self.V[self.t] = self.vel
        self.A[self.t] = acc

    def place(self, i: int, pos: np.ndarray, vel: np.ndarray) -> None:
        """Put player ``i`` on a precomputed path at the current frame (scripted motion)."""
        self.A[self.t, i] = (vel - self.V[self.t - 1, i]) / DT if self.t else 0.0
        self.pos[i] = pos
        self.vel[i] = vel
        self.P[self.t, i] = pos
        self.V[self.t, i] = vel

    def trim(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Recorded positions, velocities and accelerations up to the current frame."""
        k = self.t + 1
        return self.P[:k], self.V[:k], self.A[:k]


def run_path(
    start: np.ndarray,
    vel: np.ndarray,
    waypoints: list[tuple[float, float, float]],
    *,
    vmax: float,
    amax: float,
    brake: float,
    frames: int,
    reach: float = 0.8,
) -> tuple[np.ndarray, np.ndarray]:
    """Path of one player running through ``waypoints`` ``(x, y, speed)``, stopping at the last.

    Each waypoint is passed at (at most) its speed, so a route break is taken at cutting
    speed; the player moves to the next waypoint once within ``reach`` yd. Returns
    positions and velocities, shape ``(frames, 2)``, starting at ``start``/``vel``.
    """
    m = Movers(start[None, :], np.array([vmax]), np.array([amax]), np.array([brake]), frames)
    m.vel[0] = vel
    m.V[0, 0] = vel
    k, last = 0, len(waypoints) - 1
    for _ in range(frames - 1):
        px, py = m.pos[0]
        if k < last and np.hypot(waypoints[k][0] - px, waypoints[k][1] - py) < reach:
            k += 1
        wx, wy, ws = waypoints[k]
        d = float(np.hypot(wx - px, wy - py))
        if k < last:
            # aim past the waypoint so that only the passing speed ``ws`` limits braking
            speed = min(vmax, float(np.sqrt(ws**2 + 2.0 * brake * max(d - reach, 0.0))))
            scale = (d + 20.0) / max(d, 1e-9)
            target = np.array([[px + (wx - px) * scale, py + (wy - py) * scale]])
        else:
            speed, target = ws, np.array([[wx, wy]])
        m.step(target, np.array([speed]))
    return m.P[:, 0], m.V[:, 0]


def orientation(
    V: np.ndarray, look: np.ndarray, P: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Body orientation ``o`` (deg, 0° = +y, clockwise) per frame and player.

    A player faces where he runs when fast (> 5 yd/s) or when that is within 90° of the point
    he watches (``look``, ``(T, n, 2)``); otherwise (backpedalling, standing) he faces the
    point he watches. The body turns at most 60° per frame; a 3° noise is added.
    """
    s = np.hypot(V[..., 0], V[..., 1])
    run = heading(V[..., 0], V[..., 1])
    watch = heading(look[..., 0] - P[..., 0], look[..., 1] - P[..., 1])
    diff = np.abs((run - watch + 180.0) % 360.0 - 180.0)
    want = np.where((s > 5.0) | ((s > 1.5) & (diff < 90.0)), run, watch)
    out = np.empty_like(want)
    out[0] = want[0]
    for t in range(1, want.shape[0]):
        delta = (want[t] - out[t - 1] + 180.0) % 360.0 - 180.0
        out[t] = out[t - 1] + np.clip(delta, -60.0, 60.0)
    return (out + rng.normal(0.0, 3.0, out.shape)) % 360.0
