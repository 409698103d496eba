"""MXNet 1.9.1's MobileNet ("MobileNets: Efficient Convolutional Neural Networks for Mobile
Vision Applications", Howard et al., 2017) and MobileNetV2 ("Inverted Residuals and Linear
Bottlenecks", Sandler et al., 2018), width multipliers 1.0, 0.75, 0.5 and 0.25, with MXNet's
layer names (`mobilenet0_conv0_weight`, `mobilenetv20_features_conv0_weight`...)."""
from __future__ import annotations

from ndsh.gluon.block import HybridBlock
from ndsh.gluon.model_zoo.vision.pretrained import load_pretrained
from ndsh.gluon.nn import (
    Activation,
    BatchNorm,
    Conv2D,
    Dense,
    Flatten,
    GlobalAvgPool2D,
    HybridSequential,
)

__all__ = ["MobileNet", "MobileNetV2", "get_mobilenet", "get_mobilenet_v2",
           "mobilenet1_0", "mobilenet0_75", "mobilenet0_5", "mobilenet0_25",
           "mobilenet_v2_1_0", "mobilenet_v2_0_75", "mobilenet_v2_0_5", "mobilenet_v2_0_25"]


class RELU6(HybridBlock):
    """relu6: clip(x, 0, 6), the activation of MobileNetV2.

    Example:
        >>> from ndsh.gluon.model_zoo.vision.mobilenet import RELU6
        >>> RELU6()(nd.array([-1, 3, 9]))
        <BLANKLINE>
        [0. 3. 6.]
        <NDArray 3 @cpu(0)>
    """

    def hybrid_forward(self, F, x):  # noqa: N803
        return F.clip(x, 0, 6, name="relu6")


def _add_conv(out, channels: int = 1, kernel: int = 1, stride: int = 1, pad: int = 0,
              num_group: int = 1, active: bool = True, relu6: bool = False) -> None:
    out.add(Conv2D(channels, kernel, stride, pad, groups=num_group, use_bias=False))
    out.add(BatchNorm(scale=True))
    if active:
        out.add(RELU6() if relu6 else Activation("relu"))


def _add_conv_dw(out, dw_channels: int, channels: int, stride: int, relu6: bool = False):
    _add_conv(out, channels=dw_channels, kernel=3, stride=stride, pad=1, num_group=dw_channels,
              relu6=relu6)
    _add_conv(out, channels=channels, relu6=relu6)


class LinearBottleneck(HybridBlock):
    """The inverted residual block of MobileNetV2 ("Inverted Residuals and Linear Bottlenecks",
    Sandler et al., 2018): a 1x1 expansion by t, a 3x3 depthwise convolution, a linear 1x1
    projection, and the input added back when the shapes allow.

    Parameters:
        in_channels: the number of input channels.
        channels: the number of output channels.
        t: the expansion ratio.
        stride: the depthwise convolution's stride.
        **kwargs: Block's (prefix, params).

    Example:
        >>> from ndsh.gluon.model_zoo.vision.mobilenet import LinearBottleneck
        >>> block = LinearBottleneck(4, 4, 6, 1); block.initialize()
        >>> block(nd.ones((1, 4, 5, 5))).shape, block.use_shortcut
        ((1, 4, 5, 5), True)
    """

    def __init__(self, in_channels: int, channels: int, t: int, stride: int, **kwargs):
        super().__init__(**kwargs)
        self.use_shortcut = stride == 1 and in_channels == channels
        with self.name_scope():
            self.out = HybridSequential()
            _add_conv(self.out, in_channels * t, relu6=True)
            _add_conv(self.out, in_channels * t, kernel=3, stride=stride, pad=1,
                      num_group=in_channels * t, relu6=True)
            _add_conv(self.out, channels, active=False, relu6=True)

    def hybrid_forward(self, F, x):  # noqa: N803
        out = self.out(x)
        return F.elemwise_add(out, x) if self.use_shortcut else out


