"""MXNet 1.9.1's AlexNet ("One weird trick for parallelizing convolutional neural networks",
Krizhevsky, 2014), with MXNet's layer names (`alexnet0_conv0_weight`...)."""
from __future__ import annotations

from ndsh.gluon.block import HybridBlock
from ndsh.gluon.model_zoo.vision.pretrained import load_pretrained
from ndsh.gluon.nn import Conv2D, Dense, Dropout, Flatten, HybridSequential, MaxPool2D

__all__ = ["AlexNet", "alexnet"]


class AlexNet(HybridBlock):
    """AlexNet from "One weird trick..." (Krizhevsky, 2014).

    Made of `features` (five convolutions, three max poolings, two Dense layers of 4096 with
    dropout) and `output` (a Dense layer).

    Parameters:
        classes: the number of classes of the output layer.
        **kwargs: Block's (prefix, params).

    Example:
        >>> from ndsh.gluon.model_zoo.vision import AlexNet
        >>> net = AlexNet(classes=10); net.output
        Dense(None -> 10, linear)
    """

    def __init__(self, classes: int = 1000, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.features = HybridSequential(prefix="")
            with self.features.name_scope():
                self.features.add(Conv2D(64, kernel_size=11, strides=4, padding=2,
                                         activation="relu"))
                self.features.add(MaxPool2D(pool_size=3, strides=2))
                self.features.add(Conv2D(192, kernel_size=5, padding=2, activation="relu"))
                self.features.add(MaxPool2D(pool_size=3, strides=2))
                self.features.add(Conv2D(384, kernel_size=3, padding=1, activation="relu"))
                self.features.add(Conv2D(256, kernel_size=3, padding=1, activation="relu"))
                self.features.add(Conv2D(256, kernel_size=3, padding=1, activation="relu"))
                self.features.add(MaxPool2D(pool_size=3, strides=2))
                self.features.add(Flatten())
                self.features.add(Dense(4096, activation="relu"))
                self.features.add(Dropout(0.5))
                self.features.add(Dense(4096, activation="relu"))
                self.features.add(Dropout(0.5))
            self.output = Dense(classes)

    def hybrid_forward(self, F, x):  # noqa: N803
        return self.output(self.features(x))


def alexnet(pretrained: bool = False, ctx=None, root: str | None = None,
            **kwargs) -> AlexNet:
    """AlexNet from "One weird trick for parallelizing convolutional neural networks"
    (Krizhevsky, 2014).

    Parameters:
        pretrained: load MXNet's published weights (`alexnet-44335d1f.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: AlexNet's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.alexnet(classes=10)
        >>> net.initialize(); net(nd.ones((1, 3, 64, 64))).shape
        (1, 10)
    """
    return load_pretrained(AlexNet(**kwargs), "alexnet", pretrained, ctx, root)
