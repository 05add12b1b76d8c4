"""Ten stats in plain pandas, as a reference for ``benchmarks/stats.py``.

    python benchmarks/pandas_stats.py FOLDER      (canonical tables as Parquet)

Prints seconds, peak MB, plays and values, like the gridtrack runner.
"""

from __future__ import annotations

import resource
import sys
import time

import numpy as np
import pandas as pd


def player_stats(tracking: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """max_speed, distance_travelled, max_acceleration, time_above_8_yds from snap to end."""
    t = tracking[tracking["nfl_id"].notna()].merge(keys, on=["game_id", "play_id"])
    t = t[(t["frame_id"] >= t["snap_frame"].fillna(1)) & (t["frame_id"] <= t["end_frame"])]
    t = t.sort_values(["game_id", "play_id", "nfl_id", "frame_id"])
    g = t.groupby(["game_id", "play_id", "nfl_id"])
    t["step"] = np.hypot(g["x"].diff(), g["y"].diff())
    t["acc"] = g["s"].diff() / 0.1
    g = t.groupby(["game_id", "play_id", "nfl_id"])
    return pd.DataFrame(
        {
            "max_speed": g["s"].max(),
            "distance_travelled": g["step"].sum(),
            "max_acceleration": g["acc"].max(),
            "time_above_8_yds": g["s"].apply(lambda s: (s > 8).sum() * 0.1),
        }
    )


def play_stats(play: pd.DataFrame, keys: pd.Series, los: float) -> dict[str, float]:
    """time_to_throw, air_yards, separation_at_arrival, formation_width, box_defenders,
    offense_depth for one play."""
    out: dict[str, float] = {}
    snap = keys["snap_frame"] if pd.notna(keys["snap_frame"]) else play["frame_id"].min()
    at_snap = play[play["frame_id"] == snap]
    off = at_snap[at_snap["side"] == "offense"]
    dfn = at_snap[at_snap["side"] == "defense"]
    ball = at_snap[at_snap["side"] == "ball"]
    ball_y = ball["y"].iloc[0] if len(ball) else np.nan
    out["formation_width"] = off["y"].max() - off["y"].min()
    out["offense_depth"] = los - off["x"].min()
    depth = dfn["x"] - los
    out["box_defenders"] = float(
        ((depth >= 0) & (depth <= 8) & ((dfn["y"] - ball_y).abs() <= 6)).sum()
    )
    if pd.notna(keys["throw_frame"]):
        out["time_to_throw"] = (keys["throw_frame"] - snap) * 0.1
    if pd.notna(keys["arrival_frame"]):
        at = play[play["frame_id"] == keys["arrival_frame"]]
        b = at[at["side"] == "ball"]
        o = at[at["side"] == "offense"].copy()
        d = at[at["side"] == "defense"]
        if len(b) and len(o) and len(d):
            o["to_ball"] = np.hypot(o["x"] - b["x"].iloc[0], o["y"] - b["y"].iloc[0])
            r = o.loc[o["to_ball"].idxmin()]
            out["air_yards"] = r["x"] - los
            out["separation_at_arrival"] = np.hypot(d["x"] - r["x"], d["y"] - r["y"]).min()
    return out


def main() -> None:
    folder = sys.argv[1]
    tracking = pd.read_parquet(f"{folder}/tracking.parquet")
    plays = pd.read_parquet(f"{folder}/plays.parquet")
    keys = pd.read_parquet(f"{folder}/key_frames.parquet")
    tracking["side"] = tracking["side"].astype(str)
    start = time.perf_counter()
    per_player = player_stats(tracking, keys[["game_id", "play_id", "snap_frame", "end_frame"]])
    los = plays.set_index(["game_id", "play_id"])["absolute_yardline"]
    key_rows = keys.set_index(["game_id", "play_id"])
    rows = []
    for (game, play), frame in tracking.groupby(["game_id", "play_id"]):
        stats = play_stats(frame, key_rows.loc[(game, play)], float(los.get((game, play), np.nan)))
        rows.append({"game_id": game, "play_id": play, **stats})
    per_play = pd.DataFrame(rows)
    seconds = time.perf_counter() - start
    values = int(
        per_player.notna().sum().sum()
        + per_play.drop(columns=["game_id", "play_id"]).notna().sum().sum()
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(seconds, peak, len(keys), values)


if __name__ == "__main__":
    main()
