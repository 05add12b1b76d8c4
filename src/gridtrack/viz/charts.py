"""Static charts an analyst expects: route/path with speed as colour, separation over time,
leaderboard bars, the distribution of a stat. Plotly figures (Matplotlib for the route chart
too, :func:`route_chart_mpl`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
import polars as pl

from gridtrack.schema import Dataset
from gridtrack.viz import overlays as ov
from gridtrack.viz.animation import play_title
from gridtrack.viz.field import Orientation, cropped_view, full_field
from gridtrack.viz.field_plotly import plotly_field
from gridtrack.viz.play import PlayData, load_play

SPEED_SCALE = "Turbo"
KEY_EVENTS = ("snap_frame", "throw_frame", "arrival_frame", "handoff_frame", "end_frame")


def _path_entities(play: PlayData, nfl_ids: Sequence[int] | None) -> np.ndarray:
    if nfl_ids is not None:
        return ov.entity_columns(play, nfl_ids)
    return ov.receivers(play)


def _player_label(play: PlayData, c: int) -> str:
    parts = [play.position[c], f"#{play.jersey[c]}" if play.jersey[c] else "", play.name[c]]
    return " ".join(p for p in parts if p) or str(play.entity_ids[c])


def _route_view(play: PlayData, cols: np.ndarray, crop: bool, orientation: Orientation):
    if not crop:
        return full_field(orientation)
    extra = [v for v in (play.line_of_scrimmage,) if v is not None]
    return cropped_view(play.x[:, cols], orientation=orientation, extra=extra)


def route_chart(
    dataset: Dataset | PlayData,
    game_id: int | None = None,
    play_id: int | None = None,
    nfl_ids: Sequence[int] | None = None,
    *,
    standardized: bool = True,
    crop: bool = True,
    orientation: Orientation = "horizontal",
    from_snap: bool = True,
    width: int = 900,
) -> go.Figure:
    """Paths of players on the field, each point coloured by speed (yd/s).

    Parameters
    ----------
    dataset
        Canonical tables, or a play from :func:`gridtrack.viz.play.load_play`.
    nfl_ids
        Players to draw (default: the receivers — WR, TE, RB, FB).
    from_snap
        Start at the snap (default) rather than the first tracking frame.
    """
    play = _as_play(dataset, game_id, play_id, standardized)
    cols = _path_entities(play, nfl_ids)
    start = play.frame_index(play.snap_frame) if from_snap else 0
    view = _route_view(play, cols, crop, orientation)
    fig = plotly_field(view, width=width)
    s_max = float(np.nanmax(play.s[start:, cols])) if cols.size else 1.0
    los = play.line_of_scrimmage
    if los is not None:
        lx, ly = view.to_screen([los, los], [0.0, 53.333])
        fig.add_trace(
            go.Scatter(
                x=lx,
                y=ly,
                mode="lines",
                name="line of scrimmage",
                line={"color": "#1E64F0", "width": 2},
                hoverinfo="skip",
            )
        )
    for k, c in enumerate(cols):
        sx, sy = view.to_screen(play.x[start:, c], play.y[start:, c])
        speed = play.s[start:, c]
        label = _player_label(play, c)
        fig.add_trace(
            go.Scatter(
                x=sx,
                y=sy,
                mode="lines",
                line={"color": "white", "width": 1},
                opacity=0.6,
                hoverinfo="skip",
                name=f"{label} path",
                showlegend=False,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=sx,
                y=sy,
                mode="markers",
                name=label,
                marker={
                    "size": 7,
                    "color": speed,
                    "colorscale": SPEED_SCALE,
                    "cmin": 0.0,
                    "cmax": max(s_max, 1.0),
                    "showscale": k == 0,
                    "colorbar": {"title": {"text": "speed (yd/s)"}},
                },
                customdata=np.column_stack([play.frame_ids[start:], speed]),
                hovertemplate=label + "<br>frame %{customdata[0]}<br>%{customdata[1]:.1f} yd/s"
                "<extra></extra>",
            )
        )
        fig.add_annotation(
            x=float(sx[-1]),
            y=float(sy[-1]),
            text=label,
            showarrow=False,
            yshift=12,
            font={"color": "white", "size": 11},
        )
    fig.update_layout(title={"text": "Routes · " + play_title(play), "font": {"size": 13}})
    return fig


def route_chart_mpl(
    play: PlayData,
    nfl_ids: Sequence[int] | None = None,
    *,
    crop: bool = True,
    orientation: Orientation = "horizontal",
    width_in: float = 10.0,
):  # type: ignore[no-untyped-def]
    """The route chart in Matplotlib (for papers and PNGs): returns ``(figure, axes)``."""
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    from gridtrack.viz.field_mpl import mpl_field

    cols = _path_entities(play, nfl_ids)
    start = play.frame_index(play.snap_frame)
    view = _route_view(play, cols, crop, orientation)
    fig, ax = mpl_field(view, width_in=width_in)
    norm = plt.Normalize(0.0, max(float(np.nanmax(play.s[start:, cols])) if cols.size else 1, 1))
    line = None
    for c in cols:
        sx, sy = view.to_screen(play.x[start:, c], play.y[start:, c])
        pts = np.column_stack([sx, sy])
        segs = np.stack([pts[:-1], pts[1:]], axis=1)
        line = LineCollection(segs, cmap="turbo", norm=norm, linewidths=3, zorder=4)
        line.set_array(play.s[start + 1 :, c])
        ax.add_collection(line)
        ax.text(
            sx[-1],
            sy[-1] + 1.2,
            _player_label(play, c),
            color="white",
            fontsize=8,
            ha="center",
            zorder=5,
        )
    if line is not None:
        fig.colorbar(line, ax=ax, fraction=0.025, pad=0.01, label="speed (yd/s)")
    ax.set_title("Routes · " + play_title(play), fontsize=9, loc="left")
    return fig, ax


def separation_chart(
    dataset: Dataset | PlayData,
    game_id: int | None = None,
    play_id: int | None = None,
    nfl_ids: Sequence[int] | None = None,
    *,
    width: int = 900,
    height: int = 420,
) -> go.Figure:
    """Separation (yd) of each receiver from his nearest defender against seconds since the
    snap, with the key frames (snap, throw, arrival, …) marked."""
    play = _as_play(dataset, game_id, play_id, True)
    targets = _path_entities(play, nfl_ids)
    pairs = ov.separation(play, targets)
    t = play.seconds_since_snap()
    fig = go.Figure()
    for k, c in enumerate(pairs.a):
        fig.add_trace(
            go.Scatter(
                x=t,
                y=pairs.distance[:, k],
                mode="lines",
                name=_player_label(play, c),
                hovertemplate="%{x:.1f} s: %{y:.1f} yd<extra></extra>",
            )
        )
    snap = play.snap_frame or int(play.frame_ids[0])
    for key in KEY_EVENTS:
        frame = play.key_frames.get(key)
        if frame is None:
            continue
        x = (int(frame) - snap) / 10.0
        fig.add_vline(
            x=x,
            line={"color": "#888", "dash": "dot", "width": 1},
            annotation_text=key.removesuffix("_frame"),
            annotation_position="top",
        )
    fig.update_layout(
        title={"text": "Separation · " + play_title(play), "font": {"size": 13}},
        xaxis_title="seconds since the snap",
        yaxis_title="separation from nearest defender (yd)",
        width=width,
        height=height,
        template="plotly_white",
        yaxis={"rangemode": "tozero"},
    )
    return fig


def leaderboard_chart(
    frame: pl.DataFrame,
    value: str,
    *,
    label: str = "display_name",
    n: int = 10,
    ascending: bool = False,
    title: str | None = None,
    unit: str = "",
    club: str | None = "club",
    width: int = 700,
) -> go.Figure:
    """Horizontal bars of the top ``n`` rows of ``frame`` by ``value`` (largest first, or
    smallest with ``ascending``), labelled by ``label``; bars take the club colour where a
    ``club`` column exists."""
    from gridtrack.viz.colors import club_colors

    top = frame.drop_nulls(value).sort(value, descending=not ascending).head(n).reverse()
    labels = (
        [str(v) for v in top.get_column(label).to_list()]
        if label in top.columns
        else [str(i) for i in range(top.height, 0, -1)]
    )
    seen: dict[str, int] = {}
    for i, text in enumerate(labels):  # bars of one category would stack: keep them apart
        seen[text] = seen.get(text, 0) + 1
        if seen[text] > 1:
            labels[i] = f"{text} ({seen[text]})"
    colors = (
        [club_colors(c).primary for c in top.get_column(club).to_list()]
        if club and club in top.columns
        else "#2E6FBF"
    )
    values = top.get_column(value).to_list()
    fig = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker={"color": colors},
            text=[f"{v:.2f}" if isinstance(v, float) else str(v) for v in values],
            textposition="outside",
            name=value,
        )
    )
    axis = f"{value} ({unit})" if unit else value
    fig.update_layout(
        title={"text": title or f"Leaders: {value}", "font": {"size": 14}},
        xaxis_title=axis,
        width=width,
        height=max(260, 40 + 30 * top.height),
        template="plotly_white",
        margin={"l": 160, "r": 60},
    )
    return fig


def distribution_chart(
    frame: pl.DataFrame,
    value: str,
    *,
    by: str | None = None,
    bins: int = 40,
    highlight: float | None = None,
    unit: str = "",
    title: str | None = None,
    width: int = 700,
    height: int = 380,
) -> go.Figure:
    """Histogram of ``value`` (one per group of ``by``, overlaid), with an optional marked
    value (e.g. one player's) as a vertical line."""
    fig = go.Figure()
    groups = (
        [(str(k[0]), g) for k, g in frame.group_by(by, maintain_order=True)]
        if by
        else [(value, frame)]
    )
    for name, g in groups:
        fig.add_trace(
            go.Histogram(
                x=g.get_column(value).drop_nulls().to_list(),
                name=name,
                nbinsx=bins,
                opacity=0.7 if by else 0.9,
            )
        )
    if highlight is not None:
        fig.add_vline(x=highlight, line={"color": "#D50A0A", "width": 2})
    axis = f"{value} ({unit})" if unit else value
    fig.update_layout(
        title={"text": title or f"Distribution of {value}", "font": {"size": 14}},
        xaxis_title=axis,
        yaxis_title="count",
        barmode="overlay",
        width=width,
        height=height,
        template="plotly_white",
    )
    return fig


def _as_play(
    dataset: Dataset | PlayData, game_id: int | None, play_id: int | None, standardized: bool
) -> PlayData:
    if isinstance(dataset, PlayData):
        return dataset
    if game_id is None or play_id is None:
        raise ValueError("give game_id and play_id with a dataset")
    return load_play(dataset, game_id, play_id, standardized=standardized)
