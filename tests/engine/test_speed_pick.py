"""nd.pick's flat fast path (ops/pick_index._flat_pick_index) against the general one
(take_along_axis / put_along_axis), bit for bit: values, gradients, shapes, for float and
out-of-range indices in both modes, keepdims, the axis spelled either way."""
import numpy as np
import pytest

from ndsh.engine import autograd, nd
from ndsh.engine.ops import index as index_ops
from ndsh.engine.ops import pick_index


def _pick_and_grad(data0, index0, **kwargs):
    data = nd.array(data0, dtype=data0.dtype)
    data.attach_grad()
    index = nd.array(index0, dtype=index0.dtype)
    with autograd.record():
        y = nd.pick(data, index, **kwargs)
    head = np.arange(1, y.size + 1, dtype=data0.dtype).reshape(y.shape) * -1.5
    y.backward(nd.array(head, dtype=data0.dtype))
    return y.asnumpy(), data.grad.asnumpy()


def _general(monkeypatch):
    monkeypatch.setattr(index_ops, "_flat_pick_index", lambda *args: None)
    monkeypatch.setattr(pick_index, "_flat_pick_index", lambda *args: None)


INDICES = np.array([0, 1, 2.9, -0.7, -3, 4, 9, 1e10, -1e10, 3.5, 2, 0.2], np.float64)


@pytest.mark.parametrize("shape, axis", [((12, 5), -1), ((12, 5), 1), ((3, 4, 5), 2),
                                         ((3, 4, 5), -1), ((12, 1), -1)])
@pytest.mark.parametrize("mode", ["clip", "wrap"])
@pytest.mark.parametrize("keepdims", [False, True])
def test_flat_pick_gives_the_general_bits(shape, axis, mode, keepdims, monkeypatch):
    rng = np.random.default_rng(0)
    cases = []
    for dtype, index_dtype in [(np.float32, np.float32), (np.float64, np.int64),
                               (np.float16, np.int32), (np.float32, np.float64)]:
        data0 = rng.standard_normal(shape).astype(dtype)
        data0.reshape(-1)[:3] = [np.nan, -0.0, np.inf]
        index0 = INDICES.astype(index_dtype) if index_dtype is not np.int32 \
            else np.clip(INDICES, -2 ** 31, 2 ** 31 - 1).astype(np.int32)
        cases.append((data0, index0.reshape(shape[:-1])))
    assert pick_index._flat_pick_index(cases[0][0], cases[0][1], axis, mode) is not None
    fast = [_pick_and_grad(d, i, axis=axis, mode=mode, keepdims=keepdims) for d, i in cases]
    _general(monkeypatch)
    general = [_pick_and_grad(d, i, axis=axis, mode=mode, keepdims=keepdims) for d, i in cases]
    for (fv, fg), (gv, gg) in zip(fast, general, strict=True):
        assert fv.shape == gv.shape and fv.dtype == gv.dtype and fg.dtype == gg.dtype
        np.testing.assert_array_equal(fv.view(np.uint8), gv.view(np.uint8))
        np.testing.assert_array_equal(fg.view(np.uint8), gg.view(np.uint8))


def test_an_index_of_another_shape_and_size_one_rows(monkeypatch):
    """An index with the right size but another shape picks row i with element i in C order,
    as the general path reads it."""
    data0 = np.arange(24, dtype=np.float32).reshape(6, 4)
    index0 = np.array([[0, 1, 2], [3, 2, 1]], np.float32)
    fast = _pick_and_grad(data0, index0)
    _general(monkeypatch)
    general = _pick_and_grad(data0, index0)
    for a, b in zip(fast, general, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(fast[0], [0, 5, 10, 15, 18, 21])


def test_other_layouts_take_the_general_path():
    data = np.ones((4, 5), np.float32)
    index = np.zeros(5, np.float32)
    assert pick_index._flat_pick_index(data, index, 0, "clip") is None          # not last
    assert pick_index._flat_pick_index(data.T, np.zeros(5), -1, "clip") is None  # strided
    # and nd.pick on a transposed view still gives numpy's answer
    picked = nd.pick(nd.array(data * np.arange(4)[:, None]).T, nd.array(index + 2))
    np.testing.assert_array_equal(picked.asnumpy(), np.full(5, 2, np.float32))
    flat = pick_index._flat_pick_index(data, np.array([7.9, -1, 2, 3]), -1, "wrap")
    np.testing.assert_array_equal(flat, [2, 9, 12, 18])       # 7 % 5, -1 % 5, + row starts
