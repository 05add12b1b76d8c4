"""The stat catalogue: a registry of definitions and the vectorized kernels behind them.

>>> from gridtrack.stats import REGISTRY, compute_stats     # doctest: +SKIP
>>> stats_play, stats_player_play = compute_stats(tracking, plays, key_frames, players)
"""

from gridtrack.stats import families  # noqa: F401  (registers the kernels)
from gridtrack.stats.arrays import PlayArrays, play_arrays
from gridtrack.stats.compute import compute_play, compute_plays, compute_stats
from gridtrack.stats.context import PHASES, PlayContext, PlayResult
from gridtrack.stats.frames import frame_stats
from gridtrack.stats.registry import REGISTRY, Registry, StatDef

__all__ = [
    "PHASES",
    "REGISTRY",
    "PlayArrays",
    "PlayContext",
    "PlayResult",
    "Registry",
    "StatDef",
    "compute_play",
    "compute_plays",
    "compute_stats",
    "frame_stats",
    "play_arrays",
]
