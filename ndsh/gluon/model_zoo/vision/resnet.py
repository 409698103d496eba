"""MXNet 1.9.1's ResNets: ResNetV1 ("Deep Residual Learning for Image Recognition", He et al.,
2015) and ResNetV2 ("Identity Mappings in Deep Residual Networks", He et al., 2016), in 18, 34,
50, 101 and 152 layers, with MXNet's layer names (`resnetv10_conv0_weight`,
`resnetv10_stage1_conv0_weight`...) so MXNet's published weights load. The blocks are in
resnet_blocks.py.
"""
from __future__ import annotations

from ndsh.gluon.block import HybridBlock
from ndsh.gluon.model_zoo.vision.pretrained import load_pretrained
from ndsh.gluon.model_zoo.vision.resnet_blocks import (
    BasicBlockV1,
    BasicBlockV2,
    BottleneckV1,
    BottleneckV2,
    _conv3x3,
)
from ndsh.gluon.nn import (
    Activation,
    BatchNorm,
    Conv2D,
    Dense,
    Flatten,
    GlobalAvgPool2D,
    HybridSequential,
    MaxPool2D,
)

__all__ = ["ResNetV1", "ResNetV2", "get_resnet",
           "resnet18_v1", "resnet34_v1", "resnet50_v1", "resnet101_v1", "resnet152_v1",
           "resnet18_v2", "resnet34_v2", "resnet50_v2", "resnet101_v2", "resnet152_v2"]


def _make_stage(block, layers: int, channels: int, stride: int, stage_index: int,
                in_channels: int) -> HybridSequential:
    stage = HybridSequential(prefix=f"stage{stage_index}_")
    with stage.name_scope():
        stage.add(block(channels, stride, channels != in_channels, in_channels=in_channels,
                        prefix=""))
        for _ in range(layers - 1):
            stage.add(block(channels, 1, False, in_channels=channels, prefix=""))
    return stage


class ResNetV1(HybridBlock):
    """ResNet V1 from "Deep Residual Learning for Image Recognition" (He et al., 2015).

    Made of `features` (the convolutional trunk, ending in global average pooling) then `output`
    (a Dense layer to the classes).

    Parameters:
        block: the residual block class, BasicBlockV1 or BottleneckV1.
        layers: the number of blocks in each stage.
        channels: the channels of the stem and of each stage (one more than layers).
        classes: the number of classes of the output layer.
        thumbnail: a single 3x3 convolution as the stem, for small images (CIFAR).
        **kwargs: Block's (prefix, params).

    Example:
        >>> from ndsh.gluon.model_zoo.vision import ResNetV1, BasicBlockV1
        >>> net = ResNetV1(BasicBlockV1, [1, 1], [8, 8, 16], classes=3, thumbnail=True)
        >>> net.initialize(); net(nd.ones((2, 3, 8, 8))).shape
        (2, 3)
    """

    def __init__(self, block, layers: list, channels: list, classes: int = 1000,
                 thumbnail: bool = False, **kwargs):
        super().__init__(**kwargs)
        assert len(layers) == len(channels) - 1
        with self.name_scope():
            self.features = HybridSequential(prefix="")
            if thumbnail:
                self.features.add(_conv3x3(channels[0], 1, 0))
            else:
                self.features.add(Conv2D(channels[0], 7, 2, 3, use_bias=False))
                self.features.add(BatchNorm())
                self.features.add(Activation("relu"))
                self.features.add(MaxPool2D(3, 2, 1))
            for i, num_layer in enumerate(layers):
                stride = 1 if i == 0 else 2
                self.features.add(_make_stage(block, num_layer, channels[i + 1], stride, i + 1,
                                              in_channels=channels[i]))
            self.features.add(GlobalAvgPool2D())
            self.output = Dense(classes, in_units=channels[-1])

    def hybrid_forward(self, F, x):  # noqa: N803
        return self.output(self.features(x))


