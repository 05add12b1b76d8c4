"""Reader for Next Gen Stats highlight files: one tab-separated file per play.

Files are named ``season_team_gameId_playId.tsv.gz`` and repeat the play context (``gameId``,
``playType``, ``quarter``, ``gameClock``, ``yardlineSide``, ``absoluteYardlineNumber``,
``playDescription``...) on every row, one row per entity per frame, from huddle to whistle.
An optional ``index.tsv`` lists the plays; it repeats what the files hold and is not needed.

What the real sample (521 files, 2017-2019) shows, and how it is mapped:

- ``frame`` (from 0) counts each entity's rows, not time: where an entity's track has a gap
  (up to several seconds) its counter runs on while ``time`` jumps, so ``frame`` drifts away
  from the other entities' frames (0.5 % of player rows). ``time`` lies on an exact 0.1 s grid
  for every entity, so player frames are placed by time::

      frame_id = round((time - t0) / 0.1 s) + 1,   t0 = earliest player time of the play

  which equals ``frame + 1`` wherever the track has no gap.
- The ball (``displayName`` "ball", empty ``nflId``, ``teamAbbr``, ``jerseyNumber``) is sampled
  at 10 Hz on the same 0.1 s grid, but its track may start up to 12 s before or 10 s after the
  players' (18 of 521 plays) and has gaps of ~8 s in 3 plays: ball rows get ``frame_id`` null
  and their ``time`` for the ingest to align. Its ``o`` and ``dir`` are empty.
- ``time`` is UTC (``2018-01-15 01:06:38.800`` is the end of a 4:40 pm ET playoff game).
- ``dir`` and ``o`` already follow the canonical convention (0 deg = +y, clockwise): ``dir``
  agrees with the direction of the displacement within 30 deg on 99.9 % of moving player frames
  (s > 1 yd/s); no conversion. ``s`` is yd/s (matches displacement / time); no ``a``, ``dis``.
- ``possessionFlag`` is 1 for the team with the ball (its quarterback lines up behind the ball
  toward ``playDirection``; on kickoffs and punts the kicking team), 0 for the other team;
  ``homeTeamFlag`` is 1 for the home team. Both are constant per team and game.
- ``absoluteYardlineNumber`` is the line of scrimmage in the recorded frame (it matches the
  ball x at the snap within about 3 yd), so the standardized line is ``v`` for plays going
  right and ``120 - v`` for plays going left.
- Some entity-times appear twice (one row per event when two events share a frame); two plays
  come in two files (one per team). Both kinds of duplicates are left for the ingest.
- ``playType`` ``play_type_two_point_conversion`` maps to ``other``; ``pass_result`` is taken
  from the tracking events (interception, caught, incomplete, sack).

A play file that cannot be read (truncated or corrupt, empty, missing a required column) sets
that play aside whole — one ``quarantine`` record with the file, the game and play of its name
and the reason — and the other files are read (:func:`gridtrack.io._common.read_play_files`).
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
    SOURCE,
    base_name,
    file_bytes,
    first_reason,
    number,
    pass_result_from_events,
    read_play_files,
    require_columns,
    tracking_frame,
)
from gridtrack.io._mapping import (
    SourceColumn,
    mapped,
    mapping_problems,
)
from gridtrack.io._time import clock_seconds, date_from_game_id, utc_time
from gridtrack.schema import GAMES, PLAYERS, PLAYS, UTC_TIME, Dataset, normalize_event_expr

FORMAT = "ngs_highlights"
DESCRIPTION = "Next Gen Stats highlights: one TSV per play (season_team_gameId_playId.tsv.gz)"

SEP = "\t"
SIGNATURE = (
    "gameId",
    "playId",
    "frame",
    "possessionFlag",
    "homeTeamFlag",
    "absoluteYardlineNumber",
)
REQUIRED = (
    "gameId",
    "playId",
    "time",
    "nflId",
    "displayName",
    "teamAbbr",
    "possessionFlag",
    "homeTeamFlag",
    "x",
    "y",
)
ROW_COLUMNS = (*REQUIRED, "jerseyNumber", "s", "o", "dir", "event")
PLAYER_COLUMNS = ("nflId", "displayName", "position", "esbId", "gsisId")
READ_COLUMNS = tuple(dict.fromkeys((*ROW_COLUMNS, *PLAYER_COLUMNS)))
CONTEXT_COLUMNS = (
    "gameId",
    "playId",
    "playType",
    "season",
    "seasonType",
    "week",
    "preSnapHomeScore",
    "preSnapVisitorScore",
    "playDirection",
    "quarter",
    "gameClock",
    "down",
    "yardsToGo",
    "absoluteYardlineNumber",
    "playDescription",
)
BALL_NAMES = ("ball", "football")
PLAY_TYPES = {
    "play_type_pass": "pass",
    "play_type_rush": "run",
    "play_type_sack": "sack",
    "play_type_kickoff": "kickoff",
    "play_type_punt": "punt",
    "play_type_field_goal": "field_goal",
    "play_type_xp": "extra_point",
    "play_type_extra_point": "extra_point",
}
ROW_MAP = (
    SourceColumn("gameId", "game_id", pl.Int64()),
    SourceColumn("playId", "play_id", pl.Int64()),
    SourceColumn("nflId", "nfl_id", FLOAT64, lambda e: e.cast(pl.Int64)),
    SourceColumn(
        "jerseyNumber", "jersey_number", FLOAT64, lambda e: e.cast(pl.Int16, strict=False)
    ),
    SourceColumn("x", "x", FLOAT64),
    SourceColumn("y", "y", FLOAT64),
    SourceColumn("s", "s", FLOAT64),
    SourceColumn("o", "o", FLOAT64),
    SourceColumn("dir", "dir", FLOAT64),
)
"""Row columns read as numbers (ids written as floats, yd, yd/s, degrees); a value that is
not a number is a reason naming the source column."""
PLAYS_MAP = (
    SourceColumn("gameId", "game_id", pl.Int64()),
    SourceColumn("playId", "play_id", pl.Int64()),
    SourceColumn("quarter", "quarter", pl.Int8()),
    SourceColumn("gameClock", "game_clock", transform=clock_seconds),
    SourceColumn("down", "down", pl.Int8()),
    SourceColumn("yardsToGo", "yards_to_go", pl.Int16()),
    SourceColumn(
        "playType", "play_type", transform=lambda e: e.replace_strict(PLAY_TYPES, default="other")
    ),
    SourceColumn("playDescription", "description"),
    SourceColumn("preSnapHomeScore", "pre_snap_home_score", pl.Int16()),
    SourceColumn("preSnapVisitorScore", "pre_snap_visitor_score", pl.Int16()),
)
"""Play-context columns mapped one to one (game clock in seconds left in the quarter)."""
GAMES_MAP = (
    SourceColumn("gameId", "game_id", pl.Int64()),
    SourceColumn("season", "season", pl.Int16()),
    SourceColumn("seasonType", "season_type"),
    SourceColumn("week", "week", pl.Int8(), lambda e: e.fill_null(0)),
)
PLAYERS_MAP = (
    SourceColumn("nflId", "nfl_id", FLOAT64, lambda e: e.cast(pl.Int64)),
    SourceColumn("displayName", "display_name"),
    SourceColumn("position", "position"),
    SourceColumn("esbId", "esb_id"),
    SourceColumn("gsisId", "gsis_id"),
    SourceColumn("gameId", "game_id", pl.Int64()),
)
"""Player columns mapped one to one (NGS ids kept as extras)."""
PLAY = ["game_id", "play_id"]
FRAME_MS = 100


def _read_file(path: Path) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """One file → its rows (text, with ``_line``), its play context (first row) and its
    players (one row each: id, name, position, NGS ids)."""
    raw = file_bytes(path)
    names, header_end = _header(path, raw)
    read_text = partial(pl.read_csv, separator=SEP, infer_schema=False, null_values=NULL_VALUES)
    rows = read_text(
        raw,
        columns=[c for c in READ_COLUMNS if c in names],
        row_index_name=LINE,
        row_index_offset=2,
    )
    missing = [c for c in READ_COLUMNS if c not in names]
    if missing:
        rows = rows.with_columns(pl.lit(None, pl.String).alias(c) for c in missing)
    if not raw.endswith((b"\n", b"\r")):
        rows = rows.with_columns(_truncated_last_row())
    people = rows.lazy().select("gameId", *PLAYER_COLUMNS).drop_nulls("nflId").unique("nflId")
    second_line_end = raw.find(b"\n", header_end + 1)
    first_row = raw if second_line_end < 0 else raw[: second_line_end + 1]
    context = read_text(first_row, columns=[c for c in CONTEXT_COLUMNS if c in names])
    context = context.with_columns(
        pl.lit(None, pl.String).alias(c) for c in CONTEXT_COLUMNS if c not in names
    )
    return rows.drop(c for c in PLAYER_COLUMNS if c not in ROW_COLUMNS), context, people.collect()


def _read_play(path: Path) -> tuple[Path, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """One play file → the file and its parts (:func:`_read_file`)."""
    return (path, *_read_file(path))


def _play_keys(path: Path) -> tuple[int | None, int | None]:
    """Game and play from a file name ``season_team_gameId_playId`` (None where it differs)."""
    found = re.search(r"_(\d+)_(\d+)$", base_name(path))
    return (int(found[1]), int(found[2])) if found else (None, None)


def _header(path: Path, raw: bytes) -> tuple[list[str], int]:
    """Column names on the first line and the position of its line end; checks them."""
    header_end = raw.find(b"\n")
    if header_end < 0:
        header_end = len(raw)
    names = raw[:header_end].decode("utf-8", errors="replace").rstrip("\r").split(SEP)
    if names == [""]:
        raise ReadError(f"{path}: empty file, expected a header line")
    require_columns(path, names, REQUIRED, FORMAT)
    return names, header_end


def _truncated_last_row() -> pl.Expr:
    """A reason on the last row of a text that stops mid-line."""
    last = pl.int_range(pl.len()) == pl.len() - 1
    return (
        pl.when(last).then(pl.lit("last line has no line end: file truncated")).alias("_truncated")
    )


def _stacked(files: Sequence[Path], frames: Sequence[pl.DataFrame]) -> pl.LazyFrame:
    """The files' rows one after the other, with ``_source`` (file name) and ``_truncated``."""
    names = pl.DataFrame({SOURCE: [p.name for p in files], "n": [f.height for f in frames]})
    sources = names.select(pl.col(SOURCE).repeat_by("n").explode()).to_series()
    rows = pl.concat(frames, how="diagonal", rechunk=False).with_columns(sources)
    if "_truncated" not in rows.columns:
        rows = rows.with_columns(pl.lit(None, pl.String).alias("_truncated"))
    return rows.lazy()


