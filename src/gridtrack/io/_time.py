"""The one parser of times, dates, seasons and weeks that the readers share.

Seasons. An NFL season is named by the year it starts in: the preseason opens in early
August (the Hall of Fame game, late July or early August), the regular season runs from
September to early January, and the playoffs end with the Super Bowl in early-to-mid
February (the latest so far on 13 February). No game is played between the Super Bowl and
the Hall of Fame game, and the league year itself turns in March. So a game dated January or
February belongs to the season that started the year before, and a game from March on to the
season of its own year (:data:`SEASON_FIRST_MONTH`): the cut-off sits in the empty months, on
the league year's boundary, and a late-July Hall of Fame game stays in its own season.

Checked on the real samples: for every game whose source states its season (``games.csv`` of
the 2019 Big Data Bowl, the highlight plays' context, the 2020 rushing file, the Sportradar
``game.year``) the season derived from the game id — or from the scheduled date, where the id
is a surrogate — is the stated one, playoff games of January included.
"""

from __future__ import annotations

import polars as pl

SEASON_FIRST_MONTH = 3
"""Games dated before this month (January, February) belong to the previous year's season."""


def season_of(date: pl.Expr) -> pl.Expr:
    """The season (Int16, the year it starts in) of a game played on ``date`` (Date)."""
    year = date.dt.year().cast(pl.Int32)
    before = (date.dt.month() < SEASON_FIRST_MONTH).cast(pl.Int32)
    return (year - before).cast(pl.Int16)


def date_from_game_id(expr: pl.Expr) -> pl.Expr:
    """The game date (Date) from an NFL ``YYYYMMDDNN`` game id (null where not a date)."""
    return (expr // 100).cast(pl.String).str.to_date("%Y%m%d", strict=False)


def season_from_game_id(expr: pl.Expr) -> pl.Expr:
    """The season (Int16) from an NFL ``YYYYMMDDNN`` game id (see :func:`season_of`)."""
    return season_of(date_from_game_id(expr))


def utc_time(expr: pl.Expr) -> pl.Expr:
    """Timestamps as the sources write them → Datetime(us, UTC); null where unreadable.

    Accepts ``2021-09-14T03:54:17.700``, ``2018-09-07T01:07:14.599Z``,
    ``2022-09-08 20:24:05.200000`` and whole seconds (``2018-09-11T02:20:00Z``); every source
    records UTC, with or without the ``Z``.
    """
    cleaned = expr.str.strip_chars().str.strip_suffix("Z").str.replace("T", " ", literal=True)
    return cleaned.str.to_datetime(
        "%Y-%m-%d %H:%M:%S%.f", strict=False, time_unit="us", time_zone="UTC"
    )


def clock_seconds(expr: pl.Expr) -> pl.Expr:
    """Game clock ``MM:SS`` or ``MM:SS:00`` (2019 layout) → seconds left in the quarter."""
    parts = expr.str.extract_groups(r"^\s*(\d{1,2}):(\d{2})")
    return parts.struct.field("1").cast(pl.Int16) * 60 + parts.struct.field("2").cast(pl.Int16)


def week_in_name(expr: pl.Expr, pattern: str) -> pl.Expr:
    """The week number (Int8) that ``pattern``'s first group finds in a file name, else null."""
    return expr.str.extract(pattern, 1).cast(pl.Int8, strict=False)
