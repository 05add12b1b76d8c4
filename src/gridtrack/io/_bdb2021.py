"""Reader for the Big Data Bowl 2021–2025 layouts (camelCase columns).

Primary files are the weekly or seasonal tracking tables: ``week1.csv`` (BDB 2021, 2023),
``tracking2018.csv`` (BDB 2022), ``tracking_week_1.csv`` (BDB 2024, 2025) or any
``tracking*.csv``; what makes a file ours is its comma-separated header with ``gameId``,
``playId``, ``nflId``, ``frameId``, ``x`` and ``y``. Companions beside them: ``plays.csv``
(required: the possession team decides each row's side), ``games.csv`` and ``players.csv``
(optional), and the per-player-per-play tables ``player_play.csv`` (2025),
``pffScoutingData.csv`` (2023) and ``tackles.csv`` (2024), which :func:`read` leaves out of the
canonical tables and :func:`side_tables` returns lazily.

Variants handled across the years: ``team`` (a club abbreviation, or ``home``/``away`` named
through ``games.csv``) vs ``club``; ``position`` vs ``officialPosition``; the ball's ``nflId``
empty or ``NA``; ids and jersey numbers written as floats (``33131.0``); ``time`` written
``2021-09-14T03:54:17.700``, ``2018-09-07T01:07:14.599Z`` or ``2022-09-08 20:24:05.200000``
(all UTC); ``event`` ``None`` for no event; ``gameClock`` ``MM:SS`` or ``MM:SS:00``.

Angles: on the real sample (2021 season) ``dir`` agrees with the direction of the
displacement between frames, ``atan2(dx, dy)`` in degrees, on 100 % of the 3,875 player-frames
with ``s > 1`` (within 30°), so the source already uses the canonical convention (0° = +y,
clockwise); ``o`` peaks around ``dir`` for running players (median gap 36° at ``s > 4``), i.e.
the same convention. Angles are only wrapped into [0, 360).

Line of scrimmage: ``absoluteYardlineNumber`` is the line of scrimmage x in the *recorded*
frame (on the sample it equals the ball's x at the snap within 1.3 yd); it is turned into the
standardized frame as ``120 − v`` for plays recorded moving left. Where it is missing, it
comes from ``yardlineSide``/``yardlineNumber``: own side ``10 + n``, the opponent's ``110 − n``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import polars as pl

from gridtrack.errors import ReadError
from gridtrack.io._common import (
    FLOAT64,
    LINE,
    NULL_VALUES,
    REASON,
    SOURCE,
    as_text,
    base_name,
    camel_to_snake,
    check_gzip,
    first_reason,
    head_columns,
    header,
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
    number_sources,
)
from gridtrack.io._time import (
    clock_seconds,
    date_from_game_id,
    season_from_game_id,
    utc_time,
    week_in_name,
)
from gridtrack.schema import (
    FIELD_LENGTH,
    GAMES,
    PASS_RESULTS,
    PLAYERS,
    PLAYS,
    Dataset,
    normalize_event_expr,
)

FORMAT = "bdb2021"
DESCRIPTION = (
    "Big Data Bowl 2021-2025 (camelCase): week*.csv, tracking*.csv, tracking_week_*.csv "
    "with plays.csv, games.csv, players.csv"
)

PLAY = ["game_id", "play_id"]
INT64 = pl.Int64()
KEY_COLUMNS = ("gameId", "playId", "nflId", "frameId")
TRACKING_REQUIRED = (*KEY_COLUMNS, "x", "y")
SIDE_TABLES = ("player_play", "pffscoutingdata", "tackles")
COMPANIONS = ("plays", "games", "players", *SIDE_TABLES)

TO_INT64 = partial(pl.Expr.cast, dtype=INT64, strict=False)
"""Integer columns are read as Float64 first: ids and jersey numbers may be written as floats
(``33131.0``)."""
TEAM = SourceColumn("club", "team", transform=as_text, alternatives=("team",))
"""The club column (BDB 2022 on), or the 2021 ``team``: an abbreviation or ``home``/``away``."""
POSITION = SourceColumn(
    "position", "position", transform=as_text, alternatives=("officialPosition",)
)
"""The player's position: ``position``, or ``officialPosition`` (BDB 2023)."""
TRACKING_MAP = (
    SourceColumn("gameId", "game_id", FLOAT64, TO_INT64),
    SourceColumn("playId", "play_id", FLOAT64, TO_INT64),
    SourceColumn("nflId", "nfl_id", FLOAT64, TO_INT64),
    SourceColumn("frameId", "frame_id", FLOAT64, TO_INT64),
    SourceColumn("time", "time"),
    SourceColumn("jerseyNumber", "jersey_number", FLOAT64, TO_INT64),
    TEAM,
    SourceColumn(
        "playDirection", "play_direction", transform=lambda e: as_text(e).str.to_lowercase()
    ),
    SourceColumn("x", "x", FLOAT64),
    SourceColumn("y", "y", FLOAT64),
    SourceColumn("s", "s", FLOAT64),
    SourceColumn("a", "a", FLOAT64),
    SourceColumn("dis", "dis", FLOAT64),
    SourceColumn("o", "o", FLOAT64, wrap_angle),
    SourceColumn("dir", "dir", FLOAT64, wrap_angle),
    SourceColumn("event", "event", transform=lambda e: normalize_event_expr(as_text(e))),
    SourceColumn("displayName", "display_name", transform=as_text),
    POSITION,
)
"""Tracking columns → canonical/working names (``team``: the club, or ``home``/``away``;
``time`` stays text until :func:`_typed`), the first present of the candidate names read;
numbers in yd, yd/s, yd/s², degrees. Absent columns read as null."""

