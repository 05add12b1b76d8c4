"""Pass plays: routes and concepts, man and zone coverage, rush and protection, the drop,
the throw, the ball's flight, the outcome from the known completion function, the run
after the catch and the tackle."""

from __future__ import annotations

import numpy as np

from gridtrack.schema import FIELD_WIDTH
from gridtrack.sim._ball import lead_point, pass_speed
from gridtrack.sim._formation import Defense, Offense
from gridtrack.sim._motion import DT
from gridtrack.sim._play import DEF, OFF, N, Play, clamp_field
from gridtrack.sim._truth import (
    completion_probability,
    draw_yac,
    expected_yac,
    interception_probability,
)

F = 12.0  # "full speed" on a route leg (capped by the player's top speed)
ROUTES: dict[str, list[tuple[float, float, float]]] = {
    # (yards downfield, yards toward the receiver's sideline, speed at the waypoint)
    "go": [(15.0, 0.5, F), (60.0, 1.5, F)],
    "seam": [(15.0, -0.5, F), (60.0, -1.5, F)],
    "post": [(11.0, 0.0, 6.5), (35.0, -13.0, F)],
    "corner": [(11.0, 0.0, 6.5), (30.0, 12.0, F)],
    "dig": [(12.0, 0.0, 4.5), (13.0, -30.0, F)],
    "out": [(10.0, 0.0, 4.0), (10.0, 25.0, F)],
    "slant": [(2.5, 0.0, 7.5), (18.0, -14.0, F)],
    "curl": [(11.0, 0.0, 3.0), (9.5, -1.0, 0.0)],
    "hitch": [(6.0, 0.0, 3.0), (5.0, 0.0, 0.0)],
    "flat": [(2.0, 4.0, 7.0), (4.0, 20.0, F)],
    "drag": [(3.0, -2.0, 8.0), (4.5, -40.0, F)],
    "wheel": [(1.0, 5.0, 7.0), (6.0, 8.0, 8.0), (45.0, 8.0, F)],
    "check": [(1.0, 4.0, 6.0), (3.0, 10.0, F)],
}
CONCEPTS = {
    "four_verts": {"outside": ["go"], "slot": ["seam"], "TE": ["seam"], "RB": ["check"]},
    "smash": {"outside": ["hitch"], "slot": ["corner"], "TE": ["dig"], "RB": ["flat"]},
    "mesh": {"outside": ["go", "post"], "slot": ["drag"], "TE": ["drag"], "RB": ["flat"]},
    "slants": {"outside": ["slant"], "slot": ["slant", "flat"], "TE": ["flat"], "RB": ["check"]},
    "curl_flat": {"outside": ["curl"], "slot": ["flat"], "TE": ["curl"], "RB": ["check"]},
    "dagger": {"outside": ["dig", "go"], "slot": ["seam"], "TE": ["drag"], "RB": ["wheel"]},
    "flood": {"outside": ["go"], "slot": ["out", "corner"], "TE": ["flat"], "RB": ["flat"]},
}
COVERAGES = {
    "Cover-0": ("Man", 0.04),
    "Cover-1": ("Man", 0.28),
    "2-Man": ("Man", 0.05),
    "Cover-2": ("Zone", 0.15),
    "Cover-3": ("Zone", 0.35),
    "Quarters": ("Zone", 0.13),
}
# zone landmarks: (depth beyond the line of scrimmage, y); deep zones first
ZONES = {
    "Cover-2": [(17, 13.0), (17, 40.3), (5, 6.0), (5, 47.3), (8, 19.0), (8, 34.3), (10, 26.7)],
    "Cover-3": [(16, 9.0), (17, 26.7), (16, 44.3), (6, 12.0), (6, 41.3), (7, 21.0), (7, 32.3)],
    "Quarters": [(15, 7.0), (16, 20.0), (16, 33.3), (15, 46.3), (6, 14.0), (6, 39.3), (7, 26.7)],
}


def _route(
    name: str, start: np.ndarray, outward: float, los: float
) -> list[tuple[float, float, float]]:
    pts = []
    for dx, dy, speed in ROUTES[name]:
        x = max(start[0], los) + dx if dx > 2 else start[0] + dx
        y = float(np.clip(start[1] + outward * dy, 1.0, FIELD_WIDTH - 1.0))
        pts.append((min(x, 118.0), y, speed))
    return pts


