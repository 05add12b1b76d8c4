"""Kickoffs and punts: the kick's flight (distance and hang time), coverage, the return or
its alternatives (touchback, fair catch, downed).

The kicking team is indices 0–10 and kicks toward +x (it is the ``possessionTeam`` of the
play, as in the Big Data Bowl special-teams files); the receiving team returns toward −x.
"""

from __future__ import annotations

import numpy as np

from gridtrack.schema import FIELD_WIDTH
from gridtrack.sim._ball import GRAVITY
from gridtrack.sim._motion import DT
from gridtrack.sim._play import DEF, OFF, N, Play, clamp_field
from gridtrack.sim._roster import Club

MID = FIELD_WIDTH / 2.0
COVER = ["WR", "RB", "TE", "OLB", "ILB", "CB", "SS", "FS", "CB", "OLB"]
RETURN_UNIT = ["WR", "RB", "TE", "OLB", "ILB", "CB", "SS", "FS", "TE", "ILB"]


def units(kicker: str, kick: Club, ret: Club) -> tuple[list[int], list[int]]:
    """Roster slots of the kicking unit (the kicker first) and the return unit (returner
    first), drawn from backups as special-teams units are."""
    return [kick.slot(kicker), *_backups(kick, COVER)], [
        ret.slot("WR", 3),
        *_backups(ret, RETURN_UNIT, {ret.slot("WR", 3)}),
    ]


def _backups(club: Club, wanted: list[str], used: set[int] | None = None) -> list[int]:
    """Distinct roster slots for ``wanted`` positions, backups (deepest) first."""
    used = set(used or ())
    out = []
    for pos in wanted:
        free = [i for i, p in enumerate(club.position) if p == pos and i not in used]
        if not free:
            free = [
                i
                for i, p in enumerate(club.position)
                if i not in used and p not in ("QB", "K", "P", "LS")
            ]
        out.append(free[-1])
        used.add(free[-1])
    return out


def _walk_in(play: Play, spots: np.ndarray, until: int, look: np.ndarray) -> None:
    """Players start up to 2 yd from their spots and walk onto them until frame ``until``."""
    play.place_all(spots + play.rng.normal(0.0, 0.8, spots.shape))
    while play.t < until:
        play.advance(spots, np.full(N, 1.5), look)


