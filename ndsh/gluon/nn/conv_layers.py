"""Convolution layers: Conv1D/2D/3D, Conv1D/2D/3DTranspose and ReflectionPad2D, over
nd.Convolution, nd.Deconvolution and nd.pad (MXNet 1.9.1's `gluon.nn`). The pooling layers
(MaxPool, AvgPool, GlobalMaxPool, GlobalAvgPool) are in pool_layers.py.

Every convolution layer is named `convN`, as in MXNet.
"""
from __future__ import annotations

from numbers import Number

from ndsh.engine import mxnet_errors
from ndsh.gluon.block import HybridBlock
from ndsh.gluon.nn.activations import Activation

__all__ = ["Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose",
           "Conv3DTranspose", "ReflectionPad2D"]


def _tuple(value, dims: int, what: str) -> tuple:
    if isinstance(value, Number):
        return (value,) * dims
    value = tuple(value)
    if len(value) != dims:
        raise AssertionError(f"{what} must be a number or a list of {dims} ints")
    return value


def _check_layout(layout: str, allowed: tuple) -> None:
    if layout not in allowed:
        raise AssertionError(f"Only supports {' and '.join(repr(a) for a in allowed)} layout "
                             f"for now")


class _Conv(HybridBlock):
    """What the convolution layers share: the weight shape MXNet's op infers, the call, the
    repr."""

    _op_name = "Convolution"

    def __init__(self, channels, kernel_size, strides, padding, dilation, groups, layout,
                 in_channels=0, activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer="zeros", adj=None, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        dims = len(kernel_size)
        with self.name_scope():
            self._channels, self._in_channels = channels, in_channels
            self._kwargs = {"kernel": kernel_size, "stride": _tuple(strides, dims, "strides"),
                            "dilate": _tuple(dilation, dims, "dilation"),
                            "pad": _tuple(padding, dims, "padding"), "num_filter": channels,
                            "num_group": groups, "no_bias": not use_bias, "layout": layout}
            if adj is not None:
                self._kwargs["adj"] = adj
            self.weight = self.params.get("weight", shape=self._weight_shape(in_channels),
                                          init=weight_initializer, allow_deferred_init=True)
            self.bias = self.params.get("bias", shape=(channels,), init=bias_initializer,
                                        allow_deferred_init=True) if use_bias else None
            self.act = Activation(activation, prefix=activation + "_") \
                if activation is not None else None

    def _weight_shape(self, in_channels: int) -> tuple:
        kernel, groups = self._kwargs["kernel"], self._kwargs["num_group"]
        if self._op_name == "Deconvolution":
            outer = (in_channels, self._channels // groups)
        else:
            outer = (self._channels, in_channels // groups)
        if self._kwargs["layout"].index("C") == 1:
            return outer + tuple(kernel)
        return (outer[0],) + tuple(kernel) + (outer[1],)      # channel-last: O, *k, I

    def infer_shape(self, x, *args) -> None:
        """Set in_channels from the input's channel axis (checking the input's rank).

        Parameters:
            x: the input.
            *args: ignored.
        """
        layout = self._kwargs["layout"]
        if x.ndim != len(layout):
            raise ValueError(f"{type(self).__name__} '{self.name}' expects {len(layout)}-D "
                             f"input in layout {layout}, but got an input of shape {x.shape}")
        self.weight.shape = self._weight_shape(x.shape[layout.index("C")])

    def hybrid_forward(self, F, x, weight, bias=None):
        layout = self._kwargs["layout"]
        expected = self._weight_shape(x.shape[layout.index("C")]) \
            if x.ndim == len(layout) else None
        if expected is not None and expected != weight.shape:
            raise mxnet_errors.ValueError(
                f"{type(self).__name__} '{self.name}': Shape inconsistent: its weight "
                f"{self.weight.name} has shape {weight.shape}, but the input of shape {x.shape} "
                f"has {x.shape[layout.index('C')]} channels (layout {layout}), which need a "
                f"weight of shape {expected}.")
        op = getattr(F, self._op_name)
        if bias is None:
            out = op(x, weight, **self._kwargs)
        else:
            out = op(x, weight, bias, **self._kwargs)
        return self.act(out) if self.act is not None else out

    def _alias(self) -> str:
        return "conv"

    def __repr__(self) -> str:
        kw, dims = self._kwargs, len(self._kwargs["kernel"])
        shape = self.weight.shape
        text = (f"{type(self).__name__}({shape[1] if shape[1] else None} -> {shape[0]}, "
                f"kernel_size={kw['kernel']}, stride={kw['stride']}")
        if kw["pad"] != (0,) * dims:
            text += f", padding={kw['pad']}"
        if kw["dilate"] != (1,) * dims:
            text += f", dilation={kw['dilate']}"
        if kw["num_group"] != 1:
            text += f", groups={kw['num_group']}"
        if self.bias is None:
            text += ", bias=False"
        if self.act:
            text += f", {self.act}"
        return text + ")"


_CONV_DOC = """{summary}

    Parameters:
        channels: the number of output channels.
        kernel_size: an int (the same in every dimension) or a tuple of {dims}.
        strides: the stride, an int or a tuple.
        padding: the zero padding on each side, an int or a tuple.{extra}
        dilation: the spacing of the kernel's taps.
        groups: split input and output channels into this many independent groups.
        layout: '{layout}'{other}.
        activation: an Activation act_type applied after, or None.
        use_bias: whether to add a bias.
        weight_initializer: the weight's initializer; None takes initialize()'s.
        bias_initializer: the bias's initializer, 'zeros'.
        in_channels: the number of input channels; 0 leaves it to the first forward.
        prefix: the block's prefix (`conv0_`).
        params: a ParameterDict to share.

    Example:
{example}
"""


def _conv_class(name: str, dims: int, layouts: tuple, transpose: bool, summary: str,
                example: str) -> type:
    defaults = (1,) * dims if dims > 1 else 1
    zeros = (0,) * dims if dims > 1 else 0

    def __init__(self, channels, kernel_size, strides=defaults, padding=zeros,
                 output_padding=zeros, dilation=defaults, groups=1, layout=layouts[0],
                 activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer="zeros", in_channels=0, **kwargs):
        _check_layout(layout, layouts)
        kernel = _tuple(kernel_size, dims, "kernel_size")
        adj = _tuple(output_padding, dims, "output_padding") if transpose else None
        _Conv.__init__(self, channels, kernel, strides, padding, dilation, groups, layout,
                       in_channels, activation, use_bias, weight_initializer,
                       bias_initializer, adj, **kwargs)
        if transpose:
            self.outpad = adj

    def __init_plain__(self, channels, kernel_size, strides=defaults, padding=zeros,
                       dilation=defaults, groups=1, layout=layouts[0], activation=None,
                       use_bias=True, weight_initializer=None, bias_initializer="zeros",
                       in_channels=0, **kwargs):
        __init__(self, channels, kernel_size, strides, padding, zeros, dilation, groups,
                 layout, activation, use_bias, weight_initializer, bias_initializer,
                 in_channels, **kwargs)

    init = __init__ if transpose else __init_plain__
    init.__name__ = init.__qualname__ = "__init__"
    extra = ("\n        output_padding: extra rows and columns added on one side of the "
             "output." if transpose else "")
    other = f" or '{layouts[1]}'" if len(layouts) > 1 else ""
    doc = _CONV_DOC.format(summary=summary, dims=dims, extra=extra, layout=layouts[0],
                           other=other, example=example)
    return type(name, (_Conv,), {"__init__": init, "__doc__": doc,
                                 "_op_name": "Deconvolution" if transpose else "Convolution",
                                 "__module__": __name__})


Conv1D = _conv_class(
    "Conv1D", 1, ("NCW",), False,
    "1-D convolution over (batch, channels, width) inputs: a weight of shape (channels, "
    "in_channels/groups, k).",
    "        >>> conv = gluon.nn.Conv1D(3, 2); conv.initialize()\n"
    "        >>> conv(nd.ones((2, 4, 10))).shape, conv\n"
    "        ((2, 3, 9), Conv1D(4 -> 3, kernel_size=(2,), stride=(1,)))")
Conv2D = _conv_class(
    "Conv2D", 2, ("NCHW", "NHWC"), False,
    "2-D convolution over (batch, channels, height, width) inputs: a weight of shape "
    "(channels, in_channels/groups, kh, kw).",
    "        >>> conv = gluon.nn.Conv2D(4, kernel_size=3, padding=1); conv\n"
    "        Conv2D(None -> 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n"
    "        >>> conv.initialize(); conv(nd.ones((1, 2, 6, 6))).shape\n"
    "        (1, 4, 6, 6)")
Conv3D = _conv_class(
    "Conv3D", 3, ("NCDHW", "NDHWC"), False,
    "3-D convolution over (batch, channels, depth, height, width) inputs.",
    "        >>> conv = gluon.nn.Conv3D(2, 2); conv.initialize()\n"
    "        >>> conv(nd.ones((1, 1, 4, 4, 4))).shape\n"
    "        (1, 2, 3, 3, 3)")
Conv1DTranspose = _conv_class(
    "Conv1DTranspose", 1, ("NCW",), True,
    "1-D transposed convolution (the gradient of a convolution, an upsampling): a weight of "
    "shape (in_channels, channels/groups, k). Its repr shows the channels the MXNet way, "
    "'channels -> in_channels'.",
    "        >>> up = gluon.nn.Conv1DTranspose(2, 3, strides=2); up.initialize()\n"
    "        >>> up(nd.ones((1, 4, 5))).shape\n"
    "        (1, 2, 11)")
Conv2DTranspose = _conv_class(
    "Conv2DTranspose", 2, ("NCHW", "NHWC"), True,
    "2-D transposed convolution: a weight of shape (in_channels, channels/groups, kh, kw). "
    "Its repr shows the channels the MXNet way, 'channels -> in_channels'.",
    "        >>> up = gluon.nn.Conv2DTranspose(3, 3, strides=2, padding=1, output_padding=1)\n"
    "        >>> up.initialize(); up(nd.ones((1, 2, 4, 4))).shape, up\n"
    "        ((1, 3, 8, 8), Conv2DTranspose(3 -> 2, kernel_size=(3, 3), stride=(2, 2), "
    "padding=(1, 1)))")
Conv3DTranspose = _conv_class(
    "Conv3DTranspose", 3, ("NCDHW", "NDHWC"), True,
    "3-D transposed convolution: a weight of shape (in_channels, channels/groups, kd, kh, "
    "kw).",
    "        >>> up = gluon.nn.Conv3DTranspose(2, 2, strides=2); up.initialize()\n"
    "        >>> up(nd.ones((1, 1, 2, 2, 2))).shape\n"
    "        (1, 2, 4, 4, 4)")


class ReflectionPad2D(HybridBlock):
    """Pad the height and width of (N, C, H, W) inputs by reflection (the edge not repeated).

    Parameters:
        padding: an int (on all four sides) or nd.pad's pad_width, a tuple of 8.
        prefix: the block's prefix.
        params: a ParameterDict to share.

    Example:
        >>> gluon.nn.ReflectionPad2D(1)(nd.arange(4).reshape((1, 1, 2, 2)))[0, 0]
        <BLANKLINE>
        [[3. 2. 3. 2.]
         [1. 0. 1. 0.]
         [3. 2. 3. 2.]
         [1. 0. 1. 0.]]
        <NDArray 4x4 @cpu(0)>
    """

    def __init__(self, padding=0, **kwargs):
        super().__init__(**kwargs)
        if isinstance(padding, Number):
            padding = (0, 0, 0, 0, padding, padding, padding, padding)
        if len(padding) != 8:
            raise AssertionError("ReflectionPad2D: padding must be an int or 8 numbers")
        self._padding = padding

    def hybrid_forward(self, F, x):
        return F.pad(x, mode="reflect", pad_width=self._padding)
