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

from gridtrack.clean._tracks import Tracks
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


@cache
def _edge_coefficients(window: int, order: int, deriv: int) -> np.ndarray:
    """Array ``c[k, span, at]``: :func:`savgol_coefficients` ``(span, order, deriv, at)``
    for every fit near a run's ends, zero-padded to ``window`` samples (read-only)."""
    table = np.zeros((window, window + 1, window))
    for span in range(1, window + 1):
        for at in range(span):
            table[:span, span, at] = savgol_coefficients(span, order, deriv, at)
    table.flags.writeable = False
    return table


@dataclass(frozen=True)
class FilterRuns:
    """Where the Savitzky–Golay filter is fitted off-centre or not at all.

    The runs are the maximal stretches of consecutive frames with known positions. Rows at
    least ``h = window // 2`` rows inside a run get the centred filter; the others
    (*edges*) get the fit over the first or last ``window`` rows of their run, or over the
    whole run when it is shorter than ``window``.
    """

    window: int
    outside: np.ndarray
    """Rows in no run of two or more (unknown positions, single frames): no derivative."""
    edge: np.ndarray
    """Edge rows."""
    span: np.ndarray
    """Per edge row: samples in its fit (``min(run length, window)``)."""
    at: np.ndarray
    """Per edge row: the sample of its fit at which it sits."""
    samples: np.ndarray
    """``(window, edges)`` rows of each edge row's fit, padded with its first row."""
    padding: np.ndarray
    """``(window, edges)``: true where ``samples`` is padding (the fit is shorter)."""

    @classmethod
    def of(cls, known: np.ndarray, start: np.ndarray, window: int) -> FilterRuns:
        """Runs of ``known`` rows, broken where ``start`` is true (segment starts)."""
        h = window // 2
        end = np.append(start[1:], True)
        gap_before = np.insert(~known[:-1], 0, True)
        gap_after = np.append(~known[1:], True)
        begins = np.flatnonzero(known & (start | gap_before))
        ends = np.flatnonzero(known & (end | gap_after))
        length = ends - begins + 1
        full, short = length >= window, (length > 1) & (length < window)
        offsets = np.arange(h)
        head = (begins[full, None] + offsets).ravel()
        tail = (ends[full, None] - offsets).ravel()
        short_begin, short_len = begins[short], length[short]
        short_first = np.cumsum(short_len) - short_len
        short_at = np.arange(short_len.sum()) - np.repeat(short_first, short_len)
        edge = np.concatenate((head, tail, np.repeat(short_begin, short_len) + short_at))
        at = np.concatenate(
            (np.tile(offsets, full.sum()), np.tile(window - 1 - offsets, full.sum()), short_at)
        )
        span = np.concatenate(
            (np.full(2 * h * int(full.sum()), window), np.repeat(short_len, short_len))
        )
        k = np.arange(window)[:, None]
        padding = k >= span
        samples = edge - at + np.where(padding, 0, k)
        outside = np.concatenate((np.flatnonzero(~known), begins[length == 1]))
        return cls(window, outside, edge, span, at, samples, padding)


def savgol_derivative(
    values: np.ndarray,
    runs: FilterRuns,
    *,
    order: int,
    deriv: int,
    rows: np.ndarray | None = None,
) -> np.ndarray:
    """Savitzky–Golay ``deriv``-th derivative of ``values`` over ``runs`` (units of
    ``values`` per frame^deriv; NaN outside runs of two or more), at ``rows`` (all rows
    when ``None``).

    Inside runs this is a fixed ``window``-tap correlation (over all rows: it costs less
    than picking rows out); the edge rows evaluate their off-centre fit as
    ``Σ_k c_k · p[k]`` summed in sample order, only those among ``rows``.
    """
    n, window = len(values), runs.window
    h = window // 2
    out = np.full(n, np.nan)
    if n >= window:
        centre = savgol_coefficients(window, order, deriv, h)
        out[h : n - h] = np.correlate(values, centre, mode="valid")
    out[runs.outside] = np.nan
    edges = slice(None) if rows is None else np.flatnonzero(np.isin(runs.edge, rows))
    coef = _edge_coefficients(window, order, deriv)[:, runs.span[edges], runs.at[edges]]
    samples = values[runs.samples[:, edges]]
    samples[runs.padding[:, edges]] = 0.0  # zero weight; a zero sample keeps the sum as is
    acc = np.zeros(samples.shape[1])
    for k in range(window):
        acc += coef[k] * samples[k]
    out[runs.edge[edges]] = acc
    return out if rows is None else out[rows]


