"""Property tests against numpy: broadcasting arithmetic, reductions and indexing agree on
values and shapes for random shapes and data (float32, as MXNet computes)."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ndsh import nd

# no subnormals: CuPy's float32 kernels on a GPU treat them as zero (0 < 5e-40 is False there)
FLOATS = st.floats(-100, 100, allow_nan=False, allow_subnormal=False, width=32)
settings.register_profile("ndsh", max_examples=60, deadline=None)
settings.load_profile("ndsh")


@st.composite
def broadcastable_pair(draw):
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=1, max_dims=4,
                                                    min_side=1, max_side=4))
    a = draw(hnp.arrays(np.float32, shapes.input_shapes[0], elements=FLOATS))
    b = draw(hnp.arrays(np.float32, shapes.input_shapes[1], elements=FLOATS))
    return a, b


OPERATORS = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "maximum": lambda a, b: np.maximum(a, b) if isinstance(a, np.ndarray) else nd.maximum(a, b),
}


@given(broadcastable_pair(), st.sampled_from(sorted(OPERATORS)))
def test_broadcasting_arithmetic_matches_numpy(pair, name):
    a, b = pair
    got = OPERATORS[name](nd.array(a), nd.array(b))
    want = OPERATORS[name](a, b)
    assert got.shape == want.shape
    assert got.dtype == np.float32
    np.testing.assert_allclose(got.asnumpy(), want, rtol=1e-6, atol=1e-6)


@given(broadcastable_pair())
def test_comparisons_are_zero_one_in_the_operand_dtype(pair):
    a, b = pair
    got = nd.array(a) < nd.array(b)
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got.asnumpy(), (a < b).astype(np.float32))


@st.composite
def array_and_axis(draw):
    a = draw(hnp.arrays(np.float32, hnp.array_shapes(min_dims=1, max_dims=4, max_side=5),
                        elements=FLOATS))
    axis = draw(st.none() | st.integers(-a.ndim, a.ndim - 1))
    return a, axis


@given(array_and_axis(), st.sampled_from(["sum", "mean", "max", "min", "prod"]),
       st.booleans())
def test_reductions_match_numpy(case, name, keepdims):
    a, axis = case
    if name == "prod":
        a = np.clip(a, -2, 2)
    with np.errstate(over="ignore"):    # large float32 sums and products reach inf, alike
        got = getattr(nd.array(a), name)(axis=axis, keepdims=keepdims)
        want = np.asarray(getattr(np, name)(a, axis=axis, keepdims=keepdims))
    if want.ndim == 0:
        want = want.reshape(1)      # MXNet: a full reduction has shape (1,)
    assert got.shape == want.shape
    np.testing.assert_allclose(got.asnumpy(), want, rtol=2e-4, atol=1e-3)


@st.composite
def basic_index(draw):
    a = draw(hnp.arrays(np.float32, hnp.array_shapes(min_dims=1, max_dims=3, max_side=5),
                        elements=FLOATS))
    key = draw(hnp.basic_indices(a.shape, allow_ellipsis=True, allow_newaxis=True))
    return a, key


@given(basic_index())
def test_basic_indexing_matches_numpy_except_scalars_are_1d(case):
    a, key = case
    got = nd.array(a)[key]
    want = np.asarray(a[key])
    if want.ndim == 0:
        want = want.reshape(1)      # MXNet: x[i, j] has shape (1,)
    assert got.shape == want.shape
    np.testing.assert_array_equal(got.asnumpy(), want)


@given(hnp.arrays(np.float32, st.tuples(st.integers(1, 6), st.integers(1, 4)), elements=FLOATS),
       st.data())
def test_integer_array_indexing_and_take_match_numpy(a, data):
    rows = data.draw(st.lists(st.integers(0, a.shape[0] - 1), min_size=1, max_size=6))
    np.testing.assert_array_equal(nd.array(a)[rows].asnumpy(), a[rows])
    np.testing.assert_array_equal(nd.array(a)[nd.array(rows)].asnumpy(), a[rows])
    np.testing.assert_array_equal(nd.take(nd.array(a), nd.array(rows)).asnumpy(), a[rows])


@given(basic_index(), FLOATS)
def test_setitem_matches_numpy(case, value):
    a, key = case
    x = nd.array(a)
    x[key] = value
    expected = a.copy()
    expected[key] = value
    np.testing.assert_array_equal(x.asnumpy(), expected)
