"""A game as a sequence of plays: kickoffs, drives of runs and passes, punts, scores, the
clock and the quarters, and which way each team attacks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gridtrack.schema import FIELD_WIDTH, HASH_Y_HIGH, HASH_Y_LOW
from gridtrack.sim import _formation as formation
from gridtrack.sim._kick import simulate_kickoff, simulate_punt, units
from gridtrack.sim._motion import DT
from gridtrack.sim._pass import simulate_pass
from gridtrack.sim._play import Play
from gridtrack.sim._roster import Club
from gridtrack.sim._run import simulate_run

QUARTER_SECONDS = 900


@dataclass
class SimPlay:
    """One simulated play with its identity, situation, participants and arrays."""

    game_id: int
    play_id: int
    quarter: int
    clock: int
    down: int
    to_go: int
    offense: str
    defense: str
    yfog: int
    direction: str
    kind: str
    score: tuple[int, int]
    start_time: np.datetime64
    ids: np.ndarray
    clubs: list[str]
    jerseys: np.ndarray
    positions: list[str]
    play: Play
    arrays: dict


def _lineup(
    play_kind: str,
    off_club: Club,
    def_club: Club,
    los: float,
    ball_y: float,
    rng: np.random.Generator,
) -> tuple[list[int], list[int], object, object]:
    if play_kind in ("kickoff", "punt"):
        o, d = units("K" if play_kind == "kickoff" else "P", off_club, def_club)
        if play_kind == "punt":
            o = [off_club.slot("P"), off_club.slot("LS")] + o[1:10]
        return o, d, None, None
    off = formation.offense(off_club, play_kind, los, ball_y, rng)
    de = formation.defense(def_club, off, los, ball_y, rng)
    return off.slots, de.slots, off, de


def simulate_play(
    kind: str, off_club: Club, def_club: Club, yfog: int, ball_y: float, rng: np.random.Generator
) -> tuple[Play, list[int], list[int]]:
    """Simulate one play of ``kind`` with the offense (kicking team) at ``yfog`` yards from
    its own goal line. Returns the play and the roster slots on the field."""
    los = 10.0 + yfog
    o_slots, d_slots, off, de = _lineup(kind, off_club, def_club, los, ball_y, rng)
    vmax = np.r_[off_club.vmax[o_slots], def_club.vmax[d_slots]]
    amax = np.r_[off_club.amax[o_slots], def_club.amax[d_slots]]
    snap = int(rng.integers(14, 24))
    max_frames = snap + 130
    if kind in ("kickoff", "punt"):
        play = Play(np.zeros((22, 2)), vmax, amax, max_frames, rng)  # the kick places them
        if kind == "kickoff":
            simulate_kickoff(play)
        else:
            simulate_punt(play, los, ball_y, snap)
        return play, o_slots, d_slots
    spots = np.concatenate([off.spots, de.spots])  # type: ignore[attr-defined]
    walk = np.c_[rng.uniform(0.5, 2.5, 22), rng.normal(0.0, 0.8, 22)]
    walk[:11, 0] *= -1.0
    play = Play(spots + walk, vmax, amax, max_frames, rng)
    play.info.update(personnelD=de.personnel, defendersInTheBox=de.box)  # type: ignore[attr-defined]
    if kind == "pass":
        simulate_pass(play, off, de, los, ball_y, snap)  # type: ignore[arg-type]
    else:
        simulate_run(play, off, de, los, ball_y, snap)  # type: ignore[arg-type]
    return play, o_slots, d_slots


def simulate_game(
    game_id: int,
    home: Club,
    away: Club,
    start_time: np.datetime64,
    rng: np.random.Generator,
) -> list[SimPlay]:
    """All tracked plays of one game, in order."""
    plays: list[SimPlay] = []
    score = {home.abbr: 0, away.abbr: 0}
    quarter, clock = 1, QUARTER_SECONDS
    wall = 0.0
    play_id = int(rng.integers(40, 70))
    kicking: Club | None = home
    poss, opp = away, home
    yfog, down, to_go, ball_y = 25, 1, 10, FIELD_WIDTH / 2.0
    second_half_kick = away

    def attack(club: Club) -> str:
        right = (club is home) == (quarter in (1, 3))
        return "right" if right else "left"

    while quarter <= 4:
        if kicking is not None:
            kind, off, de = "kickoff", kicking, (away if kicking is home else home)
            play_yfog, play_down, play_to_go = 35, 0, 0
        elif down == 4 and not (to_go <= 1 and 40 <= yfog <= 70 and rng.random() < 0.6):
            if yfog >= 63:  # a field goal try: not tracked, scored by probability
                distance = 117 - yfog
                made = rng.random() < float(np.clip(1.0 - 0.015 * (distance - 20), 0.3, 0.97))
                if made:
                    score[poss.abbr] += 3
                    kicking = poss
                else:
                    poss, opp = opp, poss
                    yfog, down, to_go = max(100 - yfog - 7, 20), 1, 10
                clock -= 5
                play_id += int(rng.integers(20, 60))
                if clock <= 0:
                    quarter, clock = _next_quarter(quarter)
                    if quarter == 3:
                        kicking = second_half_kick
                continue
            kind, off, de = "punt", poss, opp
            play_yfog, play_down, play_to_go = yfog, down, to_go
        else:
            long = to_go >= 5 and down == 3
            p_pass = 0.85 if long else (0.5 if down == 1 else 0.6)
            kind = "pass" if rng.random() < p_pass else "run"
            off, de = poss, opp
            play_yfog, play_down, play_to_go = yfog, down, min(to_go, 100 - yfog)

        play, o_slots, d_slots = simulate_play(kind, off, de, play_yfog, ball_y, rng)
        arrays = play.record()
        frames = arrays["P"].shape[0]
        plays.append(
            SimPlay(
                game_id=game_id,
                play_id=play_id,
                quarter=quarter,
                clock=max(int(clock), 1),
                down=play_down,
                to_go=play_to_go,
                offense=off.abbr,
                defense=de.abbr,
                yfog=play_yfog,
                direction=attack(off),
                kind=kind,
                score=(score[home.abbr], score[away.abbr]),
                start_time=start_time + np.timedelta64(int(wall * 1000), "ms"),
                ids=np.r_[off.nfl_id[o_slots], de.nfl_id[d_slots]],
                clubs=[off.abbr] * 11 + [de.abbr] * 11,
                jerseys=np.r_[off.jersey[o_slots], de.jersey[d_slots]],
                positions=[off.position[s] for s in o_slots] + [de.position[s] for s in d_slots],
                play=play,
                arrays=arrays,
            )
        )
        play_id += int(rng.integers(20, 90))
        duration = frames * DT
        info = play.info
        events = set(play.events.values())
        stopped = events & {
            "pass_outcome_incomplete",
            "out_of_bounds",
            "touchdown",
            "touchback",
            "fair_catch",
        }
        runoff = duration + (2.0 if stopped else float(rng.uniform(12.0, 30.0)))
        clock -= runoff
        wall += runoff + float(rng.uniform(5.0, 15.0))

        # the new situation
        if kind in ("kickoff", "punt"):
            kicking = None
            ret = play.pos[11, 0]
            if "touchdown" in events:
                score[de.abbr] += 7
                kicking = de
            else:
                result = info.get("specialTeamsResult")
                if result == "Touchback" or (kind == "kickoff" and result == "Fair Catch"):
                    spot = 25 if kind == "kickoff" else 20
                else:
                    spot = int(round(110.0 - info.get("_spot", ret)))
                poss, opp = de, off
                yfog, down, to_go = int(np.clip(spot, 1, 99)), 1, 10
                ball_y = float(np.clip(FIELD_WIDTH - play.pos[11, 1], HASH_Y_LOW, HASH_Y_HIGH))
        elif info.get("passResult") == "IN":
            if "touchdown" in events:
                score[de.abbr] += 7
                kicking = de
            else:
                poss, opp = opp, poss
                yfog, down, to_go = int(np.clip(round(110.0 - info["_turnover_x"]), 1, 99)), 1, 10
        else:
            gained = int(info.get("yardsGained") or 0)
            carrier_y = ball_y
            if play.truth:
                holder = play.truth["target" if kind == "pass" else "carrier"]
                carrier_y = float(play.pos[holder, 1])
            ball_y = float(np.clip(carrier_y, HASH_Y_LOW, HASH_Y_HIGH))
            if "touchdown" in events or yfog + gained >= 100:
                score[poss.abbr] += 7
                kicking = poss
            elif gained >= to_go:
                yfog, down, to_go = yfog + gained, 1, 10
            elif down == 4:
                poss, opp = opp, poss
                yfog, down, to_go = int(np.clip(100 - (yfog + gained), 1, 99)), 1, 10
            else:
                yfog, down, to_go = max(yfog + gained, 1), down + 1, to_go - gained
        if clock <= 0:
            quarter, clock = _next_quarter(quarter)
            wall += 120.0 if quarter != 3 else 780.0
            if quarter == 3:
                kicking = second_half_kick
    return plays


def _next_quarter(quarter: int) -> tuple[int, int]:
    return quarter + 1, QUARTER_SECONDS
