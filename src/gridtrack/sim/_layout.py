"""Simulated plays → tables in the Big Data Bowl 2023–2025 layout, as recorded.

Positions are turned for plays whose offense moves left, exactly as the league records
them (``x' = 120 − x``, ``y' = 53⅓ − y``, angles + 180°). Reported kinematics per player and
frame (10 Hz):

- ``s`` = |v| (yd/s) and ``a`` = |dv/dt| (yd/s²) of the simulated motion;
- ``dis`` = distance from the previous frame's position (yd; 0 at the first frame);
- ``dir`` = direction of v, 0° = +y, clockwise (the body orientation while standing still);
- ``o`` = body orientation (see :func:`gridtrack.sim._motion.orientation`).

The ball's rows (``nflId`` NA, ``club`` "football") are sampled from its continuous track on
the same 10 Hz frames; their ``s``, ``a``, ``dis`` come from the sampled positions and ``o``,
``dir`` are NA, as in the league's files. :func:`ball_25hz` samples the same track at 25 Hz,
with height ``z``.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from gridtrack.schema import flip_angle, flip_x, flip_y
from gridtrack.sim._game import SimPlay
from gridtrack.sim._motion import DT, heading

TIME_FORMAT = "%Y-%m-%d %H:%M:%S%.6f"


def _recorded(sp: SimPlay, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if sp.direction == "left":
        return flip_x(x), flip_y(y)
    return x, y


def _turn(sp: SimPlay, angle: np.ndarray) -> np.ndarray:
    return flip_angle(angle) if sp.direction == "left" else angle


def play_tracking(sp: SimPlay, names: dict[int, str]) -> pl.DataFrame:
    """One play's tracking rows (canonical snake_case names, as recorded), ball last."""
    P, V, A, O = (sp.arrays[k] for k in ("P", "V", "A", "O"))  # noqa: E741
    T = P.shape[0]
    s = np.hypot(V[..., 0], V[..., 1])
    a = np.hypot(A[..., 0], A[..., 1])
    dis = np.zeros((T, 22))
    dis[1:] = np.hypot(*(P[1:] - P[:-1]).transpose(2, 0, 1))
    direction = np.where(s > 0.05, heading(V[..., 0], V[..., 1]), O)
    ball = sp.play.ball.at(np.arange(T) * DT, P)
    bx, by = ball[:, 0], ball[:, 1]
    bv = np.gradient(ball[:, :2], DT, axis=0)
    bs = np.hypot(bv[:, 0], bv[:, 1])
    ba = np.hypot(*np.gradient(bv, DT, axis=0).T)
    bdis = np.r_[0.0, np.hypot(np.diff(bx), np.diff(by))]
    order = np.argsort(sp.ids)
    ids = sp.ids[order]
    X, Y = _recorded(sp, P[..., 0][:, order].T.ravel(), P[..., 1][:, order].T.ravel())
    BX, BY = _recorded(sp, bx, by)
    frame = np.tile(np.arange(1, T + 1), 23)
    event = np.full(T, None, dtype=object)
    for f, name in sp.play.events.items():
        if f < T:
            event[f] = name
    snap_frame = next(
        (f for f, e in sorted(sp.play.events.items()) if e in ("ball_snap", "kickoff")), 0
    )
    frame_type = np.where(
        np.arange(T) < snap_frame,
        "BEFORE_SNAP",
        np.where(np.arange(T) == snap_frame, "SNAP", "AFTER_SNAP"),
    )
    time = sp.start_time + (np.arange(T) * 100).astype("timedelta64[ms]")
    clubs = np.asarray(sp.clubs, dtype=object)[order]
    return pl.DataFrame(
        {
            "game_id": np.full(23 * T, sp.game_id, dtype=np.int64),
            "play_id": np.full(23 * T, sp.play_id, dtype=np.int64),
            "nfl_id": pl.Series(np.r_[np.repeat(ids, T), np.zeros(T, dtype=np.int64)]).set(
                pl.Series(np.r_[np.zeros(22 * T, bool), np.ones(T, bool)]), None
            ),
            "display_name": np.r_[
                np.repeat([names[int(i)] for i in ids], T), np.full(T, "football")
            ],
            "frame_id": frame.astype(np.int32),
            "frame_type": np.tile(frame_type, 23),
            "time": np.tile(time, 23),
            "jersey_number": pl.Series(
                np.r_[np.repeat(sp.jerseys[order], T), np.zeros(T, np.int64)]
            ).set(pl.Series(np.r_[np.zeros(22 * T, bool), np.ones(T, bool)]), None),
            "club": np.r_[np.repeat(clubs.astype(str), T), np.full(T, "football")],
            "play_direction": np.full(23 * T, sp.direction),
            "x": np.r_[X, BX],
            "y": np.r_[Y, BY],
            "s": np.r_[s[:, order].T.ravel(), bs],
            "a": np.r_[a[:, order].T.ravel(), ba],
            "dis": np.r_[dis[:, order].T.ravel(), bdis],
            "o": np.r_[_turn(sp, O[:, order].T.ravel()), np.full(T, np.nan)],
            "dir": np.r_[_turn(sp, direction[:, order].T.ravel()), np.full(T, np.nan)],
            "event": pl.Series(np.tile(event, 23).tolist(), dtype=pl.String),
        },
    ).with_columns(pl.col("o", "dir").fill_nan(None))


