"""Shared fixtures. Real tracking samples are found through ``GRIDTRACK_REAL_DATA``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def _real_data_root() -> Path | None:
    value = os.environ.get("GRIDTRACK_REAL_DATA")
    if value and Path(value).is_dir():
        return Path(value)
    return None


@pytest.fixture(scope="session")
def real_data() -> Path:
    """Root of the real samples (DESIGN.md §5): skip where absent, fail under CI."""
    root = _real_data_root()
    if root is None:
        message = (
            "real tracking samples not found: set GRIDTRACK_REAL_DATA to the shared data "
            "folder (the test command does this when ../shared/data exists)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return root