def _return(
    play: Play,
    returner: int,
    catch_frame: int,
    land: np.ndarray,
    hang: float,
    kick_time: float,
    *,
    fair_catch: float,
    downed: float,
) -> dict:
    """From the kick to the end: coverage runs down, the returner settles under the ball;
    then a fair catch, a return with a tackle, or a ball that lands and is downed."""
    rng = play.rng
    cover = OFF
    blockers = np.setdiff1d(DEF, [returner])
    dy = np.linspace(-12.0, 12.0, 11)
    lanes = np.c_[-(2.0 + 0.3 * np.abs(dy)), dy]
    while play.t < catch_frame and not play.full():
        target = play.pos.copy()
        speed = np.zeros(N)
        target[cover] = land + lanes
        speed[cover] = play.m.vmax[cover] * 0.95
        target[returner] = land
        speed[returner] = play.m.vmax[returner]
        near = np.argmin(np.hypot(*(play.pos[blockers][:, None] - play.pos[cover][None]).T), axis=0)
        target[blockers] = (play.pos[cover][near] + land) / 2.0
        speed[blockers] = 5.0
        play.advance(target, speed, np.broadcast_to(land, (N, 2)).copy())
    t_land = kick_time + hang
    u = rng.random()
    if land[0] >= 110.0 or u < fair_catch:
        play.ball.flight(kick_time, t_land, play.info["_kick_from"], returner)
        play.ball.held(t_land, play.max_frames * DT, returner)
        name = "touchback" if land[0] >= 110.0 else "fair_catch"
        play.event(name)
        play.settle(int(rng.integers(8, 14)), play.pos[returner])
        return {"result": "Touchback" if name == "touchback" else "Fair Catch", "return": 0.0}
    if u < fair_catch + downed:
        roll = clamp_field(land + [rng.uniform(2.0, 7.0), rng.normal(0.0, 1.5)], 1.0)
        play.ball.flight(kick_time, t_land, play.info["_kick_from"], (land[0], land[1], 0.0))
        play.ball.flight(t_land, t_land + 1.2, (land[0], land[1], 0.0), (roll[0], roll[1], 0.0))
        play.ball.rest(t_land + 1.2, play.max_frames * DT, roll[0], roll[1])
        play.event("punt_land")
        for _ in range(12):
            target = play.pos.copy()
            target[cover] = roll
            speed = np.where(np.arange(N) < 11, 6.0, 2.0)
            play.advance(target, speed, np.broadcast_to(roll, (N, 2)).copy())
        play.event("punt_downed")
        play.settle(int(rng.integers(6, 10)), roll)
        play.info["_spot"] = float(roll[0])
        return {"result": "Downed", "return": 0.0}
    play.ball.flight(kick_time, t_land, play.info["_kick_from"], returner)
    play.ball.held(t_land, play.max_frames * DT, returner)
    play.event(
        "kick_received" if play.info["specialTeamsPlayType"] == "Kickoff" else "punt_received"
    )
    start = play.pos[returner].copy()
    ret = float(
        rng.gamma(2.0, 5.5)
        if play.info["specialTeamsPlayType"] == "Kickoff"
        else rng.gamma(1.3, 6.0)
    )
    drift = rng.normal(0.0, 6.0)
    end = np.array([start[0] - ret, np.clip(start[1] + drift, -1.5, FIELD_WIDTH + 1.5)])
    if end[0] < 10.0:
        end[0] = 7.0
    play.carry(returner, end, cover, blockers, -1.0)
    play.settle(int(rng.integers(6, 10)), play.pos[returner])
    return {"result": "Return", "return": float(start[0] - max(play.pos[returner, 0], 10.0))}


def simulate_kickoff(play: Play) -> None:
    """Kickoff from the kicking team's 35 (x = 45) toward +x."""
    rng = play.rng
    tee = np.array([45.0, MID])
    kick_spots = np.array(
        [[38.0, MID + 2.0]]
        + [[44.0, y] for y in np.r_[np.linspace(5, 22, 5), np.linspace(31, 48, 5)]]
    )
    ret_y = np.r_[MID + rng.normal(0, 4), np.linspace(9, 44, 5), np.linspace(15, 38, 3), 20, 33]
    ret_x = np.r_[104.0, np.full(5, 56.0), np.full(3, 72.0), 88.0, 88.0]
    spots = np.concatenate([kick_spots, np.c_[ret_x, ret_y]])
    play.info.update(specialTeamsPlayType="Kickoff", _kick_from=(tee[0], tee[1], 0.1))
    _walk_in(play, spots, int(rng.integers(8, 14)), np.array([75.0, MID]))
    # approach: the kicker runs at the tee, the coverage runs with him
    play.routes.set(0, [(tee[0], tee[1], 7.0), (tee[0] + 10, tee[1], 7.0)])
    while np.hypot(*(play.pos[0] - tee)) > 0.5 and not play.full():
        target = play.pos.copy()
        target[1:11] = play.pos[1:11] + [5.0, 0.0]
        speed = np.where(np.arange(N) < 11, 6.0, 0.0)
        play.advance(target, speed, np.broadcast_to(tee, (N, 2)).copy())
    play.routes.stop(0)
    kick_time = play.time
    play.ball.rest(0.0, kick_time, tee[0], tee[1], 0.1)
    play.event("kickoff")
    distance = float(rng.normal(62.0, 4.5))
    hang = float(np.clip(rng.normal(3.9, 0.25), 3.2, 4.6))
    land = clamp_field(np.array([tee[0] + distance, MID + rng.normal(0.0, 7.0)]), 2.0)
    land[0] = min(tee[0] + distance, 117.0)
    out = _return(
        play,
        11,
        int(round((kick_time + hang) / DT)),
        land,
        hang,
        kick_time,
        fair_catch=0.45 if land[0] >= 105.0 else 0.05,
        downed=0.0,
    )
    _kick_info(play, out, distance, hang)


