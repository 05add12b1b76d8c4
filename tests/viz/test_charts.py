"""Static charts and videos from real plays."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

pytest.importorskip("plotly")
pytest.importorskip("matplotlib")

import matplotlib

matplotlib.use("Agg")

import gridtrack
from gridtrack.viz import (
    distribution_chart,
    leaderboard_chart,
    load_play,
    render_play,
    route_chart,
    route_chart_mpl,
    separation_chart,
)
from gridtrack.viz.video import ffmpeg_available

GAME, PLAY = 2021091910, 54  # TB vs ATL, Brady to Evans for 20


@pytest.fixture(scope="module")
def play(real_data):
    return load_play(gridtrack.read_tracking(real_data / "bdb2023_sample"), GAME, PLAY)


def test_route_chart_colours_each_path_by_speed(play):
    fig = route_chart(play)
    paths = [t for t in fig.data if t.mode == "markers"]
    assert len(paths) == 5  # WR, WR, RB, TE, TE
    snap = play.frame_index(play.snap_frame)
    for t in paths:
        assert len(t.x) == play.n_frames - snap
        assert t.marker.colorscale
    assert max(max(t.marker.color) for t in paths) > 5.0  # yd/s: receivers run
    assert sum(bool(t.marker.showscale) for t in paths) == 1
    chosen = route_chart(play, nfl_ids=[int(play.entity_ids[1])])
    assert len([t for t in chosen.data if t.mode == "markers"]) == 1
    fig_mpl, ax = route_chart_mpl(play)
    assert len(ax.collections) >= 5
    import matplotlib.pyplot as plt

    plt.close(fig_mpl)


def test_separation_chart_over_time(play):
    fig = separation_chart(play)
    assert len(fig.data) == 5
    t = np.asarray(fig.data[0].x)
    assert t[0] < 0 < t[-1]  # seconds from the snap
    assert np.all(np.asarray(fig.data[0].y, float) >= 0)
    assert any("throw" in (a.text or "") for a in fig.layout.annotations)


def test_leaderboard_and_distribution():
    frame = pl.DataFrame(
        {
            "display_name": [f"player {i}" for i in range(15)],
            "club": ["KC", "NE", "TB"] * 5,
            "top_speed": np.linspace(8.0, 10.8, 15),
        }
    )
    bars = leaderboard_chart(frame, "top_speed", n=5, unit="yd/s")
    assert list(bars.data[0].y) == [f"player {i}" for i in range(10, 15)]
    assert bars.data[0].x[-1] == pytest.approx(10.8)
    assert bars.data[0].marker.color[-1] == "#D50A0A"  # TB red for player 14
    hist = distribution_chart(frame, "top_speed", by="club", highlight=9.5)
    assert len(hist.data) == 3 and hist.layout.shapes


def test_gif_has_one_picture_per_frame(play, tmp_path):
    from PIL import Image

    out = render_play(play, tmp_path / "play.gif", ["separation"], width_in=4, dpi=30)
    with Image.open(out) as im:
        assert im.n_frames == play.n_frames
        im.seek(play.n_frames // 2)
        rgb = np.asarray(im.convert("RGB"), dtype=int)
    green = (np.abs(rgb - [63, 125, 58]).sum(axis=2) < 40).mean()
    assert green > 0.3


@pytest.mark.skipif(not ffmpeg_available(), reason="ffmpeg not installed")
def test_mp4(play, tmp_path):
    out = render_play(play, tmp_path / "play.mp4", width_in=4, dpi=30)
    assert out.stat().st_size > 10_000
    assert out.read_bytes()[4:8] == b"ftyp"
