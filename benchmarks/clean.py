"""Benchmark: the full check-and-repair pass, gridtrack against a plain pandas version.

Inputs: every real sample that reads (``$GRIDTRACK_REAL_DATA``, default ../shared/data) and
a generated week in the 2023–2025 layout (``benchmarks/generate.py``, 10 million rows by
default), each scanned through ``gridtrack.scan_tracking`` into canonical tracking first (not
timed). Timed: ``gridtrack.clean.clean_tracking`` on the whole table, and the same checks,
interpolation and derived speed written plainly in pandas (groupby-shift per track).
Prints the median wall time, rows per second, process CPU seconds and the ratio to pandas.

    python benchmarks/clean.py [--rows 10000000] [--repeat 3] [--pandas-repeat 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl
from polars.exceptions import PanicException

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gridtrack  # noqa: E402
from gridtrack.clean import CleaningConfig, clean_tracking  # noqa: E402
from gridtrack.clean.kinematics import savgol_coefficients  # noqa: E402
from gridtrack.schema import FIELD_LENGTH, FIELD_WIDTH  # noqa: E402

SAMPLES = ("bdb2019", "bdb2020", "bdb2023_sample", "ngs_highlights", "sportradar_ngs")


def pandas_clean(df, cfg: CleaningConfig):  # noqa: ANN001, ANN201  (pandas is optional)
    """The same checks, interpolation and derived kinematics, plainly in pandas."""
    import pandas as pd

    df = df.sort_values(["game_id", "play_id", "nfl_id", "frame_id"], na_position="last")
    df = df.reset_index(drop=True)
    track = ["game_id", "play_id", "nfl_id"]
    g = df.groupby(track, dropna=False, sort=False)
    ball = df["nfl_id"].isna()
    flags = pd.DataFrame(index=df.index)
    flags["dropout"] = df["x"].isna() | df["y"].isna()
    beyond_x = np.maximum(-df["x"], df["x"] - FIELD_LENGTH)
    beyond_y = np.maximum(-df["y"], df["y"] - FIELD_WIDTH)
    flags["off_field"] = (beyond_x > np.where(ball, 25, cfg.field_margin_x)) | (
        beyond_y > np.where(ball, 25, cfg.field_margin_y)
    )
    sh = {k: g[["x", "y"]].shift(k) for k in (-2, -1, 1, 2)}
    left = np.hypot(df["x"] - 2 * sh[1]["x"] + sh[2]["x"], df["y"] - 2 * sh[1]["y"] + sh[2]["y"])
    right = np.hypot(
        df["x"] - 2 * sh[-1]["x"] + sh[-2]["x"], df["y"] - 2 * sh[-1]["y"] + sh[-2]["y"]
    )
    flags["jump"] = np.minimum(left, right) > np.where(ball, 3.0, cfg.jump_tolerance)
    repeat = (df["x"] == sh[1]["x"]) & (df["y"] == sh[1]["y"])
    moving = np.where(df["dis"].isna(), df["s"] > cfg.frozen_min_speed, df["dis"] > 0.05)
    stuck = pd.Series(repeat & moving, index=df.index)
    run_id = ((stuck != stuck.shift(1)) | (g.cumcount() == 0)).cumsum()
    run_len = stuck.groupby(run_id).transform("sum")
    flags["frozen"] = stuck & (run_len >= cfg.frozen_min_frames)
    frame = df.assign(_rep=repeat, _known=~flags["dropout"]).groupby(
        ["game_id", "play_id", "frame_id"], sort=False
    )
    all_repeat = frame["_rep"].transform("sum") == frame["_known"].transform("sum")
    flags["duplicate_frame"] = all_repeat & (frame["_known"].transform("sum") >= 2)
    bad = flags.any(axis=1)
    df["xr"] = df["x"].where(~bad)
    df["yr"] = df["y"].where(~bad)
    g = df.groupby(track, dropna=False, sort=False)
    tid = g.ngroup()
    for c in ("xr", "yr"):
        known = df[c].notna()
        filled = df[c].interpolate(limit=cfg.max_gap_frames, limit_area="inside")
        prev_tid, next_tid = tid.where(known).ffill(), tid.where(known).bfill()
        df[c] = filled.where(known | ((prev_tid == tid) & (next_tid == tid)))
    w = cfg.smoothing_window
    h = w // 2
    c1 = savgol_coefficients(w, cfg.smoothing_order, 1, h)
    c2 = savgol_coefficients(w, cfg.smoothing_order, 2, h)
    shifted = {k: g[["xr", "yr"]].shift(-k) for k in range(-h, h + 1)}
    vx = sum(c1[k + h] * shifted[k]["xr"] for k in range(-h, h + 1)) * 10
    vy = sum(c1[k + h] * shifted[k]["yr"] for k in range(-h, h + 1)) * 10
    ax = sum(c2[k + h] * shifted[k]["xr"] for k in range(-h, h + 1)) * 100
    ay = sum(c2[k + h] * shifted[k]["yr"] for k in range(-h, h + 1)) * 100
    speed = np.hypot(vx, vy)
    step = np.hypot(df["xr"] - shifted[-1]["xr"], df["yr"] - shifted[-1]["yr"])
    second = np.hypot(
        df["xr"] - 2 * shifted[-1]["xr"] + shifted[-2]["xr"],
        df["yr"] - 2 * shifted[-1]["yr"] + shifted[-2]["yr"],
    )
    flags["speed"] = step * 10 > np.where(ball, cfg.max_ball_speed, cfg.max_speed)
    flags["acceleration"] = (second * 100 > cfg.max_acceleration) & ~ball
    flags["s_inconsistent"] = ((df["s"] - speed).abs() > cfg.s_tolerance + 0.2 * speed) & ~ball
    flags["dis_inconsistent"] = (df["dis"] - step).abs() > cfg.dis_tolerance
    direction = np.degrees(np.arctan2(vx, vy)) % 360
    turn = ((df["dir"] - direction + 180) % 360 - 180).abs()
    flags["dir_inconsistent"] = (turn > cfg.dir_tolerance) & (speed > 2) & (df["s"] > 2) & ~ball
    df["s"] = df["s"].fillna(speed)
    df["a"] = df["a"].fillna(np.hypot(ax, ay))
    df["dis"] = df["dis"].fillna(step)
    df["dir"] = df["dir"].fillna(direction)
    df["x"], df["y"] = df["xr"], df["yr"]
    quality = flags.stack()
    return df.drop(columns=["xr", "yr"]), quality[quality]


def timed(fn, repeat: int) -> tuple[float, float]:  # noqa: ANN001
    """Median wall seconds and median process CPU seconds of ``fn()`` over ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus)


