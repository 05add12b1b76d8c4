"""Derived kinematics: speed, acceleration, distance and direction from positions.

Velocity and acceleration come from a Savitzky–Golay filter over each run of consecutive
frames with known positions: a polynomial of order ``p`` (default 3) is fitted by least
squares to the ``w`` positions (default 7 frames = 0.7 s) around a frame and differentiated
at that frame. In the interior of a run this is a fixed convolution,

    v[t] = (1/Δt) · Σ_{k=−h}^{h} c¹_k · p[t+k],     a[t] = (1/Δt²) · Σ c²_k · p[t+k],

with ``h = (w − 1)/2``, ``Δt = 0.1 s`` and the filter's derivative coefficients ``c¹``,
``c²``. Within ``h`` frames of a run's ends the same polynomial fit is evaluated off-centre
(on the first or last ``w`` frames); runs shorter than ``w`` use one fit over the whole run
(order lowered to at most ``len − 1``); a single frame has no velocity. Then, per frame,

    s   = |v|                                  (yd/s)
    a   = |a|                                  (yd/s², magnitude of the acceleration vector)
    dir = atan2(v_x, v_y) mod 360              (degrees, 0° = +y, clockwise)
    dis = |p[t] − p[t−1]|                      (yd; s · Δt on a run's first frame)

Orientation ``o`` cannot be derived from positions and is never filled in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import polars as pl

from gridtrack.clean._tracks import Tracks, run_position
from gridtrack.schema import FRAME_SECONDS


@cache
def savgol_coefficients(window: int, order: int, deriv: int, at: int) -> np.ndarray:
    """Weights ``c`` with ``Σ c_k · p[k]`` = the ``deriv``-th derivative (per frame^deriv),
    at sample ``at``, of the order-``order`` least-squares polynomial through ``window``
    equally spaced samples ``p[0..window−1]``."""
    order = min(order, window - 1)
    if deriv > order:
        return np.zeros(window)
    t = np.arange(window, dtype=np.float64) - at
    design = np.vander(t, order + 1, increasing=True)
    return np.linalg.pinv(design)[deriv] * math.factorial(deriv)


def savgol_derivative(
    values: np.ndarray,
    pos: np.ndarray,
    rem: np.ndarray,
    *,
    window: int,
    order: int,
    deriv: int,
) -> np.ndarray:
    """Savitzky–Golay derivative of ``values`` over runs of rows.

    ``pos`` and ``rem`` give each row's rows before and after it in its run
    (:func:`~gridtrack.clean._tracks.run_position`). Runs must not contain NaN. Returns
    per-row derivatives (units of ``values`` per frame^deriv); NaN where a run has a single
    row.
    """
    n = len(values)
    out = np.full(n, np.nan)
    if n == 0:
        return out
    length = pos + rem + 1
    h = window // 2
    inner = (pos >= h) & (rem >= h)
    if n >= window and inner.any():
        centre = savgol_coefficients(window, order, deriv, h)
        out[h : n - h] = np.correlate(values, centre, mode="valid")
        out[~inner] = np.nan
    edge = np.flatnonzero(~inner & (length > 1))
    if edge.size == 0:
        return out
    e_pos, e_rem, e_len = pos[edge], rem[edge], length[edge]
    span = np.minimum(e_len, window)
    # Sample of the fitted window at which each edge row sits, and where the window begins.
    at = np.where(e_pos < h, e_pos, span - 1 - e_rem)
    at = np.where(e_len < window, e_pos, at)
    begin = edge - at
    for w in np.unique(span):
        for a in np.unique(at[span == w]):
            sel = (span == w) & (at == a)
            coef = savgol_coefficients(int(w), order, deriv, int(a))
            rows = begin[sel]
            acc = np.zeros(rows.size)
            for k in range(int(w)):
                acc += coef[k] * values[rows + k]
            out[edge[sel]] = acc
    return out


@dataclass
class Kinematics:
    """Derived per-frame kinematics (NaN where positions are unknown)."""

    s: np.ndarray
    a: np.ndarray
    dis: np.ndarray
    dir: np.ndarray


def derive(tracks: Tracks, x: np.ndarray, y: np.ndarray, *, window: int, order: int) -> Kinematics:
    """Speed, acceleration, step distance and direction from positions ``x``, ``y``.

    ``x``, ``y`` are the (repaired) positions of ``tracks``' rows; NaN positions split the
    filter's runs.
    """
    known = ~(np.isnan(x) | np.isnan(y))
    start = tracks.pos == 0
    start[1:] |= known[1:] != known[:-1]
    pos, rem = run_position(start)
    xs = np.where(known, x, 0.0)
    ys = np.where(known, y, 0.0)
    opts = {"window": window, "order": order}
    vx = savgol_derivative(xs, pos, rem, deriv=1, **opts) / FRAME_SECONDS
    vy = savgol_derivative(ys, pos, rem, deriv=1, **opts) / FRAME_SECONDS
    ax = savgol_derivative(xs, pos, rem, deriv=2, **opts) / FRAME_SECONDS**2
    ay = savgol_derivative(ys, pos, rem, deriv=2, **opts) / FRAME_SECONDS**2
    # Runs are the stretches of known positions; rows outside them get NaN.
    vx[~known] = np.nan
    speed = np.hypot(vx, vy)
    accel = np.hypot(ax, ay)
    accel[~known] = np.nan
    direction = np.degrees(np.arctan2(vx, vy)) % 360.0
    step = np.hypot(x - tracks.behind(x, 1), y - tracks.behind(y, 1))
    step = np.where(np.isnan(step), speed * FRAME_SECONDS, step)
    return Kinematics(s=speed, a=accel, dis=step, dir=direction)


def with_kinematics(
    tracking: pl.DataFrame, *, window: int = 7, order: int = 3, overwrite: bool = False
) -> pl.DataFrame:
    """``tracking`` (canonical, sorted) with ``s``, ``a``, ``dis``, ``dir`` derived from its
    positions where they are null (everywhere when ``overwrite``); ``o`` is left as is."""
    tracks = Tracks.from_frame(tracking)
    kin = derive(tracks, tracks.x, tracks.y, window=window, order=order)
    columns = []
    for name in ("s", "a", "dis", "dir"):
        derived = pl.Series(name, getattr(kin, name), dtype=pl.Float64, nan_to_null=True)
        value = derived if overwrite else pl.coalesce(pl.col(name), pl.lit(derived))
        columns.append(value.cast(pl.Float32).alias(name))
    return tracking.with_columns(columns)
