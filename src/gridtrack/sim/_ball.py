"""The ball's track as a function of time: resting, carried, or in flight.

A play's ball is a list of segments over play time ``t`` (s from the first frame):

- ``rest``: lying at a point (on the ground, ``z = 0``, or held still at the snap);
- ``held``: carried by player ``i``, at his position (interpolated between frames) 1.1 yd up;
- ``flight``: thrown, kicked or snapped from ``p0`` at ``t0`` to ``p1`` at ``t1`` (points, or
  a player's hands), with
  constant horizontal velocity and a gravity parabola in height

      z(t) = z0 + (z1 − z0) · u + g/2 · (t − t0) · (t1 − t),   u = (t − t0) / (t1 − t0)

  where g = 10.73 yd/s² (9.81 m/s²). Air drag is neglected.

The same segments give the ball on the players' 10 Hz frames (tracking) and at 25 Hz
(the separate ball file of the simulator).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

GRAVITY = 9.81 / 0.9144
"""Gravitational acceleration (yd/s²)."""
HAND_HEIGHT = 1.1
"""Height of a carried ball (yd)."""


@dataclass
class BallTrack:
    """Segments ``(kind, t0, t1, data)`` of one play's ball, in play time (s)."""

    segments: list[tuple[str, float, float, tuple]] = field(default_factory=list)

    def rest(self, t0: float, t1: float, x: float, y: float, z: float = 0.0) -> None:
        self.segments.append(("rest", t0, t1, (x, y, z)))

    def held(self, t0: float, t1: float, player: int) -> None:
        self.segments.append(("held", t0, t1, (player,)))

    def flight(
        self,
        t0: float,
        t1: float,
        p0: tuple[float, float, float] | int,
        p1: tuple[float, float, float] | int,
    ) -> None:
        """A flight from ``p0`` to ``p1``: points ``(x, y, z)``, or a player's index for
        "from his hands at ``t0``" / "into his hands at ``t1``"."""
        self.segments.append(("flight", t0, t1, (p0, p1)))

    def at(self, times: np.ndarray, positions: np.ndarray, dt: float = 0.1) -> np.ndarray:
        """Ball ``(x, y, z)`` at ``times`` (s), shape ``(len(times), 3)``.

        ``positions`` are the players' positions per frame, ``(T, n, 2)``, frame ``k`` at
        ``k · dt`` seconds. Times after the last segment keep the last segment's end.
        """
        out = np.full((times.size, 3), np.nan)
        frame_t = np.arange(positions.shape[0]) * dt
        for i, (kind, t0, t1, data) in enumerate(self.segments):
            last = i == len(self.segments) - 1
            mask = (times >= t0 - 1e-9) & ((times < t1 - 1e-9) | last)
            if not mask.any():
                continue
            t = np.minimum(times[mask], t1)
            if kind == "rest":
                out[mask] = data
            elif kind == "held":
                p = data[0]
                out[mask, 0] = np.interp(t, frame_t, positions[:, p, 0])
                out[mask, 1] = np.interp(t, frame_t, positions[:, p, 1])
                out[mask, 2] = HAND_HEIGHT
            else:
                p0, p1 = (
                    np.array(
                        [
                            np.interp(tq, frame_t, positions[:, q, 0]),
                            np.interp(tq, frame_t, positions[:, q, 1]),
                            HAND_HEIGHT,
                        ]
                    )
                    if isinstance(q, (int, np.integer))
                    else np.asarray(q, dtype=float)
                    for q, tq in zip(data, (t0, t1), strict=True)
                )
                u = (t - t0) / max(t1 - t0, 1e-9)
                out[mask] = p0 + (p1 - p0) * u[:, None]
                out[mask, 2] += GRAVITY / 2.0 * (t - t0) * (t1 - t)
        return out


def lead_point(
    release: np.ndarray,
    receiver: np.ndarray,
    velocity: np.ndarray,
    speed_of: callable,  # type: ignore[valid-type]
    iterations: int = 4,
) -> tuple[np.ndarray, float]:
    """Where to throw so that the ball meets a receiver running at constant velocity.

    Solves ``a = r + v · τ`` with ``τ = |a − release| / speed_of(|a − release|)`` by fixed
    point iteration. Returns the arrival point (yd) and the flight time τ (s).
    """
    a = receiver.copy()
    tau = 0.0
    for _ in range(iterations):
        d = float(np.hypot(*(a - release)))
        tau = d / speed_of(d)
        a = receiver + velocity * tau
    return a, tau


def pass_speed(distance: float) -> float:
    """Mean horizontal speed of a forward pass (yd/s) over ``distance`` yd: 16 + 0.12 · d,
    so a 10-yd pass flies 0.58 s and a 40-yd pass 1.9 s."""
    return 16.0 + 0.12 * distance
