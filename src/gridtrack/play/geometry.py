"""Plane geometry on arrays of field positions and headings, element-wise.

numpy's general-purpose functions pay for cases field coordinates never reach: ``np.hypot``
guards against overflow and underflow (about 5× the cost of ``√(dx² + dy²)``; positions are
yards, a few hundred at most), and wrapping an angle with ``np.remainder`` is as slow
(headings are degrees in [0, 360], so a difference never needs more than one wrap).
"""

from __future__ import annotations

import numpy as np


def distance(dx: np.ndarray, dy: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``√(dx² + dy²)`` element-wise (NaN where either is NaN); ``out`` may be ``dx``."""
    out = np.multiply(dx, dx, out=out)
    out += np.square(dy)
    return np.sqrt(out, out=out)


def turn(before: np.ndarray, after: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """The angle between headings ``before`` and ``after`` (deg in [0, 360]) element-wise:
    ``|wrap(after − before)| = min(|Δ|, 360 − |Δ|)``, in 0..180 (NaN where either is NaN)."""
    out = np.subtract(after, before, out=out)
    np.abs(out, out=out)
    return np.minimum(out, 360.0 - out, out=out)


def closing_speed(dx: np.ndarray, dy: np.ndarray, dvx: np.ndarray, dvy: np.ndarray) -> np.ndarray:
    """The rate at which the gap between two players shrinks (yd/s), element-wise.

    With ``r = p_j − p_i = (dx, dy)`` (yd) and ``Δv = v_j − v_i = (dvx, dvy)`` (yd/s), the
    gap's length changes at ``d|r|/dt = (r · Δv) / |r|``; the closing speed is its opposite,
    ``−(r · Δv) / |r|``: positive when they come together, NaN where they coincide.

    >>> import numpy as np
    >>> # a defender 10 yd downfield of a receiver, both running at each other at 4 yd/s
    >>> closing_speed(np.array([10.0]), np.array([0.0]), np.array([-8.0]), np.array([0.0]))
    array([8.])
    """
    gap = distance(dx, dy)
    return -(dx * dvx + dy * dvy) / np.where(gap > 0, gap, np.nan)
