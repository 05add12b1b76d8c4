"""Reader for the Sportradar NGS feed: one JSON document per play.

Layout: ``{"play_tracking": {"game": {...}, "play": {...}, "home": {...}, "away": {...},
"ball": {"tracking": [...]}}}``. ``home``/``away`` hold the club (``alias``), team-level labels
(``personnel``, ``formation``, ``receiver``, ``receiver_on_route`` for the offense;
``personnel``, ``defender_in_box``, ``high_safety``, ``pass_rusher``, ``time_to_sack`` for the
defense) and ``players[]`` with ``tracking[] = {time, x, y, spd, dis, dir, type}``.

What the real sample (one 2018 game, LA at OAK, 167 plays) shows, and how it is mapped:

- No NFL ids: the game and the players carry Sportradar UUIDs (``srus_id``) only, and players
  have no jersey number. ``game_id`` and ``nfl_id`` are therefore *surrogates*, negative so
  that they never meet a real NFL id: ``-int(first 15 hex digits of the UUID, 16)``. The UUIDs
  are kept as ``srus_id`` in games, plays and players. ``play.reference`` is the NFL play id.
- Player times lie on an exact 0.1 s grid shared by all players of a play (all start together;
  some tracks end early), so ``frame_id = round((time - t0) / 0.1 s) + 1`` with ``t0`` the
  earliest player time of the play. A few player samples appear twice with equal values.
- ``ball.tracking`` is stored newest first, at 10 Hz on the same 0.1 s grid in this sample; in
  14 of 167 plays it starts 1.0-1.9 s after the players and it may end up to 4.2 s before
  them. Ball rows get ``frame_id`` null and their ``time`` for the ingest to align; ``_line``
  keeps their stored order. The ball has only ``x``, ``y``.
- Times have no zone suffix and are UTC (the game was scheduled ``02:20Z``).
- ``dir`` already follows the canonical convention (0 deg = +y, clockwise): it agrees with the
  displacement direction within 30 deg on 99.7 % of moving player frames; no conversion.
  ``spd`` is yd/s and ``dis`` yd per 0.1 s frame (both match the displacement). No ``o``, ``a``.
- Events are the per-sample ``type`` (the same label on every player at that time).
- ``play.possession`` is the offense (the kicking team on kickoffs and punts). ``yardline`` is
  the yard number on ``yardline_side``'s half; both are null at midfield.
- No play direction (left to the cleaning step) and no yards gained.

A play that cannot be read whole is kept as far as it is usable, and what is left out goes to
the ``quarantine`` with its reason (real feeds hold such plays, e.g. a ball block
``{"tracking": null}``):

- a missing, null or malformed ``ball`` block, or one without samples: the players are kept,
  the play without the ball (one record for the play);
- a player without samples (``tracking`` null, empty or absent): the others are kept (one
  record for the player);
- a sample without ``time``, ``x`` or ``y``: its row is quarantined (like a non-number);
- anything else (not JSON, truncated, a missing or malformed ``game``, ``play``, ``home`` or
  ``away`` block, a team's frame list that is not a list of samples): the play is set aside
  whole, with its file (:func:`gridtrack.io._common.read_play_files`), and the other plays
  are read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from gridtrack.errors import ReadError
from gridtrack.io._common import (
    FLOAT64,
    LINE,
    SOURCE,
    file_bytes,
    first_reason,
    number,
    pass_result_from_events,
    problem_detail,
    read_play_files,
    tracking_frame,
)
from gridtrack.io._mapping import (
    SourceColumn,
    mapped,
    mapping_problems,
)
from gridtrack.io._time import clock_seconds, season_of, utc_time
from gridtrack.schema import (
    GAMES,
    PLAYERS,
    PLAYS,
    QUARANTINE,
    UTC_TIME,
    Dataset,
    normalize_event_expr,
)

FORMAT = "sportradar"
DESCRIPTION = "Sportradar NGS feed: one JSON document per play (play_tracking)"

SECTIONS = ("game", "play", "home", "away")
"""The blocks a play document must have (``ball`` may be missing: the players are kept)."""
GAME_FIELDS = ("srus_id",)
GAME_EXTRAS = ("year", "week", "type", "scheduled")
PLAY_FIELDS = ("reference", "possession")
TEAM_FIELDS = ("alias", "players")
SAMPLE_FIELDS = ("time", "x", "y")
PLAY_EXTRAS = (
    "quarter",
    "game_clock",
    "down",
    "ytg",
    "yardline",
    "yardline_side",
    "play_type",
    "description",
    "is_noplay",
    "is_penalty",
    "is_scoring",
    "is_special_teams",
    "srus_id",
)
OFFENSE_LABELS = {
    "personnel": "offense_personnel",
    "formation": "offense_formation",
    "receiver": "receivers",
    "receiver_on_route": "receivers_on_route",
}
DEFENSE_LABELS = {
    "personnel": "defense_personnel",
    "defender_in_box": "defenders_in_box",
    "high_safety": "high_safeties",
    "pass_rusher": "pass_rushers",
    "time_to_sack": "time_to_sack",
}
PLAY_TYPES = {
    "pass": "pass",
    "rush": "run",
    "sack": "sack",
    "kickoff": "kickoff",
    "punt": "punt",
    "field_goal": "field_goal",
    "extra_point": "extra_point",
}
SAMPLE_MAP = (
    SourceColumn("x", "x", FLOAT64),
    SourceColumn("y", "y", FLOAT64),
    SourceColumn("spd", "s", FLOAT64),
    SourceColumn("dis", "dis", FLOAT64),
    SourceColumn("dir", "dir", FLOAT64),
)
"""Sample fields read as numbers (yd, yd/s, yd per frame, degrees); a value that is not a
number is a reason naming the JSON key."""
SAMPLE_VALUES = tuple(c.source for c in SAMPLE_MAP)
PLAYS_MAP = (
    SourceColumn("reference", "play_id", pl.Int64()),
    SourceColumn("quarter", "quarter", pl.Int8()),
    SourceColumn("game_clock", "game_clock", transform=clock_seconds),
    SourceColumn("down", "down", pl.Int8()),
    SourceColumn("ytg", "yards_to_go", pl.Int16()),
    SourceColumn("possession", "possession_club"),
    SourceColumn("description", "description"),
)
"""``play`` fields mapped one to one (taken as text; game clock in seconds left)."""
GAMES_MAP = (
    SourceColumn("game_type", "season_type", transform=lambda e: e.cast(pl.String)),
    SourceColumn(
        "game_week", "week", transform=lambda e: e.cast(pl.Int8, strict=False).fill_null(0)
    ),
    SourceColumn("home_alias", "home_club"),
    SourceColumn("away_alias", "away_club"),
    SourceColumn("game_srus_id", "srus_id"),
)
"""``game`` fields (prefixed ``game_``) and the teams' clubs mapped one to one onto games
columns (week 0 where the feed gives none)."""
PLAYERS_MAP = (
    SourceColumn("position", "position"),
    SourceColumn("position_group", "position_group"),
    SourceColumn("srus_id", "srus_id"),
)
"""``players[]`` fields kept as they are (absent ones read as null); ``nfl_id`` and
``display_name`` are derived from the Sportradar id and the :data:`NAME_PARTS`."""
NAME_PARTS = ("first_name", "last_name")
"""``players[]`` fields joined (with a space) into the display name."""
PLAY = ["game_id", "play_id"]
FRAME_MS = 100
MISSING_KEY = "_missing_key"
MAX_DETAIL = 120
"""Characters of a parser's message kept in a reason (it may quote a whole object)."""
NOTES = {"srus_id": pl.String(), "reason": pl.String()}
"""A play's notes: what was left out of it (the player's ``srus_id``; null for the ball)."""


