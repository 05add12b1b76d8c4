"""The ``gridtrack`` command: a thin layer over the library (no logic of its own).

Each group of commands lives in its own module and registers itself on :data:`app`.
"""

from gridtrack.cli import data, models, quality, run, sim, stats, viz  # noqa: F401  (registers the commands)
from gridtrack.cli._app import app

__all__ = ["app"]
