"""NaN-ignoring reductions that give numpy's values without its per-call overhead.

``np.nanmax``, ``np.nanmean`` and the like check their arguments, copy and warn on every
call, which costs more than the arithmetic on one play's small arrays. These do the same
operations in the same order, so the results are identical: maxima and minima are
``np.fmax`` / ``np.fmin`` reductions, sums add the values with NaN replaced by 0, means and
variances divide by the count of non-NaN values. An all-NaN slice gives NaN, silently.
"""

from __future__ import annotations

import math

import numpy as np


def nanmax(values: np.ndarray, axis: int | None = None, initial: float = np.nan) -> np.ndarray:
    """Max ignoring NaN (``np.nanmax``); ``initial`` (NaN) also stands for an empty axis."""
    return np.fmax.reduce(values, axis=axis, initial=initial)


def nanmin(values: np.ndarray, axis: int | None = None, initial: float = np.nan) -> np.ndarray:
    """Min ignoring NaN (``np.nanmin``); ``initial`` (NaN) also stands for an empty axis."""
    return np.fmin.reduce(values, axis=axis, initial=initial)


def nansum(values: np.ndarray, axis: int | None = None) -> np.ndarray:
    """Sum with NaN as 0 (``np.nansum``)."""
    return np.add.reduce(np.where(np.isnan(values), 0.0, values), axis=axis)


def nanmean(values: np.ndarray, axis: int | None = None) -> np.ndarray:
    """Mean of the non-NaN values (``np.nanmean``): ``Σ v / #v``."""
    missing = np.isnan(values)
    if not missing.any():  # the common case: nothing to leave out
        return np.add.reduce(values, axis=axis) / (
            values.size if axis is None else values.shape[axis]
        )
    total = np.add.reduce(np.where(missing, 0.0, values), axis=axis)
    return total / np.count_nonzero(~missing, axis=axis)


def nanstd(values: np.ndarray) -> np.ndarray:
    """Population standard deviation of the non-NaN values of a 1-D array (``np.nanstd``):
    ``√(Σ (v − v̄)² / #v)``."""
    missing = np.isnan(values)
    count = values.size - np.count_nonzero(missing)
    if count == values.size:  # the common case: nothing to leave out
        deviation = values - np.add.reduce(values) / count
    else:
        kept = np.where(missing, 0.0, values)
        deviation = np.where(missing, 0.0, kept - np.add.reduce(kept) / count)
    return np.sqrt(np.add.reduce(deviation * deviation) / count)


def argmin_rows(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Per row of ``values`` ``(n, W)``, :func:`argmin_where` of the row and its ``mask``:
    ``(n,)`` indices, −1 where the row has no finite masked value."""
    if values.shape[1] == 0:
        return np.full(values.shape[0], -1)
    candidates = np.fmin(np.where(mask, values, np.inf), np.inf)  # NaN → +inf
    best = candidates.argmin(axis=1)
    return np.where(np.isfinite(candidates[np.arange(best.shape[0]), best]), best, -1)


def member_moments(values: np.ndarray, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row of ``values`` ``(n, W)``, the mean and the standard deviation of its values
    where ``members``: ``(n,)`` each, exactly :func:`nanmean` and :func:`nanstd` of
    ``values[i][members[i]]`` (NaN for a row without members).

    Rows with the same number of members are reduced together, each one's members packed
    in column order: ``np.add.reduce`` over each row then adds them as over the 1-D array.
    """
    count = np.count_nonzero(members, axis=1)
    packed = np.take_along_axis(values, np.argsort(~members, axis=1, kind="stable"), axis=1)
    mean, std = np.full(count.shape, np.nan), np.full(count.shape, np.nan)
    for size in np.unique(count[count > 0]).tolist():
        rows = np.flatnonzero(count == size)
        block = np.ascontiguousarray(packed[rows, :size])
        missing = np.isnan(block)
        kept = np.where(missing, 0.0, block)
        n_kept = size - np.count_nonzero(missing, axis=1)
        mean[rows] = np.add.reduce(kept, axis=1) / n_kept
        deviation = np.where(missing, 0.0, kept - mean[rows, None])
        std[rows] = np.sqrt(np.add.reduce(deviation * deviation, axis=1) / n_kept)
    return mean, std


def argmin_where(values: np.ndarray, mask: np.ndarray) -> int | None:
    """Index of the smallest of ``values`` (1-D) where ``mask``, ignoring NaN; ``None``
    when none of them is finite (``np.nanargmin`` over the masked values)."""
    candidates = np.fmin(np.where(mask, values, np.inf), np.inf)  # NaN → +inf
    best = int(candidates.argmin())
    if math.isfinite(candidates[best]) or np.isfinite(candidates).any():
        return best
    return None


def reduce_rows(
    ufunc: np.ufunc,
    values: tuple[np.ndarray, ...] | np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    dtype: type = np.float64,
) -> np.ndarray:
    """``ufunc`` reduced over the rows ``lo[k]..hi[k]`` (inclusive) of each ``(R, W)`` array
    of ``values``: ``(Q, K, W)`` of ``dtype`` for ``Q`` values and ``K`` ranges. ``values``
    may also come side by side in one C-ordered ``(R, Q, W)`` array (no copy is made).

    All ranges are reduced side by side, row after row in frame order, as
    ``ufunc.reduce(v[lo:hi + 1], axis=0)`` combines them (so sums are exactly those of
    ``np.sum`` over the range): the ranges, longest first, start from their first row and
    the ``n`` still running take in their row ``lo + t`` at step ``t``. An empty range
    (``lo > hi``) gives the ufunc's identity (NaN for ``np.fmax`` and ``np.fmin``). Bool
    values are counted in ``dtype`` (an integer type) without being widened first.
    """
    if isinstance(values, np.ndarray):
        n_rows, n_values, width = values.shape
        stacked = values.reshape(n_rows, n_values * width)
    else:
        stacked, n_values = np.concatenate(values, axis=1), len(values)
    length = hi - lo + 1
    order = np.argsort(-length, kind="stable")
    rows, length = lo[order], length[order]
    acc = stacked[np.clip(rows, 0, stacked.shape[0] - 1)].astype(dtype, copy=False)
    if length.size and length[-1] <= 0:  # empty ranges come last
        acc[length <= 0] = np.nan if ufunc.identity is None else ufunc.identity
    running = np.searchsorted(-length, -np.arange(1, max(length.max(initial=0), 1)))
    for t, n in enumerate(running.tolist(), start=1):
        ufunc(acc[:n], stacked[rows[:n] + t], out=acc[:n])
    out = np.empty_like(acc)
    out[order] = acc
    return out.reshape(len(lo), n_values, -1).transpose(1, 0, 2)
