"""``gridtrack ingest``: source files → canonical, standardized Parquet lake.

The ingest streams: each reader's files are read in batches (one tracking file with its
companions for the weekly and per-game formats, see :data:`STREAMED`), and each batch's
tracking is first sunk, in polars' streaming engine, into a temporary spill partitioned by
game (so a 1 GB weekly CSV is never held whole in memory, nor a season more than one week at
a time); then each game is canonicalized (:func:`gridtrack.pipeline._canonical.canonicalize`),
validated against the canonical schemas, and written into the lake. Nothing disappears
without a trace: every row read is stored, quarantined with a reason, or — for ball samples
on their own clock — merged into the ball row of a player frame; cleaning (on by default)
drops rows only with a ``quality`` row for each and inserts rows only for short gaps it
interpolates; the summary balances them all.

An ingest holds the lake's write lock throughout (:func:`gridtrack.io.lake.locked`: a second
writer fails at once) and spills into the lake's staging folder ``LAKE/.tmp``, which the lock
removes when it ends, and the next writer removes if the ingest was killed. Killed at any
moment and run again, it leaves every play of its sources in the lake exactly once.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from gridtrack.clean import clean_tracking
from gridtrack.clean import key_frames as derive_key_frames
from gridtrack.io import READERS, Reader, ReadError, detect, expand
from gridtrack.io import catalog as lake_catalog
from gridtrack.io import lake as lake_io
from gridtrack.io._common import REASON, base_name
from gridtrack.io._registry import COMPANIONS
from gridtrack.io._time import date_from_game_id, season_from_game_id
from gridtrack.pipeline._canonical import canonical_frames, out_of_range
from gridtrack.pipeline._stage import NO_PROGRESS, Progress
from gridtrack.schema import (
    GAMES,
    KEY_FRAMES,
    PLAYERS,
    PLAYS,
    QUALITY,
    QUARANTINE,
    TRACKING,
    Dataset,
    validate,
)

GAME_KEY = "_game"
PLAY = ["game_id", "play_id"]


@dataclass
class IngestSummary:
    """What an ingest did, with the row balance:
    read + added by cleaning = stored + quarantined + merged + dropped by cleaning.

    ``reasons`` counts the quarantined rows per kind of reason, ``reason_plays`` the plays
    each kind touched (a play set aside whole, a play kept without its ball, a play with a
    bad row...), and ``plays_affected`` the plays with anything quarantined.
    """

    files: int = 0
    formats: dict[str, int] = field(default_factory=dict)
    games: int = 0
    plays: int = 0
    rows_read: int = 0
    rows_stored: int = 0
    rows_quarantined: int = 0
    ball_samples_aligned: int = 0
    ball_frames_created: int = 0
    rows_dropped_by_cleaning: int = 0
    rows_added_by_cleaning: int = 0
    quality: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    reason_plays: Counter[str] = field(default_factory=Counter)
    plays_affected: int = 0
    gaps: pl.DataFrame = field(default_factory=pl.DataFrame)
    seconds: float = 0.0

    @property
    def ball_samples_merged(self) -> int:
        """Ball samples that became part of another frame's ball row by alignment."""
        return self.ball_samples_aligned - self.ball_frames_created

    @property
    def balanced(self) -> bool:
        return (
            self.rows_read + self.rows_added_by_cleaning
            == self.rows_stored
            + self.rows_quarantined
            + self.ball_samples_merged
            + self.rows_dropped_by_cleaning
        )


def _reason_kind() -> pl.Expr:
    """The quarantine reason without its row-specific values (``= (keys)``, and ``, found
    <value>`` up to the next ``;``), for counting."""
    reason = pl.col("reason").str.split(" = (").list.first()
    return reason.str.replace_all(r", found [^;]*", "").alias("kind")


def _count_reasons(summary: IngestSummary, quarantine: pl.DataFrame) -> None:
    """Count the quarantined rows per reason kind, and the plays each kind touched (a play
    is its source file, game and play; a record without a play counts as its file's)."""
    kinds = quarantine.select("source", "game_id", "play_id", _reason_kind())
    summary.reasons = Counter(dict(kinds.get_column("kind").value_counts().iter_rows()))
    plays = kinds.unique()
    summary.reason_plays = Counter(dict(plays.get_column("kind").value_counts().iter_rows()))
    summary.plays_affected = plays.select("source", "game_id", "play_id").n_unique()


