"""Reader for the Big Data Bowl 2026 layout (snake_case, pass plays split at the throw).

Primary files come in weekly pairs: ``input_2023_w01.csv`` holds every player's tracking up
to the moment the quarterback releases the ball; ``output_2023_w01.csv`` holds the positions
(x, y only) of the players to predict while the ball is in the air, with ``frame_id``
restarting at 1 on the first frame after the throw. ``test_input.csv`` reads like an input
file. An optional ``supplementary_data.csv`` (the game and play context of the analytics
competition) adds clubs, quarter, clock, down, result and the games' home/away clubs.

Mapping onto the canonical tables:

- an output row's frame is ``frame_id + last input frame of its play``; output rows have
  ``s``, ``a``, ``dis``, ``o``, ``dir`` null and take the player's side from the input;
- the last input frame of each play carries the event ``pass_forward`` (the throw), the last
  output frame ``pass_arrived`` (``num_frames_output`` counts the frames until the ball lands);
- there is no ball and no time; ``side`` is ``player_side`` lower-cased; ``club`` is null
  unless the supplementary data names the possession and defensive clubs;
- ``plays`` has one row per play: ``play_direction``, the line of scrimmage (recorded
  ``absolute_yardline_number``, turned to ``120 − v`` for plays moving left), play type
  ``pass``, and the extras ``passer_nfl_id``, ``target_nfl_id`` (the players whose role is
  Passer / Targeted Receiver), ``ball_land_x``, ``ball_land_y`` (recorded frame, yd) and
  ``num_frames_output``;
- roles (``player_role``, ``player_to_predict``) change from play to play, so they are not
  player attributes: :func:`player_roles` returns them per player per play.

Angles: no sample of this format is at hand; the competition documents ``o`` and ``dir``
exactly as the earlier Big Data Bowls (checked there: 0° = +y, clockwise), so they are kept,
wrapped into [0, 360).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from gridtrack.errors import ReadError
from gridtrack.io._bdb2021 import scan_table
from gridtrack.io._common import (
    LINE,
    REASON,
    SOURCE,
    as_text,
    base_name,
    first_reason,
    head_columns,
    header,
    number,
    number_problem,
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
)
from gridtrack.io._time import clock_seconds, date_from_game_id, season_from_game_id, week_in_name
from gridtrack.schema import FIELD_LENGTH, GAMES, PASS_RESULTS, PLAYERS, PLAYS, Dataset

FORMAT = "bdb2026"
DESCRIPTION = (
    "Big Data Bowl 2026 (snake_case): input_*.csv / output_*.csv pairs split at the throw, "
    "optional supplementary_data.csv"
)

PLAY = ["game_id", "play_id"]
INT64 = pl.Int64()
KEYS = ("game_id", "play_id", "nfl_id", "frame_id")
OUTPUT_REQUIRED = (*KEYS, "x", "y")
INPUT_REQUIRED = (*OUTPUT_REQUIRED, "player_side", "play_direction")
SUPPLEMENTARY = "supplementary_data"
INPUT_MOTION = ("s", "a", "o", "dir")
INPUT_CONTEXT = (
    "play_direction",
    "absolute_yardline_number",
    "player_name",
    "player_height",
    "player_weight",
    "player_birth_date",
    "player_position",
    "player_role",
    "player_to_predict",
    "num_frames_output",
    "ball_land_x",
    "ball_land_y",
)
"""Input columns kept as text beside the tracking ones (absent ones become null)."""
SIDES = ("offense", "defense")
SUPPLEMENTARY_MAP = (
    SourceColumn("game_id", "game_id", transform=lambda e: as_text(e).cast(INT64, strict=False)),
    SourceColumn("play_id", "play_id", transform=lambda e: as_text(e).cast(INT64, strict=False)),
    SourceColumn("game_clock", "game_clock", transform=lambda e: clock_seconds(as_text(e))),
    SourceColumn(
        "yards_to_go", "yards_to_go", transform=lambda e: as_text(e).cast(pl.Int16, strict=False)
    ),
    SourceColumn("possession_team", "possession_club", transform=as_text),
    SourceColumn("defensive_team", "defensive_club", transform=as_text),
    SourceColumn("play_description", "description", transform=as_text),
)
"""Supplementary play context mapped onto canonical play columns (game clock in seconds left
in the quarter, yd); absent columns read as null, the others stay as they are."""
SUPPLEMENTARY_GAMES_MAP = (
    SourceColumn("season", "_season", transform=lambda e: as_text(e).cast(pl.Int16, strict=False)),
    SourceColumn("week", "_week", transform=lambda e: as_text(e).cast(pl.Int8, strict=False)),
    SourceColumn("game_date", "_date", transform=lambda e: parse_date(as_text(e))),
    SourceColumn("home_team_abbr", "home_club", transform=as_text),
    SourceColumn("visitor_team_abbr", "away_club", transform=as_text),
)
"""Supplementary columns that describe the game rather than the play, mapped onto games
columns (``_season``, the year the season starts in, ``_week`` and ``_date`` override the ones
derived from the game id and the file name); absent ones read as null."""
GAME_COLUMNS = (*(c.source for c in SUPPLEMENTARY_GAMES_MAP), "game_time_eastern")
"""Supplementary columns left out of the plays (they describe the game)."""
PLAYERS_MAP = (
    SourceColumn("player_name", "display_name"),
    SourceColumn("player_position", "position"),
    SourceColumn("player_height", "height_in", transform=parse_height_inches),
    SourceColumn("player_weight", "weight_lb", pl.Float32()),
    SourceColumn("player_birth_date", "birth_date", transform=parse_date),
)
"""Player attributes every input row repeats (height in inches, weight in lb)."""
WEEK_IN_NAME = r"(?i)_w(\d{1,2})\b"
"""The week in a file name: ``input_2023_w01.csv``."""


# --- scanning -------------------------------------------------------------------------------


def _kind(path: Path) -> str:
    """``input``, ``output`` or ``supplementary``; :class:`ReadError` for anything else."""
    name, columns = base_name(path).lower(), set(header(path))
    if name == SUPPLEMENTARY:
        require_columns(path, columns, ("game_id", "play_id"), FORMAT)
        return "supplementary"
    if name.startswith("output"):
        require_columns(path, columns, OUTPUT_REQUIRED, FORMAT)
        return "output"
    require_columns(path, columns, INPUT_REQUIRED, FORMAT)
    return "input"


def _text(names: Sequence[str], column: str) -> pl.Expr:
    """A source column as stripped text, or null where the file lacks it."""
    if column in names:
        return as_text(pl.col(column))
    return pl.lit(None, pl.String)


def _integer(column: str, dtype: pl.DataType = INT64) -> pl.Expr:
    """Text holding an integer (possibly ``33131.0``) → ``dtype``."""
    return number(column).cast(dtype, strict=False)


def _scan(path: Path, extra: Sequence[str]) -> pl.LazyFrame:
    """A tracking file as text: keys, x, y, the ``extra`` columns (null where absent)."""
    lf = scan_text(path)
    names = lf.collect_schema().names()
    return lf.select(
        *[_text(names, c).alias(c) for c in (*OUTPUT_REQUIRED, *extra, "_truncated")],
        pl.col(SOURCE),
        pl.col(LINE),
    )


def _typed(raw: pl.LazyFrame, motion: Sequence[str]) -> pl.LazyFrame:
    """Keys and coordinates as numbers, with each row's reason."""
    return raw.with_columns(
        *[_integer(c).alias(c) for c in KEYS],
        *[number(c).alias(c) for c in ("x", "y")],
        *[number(c).alias(c) for c in motion if c not in ("o", "dir")],
        *[wrap_angle(number(c)).alias(c) for c in motion if c in ("o", "dir")],
        first_reason(
            pl.col("_truncated"),
            *required_problem("game_id", "play_id", "nfl_id", "frame_id"),
            *[number_problem(c) for c in (*KEYS, "x", "y", *motion)],
        ),
    )


