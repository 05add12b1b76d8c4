"""Play animations in Plotly: one animation frame per tracking frame.

:func:`animate` returns a :class:`plotly.graph_objects.Figure` with the field, the line of
scrimmage and the first-down line as static traces, and these traces updated every frame:
player trails, the chosen overlays, the 22 players (two traces, one per side, jersey
numbers inside the markers), the ball, and a heads-up line with the game clock and the
events as they happen. Play/pause buttons and a frame slider drive it; frames advance every
100 ms (10 Hz, real time).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
import polars as pl

from gridtrack.errors import OptionError
from gridtrack.schema import FIELD_WIDTH, FRAME_SECONDS, Dataset
from gridtrack.viz import overlays as ov
from gridtrack.viz.colors import BALL_COLOR, ClubColors, matchup_colors
from gridtrack.viz.field import (
    FIRST_DOWN,
    SCRIMMAGE,
    FieldView,
    Orientation,
    cropped_view,
    field_layers,
    full_field,
)
from gridtrack.viz.field_plotly import plotly_field
from gridtrack.viz.play import PlayData, load_play
from gridtrack.viz.stat_overlay import StatValues, format_value, stat_values

BUILTIN_OVERLAYS = ("speed", "separation", "qb_distance")
"""Overlays drawn from the tracking itself: speed vectors, separation lines (receiver →
nearest defender), distance from each pass rusher to the quarterback."""
OVERLAY_ALIASES = {
    "speed_vectors": "speed",
    "velocity": "speed",
    "qb-distance": "qb_distance",
    "qb": "qb_distance",
    "rushers": "qb_distance",
    "sep": "separation",
}
SEPARATION_COLOR = "#FF9F1C"
RUSH_COLOR = "#FF3B3B"
VECTOR_COLOR = "#F8F8F8"
CONTROLS_HEIGHT = 110
"""Pixels under the field for the play/pause buttons and the slider."""

OverlaySpec = str | tuple[str, pl.DataFrame | pl.LazyFrame] | pl.DataFrame | pl.LazyFrame
"""An overlay: a built-in name (:data:`BUILTIN_OVERLAYS`), a tracking column name, a table
keyed by ``frame_id`` (and ``nfl_id`` for per-player values) whose value columns are shown,
or ``(column, table)`` to show one column of such a table."""


def _none(values: np.ndarray) -> list[float | None]:
    """NaN → None (Plotly's gap), as a plain list."""
    return [None if not np.isfinite(v) else float(v) for v in np.asarray(values, float)]


def _scatter(**props: Any) -> dict[str, Any]:
    """A scatter trace as a plain dict (Plotly validates it once, inside the figure)."""
    return {"type": "scatter", **props}


def resolve_overlays(
    play: PlayData, overlays: Iterable[OverlaySpec]
) -> tuple[list[str], list[StatValues]]:
    """Split overlay specs into built-in names and per-frame stats (see :data:`OverlaySpec`)."""
    builtins: list[str] = []
    stats: list[StatValues] = []
    columns = play.tracking.columns
    for spec in overlays:
        if isinstance(spec, str):
            name = OVERLAY_ALIASES.get(spec, spec)
            if name in BUILTIN_OVERLAYS:
                builtins.append(name)
            elif name in columns:
                stats.append(stat_values(play, play.tracking, name))
            else:
                raise OptionError(
                    f"unknown overlay {spec!r}: use one of {BUILTIN_OVERLAYS}, a tracking "
                    f"column ({', '.join(columns)}) or a per-frame stat table"
                )
        elif isinstance(spec, tuple):
            column, table = spec
            stats.append(stat_values(play, table, column))
        else:
            names = spec.lazy().collect_schema().names()
            for column in names:
                if column not in ("game_id", "play_id", "frame_id", "nfl_id"):
                    stats.append(stat_values(play, spec, column))
    return builtins, stats


def play_view(
    play: PlayData, *, crop: bool, orientation: Orientation, pad: float = 5.0
) -> FieldView:
    """The whole field, or a window around where the play happens (lines included)."""
    if not crop:
        return full_field(orientation)
    extra = [v for v in (play.line_of_scrimmage, play.first_down_line) if v is not None]
    return cropped_view(play.x, orientation=orientation, pad=pad, extra=extra)


def play_title(play: PlayData) -> str:
    """``"LV vs BAL · OT 3:44 · 2 & 14 · (3:44) (Shotgun) D.Carr pass deep right …"``."""
    p = play.play
    parts = [f"{play.offense_club or '?'} vs {play.defense_club or '?'}"]
    clock = play.game_clock()[0] if play.n_frames else ""
    if clock:
        parts.append(clock.split(".")[0])
    if p.get("down"):
        parts.append(f"{p['down']} & {p.get('yards_to_go', '?')}")
    desc = str(p.get("description") or "")
    if desc:
        parts.append(desc if len(desc) <= 90 else desc[:87] + "…")
    return " · ".join(parts)


class _Builder:
    """Builds the static and per-frame traces of one play's animation."""

    def __init__(
        self,
        play: PlayData,
        view: FieldView,
        builtins: Sequence[str],
        stats: Sequence[StatValues],
        *,
        trail: int,
        vector_seconds: float,
        rushers: Sequence[int] | None,
        targets: Sequence[int] | None,
        width: int,
    ) -> None:
        self.play = play
        self.view = view
        self.trail = trail
        self.off_colors, self.def_colors = matchup_colors(play.offense_club, play.defense_club)
        self.off = play.indices("offense")
        self.dfn = play.indices("defense")
        self.ball = play.ball_index
        self.sx, self.sy = view.to_screen(play.x, play.y)
        self.clock = play.game_clock()
        self.stats = list(stats)
        (x0, x1), _ = view.screen_ranges
        self.marker = float(np.clip(2.2 * (width - 20) / (x1 - x0), 12.0, 20.0))
        self.layers: list[tuple[str, Any]] = []
        on_top: list[tuple[str, Any]] = []
        if trail:
            self.layers += [
                ("trail: offense", lambda f: self._trail(f, self.off, self.off_colors.primary)),
                ("trail: defense", lambda f: self._trail(f, self.dfn, self.def_colors.primary)),
            ]
            if self.ball is not None:
                self.layers.append(
                    ("trail: ball", lambda f: self._trail(f, [self.ball], BALL_COLOR))
                )
        if "speed" in builtins:
            vx, vy = ov.speed_vectors(play, vector_seconds)
            self.vx, self.vy = view.to_screen(vx, vy)
            self.layers.append(("speed vectors", self._vectors))
        if "separation" in builtins:
            tg = ov.entity_columns(play, targets) if targets is not None else None
            pairs = ov.separation(play, tg)
            lines, labels = self._pair_layers("separation", pairs, SEPARATION_COLOR, "dash")
            self.layers.append(lines)
            on_top.append(labels)
        if "qb_distance" in builtins:
            rs = ov.entity_columns(play, rushers) if rushers is not None else None
            pairs = ov.qb_distance(play, rs)
            lines, labels = self._pair_layers("qb distance", pairs, RUSH_COLOR, "dot")
            self.layers.append(lines)
            on_top.append(labels)
        self.layers += [
            (
                f"offense: {play.offense_club or ''}".strip(),
                lambda f: self._side(f, self.off, self.off_colors),
            ),
            (
                f"defense: {play.defense_club or ''}".strip(),
                lambda f: self._side(f, self.dfn, self.def_colors),
            ),
        ]
        if self.ball is not None:
            self.layers.append(("ball", self._ball))
        self.layers += on_top  # distance labels above the players
        per_player = [s for s in self.stats if s.per_player]
        if per_player:
            self.layers.append(("stat: " + ", ".join(s.name for s in per_player), self._labels))
        self.layers.append(("clock and events", self._hud))

    # -- static -------------------------------------------------------------------------
    def line_traces(self) -> list[go.Scatter]:
        """Line of scrimmage (blue) and first-down line (yellow), full width."""
        out = []
        for name, x, color in (
            ("line of scrimmage", self.play.line_of_scrimmage, SCRIMMAGE),
            ("first-down line", self.play.first_down_line, FIRST_DOWN),
        ):
            if x is None:
                continue
            sx, sy = self.view.to_screen([x, x], [0.0, FIELD_WIDTH])
            out.append(
                go.Scatter(
                    x=sx.tolist(),
                    y=sy.tolist(),
                    mode="lines",
                    line={"color": color, "width": 3},
                    name=name,
                    hoverinfo="name",
                    showlegend=False,
                )
            )
        return out

    # -- per frame ----------------------------------------------------------------------
    def _trail(self, f: int, cols: Sequence[int], color: str) -> dict[str, Any]:
        lo = max(0, f - self.trail)
        xs: list[float | None] = []
        ys: list[float | None] = []
        for c in cols:
            xs += _none(self.sx[lo : f + 1, c]) + [None]
            ys += _none(self.sy[lo : f + 1, c]) + [None]
        return _scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": color, "width": 2},
            opacity=0.55,
            hoverinfo="skip",
            showlegend=False,
        )

    def _vectors(self, f: int) -> dict[str, Any]:
        cols = np.concatenate([self.off, self.dfn])
        xs: list[float | None] = []
        ys: list[float | None] = []
        for c in cols:
            xs += _none([self.sx[f, c], self.vx[f, c]]) + [None]
            ys += _none([self.sy[f, c], self.vy[f, c]]) + [None]
        return _scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": VECTOR_COLOR, "width": 2},
            hoverinfo="skip",
            showlegend=False,
        )

    def _pair_layers(self, name: str, pairs: ov.Pairs, color: str, dash: str):
        def lines(f: int) -> dict[str, Any]:
            xs: list[float | None] = []
            ys: list[float | None] = []
            for k, a in enumerate(pairs.a):
                b = pairs.b[f, k]
                xs += _none([self.sx[f, a], self.sx[f, b]]) + [None]
                ys += _none([self.sy[f, a], self.sy[f, b]]) + [None]
            return _scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": color, "width": 2, "dash": dash},
                hoverinfo="skip",
                showlegend=False,
            )

        def labels(f: int) -> dict[str, Any]:
            a, b = pairs.a, pairs.b[f]
            mx = (self.sx[f, a] + self.sx[f, b]) / 2.0
            my = (self.sy[f, a] + self.sy[f, b]) / 2.0
            return _scatter(
                x=_none(mx),
                y=_none(my),
                mode="text",
                text=[format_value(d) for d in pairs.distance[f]],
                textfont={"color": color, "size": 12, "family": "Arial Black, Arial"},
                textposition="top center",
                hoverinfo="skip",
                showlegend=False,
            )

        return (f"{name} lines", lines), (f"{name} yards", labels)

    def _side(self, f: int, cols: np.ndarray, colors: ClubColors) -> dict[str, Any]:
        p = self.play
        custom = [
            [p.name[c] or str(p.entity_ids[c]), p.position[c], format_value(p.s[f, c])]
            for c in cols
        ]
        return _scatter(
            x=_none(self.sx[f, cols]),
            y=_none(self.sy[f, cols]),
            mode="markers+text",
            marker={
                "size": self.marker,
                "color": colors.primary,
                "line": {"color": colors.secondary, "width": 2},
            },
            text=[p.jersey[c] for c in cols],
            textfont={"color": colors.text, "size": 10, "family": "Arial Black, Arial"},
            textposition="middle center",
            customdata=custom,
            hovertemplate="%{customdata[0]} %{customdata[1]}<br>%{customdata[2]} yd/s"
            "<extra></extra>",
            showlegend=False,
        )

    def _ball(self, f: int) -> dict[str, Any]:
        b = self.ball
        return _scatter(
            x=_none(self.sx[f, [b]]),
            y=_none(self.sy[f, [b]]),
            mode="markers",
            marker={
                "size": self.marker * 0.6,
                "color": BALL_COLOR,
                "symbol": "diamond",
                "line": {"color": "#FFFFFF", "width": 1.5},
            },
            hovertemplate="ball<extra></extra>",
            showlegend=False,
        )

    def _labels(self, f: int) -> dict[str, Any]:
        cols = np.concatenate([self.off, self.dfn])
        text = [
            " ".join(v for v in (s.label(f, int(c)) for s in self.stats if s.per_player) if v)
            for c in cols
        ]
        return _scatter(
            x=_none(self.sx[f, cols]),
            y=_none(self.sy[f, cols] + 1.6),
            mode="text",
            text=text,
            textfont={"color": "#FFFFFF", "size": 10},
            hoverinfo="skip",
            showlegend=False,
        )

    def hud_text(self, f: int) -> str:
        """Clock, frame, time since the snap and the events so far (the current one bold)."""
        p = self.play
        since = (p.frame_ids[f] - (p.snap_frame or p.frame_ids[0])) * FRAME_SECONDS
        parts = [
            f"<b>{self.clock[f]}</b>",
            f"frame {p.frame_ids[f]}/{p.frame_ids[-1]}",
            f"{since:+.1f} s from snap",
        ]
        now = p.events[f]
        past = [e for e in p.events[: f + 1] if e]
        if now:
            parts.append(f"<b>{now}</b>")
        elif past:
            parts.append(f"last: {past[-1]}")
        for s in self.stats:
            if not s.per_player:
                parts.append(f"{s.name} {s.label(f)}")
        return "  ·  ".join(parts)

    def _hud(self, f: int) -> dict[str, Any]:
        (x0, _), (_, y1) = self.view.screen_ranges
        return _scatter(
            x=[x0 + 0.6],
            y=[y1 - 0.5],
            mode="text",
            text=[self.hud_text(f)],
            textposition="bottom right",
            textfont={"color": "#FFFFFF", "size": 13},
            hoverinfo="skip",
            showlegend=False,
        )


