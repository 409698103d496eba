"""The residual blocks of MXNet 1.9.1's ResNets: BasicBlockV1 / BottleneckV1 (ResNet V1, post-
activation) and BasicBlockV2 / BottleneckV2 (ResNet V2, pre-activation), with MXNet's layer
names and attributes (`body`, `downsample`; `bn1`, `conv1`...), so MXNet's files load.
"""
from __future__ import annotations

from ndsh.gluon.block import HybridBlock
from ndsh.gluon.nn import Activation, BatchNorm, Conv2D, HybridSequential

__all__ = ["BasicBlockV1", "BottleneckV1", "BasicBlockV2", "BottleneckV2"]


def _conv3x3(channels: int, stride: int, in_channels: int) -> Conv2D:
    return Conv2D(channels, kernel_size=3, strides=stride, padding=1, use_bias=False,
                  in_channels=in_channels)


class BasicBlockV1(HybridBlock):
    """The basic residual block of ResNet V1 (18 and 34 layers).

    From "Deep Residual Learning for Image Recognition" (He et al., 2015): relu(body(x) + x),
    the body two 3x3 convolutions.

    Parameters:
        channels: the number of output channels.
        stride: the first convolution's stride.
        downsample: whether the shortcut is a strided 1x1 convolution (when the shape changes).
        in_channels: the number of input channels (0: inferred from the first input).
        **kwargs: Block's (prefix, params).

    Example:
        >>> from ndsh.gluon.model_zoo.vision import BasicBlockV1
        >>> block = BasicBlockV1(8, 2, downsample=True, in_channels=4, prefix='')
        >>> block.initialize(); block(nd.ones((1, 4, 6, 6))).shape
        (1, 8, 3, 3)
    """

    def __init__(self, channels: int, stride: int, downsample: bool = False,
                 in_channels: int = 0, **kwargs):
        super().__init__(**kwargs)
        self.body = HybridSequential(prefix="")
        self.body.add(_conv3x3(channels, stride, in_channels))
        self.body.add(BatchNorm())
        self.body.add(Activation("relu"))
        self.body.add(_conv3x3(channels, 1, channels))
        self.body.add(BatchNorm())
        if downsample:
            self.downsample = HybridSequential(prefix="")
            self.downsample.add(Conv2D(channels, kernel_size=1, strides=stride, use_bias=False,
                                       in_channels=in_channels))
            self.downsample.add(BatchNorm())
        else:
            self.downsample = None

    def hybrid_forward(self, F, x):  # noqa: N803
        residual = self.downsample(x) if self.downsample else x
        return F.Activation(residual + self.body(x), act_type="relu")


