"""``read_tracking`` reads at once, ``scan_tracking`` when collected (polars' naming)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

import gridtrack
from gridtrack.errors import ReadError
from gridtrack.schema import Dataset


def test_read_is_eager_and_scan_is_lazy(real_data: Path, tmp_path: Path) -> None:
    source = tmp_path / "bdb2023_sample"
    shutil.copytree(real_data / "bdb2023_sample", source)

    lazy = gridtrack.scan_tracking(source)
    eager = gridtrack.read_tracking(source)
    expected = lazy.collect()
    shutil.rmtree(source)  # the eager tables no longer need the files

    for name in Dataset.table_names():
        assert_frame_equal(getattr(eager, name).collect(), expected[name], check_row_order=False)
    assert expected["tracking"].height > 0
    with pytest.raises(ReadError, match="no such file or folder"):
        gridtrack.scan_tracking(source)