def ball_25hz(sp: SimPlay) -> pl.DataFrame:
    """The play's ball at 25 Hz from its first frame to its last: ``t`` (s), x, y, z (yd)."""
    P = sp.arrays["P"]
    t = np.arange(0.0, (P.shape[0] - 1) * DT + 1e-9, 0.04)
    b = sp.play.ball.at(t, P)
    x, y = _recorded(sp, b[:, 0], b[:, 1])
    return pl.DataFrame(
        {
            "game_id": np.full(t.size, sp.game_id, dtype=np.int64),
            "play_id": np.full(t.size, sp.play_id, dtype=np.int64),
            "time": sp.start_time + (t * 1000).round().astype("timedelta64[ms]"),
            "t": t,
            "x": x,
            "y": y,
            "z": b[:, 2],
        }
    )


def play_row(sp: SimPlay, names: dict[int, str]) -> dict:
    """The play's ``plays.csv`` row (Big Data Bowl 2025 columns, plus the 2022
    special-teams columns for kicks)."""
    info = sp.play.info
    ids = sp.ids
    los_x = 10.0 + (35 if sp.kind == "kickoff" else sp.yfog)
    rec_los = los_x if sp.direction == "right" else flip_x(los_x)
    yardline = 35 if sp.kind == "kickoff" else sp.yfog
    side = sp.offense if yardline <= 50 else sp.defense
    number = yardline if yardline <= 50 else 100 - yardline
    tx, ty = info.get("targetX"), info.get("targetY")
    if tx is not None:
        tx, ty = (float(v) for v in _recorded(sp, np.array(tx), np.array(ty)))
    clock = f"{sp.clock // 60:02d}:{sp.clock % 60:02d}"
    desc = _description(sp, names, clock)
    carrier = info.get("ballCarrierId")
    return {
        "gameId": sp.game_id,
        "playId": sp.play_id,
        "playDescription": desc,
        "quarter": sp.quarter,
        "down": sp.down,
        "yardsToGo": sp.to_go,
        "possessionTeam": sp.offense,
        "defensiveTeam": sp.defense,
        "yardlineSide": side,
        "yardlineNumber": number,
        "gameClock": clock,
        "preSnapHomeScore": sp.score[0],
        "preSnapVisitorScore": sp.score[1],
        "absoluteYardlineNumber": round(rec_los),
        "offenseFormation": info.get("offenseFormation"),
        "receiverAlignment": info.get("receiverAlignment"),
        "personnelO": info.get("personnelO"),
        "personnelD": info.get("personnelD"),
        "defendersInTheBox": info.get("defendersInTheBox"),
        "passResult": info.get("passResult"),
        "passLength": info.get("passLength"),
        "targetX": None if tx is None else round(tx, 2),
        "targetY": None if ty is None else round(ty, 2),
        "dropbackType": info.get("dropbackType"),
        "timeToThrow": info.get("timeToThrow"),
        "isDropback": info.get("isDropback"),
        "rushLocationType": info.get("rushLocationType"),
        "ballCarrierId": None if carrier is None else int(ids[carrier]),
        "yardsGained": info.get("yardsGained"),
        "playResult": info.get("playResult"),
        "pff_passCoverage": info.get("pff_passCoverage"),
        "pff_manZone": info.get("pff_manZone"),
        "specialTeamsPlayType": info.get("specialTeamsPlayType"),
        "specialTeamsResult": info.get("specialTeamsResult"),
        "kickerId": int(ids[0]) if sp.kind in ("kickoff", "punt") else None,
        "returnerId": int(ids[11]) if sp.kind in ("kickoff", "punt") else None,
        "kickLength": info.get("kickLength"),
        "kickReturnYardage": info.get("kickReturnYardage"),
        "hangTime": info.get("hangTime"),
    }


