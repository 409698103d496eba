"""Pooling layers: MaxPool, AvgPool, GlobalMaxPool and GlobalAvgPool (1-D to 3-D), over
nd.Pooling (MXNet 1.9.1's `gluon.nn`). Every pooling layer is named `poolN`, as in MXNet.
The convolution layers and ReflectionPad2D are in conv_layers.py.
"""
from __future__ import annotations

from ndsh.gluon.block import HybridBlock
from ndsh.gluon.nn.conv_layers import _check_layout, _tuple

__all__ = ["MaxPool1D", "MaxPool2D", "MaxPool3D", "AvgPool1D", "AvgPool2D", "AvgPool3D",
           "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPool3D", "GlobalAvgPool1D",
           "GlobalAvgPool2D", "GlobalAvgPool3D"]


class _Pooling(HybridBlock):
    """What the pooling layers share: MXNet's arguments of nd.Pooling, the repr."""

    _is_global = False

    def __init__(self, pool_size, strides, padding, ceil_mode, global_pool, pool_type, layout,
                 count_include_pad=None, **kwargs):
        super().__init__(**kwargs)
        dims = len(pool_size)
        strides = pool_size if strides is None else strides
        self._kwargs = {"kernel": pool_size, "stride": _tuple(strides, dims, "strides"),
                        "pad": _tuple(padding, dims, "padding"), "global_pool": global_pool,
                        "pool_type": pool_type, "layout": layout,
                        "pooling_convention": "full" if ceil_mode else "valid"}
        if count_include_pad is not None:
            self._kwargs["count_include_pad"] = count_include_pad

    def _alias(self) -> str:
        return "pool"

    def hybrid_forward(self, F, x):
        return F.Pooling(x, **self._kwargs)

    def __repr__(self) -> str:
        kw = self._kwargs
        return (f"{type(self).__name__}(size={kw['kernel']}, stride={kw['stride']}, "
                f"padding={kw['pad']}, ceil_mode={kw['pooling_convention'] == 'full'}, "
                f"global_pool={kw['global_pool']}, pool_type={kw['pool_type']}, "
                f"layout={kw['layout']})")


_AXES = {1: "width", 2: "height, width", 3: "depth, height, width"}
_LAYOUTS = {1: ("NCW", "NWC"), 2: ("NCHW", "NHWC"), 3: ("NCDHW", "NDHWC")}


class _WindowPool(_Pooling):
    """Max and average pooling over windows (MXNet's argument order differs between the
    classes, so each spells its own __init__)."""

    _dims = 2
    _type = "max"

    def _setup(self, pool_size, strides, padding, layout, ceil_mode, count_include_pad,
               kwargs) -> None:
        _check_layout(layout, _LAYOUTS[self._dims])
        _Pooling.__init__(self, _tuple(pool_size, self._dims, "pool_size"), strides, padding,
                          ceil_mode, False, self._type, layout, count_include_pad, **kwargs)


_MAX_PARAMETERS = """
    Parameters:
        pool_size: the window, an int or a tuple.
        strides: the step; None (the default) means the window's size.
        padding: the padding on each side, an int or a tuple.
        layout: channels first (the default) or last.
        ceil_mode: round the output size up ('full' convention) instead of down.
        prefix: the block's prefix (`pool0_`).
        params: a ParameterDict to share.
"""
_AVG_PARAMETERS = _MAX_PARAMETERS.replace(
    "        prefix:", "        count_include_pad: count the padding in the divisor (True), or "
    "only the cells inside the input.\n        prefix:")


class MaxPool1D(_WindowPool):
    __doc__ = """The maximum over windows of (batch, channels, width) inputs.
    """ + _MAX_PARAMETERS + """
    Example:
        >>> gluon.nn.MaxPool1D(2)(nd.arange(5).reshape((1, 1, 5)))
        <BLANKLINE>
        [[[1. 3.]]]
        <NDArray 1x1x2 @cpu(0)>
    """
    _dims = 1

    def __init__(self, pool_size=2, strides=None, padding=0, layout="NCW", ceil_mode=False,
                 **kwargs):
        self._setup(pool_size, strides, padding, layout, ceil_mode, None, kwargs)


class MaxPool2D(_WindowPool):
    __doc__ = """The maximum over windows of (batch, channels, height, width) inputs.
    """ + _MAX_PARAMETERS + """
    Example:
        >>> pool = gluon.nn.MaxPool2D(); pool
        MaxPool2D(size=(2, 2), stride=(2, 2), padding=(0, 0), ceil_mode=False, \
global_pool=False, pool_type=max, layout=NCHW)
        >>> pool(nd.arange(16).reshape((1, 1, 4, 4)))
        <BLANKLINE>
        [[[[ 5.  7.]
           [13. 15.]]]]
        <NDArray 1x1x2x2 @cpu(0)>
    """

    def __init__(self, pool_size=(2, 2), strides=None, padding=0, layout="NCHW",
                 ceil_mode=False, **kwargs):
        self._setup(pool_size, strides, padding, layout, ceil_mode, None, kwargs)


