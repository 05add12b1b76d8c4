"""Run plays: the snap, the mesh and handoff, blocking at the point of attack, pursuit and
the tackle, with the yards drawn from the known expected-yards function."""

from __future__ import annotations

import numpy as np

from gridtrack.schema import FIELD_WIDTH
from gridtrack.sim._formation import Defense, Offense
from gridtrack.sim._motion import DT
from gridtrack.sim._pass import _pair, snap_ball
from gridtrack.sim._play import DEF, OFF, N, Play
from gridtrack.sim._truth import draw_rush_yards, expected_rush_yards


def simulate_run(
    play: Play, off: Offense, de: Defense, los: float, ball_y: float, snap: int
) -> None:
    """Simulate a designed run into ``play`` (standardized coordinates)."""
    rng = play.rng
    qb = off.index("QB")[0]
    rb = off.index("RB")[0]
    shotgun = off.formation in ("SHOTGUN", "EMPTY", "PISTOL")
    side = float(rng.choice([-1.0, 1.0]))
    outside = rng.random() < 0.35
    width = rng.uniform(6.0, 8.5) if outside else rng.uniform(0.7, 3.0)
    gap_y = float(np.clip(ball_y + side * width, 3.0, FIELD_WIDTH - 3.0))

    spots = np.concatenate([off.spots, de.spots])
    while play.t < snap:
        play.advance(spots, np.full(N, 1.5), np.array([los, ball_y]))
    play.event("ball_snap")
    play.ball.rest(0.0, play.time, los, ball_y, 0.1)
    box = int(np.sum((play.pos[DEF, 0] - los <= 6.0) & (np.abs(play.pos[DEF, 1] - ball_y) <= 6.0)))

    qb_spot = (los - 5.0, ball_y) if shotgun else (los - 2.3, ball_y - side * 0.4)
    play.routes.set(qb, [(qb_spot[0], qb_spot[1], 4.0)])
    mesh = (qb_spot[0] + 0.3, qb_spot[1] + side * 0.7)
    gap = (los + 0.5, gap_y, 7.0)
    play.routes.set(rb, [(mesh[0], mesh[1], 6.0), gap, (los + 8.0, gap_y + side, 12.0)])

    # blocking: the line, tight ends and fullback take the front; receivers stalk the DBs
    front = [d for d in DEF if de.roles[d - 11] in ("DL", "LB") or play.pos[d, 0] - los < 6.5]
    backs = [d for d in DEF if d not in front]
    blockers = [i for i, r in enumerate(off.roles) if r in ("OL", "TE", "FB")]
    stalkers = [i for i, r in enumerate(off.roles) if r == "WR" and i != rb]
    pairs = {blockers[b]: front[f] for b, f in _pair(play.pos[blockers], play.pos[front])}
    if backs and stalkers:
        pairs.update({stalkers[b]: backs[f] for b, f in _pair(play.pos[stalkers], play.pos[backs])})
    release = {d: snap + int(max(rng.exponential(1.6), 0.4) / DT) for d in pairs.values()}
    holder = qb

    def engage(target: np.ndarray, speed: np.ndarray) -> None:
        """Blockers stay between their man and the ball carrier; an engaged defender is
        held to 1.5 yd/s until he sheds the block."""
        carrier = play.pos[holder]
        play.speed_cap[:] = np.inf
        for b, d in pairs.items():
            to_c = carrier - play.pos[d]
            u = to_c / max(np.hypot(*to_c), 1e-6)
            target[b] = play.pos[d] + u * 0.9
            speed[b] = play.m.vmax[b]
            if play.t < release[d] and np.hypot(*(play.pos[b] - play.pos[d])) < 1.5:
                play.speed_cap[d] = 1.5
            elif play.t >= release[d]:
                speed[b] = min(speed[b], 3.0)

    # from the snap to the handoff
    handoff = None
    while not play.full():
        target = play.pos.copy()
        speed = np.zeros(N)
        carrier = play.pos[rb]
        tau = np.minimum(np.hypot(*(play.pos[DEF] - carrier).T) / play.m.vmax[DEF], 1.0)
        target[DEF] = carrier + play.vel[rb] * tau[:, None]
        speed[DEF] = play.m.vmax[DEF]
        engage(target, speed)
        play.advance(target, speed, np.broadcast_to(play.pos[rb], (N, 2)).copy())
        ts = (play.t - snap) * DT
        if (ts > 0.3 and np.hypot(*(play.pos[qb] - play.pos[rb])) < 1.0) or ts > 1.5:
            handoff = play.t
            break
    play.event("handoff")
    snap_time = snap * DT
    snap_ball(play, shotgun, los, ball_y, snap_time, qb)
    play.ball.held(play.ball.segments[-1][2], handoff * DT, qb)
    play.ball.held(handoff * DT, play.max_frames * DT, rb)
    holder = rb

    # the outcome, from the known expected-yards function
    near = float(np.hypot(*(play.pos[DEF] - play.pos[rb]).T).min())
    expected = float(expected_rush_yards(box, near))
    yards = draw_rush_yards(expected, rng)
    drift = side * rng.uniform(0.0, 0.5) * min(abs(yards), 12.0) + rng.normal(0.0, 1.2)
    end = np.array([max(los + yards, 10.5), gap_y + drift])
    if end[0] > 110.0:
        end[0] = 113.0
    if end[1] <= 0.8 or end[1] >= FIELD_WIDTH - 0.8:
        end[1] = -1.5 if end[1] <= 0.8 else FIELD_WIDTH + 1.5
    via = [gap] if yards > 1.5 else []
    pursuers = np.array(DEF)
    helpers = np.setdiff1d(OFF, [rb, *pairs.keys()])
    ev = play.carry(rb, end, pursuers, helpers, +1.0, via=via, hook=engage)
    play.speed_cap[:] = np.inf
    play.settle(int(rng.integers(6, 12)), play.pos[rb])
    gained = int(round(min(play.pos[rb, 0], 110.0) - los)) if ev != "touchdown" else int(110 - los)
    play.truth = {
        "carrier": rb,
        "handoff_frame": handoff + 1,
        "box_defenders": box,
        "defender_distance": near,
        "expected_yards": expected,
        "yards_drawn": yards,
        "end_event": ev,
    }
    play.info.update(
        passResult=None,
        yardsGained=gained,
        playResult=gained,
        offenseFormation=off.formation,
        receiverAlignment=off.alignment,
        personnelO=off.personnel,
        isDropback=False,
        rushLocationType=("OUTSIDE_" if outside else "INSIDE_") + ("LEFT" if side > 0 else "RIGHT"),
        ballCarrierId=rb,
    )