WEEK_IN_NAME = r"(?i)week_?(\d{1,2})"
"""The week in a file name: ``week3.csv``, ``tracking_week_3.csv``."""


# --- small expression helpers ---------------------------------------------------------------


def _text(names: Sequence[str], name: str) -> pl.Expr:
    """The source column ``name`` as stripped text, else null where the file lacks it."""
    return as_text(pl.col(name)) if name in names else pl.lit(None, pl.String)


def _integer(expr: pl.Expr, dtype: pl.DataType = INT64) -> pl.Expr:
    """Text holding an integer, possibly written as a float (``33131.0``) → ``dtype``."""
    return expr.str.strip_chars().cast(FLOAT64, strict=False).cast(dtype, strict=False)


def _whole(expr: pl.Expr) -> pl.Expr:
    """A companion value holding an integer (possibly ``33131.0``) → Int64."""
    return _integer(as_text(expr))


PLAYS_FILE_MAP = (
    SourceColumn("gameId", "game_id", transform=_whole),
    SourceColumn("playId", "play_id", transform=_whole),
    SourceColumn("quarter", "quarter", transform=_whole),
    SourceColumn("gameClock", "game_clock", transform=lambda e: clock_seconds(as_text(e))),
    SourceColumn("down", "down", transform=_whole),
    SourceColumn("yardsToGo", "yards_to_go", transform=_whole),
    SourceColumn("defensiveTeam", "defensive_club", transform=as_text),
    SourceColumn("playDescription", "description", transform=as_text),
    SourceColumn(
        "absoluteYardlineNumber",
        "_abs_recorded",
        transform=lambda e: _integer(as_text(e), FLOAT64),
    ),
    SourceColumn(
        "playDirection", "_direction_plays", transform=lambda e: as_text(e).str.to_lowercase()
    ),
)
"""plays.csv columns mapped one to one (``_abs_recorded``: line of scrimmage x in the recorded
frame, yd; game clock in seconds left in the quarter); absent ones read as null."""
PLAYS_CONSUMED = frozenset({"possessionTeam", "passResult", *(c.source for c in PLAYS_FILE_MAP)})
"""plays.csv columns mapped onto canonical ones (the others stay as snake_case extras)."""
GAMES_FILE_MAP = (
    SourceColumn("seasonType", "season_type", transform=as_text),
    SourceColumn("week", "week", transform=lambda e: _whole(e).fill_null(0)),
    SourceColumn("homeTeamAbbr", "home_club", transform=as_text),
    SourceColumn("visitorTeamAbbr", "away_club", transform=as_text),
)
"""games.csv columns mapped one to one (season and date fall back on the game id)."""
PLAYERS_FILE_MAP = (
    SourceColumn("nflId", "nfl_id", transform=_whole),
    SourceColumn("displayName", "display_name", transform=as_text),
    SourceColumn("height", "height_in", transform=lambda e: parse_height_inches(as_text(e))),
    SourceColumn(
        "weight", "weight_lb", transform=lambda e: as_text(e).cast(pl.Float32, strict=False)
    ),
    SourceColumn("birthDate", "birth_date", transform=lambda e: parse_date(as_text(e))),
    POSITION,
)
"""players.csv columns mapped one to one (height in inches, weight in lb; ``position`` read
from ``position`` or ``officialPosition``)."""