def _description(sp: SimPlay, names: dict[int, str], clock: str) -> str:
    info = sp.play.info
    name = lambda i: names[int(sp.ids[i])]  # noqa: E731
    head = f"({clock})"
    if sp.kind in ("kickoff", "punt"):
        verb = "kicks" if sp.kind == "kickoff" else "punts"
        result = info.get("specialTeamsResult")
        return f"{head} {name(0)} {verb} {info.get('kickLength')} yards, {result}."
    form = (
        f"({info['offenseFormation'].replace('_', ' ').title()})"
        if info.get("offenseFormation")
        else ""
    )
    yards = info.get("yardsGained")
    if sp.kind == "run":
        return f"{head} {form} {name(info['ballCarrierId'])} runs for {yards} yards."
    qb = name(sp.play.truth["passer"]) if sp.play.truth else name(5)
    result = info.get("passResult")
    if result == "S":
        return f"{head} {form} {qb} sacked for {yards} yards."
    to = name(info["_target"])
    text = {
        "C": f"complete to {to} for {yards} yards",
        "I": f"incomplete, intended for {to}",
        "IN": f"INTERCEPTED, intended for {to}",
    }[result]
    return f"{head} {form} {qb} pass {text}."


def truth_tables(plays: list[SimPlay]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per-pass completion truth and per-run expected-yards truth."""
    passes, runs = [], []
    for sp in plays:
        t = sp.play.truth
        if not t:
            continue
        if sp.kind == "pass":
            passes.append(
                {
                    "game_id": sp.game_id,
                    "play_id": sp.play_id,
                    "passer_id": int(sp.ids[t["passer"]]),
                    "target_id": int(sp.ids[t["target"]]),
                    "throw_frame": t["throw_frame"],
                    "arrival_frame": t["arrival_frame"],
                    "separation": t["separation"],
                    "air_distance": t["air_distance"],
                    "pressure_distance": t["pressure_distance"],
                    "p_complete": t["p_complete"],
                    "p_interception": t["p_interception"],
                    "complete": t["complete"],
                    "intercepted": t["intercepted"],
                    "catch_speed": t.get("catch_speed"),
                    "catch_defender_distance": t.get("catch_defender_distance"),
                    "expected_yac": t.get("expected_yac"),
                    "yac_drawn": t.get("yac_drawn"),
                }
            )
        else:
            runs.append(
                {
                    "game_id": sp.game_id,
                    "play_id": sp.play_id,
                    "carrier_id": int(sp.ids[t["carrier"]]),
                    "handoff_frame": t["handoff_frame"],
                    "box_defenders": t["box_defenders"],
                    "defender_distance": t["defender_distance"],
                    "expected_yards": t["expected_yards"],
                    "yards_drawn": t["yards_drawn"],
                    "yards_gained": sp.play.info.get("yardsGained"),
                    "end_event": t["end_event"],
                }
            )
    return pl.DataFrame(passes), pl.DataFrame(runs)
