"""What the normalisation ops share (norm_batch.py, norm_group.py, norm_scale.py): numpy's
floating-point warnings off where inf and NaN are answers, their dtype checks and the dtype they
compute in, the refusal of create_graph=True, and `_statistic`, the recorded op for the
statistics a layer returns beside its result (output_mean_var=True; `_with_statistics`).
"""
from __future__ import annotations

import functools

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.diff import DIFF
from ndsh.engine.graph import STATE, AutogradError
from ndsh.engine.mxnet_errors import TypeError
from ndsh.engine.ndarray import new_array

# inf and NaN are answers here (eps=0 on a constant channel, 0 / 0), not news: MXNet is silent
_QUIET = {"divide": "ignore", "invalid": "ignore", "over": "ignore"}


def _quiet(fn):
    """Run a helper with numpy's floating-point warnings off (see _QUIET)."""
    @functools.wraps(fn)
    def quiet(*args, **kwargs):
        with np.errstate(**_QUIET):
            return fn(*args, **kwargs)
    return quiet


def _first_order_only(xp, op_name: str) -> None:
    """These vjps work on backend arrays; create_graph=True hands them recorded NDArrays."""
    if xp is DIFF:
        raise AutogradError(f"{op_name}: create_graph=True: its gradient has no recorded "
                            f"(higher-order) version in ndsh; differentiate it once")


def _require_float(op_name: str, data) -> None:
    if data.dtype.kind != "f":
        raise TypeError(f"{op_name}: works on float16, float32 or float64 data, and this array "
                        f"of shape {data.shape} is {data.dtype.name} (MXNet refuses it too): "
                        f"convert it with .astype('float32')")


def _compute_dtype(dtype):
    """float16 data is normalised in float32 (its parameters are float32, as in MXNet)."""
    return np.dtype(np.float32) if dtype == np.float16 else dtype


@op(nin=2, same_dtype=False, keeps=(), namespace="_internal", name="_statistic",
    vjp=(lambda xp, g, ans, value, result: None,
         lambda xp, g, ans, value, result: xp.broadcast_to(xp.zeros((), result.dtype),
                                                           result.shape)))
def _statistic(xp, value, result):
    """A statistic a normalisation returns beside its result (output_mean_var=True), recorded
    as coming from that result with a zero gradient: as in MXNet, no gradient flows through
    it, yet a backward from it runs the layer's backward (BatchNorm's updates the moving
    statistics there) and gives its inputs zero gradients.

    Example:
        >>> len(nd.BatchNorm(nd.ones((2, 2)), nd.ones(2), nd.zeros(2), nd.zeros(2),
        ...                  nd.ones(2), output_mean_var=True))
        3
    """
    return value


def _with_statistics(out, values, dtype) -> list:
    """[out, *statistics]: the backend arrays `values` as NDArrays of `dtype` beside the layer's
    result `out` (output_mean_var=True), recorded through _statistic while recording."""
    stats = [new_array(v.astype(dtype, copy=False), out.context) for v in values]
    if STATE.recording:
        stats = [_statistic(s, out) for s in stats]
    return [out, *stats]