def wrap_degrees(angle: np.ndarray) -> np.ndarray:
    """``angle mod 360`` for angles in [−180°, 180°] (as from ``atan2``): 360 added to
    the negative ones. Equal to ``angle % 360.0`` (−0 included) at a fraction of its cost."""
    return angle + 360.0 * (angle < 0)


@dataclass
class Kinematics:
    """Derived per-frame kinematics (NaN where positions are unknown).

    Speed, direction and step length are held for every row (the motion checks use them
    everywhere); ``a`` and ``dis`` are evaluated on request (:meth:`at`), as the cleaning
    needs them only where the source lacks them.
    """

    s: np.ndarray
    dir: np.ndarray
    step: np.ndarray
    """|p[t] − p[t−1]| (yd); NaN on a segment's first frame."""
    x: np.ndarray
    y: np.ndarray
    runs: FilterRuns
    order: int

    def at(self, name: str, rows: np.ndarray | None = None) -> np.ndarray:
        """The derived ``s``, ``a``, ``dis`` or ``dir`` at the sorted, distinct ``rows``
        (all when ``None``)."""
        if rows is not None and rows.size == len(self.s):
            rows = None
        pick = slice(None) if rows is None else rows
        if name == "a":
            ax, ay = (
                savgol_derivative(p, self.runs, order=self.order, deriv=2, rows=rows)
                for p in (self.x, self.y)
            )
            return np.hypot(ax / FRAME_SECONDS**2, ay / FRAME_SECONDS**2)
        if name == "dis":
            step = self.step[pick]
            return np.where(np.isnan(step), self.s[pick] * FRAME_SECONDS, step)
        return getattr(self, name)[pick]


def derive(tracks: Tracks, x: np.ndarray, y: np.ndarray, *, window: int, order: int) -> Kinematics:
    """Speed, direction and step length (and on request acceleration and distance) from
    positions ``x``, ``y``.

    ``x``, ``y`` are the (repaired) positions of ``tracks``' rows; NaN positions split the
    filter's runs.
    """
    known = ~(np.isnan(x) | np.isnan(y))
    runs = FilterRuns.of(known, tracks.start, window)
    vx, vy = (savgol_derivative(p, runs, order=order, deriv=1) for p in (x, y))
    vx, vy = vx / FRAME_SECONDS, vy / FRAME_SECONDS
    return Kinematics(
        s=np.hypot(vx, vy),
        dir=wrap_degrees(np.degrees(np.arctan2(vx, vy))),
        step=np.hypot(tracks.difference(x), tracks.difference(y)),
        x=x,
        y=y,
        runs=runs,
        order=order,
    )


def with_kinematics(
    tracking: pl.DataFrame, *, window: int = 7, order: int = 3, overwrite: bool = False
) -> pl.DataFrame:
    """``tracking`` (canonical, sorted) with ``s``, ``a``, ``dis``, ``dir`` derived from its
    positions where they are null (everywhere when ``overwrite``); ``o`` is left as is."""
    tracks = Tracks.from_frame(tracking)
    kin = derive(tracks, tracks.x, tracks.y, window=window, order=order)
    columns = []
    for name in ("s", "a", "dis", "dir"):
        derived = pl.Series(name, kin.at(name), dtype=pl.Float64, nan_to_null=True)
        value = derived if overwrite else pl.coalesce(pl.col(name), pl.lit(derived))
        columns.append(value.cast(pl.Float32).alias(name))
    return tracking.with_columns(columns)