def _stack(frames: Sequence[pl.DataFrame]) -> pl.LazyFrame:
    return pl.concat(frames, how="diagonal_relaxed", rechunk=False).lazy()


def _read_file(path: Path) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """One play document → (its samples, as text; its play row; its players; its notes: what
    was left out of the play and why, see the module docstring)."""
    raw = file_bytes(path)
    if not raw.strip():
        raise ReadError(f"{path}: empty file, expected a JSON play document")
    try:
        document = pl.read_json(raw, infer_schema_length=None)
    except pl.exceptions.PolarsError as exc:
        raise _json_error(path, raw, exc) from exc
    root = _unnest(path, document, "play_tracking", SECTIONS, "")
    game = _unnest(path, root, "game", GAME_FIELDS, "play_tracking.")
    game = game.with_columns(pl.lit(None).alias(c) for c in GAME_EXTRAS if c not in game.columns)
    play = _unnest(path, root, "play", PLAY_FIELDS, "play_tracking.")
    home = _unnest(path, root, "home", TEAM_FIELDS, "play_tracking.")
    away = _unnest(path, root, "away", TEAM_FIELDS, "play_tracking.")
    keys = {
        "game_srus_id": game["srus_id"].cast(pl.String)[0],
        "reference": play["reference"].cast(pl.String)[0],
        "possession": play["possession"].cast(pl.String)[0],
    }
    home_samples, home_players, home_notes = _team(path, home, "home")
    away_samples, away_players, away_notes = _team(path, away, "away")
    ball_samples, ball_notes = _ball(path, root)
    samples = pl.concat([home_samples, away_samples, ball_samples], how="diagonal_relaxed")
    samples = samples.with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(LINE),
        pl.lit(path.name).alias(SOURCE),
        *[pl.lit(v, pl.String).alias(k) for k, v in keys.items()],
    )
    notes = pl.concat([home_notes, away_notes, ball_notes]).with_columns(
        pl.lit(path.name).alias(SOURCE),
        *[pl.lit(keys[k], pl.String).alias(k) for k in ("game_srus_id", "reference")],
    )
    play_row = _play_row(game, play, home, away).with_columns(pl.lit(path.name).alias(SOURCE))
    players = pl.concat([home_players, away_players], how="diagonal_relaxed")
    return samples, play_row, players, notes


