"""gridtrack: an open engine for American-football player-tracking analytics.

>>> import gridtrack
>>> ds = gridtrack.read_tracking("tracking_week_1.csv")      # doctest: +SKIP
>>> ds.tracking.filter(pl.col("event") == "ball_snap")        # doctest: +SKIP
>>> lake = gridtrack.scan_lake("lake/")                        # doctest: +SKIP
"""

from gridtrack.io.lake import scan_lake
from gridtrack.pipeline import ingest, read_tracking
from gridtrack.schema import Dataset, SchemaError, validate

__version__ = "0.1.0"

__all__ = [
    "Dataset",
    "SchemaError",
    "__version__",
    "ingest",
    "read_tracking",
    "scan_lake",
    "validate",
]