def _typed_rows(rows: pl.LazyFrame) -> pl.LazyFrame:
    """Typed values (:data:`ROW_MAP`) and the first number problem beside the text columns;
    ``is_ball`` marks the ball's rows."""
    return rows.with_columns(
        normalize_event_expr(pl.col("event")).alias("event_norm"),
        *mapped(ROW_MAP),
        pl.coalesce(mapping_problems(ROW_MAP, source_labels=True)).alias("_number_problem"),
        utc_time(pl.col("time")).alias("time_utc"),
        pl.col("displayName")
        .str.to_lowercase()
        .is_in(BALL_NAMES)
        .fill_null(False)
        .alias("is_ball"),
        number("possessionFlag").alias("possession_flag"),
        number("homeTeamFlag").alias("home_flag"),
    )


def _frame_id() -> pl.Expr:
    """Player frames on the play's 0.1 s grid from the earliest player time (null for the ball)."""
    player_time = pl.col("time_utc").filter(~pl.col("is_ball"))
    t0 = player_time.min().over(PLAY)
    steps = (pl.col("time_utc") - t0).dt.total_milliseconds() / FRAME_MS
    return pl.when(~pl.col("is_ball")).then(steps.round().cast(pl.Int32) + 1)


def _reasons() -> pl.Expr:
    """Why a row must be quarantined (null for a good row)."""
    player = ~pl.col("is_ball")
    bad_time = pl.col("time").is_not_null() & pl.col("time_utc").is_null()
    return first_reason(
        pl.col("_truncated"),
        pl.col("_number_problem"),
        pl.when(bad_time).then(pl.format("column time: expected a timestamp, found '{}'", "time")),
        pl.when(pl.col("game_id").is_null()).then(pl.lit("column gameId: missing key value")),
        pl.when(pl.col("play_id").is_null()).then(pl.lit("column playId: missing key value")),
        pl.when(player & pl.col("nflId").is_null()).then(pl.lit("column nflId: missing key value")),
        pl.when(player & pl.col("time").is_null()).then(
            pl.lit("column time: missing key value (player frames are placed by time)")
        ),
        pl.when(player & pl.col("possession_flag").is_null()).then(
            pl.lit("column possessionFlag: missing value, the side is unknown")
        ),
    )


