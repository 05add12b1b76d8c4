"""The models gridtrack trains, by name: one :class:`~gridtrack.models.spec.ModelSpec` each.

A model is one module declaring its spec (features by stat name, label, task, prediction
columns, leaderboard roles) and one line here.
"""

from __future__ import annotations

from gridtrack.models import completion, yac
from gridtrack.models.spec import ModelSpec, Task

COMPLETION = completion.SPEC
YAC = yac.SPEC

MODELS: dict[str, ModelSpec] = {m.name: m for m in (COMPLETION, YAC)}


def get_model(name: str) -> ModelSpec:
    """The registered model ``name``; a clear error listing the known ones otherwise."""
    try:
        return MODELS[name]
    except KeyError:
        raise KeyError(f"unknown model {name!r}; known: {sorted(MODELS)}") from None


__all__ = ["COMPLETION", "MODELS", "YAC", "ModelSpec", "Task", "get_model"]