class MaxPool3D(_WindowPool):
    __doc__ = """The maximum over windows of (batch, channels, depth, height, width) inputs.
    """ + _MAX_PARAMETERS + """
    Example:
        >>> gluon.nn.MaxPool3D()(nd.ones((1, 1, 4, 4, 4))).shape
        (1, 1, 2, 2, 2)
    """
    _dims = 3

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding=0, ceil_mode=False,
                 layout="NCDHW", **kwargs):
        self._setup(pool_size, strides, padding, layout, ceil_mode, None, kwargs)


class AvgPool1D(_WindowPool):
    __doc__ = """The average over windows of (batch, channels, width) inputs.
    """ + _AVG_PARAMETERS + """
    Example:
        >>> gluon.nn.AvgPool1D(2)(nd.arange(4).reshape((1, 1, 4)))
        <BLANKLINE>
        [[[0.5 2.5]]]
        <NDArray 1x1x2 @cpu(0)>
    """
    _dims, _type = 1, "avg"

    def __init__(self, pool_size=2, strides=None, padding=0, layout="NCW", ceil_mode=False,
                 count_include_pad=True, **kwargs):
        self._setup(pool_size, strides, padding, layout, ceil_mode, count_include_pad, kwargs)


class AvgPool2D(_WindowPool):
    __doc__ = """The average over windows of (batch, channels, height, width) inputs.
    """ + _AVG_PARAMETERS + """
    Example:
        >>> gluon.nn.AvgPool2D(3, 1, 1)(nd.ones((1, 1, 3, 3)))[0, 0, 0]
        <BLANKLINE>
        [0.44444445 0.6666667  0.44444445]
        <NDArray 3 @cpu(0)>
    """
    _type = "avg"

    def __init__(self, pool_size=(2, 2), strides=None, padding=0, ceil_mode=False,
                 layout="NCHW", count_include_pad=True, **kwargs):
        self._setup(pool_size, strides, padding, layout, ceil_mode, count_include_pad, kwargs)


class AvgPool3D(_WindowPool):
    __doc__ = """The average over windows of (batch, channels, depth, height, width) inputs.
    """ + _AVG_PARAMETERS + """
    Example:
        >>> gluon.nn.AvgPool3D()(nd.ones((1, 1, 4, 4, 4))).shape
        (1, 1, 2, 2, 2)
    """
    _dims, _type = 3, "avg"

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding=0, ceil_mode=False,
                 layout="NCDHW", count_include_pad=True, **kwargs):
        self._setup(pool_size, strides, padding, layout, ceil_mode, count_include_pad, kwargs)


def _global_pool_class(name: str, dims: int, pool_type: str) -> type:
    layouts = _LAYOUTS[dims]

    def __init__(self, layout=layouts[0], **kwargs):
        _check_layout(layout, layouts)
        _Pooling.__init__(self, (1,) * dims, None, 0, True, True, pool_type, layout, **kwargs)

    what = "maximum" if pool_type == "max" else "average"
    ones = ", ".join(["1"] * dims)
    doc = (f"The {what} over all of each channel's {_AXES[dims]}: (N, C, ...) -> (N, C, "
           f"{ones}).\n\n    Parameters:\n        layout: '{layouts[0]}' or '{layouts[1]}'."
           f"\n        prefix: the block's prefix (`pool0_`).\n        params: a "
           f"ParameterDict to share.\n\n    Example:\n        >>> gluon.nn.{name}()(nd.ones("
           f"(2, 3{', 4' * dims}))).shape\n        (2, 3, {ones})\n")
    return type(name, (_Pooling,), {"__init__": __init__, "__doc__": doc, "__module__": __name__})


GlobalMaxPool1D = _global_pool_class("GlobalMaxPool1D", 1, "max")
GlobalMaxPool2D = _global_pool_class("GlobalMaxPool2D", 2, "max")
GlobalMaxPool3D = _global_pool_class("GlobalMaxPool3D", 3, "max")
GlobalAvgPool1D = _global_pool_class("GlobalAvgPool1D", 1, "avg")
GlobalAvgPool2D = _global_pool_class("GlobalAvgPool2D", 2, "avg")
GlobalAvgPool3D = _global_pool_class("GlobalAvgPool3D", 3, "avg")
