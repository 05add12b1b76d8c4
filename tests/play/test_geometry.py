"""Field geometry: the one closing-speed formula is the rate at which a gap shrinks."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from gridtrack.play import closing_speed, distance

coordinate = st.floats(-60.0, 60.0)
velocity = st.floats(-12.0, 12.0)


@given(coordinate, coordinate, velocity, velocity)
def test_closing_speed_is_minus_the_gap_growth(dx: float, dy: float, dvx: float, dvy: float):
    # arrange: two players r = (dx, dy) apart, moving apart at Δv = (dvx, dvy)
    gap = float(np.hypot(dx, dy))
    if gap < 0.5:
        return
    h = 1e-6
    # act
    closing = closing_speed(*(np.array([v]) for v in (dx, dy, dvx, dvy)))
    # assert: −d|r|/dt by a centred difference
    ahead = distance(np.array([dx + dvx * h]), np.array([dy + dvy * h]))
    behind = distance(np.array([dx - dvx * h]), np.array([dy - dvy * h]))
    assert np.isclose(closing[0], -(ahead[0] - behind[0]) / (2 * h), atol=1e-4)


def test_closing_speed_of_players_on_one_spot_is_unknown():
    assert np.isnan(closing_speed(np.zeros(1), np.zeros(1), np.ones(1), np.ones(1)))[0]
