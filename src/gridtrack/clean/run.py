"""``clean_tracking``: the whole check-and-repair pass over one game's canonical tracking.

Order of work (every step vectorized over the game):

1. rows repeating a key are dropped (``duplicate_key``; canonicalization already sets them
   aside, so this only fires on hand-built input);
2. frames a track skips are inserted with unknown positions where the gap is short
   (``missing_frame``), longer gaps are reported;
3. position checks (``dropout``, ``missing_frame``, ``off_field``, ``jump``, ``frozen``,
   ``duplicate_frame``) mark positions as bad;
4. bad positions are interpolated where the run is short and bounded (``repair``);
5. kinematics are derived from the repaired positions (Savitzky–Golay, ``kinematics``);
   motion checks (``speed``, ``acceleration``, ``s/dis/dir_inconsistent``) flag;
6. entities and plays that cannot be repaired are dropped by rule;
7. ``s``, ``a``, ``dis``, ``dir`` are filled from the derived kinematics where the source
   lacks them and on repaired rows; ``o`` is never invented;
8. track checks (``entity_incomplete``, ``ball_ends_early``) on the result.

Every decision becomes a row of the ``quality`` table: a flag (``flagged``), a repaired
position (``interpolated``), or — once per dropped tracking row — ``dropped_entity`` /
``dropped_play`` with the rule's name as ``check``. Rows dropped = quality rows whose
action starts with ``dropped``; rows added = ``missing_frame`` rows that were interpolated.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl

from gridtrack.clean import checks as C
from gridtrack.clean._tracks import NO_ENTITY, Tracks
from gridtrack.clean.config import CleaningConfig
from gridtrack.clean.kinematics import derive
from gridtrack.clean.repair import (
    ENTITY_RULES,
    INSERTED,
    KEY,
    PLAY_RULE,
    drop_rules,
    insert_missing_frames,
    interpolate,
)
from gridtrack.schema import QUALITY, QUALITY_ACTIONS

DROP_RULES = ("duplicate_key", *ENTITY_RULES, PLAY_RULE)
"""Names of the drop rules, as they appear in the quality table's ``check`` column."""
IMPOSSIBLE = ("jump", "frozen", "duplicate_frame")
"""Position checks that mark a recorded position as wrong (not merely missing). Off-field
positions are wrong when short (a glitch, interpolated); a long, continuous stretch off
the field is a player who really left it (into the tunnel, onto the bench), kept and
flagged."""

PARALLEL_ROWS = 1_000_000
"""Inputs of at least this many rows are cleaned in blocks of whole plays, one thread per
core (numpy and polars release the GIL in their array loops)."""

_ACTION = {name: i for i, name in enumerate(QUALITY_ACTIONS)}
_NAMES = (*C.CHECKS, *DROP_RULES)
_CODE = {name: i for i, name in enumerate(_NAMES)}


def _order(tracking: pl.DataFrame) -> tuple[bool, np.ndarray]:
    """Is ``tracking`` sorted by (game_id, play_id, nfl_id nulls last, frame_id)? And which
    rows repeat the key of the row before (meaningful when sorted)."""
    n = tracking.height
    repeat = np.zeros(n, dtype=bool)
    if n < 2:
        return True, repeat
    cols = [
        tracking.get_column("game_id").to_numpy(),
        tracking.get_column("play_id").to_numpy(),
        tracking.get_column("nfl_id").fill_null(NO_ENTITY).to_numpy(),
        tracking.get_column("frame_id").to_numpy(),
    ]
    equal = np.ones(n - 1, dtype=bool)
    for c in cols:
        later, same = c[1:] > c[:-1], c[1:] == c[:-1]
        if (equal & ~later & ~same).any():
            return False, repeat
        equal &= same
    repeat[1:] = equal
    return True, repeat


