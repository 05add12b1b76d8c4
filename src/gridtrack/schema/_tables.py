"""Canonical table definitions: column names, dtypes, units and keys (DESIGN.md §2)."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

SIDES = ("offense", "defense", "ball")
PLAY_TYPES = ("pass", "run", "sack", "kickoff", "punt", "field_goal", "extra_point", "other")
PASS_RESULTS = ("C", "I", "IN", "S", "R")
QUALITY_ACTIONS = ("flagged", "interpolated", "dropped_entity", "dropped_play")

SideDtype = pl.Enum(SIDES)
QualityActionDtype = pl.Enum(QUALITY_ACTIONS)
PlayTypeDtype = pl.Enum(PLAY_TYPES)
UTC_TIME = pl.Datetime("us", "UTC")


@dataclass(frozen=True)
class Column:
    """One canonical column: its dtype, unit, meaning and admissible range."""

    name: str
    dtype: pl.DataType
    doc: str
    unit: str = ""
    nullable: bool = True
    lower: float | None = None
    upper: float | None = None


@dataclass(frozen=True)
class Table:
    """A canonical table: ordered columns and the key that must be unique.

    Tables may carry extra source columns after the canonical ones when ``open`` is true.
    """

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    sort: tuple[str, ...] = ()
    open: bool = False
    docs: str = ""
    _by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {c.name: c for c in self.columns})

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def schema(self) -> pl.Schema:
        return pl.Schema({c.name: c.dtype for c in self.columns})

    def __getitem__(self, name: str) -> Column:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def empty(self) -> pl.DataFrame:
        """An empty frame with this table's canonical schema."""
        return pl.DataFrame(schema=self.schema)

    def conform(
        self, frame: pl.DataFrame | pl.LazyFrame, *, keep: tuple[str, ...] = ()
    ) -> pl.LazyFrame:
        """Select the canonical columns in order, cast to canonical dtypes, add missing
        nullable columns as nulls, and keep extra columns after them (all of them for open
        tables, else those named in ``keep`` that are present)."""
        lf = frame.lazy()
        present = lf.collect_schema().names()
        exprs = [
            (pl.col(c.name) if c.name in present else pl.lit(None)).cast(c.dtype).alias(c.name)
            for c in self.columns
        ]
        extras = [pl.col(n) for n in present if n not in self._by_name and (self.open or n in keep)]
        return lf.select(exprs + extras)


TRACKING = Table(
    "tracking",
    (
        Column("game_id", pl.Int64(), "NFL game id, e.g. 2017090700", nullable=False),
        Column("play_id", pl.Int64(), "play id within the game", nullable=False),
        Column("frame_id", pl.Int32(), "1-based frame number at 10 Hz", nullable=False, lower=1),
        Column("time", UTC_TIME, "wall-clock time of the frame"),
        Column("nfl_id", pl.Int64(), "player id; null for the ball"),
        Column("club", pl.String(), "team abbreviation; 'football' for the ball"),
        Column(
            "side", SideDtype, "offense / defense / ball, from the possession team", nullable=False
        ),
        Column("jersey_number", pl.Int16(), "jersey number; null for the ball", lower=0, upper=99),
        Column(
            "x",
            pl.Float32(),
            "long axis; offense moves toward +x once standardized (bounds: the stadium; "
            "off-field positions inside them are the cleaning checks' business)",
            "yd",
            lower=-50.0,
            upper=170.0,
        ),
        Column(
            "y",
            pl.Float32(),
            "short axis across the field, sideline to sideline (bounds: the stadium)",
            "yd",
            lower=-50.0,
            upper=103.3,
        ),
        Column("s", pl.Float32(), "speed", "yd/s", lower=0.0),
        Column("a", pl.Float32(), "acceleration magnitude", "yd/s^2", lower=0.0),
        Column("dis", pl.Float32(), "distance travelled since the previous frame", "yd", lower=0.0),
        Column(
            "o", pl.Float32(), "orientation, 0 deg = +y, clockwise", "deg", lower=0.0, upper=360.0
        ),
        Column(
            "dir",
            pl.Float32(),
            "direction of motion, 0 deg = +y, clockwise",
            "deg",
            lower=0.0,
            upper=360.0,
        ),
        Column("event", pl.String(), "normalized event name (schema.EVENTS)"),
    ),
    key=("game_id", "play_id", "nfl_id", "frame_id"),
    sort=("game_id", "play_id", "nfl_id", "frame_id"),
    docs="one row per entity per frame, the ball last within a play (nfl_id null)",
)

