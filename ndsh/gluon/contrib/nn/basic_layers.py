"""The layers of MXNet 1.9.1's `gluon.contrib.nn`, on ndsh's Blocks: children run side by side
and concatenated (Concurrent, HybridConcurrent), the identity, sub-pixel shuffles, and
SyncBatchNorm (BatchNorm: ndsh runs one device)."""
from __future__ import annotations

import warnings

from ndsh.engine import nd
from ndsh.gluon.block import HybridBlock
from ndsh.gluon.nn import BatchNorm, HybridSequential, Sequential

__all__ = ["Concurrent", "HybridConcurrent", "Identity", "PixelShuffle1D", "PixelShuffle2D",
           "PixelShuffle3D", "SyncBatchNorm"]


class Concurrent(Sequential):
    """Feed the input to every child and concatenate their outputs along axis.

    Parameters:
        axis: the axis to concatenate on.
        prefix: the name prefix.
        params: shared parameters.

    Example:
        >>> from mxnet.gluon.contrib.nn import Concurrent, Identity
        >>> net = Concurrent(axis=1)
        >>> net.add(gluon.nn.Dense(2, in_units=3), Identity()); net.initialize(mx.init.One())
        >>> net(nd.ones((1, 3)))
        <BLANKLINE>
        [[3. 3. 1. 1. 1.]]
        <NDArray 1x5 @cpu(0)>
    """

    def __init__(self, axis: int = -1, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self.axis = axis

    def forward(self, x):
        """Each child on x, concatenated along axis."""
        return nd.concat(*[block(x) for block in self._children.values()], dim=self.axis)


class HybridConcurrent(HybridSequential):
    """Feed the input to every child and concatenate their outputs along axis (children must
    be HybridBlocks).

    Parameters:
        axis: the axis to concatenate on.
        prefix: the name prefix.
        params: shared parameters.

    Example:
        >>> from mxnet.gluon.contrib.nn import HybridConcurrent, Identity
        >>> net = HybridConcurrent(axis=0); net.add(Identity(), Identity())
        >>> net(nd.array([1, 2]))
        <BLANKLINE>
        [1. 2. 1. 2.]
        <NDArray 4 @cpu(0)>
    """

    def __init__(self, axis: int = -1, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self.axis = axis

    def hybrid_forward(self, F, x):  # noqa: N803  (MXNet's F)
        """Each child on x, concatenated along axis."""
        return F.concat(*[block(x) for block in self._children.values()], dim=self.axis)


class Identity(HybridBlock):
    """The input unchanged (a residual branch of a HybridConcurrent).

    Parameters:
        prefix: the name prefix.
        params: shared parameters.

    Example:
        >>> from mxnet.gluon.contrib.nn import Identity
        >>> Identity()(nd.array([1, 2]))
        <BLANKLINE>
        [1. 2.]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, x):  # noqa: N803
        """x itself."""
        return x


def _factors(factor, count: int) -> tuple:
    try:
        return (int(factor),) * count
    except TypeError:
        factors = tuple(int(f) for f in factor)
        assert len(factors) == count, f"wrong length {len(factors)}"
        return factors


class PixelShuffle1D(HybridBlock):
    """Sub-pixel shuffle: (N, f*C, W) -> (N, C, W*f).

    Parameters:
        factor: the upsampling factor f.

    Example:
        >>> from mxnet.gluon.contrib.nn import PixelShuffle1D
        >>> PixelShuffle1D(2)(nd.arange(8).reshape((1, 4, 2)))
        <BLANKLINE>
        [[[0. 2. 1. 3.]
          [4. 6. 5. 7.]]]
        <NDArray 1x2x4 @cpu(0)>
    """

    def __init__(self, factor):
        super().__init__()
        self._factor = int(factor)

    def hybrid_forward(self, F, x):  # noqa: N803
        """The shuffle."""
        f = self._factor
        x = F.reshape(x, (0, -4, -1, f, 0))       # (N, C, f, W)
        x = F.transpose(x, (0, 1, 3, 2))          # (N, C, W, f)
        return F.reshape(x, (0, 0, -3))           # (N, C, W*f)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._factor})"


class PixelShuffle2D(HybridBlock):
    """Sub-pixel shuffle (Shi et al., 2016): (N, f1*f2*C, H, W) -> (N, C, H*f1, W*f2).

    Parameters:
        factor: the factors (f1, f2), or one for both.

    Example:
        >>> from mxnet.gluon.contrib.nn import PixelShuffle2D
        >>> PixelShuffle2D((2, 3))(nd.zeros((1, 12, 3, 5))).shape
        (1, 2, 6, 15)
    """

    def __init__(self, factor):
        super().__init__()
        self._factors = _factors(factor, 2)

    def hybrid_forward(self, F, x):  # noqa: N803
        """The shuffle."""
        f1, f2 = self._factors
        x = F.reshape(x, (0, -4, -1, f1 * f2, 0, 0))     # (N, C, f1*f2, H, W)
        x = F.reshape(x, (0, 0, -4, f1, f2, 0, 0))       # (N, C, f1, f2, H, W)
        x = F.transpose(x, (0, 1, 4, 2, 5, 3))           # (N, C, H, f1, W, f2)
        return F.reshape(x, (0, 0, -3, -3))              # (N, C, H*f1, W*f2)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._factors})"


class PixelShuffle3D(HybridBlock):
    """Sub-pixel shuffle in 3-D: (N, f1*f2*f3*C, D, H, W) -> (N, C, D*f1, H*f2, W*f3).

    Parameters:
        factor: the factors (f1, f2, f3), or one for all three.

    Example:
        >>> from mxnet.gluon.contrib.nn import PixelShuffle3D
        >>> PixelShuffle3D((2, 3, 4))(nd.zeros((1, 48, 3, 5, 7))).shape
        (1, 2, 6, 15, 28)
    """

    def __init__(self, factor):
        super().__init__()
        self._factors = _factors(factor, 3)

    def hybrid_forward(self, F, x):  # noqa: N803
        """The shuffle."""
        f1, f2, f3 = self._factors
        x = F.reshape(x, (0, -4, -1, f1 * f2 * f3, 0, 0, 0))   # (N, C, f1*f2*f3, D, H, W)
        x = F.swapaxes(x, 2, 3)                                # (N, C, D, f1*f2*f3, H, W)
        x = F.reshape(x, (0, 0, 0, -4, f1, f2 * f3, 0, 0))     # (N, C, D, f1, f2*f3, H, W)
        x = F.reshape(x, (0, 0, -3, 0, 0, 0))                  # (N, C, D*f1, f2*f3, H, W)
        x = F.swapaxes(x, 3, 4)                                # (N, C, D*f1, H, f2*f3, W)
        x = F.reshape(x, (0, 0, 0, 0, -4, f2, f3, 0))          # (N, C, D*f1, H, f2, f3, W)
        x = F.reshape(x, (0, 0, 0, -3, 0, 0))                  # (N, C, D*f1, H*f2, f3, W)
        x = F.swapaxes(x, 4, 5)                                # (N, C, D*f1, H*f2, W, f3)
        return F.reshape(x, (0, 0, 0, 0, -3))                  # (N, C, D*f1, H*f2, W*f3)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._factors})"


class SyncBatchNorm(BatchNorm):
    """Batch normalization synchronised across devices; ndsh runs one device, where it is
    BatchNorm over axis 1 (MXNet's warning when num_devices is not given is kept).

    Parameters:
        in_channels: the number of channels (0: from the first input).
        num_devices: the number of devices the batch is split over (1 here).
        momentum: the running statistics' momentum.
        epsilon: added to the variance.
        center: learn a shift beta.
        scale: learn a scale gamma.
        use_global_stats: normalise with the running statistics in training too.
        beta_initializer: beta's initializer.
        gamma_initializer: gamma's initializer.
        running_mean_initializer: the running mean's initializer.
        running_variance_initializer: the running variance's initializer.
        **kwargs: prefix, params.

    Example:
        >>> import warnings
        >>> from mxnet.gluon.contrib.nn import SyncBatchNorm
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     bn = SyncBatchNorm(in_channels=2, num_devices=1, prefix='sbn_')
        >>> repr(bn).split(', ')[-3:]
        ['ndev=1', "key='sbn_'", 'in_channels=2)']
    """

    def __init__(self, in_channels=0, num_devices=None, momentum=0.9, epsilon=1e-5,
                 center=True, scale=True, use_global_stats=False, beta_initializer="zeros",
                 gamma_initializer="ones", running_mean_initializer="zeros",
                 running_variance_initializer="ones", **kwargs):
        super().__init__(axis=1, momentum=momentum, epsilon=epsilon, center=center,
                         scale=scale, use_global_stats=use_global_stats,
                         beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
                         running_mean_initializer=running_mean_initializer,
                         running_variance_initializer=running_variance_initializer,
                         in_channels=in_channels, **kwargs)
        if num_devices is None:
            warnings.warn("Caution using SyncBatchNorm: if not using all the GPUs, please "
                          "mention the number of GPUs in num_devices.", stacklevel=2)
            num_devices = 1
        self._sync_kwargs = {"eps": epsilon, "momentum": momentum, "fix_gamma": not scale,
                             "use_global_stats": use_global_stats, "ndev": num_devices,
                             "key": self.prefix}

    def __repr__(self) -> str:
        content = ", ".join(f"{k}={v!r}" for k, v in self._sync_kwargs.items())
        channels = self.gamma.shape[0] if self.gamma.shape else 0
        return f"{type(self).__name__}({content}, in_channels={channels or None})"
