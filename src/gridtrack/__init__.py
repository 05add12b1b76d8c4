"""gridtrack: an open engine for American-football player-tracking analytics.

>>> import gridtrack
>>> ds = gridtrack.read_tracking("tracking_week_1.csv")      # doctest: +SKIP
>>> ds.tracking.filter(pl.col("event") == "ball_snap")        # doctest: +SKIP
>>> lazy = gridtrack.scan_tracking("data/week1/")              # doctest: +SKIP
>>> lake = gridtrack.scan_lake("lake/")                        # doctest: +SKIP

``read_tracking`` reads everything at once; ``scan_tracking`` reads when a table is
collected. Errors: :mod:`gridtrack.errors` (every one a :class:`GridtrackError`).
"""

from gridtrack.errors import GridtrackError
from gridtrack.io.lake import scan_lake
from gridtrack.pipeline import ingest, read_tracking, run, scan_tracking
from gridtrack.schema import Dataset, SchemaError, validate

__version__ = "0.1.0"

__all__ = [
    "Dataset",
    "GridtrackError",
    "SchemaError",
    "__version__",
    "ingest",
    "read_tracking",
    "run",
    "scan_lake",
    "scan_tracking",
    "validate",
]
