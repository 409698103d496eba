"""float16 BatchNorm (ndsh/engine/ops/norm_half.py): the table conversion gives astype's bits
for every float16 pattern, and the backward's float32 copy kept by the forward gives the same
gradients as converting the data again."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.ops import norm_batch as NB
from ndsh.engine.ops import norm_half as H

RNG = np.random.default_rng(23)


def test_every_float16_pattern_converts_to_astypes_bits():
    """All 65536 patterns (NaN payloads, infinities, subnormals, -0.0), in a length that is
    not a multiple of CHUNK, shuffled."""
    bits = np.concatenate([np.arange(1 << 16), RNG.integers(0, 1 << 16, 1000)])
    half = RNG.permutation(bits).astype(np.uint16).view(np.float16).reshape(-1, 8)
    got = H.to_float32(half)
    assert got.shape == half.shape and got.dtype == np.float32
    np.testing.assert_array_equal(got.view(np.uint32), half.astype(np.float32).view(np.uint32))


def test_small_and_strided_arrays_take_astype():
    small = np.array([1.5, -0.0, np.inf], np.float16)
    np.testing.assert_array_equal(H.to_float32(small), small.astype(np.float32))
    strided = RNG.standard_normal((300, 500)).astype(np.float16)[:, ::2]
    np.testing.assert_array_equal(H.to_float32(strided), strided.astype(np.float32))
    single = RNG.standard_normal((30, 50)).astype(np.float32)[:, ::2]
    assert H.work_copy(single, np.float32) is single                          # no copy


@pytest.mark.parametrize("shape", [(8, 16, 32, 32), (4096, 24)], ids=["4-D", "rows"])
def test_the_kept_float32_copy_gives_the_same_gradients(shape, monkeypatch):
    """Large enough for the table; the backward without the kept copy (work_data None)
    converts the data again: the same bits either way, one conversion more."""
    c = shape[1]
    x = RNG.standard_normal(shape).astype(np.float16)
    head = RNG.standard_normal(shape).astype(np.float16)
    grads, conversions = [], []
    convert = H.to_float32
    monkeypatch.setattr(H, "to_float32", lambda a: conversions.append(a.shape) or convert(a))
    for keep in (True, False):
        if not keep:
            monkeypatch.setattr(NB._Saved, "work_data", _Unkept())
        xs = nd.array(x, dtype="float16")
        gamma = nd.array(RNG.uniform(0.5, 2, c) if keep else grads[0][2], dtype="float32")
        for a in (xs, gamma):
            a.attach_grad()
        with autograd.record():
            y = nd.BatchNorm(xs, gamma, nd.zeros(c), nd.zeros(c), nd.ones(c),
                             fix_gamma=False)
        y.backward(nd.array(head, dtype="float16"))
        grads.append((y.asnumpy(), xs.grad.asnumpy(), gamma.asnumpy(), gamma.grad.asnumpy()))
    assert grads[0][1].dtype == np.float16
    assert conversions == [shape] * 5           # kept: data, head; unkept: data, data, head
    for kept, again in zip(*grads):
        np.testing.assert_array_equal(kept, again)


class _Unkept:
    """_Saved.work_data that stays None whatever the forward assigns."""

    def __get__(self, obj, kind=None):
        return None

    def __set__(self, obj, value):
        pass

