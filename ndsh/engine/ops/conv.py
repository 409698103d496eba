"""The convolution layers: Convolution and Deconvolution (transposed convolution), 1-D, 2-D and
3-D, as MXNet 1.9.1 defines them: its arguments, defaults, strict input counting (a bias
exactly when no_bias is False), shape and dtype checks. Each is a function op that checks its
arguments and runs one primitive in _internal, whose forward and gradients are in
ops/conv_kernels.py (im2col and one matrix product; col2im for the transposed direction).
"""
from __future__ import annotations

import numpy as np

from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray
from ndsh.engine.ops import conv_kernels as kernels

_LAYOUTS = {1: "NCW", 2: "NCHW", 3: "NCDHW"}
_CHANNELS_LAST = {"NWC", "NHWC", "NDHWC"}


# ----- arguments, checked as MXNet checks them --------------------------------------------
def shape_param(op_name: str, name: str, value) -> tuple:
    """A Shape(tuple) argument as a tuple of ints: () for None or (), (k,) for an int."""
    if value is None:
        return ()
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return (int(value),)
    try:
        items = tuple(value)
    except TypeError:
        items = None
    if items is None or not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool)
                                for v in items):
        raise TypeError(f"{op_name}: {name} must be an int or a tuple of ints, like (3, 3), "
                        f"not {value!r}")
    return tuple(int(v) for v in items)


def int_param(op_name: str, name: str, value, low: int = 0) -> int:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
        raise TypeError(f"{op_name}: {name} must be an int, not {value!r}")
    if value < low:
        raise ValueError(f"{op_name}: {name} must be at least {low}, not {value}")
    return int(value)


def spatial_params(op_name: str, kernel, stride, dilate, pad, layout, data) -> tuple:
    """(kernel, stride, dilate, pad) with MXNet's defaults (1, 1, 0 per axis), checked against
    each other, the layout and the data's rank."""
    kernel = shape_param(op_name, "kernel", kernel)
    if not kernel:
        raise ValueError(f"{op_name}: kernel is required: the window's size, e.g. kernel=(3, 3) "
                         f"for 2-D images, (3,) for 1-D, (3, 3, 3) for 3-D")
    n = len(kernel)
    if n > 3:
        raise ValueError(f"{op_name}: kernel {kernel} has {n} dimensions; 1, 2 or 3 are "
                         f"supported")
    given = {"stride": shape_param(op_name, "stride", stride),
             "dilate": shape_param(op_name, "dilate", dilate),
             "pad": shape_param(op_name, "pad", pad)}
    for name, values in given.items():
        if values and len(values) != n:
            raise ValueError(f"{op_name}: {name} {values} must have as many dimensions as "
                             f"kernel {kernel}")
    stride = given["stride"] or (1,) * n
    dilate = given["dilate"] or (1,) * n
    pad = given["pad"] or (0,) * n
    if min(kernel) < 1 or min(stride) < 1 or min(dilate) < 1 or min(pad) < 0:
        raise ValueError(f"{op_name}: kernel {kernel}, stride {stride} and dilate {dilate} must "
                         f"be positive and pad {pad} not negative")
    check_layout(op_name, layout, n, data)
    return kernel, stride, dilate, pad


def check_layout(op_name: str, layout, n: int, data) -> None:
    """The data's rank must be 2 + the kernel's dimensions, in the channels-first layout."""
    default = _LAYOUTS[n]
    if layout is not None and layout != default:
        if layout in _CHANNELS_LAST:
            raise ValueError(f"{op_name}: layout {layout!r} is not supported on the CPU (MXNet "
                             f"1.9.1's CPU kernels fail on it too): use {default!r}, e.g. "
                             f"data.transpose(...) to channels-first")
        raise ValueError(f"{op_name}: layout {layout!r} does not fit a {n}-D kernel: use "
                         f"{default!r} (or leave layout out)")
    if data.ndim != n + 2:
        raise ValueError(f"{op_name}: a {n}-D kernel needs {n + 2}-D data ({default}: batch, "
                         f"channel, {n} spatial axes), and the data has shape {data.shape}")


def require_float(op_name: str, *named) -> None:
    """The first array must be a float; the others must have its dtype (MXNet: uniform type)."""
    (first_name, first), rest = named[0], named[1:]
    dtype = first._data.dtype
    if dtype.kind != "f":
        raise TypeError(f"{op_name}: {first_name} must be float16, float32 or float64 (as in "
                        f"MXNet), and has dtype {dtype.name}: convert it with "
                        f".astype('float32')")
    for name, array in rest:
        if array._data.dtype != dtype:
            raise TypeError(f"{op_name}: {name} has dtype {array._data.dtype.name} and "
                            f"{first_name} {dtype.name}; they must be the same (MXNet does not "
                            f"convert): use {name}.astype('{dtype.name}')")