def scan_table(path: Path) -> pl.LazyFrame:
    """Scan a small companion table with inferred dtypes (every row used for inference)."""
    check_gzip(path)
    return pl.scan_csv(path, infer_schema_length=None, null_values=NULL_VALUES)


def _by_name(paths: Sequence[Path], name: str) -> list[Path]:
    return [p for p in paths if base_name(p).lower() == name]


def _snake_extras(
    names: Sequence[str], consumed: frozenset[str], canonical: list[str]
) -> list[pl.Expr]:
    """Expressions renaming the unconsumed source columns to snake_case extras."""
    extras = []
    for name in names:
        snake = camel_to_snake(name)
        if name not in consumed and snake not in canonical:
            extras.append(pl.col(name).alias(snake))
    return extras


# --- tracking -------------------------------------------------------------------------------


def _scan_tracking(path: Path, parse_numbers: bool) -> pl.LazyFrame:
    """One tracking file mapped through :data:`TRACKING_MAP`, with each value's number
    problem: the numeric columns read as text and converted here, or parsed by the CSV reader
    when ``parse_numbers`` (a non-number then fails the collect)."""
    names = header(path)
    require_columns(path, names, TRACKING_REQUIRED, FORMAT)
    if TEAM.found(names) is None:
        require_columns(path, names, ["team or club"], FORMAT)
    lf = scan_text(path, numbers=number_sources(TRACKING_MAP, names) if parse_numbers else ())
    truncated = pl.col("_truncated") if "_truncated" in lf.collect_schema().names() else None
    problems = [] if parse_numbers else mapping_problems(TRACKING_MAP, names)
    return lf.select(
        *mapped(TRACKING_MAP, names, parsed=parse_numbers),
        pl.col(SOURCE),
        pl.col(LINE),
        (truncated if truncated is not None else pl.lit(None, pl.String)).alias("_truncated"),
        (pl.coalesce(problems) if problems else pl.lit(None, pl.String)).alias("_problem"),
    )


def _typed(raw: pl.LazyFrame) -> pl.LazyFrame:
    """UTC time and each row's reason: a truncated line, a missing key, a text that is not a
    number, a time that is not a date-time (the first that applies)."""
    bad_time = pl.col("time").is_not_null() & utc_time(pl.col("time")).is_null()
    time_problem = pl.when(bad_time).then(
        pl.format("column time: expected a date-time, found '{}'", pl.col("time"))
    )
    return raw.with_columns(
        utc_time(pl.col("time")).alias("time"),
        first_reason(
            pl.col("_truncated"),
            *required_problem("game_id", "play_id", "frame_id"),
            pl.col("_problem"),
            time_problem,
        ),
    )


def _club_and_side(typed: pl.LazyFrame, context: pl.LazyFrame) -> pl.LazyFrame:
    """Club (home/away named through the games) and side (from the possession team)."""
    team = pl.col("team")
    lower = team.str.to_lowercase()
    club = (
        pl.when(lower == "football")
        .then(pl.lit("football"))
        .when(lower == "home")
        .then(pl.col("_home"))
        .when(lower == "away")
        .then(pl.col("_away"))
        .otherwise(team)
    )
    side = (
        pl.when(pl.col("club") == "football")
        .then(pl.lit("ball"))
        .when(pl.col("_possession").is_null())
        .then(None)
        .when(pl.col("club") == pl.col("_possession"))
        .then(pl.lit("offense"))
        .when(pl.col("_defense").is_null() | (pl.col("club") == pl.col("_defense")))
        .then(pl.lit("defense"))
    )
    no_club = pl.when(pl.col("club").is_null()).then(
        pl.format(
            "column team: no club for '{}' (home/away need the game in games.csv)",
            team.fill_null(""),
        )
    )
    no_side = pl.when(pl.col("side").is_null()).then(
        pl.when(pl.col("_possession").is_null())
        .then(pl.lit("play not in plays.csv: no possession team to set the side"))
        .otherwise(
            pl.format(
                "column club: '{}' is neither the possession club ({}) nor the defensive club ({})",
                "club",
                "_possession",
                "_defense",
            )
        )
    )
    no_player = pl.when(pl.col("nfl_id").is_null() & (pl.col("club") != "football")).then(
        pl.lit("column nfl_id: missing for a player row")
    )
    return (
        typed.join(context, on=PLAY, how="left")
        .with_columns(club.alias("club"))
        .with_columns(side.alias("side"))
        .with_columns(pl.coalesce(REASON, no_club, no_side, no_player).alias(REASON))
    )


