"""The field in Matplotlib: patches for the turf, line collections for the markings, text
for the yard numbers, on axes with equal scale."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from gridtrack.viz.field import SURROUND, FieldLayers, FieldView, field_layers, full_field

POINTS_PER_PIXEL = 0.75
"""Plotly line widths are pixels; Matplotlib's are points (1 px = 0.75 pt at 96 dpi)."""


def segments_array(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """NaN-separated segment ends (as in :class:`~gridtrack.viz.field.Lines`) → an
    ``(n, 2, 2)`` array for a :class:`~matplotlib.collections.LineCollection`."""
    pts = np.column_stack([xs, ys]).reshape(-1, 3, 2)[:, :2, :]
    return pts


def mpl_field(
    view: FieldView | None = None,
    *,
    ax: Axes | None = None,
    layers: FieldLayers | None = None,
    goal_posts: bool = True,
    width_in: float = 12.0,
) -> tuple[Figure, Axes]:
    """Draw the field to scale on Matplotlib axes (a new figure unless ``ax`` is given).

    ``width_in`` is the figure width in inches; the height follows from the field's aspect.
    Returns ``(figure, axes)``.
    """
    import matplotlib.pyplot as plt

    view = view or full_field()
    layers = layers or field_layers(goal_posts=goal_posts)
    if ax is None:
        fig, ax = plt.subplots(figsize=(width_in, width_in * view.aspect + 0.6))
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.93)
    else:
        fig = ax.figure  # type: ignore[assignment]
    (x0, x1), (y0, y1) = view.screen_ranges
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=SURROUND, zorder=-1))
    for r in layers.rects:
        xs, ys = view.to_screen([r.x0, r.x1], [r.y0, r.y1])
        ax.add_patch(
            Rectangle(
                (float(xs.min()), float(ys.min())),
                float(xs.max() - xs.min()),
                float(ys.max() - ys.min()),
                facecolor=r.fill if not r.fill.startswith("rgba") else "none",
                edgecolor=r.line or "none",
                linewidth=r.width * POINTS_PER_PIXEL,
                zorder=0,
            )
        )
    for lines in layers.lines:
        xs, ys = view.to_screen(lines.xs, lines.ys)
        ax.add_collection(
            LineCollection(
                segments_array(xs, ys),
                colors=lines.color,
                linewidths=lines.width * POINTS_PER_PIXEL,
                zorder=1,
            )
        )
    for label in layers.labels:
        xs, ys = view.to_screen([label.x], [label.y])
        ax.text(
            float(xs[0]),
            float(ys[0]),
            label.text,
            ha="center",
            va="center",
            rotation=view.screen_angle(label.angle),
            fontsize=label.size * 0.7,
            fontweight="bold",
            color=label.color,
            alpha=0.9,
            zorder=1,
            clip_on=True,
        )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return fig, ax  # type: ignore[return-value]
