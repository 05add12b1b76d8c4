"""The play simulator: synthetic games with known truth, in the Big Data Bowl 2023–2025 layout.

>>> from gridtrack import sim
>>> result = sim.simulate(games=1, seed=7)                  # doctest: +SKIP
>>> sim.write(result, "synthetic/")                          # doctest: +SKIP
>>> ds = gridtrack.read_tracking("synthetic/")               # doctest: +SKIP

Pass plays (formations, route concepts, man and zone coverage, rush and protection, the
drop, throw, flight, catch, run after the catch), runs (handoff, blocking, pursuit,
tackle), kickoffs and punts, with human kinematics (top speeds up to about 11 yd/s,
acceleration and turning limits). Outcomes are drawn from known functions
(:mod:`gridtrack.sim._truth`): the completion probability of every pass and the expected
yards of every run are written beside the tracking. Optionally, tracking faults are planted
with labels (:func:`inject_faults`). The same seed gives the same files.
"""

from __future__ import annotations

from gridtrack.sim._faults import FAULT_KINDS, inject_faults
from gridtrack.sim._simulate import SimResult, simulate, write
from gridtrack.sim._truth import (
    COMPLETION,
    completion_probability,
    expected_rush_yards,
    expected_yac,
    interception_probability,
)

__all__ = [
    "COMPLETION",
    "FAULT_KINDS",
    "SimResult",
    "completion_probability",
    "expected_rush_yards",
    "expected_yac",
    "inject_faults",
    "interception_probability",
    "simulate",
    "write",
]