class _Rows:
    """Accumulates quality rows as (row index, check code, value, action code) arrays."""

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []

    def add(self, rows: np.ndarray, check: str, value: np.ndarray, action: np.ndarray) -> None:
        if rows.size:
            self.parts.append(
                (rows, np.full(rows.size, _CODE[check]), value.astype(np.float64), action)
            )

    def frame(self, tracking: pl.DataFrame) -> pl.DataFrame:
        if not self.parts:
            return QUALITY.empty()
        rows, check, value, action = (np.concatenate(p) for p in zip(*self.parts, strict=True))
        keys = tracking.select(KEY)[rows]
        return keys.with_columns(
            pl.Series("check", np.asarray(_NAMES, dtype=object)[check], dtype=pl.String),
            pl.Series("value", value, dtype=pl.Float64, nan_to_null=True),
            pl.Series("action", np.asarray(QUALITY_ACTIONS, dtype=object)[action]),
        )


def _dedupe(tracking: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Sorted canonically, the first row of each key kept; the repeats as quality rows."""
    ordered, repeat = _order(tracking)
    if not ordered:
        tracking = tracking.sort(KEY, nulls_last=True)
        ordered, repeat = _order(tracking)
    if not repeat.any():
        return tracking, QUALITY.empty()
    keep = pl.Series(~repeat)
    repeats = tracking.filter(~keep).select(
        KEY,
        pl.lit("duplicate_key").alias("check"),
        pl.lit(None, pl.Float64).alias("value"),
        pl.lit("dropped_entity").alias("action"),
    )
    return tracking.filter(keep), QUALITY.conform(repeats).collect()


def clean_tracking(
    tracking: pl.DataFrame, config: CleaningConfig | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Check and repair one game's canonical, standardized tracking.

    Parameters
    ----------
    tracking
        Canonical tracking (schema ``TRACKING``), one or more games; sorted canonically is
        fastest (it is sorted here otherwise).
    config
        Thresholds; :class:`CleaningConfig` defaults when omitted.

    Returns
    -------
    (cleaned, quality)
        ``cleaned`` has the input's columns and dtypes, repaired positions, derived
        kinematics where the source lacked them or positions were repaired, and without the
        dropped rows; ``quality`` (schema ``QUALITY``) has one row per decision.
    """
    cfg = config or CleaningConfig()
    tracking, duplicates = _dedupe(tracking)
    blocks = _blocks(tracking, os.cpu_count() or 1)
    if len(blocks) == 1:
        cleaned, quality = _clean_sorted(tracking, cfg)
    else:
        with ThreadPoolExecutor(max_workers=len(blocks)) as pool:
            done = list(pool.map(lambda block: _clean_sorted(block, cfg), blocks))
        cleaned = pl.concat([c for c, _ in done])
        quality = pl.concat([q for _, q in done])
    if duplicates.height:
        quality = pl.concat([duplicates, quality])
    quality = quality.sort(["game_id", "play_id", "nfl_id", "frame_id"], nulls_last=True)
    return cleaned, quality


def _blocks(tracking: pl.DataFrame, parts: int) -> list[pl.DataFrame]:
    """``tracking`` (sorted) cut at play boundaries into about ``parts`` equal blocks."""
    n = tracking.height
    if n < PARALLEL_ROWS or parts < 2:
        return [tracking]
    game = tracking.get_column("game_id").to_numpy()
    play = tracking.get_column("play_id").to_numpy()
    starts = np.flatnonzero((game[1:] != game[:-1]) | (play[1:] != play[:-1])) + 1
    if starts.size == 0:
        return [tracking]
    wanted = np.arange(1, parts) * n // parts
    cuts = np.unique(starts[np.clip(np.searchsorted(starts, wanted), 0, starts.size - 1)])
    bounds = np.concatenate(([0], cuts, [n]))
    return [
        tracking.slice(int(a), int(b - a)) for a, b in zip(bounds[:-1], bounds[1:], strict=True)
    ]


def _clean_sorted(tracking: pl.DataFrame, cfg: CleaningConfig) -> tuple[pl.DataFrame, pl.DataFrame]:
    """:func:`clean_tracking` on sorted tracking with unique keys."""
    columns, schema = tracking.columns, tracking.schema
    tracking, long_gaps = insert_missing_frames(tracking, cfg.max_gap_frames)
    inserted = tracking.get_column(INSERTED).to_numpy()
    t = Tracks.from_frame(tracking)
    rows = _Rows()

    # 3-4: position checks and repair.
    found = C.position_checks(t, cfg, inserted)
    bad = np.zeros(t.n, dtype=bool)
    impossible = np.zeros(t.n, dtype=bool)
    for name, flags in found.items():
        bad |= flags.mask
        if name in IMPOSSIBLE:
            impossible |= flags.mask
    fix = interpolate(t, bad, cfg.max_gap_frames)
    t.forget()
    kept_off = fix.unrepaired & found["off_field"].mask & ~impossible & ~np.isnan(t.x)
    kept_off &= ~np.isnan(t.y)
    fix.x[kept_off], fix.y[kept_off] = t.x[kept_off], t.y[kept_off]
    fix.unrepaired &= ~kept_off
    exists = ~inserted | fix.repaired
    interpolated = np.full(t.n, _ACTION["interpolated"])
    flagged = np.full(t.n, _ACTION["flagged"])
    for name, flags in found.items():
        where = np.flatnonzero(flags.mask)
        action = np.where(fix.repaired[where], interpolated[where], flagged[where])
        rows.add(where, name, flags.value[where], action)

    # 5: kinematics and motion checks on the repaired positions.
    kin = derive(t, fix.x, fix.y, window=cfg.smoothing_window, order=cfg.smoothing_order)
    recorded = ~(fix.repaired | inserted)
    for name, flags in C.motion_checks(t, cfg, fix.x, fix.y, kin, recorded).items():
        where = np.flatnonzero(flags.mask)
        rows.add(where, name, flags.value[where], flagged[where])
    t.forget()

    # 6: drop rules.
    missing_after = np.isnan(fix.x) | np.isnan(fix.y)
    drops = drop_rules(
        t,
        fix.unrepaired & impossible,
        missing_after,
        max_bad_fraction=cfg.max_bad_fraction,
        max_dropped_entities=cfg.max_dropped_entities,
    )
    for code, rule in enumerate(ENTITY_RULES):
        where = np.flatnonzero(drops.entity & (drops.entity_rule == code) & exists)
        rows.add(where, rule, drops.entity_value[where], np.full(where.size, 2))
    where = np.flatnonzero(drops.play & exists)
    rows.add(where, PLAY_RULE, drops.play_value[where], np.full(where.size, 3))

    # 7: write back positions and kinematics.
    refill = fix.repaired | inserted
    updates = [
        pl.Series("x", fix.x, nan_to_null=True),
        pl.Series("y", fix.y, nan_to_null=True),
    ]
    for name in ("s", "a", "dis", "dir"):
        derived = getattr(kin, name)
        reported = getattr(t, name) if name != "a" else _reported(tracking, "a")
        value = np.where(np.isnan(reported) | refill, derived, reported)
        updates.append(pl.Series(name, value, nan_to_null=True))
    keep = ~(drops.entity | drops.play) & exists  # inserted rows left empty go again
    cleaned = tracking.with_columns(
        [u.cast(schema[u.name]) for u in updates if u.name in schema]
    ).filter(pl.Series(keep))
    quality = rows.frame(tracking)
    cleaned = cleaned.select(columns)

    # 8: track checks on the result, and the reported long gaps.
    extra = []
    if long_gaps.height:
        extra.append(
            long_gaps.with_columns(
                pl.lit("missing_frame").alias("check"), pl.lit("flagged").alias("action")
            )
        )
    track_rows = C.track_checks(cleaned, cfg)
    if track_rows.height:
        extra.append(
            track_rows.with_columns(
                pl.lit(None, pl.Int32).alias("frame_id"), pl.lit("flagged").alias("action")
            )
        )
    parts = [QUALITY.conform(p).collect() for p in (quality, *extra) if p.height]
    return cleaned, pl.concat(parts) if parts else QUALITY.empty()


def _reported(tracking: pl.DataFrame, name: str) -> np.ndarray:
    if name not in tracking.columns:
        return np.full(tracking.height, np.nan)
    return tracking.get_column(name).cast(pl.Float64).fill_null(np.nan).to_numpy()
