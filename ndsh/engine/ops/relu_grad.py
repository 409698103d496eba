"""relu's gradient, g * sign(ans), and its values, max(x, 0), in vectorised passes on numpy
float32/float64 (a leaf: it registers nothing; ops/elementwise.py's relu uses it as its vjp,
into_ans, forward and in-place forward; ops/activation.py's Activation relu uses relu_grad on
float64 and relu_with_zeros, its NaN-to-0 forward, on float32).

numpy's sign and its NaN-propagating minimum/maximum are scalar loops (about 27 and 26 us on a
(256, 256) float32 array), while ceil, clip and multiply are vectorised (5, 9 and 9 us). For
relu's own result (+0, a positive number, +inf or NaN) sign is clip(ceil(ans), 0, 1): +0 -> +0,
anything positive -> 1 (ceil(1e-45) is 1), +inf -> 1, NaN -> the same NaN; so the gradient is
the same multiplication, g * m, with the same m, hence the same bits (-0.0, inf and NaN
included: tests/engine/test_speed_relu_grad.py; where g and ans are both NaN, which NaN comes
out is numpy's multiply's choice, which differs between its in-place and new-buffer loops
anyway). It relies on ans being relu's result: float32/float64 numpy maximum(x, 0) never gives
-0.0 (float16's does, and sign(-0.0) is +0 where ceil/clip keep -0.0: float16 takes the general
path), and the recorded result cannot be changed before the backward without the version check
refusing it.

d2l's MLP step (784-256-10, batch 256): the (256, 256) relu backward 36 us (sign, multiply) or
40 (the old in-place ceil, minimum, multiply) -> 21 us; its forward 25 -> 12 us (relu_values).
"""
from __future__ import annotations

import numpy as np

FAST_MIN_SIZE = 1024       # below this, the extra calls cost more than sign's loop saves
_FAST_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))
_ZERO = {dtype: np.zeros((), dtype) for dtype in _FAST_DTYPES}
_INF = {dtype: np.array(np.inf, dtype) for dtype in _FAST_DTYPES}
for _constant in (*_ZERO.values(), *_INF.values()):
    _constant.flags.writeable = False


def takes_fast_values(x) -> bool:
    """Whether relu_values may compute relu(x): numpy float32/float64, FAST_MIN_SIZE or more.

    Example:
        >>> takes_fast_values(np.ones(4096, np.float32)), takes_fast_values(np.ones(4))
        (True, False)
    """
    return x.__class__ is np.ndarray and x.size >= FAST_MIN_SIZE and x.dtype in _FAST_DTYPES


def relu_values(x, out=None):
    """max(x, 0) as clip(x, 0, inf) + 0 (into `out` if given; x itself may be out).

    Fast path (relu's forward on large numpy float32/float64 data): skips numpy's maximum, a
    NaN-propagating scalar loop (25 us on (256, 256) float32, 75 on (784, 256)), for two
    vectorised passes (12 and 34 us). Safe: clip gives maximum's bits everywhere but -0.0,
    which it keeps where maximum gives +0; adding +0 turns -0.0 into +0 and leaves every other
    value as it is (NaN payloads too), with no warnings either way
    (tests/engine/test_speed_relu_grad.py compares the bits).

    Example:
        >>> relu_values(np.array([-1.0, -0.0, 2.0, np.nan]))
        array([ 0.,  0.,  2., nan])
    """
    zero = _ZERO[x.dtype]
    out = np.clip(x, zero, _INF[x.dtype], out=out)
    return np.add(out, zero, out=out)


# A read-only flat zero buffer per dtype, grown to the largest array asked for (up to
# ZEROS_MAX values: 16 MiB of float32), never written. calloc'd: when its pages are fresh
# ones, as for a large buffer, they stay the kernel's shared zero page and cost no memory
# (relu of a (2048, 2048) float32 array: dropping the buffer leaves the RSS as it was); from
# reused heap memory calloc zeroes it, and it costs its size once.
ZEROS_MAX = 1 << 22
_ZEROS: dict = {}


