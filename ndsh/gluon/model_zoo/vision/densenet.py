"""MXNet 1.9.1's DenseNet-BC ("Densely Connected Convolutional Networks", Huang et al., 2016):
121, 161, 169 and 201 layers, with MXNet's layer names (`densenet0_stage1_conv0_weight`...)."""
from __future__ import annotations

from ndsh.gluon.block import HybridBlock
from ndsh.gluon.model_zoo.concurrent import HybridConcurrent, Identity
from ndsh.gluon.model_zoo.vision.pretrained import load_pretrained
from ndsh.gluon.nn import (
    Activation,
    AvgPool2D,
    BatchNorm,
    Conv2D,
    Dense,
    Dropout,
    Flatten,
    HybridSequential,
    MaxPool2D,
)

__all__ = ["DenseNet", "get_densenet", "densenet121", "densenet161", "densenet169",
           "densenet201"]


def _make_dense_block(num_layers: int, bn_size: int, growth_rate: int, dropout: float,
                      stage_index: int) -> HybridSequential:
    out = HybridSequential(prefix=f"stage{stage_index}_")
    with out.name_scope():
        for _ in range(num_layers):
            out.add(_make_dense_layer(growth_rate, bn_size, dropout))
    return out


def _make_dense_layer(growth_rate: int, bn_size: int, dropout: float) -> HybridConcurrent:
    new_features = HybridSequential(prefix="")
    new_features.add(BatchNorm())
    new_features.add(Activation("relu"))
    new_features.add(Conv2D(bn_size * growth_rate, kernel_size=1, use_bias=False))
    new_features.add(BatchNorm())
    new_features.add(Activation("relu"))
    new_features.add(Conv2D(growth_rate, kernel_size=3, padding=1, use_bias=False))
    if dropout:
        new_features.add(Dropout(dropout))
    out = HybridConcurrent(axis=1, prefix="")
    out.add(Identity())
    out.add(new_features)
    return out


def _make_transition(num_output_features: int) -> HybridSequential:
    out = HybridSequential(prefix="")
    out.add(BatchNorm())
    out.add(Activation("relu"))
    out.add(Conv2D(num_output_features, kernel_size=1, use_bias=False))
    out.add(AvgPool2D(pool_size=2, strides=2))
    return out


class DenseNet(HybridBlock):
    """DenseNet-BC from "Densely Connected Convolutional Networks" (Huang et al., 2016).

    Made of `features` (a 7x7 stem, dense blocks whose layers each add `growth_rate` channels
    joined by transitions that halve them, then 7x7 average pooling: the input is 224x224) and
    `output` (a Dense layer).

    Parameters:
        num_init_features: the channels of the first convolution.
        growth_rate: the channels each dense layer adds (k in the paper).
        block_config: the number of layers in each dense block.
        bn_size: the bottleneck's width, in multiples of growth_rate.
        dropout: the dropout rate after each dense layer (0: none).
        classes: the number of classes of the output layer.
        **kwargs: Block's (prefix, params).

    Example:
        >>> from ndsh.gluon.model_zoo.vision import DenseNet
        >>> net = DenseNet(8, 4, [2, 2], classes=3)
        >>> len(net.features), net.output
        (11, Dense(None -> 3, linear))
    """

    def __init__(self, num_init_features: int, growth_rate: int, block_config: list,
                 bn_size: int = 4, dropout: float = 0, classes: int = 1000, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.features = HybridSequential(prefix="")
            self.features.add(Conv2D(num_init_features, kernel_size=7, strides=2, padding=3,
                                     use_bias=False))
            self.features.add(BatchNorm())
            self.features.add(Activation("relu"))
            self.features.add(MaxPool2D(pool_size=3, strides=2, padding=1))
            num_features = num_init_features
            for i, num_layers in enumerate(block_config):
                self.features.add(_make_dense_block(num_layers, bn_size, growth_rate, dropout,
                                                    i + 1))
                num_features = num_features + num_layers * growth_rate
                if i != len(block_config) - 1:
                    self.features.add(_make_transition(num_features // 2))
                    num_features = num_features // 2
            self.features.add(BatchNorm())
            self.features.add(Activation("relu"))
            self.features.add(AvgPool2D(pool_size=7))
            self.features.add(Flatten())
            self.output = Dense(classes)

    def hybrid_forward(self, F, x):  # noqa: N803
        return self.output(self.features(x))


densenet_spec = {121: (64, 32, [6, 12, 24, 16]),
                 161: (96, 48, [6, 12, 36, 24]),
                 169: (64, 32, [6, 12, 32, 32]),
                 201: (64, 32, [6, 12, 48, 32])}


def get_densenet(num_layers: int, pretrained: bool = False, ctx=None, root: str | None = None,
                 **kwargs) -> DenseNet:
    """A DenseNet-BC of 121, 161, 169 or 201 layers, MXNet's pretrained weights loaded when
    asked (the file `densenet{num_layers}-{hash}.params`).

    Parameters:
        num_layers: 121, 161, 169 or 201.
        pretrained: load MXNet's published weights.
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: DenseNet's (bn_size, dropout, classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.get_densenet(121)
        >>> len(net.features[4])
        6
    """
    num_init_features, growth_rate, block_config = densenet_spec[num_layers]
    net = DenseNet(num_init_features, growth_rate, block_config, **kwargs)
    return load_pretrained(net, f"densenet{num_layers}", pretrained, ctx, root)


def densenet121(pretrained: bool = False, ctx=None, root: str | None = None,
                **kwargs) -> DenseNet:
    """DenseNet-BC 121 from "Densely Connected Convolutional Networks" (Huang et al., 2016).

    Parameters:
        pretrained: load MXNet's published weights (`densenet121-f27dbf2d.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: DenseNet's (classes, bn_size, dropout, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.densenet121(classes=10)
        >>> sum(len(stage) for stage in net.features[4:11:2])
        58
    """
    return get_densenet(121, pretrained, ctx, root, **kwargs)


def densenet161(pretrained: bool = False, ctx=None, root: str | None = None,
                **kwargs) -> DenseNet:
    """DenseNet-BC 161 from "Densely Connected Convolutional Networks" (Huang et al., 2016).

    Parameters:
        pretrained: load MXNet's published weights (`densenet161-b6c8a957.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: DenseNet's (classes, bn_size, dropout, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.densenet161(classes=10)
        >>> sum(len(stage) for stage in net.features[4:11:2])
        78
    """
    return get_densenet(161, pretrained, ctx, root, **kwargs)


def densenet169(pretrained: bool = False, ctx=None, root: str | None = None,
                **kwargs) -> DenseNet:
    """DenseNet-BC 169 from "Densely Connected Convolutional Networks" (Huang et al., 2016).

    Parameters:
        pretrained: load MXNet's published weights (`densenet169-2603f878.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: DenseNet's (classes, bn_size, dropout, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.densenet169(classes=10)
        >>> sum(len(stage) for stage in net.features[4:11:2])
        82
    """
    return get_densenet(169, pretrained, ctx, root, **kwargs)


def densenet201(pretrained: bool = False, ctx=None, root: str | None = None,
                **kwargs) -> DenseNet:
    """DenseNet-BC 201 from "Densely Connected Convolutional Networks" (Huang et al., 2016).

    Parameters:
        pretrained: load MXNet's published weights (`densenet201-1cdbc116.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: DenseNet's (classes, bn_size, dropout, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.densenet201(classes=10)
        >>> sum(len(stage) for stage in net.features[4:11:2])
        98
    """
    return get_densenet(201, pretrained, ctx, root, **kwargs)
