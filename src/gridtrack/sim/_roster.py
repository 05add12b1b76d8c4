"""Synthetic clubs and rosters: ids, names, positions, body sizes and physical limits.

Top speeds by position follow what tracking data shows (yd/s): wide receivers and
cornerbacks 10.3–11.3, running backs and safeties 9.8–10.9, linebackers and tight ends
9.2–10.3, quarterbacks 8.4–9.6, linemen 7.3–8.8. Nobody exceeds 11.6, well under the
12.5 yd/s limit. Acceleration limits are 5.5–8 yd/s² (braking 1.3× that).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

CLUBS = [
    "ARI",
    "ATL",
    "BAL",
    "BUF",
    "CAR",
    "CHI",
    "CIN",
    "CLE",
    "DAL",
    "DEN",
    "DET",
    "GB",
    "HOU",
    "IND",
    "JAX",
    "KC",
    "LA",
    "LAC",
    "LV",
    "MIA",
    "MIN",
    "NE",
    "NO",
    "NYG",
    "NYJ",
    "PHI",
    "PIT",
    "SEA",
    "SF",
    "TB",
    "TEN",
    "WAS",
]

ROSTER = (
    ["QB"] * 2 + ["RB"] * 3 + ["WR"] * 6 + ["TE"] * 3 + ["T"] * 3 + ["G"] * 3 + ["C"] * 2
    + ["DE"] * 3 + ["DT"] * 3 + ["OLB"] * 3 + ["ILB"] * 3 + ["CB"] * 5 + ["SS"] * 2 + ["FS"] * 2
    + ["K", "P", "LS"]
)  # fmt: skip
"""Positions on every club's roster, in depth-chart order within a position."""

# position: (top speed range yd/s, accel range yd/s², height in, weight lb, jersey range)
PROFILE = {
    "QB": ((8.4, 9.6), (5.5, 6.5), 75, 220, (1, 19)),
    "RB": ((9.8, 10.8), (6.8, 8.0), 71, 215, (20, 39)),
    "WR": ((10.3, 11.3), (6.5, 7.8), 73, 200, (10, 19)),
    "TE": ((9.2, 10.0), (6.0, 7.0), 77, 250, (80, 89)),
    "T": ((7.3, 8.3), (5.0, 5.8), 78, 315, (60, 79)),
    "G": ((7.3, 8.3), (5.0, 5.8), 76, 315, (60, 79)),
    "C": ((7.3, 8.1), (5.0, 5.8), 75, 305, (50, 69)),
    "DE": ((8.5, 9.6), (6.0, 7.0), 76, 265, (90, 99)),
    "DT": ((7.8, 8.8), (5.5, 6.3), 75, 305, (90, 99)),
    "OLB": ((9.2, 10.2), (6.3, 7.3), 75, 245, (40, 59)),
    "ILB": ((9.2, 10.0), (6.3, 7.3), 74, 238, (40, 59)),
    "CB": ((10.3, 11.3), (6.8, 8.0), 71, 193, (20, 39)),
    "SS": ((9.9, 10.9), (6.5, 7.5), 72, 205, (20, 39)),
    "FS": ((9.9, 10.9), (6.5, 7.5), 72, 200, (20, 39)),
    "K": ((7.5, 8.5), (5.0, 6.0), 72, 195, (1, 9)),
    "P": ((7.5, 8.5), (5.0, 6.0), 74, 210, (1, 19)),
    "LS": ((7.5, 8.3), (5.0, 5.8), 74, 240, (40, 59)),
}
FIRST = [
    "AJ",
    "BC",
    "CD",
    "DK",
    "EM",
    "FR",
    "GT",
    "HW",
    "JL",
    "KN",
    "LP",
    "MR",
    "NS",
    "OT",
    "PV",
    "RW",
    "SX",
    "TY",
    "VZ",
    "WA",
]
LAST = [
    "Adams",
    "Baker",
    "Carter",
    "Davis",
    "Evans",
    "Foster",
    "Green",
    "Harris",
    "Irving",
    "Jones",
    "King",
    "Lewis",
    "Moore",
    "Nelson",
    "Owens",
    "Parker",
    "Quinn",
    "Reed",
    "Smith",
    "Turner",
    "Underwood",
    "Vaughn",
    "Walker",
    "Young",
    "Allen",
    "Brooks",
    "Collins",
    "Dixon",
    "Ellis",
    "Fisher",
    "Grant",
    "Hayes",
    "Jackson",
    "Knight",
    "Lawson",
    "Mitchell",
    "Norris",
    "Perry",
    "Russell",
    "Scott",
]


@dataclass(frozen=True)
class Club:
    """One club's roster as parallel arrays (index = roster slot)."""

    abbr: str
    nfl_id: np.ndarray
    position: list[str]
    jersey: np.ndarray
    vmax: np.ndarray
    amax: np.ndarray

    def slot(self, position: str, depth: int = 0) -> int:
        """Roster index of the ``depth``-th player (0 = starter) at ``position``."""
        hits = [i for i, p in enumerate(self.position) if p == position]
        return hits[min(depth, len(hits) - 1)]


def make_clubs(rng: np.random.Generator) -> tuple[dict[str, Club], pl.DataFrame]:
    """Every club's roster and the ``players.csv`` table (Big Data Bowl 2023+ columns)."""
    clubs: dict[str, Club] = {}
    rows = []
    for c, abbr in enumerate(CLUBS):
        n = len(ROSTER)
        ids = 40000 + 100 * c + np.arange(n)
        vmax = np.empty(n)
        amax = np.empty(n)
        jerseys = np.empty(n, dtype=np.int64)
        used: set[int] = set()
        for i, pos in enumerate(ROSTER):
            (v0, v1), (a0, a1), height, weight, (j0, j1) = PROFILE[pos]
            vmax[i] = rng.uniform(v0, v1)
            amax[i] = rng.uniform(a0, a1)
            free = [j for j in range(j0, j1 + 1) if j not in used] or [
                j for j in range(1, 100) if j not in used
            ]
            jerseys[i] = free[int(rng.integers(len(free)))]
            used.add(int(jerseys[i]))
            h = int(round(height + rng.normal(0, 1.5)))
            rows.append(
                {
                    "nflId": int(ids[i]),
                    "height": f"{h // 12}-{h % 12}",
                    "weight": int(round(weight + rng.normal(0, 8))),
                    "birthDate": f"{rng.integers(1990, 2001)}-{rng.integers(1, 13):02d}-"
                    f"{rng.integers(1, 29):02d}",
                    "collegeName": "Synthetic State",
                    "position": pos,
                    "displayName": f"{FIRST[int(rng.integers(len(FIRST)))][0]}."
                    f"{LAST[int(rng.integers(len(LAST)))]}",
                }
            )
        clubs[abbr] = Club(abbr, ids, list(ROSTER), jerseys, vmax, amax)
    return clubs, pl.DataFrame(rows)
