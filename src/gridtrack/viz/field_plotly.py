"""The field in Plotly: shapes for the turf, one line trace per kind of marking, annotations
for the yard numbers. Everything here is static; play layers are added on top."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from gridtrack.viz.field import SURROUND, FieldLayers, FieldView, field_layers, full_field

FIELD_TRACE_PREFIX = "field: "
"""Names of the field's own traces start with this."""


def _inside(view: FieldView, x: float, y: float) -> bool:
    (x0, x1), (y0, y1) = view.x_range, view.y_range
    return x0 - 1.0 <= x <= x1 + 1.0 and y0 - 1.0 <= y <= y1 + 1.0


def figure_size(view: FieldView, width: int, *, extra_height: int = 0) -> tuple[int, int]:
    """Pixel (width, height) of a figure whose plot area keeps the field to scale."""
    plot_w = width - 20
    return width, int(round(plot_w * view.aspect)) + 60 + extra_height


def plotly_field(
    view: FieldView | None = None,
    *,
    fig: go.Figure | None = None,
    layers: FieldLayers | None = None,
    goal_posts: bool = True,
    width: int = 1000,
    extra_height: int = 0,
) -> go.Figure:
    """A Plotly figure showing the field to scale (1 yd on x = 1 yd on y).

    Parameters
    ----------
    view
        Window and orientation (:class:`~gridtrack.viz.field.FieldView`); default: the
        whole field, horizontal.
    fig
        Draw into this figure instead of a new one.
    layers
        Field markings (default :func:`~gridtrack.viz.field.field_layers`).
    goal_posts
        Draw goal posts (when ``layers`` is not given).
    width
        Figure width in pixels; the height follows from the field's aspect.
    extra_height
        Pixels added under the field (for sliders and buttons).
    """
    view = view or full_field()
    layers = layers or field_layers(goal_posts=goal_posts)
    fig = fig if fig is not None else go.Figure()
    for r in layers.rects:
        xs, ys = view.to_screen([r.x0, r.x1], [r.y0, r.y1])
        fig.add_shape(
            type="rect",
            x0=float(xs.min()),
            x1=float(xs.max()),
            y0=float(ys.min()),
            y1=float(ys.max()),
            fillcolor=r.fill,
            line={"color": r.line or "rgba(0,0,0,0)", "width": r.width},
            layer="below",
        )
    for lines in layers.lines:
        xs, ys = view.to_screen(lines.xs, lines.ys)
        fig.add_trace(
            go.Scatter(
                x=np.where(np.isnan(xs), None, xs),
                y=np.where(np.isnan(ys), None, ys),
                mode="lines",
                line={"color": lines.color, "width": lines.width},
                hoverinfo="skip",
                showlegend=False,
                name=FIELD_TRACE_PREFIX + lines.name,
            )
        )
    for label in layers.labels:
        if not _inside(view, label.x, label.y):
            continue
        xs, ys = view.to_screen([label.x], [label.y])
        fig.add_annotation(
            x=float(xs[0]),
            y=float(ys[0]),
            text=label.text,
            showarrow=False,
            textangle=-view.screen_angle(label.angle),
            font={"size": label.size, "color": label.color, "family": "Arial Black, Arial"},
            opacity=0.9,
        )
    (x0, x1), (y0, y1) = view.screen_ranges
    w, h = figure_size(view, width, extra_height=extra_height)
    axis = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": False}
    fig.update_layout(
        width=w,
        height=h,
        plot_bgcolor=SURROUND,
        paper_bgcolor="#FFFFFF",
        margin={"l": 10, "r": 10, "t": 50, "b": 10 + extra_height},
        xaxis={**axis, "range": [x0, x1], "constrain": "domain"},
        yaxis={**axis, "range": [y0, y1], "scaleanchor": "x", "scaleratio": 1.0},
        showlegend=False,
    )
    return fig