def _arrays(op_name: str, data, weight, bias, no_bias: bool) -> list:
    """MXNet's strict input counting: the bias exactly when no_bias is False."""
    for name, value in (("data", data), ("weight", weight)):
        if not isinstance(value, NDArray):
            raise TypeError(f"{op_name}: {name} must be an NDArray, not "
                            f"{type(value).__name__}")
    if no_bias and bias is not None:
        raise ValueError(f"{op_name}: no_bias=True takes 2 inputs (data, weight), and a bias "
                         f"was given too: drop it, or pass no_bias=False")
    if not no_bias and bias is None:
        default = "Deconvolution defaults to no_bias=True" if op_name == "Deconvolution" \
            else "Convolution defaults to no_bias=False"
        raise ValueError(f"{op_name}: no_bias=False takes 3 inputs (data, weight, bias), and no "
                         f"bias was given: pass one, or no_bias=True ({default})")
    if bias is not None and not isinstance(bias, NDArray):
        raise TypeError(f"{op_name}: bias must be an NDArray, not {type(bias).__name__}")
    named = [("data", data), ("weight", weight)] + ([("bias", bias)] if bias is not None else [])
    require_float(op_name, *named)
    return [array for _, array in named]


def _check_groups(op_name, channels_in, filters, groups):
    if channels_in % groups or filters % groups:
        raise ValueError(f"{op_name}: num_group={groups} must divide the input channels "
                         f"({channels_in}) and num_filter ({filters})")


def _check_weight(op_name, weight, want, bias, filters, data):
    if weight.shape != want:
        raise ValueError(f"{op_name}: weight has shape {weight.shape}, and data {data.shape} "
                         f"with these arguments needs {want}")
    if bias is not None and bias.shape != (filters,):
        raise ValueError(f"{op_name}: bias has shape {bias.shape}; it must be ({filters},), "
                         f"one value per filter")


def _geometry_kwargs(kernel, stride, dilate, pad, groups) -> dict:
    return {"kernel": kernel, "stride": stride, "dilate": dilate, "pad": pad,
            "num_group": groups}


# ----- Convolution ------------------------------------------------------------------------
def _conv_data_vjp(xp, g, ans, data, weight, *bias, kernel, stride, dilate, pad, num_group):
    return kernels.data_gradient(xp, g, weight, data.shape, kernel, stride, dilate, pad,
                                 num_group)


def _conv_weight_vjp(xp, g, ans, data, weight, *bias, kernel, stride, dilate, pad, num_group):
    return kernels.weight_gradient(xp, g, data, weight.shape, kernel, stride, dilate, pad,
                                   num_group)


def _bias_vjp(xp, g, ans, *arrays, **geometry):
    return g.sum(axis=(0,) + tuple(range(2, g.ndim)))


@op(nin=-1, namespace="_internal", name="Convolution", keeps=(0, 1),
    vjp=(_conv_data_vjp, _conv_weight_vjp, _bias_vjp))
def _convolution(xp, data, weight, bias=None, kernel=(), stride=(), dilate=(), pad=(),
                 num_group=1):
    """Convolution on checked arguments (nd.Convolution checks them)."""
    return kernels.forward(xp, data, weight, bias, kernel, stride, dilate, pad, num_group)