def _pair(a: np.ndarray, b: np.ndarray) -> list[tuple[int, int]]:
    """Greedy nearest pairs between point sets ``a`` and ``b`` (indices into each)."""
    d = np.hypot(a[:, None, 0] - b[None, :, 0], a[:, None, 1] - b[None, :, 1])
    pairs = []
    for _ in range(min(len(a), len(b))):
        i, j = np.unravel_index(np.argmin(d), d.shape)
        pairs.append((int(i), int(j)))
        d[i, :] = np.inf
        d[:, j] = np.inf
    return pairs


def simulate_pass(
    play: Play, off: Offense, de: Defense, los: float, ball_y: float, snap: int
) -> None:
    """Simulate a designed pass play into ``play`` (standardized coordinates)."""
    rng = play.rng
    qb = off.index("QB")[0]
    ol = np.array(off.index("OL"))
    dl = 11 + np.array([i for i, r in enumerate(de.roles) if r == "DL"])
    coverage = list(COVERAGES)[
        int(rng.choice(len(COVERAGES), p=[w for _, w in COVERAGES.values()]))
    ]
    man = COVERAGES[coverage][0] == "Man"
    concept = list(CONCEPTS)[int(rng.integers(len(CONCEPTS)))]
    shotgun = off.formation in ("SHOTGUN", "EMPTY", "PISTOL")

    # -- pre-snap: walk to the spots
    spots = np.concatenate([off.spots, de.spots])
    while play.t < snap:
        play.advance(spots, np.full(N, 1.5), np.array([los, ball_y]))
    play.event("ball_snap")
    play.ball.rest(0.0, play.time, los, ball_y, 0.1)

    # -- assignments at the snap
    receivers, blockers = [], list(ol)
    for i, role in enumerate(off.roles):
        if role in ("WR", "TE", "RB", "FB"):
            stays = (role == "RB" and rng.random() < 0.35) or (role == "TE" and rng.random() < 0.25)
            (blockers if stays or role == "FB" else receivers).append(i)
    for i in receivers:
        role = off.roles[i]
        start = play.pos[i]
        outward = 1.0 if start[1] > ball_y else -1.0
        if role == "WR":
            wide = abs(start[1] - ball_y) > 12.0
            key = "outside" if wide else "slot"
        else:
            key = "TE" if role == "TE" else "RB"
        name = str(rng.choice(CONCEPTS[concept][key]))
        play.routes.set(i, _route(name, start, outward, los))
    drop = (2.0 if shotgun else 6.0) + rng.uniform(0.0, 1.5)
    play.routes.set(qb, [(los - (5.0 if shotgun else 1.0) - drop, ball_y, 6.0)])

    coverers = [11 + i for i, r in enumerate(de.roles) if r != "DL"]
    rushers = list(dl)
    man_of: dict[int, int] = {}
    zone_of: dict[int, np.ndarray] = {}
    deep_safeties = {"Cover-1": 1, "2-Man": 2}.get(coverage, 0)
    if man:
        safeties = [d for d in coverers if de.roles[d - 11] == "S"][:deep_safeties]
        pool = [d for d in coverers if d not in safeties]
        for ri, di in _pair(play.pos[receivers], play.pos[pool]):
            man_of[pool[di]] = receivers[ri]
        for k, d in enumerate(safeties):
            y = 26.7 if len(safeties) == 1 else (13.0 if k == 0 else 40.3)
            zone_of[d] = np.array([los + 16.0, y])
        for d in pool:
            if d not in man_of:
                if coverage == "Cover-0" or rng.random() < 0.5:
                    rushers.append(d)
                else:
                    zone_of[d] = np.array([los + 6.0, ball_y])
    else:
        marks = np.array([(los + dx, y) for dx, y in ZONES[coverage]])
        for ci, mi in _pair(play.pos[coverers], marks):
            zone_of[coverers[ci]] = marks[mi]
        for d in coverers:
            if d not in zone_of:
                rushers.append(d)
    rushers_a = np.array(rushers)
    protect = np.array(blockers)
    assigned = {protect[b]: rushers_a[r] for b, r in _pair(play.pos[protect], play.pos[rushers_a])}
    beat_at = snap + ((1.2 + rng.exponential(9.0, rushers_a.size)) / DT).astype(int)
    lag = rng.integers(2, 6, N)
    pair_b = np.array(list(assigned), dtype=np.int64)
    pair_r = np.array([assigned[b] for b in pair_b], dtype=np.int64)
    pair_k = np.array([int(np.nonzero(rushers_a == r)[0][0]) for r in pair_r], dtype=np.int64)
    spare = np.array([b for b in protect if b not in assigned], dtype=np.int64)
    man_d = np.array(list(man_of), dtype=np.int64)
    man_r = np.array([man_of[d] for d in man_d], dtype=np.int64)
    man_lag = lag[man_d] if man_d.size else np.zeros(0, dtype=np.int64)
    zone_d = np.array(list(zone_of), dtype=np.int64)
    marks = np.array([zone_of[d] for d in zone_d]).reshape(-1, 2)
    receivers_a = np.array(receivers, dtype=np.int64)
    planned = float(np.clip(rng.lognormal(np.log(2.6), 0.28), 1.6, 5.5))

    # -- from the snap to the throw (or the sack)
    throw_frame, sacked = None, False
    while not play.full():
        t = play.t
        ts = (t - snap) * DT
        target = play.pos.copy()
        speed = np.zeros(N)
        qbp = play.pos[qb]
        # rush and protection (vectorized over blocker-rusher pairs)
        P = play.pos
        rp = P[pair_r]
        to_qb = qbp - rp
        dist_qb = np.hypot(to_qb[:, 0], to_qb[:, 1])
        target[pair_b] = rp + to_qb / np.maximum(dist_qb, 1e-6)[:, None]
        gap = np.hypot(*(P[pair_b] - rp).T)
        between = np.hypot(*(qbp - P[pair_b]).T) < dist_qb
        beaten = t >= beat_at[pair_k]
        speed[pair_b] = np.where(beaten, 2.0, play.m.vmax[pair_b])
        engaged = np.zeros(rushers_a.size, dtype=bool)
        engaged[pair_k] = ~beaten & (gap < 2.5) & between
        if spare.size:
            d = np.hypot(*(P[rushers_a][None, :, :] - P[spare][:, None, :]).transpose(2, 0, 1))
            target[spare] = (P[rushers_a[np.argmin(d, axis=1)]] + qbp) / 2.0
            speed[spare] = 4.0
        target[rushers_a] = qbp
        speed[rushers_a] = np.where(engaged, 1.0, play.m.vmax[rushers_a])
        # man coverage: follow the receiver as seen ``lag`` frames ago, a yard deeper
        if man_d.size:
            past = np.maximum(t - man_lag, 0)
            mp, mv = play.m.P[past, man_r], play.m.V[past, man_r]
            shade = np.c_[np.full(man_d.size, 0.8), 0.3 * np.sign(ball_y - mp[:, 1])]
            target[man_d] = mp + mv * (man_lag * DT + 0.3)[:, None] + shade
            speed[man_d] = play.m.vmax[man_d]
        # zones: sit on the landmark, squeeze the nearest receiver within 7 yd
        if zone_d.size and receivers_a.size:
            rpos = P[receivers_a]
            dz = np.hypot(*(rpos[None, :, :] - marks[:, None, :]).transpose(2, 0, 1))
            k = np.argmin(dz, axis=1)
            close = dz[np.arange(zone_d.size), k] < 7.0
            goal = np.where(close[:, None], marks + 0.7 * (rpos[k] - marks), marks)
            deep = close & (marks[:, 0] - los >= 14)
            goal[:, 0] = np.where(deep, np.maximum(marks[:, 0], rpos[k, 0] + 2.0), goal[:, 0])
            target[zone_d] = goal
            speed[zone_d] = play.m.vmax[zone_d] * (1.0 if ts > 0.3 else 0.6)
        # the quarterback: escape pressure once the drop is done
        near_d = np.hypot(*(play.pos[DEF] - qbp).T)
        pressure = float(near_d.min())
        if ts > 1.0 and pressure < 3.0:
            play.routes.stop(qb)
            away = qbp - play.pos[DEF][int(np.argmin(near_d))]
            target[qb] = qbp + away / max(np.hypot(*away), 1e-6) * 2.0
            speed[qb] = 4.0
        look = np.where((np.arange(N) < 11)[:, None], qbp + [30.0, 0.0], qbp)
        look[qb] = qbp + [20.0, 0.0]
        play.advance(target, speed, look)
        if ts >= 1.4 and pressure < 1.0 and rng.random() < 0.45:
            sacked = True
            break
        hurried = ts > 1.5 and pressure < 2.0 and rng.random() < 0.25
        if (ts >= planned or hurried) and ts >= 1.4 and receivers:
            throw_frame = play.t
            break

    snap_time = snap * DT
    if sacked or throw_frame is None:
        play.routes.stop(np.arange(N))
        play.event("qb_sack")
        snap_ball(play, shotgun, los, ball_y, snap_time, qb)
        play.ball.held(play.ball.segments[-1][2], play.max_frames * DT, qb)
        play.settle(int(rng.integers(8, 14)), play.pos[qb])
        yards = int(round(play.pos[qb, 0] - los))
        play.info.update(passResult="S", yardsGained=yards, playResult=yards)
        _describe(play, off, coverage, man, concept, ts)
        return

    # -- the throw
    ttt = (throw_frame - snap) * DT
    qbp = play.pos[qb].copy()
    pressure = float(np.hypot(*(play.pos[DEF] - qbp).T).min())
    sep_now = np.array([np.hypot(*(play.pos[DEF] - play.pos[r]).T).min() for r in receivers])
    # the passer reads the field: open receivers first, short and intermediate preferred;
    # depth is where the receiver will be when a pass gets there
    rp = play.pos[receivers]
    fly = np.hypot(*(rp - qbp).T) / 18.0
    depth = rp[:, 0] + play.vel[receivers, 0] * fly - los
    score = (
        np.minimum(sep_now, 5.0)
        - 0.15 * np.maximum(depth - 5.0, 0.0)
        - 0.1 * np.maximum(-depth, 0.0)
        + rng.gumbel(0.0, 0.9, len(receivers))
    )
    tgt = receivers[int(np.argmax(score))]
    aim, tau = lead_point(qbp, play.pos[tgt], play.vel[tgt], pass_speed)
    aim = clamp_field(aim + rng.normal(0.0, 0.3 + 0.02 * np.hypot(*(aim - qbp)), 2), 0.3)
    air_frames = max(2, int(round(tau / DT)))
    arrive = throw_frame + air_frames
    play.event("pass_forward")
    snap_ball(play, shotgun, los, ball_y, snap_time, qb)
    play.ball.held(play.ball.segments[-1][2], throw_frame * DT, qb)

    # -- ball in the air: the target adjusts to the ball, defenders break on it
    react = throw_frame + rng.integers(2, 5, N)
    play.routes.stop(np.array([tgt, qb]))
    while play.t < arrive and not play.full():
        target = play.pos.copy()
        speed = np.full(N, 3.0)
        left = max((arrive - play.t) * DT, DT)
        target[tgt] = aim
        speed[tgt] = max(np.hypot(*(aim - play.pos[tgt])) / left, 3.0)
        for d in DEF:
            if d in rushers_a:
                target[d], speed[d] = qbp, 4.0
            elif play.t >= react[d]:
                target[d], speed[d] = aim, play.m.vmax[d]
            else:
                target[d] = play.pos[d] + play.vel[d]
                speed[d] = np.hypot(*play.vel[d])
        play.advance(target, speed, np.broadcast_to(aim, (N, 2)).copy())

    # -- the outcome, from the known completion function
    catch_p = play.pos[tgt].copy()
    d_def = np.hypot(*(play.pos[DEF] - catch_p).T)
    separation = float(d_def.min())
    air_distance = float(np.hypot(*(catch_p - qbp)))
    p = float(completion_probability(separation, air_distance, pressure))
    q = float(interception_probability(separation))
    u = rng.random()
    caught = u < p
    picked = (not caught) and rng.random() < q
    play.event("pass_arrived")
    play.truth = {
        "passer": qb,
        "target": tgt,
        "throw_frame": throw_frame + 1,
        "arrival_frame": play.t + 1,
        "separation": separation,
        "air_distance": air_distance,
        "pressure_distance": pressure,
        "p_complete": p,
        "p_interception": (1.0 - p) * q,
        "complete": caught,
        "intercepted": picked,
    }
    t_throw, t_arrive = throw_frame * DT, play.time
    play.info.update(
        passLength=int(round(catch_p[0] - los)),
        targetX=float(catch_p[0]),
        targetY=float(catch_p[1]),
        timeToThrow=round(ttt, 3),
        _target=tgt,
    )
    if caught or picked:
        holder = tgt if caught else int(DEF[int(np.argmin(d_def))])
        play.ball.flight(t_throw, t_arrive, qb, holder)
        play.ball.held(t_arrive, play.max_frames * DT, holder)
        play.event("pass_outcome_caught" if caught else "pass_outcome_interception")
        if caught:
            near = float(np.hypot(*(play.pos[DEF] - play.pos[holder]).T).min())
            speed_c = float(np.hypot(*play.vel[holder]))
            exp_yac = float(expected_yac(speed_c, near))
            yac = draw_yac(exp_yac, rng)
            play.truth.update(
                expected_yac=exp_yac,
                yac_drawn=yac,
                catch_defender_distance=near,
                catch_speed=speed_c,
            )
            end = end_spot(play.pos[holder], play.vel[holder], yac, +1.0, rng)
            ev = play.carry(holder, end, DEF, np.setdiff1d(OFF, [holder]), +1.0)
            yards = int(round(min(play.pos[holder, 0], 110.0) - los))
            play.info.update(passResult="C", yardsGained=yards, playResult=yards)
            play.truth["end_event"] = ev
        else:
            ret = float(rng.gamma(1.2, 6.0 / 1.2))
            end = end_spot(play.pos[holder], play.vel[holder], ret, -1.0, rng)
            play.carry(holder, end, OFF, np.setdiff1d(DEF, [holder]), -1.0)
            play.info.update(passResult="IN", yardsGained=0, playResult=0)
            play.info["_turnover_x"] = float(play.pos[holder, 0])
        play.settle(int(rng.integers(6, 12)), play.pos[holder])
    else:
        direction = (aim - qbp) / max(np.hypot(*(aim - qbp)), 1e-6)
        ground = clamp_field(catch_p + direction * rng.uniform(1.0, 4.0), 0.0)
        play.ball.flight(t_throw, t_arrive, qb, (float(catch_p[0]), float(catch_p[1]), 1.3))
        play.ball.flight(
            t_arrive,
            t_arrive + 0.4,
            (float(catch_p[0]), float(catch_p[1]), 1.3),
            (float(ground[0]), float(ground[1]), 0.0),
        )
        play.ball.rest(t_arrive + 0.4, play.max_frames * DT, float(ground[0]), float(ground[1]))
        play.event("pass_outcome_incomplete")
        play.settle(int(rng.integers(10, 16)), catch_p)
        play.info.update(passResult="I", yardsGained=0, playResult=0)
    _describe(play, off, coverage, man, concept, ttt)


