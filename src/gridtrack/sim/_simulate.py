"""Simulate a set of games and write them as Big Data Bowl 2023–2025 files plus truth."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from gridtrack.sim._faults import LABEL_SCHEMA, inject_faults
from gridtrack.sim._game import simulate_game
from gridtrack.sim._layout import TIME_FORMAT, ball_25hz, play_row, play_tracking, truth_tables
from gridtrack.sim._roster import CLUBS, make_clubs

SEASON = 2023
FIRST_SUNDAY = dt.date(2023, 9, 10)
KICKOFF_TIMES = ("13:00:00", "16:05:00", "16:25:00", "20:20:00")
TRACKING_COLUMNS = {
    "game_id": "gameId",
    "play_id": "playId",
    "nfl_id": "nflId",
    "display_name": "displayName",
    "frame_id": "frameId",
    "frame_type": "frameType",
    "time": "time",
    "jersey_number": "jerseyNumber",
    "club": "club",
    "play_direction": "playDirection",
    "x": "x",
    "y": "y",
    "s": "s",
    "a": "a",
    "dis": "dis",
    "o": "o",
    "dir": "dir",
    "event": "event",
}
README = """# Synthetic tracking from `gridtrack simulate`

Written by the gridtrack play simulator (seed {seed}, {games} games, faults: {faults}).

Big Data Bowl 2023–2025 layout, read by `gridtrack.read_tracking(folder)`:

