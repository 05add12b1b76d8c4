"""Faults of a radio tracking system, planted into tracking rows with a label for each.

:func:`inject_faults` works on any tracking frame with the canonical column names
(``game_id, play_id, nfl_id, frame_id, x, y`` and, where present, ``s, a, dis, o, dir``),
simulated or real, as recorded or standardized. Each label is one affected row (or, for a
missing frame, one removed frame of the play): ``game_id, play_id, nfl_id, frame_id, kind``
with ``nfl_id`` null for the ball and for whole frames.

=================== ===========================================================================
kind                what is done (frames ``f .. f+L−1`` of one entity, away from its track ends)
=================== ===========================================================================
off_field           x or y put 12–25 yd beyond an end line or sideline (1–3 frames)
overspeed           the tag runs ahead along its motion at 5–7 yd/s more than the player (the
                    frames whose speed from positions exceeds 12.5 yd/s are labelled; the
                    offset then decays at 1.5 yd/s, unlabelled); reported ``s`` follows
jump                a position jump of 3–8 yd for 1–2 frames, then back on the track
dropout             x, y (and s, a, dis, o, dir) missing for 1–10 frames
frozen              x, y stuck at the previous frame's value for 8–20 frames while ``s`` > 0
duplicate_frame     1–3 rows of the entity repeated
missing_frame       one frame of the play removed for every entity (``nfl_id`` null)
missing_player      the entity's rows removed for 3–15 frames
ball_ends_early     the ball's rows removed from some frame to the end (``nfl_id`` null)
inconsistent_s      reported ``s`` scaled by 1.6–2.5 (+1 yd/s) for 5–15 frames
inconsistent_dis    reported ``dis`` scaled by 2–4 (+0.3 yd) for 5–15 frames
inconsistent_dir    reported ``dir`` turned by 90–180° for 5–15 frames of a moving player
=================== ===========================================================================

At most one fault per entity and play; a missing frame is the only fault of its play.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from gridtrack.schema import FIELD_LENGTH, FIELD_WIDTH, MAX_PLAYER_SPEED

FAULT_KINDS = (
    "off_field",
    "overspeed",
    "jump",
    "dropout",
    "frozen",
    "duplicate_frame",
    "missing_frame",
    "missing_player",
    "ball_ends_early",
    "inconsistent_s",
    "inconsistent_dis",
    "inconsistent_dir",
)
LABEL_SCHEMA = {
    "game_id": pl.Int64,
    "play_id": pl.Int64,
    "nfl_id": pl.Int64,
    "frame_id": pl.Int32,
    "kind": pl.String,
}
KEY = ["game_id", "play_id", "nfl_id", "frame_id"]
VALUES = ("x", "y", "s", "a", "dis", "o", "dir")


def inject_faults(
    tracking: pl.DataFrame,
    *,
    seed: int | np.random.Generator = 0,
    play_fraction: float = 0.3,
    kinds: tuple[str, ...] = FAULT_KINDS,
    frame_seconds: float = 0.1,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Plant faults into ``tracking``; return the faulty frame and the labels.

    Parameters
    ----------
    tracking
        Rows with canonical column names, one per entity and frame.
    seed
        Seed or generator: the same seed gives the same faults.
    play_fraction
        Share of plays that get faults (each gets 1–3 of ``kinds``).
    frame_seconds
        Time between frames (s), for the over-speed fault.
    """
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    df = tracking.sort(KEY, nulls_last=True)
    cols = {c: df[c].cast(pl.Float64).to_numpy().copy() for c in VALUES if c in df.columns}
    game = df["game_id"].to_numpy()
    play = df["play_id"].to_numpy()
    nfl = df["nfl_id"].fill_null(-1).to_numpy()
    frame = df["frame_id"].to_numpy()
    n = df.height
    new_track = np.r_[
        True, (game[1:] != game[:-1]) | (play[1:] != play[:-1]) | (nfl[1:] != nfl[:-1])
    ]
    starts = np.flatnonzero(new_track)
    ends = np.r_[starts[1:], n]
    new_play = np.r_[
        True, (game[starts[1:]] != game[starts[:-1]]) | (play[starts[1:]] != play[starts[:-1]])
    ]
    play_first = np.flatnonzero(new_play)
    play_last = np.r_[play_first[1:], starts.size]

    remove = np.zeros(n, dtype=bool)
    repeat: list[int] = []
    labels: list[tuple[int, int, int | None, int, str]] = []
    speed = cols.get("s")

    def label(rows: np.ndarray | range, kind: str) -> None:
        for r in rows:
            labels.append(
                (
                    int(game[r]),
                    int(play[r]),
                    None if nfl[r] < 0 else int(nfl[r]),
                    int(frame[r]),
                    kind,
                )
            )

    for p0, p1 in zip(play_first, play_last, strict=True):
        if rng.random() >= play_fraction:
            continue
        tracks = np.arange(p0, p1)
        players = [k for k in tracks if nfl[starts[k]] >= 0 and ends[k] - starts[k] >= 30]
        ball = [k for k in tracks if nfl[starts[k]] < 0 and ends[k] - starts[k] >= 30]
        chosen = rng.choice(kinds, size=min(int(rng.integers(1, 4)), len(kinds)), replace=False)
        if "missing_frame" in chosen:
            chosen = np.array(["missing_frame"])
        used: set[int] = set()
        for kind in chosen:
            if kind == "missing_frame":
                f = int(rng.integers(frame[starts[p0]] + 5, frame[ends[p0] - 1] - 5))
                rows = np.arange(starts[p0], ends[p1 - 1])
                rows = rows[frame[rows] == f]
                remove[rows] = True
                labels.append((int(game[rows[0]]), int(play[rows[0]]), None, f, kind))
                continue
            pool = ball if kind == "ball_ends_early" else [k for k in players if k not in used]
            if not pool:
                continue
            k = int(pool[int(rng.integers(len(pool)))])
            used.add(k)
            a, b = int(starts[k]), int(ends[k])
            length = b - a
            if kind == "ball_ends_early":
                cut = a + int(rng.integers(length // 3, length - 5))
                remove[cut:b] = True
                label(range(cut, b), kind)
                continue
            span = {
                "off_field": (1, 4),
                "jump": (1, 3),
                "dropout": (1, 11),
                "frozen": (8, 21),
                "duplicate_frame": (1, 4),
                "missing_player": (3, 16),
                "overspeed": (3, 7),
            }.get(kind, (5, 16))
            L = int(rng.integers(*span))
            lo, hi = a + 3, b - 3 - L
            if hi <= lo:
                continue
            moving = None
            if kind in ("frozen", "inconsistent_dir", "overspeed") and speed is not None:
                floor = {"frozen": 1.0, "inconsistent_dir": 2.0, "overspeed": 7.0}[kind]
                ok = [f for f in range(lo, hi) if np.nanmin(speed[f : f + L]) > floor]
                if not ok:
                    continue
                moving = ok
            f = int(rng.choice(moving)) if moving else int(rng.integers(lo, hi))
            rows = np.arange(f, f + L)
            x, y = cols["x"], cols["y"]
            if kind == "off_field":
                if rng.random() < 0.5:
                    far = x[f] > FIELD_LENGTH / 2
                    x[rows] = FIELD_LENGTH + rng.uniform(12, 25) if far else -rng.uniform(12, 25)
                else:
                    far = y[f] > FIELD_WIDTH / 2
                    y[rows] = FIELD_WIDTH + rng.uniform(12, 25) if far else -rng.uniform(12, 25)
            elif kind == "jump":
                angle = rng.uniform(0, 2 * np.pi)
                size = rng.uniform(3.0, 8.0)
                x[rows] += size * np.cos(angle)
                y[rows] += size * np.sin(angle)
            elif kind == "dropout":
                for c in cols.values():
                    c[rows] = np.nan
            elif kind == "frozen":
                x[rows] = x[f - 1]
                y[rows] = y[f - 1]
            elif kind == "duplicate_frame":
                repeat.extend(rows.tolist())
            elif kind == "missing_player":
                remove[rows] = True
            elif kind == "overspeed":
                vx = (x[f] - x[f - 1]) / frame_seconds
                vy = (y[f] - y[f - 1]) / frame_seconds
                sp = max(np.hypot(vx, vy), 1e-6)
                extra = rng.uniform(5.0, 7.0) * frame_seconds
                ramp = np.r_[np.arange(1, L + 1) * extra]
                decay = np.arange(ramp[-1], 0.0, -1.5 * frame_seconds)[1:]
                offs = np.r_[ramp, decay][: b - f]
                idx = np.arange(f, f + offs.size)
                x[idx] += offs * vx / sp
                y[idx] += offs * vy / sp
                step = np.hypot(x[rows] - x[rows - 1], y[rows] - y[rows - 1]) / frame_seconds
                rows = rows[step > MAX_PLAYER_SPEED]
                if speed is not None:
                    speed[rows] = step[step > MAX_PLAYER_SPEED]
            elif kind == "inconsistent_s" and "s" in cols:
                cols["s"][rows] = cols["s"][rows] * rng.uniform(1.6, 2.5) + 1.0
            elif kind == "inconsistent_dis" and "dis" in cols:
                cols["dis"][rows] = cols["dis"][rows] * rng.uniform(2.0, 4.0) + 0.3
            elif kind == "inconsistent_dir" and "dir" in cols:
                cols["dir"][rows] = (cols["dir"][rows] + rng.uniform(90.0, 180.0)) % 360.0
            else:
                continue
            label(rows, str(kind))

    out = df.with_columns(
        [pl.Series(c, v, dtype=pl.Float64).cast(df.schema[c]) for c, v in cols.items()]
    )
    for c in cols:
        out = out.with_columns(pl.col(c).fill_nan(None))
    keep = out.filter(pl.Series(~remove))
    if repeat:
        keep = pl.concat([keep, out[repeat]])
    keep = keep.sort(KEY, nulls_last=True, maintain_order=True)
    labels_df = pl.DataFrame(labels, schema=LABEL_SCHEMA, orient="row").unique(maintain_order=True)
    return keep, labels_df.sort([*KEY, "kind"], nulls_last=True)