def _inputs(paths: Sequence[Path]) -> pl.LazyFrame:
    raw = pl.concat([_scan(p, (*INPUT_MOTION, "player_side", *INPUT_CONTEXT)) for p in paths])
    side = pl.col("player_side").str.strip_chars().str.to_lowercase()
    typed = _typed(raw, INPUT_MOTION).with_columns(
        pl.when(side.is_in(SIDES)).then(side).alias("side"),
        pl.col("play_direction").str.strip_chars().str.to_lowercase(),
    )
    bad_side = pl.when(pl.col("side").is_null()).then(
        pl.format(
            "column player_side: expected Offense or Defense, found '{}'",
            pl.col("player_side").fill_null(""),
        )
    )
    return typed.with_columns(pl.coalesce(REASON, bad_side).alias(REASON))


def _outputs(paths: Sequence[Path]) -> pl.LazyFrame | None:
    if not paths:
        return None
    return _typed(pl.concat([_scan(p, ()) for p in paths]), ())


# --- tracking -------------------------------------------------------------------------------


def _input_tracking(inputs: pl.LazyFrame, last_input: pl.LazyFrame) -> pl.LazyFrame:
    """Input rows with the throw marked on each play's last input frame."""
    return inputs.join(last_input, on=PLAY, how="left").with_columns(
        pl.when(pl.col("frame_id") == pl.col("_last_input"))
        .then(pl.lit("pass_forward"))
        .alias("event")
    )


