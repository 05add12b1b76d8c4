"""Pictures of plays: the field to scale, play animations, static charts, the run report.

>>> import gridtrack, gridtrack.viz as viz
>>> ds = gridtrack.read_tracking("bdb2023_sample/")                     # doctest: +SKIP
>>> fig = viz.animate(ds, 2021091300, 4845, overlays=["separation"])   # doctest: +SKIP
>>> viz.write_html(fig, "play.html")                                    # doctest: +SKIP

Needs the ``viz`` extra (Plotly, Matplotlib).
"""

from gridtrack.viz.animation import BUILTIN_OVERLAYS, animate, animate_play
from gridtrack.viz.charts import (
    distribution_chart,
    leaderboard_chart,
    route_chart,
    route_chart_mpl,
    separation_chart,
)
from gridtrack.viz.colors import CLUB_COLORS, club_colors, matchup_colors
from gridtrack.viz.field import FieldView, cropped_view, field_layers, full_field
from gridtrack.viz.field_mpl import mpl_field
from gridtrack.viz.field_plotly import plotly_field
from gridtrack.viz.html import write_html
from gridtrack.viz.play import PlayData, PlayNotFound, load_play
from gridtrack.viz.report import build_report, register_section, write_report
from gridtrack.viz.video import render_play, render_video

__all__ = [
    "BUILTIN_OVERLAYS",
    "CLUB_COLORS",
    "FieldView",
    "PlayData",
    "PlayNotFound",
    "animate",
    "animate_play",
    "build_report",
    "club_colors",
    "cropped_view",
    "distribution_chart",
    "field_layers",
    "full_field",
    "leaderboard_chart",
    "load_play",
    "matchup_colors",
    "mpl_field",
    "plotly_field",
    "register_section",
    "render_play",
    "render_video",
    "route_chart",
    "route_chart_mpl",
    "separation_chart",
    "write_html",
    "write_report",
]
