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


def argmin_where(values: np.ndarray, mask: np.ndarray) -> int | None:
    """Index of the smallest of ``values`` (1-D) where ``mask``, ignoring NaN; ``None``
    when none of them is finite (``np.nanargmin`` over the masked values)."""
    candidates = np.fmin(np.where(mask, values, np.inf), np.inf)  # NaN → +inf
    best = int(candidates.argmin())
    if math.isfinite(candidates[best]) or np.isfinite(candidates).any():
        return best
    return None