# --- companions -----------------------------------------------------------------------------


def _first_match(text: pl.Expr, rules: Sequence[tuple[str, str]]) -> pl.Expr:
    """The value of the first rule whose regex ``text`` contains, else null."""
    return pl.coalesce(pl.when(text.str.contains(p)).then(pl.lit(v)) for p, v in rules)


def _label_type(label: pl.Expr) -> pl.Expr:
    """Play type from a source label (``play_type_pass``, ``Punt``, ``Field Goal``...)."""
    text = label.str.to_lowercase().str.replace_all(r"[^a-z]+", " ")
    rules = (
        ("kick ?off", "kickoff"),
        ("punt", "punt"),
        ("field goal", "field_goal"),
        ("extra point", "extra_point"),
        ("sack", "sack"),
        ("pass", "pass"),
        (r"\b(run|rush)\b", "run"),
    )
    return _first_match(text, rules)


def _description_type(description: pl.Expr) -> pl.Expr:
    """Play type read from the play-by-play description, where it says so."""
    text = description.str.to_lowercase()
    rules = (
        (r"\bpunts\b", "punt"),
        (r"field goal", "field_goal"),
        (r"extra point", "extra_point"),
        (r"\bkicks\b", "kickoff"),
        (r"\bsacked\b", "sack"),
        (r"\bpass\b", "pass"),
    )
    return _first_match(text, rules)


def _pass_result_type(result: pl.Expr) -> pl.Expr:
    """``S`` → sack; ``C``, ``I``, ``IN``, ``R`` (scramble) → pass."""
    return (
        pl.when(result == "S").then(pl.lit("sack")).when(result.is_not_null()).then(pl.lit("pass"))
    )


def _dropback_type(flag: pl.Expr) -> pl.Expr:
    return pl.when(flag.str.to_lowercase().is_in(["true", "1"])).then(pl.lit("pass"))


def _plays_file(path: Path) -> pl.LazyFrame:
    """One plays.csv → canonical columns (play type before the run fallback) and extras."""
    lf = scan_table(path)
    names = lf.collect_schema().names()
    require_columns(path, names, ("gameId", "playId"), FORMAT)
    possession = _text(names, "possessionTeam")
    result = _text(names, "passResult")
    result = pl.when(result.is_in(list(PASS_RESULTS))).then(result)
    side = _text(names, "yardlineSide")
    yard = _integer(_text(names, "yardlineNumber"), FLOAT64)
    from_yardline = (
        pl.when(yard == 50)
        .then(pl.lit(60.0))
        .when(side.is_not_null() & (side == possession))
        .then(10.0 + yard)
        .when(side.is_not_null() & possession.is_not_null())
        .then(110.0 - yard)
    )
    play_type = pl.coalesce(
        _label_type(_text(names, "specialTeamsPlayType")),
        _label_type(_text(names, "playType")),
        _pass_result_type(result),
        _description_type(_text(names, "playDescription")),
        _dropback_type(_text(names, "isDropback")),
    )
    yards = pl.coalesce(
        *[_integer(_text(names, c)) for c in ("yardsGained", "playResult", "prePenaltyPlayResult")]
    )
    return lf.select(
        *mapped(PLAYS_FILE_MAP, names),
        possession.alias("possession_club"),
        result.alias("pass_result"),
        yards.alias("yards_gained"),
        play_type.alias("_type"),
        from_yardline.alias("_los_yardline"),
        pl.lit(True).alias("_in_plays"),
        *_snake_extras(names, PLAYS_CONSUMED, PLAYS.names),
    )


def _games_file(path: Path) -> pl.LazyFrame:
    """One games.csv → canonical games columns and extras."""
    lf = scan_table(path)
    names = lf.collect_schema().names()
    require_columns(path, names, ("gameId",), FORMAT)
    game_id = _integer(_text(names, "gameId"))
    consumed = frozenset({"gameId", "season", "gameDate", *(c.source for c in GAMES_FILE_MAP)})
    return lf.select(
        game_id.alias("game_id"),
        pl.coalesce(_integer(_text(names, "season")), season_from_game_id(game_id)).alias("season"),
        *mapped(GAMES_FILE_MAP, names),
        pl.coalesce(parse_date(_text(names, "gameDate")), date_from_game_id(game_id)).alias(
            "game_date"
        ),
        *_snake_extras(names, consumed, GAMES.names),
    )


