"""The kernel contract, checked over the whole registry on real plays.

Every kernel writes the names registered for its family and no other, reads only the roles
it declares, writes finite values or NaN, and its stats come out on the plays they apply to
only; a causal kernel gives the same value at frame ``t`` whether or not later frames exist.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import gridtrack
from gridtrack.play import Chunk, PlayArrays, play_arrays
from gridtrack.stats import REGISTRY, PlayResult, Registry, compute_plays, run_kernels
from gridtrack.stats.compute import quiet
from gridtrack.stats.registry import UNITS

SOURCES = ("bdb2019", "bdb2023_sample")
LEVELS = {"play": "play", "player": "player_play", "frame": "frame"}


@pytest.fixture(scope="module")
def plays(real_data: Path) -> list[PlayArrays]:
    """Every play of a full game (passes, runs, kicks) and of the 2021-layout sample."""
    found: list[PlayArrays] = []
    for source in SOURCES:
        t = gridtrack.read_tracking(real_data / source).collect()
        found += list(play_arrays(t["tracking"], t["plays"], t["key_frames"], t["players"]))
    return found


@pytest.fixture(scope="module")
def results(plays: list[PlayArrays]) -> tuple[Chunk, list[PlayResult]]:
    chunk = Chunk.of(plays)
    with quiet():
        return chunk, run_kernels(chunk, [*REGISTRY.kernels(), *REGISTRY.kernels(frame=True)])


def test_each_kernel_writes_exactly_its_registered_names(results) -> None:
    # arrange: what each family writes, per level, over every play
    chunk, found = results
    written: dict[tuple[str, str], set[str]] = defaultdict(set)
    for result in found:
        for part, level in LEVELS.items():
            for name in getattr(result, part):
                written[(level, name)].add(REGISTRY.get(name, level).family)
    # assert: every registered stat is written somewhere, by its own family only
    registered = {d.key: d.family for d in REGISTRY}
    assert set(written) == set(registered)
    assert all(families == {registered[key]} for key, families in written.items())


def test_values_are_finite_or_nan_with_known_units(results) -> None:
    _, found = results
    for result in found:
        values = [
            *result.play.values(),
            *(v for arr in result.player.values() for v in np.ravel(arr)),
            *(v for arr in result.frame.values() for v in np.ravel(arr)),
        ]
        assert not np.isinf(np.asarray(values, dtype=np.float64)).any()
    assert {d.unit for d in REGISTRY} <= UNITS


def test_stats_come_out_on_the_plays_they_apply_to_only(plays, results) -> None:
    # arrange
    chunk, _ = results
    kinds = pl.DataFrame(
        {
            "game_id": [c.arr.game_id for c in chunk.contexts],
            "play_id": [c.arr.play_id for c in chunk.contexts],
            "kind": [c.kind for c in chunk.contexts],
        }
    )
    scope = pl.DataFrame(
        {"stat": [d.name for d in REGISTRY], "applies_to": [d.applies_to for d in REGISTRY]}
    ).unique("stat")
    # act
    play, player = compute_plays(plays)
    # assert: every kind of play is here, and each value is on a play its stat applies to
    assert set(kinds["kind"]) >= {"pass", "run", "special_teams"}
    for frame in (play, player):
        rows = frame.join(kinds, on=["game_id", "play_id"]).join(scope, on="stat")
        outside = rows.filter(
            (pl.col("applies_to") != "all") & (pl.col("applies_to") != pl.col("kind"))
        )
        assert outside.height == 0
        assert rows.filter(pl.col("applies_to") == pl.col("kind")).height > 0


def _frame_values(arrays: PlayArrays, kernels) -> dict[str, np.ndarray]:
    with quiet():
        return run_kernels(Chunk.of([arrays]), kernels)[0].frame


def test_causal_kernels_need_no_later_frame(plays) -> None:
    # arrange: plays with players, cut after frames through the play
    causal = [k for k in REGISTRY.kernels(frame=True) if k.causal]
    other = [k for k in REGISTRY.kernels(frame=True) if not k.causal]
    assert causal and other
    sample = [a for a in plays if a.n_players and a.n_frames > 20][::15]
    differs = set()
    for arrays in sample:
        full = _frame_values(arrays, causal + other)
        for t in (0, arrays.n_frames // 3, arrays.n_frames // 2, arrays.n_frames - 2):
            # act
            cut = _frame_values(arrays.head(t + 1), causal + other)
            # assert: the causal stats agree at t; remember which others do not
            for name, values in cut.items():
                same = np.array_equal(values[t], full[name][t], equal_nan=True)
                if REGISTRY.get(name, "frame").causal:
                    assert same, (name, arrays.game_id, arrays.play_id, t)
                elif not same:
                    differs.add(name)
    # the check has teeth: stats declared to need the whole play do change when cut
    assert differs and differs <= {d.name for d in REGISTRY if d.level == "frame" and not d.causal}


def test_a_kernel_that_reads_an_undeclared_role_is_stopped(plays) -> None:
    # arrange
    registry = Registry()
    sloppy = registry.family("sloppy", lambda chunk, results: [c.passer for c in chunk.contexts])
    careful = registry.family(
        "careful", lambda chunk, results: [c.passer for c in chunk.contexts], needs=["passer"]
    )
    chunk = Chunk.of(plays[:5])
    # act / assert
    with pytest.raises(match="kernel 'sloppy' reads role 'passer'"):
        run_kernels(chunk, [sloppy])
    run_kernels(chunk, [careful])


def test_needs_must_name_roles_phases_or_earlier_stats() -> None:
    registry = Registry()
    with pytest.raises(ValueError, match="not a role, a phase or a stat"):
        registry.family("x", lambda chunk, results: None, needs=["quarterback"])
    registry.family("y", lambda chunk, results: None, needs=["passer", "in_air"])
