"""The registry of stat definitions: declared kernels, one :class:`StatDef` per stat.

There is one kind of kernel (:class:`Kernel`). It computes every stat of its family for a
whole :class:`~gridtrack.play.Chunk` of consecutive plays at once, writing each play's values
into that play's :class:`PlayResult` (play level, player-play level, or one value per player
per frame), and declares:

* ``family`` and the stats it writes, each registered with :meth:`Registry.add` with its
  level, unit and formula, written once;
* the plays each stat applies to (``applies_to``), enforced by the engine: a value a kernel
  writes for a play its stat does not apply to is dropped;
* ``needs``: the roles (:data:`gridtrack.play.ROLES`), phases
  (:data:`gridtrack.play.PHASES`) and other stats it reads (a name is a role or a phase
  before it is a stat). A role it does not declare raises
  :class:`~gridtrack.errors.DefinitionError` when read; a stat it needs is computed with it
  whenever it is selected;
* ``causal``: whether its value at frame ``t`` needs only frames ≤ ``t`` (the live engine can
  then emit it every frame) or the whole play.

A kernel written for one play, ``fn(ctx, result)``, is lifted to the batch form by
:func:`per_play`:

>>> registry = Registry()
>>> def spread(ctx, out):
...     out.play["offense_spread"] = float(np.nanmax(ctx.arr.y[ctx.start, ctx.offense])
...                                        - np.nanmin(ctx.arr.y[ctx.start, ctx.offense]))
>>> kernel = registry.family("spread", per_play(spread))
>>> registry.add("offense_spread", "play", "yd", "spread", "max y − min y of the offense")
... # doctest: +ELLIPSIS
StatDef(name='offense_spread', level='play', unit='yd', ...)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from gridtrack.errors import DefinitionError, UnknownNameError
from gridtrack.play import PHASES, ROLES, Chunk, PlayContext

Level = Literal["play", "player_play", "frame"]
AppliesTo = Literal["pass", "run", "special_teams", "all"]
LEVELS: tuple[str, ...] = ("play", "player_play", "frame")
APPLIES: tuple[str, ...] = ("pass", "run", "special_teams", "all")
UNITS = frozenset({"yd", "s", "yd/s", "yd/s^2", "deg", "count", "flag", "ratio"})
"""The units a stat may have (``flag`` is 0/1, ``count`` a number of players or events)."""


@dataclass
class PlayResult:
    """What the kernels computed for one play: play-level values, per-player ``(P,)``
    arrays, and per-player-per-frame ``(F, P)`` arrays (frame stats)."""

    play: dict[str, float] = field(default_factory=dict)
    player: dict[str, np.ndarray] = field(default_factory=dict)
    frame: dict[str, np.ndarray] = field(default_factory=dict)


BatchRun = Callable[[Chunk, "list[PlayResult]"], None]
"""A kernel's computation: every play of the chunk, each into its result."""


def per_play(fn: Callable[[PlayContext, PlayResult], None]) -> BatchRun:
    """Lift a kernel written for one play to the batch form (one call per play)."""

    def run(chunk: Chunk, results: list[PlayResult]) -> None:
        for ctx, result in zip(chunk.contexts, results, strict=True):
            fn(ctx, result)

    run.__doc__ = fn.__doc__
    return run


