"""``clean_tracking``: the whole check-and-repair pass over one game's canonical tracking.

Order of work (step 1 over the whole input, steps 2–8 on blocks of whole plays, each
vectorized over its block, the blocks spread over one thread per core):

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
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import polars as pl

from gridtrack.clean import checks as C
from gridtrack.clean._tracks import NO_ENTITY, Keys, Tracks, floats
from gridtrack.clean.config import CleaningConfig
from gridtrack.clean.kinematics import Kinematics, derive
from gridtrack.clean.repair import (
    ENTITY_RULES,
    KEY,
    PLAY_RULE,
    Gaps,
    Repair,
    drop_rules,
    find_gaps,
    inserted_rows,
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

BLOCK_ROWS = 1 << 16
"""Rows per block: steps 2–8 run on blocks of whole plays of about this many rows, one
thread per core (numpy releases the GIL in its array loops). A block's arrays (0.5 MB
each) stay in the CPU cache across the many passes over them, which alone makes the
passes about twice as fast as over a whole game."""
SPLICE_ROWS = 100
"""Inserted rows are spliced between slices of the cleaned table when there is at most one
run of them per this many rows (a slice costs microseconds, while gathering every row of a
wide table with strings costs ~70 ns a row); otherwise the table is gathered."""

POSITIONS = ("x", "y")
KINEMATICS = ("s", "a", "dis", "dir")
"""Columns written back: repaired positions, and kinematics filled from derived ones."""

T = TypeVar("T")
R = TypeVar("R")

_ACTION = {name: i for i, name in enumerate(QUALITY_ACTIONS)}
_NAMES = (*C.CHECKS, *DROP_RULES)
_CODE = {name: i for i, name in enumerate(_NAMES)}


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
        dropped rows; ``quality`` (schema ``QUALITY``) has one row per decision, sorted by
        (game_id, play_id, nfl_id, frame_id) and, on one key, in the order of the checks.
    """
    cfg = config or CleaningConfig()
    if tracking.height == 0:
        return tracking, QUALITY.empty()
    tracking, keys, duplicates = _dedupe(tracking)
    columns = {name: floats(tracking, name) for name in (*POSITIONS, *KINEMATICS)}
    out = _Output.of(tracking.schema, tracking.height)
    blocks = _run_blocks(keys, columns, cfg, out)
    found = _Quality([part for block in blocks for part in block.quality.parts])
    quality = pl.concat([QUALITY.conform(duplicates), found.frame()])
    quality = quality.sort(KEY, nulls_last=True, maintain_order=True).collect()
    return _cleaned(tracking, out, blocks), quality


def _order(keys: Keys) -> tuple[bool, np.ndarray]:
    """Are ``keys`` sorted by (game_id, play_id, nfl_id nulls last, frame_id)? And which
    rows repeat the key of the row before (meaningful when sorted). Checked in blocks of
    rows, one thread per core."""
    n = len(keys)
    bounds = [(a, min(a + BLOCK_ROWS, n)) for a in range(1, n, BLOCK_ROWS)]
    parts = _map(lambda bound: _order_pairs(keys, *bound), bounds)
    if any(repeat is None for repeat in parts):
        return False, np.zeros(n, dtype=bool)
    return True, np.concatenate([np.zeros(1, dtype=bool), *parts])


def _order_pairs(keys: Keys, lo: int, hi: int) -> np.ndarray | None:
    """Rows ``lo:hi`` (``lo`` ≥ 1) against the row before each: ``None`` if one sorts
    before it, else whether each repeats its key."""
    equal = None
    for column in (keys.game, keys.play, keys.nfl, keys.frame):
        now, before = column[lo:hi], column[lo - 1 : hi - 1]
        down = now < before if equal is None else equal & (now < before)
        if down.any():
            return None
        same = now == before
        equal = same if equal is None else equal & same
    return equal


def _dedupe(tracking: pl.DataFrame) -> tuple[pl.DataFrame, Keys, pl.DataFrame]:
    """Sorted canonically, the first row of each key kept; its keys; the repeats as quality
    rows."""
    keys = Keys.from_frame(tracking)
    ordered, repeat = _order(keys)
    if not ordered:
        tracking = tracking.sort(KEY, nulls_last=True)
        keys = Keys.from_frame(tracking)
        ordered, repeat = _order(keys)
    if not repeat.any():
        return tracking, keys, QUALITY.empty()
    repeats = tracking.filter(pl.Series(repeat)).select(
        KEY,
        pl.lit("duplicate_key").alias("check"),
        pl.lit(None, pl.Float64).alias("value"),
        pl.lit("dropped_entity").alias("action"),
    )
    keep = ~repeat
    return tracking.filter(pl.Series(keep)), keys.take(keep), repeats


