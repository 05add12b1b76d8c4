"""Personnel and alignments at the snap: who is on the field and where they line up.

Positions are standardized (offense toward +x; the offense's left is +y). ``los`` is the
line of scrimmage x, ``ball_y`` the ball's y on the hash or between them (yd).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gridtrack.schema import FIELD_WIDTH
from gridtrack.sim._roster import Club

# personnel code: (RB, TE, WR), the formations it lines up in, with weights
PERSONNEL = {
    "11": ((1, 1, 3), {"SHOTGUN": 0.7, "SINGLEBACK": 0.18, "PISTOL": 0.12}),
    "12": ((1, 2, 2), {"SINGLEBACK": 0.5, "SHOTGUN": 0.35, "PISTOL": 0.15}),
    "21": ((2, 1, 2), {"I_FORM": 0.8, "SINGLEBACK": 0.2}),
    "10": ((1, 0, 4), {"SHOTGUN": 0.6, "EMPTY": 0.4}),
}
PERSONNEL_WEIGHTS = {"pass": [0.72, 0.14, 0.04, 0.10], "run": [0.55, 0.28, 0.15, 0.02]}


@dataclass
class Offense:
    """Eleven offensive players: roster slots, roles (QB, RB, FB, WR, TE, OL) and spots."""

    slots: list[int]
    roles: list[str]
    spots: np.ndarray
    formation: str
    personnel: str
    alignment: str

    def index(self, role: str) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role]


@dataclass
class Defense:
    """Eleven defenders: roster slots, roles (DL, LB, CB, S) and spots, and the coverage."""

    slots: list[int]
    roles: list[str]
    spots: np.ndarray
    personnel: str
    box: int


def _pick(rng: np.random.Generator, weights: dict[str, float]) -> str:
    names = list(weights)
    p = np.array([weights[n] for n in names])
    return names[int(rng.choice(len(names), p=p / p.sum()))]


def offense(club: Club, kind: str, los: float, ball_y: float, rng: np.random.Generator) -> Offense:
    """Offensive personnel and alignment for a ``kind`` ("pass" or "run") play."""
    code = list(PERSONNEL)[int(rng.choice(4, p=PERSONNEL_WEIGHTS[kind]))]
    (n_rb, n_te, n_wr), formations = PERSONNEL[code]
    formation = _pick(rng, formations)
    if kind == "run" and formation == "EMPTY":
        formation = "SHOTGUN"
    slots: list[int] = []
    roles: list[str] = []
    spots: list[tuple[float, float]] = []

    def add(pos: str, depth: int, role: str, x: float, y: float) -> None:
        slots.append(club.slot(pos, depth))
        roles.append(role)
        spots.append((x, float(np.clip(y, 1.0, FIELD_WIDTH - 1.0))))

    # the line: LT, LG, C, RG, RT (left is +y)
    for k, (pos, depth) in enumerate((("T", 0), ("G", 0), ("C", 0), ("G", 1), ("T", 1))):
        add(pos, depth, "OL", los - (0.4 if pos == "C" else 0.9), ball_y + (2 - k) * 1.3)
    qb_depth = {"SHOTGUN": 5.0, "EMPTY": 5.0, "PISTOL": 4.0}.get(formation, 1.0)
    add("QB", 0, "QB", los - qb_depth, ball_y)
    if formation == "I_FORM":
        add("RB", 1, "FB", los - 4.3, ball_y)
        add("RB", 0, "RB", los - 7.0, ball_y)
    elif formation == "EMPTY":
        add("RB", 0, "WR", los - 1.2, ball_y + rng.choice([-1, 1]) * 7.0)
    else:
        side = float(rng.choice([-1.0, 1.0]))
        for r in range(n_rb):
            if formation == "SHOTGUN":
                add("RB", r, "RB", los - 5.2, ball_y + side * 1.6)
            else:
                add("RB", r, "RB", los - 7.0 + r * 2.5, ball_y)
    te_side = float(rng.choice([-1.0, 1.0]))
    for t in range(n_te):
        add("TE", t, "TE", los - 0.9, ball_y + (te_side if t == 0 else -te_side) * 3.9)
    # receivers: split the wide-outs to both sides; strong side takes the extras
    strong = float(rng.choice([-1.0, 1.0]))
    sides = [strong, -strong, strong, -strong][:n_wr]
    counts = {1.0: 0, -1.0: 0}
    for w, s in enumerate(sides):
        k = counts[s]
        counts[s] += 1
        sideline = FIELD_WIDTH - 8.0 if s > 0 else 8.0
        y = sideline + rng.normal(0, 1.2) if k == 0 else ball_y + s * (7.5 + 1.5 * k)
        add("WR", w, "WR", los - (1.0 if k == 0 else 1.6), y)
    ys = np.array(spots)[:, 1]
    eligible = [i for i, r in enumerate(roles) if r in ("WR", "TE")]
    left = sum(ys[i] > ball_y for i in eligible)
    alignment = f"{max(left, len(eligible) - left)}x{min(left, len(eligible) - left)}"
    personnel = f"{n_rb} RB, {n_te} TE, {n_wr} WR"
    return Offense(slots, roles, np.array(spots), formation, personnel, alignment)


def defense(
    club: Club, off: Offense, los: float, ball_y: float, rng: np.random.Generator
) -> Defense:
    """Defensive personnel matched to the offense, lined up over it."""
    n_wr = off.roles.count("WR")
    lb, cb = (2, 3) if n_wr == 3 else ((1, 4) if n_wr >= 4 else (3, 2))
    slots: list[int] = []
    roles: list[str] = []
    spots: list[tuple[float, float]] = []

    def add(pos: str, depth: int, role: str, x: float, y: float) -> None:
        slots.append(club.slot(pos, depth))
        roles.append(role)
        spots.append((x, float(np.clip(y, 1.0, FIELD_WIDTH - 1.0))))

    for k, (pos, depth, dy) in enumerate(
        (("DE", 0, 3.6), ("DT", 0, 1.0), ("DT", 1, -1.0), ("DE", 1, -3.6))
    ):
        add(pos, depth, "DL", los + 1.0, ball_y + dy + rng.normal(0, 0.3) + (k - 1.5) * 0.1)
    for k in range(lb):
        add(
            "ILB" if k % 2 == 0 else "OLB",
            k // 2,
            "LB",
            los + rng.uniform(4.0, 5.5),
            ball_y + (k - (lb - 1) / 2) * 3.5,
        )
    wr = sorted(
        (i for i, r in enumerate(off.roles) if r == "WR"),
        key=lambda i: -abs(off.spots[i, 1] - ball_y),
    )
    for k in range(cb):
        i = wr[k] if k < len(wr) else None
        y = off.spots[i, 1] if i is not None else ball_y + (6 if k % 2 else -6)
        inside = np.sign(ball_y - y) * 0.7
        add("CB", k, "CB", los + rng.choice([1.0, 5.0, 7.0]), y + inside)
    add("FS", 0, "S", los + rng.uniform(10.0, 14.0), ball_y + rng.uniform(-9.0, 9.0))
    if rng.random() < 0.35:  # the strong safety rolls down into the box
        add("SS", 0, "S", los + rng.uniform(4.5, 6.0), ball_y + rng.uniform(-5.0, 5.0))
    else:
        add("SS", 0, "S", los + rng.uniform(9.0, 13.0), ball_y + rng.uniform(-10.0, 10.0))
    arr = np.array(spots)
    box = int(np.sum((arr[:, 0] - los <= 6.0) & (np.abs(arr[:, 1] - ball_y) <= 6.0)))
    personnel = f"4 DL, {lb} LB, {cb + 2} DB"
    return Defense(slots, roles, arr, personnel, box)