def _controls(frame_names: list[str], duration_ms: int) -> dict[str, Any]:
    play_args = {
        "frame": {"duration": duration_ms, "redraw": False},
        "fromcurrent": True,
        "transition": {"duration": 0},
        "mode": "immediate",
    }
    pause_args = {
        "frame": {"duration": 0, "redraw": False},
        "mode": "immediate",
        "transition": {"duration": 0},
    }
    steps = [
        {
            "args": [[name], {**pause_args}],
            "label": name,
            "method": "animate",
        }
        for name in frame_names
    ]
    return {
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "left",
                "showactive": False,
                "x": 0.0,
                "xanchor": "left",
                "y": 0.0,
                "yanchor": "top",
                "pad": {"t": 10, "r": 10},
                "buttons": [
                    {"label": "▶ Play", "method": "animate", "args": [None, play_args]},
                    {"label": "❚❚ Pause", "method": "animate", "args": [[None], pause_args]},
                ],
            }
        ],
        "sliders": [
            {
                "active": 0,
                "x": 0.17,
                "len": 0.83,
                "xanchor": "left",
                "y": 0.0,
                "yanchor": "top",
                "pad": {"t": 10, "b": 10},
                "currentvalue": {"prefix": "frame ", "visible": True, "xanchor": "right"},
                "transition": {"duration": 0},
                "steps": steps,
            }
        ],
    }


