"""Quantization to 8-bit integers and back: nd.contrib.quantize and dequantize, computed as
MXNet 1.9.1's CPU build (oneDNN) computes them."""
from __future__ import annotations

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray, new_array

_CONTRIB = "nd.contrib"


_QUANTIZED = {"uint8": 255.0, "int8": 127.0}
_QUANTIZE_DEPARTS = ("The formulas of MXNet 1.9.1's CPU build (oneDNN): values out of range "
                     "saturate, ties round to even; MXNet's GPU kernels shift uint8 by "
                     "min_range and divide by 255 / 127 when dequantizing.")


def _described(value) -> str:
    if isinstance(value, NDArray):
        return f"an NDArray of shape {value.shape} and dtype {np.dtype(value.dtype).name}"
    return type(value).__name__


def _range_value(op_name: str, name: str, value) -> float:
    if not isinstance(value, NDArray) or value.size != 1 or value.dtype != np.float32:
        raise TypeError(f"{op_name}: {name} must be a one-element float32 NDArray, got "
                        f"{_described(value)}")
    return float(value.asscalar())


def quantize(data, min_range, max_range, out_type="uint8"):
    """Float32 values as 8-bit integers over the range [min_range, max_range]; returns
    [quantized, min, max], the range the integers stand for.

    int8 keeps zero at zero: q = round(x * 127 / m) with m = max(|min_range|, |max_range|), and
    the range returned is [-m, m]. uint8: q = round(x * 255 / m), the range returned is the one
    given. Values beyond the range saturate (as MXNet's CPU build computes them).

    Parameters:
        data: a float32 array.
        min_range: the smallest value expected, a one-element float32 NDArray.
        max_range: the largest value expected, a one-element float32 NDArray.
        out_type: 'uint8' or 'int8'.

    Example:
        >>> low, high = nd.array([0.0]), nd.array([1.0])
        >>> q, _, _ = nd.contrib.quantize(nd.array([0.14, 0.86]), low, high, out_type='int8'); q
        <BLANKLINE>
        [ 18 109]
        <NDArray 2 @cpu(0)>
    """
    if out_type not in _QUANTIZED:
        raise ValueError(f"quantize: out_type must be 'int8' or 'uint8', not {out_type!r}")
    if not isinstance(data, NDArray) or data.dtype != np.float32:
        raise TypeError(f"quantize: data must be a float32 NDArray, got {_described(data)}")
    low = _range_value("quantize", "min_range", min_range)
    high = _range_value("quantize", "max_range", max_range)
    xp, ctx = data.context.xp, data.context
    real = np.float32(max(abs(low), abs(high)))
    scale = np.float32(_QUANTIZED[out_type]) / real
    bounds = (0, 255) if out_type == "uint8" else (-128, 127)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        scaled = xp.clip(xp.rint(data._data * scale), *bounds)
    quantized = new_array(scaled.astype(out_type), ctx)
    if out_type == "int8":
        low, high = -real, real
    return [quantized, new_array(xp.asarray([low], dtype=np.float32), ctx),
            new_array(xp.asarray([high], dtype=np.float32), ctx)]


def dequantize(data, min_range, max_range, out_type="float32"):
    """8-bit integers from quantize back to float32 values: q * m / 127.5 for int8 and
    q * m / 255.5 for uint8, with m = max(|min_range|, |max_range|) (MXNet's CPU build).

    Parameters:
        data: a uint8 or int8 array.
        min_range: the smallest value the integers stand for, a one-element float32 NDArray.
        max_range: the largest value they stand for, a one-element float32 NDArray.
        out_type: 'float32', the only one.

    Example:
        >>> q = nd.array([18, 127], dtype='int8')
        >>> nd.contrib.dequantize(q, nd.array([-1.0]), nd.array([1.0]))
        <BLANKLINE>
        [0.14117648 0.99607843]
        <NDArray 2 @cpu(0)>
    """
    if out_type != "float32":
        raise ValueError(f"dequantize: out_type must be 'float32', not {out_type!r}")
    if not isinstance(data, NDArray) or np.dtype(data.dtype).name not in _QUANTIZED:
        raise TypeError(f"dequantize: data must be a uint8 or int8 NDArray, got "
                        f"{_described(data)}")
    low = _range_value("dequantize", "min_range", min_range)
    high = _range_value("dequantize", "max_range", max_range)
    quantized_range = np.float32(_QUANTIZED[np.dtype(data.dtype).name] + 0.5)
    scale = np.float32(max(abs(low), abs(high))) / quantized_range
    return new_array(data._data.astype(np.float32) * scale, data.context)


for _function in (quantize, dequantize):
    op(kind="function", grad=False, namespace=_CONTRIB, departs=_QUANTIZE_DEPARTS)(_function)
