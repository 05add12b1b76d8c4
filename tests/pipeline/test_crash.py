"""Crash and concurrency safety of the lake's writers (issue 14).

An ingest killed with SIGKILL at random moments, then run again, leaves every play of its
source in the lake exactly once, DuckDB's views readable at every step, and no debris; two
writers of one lake never interleave: the second fails at once, naming the holder's pid.
Every writer here is a real process (``sys.executable``, with this process's environment).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import gridtrack
from gridtrack.errors import GridtrackError, LakeBusyError
from gridtrack.io import catalog as lake_catalog
from gridtrack.io.lake import LOCK_FILE, STAGING_DIR, locked, table_files
from gridtrack.pipeline import compute_lake
from gridtrack.schema import TABLES

SOURCE = "bdb2019"
KILLS = 6
"""SIGKILLs per crash run, at seeded random moments of the ingest."""
PLAY = ["game_id", "play_id"]
INGEST = "import sys, gridtrack\nprint('ready', flush=True)\ngridtrack.ingest(*sys.argv[1:])\n"
"""A child ingest (source, lake) that says when its imports are done."""
HOLD = (
    "import sys\nfrom gridtrack.io.lake import locked\n"
    "with locked(sys.argv[1]):\n    print('ready', flush=True)\n    sys.stdin.read()\n"
)
"""A child that holds a lake's lock (lake) until its stdin closes."""
CLI = "from gridtrack.cli import app; app()"


def _child(script: str, *args: object) -> subprocess.Popen[str]:
    """Start ``script`` in a Python process; return once it printed ``ready``."""
    child = subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready", child.communicate()
    return child


def _ingest_cli(source: Path, lake: Path) -> subprocess.Popen[str]:
    """``gridtrack ingest SOURCE --lake LAKE`` in a process of its own."""
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "ingest", str(source), "--lake", str(lake)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _tables(lake: Path) -> dict[str, pl.DataFrame]:
    """The lake's canonical tables, each sorted by its key."""
    tables = gridtrack.scan_lake(lake).collect()
    return {
        name: frame.sort(TABLES[name].sort or TABLES[name].key or frame.columns, nulls_last=True)
        for name, frame in tables.items()
    }


def _debris(lake: Path) -> list[Path]:
    """Temporary files and folders left in the lake (the staging folder, spills, temps)."""
    return sorted(
        p for p in lake.rglob("*") if p.name.startswith((STAGING_DIR, ".spill-", ".tmp-"))
    )


def _assert_readable(lake: Path) -> None:
    """What a reader sees between writes: every table reads whole, through DuckDB's views
    and through polars, and no key (no play) is stored twice."""
    tables = gridtrack.scan_lake(lake).collect()
    if lake_catalog.catalog_path(lake).exists():
        with lake_catalog.connect(lake) as con:
            for name in TABLES:
                con.sql(f"SELECT * FROM {name}").pl()
    for name in ("tracking", "plays", "key_frames"):
        assert not tables[name].select(list(TABLES[name].key)).is_duplicated().any(), name


def _assert_as_after_one_ingest(lake: Path, reference: dict[str, pl.DataFrame]) -> None:
    """The lake holds exactly the reference tables, every play once, and no debris."""
    tables = _tables(lake)
    for name, frame in reference.items():
        assert_frame_equal(tables[name], frame)
    source_plays = reference["key_frames"].select(PLAY)
    tracked = tables["tracking"].select(PLAY).unique().sort(PLAY)
    assert_frame_equal(tracked, source_plays.sort(PLAY))
    assert not tables["plays"].select(PLAY).is_duplicated().any()
    assert tables["plays"].join(source_plays, on=PLAY).height == source_plays.height
    _assert_readable(lake)
    with lake_catalog.connect(lake) as con:
        count = con.sql("SELECT count(*) FROM tracking").fetchall()
    assert count == [(reference["tracking"].height,)]
    assert _debris(lake) == []


@pytest.fixture(scope="module")
def source(real_data: Path) -> Path:
    return real_data / SOURCE


@pytest.fixture(scope="module")
def reference(source: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, pl.DataFrame]:
    """The tables of one uninterrupted ingest of the source."""
    lake = tmp_path_factory.mktemp("reference")
    gridtrack.ingest(source, lake)
    return _tables(lake)


