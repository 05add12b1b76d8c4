"""Reader for the Big Data Bowl 2019 layout (2017 season, weeks 1-6).

Files: ``tracking_gameId_<gameId>.csv`` (primary, one per game), with ``plays.csv``,
``games.csv`` and ``players.csv`` beside them (possibly ``.gz``). Tracking columns:
``time,x,y,s,dis,dir,event,nflId,displayName,jerseyNumber,team,frame.id,gameId,playId``;
``team`` is ``home``/``away``/``ball``, mapped to clubs through ``games.csv``; the side comes
from ``plays.csv`` ``possessionTeam``. The source has no ``a``, no ``o`` and no play
direction (left null).

Angles: checked on game 2017090700 by comparing ``dir`` with the direction of the
displacement between the neighbouring frames, atan2(dx, dy), for players with s > 1 yd/s:
98 % agree within 30° (median difference 3.3°), so ``dir`` already follows the canonical
convention (0° = +y, clockwise); it is only wrapped into [0, 360) (the source writes 360).

Time: the shared copy lost the tenths of a second of ``time`` (every stamp is truncated to
the whole second), and a few entities carry stamps seconds away from their frame. The time is
therefore rebuilt as ``t0 + (frame_id - 1) · 0.1 s`` per play, where ``t0`` is the play's
first time, refined to 0.1 s: with the per-frame median stamp ``T(f)`` (over the entities),
each frame bounds ``t0 >= T(f) - (f - 1) · 0.1 s``, and the largest bound (within one second of
the smallest, to shed outliers) is ``t0``. With untruncated stamps this gives ``t0`` exactly.
The ball gets the same treatment on its own: in a few plays its stamps start about 2 s before
the players' while its frame numbers start at 1 with theirs (it then starts moving some 20
frames after the snap event). Where the ball's ``t0`` differs from the players' by more than
:data:`BALL_CLOCK_TOLERANCE`, its rows keep their time and get ``frame_id`` null, so that the
ingest aligns them onto the player frames by time.

Rows with NA coordinates (sensor dropouts, also without a time) are kept with nulls.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import polars as pl

from gridtrack.errors import ReadError
from gridtrack.io._common import (
    FLOAT64,
    LINE,
    SOURCE,
    base_name,
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
from gridtrack.io._time import clock_seconds, utc_time
from gridtrack.schema import (
    GAMES,
    PLAYERS,
    PLAYS,
    UTC_TIME,
    Dataset,
    Table,
    normalize_event_expr,
)

FORMAT = "bdb2019"
DESCRIPTION = "Big Data Bowl 2019: tracking_gameId_*.csv (2017) with plays, games, players.csv"

TRACKING_COLUMNS = (
    "time",
    "x",
    "y",
    "s",
    "dis",
    "dir",
    "event",
    "nflId",
    "displayName",
    "jerseyNumber",
    "team",
    "frame.id",
    "gameId",
    "playId",
)
PLAYS_COLUMNS = (
    "gameId",
    "playId",
    "quarter",
    "GameClock",
    "down",
    "yardsToGo",
    "possessionTeam",
    "yardlineSide",
    "yardlineNumber",
    "isSTPlay",
    "SpecialTeamsPlayType",
    "PassResult",
    "PlayResult",
    "playDescription",
)
GAMES_COLUMNS = ("gameId", "season", "week", "gameDate", "homeTeamAbbr", "visitorTeamAbbr")
PLAYERS_COLUMNS = ("nflId", "FirstName", "LastName", "PositionAbbr", "Height", "Weight")

TRACKING_MAP = (
    SourceColumn("gameId", "game_id", pl.Int64()),
    SourceColumn("playId", "play_id", pl.Int64()),
    SourceColumn("frame.id", "frame_id", pl.Int32()),
    SourceColumn("nflId", "nfl_id", pl.Int64()),
    SourceColumn("jerseyNumber", "jersey_number", pl.Int16()),
    SourceColumn("x", "x", FLOAT64),
    SourceColumn("y", "y", FLOAT64),
    SourceColumn("s", "s", FLOAT64),
    SourceColumn("dis", "dis", FLOAT64),
    SourceColumn("dir", "dir", FLOAT64, wrap_angle),
)
"""Tracking columns read as numbers (yd, yd/s, degrees); ``time`` and ``team`` are rebuilt."""
GAMES_MAP = (
    SourceColumn("gameId", "game_id", pl.Int64()),
    SourceColumn("season", "season", pl.Int16()),
    SourceColumn("homeTeamAbbr", "home_club"),
    SourceColumn("visitorTeamAbbr", "away_club"),
    SourceColumn("gameDate", "game_date", transform=parse_date),
)
PLAYS_MAP = (
    SourceColumn("gameId", "game_id", pl.Int64()),
    SourceColumn("playId", "play_id", pl.Int64()),
    SourceColumn("quarter", "quarter", pl.Int8()),
    SourceColumn("GameClock", "game_clock", transform=clock_seconds),
    SourceColumn("down", "down", pl.Int8()),
    SourceColumn("yardsToGo", "yards_to_go", pl.Int16()),
    SourceColumn("possessionTeam", "possession_club"),
    SourceColumn("PassResult", "pass_result", transform=lambda e: e.str.strip_chars()),
    SourceColumn("PlayResult", "yards_gained", pl.Int16()),
    SourceColumn("playDescription", "description"),
)
"""``plays.csv`` columns mapped one to one (game clock in seconds left in the quarter)."""
PLAYERS_MAP = (
    SourceColumn("nflId", "nfl_id", pl.Int64()),
    SourceColumn("PositionAbbr", "position"),
    SourceColumn("Height", "height_in", transform=parse_height_inches),
    SourceColumn("Weight", "weight_lb", pl.Float32()),
)
"""``players.csv`` columns mapped one to one (height ``6'03"`` → 75 in, weight in lb)."""

BALL_CLOCK_TOLERANCE = timedelta(milliseconds=500)
"""A ball track whose first time differs from the players' by more than this is on its own
clock (its rows get ``frame_id`` null)."""

NUMERIC_PLAY_EXTRAS = (
    "yardlineNumber",
    "defendersInTheBox",
    "numberOfPassRushers",
    "HomeScoreBeforePlay",
    "VisitorScoreBeforePlay",
    "HomeScoreAfterPlay",
    "VisitorScoreAfterPlay",
    "KickReturnYardage",
    "PassLength",
    "YardsAfterCatch",
)
BOOLEAN_PLAY_EXTRAS = ("isPenalty", "isSTPlay")
SPECIAL_TEAMS = {
    "Kickoff": "kickoff",
    "Punt": "punt",
    "Field Goal": "field_goal",
    "Extra Point": "extra_point",
}
PLAY_KEY = ["game_id", "play_id"]


def _split(paths: Sequence[Path]) -> tuple[dict[str, Path], list[Path]]:
    """Companion files by base name, and the tracking files."""
    companions: dict[str, Path] = {}
    primaries: list[Path] = []
    for path in paths:
        name = base_name(path).lower()
        if name in ("plays", "games", "players"):
            companions[name] = path
        else:
            primaries.append(path)
    if not primaries:
        raise ReadError(f"{FORMAT}: no tracking_gameId_*.csv file among {[p.name for p in paths]}")
    return companions, primaries


def _scan(path: Path, required: Sequence[str]) -> pl.LazyFrame:
    require_columns(path, header(path), required, FORMAT)
    return scan_text(path)


def _scan_companion(path: Path, required: Sequence[str]) -> pl.LazyFrame:
    """A companion table: its rows as text, without the bookkeeping columns."""
    lf = _scan(path, required)
    return lf.drop(*[c for c in (SOURCE, LINE, "_truncated") if c in _names(lf)])


def _scan_tracking(path: Path) -> pl.LazyFrame:
    """One tracking file → raw canonical columns (before time and side), with reasons."""
    lf = _scan(path, TRACKING_COLUMNS)
    names = lf.collect_schema().names()
    team = pl.col("team").str.strip_chars().str.to_lowercase()
    team_problem = pl.when(~team.is_in(["home", "away", "ball"]).fill_null(False)).then(
        pl.format("column team: expected home, away or ball, found '{}'", pl.col("team"))
    )
    reasons = [pl.col("_truncated")] if "_truncated" in names else []
    reasons += mapping_problems(TRACKING_MAP)
    return lf.select(
        *mapped(TRACKING_MAP),
        utc_time(pl.col("time")).alias("_stamp"),
        team.alias("_team"),
        normalize_event_expr(pl.col("event")).alias("event"),
        pl.col(SOURCE),
        pl.col(LINE),
        first_reason(*reasons, team_problem).alias("_reason0"),
    )


def _since_first(frame_id: pl.Expr) -> pl.Expr:
    """Time from frame 1 to ``frame_id`` at 10 Hz."""
    return pl.duration(milliseconds=(frame_id.cast(pl.Int64) - 1) * 100)


def _track_starts(tracking: pl.LazyFrame) -> pl.LazyFrame:
    """Per play and track (players / ball): the refined first time ``t0`` (see module doc)."""
    keys = [*PLAY_KEY, "_is_ball"]
    per_frame = (
        tracking.filter(pl.col("_stamp").is_not_null() & pl.col("frame_id").is_not_null())
        .group_by(*keys, "frame_id")
        .agg(pl.col("_stamp").median().alias("_median"))
        .with_columns((pl.col("_median") - _since_first(pl.col("frame_id"))).alias("_bound"))
    )
    lowest = pl.col("_bound").min().over(keys)
    return (
        per_frame.filter(pl.col("_bound") < lowest + timedelta(seconds=1))
        .group_by(keys)
        .agg(pl.col("_bound").max().alias("_t0"))
    )


def _with_time(tracking: pl.LazyFrame) -> pl.LazyFrame:
    """Rebuild ``time`` from the frame number; the ball on its own clock loses its frame."""
    tracking = tracking.with_columns((pl.col("_team") == "ball").alias("_is_ball"))
    starts = _track_starts(tracking)
    players = starts.filter(~pl.col("_is_ball")).select(*PLAY_KEY, pl.col("_t0").alias("_tp"))
    ball = starts.filter(pl.col("_is_ball")).select(*PLAY_KEY, pl.col("_t0").alias("_tb"))
    offset = _since_first(pl.col("frame_id"))
    own_clock = (
        pl.col("_is_ball")
        & pl.col("_tp").is_not_null()
        & pl.col("_tb").is_not_null()
        & ((pl.col("_tb") - pl.col("_tp")).abs() > BALL_CLOCK_TOLERANCE)
    ).fill_null(False)
    start = pl.when(pl.col("_is_ball")).then(pl.coalesce("_tb", "_tp")).otherwise("_tp")
    return (
        tracking.join(players, on=PLAY_KEY, how="left")
        .join(ball, on=PLAY_KEY, how="left")
        .with_columns((start + offset).cast(UTC_TIME).alias("time"), own_clock.alias("_own"))
        .with_columns(pl.when(~pl.col("_own")).then(pl.col("frame_id")).alias("frame_id"))
    )


def _with_sides(tracking: pl.LazyFrame, games: pl.LazyFrame, plays: pl.LazyFrame) -> pl.LazyFrame:
    """Club from home/away via ``games``; side from the possession club via ``plays``."""
    clubs = games.select(pl.col("game_id"), "home_club", "away_club")
    possession = plays.select(*PLAY_KEY, "possession_club")
    club = (
        pl.when(pl.col("_team") == "ball")
        .then(pl.lit("football"))
        .when(pl.col("_team") == "home")
        .then(pl.col("home_club"))
        .when(pl.col("_team") == "away")
        .then(pl.col("away_club"))
    )
    side = (
        pl.when(pl.col("_team") == "ball")
        .then(pl.lit("ball"))
        .when(pl.col("club") == pl.col("possession_club"))
        .then(pl.lit("offense"))
        .when(pl.col("club").is_not_null() & pl.col("possession_club").is_not_null())
        .then(pl.lit("defense"))
    )
    unknown = pl.when(pl.col("side").is_null() & pl.col("_team").is_in(["home", "away"])).then(
        pl.format(
            "column side: no club or possession team for game {} play {} "
            "(not in games.csv/plays.csv)",
            "game_id",
            "play_id",
        )
    )
    missing_key = pl.when(~pl.col("_own")).then(pl.coalesce(*required_problem("frame_id")))
    return (
        tracking.join(clubs, on="game_id", how="left")
        .join(possession, on=PLAY_KEY, how="left")
        .with_columns(club.alias("club"))
        .with_columns(side.alias("side"))
        .with_columns(
            first_reason(
                pl.col("_reason0"), *required_problem("game_id", "play_id"), missing_key, unknown
            )
        )
    )


def _games(path: Path) -> pl.LazyFrame:
    """``games.csv`` → canonical games (other columns kept in snake_case)."""
    lf = _scan_companion(path, GAMES_COLUMNS)
    week = number("week", pl.Int8())
    season_type = (
        pl.when(week.is_between(1, 17)).then(pl.lit("REG")).when(week > 17).then(pl.lit("POST"))
    )
    canonical = [
        *mapped(GAMES_MAP),
        season_type.alias("season_type"),
        week.fill_null(0).alias("week"),
    ]
    typed = {c: number(c, pl.Int16()) for c in ("HomeScore", "VisitorScore")}
    games = _to_table(lf, GAMES, canonical, GAMES_COLUMNS, typed)
    return games.filter(pl.col("game_id").is_not_null()).unique(
        "game_id", keep="first", maintain_order=True
    )


def _names(lf: pl.LazyFrame) -> list[str]:
    return lf.collect_schema().names()


def _to_table(
    lf: pl.LazyFrame,
    table: Table,
    canonical: list[pl.Expr],
    consumed: Sequence[str],
    typed: dict[str, pl.Expr],
) -> pl.LazyFrame:
    """Canonical columns (``table.conform`` puts them in order), then every source column not
    ``consumed`` under its snake_case name (converted by ``typed`` where given, else text)."""
    extras = [
        typed.get(c, pl.col(c)).alias(camel_to_snake(c)) for c in _names(lf) if c not in consumed
    ]
    return table.conform(lf.select(*canonical, *extras))


def _absolute_yardline() -> pl.Expr:
    """Line of scrimmage in the standardized frame: own n → 10 + n, opponent's n → 110 − n,
    midfield (50) → 60 (yd)."""
    n = number("yardlineNumber", pl.Float32())
    own = pl.col("yardlineSide") == pl.col("possessionTeam")
    return (
        pl.when(n == 50)
        .then(pl.lit(60.0))
        .when(own)
        .then(10.0 + n)
        .when(pl.col("yardlineSide").is_not_null() & pl.col("possessionTeam").is_not_null())
        .then(110.0 - n)
    )


def _play_type() -> pl.Expr:
    """Special teams type, else sack / pass from ``PassResult``, else from the description."""
    special = pl.col("isSTPlay").str.to_uppercase() == "TRUE"
    result = pl.col("PassResult")
    text = pl.col("playDescription").fill_null("")
    return (
        pl.when(special)
        .then(pl.col("SpecialTeamsPlayType").replace_strict(SPECIAL_TEAMS, default="other"))
        .when(result == "S")
        .then(pl.lit("sack"))
        .when(result.is_in(["C", "I", "IN", "R"]))
        .then(pl.lit("pass"))
        .when(text.str.contains(r"\b(kneels|spiked)\b"))
        .then(pl.lit("other"))
        .when(text.str.contains(r"\bpass\b"))
        .then(pl.lit("pass"))
        .otherwise(pl.lit("run"))
    )


def _plays(path: Path, games: pl.LazyFrame) -> pl.LazyFrame:
    """``plays.csv`` → canonical plays; the defensive club is the other club of the game."""
    lf = _scan_companion(path, PLAYS_COLUMNS)
    canonical = [
        *mapped(PLAYS_MAP),
        _absolute_yardline().alias("absolute_yardline"),
        _play_type().alias("play_type"),
    ]
    kept = ("yardlineSide", "yardlineNumber", "isSTPlay", "SpecialTeamsPlayType")
    consumed = [c for c in PLAYS_COLUMNS if c not in kept]
    typed = {c: number(c, pl.Int16()) for c in NUMERIC_PLAY_EXTRAS}
    typed |= {c: pl.col(c).str.to_uppercase() == "TRUE" for c in BOOLEAN_PLAY_EXTRAS}
    plays = _to_table(lf, PLAYS, canonical, consumed, typed)
    clubs = games.select("game_id", "home_club", "away_club")
    defense = (
        pl.when(pl.col("possession_club") == pl.col("home_club"))
        .then(pl.col("away_club"))
        .when(pl.col("possession_club") == pl.col("away_club"))
        .then(pl.col("home_club"))
    )
    joined = (
        plays.filter(pl.col("game_id").is_not_null() & pl.col("play_id").is_not_null())
        .join(clubs, on="game_id", how="left")
        .with_columns(defense.alias("defensive_club"))
        .drop("home_club", "away_club")
    )
    return PLAYS.conform(joined)


def _players(path: Path) -> pl.LazyFrame:
    """``players.csv`` → canonical players (height ``6'03"`` → 75 in)."""
    lf = _scan_companion(path, PLAYERS_COLUMNS)
    display_name = pl.concat_str(["FirstName", "LastName"], separator=" ")
    canonical = [*mapped(PLAYERS_MAP), display_name.alias("display_name")]
    consumed = [c.source for c in PLAYERS_MAP]
    typed = {c: number(c, pl.Int16()) for c in ("EntryYear", "DraftRound", "DraftNumber")}
    players = _to_table(lf, PLAYERS, canonical, consumed, typed)
    return players.filter(pl.col("nfl_id").is_not_null()).unique(
        "nfl_id", keep="first", maintain_order=True
    )


class Bdb2019Reader:
    """The Big Data Bowl 2019 reader (:data:`FORMAT`): see the module docstring."""

    format = FORMAT
    description = DESCRIPTION

    def claims(self, path: Path, head: str) -> bool:
        """``tracking*.csv`` files whose header has ``frame.id`` and ``team``."""
        if not path.name.lower().startswith("tracking"):
            return False
        columns = head_columns(head)
        return {"frame.id", "gameId", "playId", "team", "nflId"} <= columns

    def read(self, paths: Sequence[Path], *, parse_numbers: bool = False) -> Dataset:
        """Read tracking files and their companions into canonical tables (lazy).

        ``parse_numbers`` has no effect here: every value is read as text and one that is
        not a number sends its row to the quarantine with a reason.
        """
        companions, primaries = _split(paths)
        for name in ("plays", "games"):
            if name not in companions:
                raise ReadError(
                    f"{FORMAT}: {name}.csv is required beside {[p.name for p in primaries]} "
                    "(it gives the clubs and the possession team); give the whole folder"
                )
        games = _games(companions["games"])
        plays = _plays(companions["plays"], games)
        players = _players(companions["players"]) if "players" in companions else None
        tracking = pl.concat([_scan_tracking(p) for p in primaries], how="vertical")
        tracking = _with_time(tracking)
        tracking = _with_sides(tracking, games, plays)
        dataset = Dataset(tracking=tracking_frame(tracking), plays=plays, games=games)
        return dataset if players is None else dataset.replace(players=players)