def _players_file(path: Path) -> pl.LazyFrame:
    """One players.csv → canonical players columns and extras."""
    lf = scan_table(path)
    names = lf.collect_schema().names()
    require_columns(path, names, ("nflId",), FORMAT)
    consumed = frozenset(s for c in PLAYERS_FILE_MAP for s in c.sources)
    return lf.select(
        *mapped(PLAYERS_FILE_MAP, names),
        *_snake_extras(names, consumed, PLAYERS.names),
    )


def _stack(frames: list[pl.LazyFrame], key: list[str]) -> pl.LazyFrame | None:
    """Companion rows of several files, the first row of each key kept."""
    if not frames:
        return None
    stacked = pl.concat(frames, how="diagonal_relaxed")
    return stacked.filter(pl.all_horizontal(pl.col(k).is_not_null() for k in key)).unique(
        key, keep="first", maintain_order=True
    )


# --- assembling the tables ------------------------------------------------------------------


def _context(plays: pl.LazyFrame, games: pl.LazyFrame | None) -> pl.LazyFrame:
    """Per play: possession and defensive clubs, and the game's home and visiting clubs."""
    base = plays.select(*PLAY, "possession_club", "defensive_club")
    if games is None:
        base = base.with_columns(
            pl.lit(None, pl.String).alias(c) for c in ("home_club", "away_club")
        )
    else:
        base = base.join(
            games.select("game_id", "home_club", "away_club"), on="game_id", how="left"
        )
    other = (
        pl.when(pl.col("possession_club") == pl.col("home_club"))
        .then(pl.col("away_club"))
        .when(pl.col("possession_club") == pl.col("away_club"))
        .then(pl.col("home_club"))
    )
    return base.select(
        *PLAY,
        pl.col("possession_club").alias("_possession"),
        pl.coalesce("defensive_club", other).alias("_defense"),
        pl.col("home_club").alias("_home"),
        pl.col("away_club").alias("_away"),
    )


def _plays(source: pl.LazyFrame, typed: pl.LazyFrame, context: pl.LazyFrame) -> pl.LazyFrame:
    """Every play of plays.csv and of the tracking, with direction and line of scrimmage."""
    tracked = (
        typed.filter(pl.col("game_id").is_not_null() & pl.col("play_id").is_not_null())
        .group_by(PLAY)
        .agg(
            pl.col("play_direction").drop_nulls().first().alias("_direction_tracking"),
            pl.col(SOURCE).first().alias(SOURCE),
        )
    )
    direction = pl.coalesce("_direction_plays", "_direction_tracking")
    direction = pl.when(direction.is_in(["left", "right"])).then(direction)
    recorded = pl.col("_abs_recorded")
    standardized = (
        pl.when(pl.col("play_direction") == "left")
        .then(FIELD_LENGTH - recorded)
        .when(pl.col("play_direction") == "right")
        .then(recorded)
    )
    joined = (
        source.join(tracked, on=PLAY, how="full", coalesce=True)
        .join(context.select(*PLAY, "_defense"), on=PLAY, how="left")
        .with_columns(
            direction.alias("play_direction"),
            pl.coalesce("defensive_club", "_defense").alias("defensive_club"),
            pl.coalesce("_type", pl.when(pl.col("_in_plays")).then(pl.lit("run"))).alias(
                "play_type"
            ),
        )
        .with_columns(pl.coalesce(standardized, "_los_yardline").alias("absolute_yardline"))
    )
    return joined


def _games(source: pl.LazyFrame | None, plays: pl.LazyFrame) -> pl.LazyFrame:
    """games.csv rows plus a derived row for every other game of the plays."""
    seen = plays.group_by("game_id").agg(pl.col(SOURCE).drop_nulls().first())
    if source is not None:
        seen = seen.join(source.select("game_id"), on="game_id", how="anti")
    derived = GAMES.conform(
        seen.select(
            "game_id",
            season_from_game_id(pl.col("game_id")).alias("season"),
            week_in_name(pl.col(SOURCE), WEEK_IN_NAME).fill_null(0).alias("week"),
            date_from_game_id(pl.col("game_id")).alias("game_date"),
        )
    )
    if source is None:
        return derived.sort("game_id")
    return pl.concat([GAMES.conform(source), derived], how="diagonal_relaxed").sort("game_id")