def _json_error(path: Path, raw: bytes, exc: pl.exceptions.PolarsError) -> ReadError:
    """Why polars could not read a document: not JSON at all, or JSON whose values of one
    key differ in kind (e.g. a player's frame list that is text where others are lists)."""
    try:
        json.loads(raw)
    except ValueError:
        return ReadError(f"{path}: not a valid JSON document ({exc})")
    detail = str(exc)[:MAX_DETAIL]
    return ReadError(
        f"{path}: not a Sportradar play document: a key holds values of different kinds, "
        f"expected one kind per key (e.g. every frame list a list of samples) ({detail}…)"
    )


def _play_keys(path: Path) -> tuple[int | None, int | None]:
    """Game (surrogate) and play ids of a play document that could not be read, where its
    ``game.srus_id`` and ``play.reference`` can still be found; else None."""
    try:
        root = json.loads(file_bytes(path))["play_tracking"]
        game, play_id = str(root["game"]["srus_id"]), int(root["play"]["reference"])
    except (ReadError, ValueError, KeyError, TypeError):
        return None, None
    return pl.select(_surrogate_id(pl.lit(game))).item(), play_id


def _unnest(
    path: Path, frame: pl.DataFrame, column: str, required: Sequence[str], prefix: str
) -> pl.DataFrame:
    """The fields of the object ``column`` (one row), checking the ``required`` keys."""
    if column not in frame.columns:
        raise ReadError(f"{path}: not a Sportradar play document: missing key {prefix}{column}")
    if not isinstance(frame.schema[column], pl.Struct):
        found = "null" if frame.schema[column] == pl.Null else frame.schema[column]
        raise ReadError(f"{path}: key {prefix}{column}: expected an object, found {found}")
    fields = frame.select(pl.col(column).struct.unnest())
    missing = [f for f in required if f not in fields.columns]
    if missing:
        keys = [f"{prefix}{column}.{f}" for f in missing]
        raise ReadError(f"{path}: not a Sportradar play document: missing key(s) {keys}")
    return fields


def _no_samples(dtype: pl.DataType) -> bool:
    """True for a ``tracking`` column that holds no sample at all (only nulls, empty lists)."""
    return dtype == pl.Null or (isinstance(dtype, pl.List) and dtype.inner == pl.Null)


def _samples(path: Path, frame: pl.DataFrame, where: str) -> pl.DataFrame:
    """Explode a ``tracking`` list of sample objects into rows of text values.

    A sample key among ``time``, ``x``, ``y`` that no sample has becomes a null column and
    the reason ``_missing_key`` on every row; a ``tracking`` that is not a list of objects is
    a :class:`ReadError`.
    """
    dtype = frame.schema["tracking"]
    if _no_samples(dtype):
        return pl.DataFrame(schema=dict.fromkeys((*frame.columns, *SAMPLE_FIELDS), pl.String))
    if not (isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Struct)):
        raise ReadError(f"{path}: key {where}.tracking: expected a list of samples, found {dtype}")
    exploded = frame.explode("tracking").drop_nulls("tracking")
    rows = exploded.select(pl.exclude("tracking"), pl.col("tracking").struct.unnest())
    missing = [f for f in SAMPLE_FIELDS if f not in rows.columns]
    if missing:
        keys = ", ".join(f"{where}.tracking[].{f}" for f in missing)
        rows = rows.with_columns(
            *[pl.lit(None, pl.String).alias(f) for f in missing],
            pl.lit(f"key {keys}: missing, expected in every sample").alias(MISSING_KEY),
        )
    present = [c for c in (*SAMPLE_VALUES, "time", "type") if c in rows.columns]
    return rows.with_columns(pl.col(present).cast(pl.String))


