"""The stat catalogue: a registry of definitions and the vectorized kernels behind them.

>>> from gridtrack.stats import REGISTRY
>>> stat = REGISTRY.get("time_to_throw")
>>> stat.unit, stat.applies_to, stat.causal, sorted(stat.needs)
('s', 'pass', False, ['passer', 'rushers', 'target'])
>>> play, player_play = compute_stats(tracking, plays, key_frames, players)  # doctest: +SKIP
"""

from gridtrack.play import PHASES, PlayArrays, PlayContext, StatsConfig, play_arrays
from gridtrack.stats import families  # noqa: F401  (registers the kernels)
from gridtrack.stats.compute import compute_plays, compute_stats, run_kernels
from gridtrack.stats.frames import frame_stats
from gridtrack.stats.registry import REGISTRY, Kernel, PlayResult, Registry, StatDef, per_play

__all__ = [
    "PHASES",
    "REGISTRY",
    "PlayArrays",
    "PlayContext",
    "Kernel",
    "PlayResult",
    "Registry",
    "StatDef",
    "StatsConfig",
    "compute_plays",
    "compute_stats",
    "frame_stats",
    "per_play",
    "play_arrays",
    "run_kernels",
]
