"""UpSampling as MXNet 1.9.1 computes it: 'nearest' repeats each pixel scale x scale times
(several inputs brought to one size and concatenated or summed), 'bilinear' is a depthwise
Deconvolution with the kernel it is given. One broadcast copy per input; the gradient sums each
block (a reshape and one reduction)."""
from __future__ import annotations

from ndsh.engine.define import op
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray
from ndsh.engine.ops.conv import _deconvolution, int_param, require_float


def _check_image(op_name, data, what="data"):
    if not isinstance(data, NDArray):
        raise TypeError(f"{op_name}: {what} must be an NDArray, not {type(data).__name__}")
    if data.ndim != 4:
        raise ValueError(f"{op_name}: {what} must be 4-D (batch, channel, height, width), and "
                         f"has shape {data.shape}")


# ----- UpSampling -------------------------------------------------------------------------
def _nearest_layout(shapes, scale, mode):
    """The output (channels, height, width) and each input's scale, checked as MXNet checks."""
    height, width = shapes[0][2] * scale, shapes[0][3] * scale
    channels = 0
    factors = []
    for shape in shapes:
        if shape[0] != shapes[0][0]:
            raise ValueError(f"UpSampling: the inputs' batch sizes differ: "
                             f"{', '.join(str(s) for s in shapes)}")
        if height % shape[2] or width % shape[3] or \
                shape[3] * (height // shape[2]) != width:
            raise ValueError(f"UpSampling: an input of shape {shape} cannot be scaled to the "
                             f"output size ({height}, {width}) (the first input times scale "
                             f"{scale}) by one whole factor")
        if mode == "sum" and channels and shape[1] != channels:
            raise ValueError(f"UpSampling: multi_input_mode='sum' needs the same number of "
                             f"channels in every input: {', '.join(str(s) for s in shapes)}")
        channels = shape[1] if mode == "sum" else channels + shape[1]
        factors.append(height // shape[2])
    return channels, height, width, factors


def _upsampling_vjp(xp, g, ans, *data, scale=1, multi_input_mode="concat"):
    grads, start = [], 0
    for x in data:
        n, c, h, w = x.shape
        f = g.shape[2] // h
        part = g if multi_input_mode == "sum" else g[:, start:start + c]
        grads.append(part.reshape(n, c, h, f, w, f).sum(axis=(3, 5)))
        start += c
    return tuple(grads)


@op(nin=-1, namespace="_internal", name="UpSampling", vjp=_upsampling_vjp, keeps=())
def _upsampling(xp, *data, scale=1, multi_input_mode="concat"):
    """Nearest-neighbour UpSampling on checked arguments (nd.UpSampling checks them)."""
    channels, height, width, factors = _nearest_layout([x.shape for x in data], scale,
                                                       multi_input_mode)
    batch = data[0].shape[0]
    result = xp.empty((batch, channels, height, width), dtype=data[0].dtype)
    start = 0
    for i, (x, f) in enumerate(zip(data, factors)):
        n, c, h, w = x.shape
        blocks = x[:, :, :, None, :, None]          # each pixel, to be repeated f x f times
        if len(data) == 1 or multi_input_mode == "sum":
            target = result.reshape(n, c, h, f, w, f)   # a view: result is contiguous
            if i == 0:
                target[...] = blocks
            else:
                target += blocks
        else:
            result[:, start:start + c] = xp.broadcast_to(blocks, (n, c, h, f, w, f)).reshape(
                n, c, height, width)
            start += c
    return result


def UpSampling(*data, scale=None, num_filter=0, sample_type=None, multi_input_mode="concat",
               num_args=None, workspace=512, out=None):
    """Upsample 4-D images (NCHW) by an integer factor: 'nearest' repeats each pixel
    scale x scale times; 'bilinear' is a depthwise Deconvolution with the given kernel.

    Several 'nearest' inputs are all brought to the first one's size times scale (each by its
    own whole factor) and concatenated along the channels ('concat') or added ('sum').
    'bilinear' takes two inputs, the data (N, C, H, W) and a weight (C, 1, k, k) with
    k = 2 * scale - scale % 2, and needs num_filter = C: the result is
    Deconvolution(data, weight, kernel=(k, k), stride=(scale, scale),
    pad=(ceil((scale - 1) / 2),) * 2, num_group=C, num_filter=C).

    Parameters:
        *data: the images (NCHW), as separate arguments; for 'bilinear', the data then the
            weight.
        scale: the upsampling factor, an int of at least 1; required.
        num_filter: 'bilinear' only: the number of channels C.
        sample_type: 'nearest' or 'bilinear'; required.
        multi_input_mode: 'concat' (default) or 'sum', for several 'nearest' inputs.
        num_args: the number of inputs; MXNet's nd sets it to len(data), and so does ndsh.
        workspace: MXNet's scratch-space limit in MB: accepted and ignored.

    Example:
        >>> nd.UpSampling(nd.array([[[[1, 2], [3, 4]]]]), scale=2, sample_type='nearest')
        <BLANKLINE>
        [[[[1. 1. 2. 2.]
           [1. 1. 2. 2.]
           [3. 3. 4. 4.]
           [3. 3. 4. 4.]]]]
        <NDArray 1x1x4x4 @cpu(0)>
    """
    name = "UpSampling"
    if len(data) == 1 and isinstance(data[0], (list, tuple)):
        raise TypeError("UpSampling: pass the arrays as separate arguments, "
                        "`UpSampling(*arrays, ...)`, not a list")
    if scale is None:
        raise ValueError("UpSampling: scale is required: the integer upsampling factor")
    scale = int_param(name, "scale", scale, 1)
    if sample_type not in ("nearest", "bilinear"):
        raise ValueError(f"UpSampling: sample_type must be 'nearest' or 'bilinear' (it is "
                         f"required), not {sample_type!r}")
    if multi_input_mode not in ("concat", "sum"):
        raise ValueError(f"UpSampling: multi_input_mode must be 'concat' or 'sum', not "
                         f"{multi_input_mode!r}")
    if not data:
        raise ValueError("UpSampling: give at least one array to upsample")
    if sample_type == "bilinear":
        return _bilinear_upsampling(data, scale, num_filter, out)
    if num_args is not None and num_args != len(data):
        raise ValueError(f"UpSampling: num_args={num_args}, and {len(data)} array(s) were "
                         f"given")
    for i, x in enumerate(data):
        _check_image(name, x, f"input {i}")
    require_float(name, *((f"input {i}", x) for i, x in enumerate(data)))
    return _upsampling(*data, scale=scale, multi_input_mode=multi_input_mode, out=out)


def _bilinear_upsampling(data, scale, num_filter, out):
    name = "UpSampling"
    if len(data) != 2:
        raise ValueError(f"UpSampling: sample_type='bilinear' takes 2 inputs (the data and "
                         f"the weight, a (channels, 1, k, k) kernel), and {len(data)} were "
                         f"given")
    x, weight = data
    _check_image(name, x)
    _check_image(name, weight, "weight")
    require_float(name, ("data", x), ("weight", weight))
    channels = x.shape[1]
    k = 2 * scale - scale % 2
    if weight.shape != (channels, 1, k, k):
        raise ValueError(f"UpSampling: with scale {scale} the weight must have shape "
                         f"{(channels, 1, k, k)} (one {k}x{k} kernel per channel), and has "
                         f"{weight.shape}")
    if num_filter != channels:
        raise ValueError(f"UpSampling: sample_type='bilinear' needs num_filter equal to the "
                         f"data's channels ({channels}), not {num_filter}")
    pad = -(-(scale - 1) // 2)
    return _deconvolution(x, weight, out=out, kernel=(k, k), stride=(scale, scale),
                          dilate=(1, 1), pad=(pad, pad), num_group=channels,
                          shape=(x.shape[2] * scale, x.shape[3] * scale))


op(kind="function", nin=-1)(UpSampling)