class MobileNet(HybridBlock):
    """MobileNet from "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision
    Applications" (Howard et al., 2017).

    Made of `features` (depthwise separable convolutions, global average pooling, flatten) and
    `output` (a Dense layer).

    Parameters:
        multiplier: the width multiplier (at least 0.25): each layer's channels times this.
        classes: the number of classes of the output layer.
        **kwargs: Block's (prefix, params).

    Example:
        >>> from ndsh.gluon.model_zoo.vision import MobileNet
        >>> net = MobileNet(0.25, classes=10); net.initialize()
        >>> net(nd.ones((1, 3, 32, 32))).shape
        (1, 10)
    """

    def __init__(self, multiplier: float = 1.0, classes: int = 1000, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.features = HybridSequential(prefix="")
            with self.features.name_scope():
                _add_conv(self.features, channels=int(32 * multiplier), kernel=3, pad=1,
                          stride=2)
                dw_channels = [int(x * multiplier) for x in [32, 64] + [128] * 2
                               + [256] * 2 + [512] * 6 + [1024]]
                channels = [int(x * multiplier) for x in [64] + [128] * 2 + [256] * 2
                            + [512] * 6 + [1024] * 2]
                strides = [1, 2] * 3 + [1] * 5 + [2, 1]
                for dwc, c, s in zip(dw_channels, channels, strides):
                    _add_conv_dw(self.features, dw_channels=dwc, channels=c, stride=s)
                self.features.add(GlobalAvgPool2D())
                self.features.add(Flatten())
            self.output = Dense(classes)

    def hybrid_forward(self, F, x):  # noqa: N803
        return self.output(self.features(x))


class MobileNetV2(HybridBlock):
    """MobileNetV2 from "Inverted Residuals and Linear Bottlenecks" (Sandler et al., 2018).

    Made of `features` (a stem, 17 LinearBottlenecks, a 1x1 convolution to 1280 channels, global
    average pooling) and `output` (a 1x1 convolution to the classes, flatten).

    Parameters:
        multiplier: the width multiplier: each layer's channels times this.
        classes: the number of classes of the output layer.
        **kwargs: Block's (prefix, params).

    Example:
        >>> from ndsh.gluon.model_zoo.vision import MobileNetV2
        >>> net = MobileNetV2(0.25, classes=10); net.initialize()
        >>> net(nd.ones((1, 3, 32, 32))).shape
        (1, 10)
    """

    def __init__(self, multiplier: float = 1.0, classes: int = 1000, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.features = HybridSequential(prefix="features_")
            with self.features.name_scope():
                _add_conv(self.features, int(32 * multiplier), kernel=3, stride=2, pad=1,
                          relu6=True)
                in_channels_group = [int(x * multiplier) for x in [32] + [16] + [24] * 2
                                     + [32] * 3 + [64] * 4 + [96] * 3 + [160] * 3]
                channels_group = [int(x * multiplier) for x in [16] + [24] * 2 + [32] * 3
                                  + [64] * 4 + [96] * 3 + [160] * 3 + [320]]
                ts = [1] + [6] * 16
                strides = [1, 2] * 2 + [1, 1, 2] + [1] * 6 + [2] + [1] * 3
                for in_c, c, t, s in zip(in_channels_group, channels_group, ts, strides):
                    self.features.add(LinearBottleneck(in_channels=in_c, channels=c, t=t,
                                                       stride=s))
                last_channels = int(1280 * multiplier) if multiplier > 1.0 else 1280
                _add_conv(self.features, last_channels, relu6=True)
                self.features.add(GlobalAvgPool2D())
            self.output = HybridSequential(prefix="output_")
            with self.output.name_scope():
                self.output.add(Conv2D(classes, 1, use_bias=False, prefix="pred_"), Flatten())

    def hybrid_forward(self, F, x):  # noqa: N803
        return self.output(self.features(x))


def _version_suffix(multiplier: float) -> str:
    suffix = f"{multiplier:.2f}"
    return suffix[:-1] if suffix in ("1.00", "0.50") else suffix


def get_mobilenet(multiplier: float, pretrained: bool = False, ctx=None,
                  root: str | None = None, **kwargs) -> MobileNet:
    """A MobileNet of the given width multiplier, MXNet's pretrained weights loaded when asked
    (the file `mobilenet{multiplier}-{hash}.params`: 1.0, 0.75, 0.5 and 0.25 exist).

    Parameters:
        multiplier: the width multiplier (at least 0.25).
        pretrained: load MXNet's published weights.
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: MobileNet's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.get_mobilenet(0.5)
        >>> net.features[0]
        Conv2D(None -> 16, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
    """
    net = MobileNet(multiplier, **kwargs)
    name = f"mobilenet{_version_suffix(multiplier)}"
    return load_pretrained(net, name, pretrained, ctx, root)


def get_mobilenet_v2(multiplier: float, pretrained: bool = False, ctx=None,
                     root: str | None = None, **kwargs) -> MobileNetV2:
    """A MobileNetV2 of the given width multiplier, MXNet's pretrained weights loaded when
    asked (the file `mobilenetv2_{multiplier}-{hash}.params`: 1.0, 0.75, 0.5, 0.25 exist).

    Parameters:
        multiplier: the width multiplier.
        pretrained: load MXNet's published weights.
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: MobileNetV2's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.get_mobilenet_v2(0.5)
        >>> net.output[0]
        Conv2D(None -> 1000, kernel_size=(1, 1), stride=(1, 1), bias=False)
    """
    net = MobileNetV2(multiplier, **kwargs)
    name = f"mobilenetv2_{_version_suffix(multiplier)}"
    return load_pretrained(net, name, pretrained, ctx, root)


def mobilenet1_0(pretrained: bool = False, ctx=None, root: str | None = None,
                 **kwargs) -> MobileNet:
    """MobileNet with width multiplier 1.0, from "MobileNets: Efficient Convolutional
    Neural Networks for Mobile Vision Applications" (Howard et al., 2017).

    Parameters:
        pretrained: load MXNet's published weights (`mobilenet1.0-6b8c5106.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: MobileNet's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.mobilenet1_0(classes=10)
        >>> net.features[0]
        Conv2D(None -> 32, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
    """
    return get_mobilenet(1.0, pretrained, ctx, root, **kwargs)


def mobilenet0_75(pretrained: bool = False, ctx=None, root: str | None = None,
                  **kwargs) -> MobileNet:
    """MobileNet with width multiplier 0.75, from "MobileNets: Efficient Convolutional
    Neural Networks for Mobile Vision Applications" (Howard et al., 2017).

    Parameters:
        pretrained: load MXNet's published weights (`mobilenet0.75-529b2c7f.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: MobileNet's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.mobilenet0_75(classes=10)
        >>> net.features[0]
        Conv2D(None -> 24, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
    """
    return get_mobilenet(0.75, pretrained, ctx, root, **kwargs)


def mobilenet0_5(pretrained: bool = False, ctx=None, root: str | None = None,
                 **kwargs) -> MobileNet:
    """MobileNet with width multiplier 0.5, from "MobileNets: Efficient Convolutional
    Neural Networks for Mobile Vision Applications" (Howard et al., 2017).

    Parameters:
        pretrained: load MXNet's published weights (`mobilenet0.5-8e9d539c.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: MobileNet's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.mobilenet0_5(classes=10)
        >>> net.features[0]
        Conv2D(None -> 16, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
    """
    return get_mobilenet(0.5, pretrained, ctx, root, **kwargs)


def mobilenet0_25(pretrained: bool = False, ctx=None, root: str | None = None,
                  **kwargs) -> MobileNet:
    """MobileNet with width multiplier 0.25, from "MobileNets: Efficient Convolutional
    Neural Networks for Mobile Vision Applications" (Howard et al., 2017).

    Parameters:
        pretrained: load MXNet's published weights (`mobilenet0.25-9f83e440.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: MobileNet's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.mobilenet0_25(classes=10)
        >>> net.features[0]
        Conv2D(None -> 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
    """
    return get_mobilenet(0.25, pretrained, ctx, root, **kwargs)


def mobilenet_v2_1_0(pretrained: bool = False, ctx=None, root: str | None = None,
                     **kwargs) -> MobileNetV2:
    """MobileNetV2 with width multiplier 1.0, from "Inverted Residuals and Linear
    Bottlenecks" (Sandler et al., 2018).

    Parameters:
        pretrained: load MXNet's published weights (`mobilenetv2_1.0-36da4ff1.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: MobileNetV2's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.mobilenet_v2_1_0(classes=10)
        >>> net.features[0]
        Conv2D(None -> 32, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
    """
    return get_mobilenet_v2(1.0, pretrained, ctx, root, **kwargs)


def mobilenet_v2_0_75(pretrained: bool = False, ctx=None, root: str | None = None,
                      **kwargs) -> MobileNetV2:
    """MobileNetV2 with width multiplier 0.75, from "Inverted Residuals and Linear
    Bottlenecks" (Sandler et al., 2018).

    Parameters:
        pretrained: load MXNet's published weights (`mobilenetv2_0.75-e2be7b72.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: MobileNetV2's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.mobilenet_v2_0_75(classes=10)
        >>> net.features[0]
        Conv2D(None -> 24, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
    """
    return get_mobilenet_v2(0.75, pretrained, ctx, root, **kwargs)


def mobilenet_v2_0_5(pretrained: bool = False, ctx=None, root: str | None = None,
                     **kwargs) -> MobileNetV2:
    """MobileNetV2 with width multiplier 0.5, from "Inverted Residuals and Linear
    Bottlenecks" (Sandler et al., 2018).

    Parameters:
        pretrained: load MXNet's published weights (`mobilenetv2_0.5-aabd26cd.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: MobileNetV2's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.mobilenet_v2_0_5(classes=10)
        >>> net.features[0]
        Conv2D(None -> 16, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
    """
    return get_mobilenet_v2(0.5, pretrained, ctx, root, **kwargs)


def mobilenet_v2_0_25(pretrained: bool = False, ctx=None, root: str | None = None,
                      **kwargs) -> MobileNetV2:
    """MobileNetV2 with width multiplier 0.25, from "Inverted Residuals and Linear
    Bottlenecks" (Sandler et al., 2018).

    Parameters:
        pretrained: load MXNet's published weights (`mobilenetv2_0.25-ae8f9392.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: MobileNetV2's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.mobilenet_v2_0_25(classes=10)
        >>> net.features[0]
        Conv2D(None -> 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)
    """
    return get_mobilenet_v2(0.25, pretrained, ctx, root, **kwargs)
