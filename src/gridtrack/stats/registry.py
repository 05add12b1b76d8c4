"""The registry of stat definitions: one :class:`StatDef` per stat, kernels grouped by family.

A *family kernel* computes every stat of its family for one play at once (they share the
same geometry); each stat it returns must be registered here with its unit and formula. A
*batch* family kernel does the same for a whole :class:`~gridtrack.stats.context.Chunk` of
consecutive plays at once, writing each play's stats into that play's result. A *frame*
family kernel returns a value per player per frame; its stats are computed on demand
(:mod:`gridtrack.stats.frames`), not stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import numpy as np

    from gridtrack.stats.context import Chunk, PlayContext, PlayResult

Level = Literal["play", "player_play", "frame"]
AppliesTo = Literal["pass", "run", "special_teams", "all"]
LEVELS: tuple[str, ...] = ("play", "player_play", "frame")
APPLIES: tuple[str, ...] = ("pass", "run", "special_teams", "all")

Kernel = Callable[["PlayContext", "PlayResult"], None]
BatchKernel = Callable[["Chunk", "list[PlayResult]"], None]
FrameKernel = Callable[["PlayContext"], "dict[str, np.ndarray]"]
"""A frame family's kernel: the ``(frames, players)`` array of each of its stats."""


@dataclass(frozen=True)
class StatDef:
    """One stat of the catalogue.

    Attributes
    ----------
    name
        snake_case name, unique within its level (a name may exist at the play and the
        player-play level when the play value aggregates the players' values).
    level
        ``play`` (one value per play), ``player_play`` (one per player per play) or ``frame``
        (one per entity per frame, computed on demand, not stored).
    unit
        ``yd``, ``s``, ``yd/s``, ``yd/s^2``, ``deg``, ``count``, ``flag`` (0/1), ``ratio``.
    family
        the family whose kernel computes it.
    definition
        one line with the formula.
    applies_to
        the plays it is meant for: ``pass``, ``run``, ``special_teams`` or ``all``.
    kernel
        the family kernel that computes it.
    note
        why the stat may legitimately be null on some plays it applies to.
    """

    name: str
    level: Level
    unit: str
    family: str
    definition: str
    applies_to: AppliesTo
    kernel: Kernel | BatchKernel | FrameKernel
    note: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.level, self.name)


