"""relu's gradient, g * sign(ans), in fewer passes on numpy float32/float64 (a leaf: it
registers nothing; ops/elementwise.py's relu uses it as its vjp and into_ans).

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
40 (the old in-place ceil, minimum, multiply) -> 21 us.
"""
from __future__ import annotations

import numpy as np

FAST_MIN_SIZE = 1024       # below this, the extra calls cost more than sign's loop saves
_FAST_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


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
