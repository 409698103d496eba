"""Bit-for-bit comparison for the fast-path tests: a fast path that claims the general path's
results must give the same bits (the sign of zero, NaN payloads), not just equal values."""
import numpy as np

# the unsigned integer type of each float size, to view a float array's bits
UINT = {2: np.uint16, 4: np.uint32, 8: np.uint64}


def assert_same_bits(a, b, both_nan=None):
    """a and b have the same dtype, shape and bits, except where the mask `both_nan` is set:
    there both must be NaN (which NaN numpy's multiply returns for two NaN operands depends on
    its loop)."""
    assert a.dtype == b.dtype and a.shape == b.shape
    bits = UINT[a.dtype.itemsize]
    if both_nan is not None:
        assert np.isnan(a[both_nan]).all() and np.isnan(b[both_nan]).all()
        a, b = np.where(both_nan, 0, a), np.where(both_nan, 0, b)
    np.testing.assert_array_equal(a.view(bits), b.view(bits))
