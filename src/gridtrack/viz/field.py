"""An NFL field to scale, as drawing primitives independent of the plotting library.

Field coordinates are yards: ``x`` along the field, 0–120 end line to end line (goal lines
at 10 and 110), ``y`` across it, 0–53⅓ sideline to sideline; hash marks at y = 23.58 and
29.75. :class:`FieldView` chooses what part of the field is shown and how it lies on the
screen; :func:`field_layers` lists rectangles, line batches and labels in field
coordinates, which :mod:`gridtrack.viz.field_plotly` and :mod:`gridtrack.viz.field_mpl`
draw.

Vertical pictures turn the field 90° counter-clockwise: screen ``(X, Y) = (53⅓ − y, x)``,
so the offense (moving toward +x once standardized) runs up the screen and nothing is
mirrored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from gridtrack.schema import (
    FIELD_LENGTH,
    FIELD_WIDTH,
    GOAL_LINE_LEFT,
    GOAL_LINE_RIGHT,
    HASH_Y_HIGH,
    HASH_Y_LOW,
)

Orientation = Literal["horizontal", "vertical"]

GRASS = "#3F7D3A"
"""Field green (the browser tests look for it)."""
END_ZONE = "#2F6A2C"
SURROUND = "#2B5A27"
LINE = "#FFFFFF"
GOAL_POST = "#FFD200"
SCRIMMAGE = "#1E64F0"
FIRST_DOWN = "#FFE800"

NUMBER_Y = 8.0
"""Distance of the centre of the yard numbers from each sideline (yd): numbers are 2 yd
tall with their tops 9 yd from the sideline."""
CROSSBAR = 6.1667
"""Goal-post crossbar width: 18 ft 6 in (yd)."""
MARK = 0.67
"""Length of hash marks and sideline yard ticks: 2 ft (yd)."""


@dataclass(frozen=True)
class FieldView:
    """What part of the field is drawn and how it lies on the screen.

    Parameters
    ----------
    orientation
        ``"horizontal"`` (x to the right) or ``"vertical"`` (x up the screen).
    x_range, y_range
        The field window shown, yards. Defaults: the whole field.
    margin
        Room drawn around the window, yards (sidelines and the team areas).
    """

    orientation: Orientation = "horizontal"
    x_range: tuple[float, float] = (0.0, FIELD_LENGTH)
    y_range: tuple[float, float] = (0.0, FIELD_WIDTH)
    margin: float = 3.0

    def __post_init__(self) -> None:
        if self.orientation not in ("horizontal", "vertical"):
            raise ValueError(f"orientation must be horizontal or vertical, not {self.orientation}")

    @property
    def vertical(self) -> bool:
        return self.orientation == "vertical"

    def to_screen(
        self, x: np.ndarray | float | Sequence[float], y: np.ndarray | float | Sequence[float]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Field (x, y) in yards → screen (X, Y) in yards (NaN stays NaN)."""
        xs = np.asarray(x, dtype=float)
        ys = np.asarray(y, dtype=float)
        if self.vertical:
            return FIELD_WIDTH - ys, xs
        return xs, ys

    def screen_angle(self, degrees: float) -> float:
        """A counter-clockwise text angle in field coordinates → on the screen."""
        return degrees + (90.0 if self.vertical else 0.0)

    @property
    def screen_ranges(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """(X range, Y range) on the screen, yards, margin included."""
        m = self.margin
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        xs, ys = self.to_screen([x0 - m, x1 + m], [y0 - m, y1 + m])
        return (float(xs.min()), float(xs.max())), (float(ys.min()), float(ys.max()))

    @property
    def aspect(self) -> float:
        """Screen height / width of the window."""
        (a, b), (c, d) = self.screen_ranges
        return (d - c) / (b - a)


def full_field(orientation: Orientation = "horizontal", *, margin: float = 3.0) -> FieldView:
    """The whole field, end line to end line."""
    return FieldView(orientation=orientation, margin=margin)


def cropped_view(
    xs: np.ndarray,
    *,
    orientation: Orientation = "horizontal",
    pad: float = 5.0,
    extra: Sequence[float] = (),
    min_length: float | None = None,
) -> FieldView:
    """A window spanning the x values ``xs`` (and ``extra``, e.g. the first-down line) plus
    ``pad`` yards, at least ``min_length`` yards long (default 60 horizontal, 40 vertical),
    within the field; full width."""
    if min_length is None:
        min_length = 60.0 if orientation == "horizontal" else 40.0
    values = np.concatenate([np.asarray(xs, dtype=float).ravel(), np.asarray(extra, float)])
    values = values[np.isfinite(values)]
    if values.size == 0:
        return full_field(orientation)
    lo, hi = float(values.min()) - pad, float(values.max()) + pad
    if hi - lo < min_length:
        mid = (lo + hi) / 2.0
        lo, hi = mid - min_length / 2.0, mid + min_length / 2.0
    lo, hi = max(lo, 0.0), min(hi, FIELD_LENGTH)
    return FieldView(orientation=orientation, x_range=(lo, hi))


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle in field yards."""

    x0: float
    y0: float
    x1: float
    y1: float
    fill: str
    line: str | None = None
    width: float = 0.0


@dataclass(frozen=True)
class Lines:
    """Straight segments in field yards sharing one style: ``xs``/``ys`` hold each
    segment's two ends followed by NaN (the break between segments)."""

    xs: np.ndarray
    ys: np.ndarray
    color: str
    width: float
    name: str


@dataclass(frozen=True)
class Label:
    """Text centred at (x, y) yards, turned ``angle`` degrees counter-clockwise."""

    x: float
    y: float
    text: str
    size: float
    color: str = LINE
    angle: float = 0.0


@dataclass
class FieldLayers:
    """Everything a field picture is made of, back to front."""

    rects: list[Rect] = field(default_factory=list)
    lines: list[Lines] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)


