"""The known functions behind the simulated outcomes (the ground truth models recover).

Every input is measured on the simulated tracking itself, so a model that reads the
tracking can recover the function:

- ``separation`` (yd): distance from the targeted receiver to the nearest defender at the
  frame the pass arrives (``pass_arrived``);
- ``air_distance`` (yd): straight-line distance on the ground from the passer at the
  throw (``pass_forward``) to the ball at the arrival;
- ``pressure_distance`` (yd): distance from the passer to the nearest defender at the throw;
- ``box_defenders``: defenders within 6 yd downfield of the line of scrimmage and 6 yd of
  the ball across the field at the snap;
- ``defender_distance`` (yd): distance from the ball carrier to the nearest defender at the
  handoff (runs) or the catch (passes);
- ``carrier_speed`` (yd/s): the receiver's speed at the catch.

Completion probability (logistic)::

    logit p = β0 + β_sep · min(separation, 6) + β_air · air_distance
              + β_press · exp(−pressure_distance / 2)

Interception, given no completion: ``q = 0.22 · exp(−separation / 1.5)``.

Expected rushing yards::

    E[yards] = 4.2 − 0.5 · (box_defenders − 7) + 0.3 · (min(defender_distance, 8) − 4)

drawn as ``E − 4.35 + Gamma(1.5, 2.4) + Bernoulli(0.05) · Exponential(15) + Normal(0, 1.5)``
(mean ``E``: a right-skewed distribution with breakaway runs).

Expected yards after the catch::

    E[yac] = 0.8 + 0.25 · carrier_speed + 0.45 · min(defender_distance, 10)

drawn as ``Gamma(1.2, E / 1.2)`` (mean ``E``).
"""

from __future__ import annotations

import numpy as np

COMPLETION = {"intercept": 1.0, "separation": 0.62, "air_distance": -0.06, "pressure": -1.4}
"""Coefficients of the completion function (per yd, and for ``exp(−pressure / 2)``)."""


def completion_probability(
    separation: np.ndarray | float,
    air_distance: np.ndarray | float,
    pressure_distance: np.ndarray | float,
) -> np.ndarray:
    """True probability that a pass is caught, from separation, air distance and pressure.

    Parameters
    ----------
    separation
        Receiver to nearest defender at the arrival (yd).
    air_distance
        Passer at the throw to the ball at the arrival (yd).
    pressure_distance
        Passer to nearest defender at the throw (yd).
    """
    c = COMPLETION
    z = (
        c["intercept"]
        + c["separation"] * np.minimum(np.asarray(separation, dtype=float), 6.0)
        + c["air_distance"] * np.asarray(air_distance, dtype=float)
        + c["pressure"] * np.exp(-np.asarray(pressure_distance, dtype=float) / 2.0)
    )
    return 1.0 / (1.0 + np.exp(-z))


def interception_probability(separation: np.ndarray | float) -> np.ndarray:
    """Probability of an interception given that the pass is not caught."""
    return 0.22 * np.exp(-np.asarray(separation, dtype=float) / 1.5)


def expected_rush_yards(
    box_defenders: np.ndarray | float, defender_distance: np.ndarray | float
) -> np.ndarray:
    """True expected yards of a run (yd), before the goal line caps it."""
    return (
        4.2
        - 0.5 * (np.asarray(box_defenders, dtype=float) - 7.0)
        + 0.3 * (np.minimum(np.asarray(defender_distance, dtype=float), 8.0) - 4.0)
    )


def draw_rush_yards(expected: float, rng: np.random.Generator) -> float:
    """One run's yards (yd) from the distribution whose mean is ``expected``."""
    breakaway = rng.exponential(15.0) if rng.random() < 0.05 else 0.0
    return float(expected - 4.35 + rng.gamma(1.5, 2.4) + breakaway + rng.normal(0.0, 1.5))


def expected_yac(
    carrier_speed: np.ndarray | float, defender_distance: np.ndarray | float
) -> np.ndarray:
    """True expected yards after the catch (yd)."""
    return (
        0.8
        + 0.25 * np.asarray(carrier_speed, dtype=float)
        + 0.45 * np.minimum(np.asarray(defender_distance, dtype=float), 10.0)
    )


def draw_yac(expected: float, rng: np.random.Generator) -> float:
    """One catch's yards after the catch (yd), mean ``expected``."""
    return float(rng.gamma(1.2, expected / 1.2))
