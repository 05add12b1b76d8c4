"""Roles as declared derivations: resolved in order, read only where declared, one set of
thresholds; and what they find on a real game."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import gridtrack
from gridtrack.play import ROLES, Chunk, PlayArrays, StatsConfig, play_arrays


@pytest.fixture(scope="module")
def game(real_data: Path) -> list[PlayArrays]:
    t = gridtrack.read_tracking(real_data / "bdb2019").collect()
    return list(play_arrays(t["tracking"], t["plays"], t["key_frames"], t["players"]))


def test_each_role_comes_after_the_roles_it_needs() -> None:
    order = list(ROLES)
    for position, role in enumerate(ROLES.values()):
        assert all(order.index(need) < position for need in role.needs), role.name
    assert {"passer", "target", "carrier", "rushers", "blockers", "eligible", "coverage"} <= set(
        ROLES
    )


def test_a_derivation_reads_only_what_it_declares(game) -> None:
    chunk = Chunk.of(game[:3])
    with pytest.raises(match="no role named 'quarterback'"):
        chunk.role("quarterback")
    with chunk.reading("a picture", ["target"]), pytest.raises(match="'passer'"):
        chunk.role("passer")
    with chunk.reading("a picture", ["target"]):
        assert len(chunk.role("target")) == 3  # its own needs resolve behind it


def test_roles_of_a_chunk_are_those_of_each_play_alone(game) -> None:
    chunk = Chunk.of(game[:40])
    for k, arrays in enumerate(game[:40]):
        alone = Chunk.of([arrays])
        for name in ROLES:
            together, single = chunk.role(name)[k], alone.role(name)[0]
            if isinstance(single, np.ndarray):
                assert np.array_equal(together, single), name
            else:
                assert together == single, name


def test_roles_on_a_real_game(game) -> None:
    # arrange
    chunk = Chunk.of(game)
    passes = [c for c in chunk.contexts if c.kind == "pass" and c.snap is not None]
    # act
    rushers = np.array([c.rushers.sum() for c in passes])
    blockers = np.array([c.blockers.sum() for c in passes])
    # assert: four or five rushers, five linemen and a back or tight end in protection
    assert 3.5 <= np.median(rushers) <= 5.5
    assert 5 <= np.median(blockers) <= 7
    for c in passes:
        assert not (c.coverage & c.rushers).any()
        assert not (c.blockers & c.eligible & ~c.offense).any()
        if c.passer is not None:
            assert np.array_equal(c.coverage | c.rushers, c.defense)
            assert not c.blockers[c.passer]
    assert all(c.passer is not None for c in passes)


def test_thresholds_come_from_one_config(game) -> None:
    passes = [a for a in game if a.play.get("play_type") == "pass"][:30]
    default = Chunk.of(passes).role("rushers")
    strict = Chunk.of(passes, StatsConfig(rush_align=0.0, rush_close=50.0)).role("rushers")
    assert sum(s.sum() for s in strict) < sum(d.sum() for d in default)
    with pytest.raises(ValueError, match="rush_align"):
        StatsConfig(rush_align=-1.0)