class BottleneckV1(HybridBlock):
    """The bottleneck residual block of ResNet V1 (50, 101, 152 layers).

    From "Deep Residual Learning for Image Recognition" (He et al., 2015): 1x1, 3x3 and 1x1
    convolutions at a quarter of the channels in the middle, added to the shortcut and
    rectified.

    Parameters:
        channels: the number of output channels.
        stride: the first convolution's stride.
        downsample: whether the shortcut is a strided 1x1 convolution (when the shape changes).
        in_channels: the number of input channels (0: inferred from the first input).
        **kwargs: Block's (prefix, params).

    Example:
        >>> from ndsh.gluon.model_zoo.vision import BottleneckV1
        >>> block = BottleneckV1(16, 1, downsample=True, in_channels=4, prefix='')
        >>> block.initialize(); block(nd.ones((1, 4, 5, 5))).shape
        (1, 16, 5, 5)
    """

    def __init__(self, channels: int, stride: int, downsample: bool = False,
                 in_channels: int = 0, **kwargs):
        super().__init__(**kwargs)
        self.body = HybridSequential(prefix="")
        self.body.add(Conv2D(channels // 4, kernel_size=1, strides=stride))
        self.body.add(BatchNorm())
        self.body.add(Activation("relu"))
        self.body.add(_conv3x3(channels // 4, 1, channels // 4))
        self.body.add(BatchNorm())
        self.body.add(Activation("relu"))
        self.body.add(Conv2D(channels, kernel_size=1, strides=1))
        self.body.add(BatchNorm())
        if downsample:
            self.downsample = HybridSequential(prefix="")
            self.downsample.add(Conv2D(channels, kernel_size=1, strides=stride, use_bias=False,
                                       in_channels=in_channels))
            self.downsample.add(BatchNorm())
        else:
            self.downsample = None

    def hybrid_forward(self, F, x):  # noqa: N803
        residual = self.downsample(x) if self.downsample else x
        return F.Activation(self.body(x) + residual, act_type="relu")


class BasicBlockV2(HybridBlock):
    """The basic residual block of ResNet V2 (18 and 34 layers).

    From "Identity Mappings in Deep Residual Networks" (He et al., 2016): batch norm and relu
    before each 3x3 convolution, the shortcut added last.

    Parameters:
        channels: the number of output channels.
        stride: the first convolution's stride.
        downsample: whether the shortcut is a strided 1x1 convolution (when the shape changes).
        in_channels: the number of input channels (0: inferred from the first input).
        **kwargs: Block's (prefix, params).

    Example:
        >>> from ndsh.gluon.model_zoo.vision import BasicBlockV2
        >>> block = BasicBlockV2(4, 1, in_channels=4, prefix='')
        >>> block.initialize(); block(nd.ones((1, 4, 5, 5))).shape
        (1, 4, 5, 5)
    """

    def __init__(self, channels: int, stride: int, downsample: bool = False,
                 in_channels: int = 0, **kwargs):
        super().__init__(**kwargs)
        self.bn1 = BatchNorm()
        self.conv1 = _conv3x3(channels, stride, in_channels)
        self.bn2 = BatchNorm()
        self.conv2 = _conv3x3(channels, 1, channels)
        if downsample:
            self.downsample = Conv2D(channels, 1, stride, use_bias=False, in_channels=in_channels)
        else:
            self.downsample = None

    def hybrid_forward(self, F, x):  # noqa: N803
        residual = x
        x = F.Activation(self.bn1(x), act_type="relu")
        if self.downsample:
            residual = self.downsample(x)
        x = self.conv1(x)
        x = self.conv2(F.Activation(self.bn2(x), act_type="relu"))
        return x + residual


class BottleneckV2(HybridBlock):
    """The bottleneck residual block of ResNet V2 (50, 101, 152 layers).

    From "Identity Mappings in Deep Residual Networks" (He et al., 2016): batch norm and relu
    before each of the 1x1, 3x3 and 1x1 convolutions, the shortcut added last.

    Parameters:
        channels: the number of output channels.
        stride: the middle convolution's stride.
        downsample: whether the shortcut is a strided 1x1 convolution (when the shape changes).
        in_channels: the number of input channels (0: inferred from the first input).
        **kwargs: Block's (prefix, params).

    Example:
        >>> from ndsh.gluon.model_zoo.vision import BottleneckV2
        >>> block = BottleneckV2(16, 2, downsample=True, in_channels=4, prefix='')
        >>> block.initialize(); block(nd.ones((1, 4, 6, 6))).shape
        (1, 16, 3, 3)
    """

    def __init__(self, channels: int, stride: int, downsample: bool = False,
                 in_channels: int = 0, **kwargs):
        super().__init__(**kwargs)
        self.bn1 = BatchNorm()
        self.conv1 = Conv2D(channels // 4, kernel_size=1, strides=1, use_bias=False)
        self.bn2 = BatchNorm()
        self.conv2 = _conv3x3(channels // 4, stride, channels // 4)
        self.bn3 = BatchNorm()
        self.conv3 = Conv2D(channels, kernel_size=1, strides=1, use_bias=False)
        if downsample:
            self.downsample = Conv2D(channels, 1, stride, use_bias=False, in_channels=in_channels)
        else:
            self.downsample = None

    def hybrid_forward(self, F, x):  # noqa: N803
        residual = x
        x = F.Activation(self.bn1(x), act_type="relu")
        if self.downsample:
            residual = self.downsample(x)
        x = self.conv1(x)
        x = self.conv2(F.Activation(self.bn2(x), act_type="relu"))
        x = self.conv3(F.Activation(self.bn3(x), act_type="relu"))
        return x + residual