def _team(
    path: Path, team: pl.DataFrame, name: str
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """A team's samples (``club``, ``srus_id`` + sample fields), its players, and a note for
    each player without samples (left out of the play, see the module docstring)."""
    where = f"play_tracking.{name}.players[]"
    if not isinstance(team.schema["players"], pl.List):
        raise ReadError(f"{path}: key play_tracking.{name}.players: expected a list")
    if team.schema["players"].inner == pl.Null:
        empty = pl.DataFrame(schema={"club": pl.String, "srus_id": pl.String})
        return empty, empty, pl.DataFrame(schema=NOTES)
    players = team.select(pl.col("alias").alias("club"), "players").explode("players")
    players = players.drop_nulls("players").select("club", pl.col("players").struct.unnest())
    if "srus_id" not in players.columns:
        raise ReadError(f"{path}: not a Sportradar play document: missing key {where}.srus_id")
    if "tracking" not in players.columns:
        players = players.with_columns(pl.lit(None).alias("tracking"))
    people = players.select(pl.exclude("tracking", "club"))
    tracks = players.select("club", pl.col("srus_id").cast(pl.String), "tracking")
    samples = _samples(path, tracks, where)
    without = tracks.filter(~pl.col("srus_id").is_in(samples["srus_id"].unique().implode()))
    notes = without.select(
        "srus_id",
        pl.lit(f"key {where}.tracking: no samples; the player is left out of the play").alias(
            "reason"
        ),
    )
    return samples, people, notes


def _ball(path: Path, root: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The ball's samples, in stored order (newest first), with ``club`` "football"; and a
    note where the ball is left out (a missing, null or malformed block, or no samples)."""
    samples = pl.DataFrame(schema=dict.fromkeys(SAMPLE_FIELDS, pl.String))
    problem = None
    try:
        ball = _unnest(path, root, "ball", ("tracking",), "play_tracking.")
        if ball.schema["tracking"] == pl.Null:
            problem = "key play_tracking.ball.tracking: expected a list of samples, found null"
        else:
            samples = _samples(path, ball.select("tracking"), "play_tracking.ball")
    except ReadError as exc:
        problem = problem_detail(path, exc)
    if problem is None and samples.height == 0:
        problem = "key play_tracking.ball.tracking: expected a list of samples, found none"
    reasons = [] if problem is None else [f"{problem}; the play is kept without the ball"]
    notes = pl.DataFrame({"srus_id": [None] * len(reasons), "reason": reasons}, schema=NOTES)
    return samples.with_columns(pl.lit("football").alias("club")), notes


def _play_row(
    game: pl.DataFrame, play: pl.DataFrame, home: pl.DataFrame, away: pl.DataFrame
) -> pl.DataFrame:
    """The play's fields, the game's, and each team's club and labels (prefixed)."""
    team_labels = {*OFFENSE_LABELS, *DEFENSE_LABELS, "alias"}
    return pl.concat(
        [
            game.select(pl.all().name.prefix("game_")),
            play.select(c for c in (*PLAY_FIELDS, *PLAY_EXTRAS) if c in play.columns),
            home.select(c for c in home.columns if c in team_labels).select(
                pl.all().name.prefix("home_")
            ),
            away.select(c for c in away.columns if c in team_labels).select(
                pl.all().name.prefix("away_")
            ),
        ],
        how="horizontal",
    )


def _surrogate_id(expr: pl.Expr) -> pl.Expr:
    """A negative Int64 id from a UUID: minus its first 15 hex digits (60 bits)."""
    digits = expr.str.replace_all("-", "", literal=True).str.slice(0, 15)
    return -digits.str.to_integer(base=16, dtype=pl.Int64, strict=False)


def _with_events(rows: pl.LazyFrame) -> pl.LazyFrame:
    """Add ``event``: the normalized ``type`` (null where the feed has no ``type``)."""
    if "type" not in rows.collect_schema().names():
        return rows.with_columns(pl.lit(None, pl.String).alias("event"))
    return rows.with_columns(normalize_event_expr(pl.col("type")).alias("event"))


def _typed_rows(rows: pl.LazyFrame) -> pl.LazyFrame:
    """Typed keys and values beside the text columns; ``is_ball`` marks the ball's rows."""
    names = rows.collect_schema().names()
    rows = rows.with_columns(
        pl.lit(None, pl.String).alias(c)
        for c in (*SAMPLE_VALUES, "srus_id", MISSING_KEY)
        if c not in names
    )
    return _with_events(rows).with_columns(
        *mapped(SAMPLE_MAP),
        pl.coalesce(mapping_problems(SAMPLE_MAP, source_labels=True, word="key")).alias(
            "_number_problem"
        ),
        _surrogate_id(pl.col("game_srus_id")).alias("game_id"),
        number("reference", pl.Int64()).alias("play_id"),
        utc_time(pl.col("time")).alias("time_utc"),
        (pl.col("club") == "football").fill_null(False).alias("is_ball"),
    )


def _reasons() -> pl.Expr:
    """Why a row must be quarantined (null for a good row)."""
    player = ~pl.col("is_ball")
    bad_time = pl.col("time").is_not_null() & pl.col("time_utc").is_null()
    return first_reason(
        pl.col(MISSING_KEY),
        pl.col("_number_problem"),
        pl.when(bad_time).then(pl.format("key time: expected a timestamp, found '{}'", "time")),
        pl.when(pl.col("game_id").is_null()).then(pl.lit("key game.srus_id: missing key value")),
        pl.when(pl.col("play_id").is_null()).then(
            pl.lit("key play.reference: missing or not a number")
        ),
        pl.when(player & pl.col("srus_id").is_null()).then(
            pl.lit("key players[].srus_id: missing key value")
        ),
        pl.when(pl.col("time").is_null()).then(pl.lit("key time: missing key value")),
    )


def _frame_id() -> pl.Expr:
    """Player frames on the play's 0.1 s grid from the earliest player time (null for the ball)."""
    t0 = pl.col("time_utc").filter(~pl.col("is_ball")).min().over(PLAY)
    steps = (pl.col("time_utc") - t0).dt.total_milliseconds() / FRAME_MS
    return pl.when(~pl.col("is_ball")).then(steps.round().cast(pl.Int32) + 1)


def _tracking(rows: pl.LazyFrame) -> pl.LazyFrame:
    """Canonical tracking rows, as recorded."""
    ball = pl.col("is_ball")
    side = (
        pl.when(ball)
        .then(pl.lit("ball"))
        .when(pl.col("club") == pl.col("possession"))
        .then(pl.lit("offense"))
        .otherwise(pl.lit("defense"))
    )
    lf = rows.with_columns(
        _frame_id().alias("frame_id"),
        pl.col("time_utc").cast(UTC_TIME).alias("time"),
        pl.when(ball).then(None).otherwise(_surrogate_id(pl.col("srus_id"))).alias("nfl_id"),
        side.alias("side"),
        _reasons(),
    )
    return tracking_frame(lf)


def _team_label(plays: pl.LazyFrame, label: str, offense: bool) -> pl.Expr:
    """A team-level label of the offense (or the defense): home's or away's by possession."""
    names = plays.collect_schema().names()
    home_has = (pl.col("possession") == pl.col("home_alias")) == offense
    home, away = f"home_{label}", f"away_{label}"
    home_value = pl.col(home) if home in names else pl.lit(None)
    away_value = pl.col(away) if away in names else pl.lit(None)
    return pl.when(home_has).then(home_value).otherwise(away_value)


def _plays(plays: pl.LazyFrame, rows: pl.LazyFrame) -> pl.LazyFrame:
    """One row per play, with the offense's and the defense's labels as extras."""
    names = plays.collect_schema().names()
    plays = plays.with_columns(pl.lit(None).alias(c) for c in PLAY_EXTRAS if c not in names)
    yardline = number("yardline", pl.Float32())
    side = pl.col("yardline_side")
    labels = [
        *[_team_label(plays, k, True).alias(v) for k, v in OFFENSE_LABELS.items()],
        *[_team_label(plays, k, False).alias(v) for k, v in DEFENSE_LABELS.items()],
    ]
    as_text = ("reference", "yardline", "quarter", "game_clock", "down", "ytg")
    out = plays.cast({c: pl.String for c in as_text}).select(
        _surrogate_id(pl.col("game_srus_id")).alias("game_id"),
        *mapped(PLAYS_MAP),
        pl.when(pl.col("possession") == pl.col("home_alias"))
        .then(pl.col("away_alias"))
        .otherwise(pl.col("home_alias"))
        .alias("defensive_club"),
        pl.when(side.is_null())
        .then(pl.lit(60.0))
        .when(side == pl.col("possession"))
        .then(10 + yardline)
        .otherwise(110 - yardline)
        .alias("absolute_yardline"),
        pl.col("play_type").replace_strict(PLAY_TYPES, default="other").alias("play_type"),
        *labels,
        pl.col("is_noplay", "is_penalty", "is_scoring", "is_special_teams").cast(pl.Boolean),
        pl.col("srus_id"),
    )
    out = out.with_columns(pl.col("time_to_sack").cast(pl.Float32, strict=False))
    out = out.unique(PLAY, keep="first", maintain_order=True)
    return PLAYS.conform(out.join(pass_result_from_events(rows, "event"), on=PLAY, how="left"))


def _games(plays: pl.LazyFrame) -> pl.LazyFrame:
    """One row per game from the ``game`` object and the two teams; the season falls back
    on the scheduled date (Eastern time; :func:`gridtrack.io._time.season_of`)."""
    scheduled = (
        utc_time(pl.col("game_scheduled").cast(pl.String))
        .dt.convert_time_zone("America/New_York")
        .dt.date()
    )
    games = plays.select(
        _surrogate_id(pl.col("game_srus_id")).alias("game_id"),
        pl.coalesce(pl.col("game_year").cast(pl.Int16, strict=False), season_of(scheduled)).alias(
            "season"
        ),
        *mapped(GAMES_MAP),
        scheduled.alias("game_date"),
    ).unique("game_id", keep="first", maintain_order=True)
    return GAMES.conform(games)


def _players(people: pl.LazyFrame) -> pl.LazyFrame:
    """One row per player (surrogate id), with the Sportradar id and position group."""
    names = people.collect_schema().names()
    name_parts = [pl.col(c) if c in names else pl.lit(None, pl.String) for c in NAME_PARTS]
    players = people.select(
        _surrogate_id(pl.col("srus_id")).alias("nfl_id"),
        pl.concat_str(name_parts, separator=" ", ignore_nulls=True).alias("display_name"),
        *mapped(PLAYERS_MAP, names),
    ).drop_nulls("nfl_id")
    return PLAYERS.conform(players.unique("nfl_id", keep="first", maintain_order=True))


def _left_out(notes: pl.LazyFrame) -> pl.LazyFrame:
    """Quarantine records for what the plays read left out (a ball, a player), by reason."""
    return QUARANTINE.conform(
        notes.select(
            pl.col(SOURCE).alias("source"),
            _surrogate_id(pl.col("game_srus_id")).alias("game_id"),
            number("reference", pl.Int64()).alias("play_id"),
            _surrogate_id(pl.col("srus_id")).alias("nfl_id"),
            "reason",
        )
    )


class SportradarReader:
    """The Sportradar NGS feed reader (:data:`FORMAT`): see the module docstring."""

    format = FORMAT
    description = DESCRIPTION

    def claims(self, path: Path, head: str) -> bool:
        """A JSON document that opens with ``play_tracking``."""
        return path.name.lower().endswith((".json", ".json.gz")) and '"play_tracking"' in head[:200]

    def read(self, paths: Sequence[Path], *, parse_numbers: bool = False) -> Dataset:
        """Read Sportradar play documents (companion files are not part of this feed).

        ``parse_numbers`` has no effect here: JSON values are typed by the document; each is
        taken as text and one that is not a number sends its row to the quarantine. A play
        that cannot be read whole is kept as far as it is usable (see the module docstring).
        """
        files = [p for p in paths if p.name.lower().endswith((".json", ".json.gz"))]
        if not files:
            return Dataset()
        parts, set_aside = read_play_files(files, _read_file, _play_keys)
        if not parts:
            return Dataset(quarantine=set_aside)
        rows = _typed_rows(_stack([part[0] for part in parts]))
        plays = _stack([part[1] for part in parts])
        left_out = _left_out(_stack([part[3] for part in parts]))
        return Dataset(
            tracking=_tracking(rows),
            plays=_plays(plays, rows),
            games=_games(plays),
            players=_players(_stack([part[2] for part in parts])),
            quarantine=pl.concat([set_aside, left_out]),
        )