def simulate_punt(play: Play, los: float, ball_y: float, snap: int) -> None:
    """Punt from the line of scrimmage ``los`` toward +x."""
    rng = play.rng
    snapper = (los - 0.4, ball_y)
    line = [(los - 0.8, ball_y + dy) for dy in (-3.9, -2.6, -1.3, 1.3, 2.6, 3.9)]
    gunners = [(los - 0.8, 6.0), (los - 0.8, FIELD_WIDTH - 6.0)]
    kick_spots = np.array(
        [(los - 14.0, ball_y), snapper, *line, *gunners, (los - 7.0, ball_y + 1.5)]
    )
    depth = float(np.clip(rng.normal(42.0, 4.0), 30.0, 118.0 - los))
    ret_spots = np.array(
        [(min(los + depth, 117.0), ball_y), (los + 1.5, 7.0), (los + 1.5, FIELD_WIDTH - 7.0)]
        + [(los + 1.0, ball_y + dy) for dy in (-4.0, -2.0, 0.0, 2.0, 4.0, 6.0)]
        + [(los + 8.0, ball_y - 5.0), (los + 12.0, ball_y + 3.0)]
    )
    spots = np.concatenate([kick_spots, ret_spots])
    play.info.update(specialTeamsPlayType="Punt", _kick_from=0)
    _walk_in(play, spots, snap, np.array([los, ball_y]))
    play.event("ball_snap")
    snap_time = play.time
    play.ball.rest(0.0, snap_time, los, ball_y, 0.1)
    catch_t = snap_time + 0.75
    play.ball.flight(snap_time, catch_t, (los, ball_y, 0.3), 0)
    kick_frame = snap + int(round(rng.uniform(1.9, 2.3) / DT))
    play.ball.held(catch_t, kick_frame * DT, 0)
    jam_release = snap + int(rng.uniform(0.6, 1.6) / DT)
    while play.t < kick_frame and not play.full():
        target = play.pos.copy()
        speed = np.zeros(N)
        target[[8, 9]] = play.pos[[8, 9]] + [10.0, 0.0]
        speed[[8, 9]] = play.m.vmax[[8, 9]]
        target[[12, 13]] = play.pos[[8, 9]]
        speed[[12, 13]] = play.m.vmax[[12, 13]]
        play.speed_cap[[8, 9]] = 2.0 if play.t < jam_release else np.inf
        target[14:20] = np.array([los - 6.0, ball_y])
        speed[14:20] = 3.0
        play.advance(target, speed, np.broadcast_to(play.pos[0], (N, 2)).copy())
    play.speed_cap[:] = np.inf
    kick_time = play.time
    play.event("punt")
    distance = float(np.clip(rng.normal(45.0, 6.0), 25.0, 70.0))
    hang = float(np.clip(rng.normal(4.3, 0.35), 3.4, 5.2))
    land = clamp_field(play.pos[0] + [distance, rng.normal(0.0, 8.0)], 2.0)
    land[0] = min(play.pos[0, 0] + distance, 117.0)
    out = _return(
        play,
        11,
        int(round((kick_time + hang) / DT)),
        land,
        hang,
        kick_time,
        fair_catch=0.35,
        downed=0.2,
    )
    _kick_info(play, out, distance, hang)


def _kick_info(play: Play, out: dict, distance: float, hang: float) -> None:
    play.info.update(
        specialTeamsResult=out["result"],
        kickLength=int(round(distance)),
        kickReturnYardage=int(round(out["return"])) if out["result"] == "Return" else None,
        hangTime=round(hang, 2),
        kickerId=0,
        returnerId=11,
        passResult=None,
    )
    play.info["_apex"] = GRAVITY * hang**2 / 8.0
