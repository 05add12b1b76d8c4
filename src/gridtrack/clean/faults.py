"""A fault injector: plants the faults the cleaning checks look for into real (or
simulated) canonical tracking, with labels — the known truth of the cleaning tests.

Each fault kind is named after the check that should find it:

================== =========================================================================
kind               what is planted (on one player track, frames well inside the track)
================== =========================================================================
dropout            x, y set null for 1–``max_gap`` consecutive frames
missing_frame      the rows of 1–``max_gap`` consecutive frames deleted
jump               1–2 consecutive positions displaced by 1.5–8 yd in one direction
off_field          1–3 positions moved beyond the sideline margin (up to the schema's 20 yd)
frozen             the position held for ``frozen_min_frames``–``max_gap`` frames while moving
duplicate_frame    a whole frame of a play (every entity) replaced by the frame before it
speed              a 3–8 frame glide at 14–20 yd/s beyond the player's own speed (the track
                   stays displaced afterwards, as after a tag swap)
acceleration       a persistent 0.8–1.2 yd step in the track (a receiver hand-over)
s_inconsistent     reported s raised by 6–9 yd/s + 30 % on 1–10 frames where the player moves
dis_inconsistent   reported dis raised by 0.3–1 yd on 1–10 frames where the player moves
                   (on a standing player a reported distance with unchanged positions is
                   a frozen tag, and is found as one)
dir_inconsistent   reported dir turned by 60–180° on 1–10 frames where the player runs
================== =========================================================================

Labels name every planted entity-frame: (game_id, play_id, nfl_id, frame_id, kind).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from gridtrack.clean._tracks import Tracks
from gridtrack.clean.config import CleaningConfig
from gridtrack.schema import FIELD_WIDTH, FRAME_SECONDS

FAULT_KINDS = (
    "dropout",
    "missing_frame",
    "jump",
    "off_field",
    "frozen",
    "duplicate_frame",
    "speed",
    "acceleration",
    "s_inconsistent",
    "dis_inconsistent",
    "dir_inconsistent",
)
POSITION_FAULTS = ("dropout", "missing_frame", "jump", "off_field", "frozen", "duplicate_frame")
KEY = ["game_id", "play_id", "nfl_id", "frame_id"]
MARGIN = 7
"""Frames kept clear of faults at either end of a track: the checks need neighbours, and
the smoothing window (7 frames) at a track's ends should not see a fault."""


def _runs_of(tracks: Tracks, track: int) -> tuple[int, int]:
    rows = np.flatnonzero(tracks.track == track)
    return int(rows[0]), int(rows[-1])