def _players_from_tracking(typed: pl.LazyFrame) -> pl.LazyFrame:
    """Players named in the tracking rows (when no players.csv came with them)."""
    return PLAYERS.conform(
        typed.filter(pl.col("nfl_id").is_not_null())
        .group_by("nfl_id")
        .agg(
            pl.col("display_name").drop_nulls().first(),
            pl.col("position").drop_nulls().first(),
        )
        .sort("nfl_id")
    )


def _split(paths: Sequence[Path]) -> tuple[list[Path], dict[str, list[Path]]]:
    """Tracking files and companion files (by base name)."""
    companions = {name: _by_name(paths, name) for name in COMPANIONS}
    tracking = [p for p in paths if base_name(p).lower() not in COMPANIONS]
    if not tracking:
        raise ReadError(f"{FORMAT}: no tracking file among {[str(p) for p in paths]}")
    return tracking, companions


def side_tables(paths: Sequence[Path]) -> dict[str, pl.LazyFrame]:
    """The per-player-per-play companions (``player_play``, ``pff_scouting_data``,
    ``tackles``) among ``paths``, lazily, with snake_case columns and inferred dtypes."""
    tables: dict[str, list[pl.LazyFrame]] = {}
    for path in paths:
        name = base_name(path)
        if name.lower() not in SIDE_TABLES:
            continue
        lf = scan_table(path)
        lf = lf.rename({c: camel_to_snake(c) for c in lf.collect_schema().names()})
        tables.setdefault(camel_to_snake(name), []).append(lf)
    return {name: pl.concat(frames, how="diagonal_relaxed") for name, frames in tables.items()}


def _working_columns(lf: pl.LazyFrame) -> list[str]:
    """Columns starting with ``_``: intermediate values, not part of the output."""
    return [c for c in lf.collect_schema().names() if c.startswith("_")]


class Bdb2021Reader:
    """The Big Data Bowl 2021–2025 reader (:data:`FORMAT`): see the module docstring."""

    format = FORMAT
    description = DESCRIPTION

    def claims(self, path: Path, head: str) -> bool:
        """True for a file named like a 2021–2025 tracking file (``week3.csv``,
        ``tracking2022.csv``, ``tracking_week_1.csv``), or any comma-separated table with the
        camelCase key columns. A named file is claimed even with columns missing, so that the
        read names what is missing."""
        name = base_name(path).lower()
        if name in COMPANIONS:
            return False
        if re.fullmatch(r"week\d+|tracking(20\d\d|_week_\d+)", name):
            return True
        return set(TRACKING_REQUIRED) <= head_columns(head)

    def read(self, paths: Sequence[Path], *, parse_numbers: bool = False) -> Dataset:
        """Read Big Data Bowl 2021–2025 files into canonical tables, as recorded (lazy).

        With ``parse_numbers`` the CSV reader parses the numeric tracking columns itself —
        about twice as fast — but a value that is not a number then fails the collect with a
        polars error instead of sending its row to the quarantine with a reason; ``ingest``
        tries this first and falls back to the default on such an error.

        The per-player-per-play companions are not part of the canonical tables; see
        :func:`side_tables`.
        """
        tracking_paths, companions = _split(paths)
        raw = pl.concat([_scan_tracking(p, parse_numbers) for p in tracking_paths], how="vertical")
        typed = _typed(raw)
        plays_source = _stack([_plays_file(p) for p in companions["plays"]], PLAY)
        if plays_source is None:
            raise ReadError(
                f"{tracking_paths[0]}: {FORMAT} tracking needs its plays.csv beside it "
                "(the possession team decides each row's side)"
            )
        games_source = _stack([_games_file(p) for p in companions["games"]], ["game_id"])
        players_source = _stack([_players_file(p) for p in companions["players"]], ["nfl_id"])
        context = _context(plays_source, games_source)
        plays = _plays(plays_source, typed, context)
        tracking = tracking_frame(_club_and_side(typed, context))
        players = (
            _players_from_tracking(typed)
            if players_source is None
            else PLAYERS.conform(players_source).sort("nfl_id")
        )
        return Dataset(
            tracking=tracking,
            plays=PLAYS.conform(plays.drop(_working_columns(plays))).sort(PLAY),
            players=players,
            games=_games(games_source, plays),
        )
