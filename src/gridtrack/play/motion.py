"""Kinematics of stacked plays: velocity, speed, acceleration, heading and steps.

The plays' ``(F, P)`` arrays are stacked along the frame axis into ``(R, W)`` arrays (play
``k`` on rows ``starts[k]:starts[k + 1]``); every derivative is taken play by play, never
across two plays. Times are frames × :data:`DT` (0.1 s at the canonical 10 Hz).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property

import numpy as np

from gridtrack.play.arrays import PlayArrays
from gridtrack.play.geometry import distance
from gridtrack.schema import FRAME_SECONDS

DT = FRAME_SECONDS
"""s between two frames."""


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
