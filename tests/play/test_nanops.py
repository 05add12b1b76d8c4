"""The fast NaN reductions of ``gridtrack.stats.nanops`` give numpy's values bit for bit."""

from __future__ import annotations

import functools
import warnings

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gridtrack.play import DT, gradient, nanops


def _array(seed: int, shape: tuple[int, ...], nan_share: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    values = rng.normal(20.0, 15.0, size=shape)
    values[rng.random(shape) < nan_share] = np.nan
    return values


SHAPES = st.tuples(st.integers(1, 40), st.integers(1, 25))
SHARES = st.sampled_from([0.0, 0.1, 0.5, 1.0])


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), shape=SHAPES, share=SHARES)
def test_reductions_match_numpy(seed: int, shape: tuple[int, int], share: float) -> None:
    # arrange
    values = _array(seed, shape, share)
    pairs = [
        (nanops.nanmax, np.nanmax),
        (nanops.nanmin, np.nanmin),
        (nanops.nansum, np.nansum),
        (nanops.nanmean, np.nanmean),
    ]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        for ours, numpys in pairs:
            for axis in (None, 0, 1):
                # act
                got, want = ours(values, axis=axis), numpys(values, axis=axis)
                # assert
                assert np.array_equal(got, want, equal_nan=True), (ours.__name__, axis)
        assert np.array_equal(nanops.nanstd(values[0]), np.nanstd(values[0]), equal_nan=True)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 30), share=SHARES)
def test_argmin_where_matches_nanargmin(seed: int, n: int, share: float) -> None:
    # arrange
    values = _array(seed, (n,), share)
    mask = np.random.default_rng(seed + 1).random(n) < 0.6
    masked = np.where(mask, values, np.nan)
    want = int(np.nanargmin(masked)) if np.isfinite(masked).any() else None
    # act
    got = nanops.argmin_where(values, mask)
    # assert
    assert got == want


def test_empty_axis_gives_nan() -> None:
    assert np.isnan(nanops.nanmin(np.zeros((3, 0)), axis=1)).all()
    assert np.isnan(nanops.nanmax(np.zeros((3, 0)), axis=1)).all()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), shape=SHAPES)
def test_gradient_matches_numpy(seed: int, shape: tuple[int, int]) -> None:
    values = _array(seed, shape, 0.1)
    if shape[0] < 2:
        assert np.isnan(gradient(values)).all()
    else:
        assert np.array_equal(gradient(values), np.gradient(values, DT, axis=0), equal_nan=True)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), shape=SHAPES, share=SHARES)
def test_member_moments_match_each_row_alone(
    seed: int, shape: tuple[int, int], share: float
) -> None:
    # arrange
    values = _array(seed, shape, share)
    members = np.random.default_rng(seed + 1).random(shape) < 0.5
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        # act
        mean, std = nanops.member_moments(values, members)
        # assert
        for row, mask, got_mean, got_std in zip(values, members, mean, std, strict=True):
            kept = row[mask]
            want_mean = nanops.nanmean(kept) if kept.size else np.nan
            want_std = nanops.nanstd(kept) if kept.size else np.nan
            assert np.array_equal(got_mean, want_mean, equal_nan=True)
            assert np.array_equal(got_std, want_std, equal_nan=True)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), shape=SHAPES, share=SHARES)
def test_reduce_rows_matches_each_range_alone(
    seed: int, shape: tuple[int, int], share: float
) -> None:
    # arrange
    values = _array(seed, shape, share)
    rng = np.random.default_rng(seed + 2)
    lo = rng.integers(0, shape[0], 12)
    hi = np.minimum(lo + rng.integers(-1, shape[0], 12), shape[0] - 1)
    # act
    sums = nanops.reduce_rows(np.add, (np.nan_to_num(values), values > 20), lo, hi)
    maxima = nanops.reduce_rows(np.fmax, (values,), lo, hi)[0]
    # assert: sums add the rows one after the other
    for k, (first, last) in enumerate(zip(lo, hi, strict=True)):
        part = values[first : last + 1]
        want_sum = functools.reduce(np.add, np.nan_to_num(part), np.zeros(shape[1]))
        want_max = nanops.nanmax(part, axis=0) if part.size else np.full(shape[1], np.nan)
        assert np.array_equal(sums[0, k], want_sum)
        assert np.array_equal(sums[1, k], np.count_nonzero(part > 20, axis=0))
        assert np.array_equal(maxima[k], want_max, equal_nan=True)
