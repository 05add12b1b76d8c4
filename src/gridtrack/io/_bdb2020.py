"""Reader for the Big Data Bowl 2020 rushing layout (Kaggle ``train.csv``, 2017-2019).

One row per player per rushing play, at the moment of the handoff: a snapshot, not a time
series. Every row gets ``frame_id`` 1 and the event ``handoff``; ``time`` is ``TimeHandoff``
(epoch seconds in the shared copy, ISO ``2017-09-08T00:44:06.000Z`` in the Kaggle original;
both are read). The source has no ball row and none is invented. ``PlayId`` is unique across
games (e.g. 20191124110068) and kept as ``play_id``.

Clubs: ``Team`` (home/away) maps through ``HomeTeamAbbr``/``VisitorTeamAbbr``. The source
spells four clubs differently in ``PossessionTeam``/``FieldPosition`` (ARZ, BLT, CLV, HST) than
in the home/visitor columns (ARI, BAL, CLE, HOU); every club column is mapped onto the latter
(:data:`CLUB_ALIASES`) so that the side (offense when the club has possession) is right.

Angles: in the 2019 sample ``Dir`` and ``Orientation`` already follow the canonical
convention (0° = +y, clockwise). With one frame per play there is no displacement to compare
against, so this was checked against the play direction: among players moving faster than
1 yd/s, the rusher's ``Dir`` points toward the offense's goal (sin(dir) has the sign of the
play direction) on 93 % of plays, offensive players face it (``Orientation``) 89 % of the time
and defenders face the other way 91 % of the time. In the 2017 season rows of the original
``Orientation`` is measured from +x (rotated by 90°); it is turned to the canonical convention
by ``o + 90`` (mod 360). ``Dir`` is canonical in every season.

``GameClock`` is ``MM:SS:00`` in the original and, in the shared copy, that same text read as
a time of day in seconds (53580 s = 14 h 53 min → 14:53 → 893 s left); both are read.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from gridtrack.io._common import (
    FLOAT64,
    LINE,
    SOURCE,
    camel_to_snake,
    first_reason,
    head_columns,
    header,
    number,
    parse_date,
    parse_height_inches,
    require_columns,
    required_problem,
    scan_text,
    tracking_frame,
    wrap_angle,
)
from gridtrack.io._mapping import (
    SourceColumn,
    mapped,
    mapping_problems,
)
from gridtrack.io._time import clock_seconds, date_from_game_id, utc_time
from gridtrack.schema import GAMES, PLAYERS, PLAYS, UTC_TIME, Dataset, Table

FORMAT = "bdb2020"
DESCRIPTION = "Big Data Bowl 2020 rushing train*.csv: one row per player at the handoff"

REQUIRED = (
    "GameId",
    "PlayId",
    "Team",
    "X",
    "Y",
    "S",
    "A",
    "Dis",
    "Orientation",
    "Dir",
    "NflId",
    "DisplayName",
    "JerseyNumber",
    "Season",
    "YardLine",
    "Quarter",
    "GameClock",
    "PossessionTeam",
    "Down",
    "Distance",
    "FieldPosition",
    "NflIdRusher",
    "PlayDirection",
    "TimeHandoff",
    "TimeSnap",
    "Yards",
    "HomeTeamAbbr",
    "VisitorTeamAbbr",
    "Week",
    "Position",
    "PlayerHeight",
    "PlayerWeight",
    "PlayerBirthDate",
)
CLUB_ALIASES = {"ARZ": "ARI", "BLT": "BAL", "CLV": "CLE", "HST": "HOU"}
"""Club spellings of ``PossessionTeam``/``FieldPosition`` → those of the home/visitor columns."""
CLUB_COLUMNS = ("PossessionTeam", "FieldPosition", "HomeTeamAbbr", "VisitorTeamAbbr")
ORIENTATION_FROM_X_SEASONS = (2017,)
"""Seasons whose ``Orientation`` is measured from +x rather than +y."""

PLAYER_COLUMNS = (
    "NflId",
    "DisplayName",
    "Position",
    "PlayerHeight",
    "PlayerWeight",
    "PlayerBirthDate",
    "PlayerCollegeName",
)
GAME_COLUMNS = (
    "GameId",
    "Season",
    "Week",
    "HomeTeamAbbr",
    "VisitorTeamAbbr",
    "Stadium",
    "Location",
    "StadiumType",
    "Turf",
    "GameWeather",
    "Temperature",
    "Humidity",
    "WindSpeed",
    "WindDirection",
)
TRACKING_ONLY = ("Team", "X", "Y", "S", "A", "Dis", "Orientation", "Dir", "JerseyNumber")
PLAY_NUMBERS = {
    "YardLine": pl.Int16(),
    "HomeScoreBeforePlay": pl.Int16(),
    "VisitorScoreBeforePlay": pl.Int16(),
    "NflIdRusher": pl.Int64(),
    "DefendersInTheBox": pl.Int16(),
    "Yards": pl.Int16(),
}
PLAY_KEY = ["game_id", "play_id"]
KEY_MAP = (
    SourceColumn("GameId", "game_id", pl.Int64()),
    SourceColumn("PlayId", "play_id", pl.Int64()),
)
TRACKING_MAP = (
    SourceColumn("NflId", "nfl_id", pl.Int64()),
    SourceColumn("JerseyNumber", "jersey_number", pl.Int16()),
    SourceColumn("X", "x", FLOAT64),
    SourceColumn("Y", "y", FLOAT64),
    SourceColumn("S", "s", FLOAT64),
    SourceColumn("A", "a", FLOAT64),
    SourceColumn("Dis", "dis", FLOAT64),
    SourceColumn("Orientation", "o", FLOAT64),
    SourceColumn("Dir", "dir", FLOAT64, wrap_angle),
)
"""Tracking columns read as numbers (yd, yd/s, yd/s², degrees); ``o`` also depends on the
season (:data:`ORIENTATION_FROM_X_SEASONS`)."""
PLAYS_MAP = (
    SourceColumn("Quarter", "quarter", pl.Int8()),
    SourceColumn("GameClock", "game_clock", transform=lambda e: game_clock(e)),
    SourceColumn("Down", "down", pl.Int8()),
    SourceColumn("Distance", "yards_to_go", pl.Int16()),
    SourceColumn("PossessionTeam", "possession_club"),
    SourceColumn("Yards", "yards_gained", pl.Int16()),
    SourceColumn(
        "PlayDirection",
        "play_direction",
        transform=lambda e: e.str.strip_chars().str.to_lowercase(),
    ),
)
"""Play columns mapped one to one (game clock in seconds left in the quarter, yd)."""
GAMES_MAP = (
    SourceColumn("Season", "season", pl.Int16()),
    SourceColumn("HomeTeamAbbr", "home_club"),
    SourceColumn("VisitorTeamAbbr", "away_club"),
)
PLAYERS_MAP = (
    SourceColumn("DisplayName", "display_name"),
    SourceColumn("Position", "position"),
    SourceColumn("PlayerHeight", "height_in", transform=parse_height_inches),
    SourceColumn("PlayerWeight", "weight_lb", pl.Float32()),
    SourceColumn("PlayerBirthDate", "birth_date", transform=parse_date),
)
"""Player columns mapped one to one (height ``6-4`` → 76 in, weight in lb)."""


def _scan(path: Path) -> pl.LazyFrame:
    require_columns(path, header(path), REQUIRED, FORMAT)
    lf = scan_text(path)
    clubs = [
        pl.col(c).str.strip_chars().replace(CLUB_ALIASES)
        for c in CLUB_COLUMNS
        if c in lf.collect_schema().names()
    ]
    return lf.with_columns(*clubs, *mapped(KEY_MAP))


def _names(lf: pl.LazyFrame) -> list[str]:
    return lf.collect_schema().names()


def parse_time(expr: pl.Expr) -> pl.Expr:
    """``TimeHandoff``/``TimeSnap``: epoch seconds or ISO ``...T00:44:06.000Z`` → UTC time."""
    text = expr.str.strip_chars()
    seconds = text.cast(pl.Float64, strict=False)
    epoch = pl.from_epoch((seconds * 1e6).round().cast(pl.Int64), time_unit="us")
    return pl.coalesce(epoch.dt.replace_time_zone("UTC"), utc_time(text)).cast(UTC_TIME)


def game_clock(expr: pl.Expr) -> pl.Expr:
    """``MM:SS:00`` text, or that text read as a time of day in seconds (53580 → 14:53),
    → seconds left in the quarter."""
    encoded = expr.str.strip_chars().cast(pl.Int32, strict=False)
    from_encoded = (encoded // 3600) * 60 + (encoded % 3600) // 60
    return pl.coalesce(clock_seconds(expr), from_encoded).cast(pl.Int16)


def _tracking(raw: pl.LazyFrame) -> pl.LazyFrame:
    """Canonical tracking: one frame (the handoff) per play, no ball row."""
    team = pl.col("Team").str.strip_chars().str.to_lowercase()
    club = (
        pl.when(team == "home")
        .then(pl.col("HomeTeamAbbr"))
        .when(team == "away")
        .then(pl.col("VisitorTeamAbbr"))
    )
    possession = pl.col("PossessionTeam")
    side = (
        pl.when(club == possession)
        .then(pl.lit("offense"))
        .when(club.is_not_null() & possession.is_not_null())
        .then(pl.lit("defense"))
    )
    from_x = number("Season", pl.Int16()).is_in(ORIENTATION_FROM_X_SEASONS).fill_null(False)
    orientation = (
        pl.when(from_x).then(number("Orientation") + 90.0).otherwise(number("Orientation"))
    )
    reasons = [pl.col("_truncated")] if "_truncated" in _names(raw) else []
    reasons += mapping_problems((*TRACKING_MAP, *KEY_MAP))
    reasons += required_problem("game_id", "play_id")
    reasons += [
        pl.when(~team.is_in(["home", "away"]).fill_null(False)).then(
            pl.format("column Team: expected home or away, found '{}'", pl.col("Team"))
        ),
        pl.when(club.is_not_null() & possession.is_null()).then(
            pl.lit("column PossessionTeam: missing, side unknown")
        ),
    ]
    tracking = raw.select(
        "game_id",
        "play_id",
        pl.lit(1, pl.Int32).alias("frame_id"),
        parse_time(pl.col("TimeHandoff")).alias("time"),
        *mapped(c for c in TRACKING_MAP if c.name != "o"),
        wrap_angle(orientation).alias("o"),
        club.alias("club"),
        side.alias("side"),
        pl.lit("handoff").alias("event"),
        pl.col(SOURCE),
        pl.col(LINE),
        first_reason(*reasons),
    )
    return tracking_frame(tracking)


def _first_per(raw: pl.LazyFrame, key: Sequence[str]) -> pl.LazyFrame:
    """The first row of each ``key`` (rows without the key left out)."""
    present = pl.all_horizontal(*[pl.col(k).is_not_null() for k in key])
    return raw.filter(present).unique(list(key), keep="first", maintain_order=True)


def _absolute_yardline() -> pl.Expr:
    """Line of scrimmage in the standardized frame: own n → 10 + n, opponent's n → 110 − n,
    midfield (50, no ``FieldPosition``) → 60 (yd)."""
    n = number("YardLine", pl.Float32())
    field = pl.col("FieldPosition")
    return (
        pl.when(n == 50)
        .then(pl.lit(60.0))
        .when(field == pl.col("PossessionTeam"))
        .then(10.0 + n)
        .when(field.is_not_null() & pl.col("PossessionTeam").is_not_null())
        .then(110.0 - n)
    )


def _to_table(
    lf: pl.LazyFrame, table: Table, canonical: list[pl.Expr], extras: dict[str, pl.Expr]
) -> pl.LazyFrame:
    """Canonical columns followed by the extras, conformed to ``table``."""
    return table.conform(lf.select(*canonical, *[e.alias(n) for n, e in extras.items()]))


def _plays(raw: pl.LazyFrame) -> pl.LazyFrame:
    """One row per play from the columns every row of the play repeats."""
    per_play = _first_per(raw, PLAY_KEY)
    possession = pl.col("PossessionTeam")
    defense = (
        pl.when(possession == pl.col("HomeTeamAbbr"))
        .then(pl.col("VisitorTeamAbbr"))
        .when(possession == pl.col("VisitorTeamAbbr"))
        .then(pl.col("HomeTeamAbbr"))
    )
    canonical = [
        pl.col("game_id"),
        pl.col("play_id"),
        *mapped(PLAYS_MAP),
        defense.alias("defensive_club"),
        _absolute_yardline().alias("absolute_yardline"),
        pl.lit("run").alias("play_type"),
    ]
    consumed = {
        *TRACKING_ONLY,
        *PLAYER_COLUMNS,
        *GAME_COLUMNS,
        "Quarter",
        "GameClock",
        "Down",
        "Distance",
        "PossessionTeam",
        "PlayDirection",
        "PlayId",
        "game_id",
        "play_id",
        SOURCE,
        LINE,
        "_truncated",
    }
    extras_from = [c for c in _names(raw) if c not in consumed]
    extras = {camel_to_snake(c): pl.col(c) for c in extras_from}
    extras |= {
        camel_to_snake(c): number(c, dtype) for c, dtype in PLAY_NUMBERS.items() if c in extras_from
    }
    extras |= {
        "time_handoff": parse_time(pl.col("TimeHandoff")),
        "time_snap": parse_time(pl.col("TimeSnap")),
    }
    return _to_table(per_play, PLAYS, canonical, extras)


def _games(raw: pl.LazyFrame) -> pl.LazyFrame:
    """One row per game; the date comes from the game id."""
    per_game = _first_per(raw, ["game_id"])
    week = number("Week", pl.Int8())
    canonical = [
        pl.col("game_id"),
        *mapped(GAMES_MAP),
        pl.when(week.is_between(1, 17)).then(pl.lit("REG")).alias("season_type"),
        week.fill_null(0).alias("week"),
        date_from_game_id(pl.col("game_id")).alias("game_date"),
    ]
    extras = {camel_to_snake(c): pl.col(c) for c in GAME_COLUMNS[5:] if c in _names(raw)}
    return _to_table(per_game, GAMES, canonical, extras)


def _players(raw: pl.LazyFrame) -> pl.LazyFrame:
    """One row per player (the first seen); height ``6-4`` → 76 in."""
    per_player = _first_per(
        raw.with_columns(number("NflId", pl.Int64()).alias("nfl_id")), ["nfl_id"]
    )
    canonical = [pl.col("nfl_id"), *mapped(PLAYERS_MAP)]
    extras = {"college": pl.col("PlayerCollegeName")} if "PlayerCollegeName" in _names(raw) else {}
    return _to_table(per_player, PLAYERS, canonical, extras)


class Bdb2020Reader:
    """The Big Data Bowl 2020 rushing reader (:data:`FORMAT`): see the module docstring."""

    format = FORMAT
    description = DESCRIPTION

    def claims(self, path: Path, head: str) -> bool:
        """``train*.csv`` files whose header has ``NflIdRusher``."""
        if not path.name.lower().startswith("train"):
            return False
        columns = head_columns(head)
        return {"NflIdRusher", "GameId", "PlayId"} <= columns

    def read(self, paths: Sequence[Path], *, parse_numbers: bool = False) -> Dataset:
        """Read ``train*.csv`` files into canonical tables (lazy).

        ``parse_numbers`` has no effect here: every value is read as text and one that is
        not a number sends its row to the quarantine with a reason.
        """
        raw = pl.concat([_scan(p) for p in paths], how="diagonal")
        return Dataset(
            tracking=_tracking(raw),
            plays=_plays(raw),
            players=_players(raw),
            games=_games(raw),
        )