@dataclass(frozen=True)
class _Output:
    """What the blocks write per source row: whether it is kept, and the written-back
    columns present in the input, in the input's float precision."""

    keep: np.ndarray
    columns: dict[str, np.ndarray]

    @classmethod
    def of(cls, schema: pl.Schema, n: int) -> _Output:
        columns = {
            name: np.empty(n, dtype=np.float32 if schema[name] == pl.Float32 else np.float64)
            for name in (*POSITIONS, *KINEMATICS)
            if name in schema
        }
        return cls(keep=np.empty(n, dtype=bool), columns=columns)


@dataclass
class _Quality:
    """Quality rows as arrays, in the order they were added: keys (``whole_track`` rows are
    reported without a frame), check and action codes, values."""

    parts: list[tuple[Keys, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = field(
        default_factory=list
    )

    def add(
        self,
        keys: Keys,
        check: str,
        value: np.ndarray,
        action: np.ndarray | str,
        *,
        whole_track: bool = False,
    ) -> None:
        n = len(keys)
        if n:
            codes = np.full(n, _ACTION[action]) if isinstance(action, str) else action
            track = np.full(n, whole_track)
            self.parts.append((keys, np.full(n, _CODE[check]), value, codes, track))

    def frame(self) -> pl.LazyFrame:
        if not self.parts:
            return QUALITY.empty().lazy()
        keys, *rest = zip(*self.parts, strict=True)
        check, value, action, whole = (np.concatenate(c) for c in rest)
        game, play, nfl, frame = (
            np.concatenate([getattr(k, name) for k in keys])
            for name in ("game", "play", "nfl", "frame")
        )
        table = pl.DataFrame(
            {
                "game_id": game,
                "play_id": play,
                "nfl_id": pl.Series(nfl).set(pl.Series(nfl == NO_ENTITY), None),
                "frame_id": pl.Series(frame, dtype=pl.Int32).set(pl.Series(whole), None),
                "check": pl.Series(np.asarray(_NAMES, dtype=object)[check], dtype=pl.String),
                "value": pl.Series(value, dtype=pl.Float64, nan_to_null=True),
                "action": pl.Series(np.asarray(QUALITY_ACTIONS, dtype=object)[action]),
            }
        )
        return QUALITY.conform(table)


@dataclass(frozen=True)
class _Inserted:
    """A block's inserted rows that are kept: source row, frames after it, and the
    written-back columns."""

    source: np.ndarray
    offset: np.ndarray
    columns: dict[str, np.ndarray]


@dataclass(frozen=True)
class _Block:
    """What one block returns."""

    quality: _Quality
    inserted: _Inserted


def _run_blocks(
    keys: Keys, columns: dict[str, np.ndarray], cfg: CleaningConfig, out: _Output
) -> list[_Block]:
    """:func:`_clean_block` over blocks of whole plays."""
    bounds = _blocks(keys, _block_size(len(keys), os.cpu_count() or 1))
    return _map(lambda bound: _clean_block(keys, columns, *bound, cfg, out), bounds)


def _map(work: Callable[[T], R], items: list[T]) -> list[R]:
    """``work`` over ``items`` on one thread per core (numpy releases the GIL in its array
    loops), results in order."""
    workers = min(os.cpu_count() or 1, len(items))
    if workers < 2:
        return [work(item) for item in items]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(work, items))


def _block_size(n: int, workers: int) -> int:
    """At most ``BLOCK_ROWS``, and a whole number of blocks per worker so that the workers
    finish together, but not below a quarter of ``BLOCK_ROWS``: on smaller blocks the
    per-call overhead outweighs what another thread gains."""
    rounds = -(-n // (workers * BLOCK_ROWS))
    return max(-(-n // (workers * rounds)), BLOCK_ROWS // 4)


def _blocks(keys: Keys, size: int) -> list[tuple[int, int]]:
    """Row ranges of about ``size`` rows, cut at play boundaries."""
    n = len(keys)
    starts = np.flatnonzero(keys.play_starts())
    at = np.searchsorted(starts, np.arange(size, n, size))
    cuts = np.unique(starts[at[at < starts.size]])
    edges = [0, *cuts[cuts > 0].tolist(), n]
    return list(zip(edges[:-1], edges[1:], strict=True))


def _clean_block(
    source_keys: Keys,
    source_columns: dict[str, np.ndarray],
    lo: int,
    hi: int,
    cfg: CleaningConfig,
    out: _Output,
) -> _Block:
    """Steps 2–8 on the source rows ``lo:hi`` (whole plays): writes ``out`` there and
    returns the quality rows and the kept inserted rows."""
    quality = _Quality()
    # 2: rows for the frames tracks skip (block-local row numbers from here on).
    source = source_keys.take(slice(lo, hi))
    gaps = find_gaps(source, cfg.max_gap_frames)
    keys = gaps.expanded_keys(source)
    inserted = gaps.inserted(len(keys))
    cols = {name: _expanded(v[lo:hi], gaps, inserted) for name, v in source_columns.items()}
    t = Tracks.from_arrays(keys, *(cols[c] for c in Tracks.COLUMNS))

    fix, impossible = _repair(t, cfg, inserted, keys, quality)  # 3-4
    # 5: kinematics and motion checks on the repaired positions.
    kin = derive(t, fix.x, fix.y, window=cfg.smoothing_window, order=cfg.smoothing_order)
    recorded = ~(fix.repaired | inserted)
    for name, flags in C.motion_checks(t, cfg, fix.x, fix.y, kin, recorded).items():
        quality.add(keys.take(flags.rows), name, flags.value, "flagged")
    keep = _drop(t, cfg, fix, impossible, inserted, keys, quality)  # 6

    # 7: write back into ``out`` (recorded rows) and the kept inserted rows.
    written = _written(cols, fix, kin, inserted, out)
    recorded_rows = ~inserted if inserted.any() else slice(None)
    out.keep[lo:hi] = keep[recorded_rows]
    for name, values in out.columns.items():
        values[lo:hi] = written[name][recorded_rows]
    added = np.flatnonzero(keep & inserted)
    added_source = gaps.source(added)
    new = _Inserted(
        source=lo + added_source,
        offset=keys.frame[added] - source.frame[added_source],
        columns={name: written[name][added] for name in out.columns},
    )

    # 8: track checks on the result, and the gaps too long to fill (at their first frame).
    for name, flags in C.track_checks(t, cfg, keep, ~fix.missing).items():
        quality.add(keys.take(flags.rows), name, flags.value, "flagged", whole_track=True)
    before = source.take(gaps.long_rows)
    after = Keys(before.game, before.play, before.nfl, before.frame + 1)
    quality.add(after, "missing_frame", gaps.long_length.astype(np.float64), "flagged")
    return _Block(quality=quality, inserted=new)


def _expanded(values: np.ndarray, gaps: Gaps, inserted: np.ndarray) -> np.ndarray:
    """A source column on the expanded rows, NaN on the inserted ones."""
    values = gaps.spread(values)
    if inserted.any():
        values[inserted] = np.nan
    return values


def _repair(
    t: Tracks, cfg: CleaningConfig, inserted: np.ndarray, keys: Keys, quality: _Quality
) -> tuple[Repair, np.ndarray]:
    """Steps 3–4: the position checks' rows into ``quality`` and their positions
    interpolated; returns the repair and which rows hold an impossible position."""
    found = C.position_checks(t, cfg, inserted)
    bad = np.zeros(t.n, dtype=bool)
    impossible = np.zeros(t.n, dtype=bool)
    for name, flags in found.items():
        bad[flags.rows] = True
        if name in IMPOSSIBLE:
            impossible[flags.rows] = True
    fix = interpolate(t, bad, cfg.max_gap_frames)
    _keep_off_field(t, fix, found["off_field"], impossible)
    for name, flags in found.items():
        action = np.where(fix.repaired[flags.rows], _ACTION["interpolated"], _ACTION["flagged"])
        quality.add(keys.take(flags.rows), name, flags.value, action)
    return fix, impossible


def _drop(
    t: Tracks,
    cfg: CleaningConfig,
    fix: Repair,
    impossible: np.ndarray,
    inserted: np.ndarray,
    keys: Keys,
    quality: _Quality,
) -> np.ndarray:
    """Step 6: the drop rules' rows into ``quality``; returns the rows kept (inserted rows
    left empty go again)."""
    drops = drop_rules(
        t,
        fix.unrepaired & impossible,
        fix.missing,
        max_bad_fraction=cfg.max_bad_fraction,
        max_dropped_entities=cfg.max_dropped_entities,
    )
    exists = ~inserted | fix.repaired
    for code, rule in enumerate(ENTITY_RULES):
        where = np.flatnonzero(drops.entity & (drops.entity_rule == code) & exists)
        quality.add(keys.take(where), rule, drops.entity_value[where], "dropped_entity")
    where = np.flatnonzero(drops.play & exists)
    quality.add(keys.take(where), PLAY_RULE, drops.play_value[where], "dropped_play")
    return ~(drops.entity | drops.play) & exists


def _written(
    cols: dict[str, np.ndarray], fix: Repair, kin: Kinematics, inserted: np.ndarray, out: _Output
) -> dict[str, np.ndarray]:
    """Step 7: the columns of ``out`` as written back: the repaired positions, and the
    kinematics with the derived ones where the source lacks them or the position was
    repaired (evaluated there only)."""
    written = {"x": fix.x, "y": fix.y}
    refill = fix.repaired | inserted
    for name in KINEMATICS:
        if name not in out.columns:
            continue
        values = cols[name]
        rows = np.flatnonzero(np.isnan(values) | refill)
        if rows.size:
            values = values.astype(np.float64)
            values[rows] = kin.at(name, rows)
        written[name] = values
    return written


def _keep_off_field(t: Tracks, fix: Repair, off: C.Flags, impossible: np.ndarray) -> None:
    """Put back the recorded positions of off-field rows that could not be interpolated
    (and are not otherwise impossible): a player who really left the field."""
    rows = off.rows[fix.unrepaired[off.rows] & ~impossible[off.rows] & t.known[off.rows]]
    fix.x[rows], fix.y[rows] = t.x[rows], t.y[rows]
    fix.unrepaired[rows] = False


def _cleaned(tracking: pl.DataFrame, out: _Output, blocks: list[_Block]) -> pl.DataFrame:
    """``tracking`` without the dropped rows, with the written columns of ``out``, and with
    the kept inserted rows of ``blocks`` after their source rows."""
    schema = tracking.schema

    def written(frame: pl.DataFrame, columns: dict[str, np.ndarray]) -> pl.DataFrame:
        return frame.with_columns(
            pl.Series(name, values, nan_to_null=True).cast(schema[name])
            for name, values in columns.items()
        )

    if out.keep.all():
        cleaned = written(tracking, out.columns)
    else:
        keep = out.keep
        columns = {name: values[keep] for name, values in out.columns.items()}
        cleaned = written(tracking.filter(pl.Series(keep)), columns)
    new = [b.inserted for b in blocks if b.inserted.source.size]
    if not new:
        return cleaned
    source = np.concatenate([n.source for n in new])
    offset = np.concatenate([n.offset for n in new])
    columns = {name: np.concatenate([n.columns[name] for n in new]) for name in out.columns}
    rows = written(inserted_rows(tracking, source, offset), columns)
    dropped = np.flatnonzero(~out.keep)
    after = source + 1 - np.searchsorted(dropped, source, side="right")
    return _splice(cleaned, rows, after)


def _splice(base: pl.DataFrame, rows: pl.DataFrame, after: np.ndarray) -> pl.DataFrame:
    """``base`` with row ``i`` of ``rows`` placed after the first ``after[i]`` rows of
    ``base`` (``after`` non-decreasing; equal ones keep their order)."""
    runs = np.flatnonzero(np.diff(after, prepend=-1))
    if runs.size * SPLICE_ROWS > base.height:
        position = after + np.arange(after.size)
        is_new = np.zeros(base.height + after.size, dtype=bool)
        is_new[position] = True
        order = np.empty(is_new.size, dtype=np.int64)
        order[~is_new] = np.arange(base.height)
        order[position] = base.height + np.arange(after.size)
        return pl.concat([base, rows])[order]
    pieces, done = [], 0
    ends = [*runs[1:].tolist(), after.size]
    for first, end in zip(runs.tolist(), ends, strict=True):
        cut = int(after[first])
        pieces += [base.slice(done, cut - done), rows.slice(first, end - first)]
        done = cut
    pieces.append(base.slice(done))
    return pl.concat(pieces)