def zeros_like(x):
    """A read-only array of zeros of x's shape and dtype: a view of the shared zero buffer.

    Example:
        >>> z = zeros_like(np.ones((2, 3), np.float32)); z.shape, z.flags.writeable, z.sum()
        ((2, 3), False, np.float32(0.0))
    """
    n = x.size
    buffer = _ZEROS.get(x.dtype)
    if buffer is None or buffer.size < n:
        buffer = np.zeros(max(n, FAST_MIN_SIZE), x.dtype)
        buffer.flags.writeable = False
        _ZEROS[x.dtype] = buffer
    return buffer[:n].reshape(x.shape)


def takes_zeros(x) -> bool:
    """Whether relu_with_zeros may compute Activation's relu of x: C-contiguous numpy
    float32 of FAST_MIN_SIZE to ZEROS_MAX values.

    Example:
        >>> takes_zeros(np.ones(4096, np.float32)), takes_zeros(np.ones(4096))
        (True, False)
    """
    return (x.__class__ is np.ndarray and x.dtype == np.float32
            and FAST_MIN_SIZE <= x.size <= ZEROS_MAX and x.flags.c_contiguous)


def relu_with_zeros(x):
    """where(x > 0, x, 0) on float32 (NaN to +0, MXNet's Activation relu), as
    fmax(x, zeros) + 0 with a whole array of zeros.

    Fast path (nd.Activation(act_type='relu') on large C-contiguous numpy float32, what
    Gluon's Dense(activation='relu') calls): numpy vectorises fmax only when both operands
    are contiguous arrays; against the scalar 0 it runs a scalar loop (23.6 us on (256, 256)
    float32, 9.6 against a zero array: the whole forward 30 -> 16 us). Safe: fmax compares
    each value with +0 either way (NaN -> +0, negatives -> +0, positives kept); only -0.0
    may come out as either zero, and + 0 makes it +0 as before
    (tests/engine/test_speed_activation.py compares the bits).

    Example:
        >>> relu_with_zeros(np.array([-1.0, -0.0, 2.0, np.nan], np.float32))
        array([0., 0., 2., 0.], dtype=float32)
    """
    out = np.fmax(x, zeros_like(x))
    return np.add(out, _ZERO[x.dtype], out=out)


def takes_fast_grad(g, ans) -> bool:
    """Whether relu_grad takes its fast path: numpy float32/float64 g and ans of one shape,
    FAST_MIN_SIZE values or more.

    Example:
        >>> a = np.ones(4096); takes_fast_grad(a, a), takes_fast_grad(a, a[:4])
        (True, False)
    """
    return _takes_fast(g, ans)


def _takes_fast(g, ans) -> bool:
    return (ans.__class__ is np.ndarray and g.__class__ is np.ndarray
            and ans.size >= FAST_MIN_SIZE and ans.dtype in _FAST_DTYPES
            and g.dtype == ans.dtype and g.shape == ans.shape)


def _sign_of_relu_(m):
    """sign(m) in place for m = ceil(relu's result): clip to [0, 1] (see the module's note)."""
    return np.clip(m, 0, 1, out=m)


def relu_grad(xp, g, ans, x):
    """relu's vjp, g * sign(ans), into a new buffer.

    Fast path (relu_grad's numpy float32/float64 branch): skips sign's scalar loop and the
    separate product buffer; ceil, clip and multiply write one new buffer. Safe: see the
    module's note; other backends, dtypes, shapes and small arrays take g * sign(ans).

    Example:
        >>> relu_grad(np, np.full(4, 2.0), np.array([0.0, 0.5, 3.0, np.inf]), None)
        array([0., 2., 2., 2.])
    """
    if _takes_fast(g, ans):
        m = _sign_of_relu_(np.ceil(ans))
        return np.multiply(g, m, out=m)
    return g * xp.sign(ans)


def relu_grad_into_ans(xp, g, ans, x):
    """relu's vjp written into ans, its result's buffer (the backward hands it over when
    nothing else holds it): the same bits as relu_grad.

    Example:
        >>> ans = np.array([0.0, 0.5, 3.0])
        >>> relu_grad_into_ans(np, np.full(3, 2.0), ans, None) is ans
        True
    """
    if ans.__class__ is np.ndarray and ans.dtype in _FAST_DTYPES and g.shape == ans.shape \
            and g.dtype == ans.dtype:
        np.ceil(ans, out=ans)
        return np.multiply(g, _sign_of_relu_(ans), out=ans)
    # the general sign: float16 (whose relu can give -0.0), other backends
    return xp.multiply(g, xp.sign(ans), out=ans)