class Registry:
    """Stat definitions by (level, name), and family kernels in registration order."""

    def __init__(self) -> None:
        self._defs: dict[tuple[str, str], StatDef] = {}
        self._kernels: dict[str, Kernel | BatchKernel] = {}
        self._batch: set[str] = set()
        self._frame_kernels: dict[str, FrameKernel] = {}
        self._skipped: frozenset[tuple[str, str]] = frozenset()

    def family(self, name: str, kernel: Kernel | BatchKernel, *, batch: bool = False) -> None:
        """Register a family kernel (once per family); ``batch``: it is a
        :data:`BatchKernel`, run once per chunk of plays."""
        if name in self._kernels or name in self._frame_kernels:
            raise ValueError(f"family {name!r} registered twice")
        self._kernels[name] = kernel
        if batch:
            self._batch.add(name)

    def frame_family(self, name: str, kernel: FrameKernel) -> None:
        """Register a family of ``frame`` stats (once per family): computed on demand by
        :func:`gridtrack.stats.frames.frame_stats`, not with the stored stats."""
        if name in self._kernels or name in self._frame_kernels:
            raise ValueError(f"family {name!r} registered twice")
        self._frame_kernels[name] = kernel

    def add(
        self,
        name: str,
        level: Level,
        unit: str,
        family: str,
        definition: str,
        applies_to: AppliesTo = "all",
        note: str = "",
    ) -> StatDef:
        """Register one stat of an already registered family."""
        if level not in LEVELS or applies_to not in APPLIES:
            raise ValueError(f"{name}: bad level {level!r} or applies_to {applies_to!r}")
        if (level == "frame") != (family in self._frame_kernels):
            raise ValueError(f"{name}: frame stats, and only they, belong to a frame family")
        kernel = self._frame_kernels.get(family) or self._kernels[family]
        stat = StatDef(name, level, unit, family, definition, applies_to, kernel, note)
        if stat.key in self._defs:
            raise ValueError(f"stat {stat.key} registered twice")
        self._defs[stat.key] = stat
        return stat

    def __iter__(self) -> Iterator[StatDef]:
        return iter(self._defs.values())

    def __len__(self) -> int:
        return len(self._defs)

    def __contains__(self, key: object) -> bool:
        return key in self._defs

    def get(self, name: str, level: str | None = None) -> StatDef:
        """The stat ``name`` (at ``level``; the player-play one first when both exist)."""
        for lvl in (level,) if level else ("player_play", "play", "frame"):
            if (lvl, name) in self._defs:
                return self._defs[(lvl, name)]
        raise KeyError(f"no stat named {name!r}" + (f" at level {level!r}" if level else ""))

    def names(self, level: str) -> list[str]:
        """Names registered at ``level``, in registration order."""
        return [d.name for d in self._defs.values() if d.level == level]

    def subset(self, families: list[str] | tuple[str, ...]) -> Registry:
        """A registry with only the stats and kernels of ``families`` (kept in registration
        order)."""
        known = [*self._kernels, *self._frame_kernels]
        unknown = set(families) - set(known)
        if unknown:
            raise KeyError(f"no stat family named {sorted(unknown)}; families: {known}")
        out = Registry()
        for name in (f for f in known if f in families):
            if name in self._frame_kernels:
                out._frame_kernels[name] = self._frame_kernels[name]
            else:
                out._kernels[name] = self._kernels[name]
        out._batch = self._batch & set(families)
        out._defs = {k: d for k, d in self._defs.items() if d.family in families}
        return out

    def select(self, names: Iterable[str]) -> Registry:
        """A registry that computes only the stats ``names`` (play or player-play level; a
        name registered at both levels selects both).

        The kernels of their families run; what they compute for other stats is left out
        of the results (:meth:`skipped`), and a kernel may skip work no selected stat needs
        (:meth:`gridtrack.stats.context.Chunk.wants`).
        """
        wanted = set(names)
        keys = {k for k in self._defs if k[1] in wanted and k[0] != "frame"}
        missing = wanted - {name for _, name in keys}
        if missing:
            frame = sorted(n for n in missing if ("frame", n) in self._defs)
            hint = f" ({', '.join(frame)}: frame stats, see frame_stats)" if frame else ""
            raise KeyError(f"no play or player-play stat named {sorted(missing)}{hint}")
        out = self.subset(sorted({self._defs[k].family for k in keys}))  # registration order
        out._skipped = frozenset(out._defs.keys() - keys)
        out._defs = {k: d for k, d in out._defs.items() if k in keys}
        return out

    def skipped(self, level: str) -> frozenset[str]:
        """Names at ``level`` that this registry's kernels compute but that were not
        selected (:meth:`select`): dropped from the results."""
        return frozenset(name for lvl, name in self._skipped if lvl == level)

    @property
    def selected(self) -> frozenset[str] | None:
        """The names of the stats to compute, when :meth:`select` chose them (``None``:
        every stat of the kernels)."""
        return frozenset(d.name for d in self._defs.values()) if self._skipped else None

    @property
    def kernels(self) -> dict[str, Kernel | BatchKernel]:
        """Kernels of the stored stats (play and player-play levels), by family."""
        return dict(self._kernels)

    @property
    def frame_kernels(self) -> dict[str, FrameKernel]:
        """Kernels of the frame stats, by family."""
        return dict(self._frame_kernels)

    def is_batch(self, family: str) -> bool:
        """Whether the kernel of ``family`` is a :data:`BatchKernel`."""
        return family in self._batch


REGISTRY = Registry()
"""The catalogue: every family module registers its kernel and stats on import."""