def _game_info(games: pl.DataFrame, game_ids: Iterable[int]) -> pl.DataFrame:
    """Games rows for ``game_ids``: from the source where known, else derived from the id."""
    ids = pl.DataFrame({"game_id": list(game_ids)}, schema={"game_id": pl.Int64})
    missing = ids.join(games, on="game_id", how="anti").select(
        "game_id",
        season_from_game_id(pl.col("game_id")).alias("season"),
        pl.lit(0).alias("week"),
        date_from_game_id(pl.col("game_id")).alias("game_date"),
    )
    return pl.concat([games, GAMES.conform(missing).collect()], how="diagonal_relaxed")


def _entity_gaps(tracking: pl.DataFrame) -> pl.DataFrame:
    """Entities present on fewer frames than their play has (where the source lacks them)."""
    frames = tracking.group_by("game_id", "play_id").agg(
        pl.col("frame_id").n_unique().alias("frames_in_play")
    )
    present = tracking.group_by("game_id", "play_id", "nfl_id").agg(
        pl.len().alias("frames_present")
    )
    return (
        present.join(frames, on=["game_id", "play_id"])
        .filter(pl.col("frames_present") < pl.col("frames_in_play"))
        .sort("game_id", "play_id", "nfl_id", nulls_last=True)
    )


SPILL_ROW_GROUP = 65_536
"""Rows per row group of the spill: each game's open file buffers about one row group, so
small groups keep the peak memory of a many-game file low (10 M rows, 17 games: 1.73 GB
against 1.93 GB with polars' default) at no cost in speed."""


def _spill(raw: Dataset, folder: Path) -> None:
    """Stream the raw tracking into one folder of Parquet files per game."""
    raw.tracking.with_columns(pl.col("game_id").fill_null(-1).alias(GAME_KEY)).sink_parquet(
        pl.PartitionBy(folder, key=GAME_KEY, include_key=False),
        mkdir=True,
        compression="lz4",  # a temporary file: write speed over size
        row_group_size=SPILL_ROW_GROUP,
    )


def _read_and_spill(reader: Reader, paths: list[Path], folder: Path) -> Dataset:
    """Read ``paths`` with ``reader`` and spill their tracking into ``folder``.

    The first read lets the CSV reader parse the numbers (``parse_numbers``, where the reader
    can); a value that is not a number fails that read, and the files are read again with
    every column as text, which quarantines such rows with their reason."""
    try:
        raw = reader.read(paths, parse_numbers=True)
        _spill(raw, folder)
        return raw
    except pl.exceptions.ComputeError:
        shutil.rmtree(folder, ignore_errors=True)
    raw = reader.read(paths)
    try:
        _spill(raw, folder)
    except pl.exceptions.PolarsError as exc:
        names = ", ".join(p.name for p in paths)
        raise ReadError(f"{names}: cannot parse the file(s): {exc}") from exc
    return raw


def _spilled_games(folder: Path) -> dict[int, Path]:
    return {
        int(p.name.split("=", 1)[1]): p for p in sorted(folder.glob(f"{GAME_KEY}=*")) if p.is_dir()
    }


STREAMED = frozenset({"bdb2019", "bdb2021", "bdb2026"})
"""Formats whose tracking comes in large files (a game or a week each): their files are read,
spilled and stored one tracking file at a time (a bdb2026 week: its input and output pair),
each time with every companion file, so the peak memory of an ingest is that of its largest
file, whatever the number of files. The per-play formats are read as one batch."""


def batches(name: str, paths: list[Path]) -> list[list[Path]]:
    """The files of reader ``name`` in batches read together: for the formats of
    :data:`STREAMED` one per tracking file (a bdb2026 week's input and output together),
    each with all the companion files; for the others one batch of all ``paths``."""
    if name not in STREAMED:
        return [paths]
    companions = [p for p in paths if base_name(p).lower() in COMPANIONS]
    tracking: dict[tuple[Path, str], list[Path]] = {}
    for path in paths:
        if path not in companions:
            week = re.sub("input|output", "", base_name(path).lower())
            tracking.setdefault((path.parent, week), []).append(path)
    return [[*files, *companions] for files in tracking.values()] or [paths]