class ResNetV2(HybridBlock):
    """ResNet V2 from "Identity Mappings in Deep Residual Networks" (He et al., 2016).

    Made of `features` (a batch norm of the input, the convolutional trunk with pre-activation
    blocks, batch norm, relu, global average pooling, flatten) then `output` (a Dense layer).

    Parameters:
        block: the residual block class, BasicBlockV2 or BottleneckV2.
        layers: the number of blocks in each stage.
        channels: the channels of the stem and of each stage (one more than layers).
        classes: the number of classes of the output layer.
        thumbnail: a single 3x3 convolution as the stem, for small images (CIFAR).
        **kwargs: Block's (prefix, params).

    Example:
        >>> from ndsh.gluon.model_zoo.vision import ResNetV2, BasicBlockV2
        >>> net = ResNetV2(BasicBlockV2, [1, 1], [8, 8, 16], classes=3, thumbnail=True)
        >>> net.initialize(); net(nd.ones((2, 3, 8, 8))).shape
        (2, 3)
    """

    def __init__(self, block, layers: list, channels: list, classes: int = 1000,
                 thumbnail: bool = False, **kwargs):
        super().__init__(**kwargs)
        assert len(layers) == len(channels) - 1
        with self.name_scope():
            self.features = HybridSequential(prefix="")
            self.features.add(BatchNorm(scale=False, center=False))
            if thumbnail:
                self.features.add(_conv3x3(channels[0], 1, 0))
            else:
                self.features.add(Conv2D(channels[0], 7, 2, 3, use_bias=False))
                self.features.add(BatchNorm())
                self.features.add(Activation("relu"))
                self.features.add(MaxPool2D(3, 2, 1))
            in_channels = channels[0]
            for i, num_layer in enumerate(layers):
                stride = 1 if i == 0 else 2
                self.features.add(_make_stage(block, num_layer, channels[i + 1], stride, i + 1,
                                              in_channels=in_channels))
                in_channels = channels[i + 1]
            self.features.add(BatchNorm())
            self.features.add(Activation("relu"))
            self.features.add(GlobalAvgPool2D())
            self.features.add(Flatten())
            self.output = Dense(classes, in_units=in_channels)

    def hybrid_forward(self, F, x):  # noqa: N803
        return self.output(self.features(x))


resnet_spec = {18: ("basic_block", [2, 2, 2, 2], [64, 64, 128, 256, 512]),
               34: ("basic_block", [3, 4, 6, 3], [64, 64, 128, 256, 512]),
               50: ("bottle_neck", [3, 4, 6, 3], [64, 256, 512, 1024, 2048]),
               101: ("bottle_neck", [3, 4, 23, 3], [64, 256, 512, 1024, 2048]),
               152: ("bottle_neck", [3, 8, 36, 3], [64, 256, 512, 1024, 2048])}
resnet_net_versions = [ResNetV1, ResNetV2]
resnet_block_versions = [{"basic_block": BasicBlockV1, "bottle_neck": BottleneckV1},
                         {"basic_block": BasicBlockV2, "bottle_neck": BottleneckV2}]


def get_resnet(version: int, num_layers: int, pretrained: bool = False, ctx=None,
               root: str | None = None, **kwargs):
    """A ResNet V1 or V2 of 18, 34, 50, 101 or 152 layers, MXNet's pretrained weights loaded
    when asked (the file `resnet{num_layers}_v{version}-{hash}.params`).

    Parameters:
        version: 1 (ResNetV1) or 2 (ResNetV2).
        num_layers: 18, 34, 50, 101 or 152.
        pretrained: load MXNet's published weights.
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: the net's (classes, thumbnail, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.get_resnet(2, 18, classes=5)
        >>> net.output
        Dense(512 -> 5, linear)
    """
    assert num_layers in resnet_spec, \
        f"Invalid number of layers: {num_layers}. Options are {list(resnet_spec)}"
    block_type, layers, channels = resnet_spec[num_layers]
    assert 1 <= version <= 2, f"Invalid resnet version: {version}. Options are 1 and 2."
    net = resnet_net_versions[version - 1](resnet_block_versions[version - 1][block_type],
                                           layers, channels, **kwargs)
    return load_pretrained(net, f"resnet{num_layers}_v{version}", pretrained, ctx, root)


def resnet18_v1(pretrained: bool = False, ctx=None, root: str | None = None,
                **kwargs) -> ResNetV1:
    """ResNet-18 V1 from "Deep Residual Learning for Image Recognition" (He et al., 2015).

    Parameters:
        pretrained: load MXNet's published weights (`resnet18_v1-a0666292.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: ResNetV1's (classes, thumbnail, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.resnet18_v1(classes=10)
        >>> net.output
        Dense(512 -> 10, linear)
    """
    return get_resnet(1, 18, pretrained, ctx, root, **kwargs)


def resnet34_v1(pretrained: bool = False, ctx=None, root: str | None = None,
                **kwargs) -> ResNetV1:
    """ResNet-34 V1 from "Deep Residual Learning for Image Recognition" (He et al., 2015).

    Parameters:
        pretrained: load MXNet's published weights (`resnet34_v1-48216ba9.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: ResNetV1's (classes, thumbnail, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.resnet34_v1(classes=10)
        >>> net.output
        Dense(512 -> 10, linear)
    """
    return get_resnet(1, 34, pretrained, ctx, root, **kwargs)