def animate_play(
    play: PlayData,
    overlays: Iterable[OverlaySpec] = (),
    *,
    crop: bool = False,
    orientation: Orientation = "horizontal",
    trail: int = 20,
    goal_posts: bool = True,
    vector_seconds: float = 1.0,
    rushers: Sequence[int] | None = None,
    targets: Sequence[int] | None = None,
    width: int | None = None,
    frame_ms: int = int(FRAME_SECONDS * 1000),
    title: str | None = None,
) -> go.Figure:
    """The animation of an already loaded play (see :func:`animate`)."""
    width = width or (1000 if orientation == "horizontal" else 620)
    builtins, stats = resolve_overlays(play, overlays)
    view = play_view(play, crop=crop, orientation=orientation)
    fig = plotly_field(
        view,
        layers=field_layers(goal_posts=goal_posts),
        width=width,
        extra_height=CONTROLS_HEIGHT,
    )
    b = _Builder(
        play,
        view,
        builtins,
        stats,
        trail=trail,
        vector_seconds=vector_seconds,
        rushers=rushers,
        targets=targets,
        width=width,
    )
    for trace in b.line_traces():
        fig.add_trace(trace)
    first = len(fig.data)
    for name, build in b.layers:
        fig.add_trace(go.Scatter({**build(0), "name": name}))
    indices = list(range(first, first + len(b.layers)))
    names = [str(int(f)) for f in play.frame_ids]
    fig.frames = [
        go.Frame(
            name=names[f],
            data=[{**build(f), "name": name} for name, build in b.layers],
            traces=indices,
        )
        for f in range(play.n_frames)
    ]
    fig.update_layout(
        title={
            "text": title if title is not None else play_title(play),
            "font": {"size": 14},
            "x": 0.01,
            "xanchor": "left",
        },
        **_controls(names, frame_ms),
        meta={"game_id": play.game_id, "play_id": play.play_id, "standardized": not play.flipped},
    )
    return fig