def _output_tracking(
    outputs: pl.LazyFrame, inputs: pl.LazyFrame, last_input: pl.LazyFrame
) -> pl.LazyFrame:
    """Output rows moved after their play's last input frame, arrival on the last one."""
    sides = (
        inputs.filter(pl.col("side").is_not_null())
        .group_by(*PLAY, "nfl_id")
        .agg(pl.col("side").first())
    )
    last_output = outputs.group_by(PLAY).agg(pl.col("frame_id").max().alias("_last_output"))
    placed = (
        outputs.join(last_input, on=PLAY, how="left")
        .join(last_output, on=PLAY, how="left")
        .join(sides, on=[*PLAY, "nfl_id"], how="left")
    )
    no_input = pl.when(pl.col("_last_input").is_null()).then(
        pl.lit("output row of a play with no input frames: its frame cannot be placed")
    )
    no_side = pl.when(pl.col("side").is_null()).then(
        pl.lit("output row of a player absent from the play's input: side unknown")
    )
    return placed.with_columns(
        (pl.col("frame_id") + pl.col("_last_input")).alias("frame_id"),
        pl.when(pl.col("frame_id") == pl.col("_last_output"))
        .then(pl.lit("pass_arrived"))
        .alias("event"),
        pl.coalesce(REASON, no_input, no_side).alias(REASON),
    )


def _with_clubs(tracking: pl.LazyFrame, clubs: pl.LazyFrame | None) -> pl.LazyFrame:
    """Club from the supplementary possession/defensive teams, else null."""
    if clubs is None:
        return tracking.with_columns(pl.lit(None, pl.String).alias("club"))
    return tracking.join(clubs, on=PLAY, how="left").with_columns(
        pl.when(pl.col("side") == "offense")
        .then(pl.col("_offense_club"))
        .when(pl.col("side") == "defense")
        .then(pl.col("_defense_club"))
        .alias("club")
    )


# --- plays, players, games ------------------------------------------------------------------


def _role_id(role: str) -> pl.Expr:
    return pl.col("nfl_id").filter(pl.col("player_role") == role).first()


def _plays_from_input(inputs: pl.LazyFrame) -> pl.LazyFrame:
    """One row per play from the context every input row repeats."""
    recorded = number("absolute_yardline_number")
    direction = pl.col("play_direction")
    standardized = (
        pl.when(direction == "left")
        .then(FIELD_LENGTH - recorded)
        .when(direction == "right")
        .then(recorded)
    )
    rows = inputs.filter(pl.col("game_id").is_not_null() & pl.col("play_id").is_not_null())
    return rows.group_by(PLAY).agg(
        direction.drop_nulls().first().alias("play_direction"),
        standardized.drop_nulls().first().alias("absolute_yardline"),
        pl.lit("pass").alias("play_type"),
        _role_id("Passer").alias("passer_nfl_id"),
        _role_id("Targeted Receiver").alias("target_nfl_id"),
        number("ball_land_x").drop_nulls().first().alias("ball_land_x"),
        number("ball_land_y").drop_nulls().first().alias("ball_land_y"),
        _integer("num_frames_output").max().alias("num_frames_output"),
        pl.col(SOURCE).first(),
    )


def _supplementary(paths: Sequence[Path]) -> pl.LazyFrame | None:
    """The supplementary play and game context, stacked, with canonical play columns."""
    if not paths:
        return None
    frames = []
    for path in paths:
        lf = scan_table(path)
        names = lf.collect_schema().names()
        result = _text(names, "pass_result")
        renamed = [c.source for c in SUPPLEMENTARY_MAP if c.source != c.name and c.source in names]
        frames.append(
            lf.with_columns(
                *mapped(SUPPLEMENTARY_MAP, names),
                pl.when(result.is_in(list(PASS_RESULTS))).then(result).alias("pass_result"),
            ).drop(renamed)
        )
    return pl.concat(frames, how="diagonal_relaxed").unique(PLAY, keep="first", maintain_order=True)


def _plays(inputs: pl.LazyFrame, supplementary: pl.LazyFrame | None) -> pl.LazyFrame:
    plays = _plays_from_input(inputs)
    if supplementary is not None:
        game_level = [c for c in GAME_COLUMNS if c in supplementary.collect_schema().names()]
        context = supplementary.drop(game_level)
        taken = set(plays.collect_schema().names()) - set(PLAY)
        plays = plays.join(context.drop(taken, strict=False), on=PLAY, how="left")
    return plays