def _tracking(rows: pl.LazyFrame) -> pl.LazyFrame:
    """Canonical tracking rows, as recorded."""
    ball = pl.col("is_ball")
    side = (
        pl.when(ball)
        .then(pl.lit("ball"))
        .when(pl.col("possession_flag") == 1)
        .then(pl.lit("offense"))
        .when(pl.col("possession_flag") == 0)
        .then(pl.lit("defense"))
    )
    lf = rows.with_columns(
        _frame_id().alias("frame_id"),
        pl.col("time_utc").cast(UTC_TIME).alias("time"),
        pl.when(ball).then(None).otherwise(pl.col("nfl_id")).alias("nfl_id"),
        pl.when(ball).then(pl.lit("football")).otherwise(pl.col("teamAbbr")).alias("club"),
        side.alias("side"),
        pl.col("event_norm").alias("event"),
        _reasons(),
    )
    return tracking_frame(lf)


def _team_roles(rows: pl.LazyFrame, by: list[str], flag: str, yes: str, no: str) -> pl.LazyFrame:
    """The club whose ``flag`` is 1 (``yes``) and the one whose flag is 0 (``no``), per ``by``."""
    team = pl.col("teamAbbr")
    player = ~pl.col("is_ball")
    return rows.group_by(by).agg(
        team.filter(player & (pl.col(flag) == 1)).first().alias(yes),
        team.filter(player & (pl.col(flag) == 0)).first().alias(no),
    )