def animate(
    dataset: Dataset,
    game_id: int,
    play_id: int,
    overlays: Iterable[OverlaySpec] = (),
    *,
    standardized: bool = True,
    crop: bool = False,
    orientation: Orientation = "horizontal",
    trail: int = 20,
    goal_posts: bool = True,
    vector_seconds: float = 1.0,
    rushers: Sequence[int] | None = None,
    targets: Sequence[int] | None = None,
    width: int | None = None,
    frame_ms: int = int(FRAME_SECONDS * 1000),
    title: str | None = None,
) -> go.Figure:
    """Animate one play: a Plotly figure with one animation frame per tracking frame.

    Parameters
    ----------
    dataset
        Canonical tables (``gridtrack.read_tracking(...)`` or ``gridtrack.scan_lake(...)``).
    game_id, play_id
        The play.
    overlays
        Any of ``"speed"`` (speed vectors: where each player will be in
        ``vector_seconds`` s), ``"separation"`` (each receiver → nearest defender, yards),
        ``"qb_distance"`` (each pass rusher → quarterback, yards), a tracking column name
        (e.g. ``"s"``, ``"a"``), a per-frame stat table keyed by ``frame_id`` [+ ``nfl_id``],
        or ``(column, table)``.
    standardized
        Offense toward +x (default), else as recorded.
    crop
        Show only the part of the field where the play happens (full width).
    orientation
        ``"horizontal"`` or ``"vertical"`` (offense up the screen when standardized).
    trail
        Frames of trail behind each player (0: none; 10 frames = 1 s).
    goal_posts
        Draw goal posts.
    rushers, targets
        ``nfl_id`` of the pass rushers / receivers, overriding the built-in detection.
    width
        Figure width, pixels (default 1000 horizontal, 620 vertical).
    frame_ms
        Milliseconds per frame when playing (100 = real time at 10 Hz).
    title
        Figure title (default: clubs, clock, down and distance, description).

    Returns
    -------
    plotly.graph_objects.Figure
        ``fig.frames`` holds one frame per tracking frame, named by ``frame_id``; the traces
        named ``"offense: …"``, ``"defense: …"`` and ``"ball"`` hold the players and the
        ball.
    """
    play = load_play(dataset, game_id, play_id, standardized=standardized)
    return animate_play(
        play,
        overlays,
        crop=crop,
        orientation=orientation,
        trail=trail,
        goal_posts=goal_posts,
        vector_seconds=vector_seconds,
        rushers=rushers,
        targets=targets,
        width=width,
        frame_ms=frame_ms,
        title=title,
    )
