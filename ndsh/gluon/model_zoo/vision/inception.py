"""MXNet 1.9.1's Inception v3 ("Rethinking the Inception Architecture for Computer Vision",
Szegedy et al., 2015), with MXNet's layer names (`inception30_A1_conv0_weight`...)."""
from __future__ import annotations

from ndsh.gluon.block import HybridBlock
from ndsh.gluon.model_zoo.concurrent import HybridConcurrent
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

__all__ = ["Inception3", "inception_v3"]


def _make_basic_conv(**kwargs) -> HybridSequential:
    out = HybridSequential(prefix="")
    out.add(Conv2D(use_bias=False, **kwargs))
    out.add(BatchNorm(epsilon=0.001))
    out.add(Activation("relu"))
    return out


def _make_branch(use_pool, *conv_settings) -> HybridSequential:
    out = HybridSequential(prefix="")
    if use_pool == "avg":
        out.add(AvgPool2D(pool_size=3, strides=1, padding=1))
    elif use_pool == "max":
        out.add(MaxPool2D(pool_size=3, strides=2))
    setting_names = ["channels", "kernel_size", "strides", "padding"]
    for setting in conv_settings:
        kwargs = {setting_names[i]: value for i, value in enumerate(setting)
                  if value is not None}
        out.add(_make_basic_conv(**kwargs))
    return out


def _make_A(pool_features: int, prefix: str) -> HybridConcurrent:  # noqa: N802
    out = HybridConcurrent(axis=1, prefix=prefix)
    with out.name_scope():
        out.add(_make_branch(None, (64, 1, None, None)))
        out.add(_make_branch(None, (48, 1, None, None), (64, 5, None, 2)))
        out.add(_make_branch(None, (64, 1, None, None), (96, 3, None, 1), (96, 3, None, 1)))
        out.add(_make_branch("avg", (pool_features, 1, None, None)))
    return out


def _make_B(prefix: str) -> HybridConcurrent:  # noqa: N802
    out = HybridConcurrent(axis=1, prefix=prefix)
    with out.name_scope():
        out.add(_make_branch(None, (384, 3, 2, None)))
        out.add(_make_branch(None, (64, 1, None, None), (96, 3, None, 1), (96, 3, 2, None)))
        out.add(_make_branch("max"))
    return out


def _make_C(channels_7x7: int, prefix: str) -> HybridConcurrent:  # noqa: N802
    out = HybridConcurrent(axis=1, prefix=prefix)
    with out.name_scope():
        out.add(_make_branch(None, (192, 1, None, None)))
        out.add(_make_branch(None, (channels_7x7, 1, None, None),
                             (channels_7x7, (1, 7), None, (0, 3)),
                             (192, (7, 1), None, (3, 0))))
        out.add(_make_branch(None, (channels_7x7, 1, None, None),
                             (channels_7x7, (7, 1), None, (3, 0)),
                             (channels_7x7, (1, 7), None, (0, 3)),
                             (channels_7x7, (7, 1), None, (3, 0)),
                             (192, (1, 7), None, (0, 3))))
        out.add(_make_branch("avg", (192, 1, None, None)))
    return out


def _make_D(prefix: str) -> HybridConcurrent:  # noqa: N802
    out = HybridConcurrent(axis=1, prefix=prefix)
    with out.name_scope():
        out.add(_make_branch(None, (192, 1, None, None), (320, 3, 2, None)))
        out.add(_make_branch(None, (192, 1, None, None), (192, (1, 7), None, (0, 3)),
                             (192, (7, 1), None, (3, 0)), (192, 3, 2, None)))
        out.add(_make_branch("max"))
    return out