- `tracking_week_N.csv`: players and the ball (`nflId` NA, `club` "football") at 10 Hz,
  coordinates as recorded (`playDirection` left plays are turned: x' = 120 − x,
  y' = 53⅓ − y, angles + 180°);
- `plays.csv`, `players.csv`, `games.csv`.

Ground truth (Parquet, so that the readers do not take them for tracking files):

- `truth_completion.parquet`: per pass, the true completion probability `p_complete` and
  its inputs (`separation` at the arrival, `air_distance`, `pressure_distance` at the throw),
  the outcome, and the expected / drawn yards after the catch;
- `truth_rush.parquet`: per run, `expected_yards` and its inputs (`box_defenders` at the
  snap, `defender_distance` at the handoff), the drawn and the gained yards;
- `faults.parquet`: one row per planted fault (game_id, play_id, nfl_id, frame_id, kind);
  empty without `--faults`;
- `ball_25hz.parquet`: the ball at 25 Hz with height `z` (yd), same coordinates as tracking.

The functions are documented in `gridtrack.sim._truth`.
"""


@dataclass
class SimResult:
    """Simulated tables: ``tracking`` (canonical snake_case names, as recorded, with
    ``week``), ``plays``/``players``/``games`` (Big Data Bowl column names), the truth tables,
    the fault labels and the 25 Hz ball."""

    tracking: pl.DataFrame
    plays: pl.DataFrame
    players: pl.DataFrame
    games: pl.DataFrame
    truth_completion: pl.DataFrame
    truth_rush: pl.DataFrame
    faults: pl.DataFrame
    ball_25hz: pl.DataFrame
    seed: int = 0


def _schedule(
    games: int, rng: np.random.Generator
) -> list[tuple[int, int, str, str, dt.date, str]]:
    out = []
    week, pairs = 0, []
    for _ in range(games):
        if not pairs:
            week += 1
            order = rng.permutation(len(CLUBS))
            pairs = [(CLUBS[order[2 * k]], CLUBS[order[2 * k + 1]]) for k in range(16)]
        home, away = pairs.pop(0)
        date = FIRST_SUNDAY + dt.timedelta(days=7 * (week - 1))
        n_week = 16 - len(pairs) - 1
        game_id = int(date.strftime("%Y%m%d")) * 100 + n_week
        out.append((game_id, week, home, away, date, KICKOFF_TIMES[n_week % 4]))
    return out


def simulate(games: int = 1, seed: int = 0, *, faults: bool = False) -> SimResult:
    """Simulate ``games`` games (about 150 tracked plays each).

    Parameters
    ----------
    games
        Number of games; 16 per week.
    seed
        Everything follows from it; game ``k`` is the same whatever ``games`` is.
    faults
        Plant tracking faults into 30% of the plays, labelled in ``faults``.
    """
    root = np.random.SeedSequence(seed)
    club_seq, schedule_seq, fault_seq, *game_seqs = root.spawn(3 + games)
    clubs, players = make_clubs(np.random.default_rng(club_seq))
    names = dict(zip(players["nflId"].to_list(), players["displayName"].to_list(), strict=True))
    schedule = _schedule(games, np.random.default_rng(schedule_seq))
    tracking, plays, balls, game_rows, sims = [], [], [], [], []
    for (game_id, week, home, away, date, kick), seq in zip(schedule, game_seqs, strict=True):
        start = np.datetime64(f"{date.isoformat()}T{kick}") + np.timedelta64(4, "h")  # ET → UTC
        game = simulate_game(game_id, clubs[home], clubs[away], start, np.random.default_rng(seq))
        sims.extend(game)
        tracking.append(
            pl.concat([play_tracking(sp, names) for sp in game]).with_columns(
                pl.lit(week, pl.Int32).alias("week")
            )
        )
        plays.extend(play_row(sp, names) for sp in game)
        balls.extend(ball_25hz(sp) for sp in game)
        game_rows.append(
            {
                "gameId": game_id,
                "season": SEASON,
                "week": week,
                "gameDate": date.strftime("%m/%d/%Y"),
                "gameTimeEastern": kick,
                "homeTeamAbbr": home,
                "visitorTeamAbbr": away,
            }
        )
    track = pl.concat(tracking).with_columns(pl.col("time").cast(pl.Datetime("us", "UTC")))
    labels = pl.DataFrame(schema=LABEL_SCHEMA)
    if faults:
        weeks = track.select("game_id", "week").unique()
        track, labels = inject_faults(track.drop("week"), seed=np.random.default_rng(fault_seq))
        track = track.join(weeks, on="game_id", how="left")
    completion, rush = truth_tables(sims)
    used = {c for g in game_rows for c in (g["homeTeamAbbr"], g["visitorTeamAbbr"])}
    ids = [int(i) for c in used for i in clubs[c].nfl_id]
    return SimResult(
        tracking=track,
        plays=pl.DataFrame(plays, infer_schema_length=None),
        players=players.filter(pl.col("nflId").is_in(ids)).sort("nflId"),
        games=pl.DataFrame(game_rows),
        truth_completion=completion,
        truth_rush=rush,
        faults=labels,
        ball_25hz=pl.concat(balls).with_columns(pl.col("time").cast(pl.Datetime("us", "UTC"))),
        seed=seed,
    )


def write(result: SimResult, out: str | Path) -> list[Path]:
    """Write ``result`` into folder ``out`` (created); returns the files written.

    Tracking is split by week into ``tracking_week_N.csv``; values are written as the league
    writes them: 2 decimals, ``NA`` for missing values, times ``YYYY-MM-DD HH:MM:SS.ffffff``
    (UTC).
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    track = result.tracking.with_columns(
        pl.col("time").dt.strftime(TIME_FORMAT),
        pl.col("x", "y", "s", "a", "dis", "o", "dir").round(2),
    )
    for (week,), part in track.partition_by("week", as_dict=True, maintain_order=True).items():
        path = folder / f"tracking_week_{week}.csv"
        part.drop("week").rename(TRACKING_COLUMNS).write_csv(path, null_value="NA")
        written.append(path)
    plays = result.plays.with_columns(
        pl.when(pl.col("isDropback"))
        .then(pl.lit("TRUE"))
        .otherwise(pl.lit("FALSE"))
        .alias("isDropback")
    )
    for name, frame in (
        ("plays", plays),
        ("players", result.players),
        ("games", result.games),
    ):
        path = folder / f"{name}.csv"
        frame.write_csv(path, null_value="NA")
        written.append(path)
    for name in ("truth_completion", "truth_rush", "faults", "ball_25hz"):
        path = folder / f"{name}.parquet"
        getattr(result, name).write_parquet(path)
        written.append(path)
    games = result.games.height
    (folder / "README.md").write_text(
        README.format(
            seed=result.seed, games=games, faults="yes" if result.faults.height else "no"
        ),
        encoding="utf-8",
    )
    return written