PLAYS = Table(
    "plays",
    (
        Column("game_id", pl.Int64(), "NFL game id", nullable=False),
        Column("play_id", pl.Int64(), "play id within the game", nullable=False),
        Column("quarter", pl.Int8(), "quarter, 5 = overtime", lower=1, upper=6),
        Column(
            "game_clock",
            pl.Int16(),
            "game clock at the snap: seconds left in the quarter",
            "s",
            lower=0,
            upper=900,
        ),
        Column("down", pl.Int8(), "down (0 or null where none, e.g. kickoffs)", lower=0, upper=4),
        Column("yards_to_go", pl.Int16(), "yards to a first down", "yd", lower=0, upper=100),
        Column("possession_club", pl.String(), "club in possession (the offense)"),
        Column("defensive_club", pl.String(), "club on defense"),
        Column(
            "absolute_yardline",
            pl.Float32(),
            "line of scrimmage x after standardization",
            "yd",
            lower=0.0,
            upper=120.0,
        ),
        Column("play_type", PlayTypeDtype, "pass, run, sack, kickoff, punt, field_goal, ..."),
        Column("pass_result", pl.String(), "C, I, IN, S, R or null"),
        Column("yards_gained", pl.Int16(), "yards gained on the play", "yd"),
        Column("description", pl.String(), "play-by-play description"),
        Column("play_direction", pl.String(), "direction of the offense as recorded: left/right"),
    ),
    key=("game_id", "play_id"),
    sort=("game_id", "play_id"),
    open=True,
    docs="one row per play; extra source columns follow under snake_case names",
)

PLAYERS = Table(
    "players",
    (
        Column("nfl_id", pl.Int64(), "player id", nullable=False),
        Column("display_name", pl.String(), "player name"),
        Column("position", pl.String(), "position abbreviation (QB, WR, CB, ...)"),
        Column("height_in", pl.Float32(), "height", "in", lower=55.0, upper=90.0),
        Column("weight_lb", pl.Float32(), "weight", "lb", lower=120.0, upper=450.0),
        Column("birth_date", pl.Date(), "date of birth"),
    ),
    key=("nfl_id",),
    sort=("nfl_id",),
    open=True,
)

GAMES = Table(
    "games",
    (
        Column("game_id", pl.Int64(), "NFL game id", nullable=False),
        Column(
            "season",
            pl.Int16(),
            "season (the year it starts in)",
            nullable=False,
            lower=1990,
            upper=2100,
        ),
        Column("season_type", pl.String(), "PRE, REG or POST"),
        Column(
            "week",
            pl.Int8(),
            "week of the season; 0 where unknown",
            nullable=False,
            lower=0,
            upper=30,
        ),
        Column("home_club", pl.String(), "home team abbreviation"),
        Column("away_club", pl.String(), "visiting team abbreviation"),
        Column("game_date", pl.Date(), "date of the game (US Eastern)"),
    ),
    key=("game_id",),
    sort=("game_id",),
    open=True,
)

