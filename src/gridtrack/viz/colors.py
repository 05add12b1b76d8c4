"""NFL club colours, and picking two that stay apart on one picture.

Colours are hex strings (``"#RRGGBB"``). Clubs are looked up by their abbreviation as any
source spells it: older and feed-specific spellings (``OAK``, ``SD``, ``STL``, ``LA``,
``ARZ``, ``BLT``, ``CLV``, ``HST``, ``JAC``, ``WSH``) map to the current club.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClubColors:
    """A club's marker colours: ``primary`` fills the marker, ``secondary`` outlines it,
    ``text`` is the jersey number colour (readable on ``primary``)."""

    primary: str
    secondary: str
    text: str = "#FFFFFF"


CLUB_COLORS: dict[str, ClubColors] = {
    "ARI": ClubColors("#97233F", "#FFB612"),
    "ATL": ClubColors("#A71930", "#000000"),
    "BAL": ClubColors("#241773", "#9E7C0C"),
    "BUF": ClubColors("#00338D", "#C60C30"),
    "CAR": ClubColors("#0085CA", "#101820"),
    "CHI": ClubColors("#0B162A", "#C83803"),
    "CIN": ClubColors("#FB4F14", "#000000"),
    "CLE": ClubColors("#311D00", "#FF3C00"),
    "DAL": ClubColors("#003594", "#869397"),
    "DEN": ClubColors("#FB4F14", "#002244"),
    "DET": ClubColors("#0076B6", "#B0B7BC"),
    "GB": ClubColors("#203731", "#FFB612"),
    "HOU": ClubColors("#03202F", "#A71930"),
    "IND": ClubColors("#002C5F", "#A2AAAD"),
    "JAX": ClubColors("#006778", "#D7A22A"),
    "KC": ClubColors("#E31837", "#FFB81C"),
    "LAC": ClubColors("#0080C6", "#FFC20E"),
    "LAR": ClubColors("#003594", "#FFA300"),
    "LV": ClubColors("#000000", "#A5ACAF"),
    "MIA": ClubColors("#008E97", "#FC4C02"),
    "MIN": ClubColors("#4F2683", "#FFC62F"),
    "NE": ClubColors("#002244", "#C60C30"),
    "NO": ClubColors("#D3BC8D", "#101820", "#101820"),
    "NYG": ClubColors("#0B2265", "#A71930"),
    "NYJ": ClubColors("#125740", "#FFFFFF"),
    "PHI": ClubColors("#004C54", "#A5ACAF"),
    "PIT": ClubColors("#FFB612", "#101820", "#101820"),
    "SEA": ClubColors("#002244", "#69BE28"),
    "SF": ClubColors("#AA0000", "#B3995D"),
    "TB": ClubColors("#D50A0A", "#34302B"),
    "TEN": ClubColors("#0C2340", "#4B92DB"),
    "WAS": ClubColors("#5A1414", "#FFB612"),
}
"""Primary and secondary colours of the 32 clubs, by current abbreviation."""

CLUB_ALIASES: dict[str, str] = {
    "OAK": "LV",
    "SD": "LAC",
    "STL": "LAR",
    "LA": "LAR",
    "ARZ": "ARI",
    "BLT": "BAL",
    "CLV": "CLE",
    "HST": "HOU",
    "JAC": "JAX",
    "WSH": "WAS",
}

BALL_COLOR = "#8B4513"
"""The ball: brown, outlined in white."""
HOME_FALLBACK = ClubColors("#1F4E9C", "#FFFFFF")
AWAY_FALLBACK = ClubColors("#D4D4D4", "#1A1A1A", "#1A1A1A")


def club_colors(club: str | None, *, fallback: ClubColors = HOME_FALLBACK) -> ClubColors:
    """The colours of ``club`` (any spelling in :data:`CLUB_ALIASES`), else ``fallback``."""
    if not club:
        return fallback
    key = club.strip().upper()
    return CLUB_COLORS.get(CLUB_ALIASES.get(key, key), fallback)


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """``"#RRGGBB"`` → (r, g, b), each 0–255."""
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def color_distance(a: str, b: str) -> float:
    """Euclidean distance between two colours in RGB space (0 … 441.7)."""
    return sum((p - q) ** 2 for p, q in zip(hex_to_rgb(a), hex_to_rgb(b), strict=True)) ** 0.5


def matchup_colors(
    offense: str | None, defense: str | None, *, min_distance: float = 90.0
) -> tuple[ClubColors, ClubColors]:
    """Colours for the two clubs of a play, kept apart: where the primaries are closer than
    ``min_distance`` (RGB units), the defense wears its secondary colour (or white)."""
    off = on_grass(club_colors(offense, fallback=HOME_FALLBACK))
    dfn = on_grass(club_colors(defense, fallback=AWAY_FALLBACK))
    if color_distance(off.primary, dfn.primary) < min_distance:
        if color_distance(off.primary, dfn.secondary) >= min_distance:
            dfn = ClubColors(dfn.secondary, dfn.primary, _text_on(dfn.secondary))
        else:
            dfn = ClubColors("#F2F2F2", dfn.primary, "#1A1A1A")
    return off, dfn


GRASS_RGB = "#3F7D3A"
"""The field green of :mod:`gridtrack.viz.field` (kept here to avoid an import cycle)."""


def on_grass(colors: ClubColors, *, min_distance: float = 80.0) -> ClubColors:
    """``colors``, with primary and secondary swapped where the primary would vanish on the
    field green (e.g. the Jets' green) and the secondary stands out better."""
    if color_distance(colors.primary, GRASS_RGB) >= min_distance:
        return colors
    if color_distance(colors.secondary, GRASS_RGB) > color_distance(colors.primary, GRASS_RGB):
        return ClubColors(colors.secondary, colors.primary, _text_on(colors.secondary))
    return colors


def _text_on(color: str) -> str:
    """Black or white, whichever reads better on ``color`` (relative luminance)."""
    r, g, b = hex_to_rgb(color)
    return "#101820" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#FFFFFF"
