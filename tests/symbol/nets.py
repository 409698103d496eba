"""The networks whose graphs tests/symbol checks, written once against MXNet's Gluon API so the
MXNet 1.9.1 oracle (scripts/record_symbol.py) and ndsh build the same thing: d2l's MLP, a small
LeNet, a ResNet-ish net (d2l's Residual block: Conv2D, BatchNorm, a 1x1 shortcut, `Y + X`) and
a block of assorted ops (scalar arithmetic, concat, reshape, softmax, LeakyReLU, average pools).
"""
from __future__ import annotations

INPUTS = {"mlp": (2, 5), "lenet": (2, 1, 12, 12), "resnet": (2, 1, 8, 8), "ops": (2, 3, 4)}


def build(name: str, gluon):
    """The network `name`, built with the `gluon` module given (MXNet's or ndsh's)."""
    nn = gluon.nn
    net = nn.HybridSequential()
    if name == "mlp":
        net.add(nn.Dense(8, activation="relu"), nn.Dense(4, activation="relu"), nn.Dense(2))
    elif name == "lenet":
        net.add(nn.Conv2D(3, kernel_size=3, activation="sigmoid"),
                nn.MaxPool2D(pool_size=2, strides=2),
                nn.Conv2D(4, kernel_size=3, activation="sigmoid"),
                nn.MaxPool2D(pool_size=2, strides=2),
                nn.Dense(6, activation="sigmoid"), nn.Dense(3))
    elif name == "resnet":
        residual = _residual_class(gluon)
        net.add(nn.Conv2D(4, kernel_size=3, padding=1), nn.BatchNorm(), nn.Activation("relu"),
                nn.MaxPool2D(pool_size=2, strides=2), residual(4),
                residual(6, use_1x1conv=True, strides=2), nn.GlobalAvgPool2D(), nn.Flatten(),
                nn.Dropout(0.5), nn.Dense(3))
    elif name == "ops":
        net.add(_ops_class(gluon)(), nn.LeakyReLU(0.1), nn.Dense(3, flatten=False),
                nn.AvgPool1D(pool_size=2), nn.Flatten())
    else:
        raise KeyError(name)
    return net


def _residual_class(gluon):
    nn = gluon.nn

    class Residual(nn.HybridBlock):
        def __init__(self, num_channels, use_1x1conv=False, strides=1, **kwargs):
            super().__init__(**kwargs)
            self.conv1 = nn.Conv2D(num_channels, kernel_size=3, padding=1, strides=strides)
            self.conv2 = nn.Conv2D(num_channels, kernel_size=3, padding=1)
            self.conv3 = nn.Conv2D(num_channels, kernel_size=1, strides=strides) \
                if use_1x1conv else None
            self.bn1 = nn.BatchNorm()
            self.bn2 = nn.BatchNorm()

        def hybrid_forward(self, F, X):
            Y = F.relu(self.bn1(self.conv1(X)))
            Y = self.bn2(self.conv2(Y))
            if self.conv3:
                X = self.conv3(X)
            return F.relu(Y + X)
    return Residual


def _ops_class(gluon):
    class Ops(gluon.nn.HybridBlock):
        def hybrid_forward(self, F, x):
            y = F.relu(x) * 2 + 1
            z = F.concat(y, 1 - x, dim=2) / 3
            z = z.reshape((0, 0, -1)) - F.sigmoid(x).mean(axis=2, keepdims=True).tile((1, 1, 8))
            return F.broadcast_add(F.softmax(z, axis=-1) ** 2,
                                   F.maximum(x, 0.5).sum(axis=2, keepdims=True))
    return Ops


# every kind of Gluon layer on its own: (a builder over the `gluon` module, an input shape)
LAYERS = {
    "prelu": (lambda g: g.nn.PReLU(), (2, 3, 4)), "elu": (lambda g: g.nn.ELU(), (2, 3)),
    "selu": (lambda g: g.nn.SELU(), (2, 3)), "gelu": (lambda g: g.nn.GELU(), (2, 3)),
    "swish": (lambda g: g.nn.Swish(), (2, 3)), "leaky": (lambda g: g.nn.LeakyReLU(0.2), (2, 3)),
    "instancenorm": (lambda g: g.nn.InstanceNorm(), (2, 3, 4)),
    "layernorm": (lambda g: g.nn.LayerNorm(), (2, 3, 4)),
    "groupnorm": (lambda g: g.nn.GroupNorm(num_groups=2), (2, 4, 3)),
    "embedding": (lambda g: g.nn.Embedding(10, 3), (2, 4)),
    "conv1d": (lambda g: g.nn.Conv1D(2, 3), (2, 3, 8)),
    "conv3d": (lambda g: g.nn.Conv3D(2, 2), (1, 2, 4, 4, 4)),
    "conv2d_transpose": (lambda g: g.nn.Conv2DTranspose(2, 3, strides=2), (1, 2, 4, 4)),
    "maxpool1d": (lambda g: g.nn.MaxPool1D(), (1, 2, 8)),
    "avgpool3d": (lambda g: g.nn.AvgPool3D(), (1, 2, 4, 4, 4)),
    "globalmaxpool2d": (lambda g: g.nn.GlobalMaxPool2D(), (1, 2, 4, 4)),
    "reflectionpad2d": (lambda g: g.nn.ReflectionPad2D(1), (1, 2, 4, 4)),
    "hybridlambda": (lambda g: g.nn.HybridLambda("tanh"), (2, 3)),
    "dense_no_flatten": (lambda g: g.nn.Dense(3, flatten=False, activation="tanh"), (2, 4, 5)),
    "batchnorm_last_axis": (lambda g: g.nn.BatchNorm(axis=-1), (2, 3, 4)),
    "dropout_0": (lambda g: g.nn.Dropout(0.0), (2, 3)),
}
