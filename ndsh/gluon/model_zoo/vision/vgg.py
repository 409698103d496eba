"""MXNet 1.9.1's VGG ("Very Deep Convolutional Networks for Large-Scale Image Recognition",
Simonyan and Zisserman, 2014): 11, 13, 16 and 19 layers, with and without batch norm, with
MXNet's layer names (`vgg0_conv0_weight`...) and initializers, so MXNet's weights load.
"""
from __future__ import annotations

from ndsh.gluon.block import HybridBlock
from ndsh.gluon.init import Xavier
from ndsh.gluon.model_zoo.vision.pretrained import load_pretrained
from ndsh.gluon.nn import Activation, BatchNorm, Conv2D, Dense, Dropout, HybridSequential, MaxPool2D

__all__ = ["VGG", "get_vgg", "vgg11", "vgg13", "vgg16", "vgg19",
           "vgg11_bn", "vgg13_bn", "vgg16_bn", "vgg19_bn"]


class VGG(HybridBlock):
    """VGG from "Very Deep Convolutional Networks for Large-Scale Image Recognition" (Simonyan
    and Zisserman, 2014).

    Made of `features` (blocks of 3x3 convolutions, each block closed by max pooling, then two
    Dense layers of 4096 with dropout) and `output` (a Dense layer).

    Parameters:
        layers: the number of convolutions in each block.
        filters: the channels of each block's convolutions (as many as layers).
        classes: the number of classes of the output layer.
        batch_norm: a batch norm after each convolution.
        **kwargs: Block's (prefix, params).

    Example:
        >>> from ndsh.gluon.model_zoo.vision import VGG
        >>> net = VGG([1, 1], [4, 8], classes=3)
        >>> net.initialize(); net(nd.ones((1, 3, 8, 8))).shape
        (1, 3)
    """

    def __init__(self, layers: list, filters: list, classes: int = 1000,
                 batch_norm: bool = False, **kwargs):
        super().__init__(**kwargs)
        assert len(layers) == len(filters)
        with self.name_scope():
            self.features = self._make_features(layers, filters, batch_norm)
            self.features.add(Dense(4096, activation="relu", weight_initializer="normal",
                                    bias_initializer="zeros"))
            self.features.add(Dropout(rate=0.5))
            self.features.add(Dense(4096, activation="relu", weight_initializer="normal",
                                    bias_initializer="zeros"))
            self.features.add(Dropout(rate=0.5))
            self.output = Dense(classes, weight_initializer="normal", bias_initializer="zeros")

    def _make_features(self, layers: list, filters: list, batch_norm: bool) -> HybridSequential:
        featurizer = HybridSequential(prefix="")
        for i, num in enumerate(layers):
            for _ in range(num):
                featurizer.add(Conv2D(filters[i], kernel_size=3, padding=1,
                                      weight_initializer=Xavier(rnd_type="gaussian",
                                                                factor_type="out",
                                                                magnitude=2),
                                      bias_initializer="zeros"))
                if batch_norm:
                    featurizer.add(BatchNorm())
                featurizer.add(Activation("relu"))
            featurizer.add(MaxPool2D(strides=2))
        return featurizer

    def hybrid_forward(self, F, x):  # noqa: N803
        return self.output(self.features(x))


vgg_spec = {11: ([1, 1, 2, 2, 2], [64, 128, 256, 512, 512]),
            13: ([2, 2, 2, 2, 2], [64, 128, 256, 512, 512]),
            16: ([2, 2, 3, 3, 3], [64, 128, 256, 512, 512]),
            19: ([2, 2, 4, 4, 4], [64, 128, 256, 512, 512])}


def get_vgg(num_layers: int, pretrained: bool = False, ctx=None, root: str | None = None,
            **kwargs) -> VGG:
    """A VGG of 11, 13, 16 or 19 layers (with batch norm when `batch_norm=True`), MXNet's
    pretrained weights loaded when asked (the file `vgg{num_layers}[_bn]-{hash}.params`).

    Parameters:
        num_layers: 11, 13, 16 or 19.
        pretrained: load MXNet's published weights.
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: VGG's (classes, batch_norm, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.get_vgg(11, classes=5, batch_norm=True)
        >>> type(net.features[1]).__name__
        'BatchNorm'
    """
    layers, filters = vgg_spec[num_layers]
    net = VGG(layers, filters, **kwargs)
    suffix = "_bn" if kwargs.get("batch_norm") else ""
    return load_pretrained(net, f"vgg{num_layers}{suffix}", pretrained, ctx, root)


