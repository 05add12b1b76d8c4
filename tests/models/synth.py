"""Small canonical pass plays with a known completion function, for the model tests.

Each play: a passer, the target receiver, two other receivers, four defenders (one covering
the target at a drawn separation, one rushing the passer at a drawn distance) and the
ball, moving in straight lines at 10 Hz. The snap is frame 1, the throw frame 11, the
arrival frame 21, the end frame 28. Completion is drawn from the simulator's known
function of separation at arrival, air distance and pressure at the throw; a caught ball
then travels ``yac`` yards with the receiver before the play ends.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from gridtrack.clean import key_frames
from gridtrack.io import lake as lake_io
from gridtrack.schema import GAMES, KEY_FRAMES, PLAYERS, PLAYS, TRACKING, Dataset
from gridtrack.sim import completion_probability

SNAP, THROW, ARRIVAL, END, LAST = 1, 11, 21, 28, 30


def synthetic_passes(
    n_games: int = 6, plays_per_game: int = 40, seed: int = 0
) -> tuple[Dataset, pl.DataFrame]:
    """A canonical Dataset of pass plays and the truth per play (p_complete and inputs)."""
    rng = np.random.default_rng(seed)
    rows: list[dict] = []
    truth = []
    plays = []
    for g in range(n_games):
        game_id = 2030090100 + g
        for k in range(plays_per_game):
            play_id = 100 + 10 * k
            los = float(rng.uniform(25, 85))
            qb0 = np.array([los - 5.0, 26.7])
            depth = float(rng.uniform(0, 25))
            rec_catch = np.array([los + depth, float(rng.uniform(5, 48))])
            sep = float(rng.gamma(2.0, 1.2))
            press = float(rng.uniform(0.8, 8.0))
            angle = rng.uniform(0, 2 * np.pi)
            def_catch = rec_catch + sep * np.array([np.cos(angle), np.sin(angle)])
            rec_speed = float(rng.uniform(2, 9))
            # straight lines: receiver reaches rec_catch at ARRIVAL moving +x at rec_speed
            v_rec = np.array([rec_speed, 0.0])
            entities = {
                1: ("offense", lambda f, q=qb0: q + np.array([-0.3, 0.0]) * min(f, THROW)),
                2: ("offense", lambda f, r=rec_catch, v=v_rec: r + v * (f - ARRIVAL) / 10),
                3: (
                    "offense",
                    lambda f, r=rec_catch, los=los: np.array([los + 8.0, 50.0 - r[1] / 5]),
                ),
                4: ("offense", lambda f, los=los: np.array([los + 3.0, 3.0])),
                11: ("defense", lambda f, d=def_catch, v=v_rec: d + v * (f - ARRIVAL) / 10),
                12: (
                    "defense",
                    lambda f, q=qb0, pr=press: (
                        q
                        + np.array([-0.3, 0.0]) * min(f, THROW)
                        + np.array([pr, 0.0])
                        + np.array([-0.05, 0.0]) * (f - THROW)
                    ),
                ),
                13: ("defense", lambda f, los=los: np.array([los + 20.0, 10.0])),
                14: ("defense", lambda f, los=los: np.array([los + 20.0, 43.0])),
            }
            qb_at_throw = entities[1][1](THROW)
            rec_at = entities[2][1]
            defenders = [pos for side, pos in entities.values() if side == "defense"]
            # the truth is measured on the drawn geometry, as the simulator does
            sep = min(float(np.linalg.norm(d(ARRIVAL) - rec_at(ARRIVAL))) for d in defenders)
            press = min(float(np.linalg.norm(d(THROW) - qb_at_throw)) for d in defenders)
            air = float(np.linalg.norm(rec_at(ARRIVAL) - qb_at_throw))
            p = float(completion_probability(sep, air, press))
            caught = bool(rng.uniform() < p)
            yac = float(rng.gamma(1.5, (0.8 + 0.25 * rec_speed + 0.3 * min(sep, 10)) / 1.5))
            truth.append((game_id, play_id, sep, air, press, p, int(caught), yac))
            plays.append((game_id, play_id, los, "C" if caught else "I", int(rng.integers(1, 4))))
            for frame in range(1, LAST + 1):
                event = {
                    SNAP: "ball_snap",
                    THROW: "pass_forward",
                    ARRIVAL: "pass_arrived",
                    ARRIVAL + 1: "pass_outcome_caught" if caught else "pass_outcome_incomplete",
                    END: "tackle" if caught else None,
                }.get(frame)
                for nfl_id, (side, pos) in entities.items():
                    xy = pos(frame)
                    if nfl_id == 2 and caught and frame > ARRIVAL:
                        run = min((frame - ARRIVAL) / (END - ARRIVAL), 1.0) * yac
                        xy = rec_at(ARRIVAL) + np.array([run, 0.0])
                    rows.append(_row(game_id, play_id, frame, nfl_id, side, xy, event))
                if frame <= THROW:
                    bxy = entities[1][1](frame)
                elif frame <= ARRIVAL:
                    t = (frame - THROW) / (ARRIVAL - THROW)
                    bxy = qb_at_throw + t * (rec_at(ARRIVAL) - qb_at_throw)
                elif caught:
                    run = min((frame - ARRIVAL) / (END - ARRIVAL), 1.0) * yac
                    bxy = rec_at(ARRIVAL) + np.array([run, 0.0])
                else:
                    bxy = rec_at(ARRIVAL) + np.array([1.0, 0.0]) * (frame - ARRIVAL) * 0.2
                rows.append(_row(game_id, play_id, frame, None, "ball", bxy, event))
    tracking = _kinematics(pl.DataFrame(rows))
    tracking = TRACKING.conform(tracking).sort(TRACKING.sort, nulls_last=True).collect()
    play_frame = PLAYS.conform(
        pl.DataFrame(
            plays,
            schema=["game_id", "play_id", "absolute_yardline", "pass_result", "down"],
            orient="row",
        ).with_columns(
            pl.lit("pass").alias("play_type"),
            pl.lit(10).alias("yards_to_go"),
            pl.lit("AAA").alias("possession_club"),
            pl.lit("BBB").alias("defensive_club"),
        )
    ).collect()
    games = GAMES.conform(
        pl.DataFrame(
            {
                "game_id": [2030090100 + g for g in range(n_games)],
                "season": [2030] * n_games,
                "week": [1] * n_games,
            }
        )
    ).collect()
    players = PLAYERS.conform(
        pl.DataFrame(
            {
                "nfl_id": [1, 2, 3, 4, 11, 12, 13, 14],
                "display_name": ["Q", "R1", "R2", "R3", "D1", "D2", "D3", "D4"],
                "position": ["QB", "WR", "WR", "TE", "CB", "DE", "S", "S"],
            }
        )
    ).collect()
    ds = Dataset(
        tracking=tracking.lazy(),
        plays=play_frame.lazy(),
        games=games.lazy(),
        players=players.lazy(),
        key_frames=KEY_FRAMES.conform(key_frames(tracking.lazy())).collect().lazy(),
    )
    truth_frame = pl.DataFrame(
        truth,
        schema=[
            "game_id",
            "play_id",
            "separation",
            "air_distance",
            "pressure_distance",
            "p_complete",
            "complete",
            "yac",
        ],
        orient="row",
    )
    return ds, truth_frame


def _row(game_id, play_id, frame, nfl_id, side, xy, event):  # type: ignore[no-untyped-def]
    return {
        "game_id": game_id,
        "play_id": play_id,
        "frame_id": frame,
        "nfl_id": nfl_id,
        "club": "football" if side == "ball" else ("AAA" if side == "offense" else "BBB"),
        "side": side,
        "x": float(xy[0]),
        "y": float(xy[1]),
        "event": event,
    }


def _kinematics(frame: pl.DataFrame) -> pl.DataFrame:
    """Speed (yd/s), direction (deg, 0 = +y clockwise) and acceleration from positions."""
    key = ["game_id", "play_id", "nfl_id"]
    frame = frame.sort([*key, "frame_id"], nulls_last=True)
    dx = pl.col("x").diff().over(key)
    dy = pl.col("y").diff().over(key)
    frame = frame.with_columns(
        (dx.fill_null(strategy="backward").over(key) * 10).alias("_vx"),
        (dy.fill_null(strategy="backward").over(key) * 10).alias("_vy"),
    ).with_columns(
        (pl.col("_vx") ** 2 + pl.col("_vy") ** 2).sqrt().alias("s"),
        (pl.arctan2(pl.col("_vx"), pl.col("_vy")).degrees() % 360).alias("dir"),
    )
    return frame.with_columns(
        (pl.col("s").diff().over(key).abs().fill_null(0.0) * 10).alias("a"),
        (pl.col("s") / 10).alias("dis"),
        pl.col("dir").alias("o"),
    ).drop("_vx", "_vy")


def write_lake(ds: Dataset, lake: Path) -> Path:
    """Store a synthetic Dataset as a lake (season 2030, week 1)."""
    tables = ds.collect()
    for game_id in tables["games"]["game_id"].to_list():
        for table in (TRACKING, PLAYS, KEY_FRAMES):
            part = tables[table.name].filter(pl.col("game_id") == game_id)
            lake_io.write_game(lake, table, part, season=2030, week=1, game_id=game_id)
    lake_io.write_whole(lake, GAMES, tables["games"])
    lake_io.write_whole(lake, PLAYERS, tables["players"])
    return lake