def snap_ball(
    play: Play, shotgun: bool, los: float, ball_y: float, snap_time: float, qb: int
) -> None:
    """The snap: a 0.4 s flight from the centre into the hands of a quarterback in the
    shotgun or pistol; under centre, a 0.1 s hand-to-hand exchange."""
    duration = 0.4 if shotgun else 0.1
    play.ball.flight(snap_time, snap_time + duration, (los, ball_y, 0.3), qb)


def end_spot(
    p: np.ndarray, v: np.ndarray, yards: float, direction: float, rng: np.random.Generator
) -> np.ndarray:
    """Where a carrier at ``p`` running ``yards`` toward ``direction`` is brought down: the
    lateral drift follows his velocity; past a sideline the play ends out of bounds."""
    drift = float(np.clip(v[1] * 0.35, -6.0, 6.0)) + rng.normal(0.0, 1.5)
    end = np.array([p[0] + direction * yards, p[1] + drift * min(1.0, yards / 8.0 + 0.2)])
    if end[1] < 0.8 or end[1] > FIELD_WIDTH - 0.8:
        end[1] = -1.5 if end[1] < 0.8 else FIELD_WIDTH + 1.5
    if end[0] > 110.0:
        end[0] = min(end[0], 110.0) + 3.0
    if end[0] < 10.0:
        end[0] = max(end[0], 10.0) - 3.0
    return end


def _describe(play: Play, off: Offense, coverage: str, man: bool, concept: str, ttt: float) -> None:
    play.info.update(
        offenseFormation=off.formation,
        receiverAlignment=off.alignment,
        personnelO=off.personnel,
        pff_passCoverage=coverage,
        pff_manZone="Man" if man else "Zone",
        dropbackType="TRADITIONAL",
        isDropback=True,
        routeConcept=concept,
        timeToThrow=play.info.get("timeToThrow", round(ttt, 3)),
    )