@dataclass(frozen=True)
class Kernel:
    """One family's computation and what it declares (see the module notes)."""

    family: str
    run: BatchRun
    needs: frozenset[str]
    causal: bool

    @property
    def stats(self) -> frozenset[str]:
        """The stats among :attr:`needs` (a need that names a role or a phase is one)."""
        return self.needs - ROLES.keys() - set(PHASES)


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
        one of :data:`UNITS`.
    family
        the family whose kernel computes it.
    definition
        one line with the formula.
    applies_to
        the plays it is meant for: ``pass``, ``run``, ``special_teams`` or ``all``; the
        engine keeps its values on those plays only.
    kernel
        the kernel that computes it.
    note
        why the stat may legitimately be null on some plays it applies to.
    """

    name: str
    level: Level
    unit: str
    family: str
    definition: str
    applies_to: AppliesTo
    kernel: Kernel
    note: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.level, self.name)

    @property
    def needs(self) -> frozenset[str]:
        """What its kernel reads: roles, phases, other stats."""
        return self.kernel.needs

    @property
    def causal(self) -> bool:
        """Whether its value at frame ``t`` needs only frames ≤ ``t``."""
        return self.kernel.causal


class Registry:
    """Stat definitions by (level, name), and kernels by family in registration order."""

    def __init__(self) -> None:
        self._defs: dict[tuple[str, str], StatDef] = {}
        self._kernels: dict[str, Kernel] = {}
        self._skipped: frozenset[tuple[str, str]] = frozenset()

    def family(
        self, name: str, run: BatchRun, *, needs: Iterable[str] = (), causal: bool = False
    ) -> Kernel:
        """Register the kernel of family ``name`` (once per family): ``run`` in the batch
        form (:func:`per_play` lifts a one-play kernel), what it ``needs`` (roles, phases,
        stats registered before it) and whether it is ``causal``."""
        if name in self._kernels:
            raise DefinitionError(f"family {name!r} registered twice")
        needs = frozenset(needs)
        stats = {d.name for d in self._defs.values()}
        unknown = sorted(needs - set(ROLES) - set(PHASES) - stats)
        if unknown:
            raise DefinitionError(
                f"family {name!r} needs {unknown}: not a role, a phase or a stat registered "
                "before it"
            )
        kernel = Kernel(name, run, needs, causal)
        self._kernels[name] = kernel
        return kernel

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
        if level not in LEVELS or applies_to not in APPLIES or unit not in UNITS:
            raise DefinitionError(
                f"{name}: bad level {level!r}, applies_to {applies_to!r} or unit {unit!r}"
            )
        kernel = self._kernels[family]
        levels = {d.level == "frame" for d in self._defs.values() if d.family == family}
        if levels and levels != {level == "frame"}:
            raise DefinitionError(f"{name}: a family's stats are all frame stats or none is")
        stat = StatDef(name, level, unit, family, definition, applies_to, kernel, note)
        if stat.key in self._defs:
            raise DefinitionError(f"stat {stat.key} registered twice")
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
        raise UnknownNameError(
            f"no stat named {name!r}" + (f" at level {level!r}" if level else "")
        )

    def names(self, level: str) -> list[str]:
        """Names registered at ``level``, in registration order."""
        return [d.name for d in self._defs.values() if d.level == level]

    def subset(self, families: Iterable[str]) -> Registry:
        """A registry with only the stats and kernels of ``families`` and of the stats
        they need (kept in registration order)."""
        wanted = set(families)
        unknown = wanted - set(self._kernels)
        if unknown:
            raise UnknownNameError(
                f"no stat family named {sorted(unknown)}; families: {list(self._kernels)}"
            )
        for kernel in reversed(self._kernels.values()):  # needs come before their users
            if kernel.family in wanted:
                wanted |= {d.family for d in self._defs.values() if d.name in kernel.stats}
        out = Registry()
        out._kernels = {f: k for f, k in self._kernels.items() if f in wanted}
        out._defs = {k: d for k, d in self._defs.items() if d.family in wanted}
        return out

    def select(self, names: Iterable[str]) -> Registry:
        """A registry that computes only the stats ``names`` (play or player-play level; a
        name registered at both levels selects both).

        The kernels of their families (and of the stats those need) run; what they compute
        for other stats is left out of the results (:meth:`skipped`), and a kernel may skip
        work no selected stat needs (:meth:`gridtrack.play.Chunk.wants`). A selected stat
        comes with the stats its kernel needs.
        """
        wanted = set(names)
        keys = {k for k in self._defs if k[1] in wanted and k[0] != "frame"}
        missing = wanted - {name for _, name in keys}
        if missing:
            frame = sorted(n for n in missing if ("frame", n) in self._defs)
            hint = f" ({', '.join(frame)}: frame stats, see frame_stats)" if frame else ""
            raise UnknownNameError(f"no play or player-play stat named {sorted(missing)}{hint}")
        out = self.subset({self._defs[k].family for k in keys})
        needed = {n for k in out._kernels.values() for n in k.stats}
        keep = keys | {k for k in out._defs if k[1] in needed}
        out._skipped = frozenset(out._defs.keys() - keep)
        out._defs = {k: d for k, d in out._defs.items() if k in keep}
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

    def kernels(self, frame: bool = False) -> list[Kernel]:
        """The kernels of the stored stats (play and player-play levels), or with ``frame``
        those of the frame stats, in registration order."""
        families = {d.family for d in self._defs.values() if (d.level == "frame") == frame}
        return [k for f, k in self._kernels.items() if f in families]


REGISTRY = Registry()
"""The catalogue: every family module registers its kernel and stats on import."""
