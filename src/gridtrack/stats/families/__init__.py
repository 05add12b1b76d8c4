"""Family kernels; importing this package registers them, in this order."""

from gridtrack.stats.families import (  # noqa: F401
    contact,
    coverage,
    frame,
    kinematics,
    pass_context,
    pass_rush,
    passing,
    position,
    receiving,
    rushing,
    shape,
    special_teams,
)