def Convolution(data=None, weight=None, bias=None, kernel=None, stride=(), dilate=(), pad=(),
                num_filter=None, num_group=1, workspace=1024, no_bias=False, cudnn_tune=None,
                cudnn_off=False, layout=None, out=None):
    """Convolve a batch of 1-D, 2-D or 3-D images with a bank of filters (a cross-correlation,
    as in MXNet: the kernel is not flipped), then add a bias per filter.

    data (N, C, *spatial) and weight (num_filter, C / num_group, *kernel) give (N, num_filter,
    *out), each output size (size + 2 * pad - dilate * (kernel - 1) - 1) // stride + 1.
    Groups split the channels and the filters into num_group equal parts, each part convolved
    with its own filters (num_group = C: depthwise).

    Parameters:
        data: the images, (batch, channel, *spatial): NCW, NCHW or NCDHW; float.
        weight: the filters, (num_filter, channel / num_group, *kernel).
        bias: one value per filter, (num_filter,); required unless no_bias=True (MXNet counts
            the inputs strictly).
        kernel: the filter's spatial size: (w,), (h, w) or (d, h, w); it sets the dimension.
        stride: the step between output positions per axis; default 1.
        dilate: the spacing of the filter's points per axis; default 1.
        pad: zeros added on both sides of each spatial axis; default 0.
        num_filter: the number of filters (output channels); required.
        num_group: the number of channel groups; default 1.
        workspace: MXNet's scratch-space limit in MB: accepted, ndsh sizes its own.
        no_bias: leave the bias out (then pass data and weight only).
        cudnn_tune, cudnn_off: MXNet's cuDNN settings: accepted and ignored.
        layout: None or the channels-first layout (NCW, NCHW, NCDHW); channels-last layouts
            are refused, as MXNet's CPU kernels refuse them.

    Example:
        >>> x = nd.arange(9).reshape((1, 1, 3, 3))
        >>> nd.Convolution(x, nd.ones((1, 1, 2, 2)), nd.array([10]), kernel=(2, 2),
        ...                num_filter=1)
        <BLANKLINE>
        [[[[18. 22.]
           [30. 34.]]]]
        <NDArray 1x1x2x2 @cpu(0)>
    """
    name = "Convolution"
    arrays = _arrays(name, data, weight, bias, no_bias)
    kernel, stride, dilate, pad = spatial_params(name, kernel, stride, dilate, pad, layout, data)
    if num_filter is None:
        raise ValueError("Convolution: num_filter is required: the number of filters (output "
                         f"channels), {weight.shape[0]} for this weight")
    filters = int_param(name, "num_filter", num_filter, 1)
    groups = int_param(name, "num_group", num_group, 1)
    channels = data.shape[1]
    _check_groups(name, channels, filters, groups)
    _check_weight(name, weight, (filters, channels // groups) + kernel, bias, filters, data)
    for size, k, d, p in zip(data.shape[2:], kernel, dilate, pad):
        if d * (k - 1) + 1 > size + 2 * p:
            raise ValueError(f"Convolution: the kernel {kernel} with dilate {dilate} spans more "
                             f"than the data's spatial shape {data.shape[2:]} padded by {pad}")
    return _convolution(*arrays, out=out, **_geometry_kwargs(kernel, stride, dilate, pad,
                                                            groups))


op(kind="function", nin=3, departs=(
    "float16 works, computed in float32 (MXNet 1.9.1's CPU build refuses it: 'FP16 gemm on "
    "cpu not implemented').")
   )(Convolution)


# ----- Deconvolution ----------------------------------------------------------------------
def _deconv_data_vjp(xp, g, ans, data, weight, *bias, kernel, stride, dilate, pad, num_group,
                     shape):
    return kernels.forward(xp, g, weight, None, kernel, stride, dilate, pad, num_group)


def _deconv_weight_vjp(xp, g, ans, data, weight, *bias, kernel, stride, dilate, pad,
                       num_group, shape):
    return kernels.weight_gradient(xp, data, g, weight.shape, kernel, stride, dilate, pad,
                                   num_group)


@op(nin=-1, namespace="_internal", name="Deconvolution", keeps=(0, 1),
    vjp=(_deconv_data_vjp, _deconv_weight_vjp, _bias_vjp))
def _deconvolution(xp, data, weight, bias=None, kernel=(), stride=(), dilate=(), pad=(),
                   num_group=1, shape=()):
    """Deconvolution on checked arguments (nd.Deconvolution checks them): the data gradient of
    the convolution from an image of spatial `shape` (the result's)."""
    full = data.shape[:1] + (weight.shape[1] * num_group,) + tuple(shape)
    result = kernels.data_gradient(xp, data, weight, full, kernel, stride, dilate, pad,
                                   num_group)
    if bias is not None:
        result += bias.reshape((1, -1) + (1,) * len(shape))
    return result


def _deconv_pad(kernel, stride, dilate, pad, adj, target, spatial) -> tuple:
    """MXNet's InferPad: with a target_shape, the pad and adj that give it; else as given."""
    if not any(target):
        return pad, adj
    pads, adjs = [], []
    reach = tuple(s * (size - 1) + d * (k - 1) + 1
                  for size, k, s, d in zip(spatial, kernel, stride, dilate))
    for total, t in zip(reach, target):
        if total < t:
            raise ValueError(f"Deconvolution: target_shape {target} is too big: data of "
                             f"spatial shape {spatial} reaches at most {reach}")
        excess = total - t
        adjs.append(excess % 2)
        pads.append((excess + 1) // 2)
    return tuple(pads), tuple(adjs)


def Deconvolution(data=None, weight=None, bias=None, kernel=None, stride=(), dilate=(), pad=(),
                  adj=(), target_shape=(), num_filter=None, num_group=1, workspace=512,
                  no_bias=True, cudnn_tune=None, cudnn_off=False, layout=None, out=None):
    """The transposed convolution of a batch of 1-D, 2-D or 3-D images: each input pixel adds
    a scaled copy of its filters to the output (the data gradient of Convolution).

    data (N, C, *spatial) and weight (C, num_filter / num_group, *kernel) (the weight of the
    Convolution from num_filter channels to C) give (N, num_filter, *out), each output size
    stride * (size - 1) + dilate * (kernel - 1) + 1 - 2 * pad + adj.

    Parameters:
        data: the images, (batch, channel, *spatial): NCW, NCHW or NCDHW; float.
        weight: the filters, (channel, num_filter / num_group, *kernel).
        bias: one value per output channel, (num_filter,); only with no_bias=False.
        kernel: the filter's spatial size: (w,), (h, w) or (d, h, w); it sets the dimension.
        stride: the matching convolution's stride per axis; default 1.
        dilate: the spacing of the filter's points per axis; default 1.
        pad: the matching convolution's padding, taken off both sides; default 0.
        adj: extra rows or columns at the end of each axis, each less than the stride.
        target_shape: the output's spatial shape; pad and adj are then worked out for it.
        num_filter: the number of output channels; required.
        num_group: the number of channel groups; default 1.
        workspace: MXNet's scratch-space limit in MB: accepted, ndsh sizes its own.
        no_bias: leave the bias out; True by default (as in MXNet).
        cudnn_tune, cudnn_off: MXNet's cuDNN settings: accepted and ignored.
        layout: None or the channels-first layout (NCW, NCHW, NCDHW).

    Example:
        >>> nd.Deconvolution(nd.array([[[[1, 10]]]]), nd.array([[[[1, 2], [3, 4]]]]),
        ...                  kernel=(2, 2), stride=(2, 2), num_filter=1)
        <BLANKLINE>
        [[[[ 1.  2. 10. 20.]
           [ 3.  4. 30. 40.]]]]
        <NDArray 1x1x2x4 @cpu(0)>
    """
    name = "Deconvolution"
    arrays = _arrays(name, data, weight, bias, no_bias)
    kernel, stride, dilate, pad = spatial_params(name, kernel, stride, dilate, pad, layout, data)
    n = len(kernel)
    adj = shape_param(name, "adj", adj)
    target = shape_param(name, "target_shape", target_shape)
    for label, values in (("adj", adj), ("target_shape", target)):
        if values and len(values) != n:
            raise ValueError(f"Deconvolution: {label} {values} must have as many dimensions as "
                             f"kernel {kernel}")
        if min(values, default=0) < 0:
            raise ValueError(f"Deconvolution: {label} {values} must not be negative")
    if num_filter is None:
        raise ValueError("Deconvolution: num_filter is required: the number of output channels")
    filters = int_param(name, "num_filter", num_filter, 1)
    groups = int_param(name, "num_group", num_group, 1)
    channels = data.shape[1]
    _check_groups(name, channels, filters, groups)
    _check_weight(name, weight, (channels, filters // groups) + kernel, bias, filters, data)
    spatial = data.shape[2:]
    pad, adj = _deconv_pad(kernel, stride, dilate, pad, adj or (0,) * n, target, spatial)
    if any(a >= s for a, s in zip(adj, stride)):
        raise ValueError(f"Deconvolution: adj {adj} must be smaller than stride {stride} on "
                         f"every axis")
    shape = tuple(s * (size - 1) + d * (k - 1) + 1 - 2 * p + a for size, k, s, d, p, a
                  in zip(spatial, kernel, stride, dilate, pad, adj))
    if min(shape) < 1:
        raise ValueError(f"Deconvolution: pad {pad} leaves no output for data of spatial shape "
                         f"{spatial} and kernel {kernel} (the output would be {shape})")
    if any(t and t != s for t, s in zip(target, shape)):
        raise ValueError(f"Deconvolution: target_shape {target} cannot be reached from data of "
                         f"spatial shape {spatial} with kernel {kernel} and stride {stride} "
                         f"(the nearest is {shape})")
    return _deconvolution(*arrays, out=out, shape=shape,
                          **_geometry_kwargs(kernel, stride, dilate, pad, groups))


op(kind="function", nin=3, departs=(
    "float16 works, computed in float32 (MXNet 1.9.1's CPU build refuses it); so do a float32 "
    "target_shape that MXNet's oneDNN kernel cannot describe ('could not create a "
    "descriptor'), float64 3-D data (MXNet has no native 3-D kernel) and a reshaped view as "
    "the input (MXNet's oneDNN kernel refuses views: 'Check failed: !is_view').")
   )(Deconvolution)