def inputs(real: Path | None, rows: int, tmp: Path) -> dict[str, pl.DataFrame]:
    found: dict[str, pl.DataFrame] = {}
    if real is not None:
        for name in SAMPLES:
            try:
                found[name] = gridtrack.scan_tracking(real / name).tracking.collect()
            except (Exception, PanicException) as exc:  # a reader failing: say so, go on
                print(f"  (skipping {name}: {type(exc).__name__}: {str(exc)[:80]})")
    if rows:
        from generate import write_week

        write_week(tmp / "week", rows)
        found[f"generated {rows / 1e6:g}M"] = gridtrack.scan_tracking(
            tmp / "week"
        ).tracking.collect()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pandas-repeat", type=int, default=1)
    parser.add_argument("--no-pandas", action="store_true")
    args = parser.parse_args()
    real_env = os.environ.get("GRIDTRACK_REAL_DATA", str(HERE.parent.parent / "shared" / "data"))
    real = Path(real_env) if Path(real_env).is_dir() else None
    cfg = CleaningConfig()
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        tables = inputs(real, args.rows, Path(tmp))
        header = (
            f"{'input':<22}{'rows':>12}{'gridtrack s':>13}{'rows/s':>12}{'cpu s':>8}"
            f"{'pandas s':>11}{'rows/s':>12}{'ratio':>8}"
        )
        print(header)
        for name, tracking in tables.items():
            wall, cpu = timed(lambda t=tracking: clean_tracking(t, cfg), args.repeat)
            line = (
                f"{name:<22}{tracking.height:>12,}{wall:>13.3f}{tracking.height / wall:>12,.0f}"
                f"{cpu:>8.2f}"
            )
            if not args.no_pandas:
                frame = tracking.to_pandas(use_pyarrow_extension_array=False)
                p_wall, _ = timed(lambda f=frame: pandas_clean(f, cfg), args.pandas_repeat)
                line += f"{p_wall:>11.3f}{tracking.height / p_wall:>12,.0f}{p_wall / wall:>7.1f}×"
            print(line, flush=True)


if __name__ == "__main__":
    main()
