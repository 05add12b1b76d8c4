"""Generate large tracking weeks in the Big Data Bowl 2023–2025 layout, for benchmarks.

The plays are not football (each entity drifts at a constant velocity with noise); what
matters here is the size and the layout: ``tracking_week_1.csv`` (… ``tracking_week_N.csv``
with ``--weeks N``), ``plays.csv``, ``games.csv`` with the columns and value formats of the
real files.

    python benchmarks/generate.py OUT_DIR --rows 10000000 [--weeks 3]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import polars as pl

ENTITIES = 23  # 22 players + the ball
FRAMES = 60
PLAYS_PER_GAME = 450


def write_week(folder: Path, rows: int, *, seed: int = 0, weeks: int = 1) -> Path:
    """Write ``weeks`` weeks of ``rows`` tracking rows each (rounded to whole plays) into
    ``folder``, with one ``plays.csv`` and ``games.csv`` for them all; returns the last
    week's tracking file."""
    folder.mkdir(parents=True, exist_ok=True)
    games, plays = [], []
    for week in range(1, weeks + 1):
        path, week_games, week_plays = _week(folder, rows, week, seed=seed + week - 1)
        games.append(week_games)
        plays.append(week_plays)
    pl.concat(games).write_csv(folder / "games.csv")
    pl.concat(plays).write_csv(folder / "plays.csv")
    return path


def _week(
    folder: Path, rows: int, week: int, *, seed: int
) -> tuple[Path, pl.DataFrame, pl.DataFrame]:
    """Write week ``week``'s tracking file; its games and plays rows (game ids a day apart
    from week to week)."""
    rng = np.random.default_rng(seed)
    n_plays = max(1, rows // (ENTITIES * FRAMES))
    play_idx = np.arange(n_plays)
    game_ids = 2023090700 + 100 * (week - 1) + play_idx // PLAYS_PER_GAME
    play_ids = 50 + (play_idx % PLAYS_PER_GAME) * 25
    left = rng.random(n_plays) < 0.5
    los = rng.uniform(20, 100, n_plays)

    n = n_plays * ENTITIES * FRAMES
    p = np.repeat(play_idx, ENTITIES * FRAMES)
    entity = np.tile(np.repeat(np.arange(ENTITIES), FRAMES), n_plays)
    frame = np.tile(np.arange(1, FRAMES + 1), n_plays * ENTITIES)
    is_ball = entity == ENTITIES - 1
    offense = entity < 11
    toward = np.where(left[p], -1.0, 1.0)
    n_tracks = n_plays * ENTITIES

    def per_track(values: np.ndarray) -> np.ndarray:
        return np.repeat(values, FRAMES)

    depth = per_track(rng.uniform(0.5, 8.0, n_tracks))
    start_x = np.where(is_ball, los[p], los[p] + np.where(offense, -1.0, 1.0) * depth * toward)
    speed = per_track(rng.uniform(0, 8, n_tracks))
    x = start_x + toward * speed * (frame - 1) * 0.1
    y = np.clip(per_track(rng.uniform(5, 48, n_tracks)) + rng.normal(0, 0.05, n), 0, 53.3)
    nfl_id = np.where(is_ball, -1, 40000 + (game_ids[p] % 100) * 100 + entity)
    clubs = np.array(["HOM", "AWY"])
    club = np.where(is_ball, "football", clubs[(entity >= 11).astype(int)])
    event = np.full(n, "NA", dtype=object)
    event[frame == 10] = "ball_snap"
    event[frame == 35] = "pass_forward"
    event[frame == 50] = "pass_outcome_caught"
    event[frame == 58] = "tackle"
    base = np.datetime64("2023-09-08T00:20:00.000")
    time = base + (p * 10_000 + (frame - 1) * 100).astype("timedelta64[ms]")
    tracking = pl.DataFrame(
        {
            "gameId": game_ids[p],
            "playId": play_ids[p],
            "nflId": pl.Series(nfl_id).cast(pl.String).replace("-1", "NA"),
            "displayName": np.where(is_ball, "football", "Player"),
            "frameId": frame,
            "frameType": np.where(frame < 10, "BEFORE_SNAP", "SNAP"),
            "time": pl.Series(time).dt.to_string("%Y-%m-%d %H:%M:%S%.6f"),
            "jerseyNumber": pl.Series(np.where(is_ball, -1, entity + 1))
            .cast(pl.String)
            .replace("-1", "NA"),
            "club": club,
            "playDirection": np.where(left[p], "left", "right"),
            "x": np.round(x, 2),
            "y": np.round(y, 2),
            "s": np.round(speed, 2),
            "a": np.round(rng.uniform(0, 3, n), 2),
            "dis": np.round(speed * 0.1, 2),
            "o": np.round(rng.uniform(0, 360, n), 2),
            "dir": np.round(np.where(left[p], 270.0, 90.0) + rng.normal(0, 5, n), 2) % 360,
            "event": event,
        }
    )
    path = folder / f"tracking_week_{week}.csv"
    tracking.write_csv(path, null_value="NA")
    games = pl.DataFrame(
        {
            "gameId": np.unique(game_ids),
            "season": 2023,
            "week": week,
            "gameDate": "09/07/2023",
            "gameTimeEastern": "20:20:00",
            "homeTeamAbbr": "HOM",
            "visitorTeamAbbr": "AWY",
        }
    )
    plays = pl.DataFrame(
        {
            "gameId": game_ids,
            "playId": play_ids,
            "playDescription": "(10:00) pass short left",
            "quarter": 1,
            "down": 1,
            "yardsToGo": 10,
            "possessionTeam": "HOM",
            "defensiveTeam": "AWY",
            "yardlineSide": "HOM",
            "yardlineNumber": 25,
            "gameClock": "10:00",
            "passResult": "C",
            "playResult": 7,
            "absoluteYardlineNumber": np.round(los, 0),
            "offenseFormation": "SHOTGUN",
        }
    )
    return path, games, plays


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--weeks", type=int, default=1, help="weekly tracking files to write")
    args = parser.parse_args()
    path = write_week(args.out, args.rows, seed=args.seed, weeks=args.weeks)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()