def _make_E(prefix: str) -> HybridConcurrent:  # noqa: N802
    out = HybridConcurrent(axis=1, prefix=prefix)
    with out.name_scope():
        out.add(_make_branch(None, (320, 1, None, None)))
        branch_3x3 = HybridSequential(prefix="")
        out.add(branch_3x3)
        branch_3x3.add(_make_branch(None, (384, 1, None, None)))
        branch_3x3_split = HybridConcurrent(axis=1, prefix="")
        branch_3x3_split.add(_make_branch(None, (384, (1, 3), None, (0, 1))))
        branch_3x3_split.add(_make_branch(None, (384, (3, 1), None, (1, 0))))
        branch_3x3.add(branch_3x3_split)
        branch_3x3dbl = HybridSequential(prefix="")
        out.add(branch_3x3dbl)
        branch_3x3dbl.add(_make_branch(None, (448, 1, None, None), (384, 3, None, 1)))
        branch_3x3dbl_split = HybridConcurrent(axis=1, prefix="")
        branch_3x3dbl.add(branch_3x3dbl_split)
        branch_3x3dbl_split.add(_make_branch(None, (384, (1, 3), None, (0, 1))))
        branch_3x3dbl_split.add(_make_branch(None, (384, (3, 1), None, (1, 0))))
        out.add(_make_branch("avg", (192, 1, None, None)))
    return out


def make_aux(classes: int) -> HybridSequential:
    """The auxiliary classifier of Inception v3 (MXNet defines it; Inception3 does not use it).

    Parameters:
        classes: the number of classes of its output layer.

    Example:
        >>> from ndsh.gluon.model_zoo.vision.inception import make_aux
        >>> make_aux(10)[-1]
        Dense(None -> 10, linear)
    """
    out = HybridSequential(prefix="")
    out.add(AvgPool2D(pool_size=5, strides=3))
    out.add(_make_basic_conv(channels=128, kernel_size=1))
    out.add(_make_basic_conv(channels=768, kernel_size=5))
    out.add(Flatten())
    out.add(Dense(classes))
    return out


class Inception3(HybridBlock):
    """Inception v3 from "Rethinking the Inception Architecture for Computer Vision" (Szegedy
    et al., 2015).

    Made of `features` (a convolutional stem, inception modules A1-A3, B, C1-C4, D, E1-E2, 8x8
    average pooling: the input is 299x299) and `output` (a Dense layer).

    Parameters:
        classes: the number of classes of the output layer.
        **kwargs: Block's (prefix, params).

    Example:
        >>> from ndsh.gluon.model_zoo.vision import Inception3
        >>> net = Inception3(classes=10); net.features[7].name
        'inception30_A1'
    """

    def __init__(self, classes: int = 1000, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.features = HybridSequential(prefix="")
            self.features.add(_make_basic_conv(channels=32, kernel_size=3, strides=2))
            self.features.add(_make_basic_conv(channels=32, kernel_size=3))
            self.features.add(_make_basic_conv(channels=64, kernel_size=3, padding=1))
            self.features.add(MaxPool2D(pool_size=3, strides=2))
            self.features.add(_make_basic_conv(channels=80, kernel_size=1))
            self.features.add(_make_basic_conv(channels=192, kernel_size=3))
            self.features.add(MaxPool2D(pool_size=3, strides=2))
            self.features.add(_make_A(32, "A1_"))
            self.features.add(_make_A(64, "A2_"))
            self.features.add(_make_A(64, "A3_"))
            self.features.add(_make_B("B_"))
            self.features.add(_make_C(128, "C1_"))
            self.features.add(_make_C(160, "C2_"))
            self.features.add(_make_C(160, "C3_"))
            self.features.add(_make_C(192, "C4_"))
            self.features.add(_make_D("D_"))
            self.features.add(_make_E("E1_"))
            self.features.add(_make_E("E2_"))
            self.features.add(AvgPool2D(pool_size=8))
            self.features.add(Dropout(0.5))
            self.output = Dense(classes)

    def hybrid_forward(self, F, x):  # noqa: N803
        return self.output(self.features(x))


def inception_v3(pretrained: bool = False, ctx=None, root: str | None = None,
                 **kwargs) -> Inception3:
    """Inception v3 from "Rethinking the Inception Architecture for Computer Vision" (Szegedy
    et al., 2015).

    Parameters:
        pretrained: load MXNet's published weights (`inceptionv3-ed47ec45.params`).
        ctx: the context the weights are loaded to (default cpu()).
        root: the folder of the weight files (default `$MXNET_HOME/models`).
        **kwargs: Inception3's (classes, prefix, params).

    Example:
        >>> net = gluon.model_zoo.vision.inception_v3(classes=10)
        >>> len(net.collect_params().keys())
        472
    """
    return load_pretrained(Inception3(**kwargs), "inceptionv3", pretrained, ctx, root)
