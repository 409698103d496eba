"""MXNet 1.9.1's SqueezeNet 1.0 ("SqueezeNet: AlexNet-level accuracy with 50x fewer parameters
and <0.5MB model size", Iandola et al., 2016) and 1.1 (from the authors' repository), with
MXNet's layer names (`squeezenet0_conv0_weight`...)."""
from __future__ import annotations

from ndsh.gluon.block import HybridBlock
from ndsh.gluon.model_zoo.concurrent import HybridConcurrent
from ndsh.gluon.model_zoo.vision.pretrained import load_pretrained
from ndsh.gluon.nn import (
    Activation,
    AvgPool2D,
    Conv2D,
    Dropout,
    Flatten,
    HybridSequential,
    MaxPool2D,
)

__all__ = ["SqueezeNet", "get_squeezenet", "squeezenet1_0", "squeezenet1_1"]


def _make_fire(squeeze_channels: int, expand1x1_channels: int,
               expand3x3_channels: int) -> HybridSequential:
    out = HybridSequential(prefix="")
    out.add(_make_fire_conv(squeeze_channels, 1))
    paths = HybridConcurrent(axis=1, prefix="")
    paths.add(_make_fire_conv(expand1x1_channels, 1))
    paths.add(_make_fire_conv(expand3x3_channels, 3, 1))
    out.add(paths)
    return out


def _make_fire_conv(channels: int, kernel_size: int, padding: int = 0) -> HybridSequential:
    out = HybridSequential(prefix="")
    out.add(Conv2D(channels, kernel_size, padding=padding))
    out.add(Activation("relu"))
    return out


class SqueezeNet(HybridBlock):
    """SqueezeNet 1.0 (Iandola et al., 2016) or 1.1 (2.4x less computation, as accurate).

    From "SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and <0.5MB model size".

    Made of `features` (fire modules: a 1x1 squeeze, then 1x1 and 3x3 expands concatenated) and
    `output` (a 1x1 convolution to the classes, relu, 13x13 average pooling: the input is
    224x224).

    Parameters:
        version: '1.0' or '1.1'.
        classes: the number of classes of the output layer.
        **kwargs: Block's (prefix, params).

    Example:
        >>> from ndsh.gluon.model_zoo.vision import SqueezeNet
        >>> net = SqueezeNet('1.1', classes=10); net.output[0]
        Conv2D(None -> 10, kernel_size=(1, 1), stride=(1, 1))
    """

    def __init__(self, version: str, classes: int = 1000, **kwargs):
        super().__init__(**kwargs)
        assert version in ["1.0", "1.1"], (f"Unsupported SqueezeNet version {version}:"
                                           f"1.0 or 1.1 expected")
        with self.name_scope():
            self.features = HybridSequential(prefix="")
            if version == "1.0":
                self.features.add(Conv2D(96, kernel_size=7, strides=2))
                self.features.add(Activation("relu"))
                self.features.add(MaxPool2D(pool_size=3, strides=2, ceil_mode=True))
                self.features.add(_make_fire(16, 64, 64))
                self.features.add(_make_fire(16, 64, 64))
                self.features.add(_make_fire(32, 128, 128))
                self.features.add(MaxPool2D(pool_size=3, strides=2, ceil_mode=True))
                self.features.add(_make_fire(32, 128, 128))
                self.features.add(_make_fire(48, 192, 192))
                self.features.add(_make_fire(48, 192, 192))
                self.features.add(_make_fire(64, 256, 256))
                self.features.add(MaxPool2D(pool_size=3, strides=2, ceil_mode=True))
                self.features.add(_make_fire(64, 256, 256))
            else:
                self.features.add(Conv2D(64, kernel_size=3, strides=2))
                self.features.add(Activation("relu"))
                self.features.add(MaxPool2D(pool_size=3, strides=2, ceil_mode=True))
                self.features.add(_make_fire(16, 64, 64))
                self.features.add(_make_fire(16, 64, 64))
                self.features.add(MaxPool2D(pool_size=3, strides=2, ceil_mode=True))
                self.features.add(_make_fire(32, 128, 128))
                self.features.add(_make_fire(32, 128, 128))
                self.features.add(MaxPool2D(pool_size=3, strides=2, ceil_mode=True))
                self.features.add(_make_fire(48, 192, 192))
                self.features.add(_make_fire(48, 192, 192))
                self.features.add(_make_fire(64, 256, 256))
                self.features.add(_make_fire(64, 256, 256))
            self.features.add(Dropout(0.5))
            self.output = HybridSequential(prefix="")
            self.output.add(Conv2D(classes, kernel_size=1))
            self.output.add(Activation("relu"))
            self.output.add(AvgPool2D(13))
            self.output.add(Flatten())

    def hybrid_forward(self, F, x):  # noqa: N803
        return self.output(self.features(x))


def get_squeezenet(version: str, pretrained: bool = False, ctx=None, root: str | None = None,
                   **kwargs) -> SqueezeNet:
    """SqueezeNet 1.0 or 1.1, MXNet's pretrained weights loaded when asked (the file
    `squeezenet{version}-{hash}.params`).

    Parameters:
        version: '1.0' or '1.1'.
        pretrained: load MXNet's published weights.
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: SqueezeNet's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.get_squeezenet('1.0')
        >>> net.features[0]
        Conv2D(None -> 96, kernel_size=(7, 7), stride=(2, 2))
    """
    net = SqueezeNet(version, **kwargs)
    return load_pretrained(net, f"squeezenet{version}", pretrained, ctx, root)


def squeezenet1_0(pretrained: bool = False, ctx=None, root: str | None = None,
                  **kwargs) -> SqueezeNet:
    """SqueezeNet 1.0 from "SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and
    <0.5MB model size" (Iandola et al., 2016).

    Parameters:
        pretrained: load MXNet's published weights (`squeezenet1.0-264ba497.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: SqueezeNet's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.squeezenet1_0(classes=10)
        >>> len(net.collect_params().keys())
        52
    """
    return get_squeezenet('1.0', pretrained, ctx, root, **kwargs)


def squeezenet1_1(pretrained: bool = False, ctx=None, root: str | None = None,
                  **kwargs) -> SqueezeNet:
    """SqueezeNet 1.1 from the authors' repository (DeepScale/SqueezeNet): 2.4x less computation
    than 1.0, about as accurate.

    Parameters:
        pretrained: load MXNet's published weights (`squeezenet1.1-33ba0f93.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: SqueezeNet's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.squeezenet1_1(classes=10)
        >>> len(net.collect_params().keys())
        52
    """
    return get_squeezenet('1.1', pretrained, ctx, root, **kwargs)