@dataclass
class _Run:
    """An ingest under way: where it writes, how it reports, and what it has gathered."""

    lake: Path
    spill_root: Path
    clean: bool
    progress: Progress
    summary: IngestSummary
    quarantined: list[pl.DataFrame] = field(default_factory=list)
    gaps: list[pl.DataFrame] = field(default_factory=list)
    done: set[Path] = field(default_factory=set)

    def batch(self, name: str, paths: list[Path]) -> tuple[pl.DataFrame, pl.DataFrame, set[int]]:
        """Read, spill and store one batch of reader ``name``'s files, then free its spill
        and advance the progress by the bytes of its files not read before. Returns the
        batch's plays and games, and the games whose tracking it stored."""
        label = ", ".join(p.name for p in paths if p not in self.done) or paths[0].name
        self.progress.advance(0, note=f"reading {label}")
        spill = self.spill_root / name
        raw = _read_and_spill(READERS[name], paths, spill)
        plays, players, games, reader_quarantine = pl.collect_all(
            [raw.plays, raw.players, raw.games, raw.quarantine]
        )
        read_before = [p.name for p in paths if p in self.done]  # a companion counts once
        reader_quarantine = (
            QUARANTINE.conform(reader_quarantine)
            .filter(~pl.col("source").is_in(read_before))
            .collect()
        )
        self.quarantined.append(reader_quarantine)
        self.summary.rows_read += reader_quarantine.height
        spilled = _spilled_games(spill)
        games = _game_info(games, [g for g in spilled if g >= 0])
        for game_id, folder in spilled.items():
            self.summary.games += _ingest_game(
                self.lake,
                game_id,
                folder,
                plays,
                games,
                self.summary,
                self.quarantined,
                self.gaps,
                clean=self.clean,
            )
            self.progress.advance(0, note=f"{label}: game {game_id}")
        shutil.rmtree(spill, ignore_errors=True)  # none where the file had no rows
        lake_io.write_whole(self.lake, GAMES, validate(GAMES.conform(games), GAMES))
        if players.height:
            lake_io.write_whole(self.lake, PLAYERS, validate(PLAYERS.conform(players), PLAYERS))
        new = [p for p in paths if p not in self.done]
        self.done.update(new)
        self.progress.advance(sum(p.stat().st_size for p in new), note=f"{label}: stored")
        return plays, games, set(spilled)


def ingest(
    sources: str | Path | Iterable[str | Path],
    lake: str | Path,
    *,
    format: str = "auto",
    clean: bool = True,
    progress: Progress = NO_PROGRESS,
) -> IngestSummary:
    """Read ``sources``, canonicalize them and write them into the lake at ``lake``.

    With ``clean`` (the default) each game's tracking goes through
    :func:`gridtrack.clean.clean_tracking` and its decisions into the ``quality`` table.
    The tracking files of the weekly (and per-game) formats are read and stored one at a
    time (see :data:`STREAMED`), so a season folder takes the memory of its largest file.

    Re-ingesting the same source replaces its plays (and its quarantine) rather than
    duplicating them. ``progress`` hears of one task in bytes, the total size of the source
    files, advanced by each file's size once it is stored (and, with no steps, of each file
    read and each game stored). Returns an :class:`IngestSummary`.
    """
    start = time.perf_counter()
    lake = Path(lake)
    lake.mkdir(parents=True, exist_ok=True)
    if isinstance(sources, (str, Path)):
        sources = [sources]
    files = expand(sources)
    groups = detect(files, format)
    summary = IngestSummary(files=len(files), formats={k: len(v) for k, v in groups.items()})
    source_names = sorted({p.name for paths in groups.values() for p in paths})
    total = sum(p.stat().st_size for p in files)
    with (
        lake_io.locked(lake) as staging,
        tempfile.TemporaryDirectory(prefix="spill-", dir=staging) as spill_root,
    ):
        run = _Run(lake, Path(spill_root), clean, progress, summary)
        progress.start(f"ingesting {len(files)} files", total, unit="bytes")
        for name, paths in groups.items():
            tracked: set[int] = set()
            for batch in batches(name, paths):
                plays, games, stored = run.batch(name, batch)
                tracked |= stored
            _write_untracked_plays(lake, plays, games, tracked)
        _store_quarantine(lake, run.quarantined, source_names, summary)
        summary.gaps = pl.concat(run.gaps) if run.gaps else pl.DataFrame()
        lake_catalog.refresh(lake)
    summary.seconds = time.perf_counter() - start
    return summary


def _store_quarantine(
    lake: Path, quarantined: list[pl.DataFrame], sources: list[str], summary: IngestSummary
) -> None:
    """Replace the quarantine of ``sources`` in the lake; count its rows and reasons."""
    quarantine = (
        pl.concat(quarantined, how="diagonal_relaxed") if quarantined else QUARANTINE.empty()
    )
    summary.rows_quarantined = quarantine.height
    _count_reasons(summary, quarantine)
    lake_io.write_quarantine(lake, quarantine, sources)


