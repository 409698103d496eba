"""`gluon.nn`: the containers and layers of MXNet 1.9.1's Gluon.

Containers: Sequential, HybridSequential. Layers: Dense, Dropout, Embedding, Flatten, Lambda,
HybridLambda; BatchNorm, BatchNormReLU, InstanceNorm, LayerNorm, GroupNorm; Activation,
LeakyReLU, PReLU, ELU, SELU, GELU, Swish; Conv1D/2D/3D and their Transpose forms; MaxPool,
AvgPool, GlobalMaxPool, GlobalAvgPool (1-D to 3-D); ReflectionPad2D. Block and HybridBlock are
here too, as in MXNet.

Example:
    >>> net = gluon.nn.Sequential()
    >>> net.add(gluon.nn.Dense(8, activation='relu'), gluon.nn.Dense(2))
    >>> net.initialize(); net(nd.ones((4, 3))).shape
    (4, 2)
"""
from __future__ import annotations

from ndsh.gluon.block import Block, HybridBlock
from ndsh.gluon.nn.activations import ELU, GELU, SELU, Activation, LeakyReLU, PReLU, Swish
from ndsh.gluon.nn.basic_layers import (
    Dense,
    Dropout,
    Embedding,
    Flatten,
    HybridLambda,
    HybridSequential,
    Lambda,
    Sequential,
)
from ndsh.gluon.nn.conv_layers import (
    Conv1D,
    Conv1DTranspose,
    Conv2D,
    Conv2DTranspose,
    Conv3D,
    Conv3DTranspose,
    ReflectionPad2D,
)
from ndsh.gluon.nn.norm_layers import (
    BatchNorm,
    BatchNormReLU,
    GroupNorm,
    InstanceNorm,
    LayerNorm,
)
from ndsh.gluon.nn.pool_layers import (
    AvgPool1D,
    AvgPool2D,
    AvgPool3D,
    GlobalAvgPool1D,
    GlobalAvgPool2D,
    GlobalAvgPool3D,
    GlobalMaxPool1D,
    GlobalMaxPool2D,
    GlobalMaxPool3D,
    MaxPool1D,
    MaxPool2D,
    MaxPool3D,
)

__all__ = ["Activation", "AvgPool1D", "AvgPool2D", "AvgPool3D", "BatchNorm", "BatchNormReLU",
           "Block", "Conv1D", "Conv1DTranspose", "Conv2D", "Conv2DTranspose", "Conv3D",
           "Conv3DTranspose", "Dense", "Dropout", "ELU", "Embedding", "Flatten", "GELU",
           "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalAvgPool3D", "GlobalMaxPool1D",
           "GlobalMaxPool2D", "GlobalMaxPool3D", "GroupNorm", "HybridBlock", "HybridLambda",
           "HybridSequential", "InstanceNorm", "Lambda", "LayerNorm", "LeakyReLU", "MaxPool1D",
           "MaxPool2D", "MaxPool3D", "PReLU", "ReflectionPad2D", "SELU", "Sequential", "Swish"]