def segments(x0: Sequence[float], y0: Sequence[float], x1: Sequence[float], y1: Sequence[float]):
    """Interleave segment ends with NaN breaks: the ``xs, ys`` of :class:`Lines`."""
    a = np.column_stack([x0, x1, np.full(len(x0), np.nan)]).ravel()
    b = np.column_stack([y0, y1, np.full(len(y0), np.nan)]).ravel()
    return a, b


def yard_number(x: float) -> str:
    """The number painted at x yards: distance to the nearer goal line (10 … 50)."""
    return str(int(round(min(x - GOAL_LINE_LEFT, GOAL_LINE_RIGHT - x))))


def field_layers(
    *,
    goal_posts: bool = True,
    numbers: bool = True,
    end_zone_text: tuple[str, str] = ("", ""),
    end_zone_colors: tuple[str, str] = (END_ZONE, END_ZONE),
) -> FieldLayers:
    """The markings of a field in field yards.

    Parameters
    ----------
    goal_posts
        Draw the crossbars (18 ft 6 in wide) over the end lines.
    numbers
        Paint the yard numbers (10 … 50 … 10) on both halves.
    end_zone_text
        Words painted in the left and right end zones (e.g. club names).
    end_zone_colors
        Fill of the left and right end zones.
    """
    w = FIELD_WIDTH
    layers = FieldLayers()
    layers.rects += [
        Rect(0.0, 0.0, FIELD_LENGTH, w, GRASS),
        Rect(0.0, 0.0, GOAL_LINE_LEFT, w, end_zone_colors[0]),
        Rect(GOAL_LINE_RIGHT, 0.0, FIELD_LENGTH, w, end_zone_colors[1]),
        Rect(0.0, 0.0, FIELD_LENGTH, w, "rgba(0,0,0,0)", LINE, 2.0),
    ]
    five = np.arange(GOAL_LINE_LEFT + 5.0, GOAL_LINE_RIGHT, 5.0)
    layers.lines.append(
        Lines(*segments(five, np.zeros_like(five), five, np.full_like(five, w)), LINE, 1.2, "yard")
    )
    goals = np.array([GOAL_LINE_LEFT, GOAL_LINE_RIGHT])
    layers.lines.append(
        Lines(*segments(goals, np.zeros(2), goals, np.full(2, w)), LINE, 2.5, "goal line")
    )
    ones = np.array([v for v in range(11, 110) if v % 5])
    ys0, ys1 = [], []
    for lo, hi in ((1.0, 1.0 + MARK), (w - 1.0 - MARK, w - 1.0)):
        ys0.append(np.full(ones.size, lo))
        ys1.append(np.full(ones.size, hi))
    for h in (HASH_Y_LOW, HASH_Y_HIGH):
        ys0.append(np.full(ones.size, h - MARK / 2))
        ys1.append(np.full(ones.size, h + MARK / 2))
    xs_all = np.tile(ones, 4).astype(float)
    layers.lines.append(
        Lines(
            *segments(xs_all, np.concatenate(ys0), xs_all, np.concatenate(ys1)), LINE, 1.0, "hash"
        )
    )
    if goal_posts:
        mid = w / 2.0
        ends = np.array([0.0, FIELD_LENGTH])
        layers.lines.append(
            Lines(
                *segments(
                    ends, np.full(2, mid - CROSSBAR / 2), ends, np.full(2, mid + CROSSBAR / 2)
                ),
                GOAL_POST,
                4.0,
                "goal posts",
            )
        )
    if numbers:
        for x in np.arange(20.0, 101.0, 10.0):
            text = yard_number(float(x))
            layers.labels.append(Label(float(x), NUMBER_Y, text, 18.0))
            layers.labels.append(Label(float(x), w - NUMBER_Y, text, 18.0, angle=180.0))
    for x, text, angle in ((5.0, end_zone_text[0], 90.0), (115.0, end_zone_text[1], -90.0)):
        if text:
            layers.labels.append(Label(x, w / 2.0, text, 20.0, angle=angle))
    return layers