def _ingest_game(
    lake: Path,
    game_id: int,
    folder: Path,
    plays: pl.DataFrame,
    games: pl.DataFrame,
    summary: IngestSummary,
    quarantined: list[pl.DataFrame],
    gaps: list[pl.DataFrame],
    *,
    clean: bool = True,
) -> int:
    """Canonicalize (and clean) and store one game's spill; returns 1 if the game had rows
    to store."""
    raw_tracking = pl.read_parquet(folder / "*.parquet")
    # ball samples to align: on their own clock, and not quarantined (by the reader, or for a
    # value out of bounds, as `canonical_frames` will)
    good = pl.coalesce(pl.col(REASON), out_of_range()).is_null()
    loose = pl.col("nfl_id").is_null() & pl.col("frame_id").is_null() & good
    loose_rows = raw_tracking.select(loose.sum()).item()
    summary.rows_read += raw_tracking.height
    summary.ball_samples_aligned += loose_rows
    game_plays = plays.filter(pl.col("game_id") == game_id).lazy()
    canonical = canonical_frames(raw_tracking.lazy(), game_plays)
    tracking, key_frames, quarantine = (
        canonical[name] for name in ("tracking", "key_frames", "quarantine")
    )
    quarantined.append(quarantine)
    if loose_rows:
        aligned_plays = raw_tracking.filter(loose).select(PLAY).unique()
        summary.ball_frames_created += (
            tracking.filter(pl.col("nfl_id").is_null()).join(aligned_plays, on=PLAY).height
        )
    if tracking.height == 0:
        return 0
    source = f"game {game_id}"
    validate(tracking, TRACKING, source=source)
    validate(key_frames, KEY_FRAMES, source=source)
    game_plays_out = validate(canonical["plays"], PLAYS, source=source)
    info = games.filter(pl.col("game_id") == game_id).row(0, named=True)
    where = {"season": info["season"], "week": info["week"], "game_id": game_id}
    tracking, key_frames, quality = _clean_game(tracking, key_frames, summary, clean, source)
    replaced = canonical["tracking"].select(PLAY).unique()
    lake_io.write_game(lake, TRACKING, tracking, **where, replace=replaced)
    lake_io.write_game(lake, PLAYS, game_plays_out, **where)
    lake_io.write_game(lake, KEY_FRAMES, key_frames, **where, replace=replaced)
    lake_io.write_game(lake, QUALITY, quality, **where, replace=replaced)
    summary.rows_stored += tracking.height
    summary.plays += key_frames.height
    gaps.append(_entity_gaps(canonical["tracking"]))  # as the source has them
    return 1


def _clean_game(
    tracking: pl.DataFrame,
    key_frames: pl.DataFrame,
    summary: IngestSummary,
    clean: bool,
    source: str,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Cleaned tracking, its key frames and quality rows (the input and no quality rows
    when ``clean`` is off); counts the rows cleaning dropped and added."""
    if not clean:
        return tracking, key_frames, QUALITY.empty()
    tracking, quality = clean_tracking(tracking)
    validate(tracking, TRACKING, source=source)
    action = pl.col("action").cast(pl.String)
    counts = quality.select(
        action.str.starts_with("dropped").sum().alias("dropped"),
        ((pl.col("check") == "missing_frame") & (action == "interpolated")).sum().alias("added"),
        (action == "dropped_play").any().alias("plays_dropped"),
    ).row(0, named=True)
    summary.rows_dropped_by_cleaning += counts["dropped"]
    summary.rows_added_by_cleaning += counts["added"]
    for check, n in quality.get_column("check").value_counts().iter_rows():
        summary.quality[check] += n
    if counts["plays_dropped"]:
        key_frames = derive_key_frames(tracking.lazy()).collect()
    return tracking, key_frames, validate(quality, QUALITY, source=source)


def _write_untracked_plays(
    lake: Path, plays: pl.DataFrame, games: pl.DataFrame, tracked: set[int]
) -> None:
    """Store the plays of games that have no tracking in this source (e.g. the play-by-play
    of a whole season beside one game's tracking), partitioned like the others."""
    rest = plays.filter(~pl.col("game_id").is_in(list(tracked)))
    if rest.height == 0:
        return
    rest = validate(PLAYS.conform(rest).collect(), PLAYS)
    info = _game_info(games, rest.get_column("game_id").unique().to_list())
    where = {row["game_id"]: row for row in info.iter_rows(named=True)}
    for (game_id,), frame in rest.group_by("game_id"):
        season, week = where[game_id]["season"], where[game_id]["week"]
        lake_io.write_game(lake, PLAYS, frame, season=season, week=week, game_id=game_id)
