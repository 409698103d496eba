"""relu's gradient, g * sign(ans), and its values, max(x, 0), in vectorised passes on numpy
float32/float64 (a leaf: it registers nothing; ops/elementwise.py's relu uses it as its vjp,
into_ans, forward and in-place forward; ops/activation.py's Activation relu uses relu_grad on
float64 and relu_with_zeros, its NaN-to-0 forward, on float32).

numpy's sign, and its NaN-propagating minimum/maximum against a scalar, are scalar loops (about
27 and 26 us on a (256, 256) float32 array), while ceil, clip, multiply, and maximum between two
contiguous arrays are vectorised (5, 9, 9 and 9 us). For
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
40 (the old in-place ceil, minimum, multiply) -> 21 us; its forward 25 -> 12 us (relu_values
as clip + 0, fba0b4c) -> 9.4 us (maximum against zeros_like's array, which also keeps
signalling NaNs as maximum(x, 0) does).
"""
from __future__ import annotations

import numpy as np

FAST_MIN_SIZE = 1024       # below this, the extra calls cost more than sign's loop saves
_FAST_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))
_ZERO = {dtype: np.zeros((), dtype) for dtype in _FAST_DTYPES}
for _constant in _ZERO.values():
    _constant.flags.writeable = False


def takes_fast_values(x) -> bool:
    """Whether relu_values may compute relu(x): numpy float32/float64, FAST_MIN_SIZE or more.

    Example:
        >>> takes_fast_values(np.ones(4096, np.float32)), takes_fast_values(np.ones(4))
        (True, False)
    """
    return x.__class__ is np.ndarray and x.size >= FAST_MIN_SIZE and x.dtype in _FAST_DTYPES


def relu_values(x, out=None):
    """max(x, 0) (into `out` if given; x itself may be out): numpy's maximum against a whole
    array of zeros when x is C-contiguous, against a 0-d zero otherwise.

    Fast path (relu's forward on large numpy float32/float64 data): numpy vectorises maximum
    only between two contiguous arrays; against the scalar 0 it runs a scalar loop (25 us on
    (256, 256) float32, 9.4 against zeros_like's array). Safe: the same comparison with +0
    for every value, so maximum(x, 0)'s bits: -0.0 gives +0, NaNs keep their payloads,
    signalling ones too, and no flag is raised (tests/engine/test_speed_relu_grad.py and
    test_speed_activation.py compare the bits). It replaces clip(x, 0, inf) + 0 (fba0b4c),
    which quieted a signalling NaN and raised invalid on it (a RuntimeWarning from nd.relu).
    Strided data takes maximum's scalar loop, as before fba0b4c.

    Example:
        >>> relu_values(np.array([-1.0, -0.0, 2.0, np.nan]))
        array([ 0.,  0.,  2., nan])
    """
    if not x.flags.c_contiguous:
        return np.maximum(x, _ZERO[x.dtype], out=out)
    if x.size <= ZEROS_MAX:
        return np.maximum(x, zeros_like(x), out=out)
    if out is None:
        out = np.empty_like(x)
    flat, flat_out, zeros = x.reshape(-1), out.reshape(-1), zeros_like(x.reshape(-1)[:ZEROS_MAX])
    for start in range(0, flat.size, ZEROS_MAX):      # ZEROS_MAX values at a time
        part = flat[start:start + ZEROS_MAX]
        np.maximum(part, zeros[:part.size], out=flat_out[start:start + ZEROS_MAX])
    return out


# A read-only flat zero buffer per dtype, ZEROS_MAX values, made on first use: a private
# anonymous memory map, never written, so every page of it is the kernel's one shared zero
# page: it costs address space, no memory (reading all 16 MiB of the float32 one leaves the
# RSS as it was; a calloc'd numpy buffer is zeroed memory whenever calloc reuses heap, and
# counted by tracemalloc), and reading it stays in cache whatever its length.
ZEROS_MAX = 1 << 22
_ZEROS: dict = {}


def _zero_buffer(dtype):
    import mmap
    if hasattr(mmap, "MAP_PRIVATE"):   # private: a shared anonymous map is shmem, real pages
        memory = mmap.mmap(-1, ZEROS_MAX * dtype.itemsize, flags=mmap.MAP_PRIVATE)
        buffer = np.frombuffer(memory, dtype)
    else:                              # Windows: numpy's zeros (calloc)
        buffer = np.zeros(ZEROS_MAX, dtype)
    buffer.flags.writeable = False
    _ZEROS[dtype] = buffer
    return buffer


def zeros_like(x):
    """A read-only array of zeros of x's shape and dtype (at most ZEROS_MAX values): a view of
    the shared zero buffer.

    Example:
        >>> z = zeros_like(np.ones((2, 3), np.float32)); z.shape, z.flags.writeable, z.sum()
        ((2, 3), False, np.float32(0.0))
    """
    buffer = _ZEROS.get(x.dtype)
    if buffer is None:
        buffer = _zero_buffer(x.dtype)
    return buffer[:x.size].reshape(x.shape)


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