def vgg11(pretrained: bool = False, ctx=None, root: str | None = None,
          **kwargs) -> VGG:
    """VGG-11 from "Very Deep Convolutional Networks for Large-Scale Image Recognition" (Simonyan
    and Zisserman, 2014).

    Parameters:
        pretrained: load MXNet's published weights (`vgg11-dd221b16.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: VGG's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.vgg11(classes=10)
        >>> sum(isinstance(layer, gluon.nn.Conv2D) for layer in net.features)
        8
    """
    return get_vgg(11, pretrained, ctx, root, **kwargs)


def vgg13(pretrained: bool = False, ctx=None, root: str | None = None,
          **kwargs) -> VGG:
    """VGG-13 from "Very Deep Convolutional Networks for Large-Scale Image Recognition" (Simonyan
    and Zisserman, 2014).

    Parameters:
        pretrained: load MXNet's published weights (`vgg13-6bc5de58.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: VGG's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.vgg13(classes=10)
        >>> sum(isinstance(layer, gluon.nn.Conv2D) for layer in net.features)
        10
    """
    return get_vgg(13, pretrained, ctx, root, **kwargs)


def vgg16(pretrained: bool = False, ctx=None, root: str | None = None,
          **kwargs) -> VGG:
    """VGG-16 from "Very Deep Convolutional Networks for Large-Scale Image Recognition" (Simonyan
    and Zisserman, 2014).

    Parameters:
        pretrained: load MXNet's published weights (`vgg16-e660d456.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: VGG's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.vgg16(classes=10)
        >>> sum(isinstance(layer, gluon.nn.Conv2D) for layer in net.features)
        13
    """
    return get_vgg(16, pretrained, ctx, root, **kwargs)


def vgg19(pretrained: bool = False, ctx=None, root: str | None = None,
          **kwargs) -> VGG:
    """VGG-19 from "Very Deep Convolutional Networks for Large-Scale Image Recognition" (Simonyan
    and Zisserman, 2014).

    Parameters:
        pretrained: load MXNet's published weights (`vgg19-ad2f660d.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: VGG's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.vgg19(classes=10)
        >>> sum(isinstance(layer, gluon.nn.Conv2D) for layer in net.features)
        16
    """
    return get_vgg(19, pretrained, ctx, root, **kwargs)


def vgg11_bn(pretrained: bool = False, ctx=None, root: str | None = None,
             **kwargs) -> VGG:
    """VGG-11 with batch normalization, from "Very Deep Convolutional Networks for
    Large-Scale Image Recognition" (Simonyan and Zisserman, 2014).

    Parameters:
        pretrained: load MXNet's published weights (`vgg11_bn-ee79a809.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: VGG's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.vgg11_bn(classes=10)
        >>> sum(isinstance(layer, gluon.nn.Conv2D) for layer in net.features)
        8
    """
    return get_vgg(11, pretrained, ctx, root, **{**kwargs, 'batch_norm': True})


def vgg13_bn(pretrained: bool = False, ctx=None, root: str | None = None,
             **kwargs) -> VGG:
    """VGG-13 with batch normalization, from "Very Deep Convolutional Networks for
    Large-Scale Image Recognition" (Simonyan and Zisserman, 2014).

    Parameters:
        pretrained: load MXNet's published weights (`vgg13_bn-7d97a06c.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: VGG's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.vgg13_bn(classes=10)
        >>> sum(isinstance(layer, gluon.nn.Conv2D) for layer in net.features)
        10
    """
    return get_vgg(13, pretrained, ctx, root, **{**kwargs, 'batch_norm': True})


def vgg16_bn(pretrained: bool = False, ctx=None, root: str | None = None,
             **kwargs) -> VGG:
    """VGG-16 with batch normalization, from "Very Deep Convolutional Networks for
    Large-Scale Image Recognition" (Simonyan and Zisserman, 2014).

    Parameters:
        pretrained: load MXNet's published weights (`vgg16_bn-7f01cf05.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: VGG's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.vgg16_bn(classes=10)
        >>> sum(isinstance(layer, gluon.nn.Conv2D) for layer in net.features)
        13
    """
    return get_vgg(16, pretrained, ctx, root, **{**kwargs, 'batch_norm': True})


def vgg19_bn(pretrained: bool = False, ctx=None, root: str | None = None,
             **kwargs) -> VGG:
    """VGG-19 with batch normalization, from "Very Deep Convolutional Networks for
    Large-Scale Image Recognition" (Simonyan and Zisserman, 2014).

    Parameters:
        pretrained: load MXNet's published weights (`vgg19_bn-f360b758.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: VGG's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.vgg19_bn(classes=10)
        >>> sum(isinstance(layer, gluon.nn.Conv2D) for layer in net.features)
        16
    """
    return get_vgg(19, pretrained, ctx, root, **{**kwargs, 'batch_norm': True})