def test_killed_ingests_then_one_more_leave_each_play_once(
    source: Path, reference: dict[str, pl.DataFrame], tmp_path: Path
) -> None:
    """SIGKILL at seeded random moments, one run after another on the same lake; the lake
    stays readable after each kill, and the next full ingest restores it exactly."""
    rng = random.Random(14)
    timed = _child(INGEST, source, tmp_path / "timing")
    start = time.perf_counter()
    timed.wait(timeout=120)
    duration = time.perf_counter() - start  # of the ingest, imports done
    lake = tmp_path / "lake"
    killed = 0
    for _ in range(KILLS):
        child = _child(INGEST, source, lake)
        time.sleep(rng.uniform(0.0, duration))
        child.send_signal(signal.SIGKILL)
        killed += child.wait(timeout=120) == -signal.SIGKILL
        _assert_readable(lake)
    assert killed >= KILLS // 2, f"only {killed} of {KILLS} kills hit a running ingest"
    gridtrack.ingest(source, lake)
    _assert_as_after_one_ingest(lake, reference)


def test_a_second_writer_fails_at_once_naming_the_holder(source: Path, tmp_path: Path) -> None:
    """While a process holds the lock, an ingest (command line), stats and a run fail with
    LakeBusyError naming the lake and the holder's pid, and write nothing; once the holder
    is killed the OS has released the lock."""
    lake = tmp_path / "lake"
    lake.mkdir()
    holder = _child(HOLD, lake)
    try:
        refused = _ingest_cli(source, lake)
        err = " ".join(refused.communicate(timeout=120)[1].split())  # unwrapped
        assert refused.returncode == 2
        assert f"{lake}: another gridtrack process (pid {holder.pid}) is writing" in err
        with pytest.raises(LakeBusyError, match=f"pid {holder.pid}") as caught:
            compute_lake(lake)
        assert isinstance(caught.value, BlockingIOError)
        with pytest.raises(LakeBusyError, match=f"pid {holder.pid}"):
            gridtrack.run(source, lake)
        assert sorted(p.name for p in lake.iterdir()) == [LOCK_FILE, STAGING_DIR]
    finally:
        holder.kill()
        holder.wait(timeout=60)
    with locked(lake):  # no stale lock after a kill -9
        pass
    assert sorted(p.name for p in lake.iterdir()) == [LOCK_FILE]


def test_two_ingests_at_once_never_interleave(
    source: Path, reference: dict[str, pl.DataFrame], tmp_path: Path
) -> None:
    """Two ingests started together: each succeeds or fails with the lock's message, at
    least one succeeds, and the lake is as after one ingest."""
    lake = tmp_path / "lake"
    children = [_ingest_cli(source, lake) for _ in range(2)]
    outcomes = [(child.wait(timeout=120), child.communicate()[1]) for child in children]
    assert 0 in [code for code, _ in outcomes], outcomes
    for code, err in outcomes:
        assert code == 0 or (code == 2 and "is writing this lake" in err), err
    _assert_as_after_one_ingest(lake, reference)


def test_the_lock_is_reentrant_per_thread_and_sweeps_debris(tmp_path: Path) -> None:
    """The holding thread may take the lock again; another thread may not. Taking it removes
    what dead writers left, which no reader of the tables sees meanwhile."""
    folder = tmp_path / "tracking" / "season=2017" / "week=01"
    folder.mkdir(parents=True)
    pl.DataFrame({"x": [1]}).write_parquet(folder / "part-1.parquet")
    (folder / ".tmp-abc.parquet").write_bytes(b"PAR1 half a file")
    (tmp_path / ".spill-old" / "_game=1").mkdir(parents=True)
    (tmp_path / STAGING_DIR / "spill-x").mkdir(parents=True)
    assert table_files(tmp_path, "tracking") == [folder / "part-1.parquet"]
    errors: list[BaseException] = []

    def other_thread() -> None:
        try:
            with locked(tmp_path):
                pass
        except GridtrackError as exc:
            errors.append(exc)

    with locked(tmp_path) as staging, locked(tmp_path) as again:
        assert staging == again == tmp_path / STAGING_DIR
        assert _debris(tmp_path) == [staging]  # swept, and a fresh staging folder
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
    assert [type(e) for e in errors] == [LakeBusyError]
    assert _debris(tmp_path) == []
    assert (tmp_path / LOCK_FILE).read_text() == ""


def test_temporaries_never_lie_beside_the_tables(
    real_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file an ingest writes (tables, catalogue) is made in the staging folder and
    renamed into place, so no glob of a table meets a temporary file, even one a kill left
    (a kill rarely lands inside a write: this checks every write instead)."""
    moves: list[tuple[Path, Path]] = []
    replace = os.replace

    def recording(src: str, dst: str) -> None:
        moves.append((Path(src), Path(dst)))
        replace(src, dst)

    monkeypatch.setattr(os, "replace", recording)
    gridtrack.ingest(real_data / "bdb2020", tmp_path)
    assert {dst.relative_to(tmp_path).parts[0] for _, dst in moves} >= {"tracking", "plays"}
    assert all(src.is_relative_to(tmp_path / STAGING_DIR) for src, _ in moves), moves
