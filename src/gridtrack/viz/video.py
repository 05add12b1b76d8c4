"""Play videos with Matplotlib: GIF (Pillow) or MP4 (ffmpeg, where installed).

The picture matches the Plotly animation: the field, line of scrimmage and first-down line,
trails, players with jersey numbers, the ball, overlays (speed vectors, separation lines,
distance to the quarterback) and a heads-up line with the clock and events.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

import numpy as np

from gridtrack.errors import OptionError, ToolError
from gridtrack.schema import FIELD_WIDTH, FRAME_RATE, Dataset
from gridtrack.viz import overlays as ov
from gridtrack.viz.animation import (
    RUSH_COLOR,
    SEPARATION_COLOR,
    VECTOR_COLOR,
    OverlaySpec,
    play_title,
    play_view,
    resolve_overlays,
)
from gridtrack.viz.colors import BALL_COLOR, matchup_colors
from gridtrack.viz.field import FIRST_DOWN, SCRIMMAGE, Orientation, field_layers
from gridtrack.viz.field_mpl import mpl_field
from gridtrack.viz.play import PlayData, load_play

VideoFormat = Literal["gif", "mp4"]


def ffmpeg_available() -> bool:
    """Whether an ``ffmpeg`` executable is on the PATH (needed for MP4)."""
    return shutil.which("ffmpeg") is not None


def _segments(sx, sy, a: Sequence[int], b: Sequence[int]) -> np.ndarray:  # type: ignore[no-untyped-def]
    pts = np.stack([np.column_stack([sx[a], sy[a]]), np.column_stack([sx[b], sy[b]])], axis=1)
    return pts[np.isfinite(pts).all(axis=(1, 2))]


def _freeze_background(fig, dpi: int) -> None:  # type: ignore[no-untyped-def]
    """Draw what stays the same (field, lines, title) once into a picture behind the axes,
    so that each video frame redraws only the players and overlays."""
    fig.set_dpi(dpi)
    fig.canvas.draw()
    background = np.asarray(fig.canvas.buffer_rgba()).copy()
    for ax in fig.axes:
        for artist in [*ax.patches, *ax.collections, *ax.lines, *ax.texts]:
            artist.remove()
        ax.set_title("", loc="left")
        ax.patch.set_visible(False)
    fig.patch.set_visible(False)
    fig.figimage(background, xo=0, yo=0, origin="upper", zorder=-10)


def render_play(
    play: PlayData,
    out: str | Path,
    overlays: Iterable[OverlaySpec] = (),
    *,
    format: VideoFormat | None = None,
    crop: bool = True,
    orientation: Orientation = "horizontal",
    trail: int = 20,
    fps: float = FRAME_RATE,
    width_in: float = 10.0,
    dpi: int = 80,
) -> Path:
    """Write ``play`` as a video to ``out`` (see :func:`render_video`); returns the path."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.animation import FFMpegWriter, FuncAnimation, PillowWriter
    from matplotlib.collections import LineCollection

    out = Path(out)
    fmt = format or out.suffix.lstrip(".").lower()
    if fmt not in ("gif", "mp4"):
        raise OptionError(f"video format must be gif or mp4, not {fmt!r}")
    if fmt == "mp4" and not ffmpeg_available():
        raise ToolError("mp4 needs ffmpeg on the PATH (apt-get install ffmpeg); use gif")
    builtins, stats = resolve_overlays(play, overlays)
    view = play_view(play, crop=crop, orientation=orientation)
    fig, ax = mpl_field(view, layers=field_layers(), width_in=width_in)
    ax.set_title(play_title(play), fontsize=9, loc="left")
    for x, color in ((play.line_of_scrimmage, SCRIMMAGE), (play.first_down_line, FIRST_DOWN)):
        if x is not None:
            lx, ly = view.to_screen([x, x], [0.0, FIELD_WIDTH])
            ax.plot(lx, ly, color=color, linewidth=2.5, zorder=2)
    _freeze_background(fig, dpi)
    sx, sy = view.to_screen(play.x, play.y)
    off_c, def_c = matchup_colors(play.offense_club, play.defense_club)
    off, dfn, ball = play.indices("offense"), play.indices("defense"), play.ball_index
    (x0, x1), (y0, y1) = view.screen_ranges
    size = float(np.clip(2.0 * width_in * 72 / (x1 - x0), 6.0, 16.0))  # marker diameter, pt

    trails = {
        name: ax.add_collection(
            LineCollection([], colors=color, linewidths=1.5, alpha=0.55, zorder=3)
        )
        for name, color in (("off", off_c.primary), ("def", def_c.primary), ("ball", BALL_COLOR))
    }
    pair_sets: list[tuple[ov.Pairs, LineCollection]] = []
    if "separation" in builtins:
        pair_sets.append(
            (
                ov.separation(play),
                ax.add_collection(
                    LineCollection(
                        [], colors=SEPARATION_COLOR, linewidths=1.5, linestyles="--", zorder=4
                    )
                ),
            )
        )
    if "qb_distance" in builtins:
        pair_sets.append(
            (
                ov.qb_distance(play),
                ax.add_collection(
                    LineCollection([], colors=RUSH_COLOR, linewidths=1.5, linestyles=":", zorder=4)
                ),
            )
        )
    vectors = None
    if "speed" in builtins:
        vx, vy = view.to_screen(*ov.speed_vectors(play))
        vectors = ax.add_collection(
            LineCollection([], colors=VECTOR_COLOR, linewidths=1.5, zorder=4)
        )
    dots = {
        "off": ax.scatter(
            [], [], s=size**2, c=off_c.primary, edgecolors=off_c.secondary, linewidths=1.2, zorder=5
        ),
        "def": ax.scatter(
            [], [], s=size**2, c=def_c.primary, edgecolors=def_c.secondary, linewidths=1.2, zorder=5
        ),
        "ball": ax.scatter(
            [],
            [],
            s=(size * 0.6) ** 2,
            c=BALL_COLOR,
            marker="D",
            edgecolors="white",
            linewidths=0.8,
            zorder=6,
        ),
    }
    numbers = [
        ax.text(
            0,
            0,
            play.jersey[c],
            ha="center",
            va="center",
            fontsize=size * 0.42,
            fontweight="bold",
            color=(off_c if c in off else def_c).text,
            zorder=6,
            clip_on=True,
        )
        for c in np.concatenate([off, dfn])
    ]
    hud = ax.text(x0 + 0.6, y1 - 0.4, "", ha="left", va="top", fontsize=9, color="white", zorder=7)
    clock = play.game_clock()
    cols = np.concatenate([off, dfn])

    def trail_segments(f: int, idx: Sequence[int]) -> list[np.ndarray]:
        lo = max(0, f - trail)
        out = []
        for c in idx:
            pts = np.column_stack([sx[lo : f + 1, c], sy[lo : f + 1, c]])
            pts = pts[np.isfinite(pts).all(axis=1)]
            if len(pts) > 1:
                out.append(pts)
        return out

    def draw(f: int) -> list:  # type: ignore[type-arg]
        if trail:
            trails["off"].set_segments(trail_segments(f, off))
            trails["def"].set_segments(trail_segments(f, dfn))
            trails["ball"].set_segments(trail_segments(f, [ball] if ball is not None else []))
        for pairs, coll in pair_sets:
            coll.set_segments(list(_segments(sx[f], sy[f], pairs.a, pairs.b[f])))
        if vectors is not None:
            seg = np.stack(
                [
                    np.column_stack([sx[f, cols], sy[f, cols]]),
                    np.column_stack([vx[f, cols], vy[f, cols]]),
                ],
                axis=1,
            )
            vectors.set_segments(list(seg[np.isfinite(seg).all(axis=(1, 2))]))
        for key, idx in (("off", off), ("def", dfn), ("ball", [] if ball is None else [ball])):
            pts = np.column_stack([sx[f, idx], sy[f, idx]]) if len(idx) else np.zeros((0, 2))
            dots[key].set_offsets(np.where(np.isfinite(pts), pts, np.nan))
        for t, c in zip(numbers, cols, strict=True):
            if np.isfinite(sx[f, c]):
                t.set_position((sx[f, c], sy[f, c]))
                t.set_visible(True)
            else:
                t.set_visible(False)
        past = [e for e in play.events[: f + 1] if e]
        parts = [clock[f], f"frame {play.frame_ids[f]}/{play.frame_ids[-1]}"]
        if past:
            parts.append(past[-1])
        parts += [f"{s.name} {s.label(f)}" for s in stats if not s.per_player]
        hud.set_text("  ·  ".join(parts))
        return [*trails.values(), *dots.values(), *numbers, hud]

    anim = FuncAnimation(fig, draw, frames=play.n_frames, interval=1000.0 / fps, blit=False)
    out.parent.mkdir(parents=True, exist_ok=True)
    writer = PillowWriter(fps=fps) if fmt == "gif" else FFMpegWriter(fps=fps, bitrate=2400)
    anim.save(str(out), writer=writer, dpi=dpi)
    plt.close(fig)
    return out


def render_video(
    dataset: Dataset,
    game_id: int,
    play_id: int,
    out: str | Path,
    overlays: Iterable[OverlaySpec] = (),
    *,
    format: VideoFormat | None = None,
    standardized: bool = True,
    crop: bool = True,
    orientation: Orientation = "horizontal",
    trail: int = 20,
    fps: float = FRAME_RATE,
    width_in: float = 10.0,
    dpi: int = 80,
) -> Path:
    """Render one play as a GIF or MP4 with Matplotlib.

    Parameters
    ----------
    out
        Output file; the format follows its suffix unless ``format`` is given.
    format
        ``"gif"`` (Pillow) or ``"mp4"`` (needs ffmpeg).
    fps
        Frames per second (10 = real time for 10 Hz tracking).
    width_in, dpi
        Picture width in inches and dots per inch (pixels = inches × dpi).

    The other parameters are those of :func:`gridtrack.viz.animate`.
    """
    play = load_play(dataset, game_id, play_id, standardized=standardized)
    return render_play(
        play,
        out,
        overlays,
        format=format,
        crop=crop,
        orientation=orientation,
        trail=trail,
        fps=fps,
        width_in=width_in,
        dpi=dpi,
    )