def _plays(context: pl.LazyFrame, rows: pl.LazyFrame) -> pl.LazyFrame:
    """One row per play from the repeated play context."""
    direction = pl.col("playDirection").str.strip_chars().str.to_lowercase()
    yardline = number("absoluteYardlineNumber")
    plays = context.select(
        *mapped(PLAYS_MAP),
        pl.when(direction == "left")
        .then(120 - yardline)
        .otherwise(yardline)
        .alias("absolute_yardline"),
        direction.alias("play_direction"),
    ).unique(PLAY, keep="first", maintain_order=True)
    roles = _team_roles(rows, PLAY, "possession_flag", "possession_club", "defensive_club")
    plays = plays.join(roles, on=PLAY, how="left").join(
        pass_result_from_events(rows, "event_norm"), on=PLAY, how="left"
    )
    return PLAYS.conform(plays)


def _games(context: pl.LazyFrame, rows: pl.LazyFrame) -> pl.LazyFrame:
    """One row per game: season and week from the context, clubs from ``homeTeamFlag``."""
    games = context.select(*mapped(GAMES_MAP)).unique("game_id", keep="first", maintain_order=True)
    clubs = _team_roles(rows, ["game_id"], "home_flag", "home_club", "away_club")
    games = games.join(clubs, on="game_id", how="left").with_columns(
        date_from_game_id(pl.col("game_id")).alias("game_date")
    )
    return GAMES.conform(games)


def _players(people: pl.LazyFrame) -> pl.LazyFrame:
    """One row per player (name and position of the latest game), NGS ids as extras."""
    players = (
        people.select(*mapped(PLAYERS_MAP))
        .drop_nulls("nfl_id")
        .sort("nfl_id", "game_id", nulls_last=False)
        .unique("nfl_id", keep="last", maintain_order=True)
        .drop("game_id")
    )
    return PLAYERS.conform(players)


class NgsHighlightsReader:
    """The Next Gen Stats highlights reader (:data:`FORMAT`): see the module docstring."""

    format = FORMAT
    description = DESCRIPTION

    def claims(self, path: Path, head: str) -> bool:
        """A tab-separated file whose header has the highlight play-context columns."""
        first = head.split("\n", 1)[0].rstrip("\r")
        return SEP in first and set(SIGNATURE) <= set(first.split(SEP))

    def read(self, paths: Sequence[Path], *, parse_numbers: bool = False) -> Dataset:
        """Read highlight play files (``index.tsv`` among them is accepted and not needed).

        ``parse_numbers`` has no effect here: a play file is small and read whole, every value
        as text, and one that is not a number sends its row to the quarantine with a reason.
        A file that cannot be read is set aside whole (see the module docstring).
        """
        files = [p for p in paths if base_name(p).lower() != "index"]
        if not files:
            return Dataset()
        parts, set_aside = read_play_files(files, _read_play, _play_keys)
        if not parts:
            return Dataset(quarantine=set_aside)
        rows = _typed_rows(_stacked([part[0] for part in parts], [part[1] for part in parts]))
        context = pl.concat([part[2] for part in parts], how="diagonal_relaxed").lazy()
        people = pl.concat([part[3] for part in parts], rechunk=False).lazy()
        return Dataset(
            tracking=_tracking(rows),
            plays=_plays(context, rows),
            games=_games(context, rows),
            players=_players(people),
            quarantine=set_aside,
        )