KEY_FRAMES = Table(
    "key_frames",
    (
        Column("game_id", pl.Int64(), "NFL game id", nullable=False),
        Column("play_id", pl.Int64(), "play id within the game", nullable=False),
        Column("start_frame", pl.Int32(), "first frame of the play's tracking", lower=1),
        Column("snap_frame", pl.Int32(), "ball snap", lower=1),
        Column("throw_frame", pl.Int32(), "forward pass released", lower=1),
        Column(
            "arrival_frame", pl.Int32(), "pass arrives (caught, incomplete, intercepted)", lower=1
        ),
        Column("handoff_frame", pl.Int32(), "handoff", lower=1),
        Column("first_contact_frame", pl.Int32(), "first contact with the ball carrier", lower=1),
        Column(
            "end_frame",
            pl.Int32(),
            "end of the play (tackle, out of bounds, touchdown, "
            "incompletion, sack, ...), else the last frame",
            lower=1,
        ),
        Column("last_frame", pl.Int32(), "last frame of the play's tracking", lower=1),
    ),
    key=("game_id", "play_id"),
    sort=("game_id", "play_id"),
)

QUARANTINE = Table(
    "quarantine",
    (
        Column("source", pl.String(), "file the row came from", nullable=False),
        Column("line", pl.Int64(), "1-based line or record number in the source, when known"),
        Column("game_id", pl.Int64(), "NFL game id, when readable"),
        Column("play_id", pl.Int64(), "play id, when readable"),
        Column("nfl_id", pl.Int64(), "player id, when readable"),
        Column("frame_id", pl.Int32(), "frame, when readable"),
        Column("reason", pl.String(), "why the row was set aside", nullable=False),
        Column("raw", pl.String(), "the offending row as read (JSON)"),
    ),
    key=(),
    docs="rows set aside at ingest, with the reason: nothing is dropped silently",
)

QUALITY = Table(
    "quality",
    (
        Column("game_id", pl.Int64(), "NFL game id", nullable=False),
        Column("play_id", pl.Int64(), "play id within the game", nullable=False),
        Column("nfl_id", pl.Int64(), "player id; null for the ball or where it concerns the play"),
        Column("frame_id", pl.Int32(), "frame; null where it concerns the whole track", lower=1),
        Column(
            "check", pl.String(), "name of the check or drop rule (clean.CHECKS)", nullable=False
        ),
        Column("value", pl.Float64(), "what the check measured, in the check's unit"),
        Column(
            "action",
            QualityActionDtype,
            "flagged, interpolated, dropped_entity or dropped_play",
            nullable=False,
        ),
    ),
    key=(),
    sort=("game_id", "play_id", "nfl_id", "frame_id"),
    docs="one row per cleaning decision: a flag, a repaired position, a dropped tracking row",
)

STATS_PLAY = Table(
    "stats_play",
    (
        Column("game_id", pl.Int64(), "NFL game id", nullable=False),
        Column("play_id", pl.Int64(), "play id within the game", nullable=False),
        Column("stat", pl.String(), "stat name (gridtrack catalog)", nullable=False),
        Column("value", pl.Float64(), "value in the stat's unit", nullable=False),
    ),
    key=("game_id", "play_id", "stat"),
    sort=("game_id", "play_id"),
    docs="one row per play-level stat with a value (long form; absent = null)",
)

STATS_PLAYER_PLAY = Table(
    "stats_player_play",
    (
        Column("game_id", pl.Int64(), "NFL game id", nullable=False),
        Column("play_id", pl.Int64(), "play id within the game", nullable=False),
        Column("nfl_id", pl.Int64(), "player id", nullable=False),
        Column("stat", pl.String(), "stat name (gridtrack catalog)", nullable=False),
        Column("value", pl.Float64(), "value in the stat's unit", nullable=False),
    ),
    key=("game_id", "play_id", "nfl_id", "stat"),
    sort=("game_id", "play_id"),
    docs="one row per player-play stat with a value (long form; absent = null)",
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        TRACKING,
        PLAYS,
        PLAYERS,
        GAMES,
        KEY_FRAMES,
        QUARANTINE,
        QUALITY,
        STATS_PLAY,
        STATS_PLAYER_PLAY,
    )
}