def _players(inputs: pl.LazyFrame) -> pl.LazyFrame:
    """One row per player from the attributes the input repeats (each the first one given)."""
    sources = [c.source for c in PLAYERS_MAP]
    players = (
        inputs.filter(pl.col("nfl_id").is_not_null())
        .group_by("nfl_id")
        .agg(pl.col(sources).drop_nulls().first())
        .select("nfl_id", *mapped(PLAYERS_MAP))
        .sort("nfl_id")
    )
    return PLAYERS.conform(players)


def _games(plays: pl.LazyFrame, supplementary: pl.LazyFrame | None) -> pl.LazyFrame:
    """One row per game: season from the id, week from the file name (``_w01``), or from
    the supplementary data where present."""
    games = plays.group_by("game_id").agg(pl.col(SOURCE).drop_nulls().first())
    games = games.with_columns(
        season_from_game_id(pl.col("game_id")).alias("season"),
        week_in_name(pl.col(SOURCE), WEEK_IN_NAME).alias("week"),
        date_from_game_id(pl.col("game_id")).alias("game_date"),
    )
    if supplementary is not None:
        names = supplementary.collect_schema().names()
        known = (
            supplementary.select("game_id", *mapped(SUPPLEMENTARY_GAMES_MAP, names))
            .group_by("game_id")
            .agg(pl.all().first())
        )
        games = games.join(known, on="game_id", how="left").with_columns(
            pl.coalesce("_season", "season").alias("season"),
            pl.coalesce("_week", "week").alias("week"),
            pl.coalesce("_date", "game_date").alias("game_date"),
        )
    return GAMES.conform(games.with_columns(pl.col("week").fill_null(0))).sort("game_id")


def player_roles(paths: Sequence[Path]) -> pl.LazyFrame:
    """Per player per play: ``player_side``, ``player_role`` and ``player_to_predict`` from the
    input files among ``paths`` (lazy)."""
    inputs = [p for p in paths if _kind(p) == "input"]
    if not inputs:
        raise ReadError(f"{FORMAT}: no input file among {[str(p) for p in paths]}")
    return (
        _inputs(inputs)
        .filter(pl.col(REASON).is_null())
        .group_by(*PLAY, "nfl_id")
        .agg(
            pl.col("side").first().alias("player_side"),
            pl.col("player_role").first(),
            pl.col("player_to_predict").str.to_lowercase().is_in(["true", "1"]).first(),
        )
        .sort(*PLAY, "nfl_id")
    )


class Bdb2026Reader:
    """The Big Data Bowl 2026 reader (:data:`FORMAT`): see the module docstring."""

    format = FORMAT
    description = DESCRIPTION

    def claims(self, path: Path, head: str) -> bool:
        """True for an input or output tracking file (and the supplementary play context)."""
        name, columns = base_name(path).lower(), head_columns(head)
        is_input = set(INPUT_REQUIRED) | {"player_role"} <= columns
        is_output = name.startswith("output") and set(OUTPUT_REQUIRED) <= columns
        is_context = name == SUPPLEMENTARY and {"game_id", "play_id", "possession_team"} <= columns
        return is_input or is_output or is_context

    def read(self, paths: Sequence[Path], *, parse_numbers: bool = False) -> Dataset:
        """Read Big Data Bowl 2026 files into canonical tables, as recorded (lazy).

        ``parse_numbers`` has no effect here: every value is read as text and one that is
        not a number sends its row to the quarantine with a reason.
        """
        kinds = {p: _kind(p) for p in paths}
        input_paths = [p for p, k in kinds.items() if k == "input"]
        if not input_paths:
            raise ReadError(
                f"{FORMAT}: no input_*.csv among {[str(p) for p in paths]}: output frames are "
                "placed after their play's input frames, so the input files are needed"
            )
        inputs = _inputs(input_paths)
        outputs = _outputs([p for p, k in kinds.items() if k == "output"])
        supplementary = _supplementary([p for p, k in kinds.items() if k == "supplementary"])
        last_input = inputs.group_by(PLAY).agg(pl.col("frame_id").max().alias("_last_input"))
        tracking = _input_tracking(inputs, last_input)
        if outputs is not None:
            tracking = pl.concat(
                [tracking, _output_tracking(outputs, inputs, last_input)], how="diagonal_relaxed"
            )
        clubs = None
        if supplementary is not None:
            clubs = supplementary.select(
                *PLAY,
                pl.col("possession_club").alias("_offense_club"),
                pl.col("defensive_club").alias("_defense_club"),
            )
        plays = _plays(inputs, supplementary)
        return Dataset(
            tracking=tracking_frame(_with_clubs(tracking, clubs)),
            plays=PLAYS.conform(plays.drop(SOURCE)).sort(PLAY),
            players=_players(inputs),
            games=_games(plays, supplementary),
        )