def inject(
    tracking: pl.DataFrame,
    *,
    per_kind: int = 50,
    kinds: tuple[str, ...] = FAULT_KINDS,
    seed: int = 0,
    config: CleaningConfig | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Plant ``per_kind`` faults of each kind into canonical, sorted ``tracking``.

    Every fault goes on its own player track (``duplicate_frame`` on its own play), on a
    stretch of consecutive frames with known positions at least ``MARGIN`` frames from the
    track's ends, so the faults are independent. Returns (faulty tracking, labels).
    """
    cfg = config or CleaningConfig()
    rng = np.random.default_rng(seed)
    t = Tracks.from_frame(tracking)
    x, y = t.x.copy(), t.y.copy()
    s, dis, direction = t.s.copy(), t.dis.copy(), t.dir.copy()
    delete = np.zeros(t.n, dtype=bool)
    labels: list[tuple[np.ndarray, str]] = []
    known = ~(np.isnan(x) | np.isnan(y))
    moving = np.where(np.isnan(t.dis), t.s > 1.5, t.dis > 0.1)

    # Plays for duplicate frames, the rest of the plays' player tracks for the other kinds.
    n_plays = int(t.play.max()) + 1
    plays = rng.permutation(n_plays)
    n_dup = per_kind if "duplicate_frame" in kinds else 0
    dup_plays, other_plays = plays[:n_dup], plays[n_dup:]
    candidates = np.unique(t.track[np.isin(t.play, other_plays) & ~t.ball])
    candidates = rng.permutation(candidates)
    needed = per_kind * sum(k != "duplicate_frame" for k in kinds)
    if candidates.size < needed or len(dup_plays) < n_dup:
        raise ValueError(f"not enough tracks for {per_kind} faults per kind")
    next_track = iter(candidates)

    def site(length: int, need: np.ndarray | None = None) -> np.ndarray | None:
        """Rows of ``length`` consecutive frames on a fresh track, all known (and ``need``)."""
        for _ in range(50):
            track = next(next_track, None)
            if track is None:
                return None
            first, last = _runs_of(t, int(track))
            lo, hi = first + MARGIN, last - MARGIN - length - 2
            if hi <= lo:
                continue
            for _ in range(10):
                start = int(rng.integers(lo, hi))
                rows = np.arange(start - 3, start + length + 3)
                ok = (t.rem[rows[0]] >= rows.size - 1) and known[rows].all()
                if ok and (need is None or need[start : start + length].all()):
                    return np.arange(start, start + length)
        return None

    for kind in kinds:
        done = 0
        while done < per_kind:
            if kind == "duplicate_frame":
                play = dup_plays[done]
                rows_play = np.flatnonzero(t.play == play)
                frames = np.unique(t.frame[rows_play])
                f = int(rng.choice(frames[MARGIN:-MARGIN])) if frames.size > 2 * MARGIN else None
                if f is None:
                    raise ValueError("plays too short for duplicate_frame faults")
                at = rows_play[t.frame[rows_play] == f]
                at = at[(t.pos[at] >= 1) & known[at] & known[at - 1]]
                x[at], y[at] = x[at - 1], y[at - 1]
                if not (np.isnan(dis[at]) & np.isnan(s[at])).all():
                    # make sure someone is reported moving in the re-sent frame
                    mover = at[np.argmax(np.nan_to_num(dis[at]) + np.nan_to_num(s[at]))]
                    dis[mover] = max(np.nan_to_num(dis[mover]), 0.3)
                    s[mover] = max(np.nan_to_num(s[mover]), 3.0)
                labels.append((at, kind))
                done += 1
                continue
            if kind == "dropout":
                rows = site(int(rng.integers(1, cfg.max_gap_frames + 1)))
                if rows is not None:
                    x[rows] = y[rows] = np.nan
            elif kind == "missing_frame":
                rows = site(int(rng.integers(1, cfg.max_gap_frames + 1)))
                if rows is not None:
                    delete[rows] = True
            elif kind == "jump":
                rows = site(int(rng.integers(1, 3)))
                if rows is not None:
                    angle = rng.uniform(0, 2 * np.pi)
                    size = rng.uniform(1.5, 8.0)
                    x[rows] += size * np.sin(angle) + rng.normal(0, 0.05, rows.size)
                    y[rows] += size * np.cos(angle) + rng.normal(0, 0.05, rows.size)
            elif kind == "off_field":
                rows = site(int(rng.integers(1, 4)))
                if rows is not None:
                    room = max(20.0 - cfg.field_margin_y, 0.2)  # the schema allows 20 yd
                    out = cfg.field_margin_y + rng.uniform(0.1, room - 0.05, rows.size)
                    y[rows] = np.where(rng.random() < 0.5, -out, FIELD_WIDTH + out)
            elif kind == "frozen":
                length = int(rng.integers(cfg.frozen_min_frames, cfg.max_gap_frames + 1))
                rows = site(length + 1, need=moving)
                if rows is not None:
                    x[rows[1:]], y[rows[1:]] = x[rows[0]], y[rows[0]]
                    rows = rows[1:]
            elif kind == "speed":
                rows = site(int(rng.integers(3, 9)))
                if rows is not None:
                    first, last = _runs_of(t, int(t.track[rows[0]]))
                    vx, vy = x[rows[0]] - x[rows[0] - 1], y[rows[0]] - y[rows[0] - 1]
                    norm = np.hypot(vx, vy)
                    if norm < 0.05:
                        angle = rng.uniform(0, 2 * np.pi)
                        vx, vy, norm = np.sin(angle), np.cos(angle), 1.0
                    own = np.hypot(
                        np.diff(x[rows[0] - 1 : rows[-1] + 1]),
                        np.diff(y[rows[0] - 1 : rows[-1] + 1]),
                    )
                    extra = (rng.uniform(14.0, 20.0) * FRAME_SECONDS) + own.max()
                    steps = np.arange(1, rows.size + 1, dtype=np.float64)
                    tail = np.arange(rows[-1] + 1, last + 1)
                    for coord, v in ((x, vx), (y, vy)):
                        coord[rows] += steps * extra * v / norm
                        coord[tail] += rows.size * extra * v / norm
            elif kind == "acceleration":
                rows = site(1)
                if rows is not None:
                    first, last = _runs_of(t, int(t.track[rows[0]]))
                    angle = rng.uniform(0, 2 * np.pi)
                    size = rng.uniform(0.8, 1.2)
                    after = np.arange(rows[0], last + 1)
                    x[after] += size * np.sin(angle)
                    y[after] += size * np.cos(angle)
            elif kind == "s_inconsistent":
                rows = site(int(rng.integers(1, 11)), need=~np.isnan(t.s) & moving)
                if rows is not None:
                    s[rows] = s[rows] + 6.0 + 0.3 * s[rows] + rng.uniform(0, 3)
            elif kind == "dis_inconsistent":
                rows = site(int(rng.integers(1, 11)), need=~np.isnan(t.dis) & moving)
                if rows is not None:
                    dis[rows] = dis[rows] + rng.uniform(0.3, 1.0)
            elif kind == "dir_inconsistent":
                fast = (t.s > cfg.dir_min_speed + 1.5) & ~np.isnan(t.dir)
                rows = site(int(rng.integers(1, 11)), need=fast)
                if rows is not None:
                    turn = rng.uniform(60.0, 180.0) * rng.choice([-1.0, 1.0])
                    direction[rows] = (direction[rows] + turn) % 360.0
            else:
                raise ValueError(f"unknown fault kind {kind!r}")
            if rows is None:
                raise ValueError(f"no room left for {kind} faults")
            labels.append((rows, kind))
            done += 1

    out = tracking.with_columns(
        pl.Series("x", x, nan_to_null=True).cast(pl.Float32),
        pl.Series("y", y, nan_to_null=True).cast(pl.Float32),
        pl.Series("s", s, nan_to_null=True).cast(pl.Float32),
        pl.Series("dis", dis, nan_to_null=True).cast(pl.Float32),
        pl.Series("dir", direction, nan_to_null=True).cast(pl.Float32),
    )
    rows = np.concatenate([r for r, _ in labels])
    kind = np.concatenate([np.full(r.size, k, dtype=object) for r, k in labels])
    label_frame = tracking.select(KEY)[rows].with_columns(pl.Series("kind", kind, pl.String))
    return out.filter(pl.Series(~delete)), label_frame
