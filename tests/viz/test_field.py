"""The field to scale, in both libraries, and club colours (no data needed)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("plotly")
pytest.importorskip("matplotlib")

import matplotlib

matplotlib.use("Agg")

from gridtrack.schema import FIELD_LENGTH, FIELD_WIDTH, HASH_Y_HIGH, HASH_Y_LOW
from gridtrack.viz import (
    FieldView,
    club_colors,
    cropped_view,
    field_layers,
    matchup_colors,
    mpl_field,
    plotly_field,
)
from gridtrack.viz.colors import color_distance
from gridtrack.viz.field import GRASS, yard_number


def test_field_layers_mark_hashes_yard_lines_and_numbers():
    layers = field_layers()
    by_name = {lines.name: lines for lines in layers.lines}
    hash_y = by_name["hash"].ys[np.isfinite(by_name["hash"].ys)]
    centres = (hash_y[0::2] + hash_y[1::2]) / 2
    assert np.isclose(centres, HASH_Y_LOW).sum() == np.isclose(centres, HASH_Y_HIGH).sum() > 70
    assert np.any(np.isclose(centres, HASH_Y_LOW)) and np.any(np.isclose(centres, HASH_Y_HIGH))
    yard_x = by_name["yard"].xs[np.isfinite(by_name["yard"].xs)]
    assert set(np.unique(yard_x)) == set(np.arange(15.0, 106.0, 5.0))
    goal_x = by_name["goal line"].xs[np.isfinite(by_name["goal line"].xs)]
    assert set(goal_x) == {10.0, 110.0}
    numbers = [lab.text for lab in layers.labels[::2]]
    assert numbers == ["10", "20", "30", "40", "50", "40", "30", "20", "10"]
    assert layers.rects[0].x1 == FIELD_LENGTH and np.isclose(layers.rects[0].y1, FIELD_WIDTH)
    assert "goal posts" in by_name
    assert "goal posts" not in {lines.name for lines in field_layers(goal_posts=False).lines}


def test_yard_numbers_count_from_the_nearer_goal_line():
    assert [yard_number(x) for x in (20, 60, 90, 100)] == ["10", "50", "20", "10"]


def test_vertical_view_turns_the_field_without_mirroring():
    view = FieldView("vertical")
    sx, sy = view.to_screen([10.0, 10.0, 20.0], [0.0, 10.0, 0.0])
    # +x runs up the screen, +y runs to the left: a 90-degree counter-clockwise turn
    assert sy[2] > sy[0] and sx[1] < sx[0]
    (x0, x1), (y0, y1) = view.screen_ranges
    assert y1 - y0 > x1 - x0


def test_cropped_view_spans_the_play_within_the_field():
    view = cropped_view(np.array([30.0, 45.0]), extra=[50.0], pad=5.0)
    assert view.x_range[0] <= 25.0 and view.x_range[1] >= 55.0
    assert view.x_range[1] - view.x_range[0] >= 60.0
    edge = cropped_view(np.array([2.0, 8.0]))
    assert edge.x_range[0] == 0.0


def test_plotly_field_is_to_scale():
    fig = plotly_field(width=800)
    names = [t.name for t in fig.data]
    assert "field: hash" in names and "field: goal posts" in names
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == 1
    assert fig.layout.shapes[0].fillcolor == GRASS
    assert len(fig.layout.annotations) == 18
    vertical = plotly_field(FieldView("vertical"), width=500)
    assert vertical.layout.height > vertical.layout.width


def test_matplotlib_field_is_to_scale():
    fig, ax = mpl_field(width_in=6)
    assert ax.get_aspect() == 1.0
    assert ax.get_xlim()[0] < 0 < FIELD_LENGTH < ax.get_xlim()[1]
    assert len(ax.texts) == 18
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_club_colours_know_old_spellings_and_stay_apart():
    assert club_colors("OAK") == club_colors("LV")
    assert club_colors("ARZ") == club_colors("ARI")
    assert club_colors("XXX").primary
    off, dfn = matchup_colors("TB", "ATL")  # two reds: the defense changes colour
    assert color_distance(off.primary, dfn.primary) >= 90
    jets, _ = matchup_colors("NYJ", "NE")  # Jets green would vanish on the grass
    assert color_distance(jets.primary, GRASS) >= 80