def resnet50_v1(pretrained: bool = False, ctx=None, root: str | None = None,
                **kwargs) -> ResNetV1:
    """ResNet-50 V1 from "Deep Residual Learning for Image Recognition" (He et al., 2015).

    Parameters:
        pretrained: load MXNet's published weights (`resnet50_v1-0aee57f9.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: ResNetV1's (classes, thumbnail, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.resnet50_v1(classes=10)
        >>> net.output
        Dense(2048 -> 10, linear)
    """
    return get_resnet(1, 50, pretrained, ctx, root, **kwargs)


def resnet101_v1(pretrained: bool = False, ctx=None, root: str | None = None,
                 **kwargs) -> ResNetV1:
    """ResNet-101 V1 from "Deep Residual Learning for Image Recognition" (He et al., 2015).

    Parameters:
        pretrained: load MXNet's published weights (`resnet101_v1-d988c13d.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: ResNetV1's (classes, thumbnail, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.resnet101_v1(classes=10)
        >>> net.output
        Dense(2048 -> 10, linear)
    """
    return get_resnet(1, 101, pretrained, ctx, root, **kwargs)


def resnet152_v1(pretrained: bool = False, ctx=None, root: str | None = None,
                 **kwargs) -> ResNetV1:
    """ResNet-152 V1 from "Deep Residual Learning for Image Recognition" (He et al., 2015).

    Parameters:
        pretrained: load MXNet's published weights (`resnet152_v1-671c637a.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: ResNetV1's (classes, thumbnail, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.resnet152_v1(classes=10)
        >>> net.output
        Dense(2048 -> 10, linear)
    """
    return get_resnet(1, 152, pretrained, ctx, root, **kwargs)


def resnet18_v2(pretrained: bool = False, ctx=None, root: str | None = None,
                **kwargs) -> ResNetV2:
    """ResNet-18 V2 from "Identity Mappings in Deep Residual Networks" (He et al., 2016).

    Parameters:
        pretrained: load MXNet's published weights (`resnet18_v2-a81db45f.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: ResNetV2's (classes, thumbnail, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.resnet18_v2(classes=10)
        >>> net.output
        Dense(512 -> 10, linear)
    """
    return get_resnet(2, 18, pretrained, ctx, root, **kwargs)


def resnet34_v2(pretrained: bool = False, ctx=None, root: str | None = None,
                **kwargs) -> ResNetV2:
    """ResNet-34 V2 from "Identity Mappings in Deep Residual Networks" (He et al., 2016).

    Parameters:
        pretrained: load MXNet's published weights (`resnet34_v2-9d6b80bb.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: ResNetV2's (classes, thumbnail, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.resnet34_v2(classes=10)
        >>> net.output
        Dense(512 -> 10, linear)
    """
    return get_resnet(2, 34, pretrained, ctx, root, **kwargs)


def resnet50_v2(pretrained: bool = False, ctx=None, root: str | None = None,
                **kwargs) -> ResNetV2:
    """ResNet-50 V2 from "Identity Mappings in Deep Residual Networks" (He et al., 2016).

    Parameters:
        pretrained: load MXNet's published weights (`resnet50_v2-ecdde353.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: ResNetV2's (classes, thumbnail, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.resnet50_v2(classes=10)
        >>> net.output
        Dense(2048 -> 10, linear)
    """
    return get_resnet(2, 50, pretrained, ctx, root, **kwargs)


def resnet101_v2(pretrained: bool = False, ctx=None, root: str | None = None,
                 **kwargs) -> ResNetV2:
    """ResNet-101 V2 from "Identity Mappings in Deep Residual Networks" (He et al., 2016).

    Parameters:
        pretrained: load MXNet's published weights (`resnet101_v2-18e93e4f.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: ResNetV2's (classes, thumbnail, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.resnet101_v2(classes=10)
        >>> net.output
        Dense(2048 -> 10, linear)
    """
    return get_resnet(2, 101, pretrained, ctx, root, **kwargs)


def resnet152_v2(pretrained: bool = False, ctx=None, root: str | None = None,
                 **kwargs) -> ResNetV2:
    """ResNet-152 V2 from "Identity Mappings in Deep Residual Networks" (He et al., 2016).

    Parameters:
        pretrained: load MXNet's published weights (`resnet152_v2-f2695542.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: ResNetV2's (classes, thumbnail, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.resnet152_v2(classes=10)
        >>> net.output
        Dense(2048 -> 10, linear)
    """
    return get_resnet(2, 152, pretrained, ctx, root, **kwargs)
