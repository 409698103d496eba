"""Normalization layers: BatchNorm (and BatchNormReLU), InstanceNorm, LayerNorm, GroupNorm
(MXNet 1.9.1's `gluon.nn`, in basic_layers.py there)."""
from __future__ import annotations

import numpy as np

from ndsh.engine import mxnet_errors
from ndsh.gluon.block import HybridBlock

__all__ = ["BatchNorm", "BatchNormReLU", "InstanceNorm", "LayerNorm", "GroupNorm"]


def _options(kwargs: dict) -> str:
    return ", ".join(f"{key}={value!r}" for key, value in kwargs.items())


def _check_channels(block, x, axis: int, param) -> None:
    """A one-paragraph error naming the layer when the input's size along `axis` is not the
    size its parameters were made for."""
    if -x.ndim <= axis < x.ndim and x.shape[axis] != param.shape[0]:
        raise mxnet_errors.ValueError(
            f"{type(block).__name__} '{block.name}': Shape inconsistent: its parameter "
            f"{param.name} has shape {param.shape}, but the input of shape {x.shape} has "
            f"{x.shape[axis]} along axis {axis}.")


class _BatchNorm(HybridBlock):
    def __init__(self, axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True,
                 use_global_stats=False, fuse_relu=False, beta_initializer="zeros",
                 gamma_initializer="ones", running_mean_initializer="zeros",
                 running_variance_initializer="ones", in_channels=0, **kwargs):
        super().__init__(**kwargs)
        self._kwargs = {"axis": axis, "eps": epsilon, "momentum": momentum,
                        "fix_gamma": not scale, "use_global_stats": use_global_stats}
        self.fuse_relu = fuse_relu
        if in_channels != 0:
            self.in_channels = in_channels
        shape = (in_channels,)
        self.gamma = self.params.get("gamma", grad_req="write" if scale else "null",
                                     shape=shape, init=gamma_initializer,
                                     allow_deferred_init=True, differentiable=scale)
        self.beta = self.params.get("beta", grad_req="write" if center else "null",
                                    shape=shape, init=beta_initializer,
                                    allow_deferred_init=True, differentiable=center)
        self.running_mean = self.params.get("running_mean", grad_req="null", shape=shape,
                                            init=running_mean_initializer,
                                            allow_deferred_init=True, differentiable=False)
        self.running_var = self.params.get("running_var", grad_req="null", shape=shape,
                                           init=running_variance_initializer,
                                           allow_deferred_init=True, differentiable=False)

    def infer_shape(self, x, *args) -> None:
        """Set in_channels from the input's size along `axis`.

        Parameters:
            x: the input.
            *args: ignored.
        """
        channels = x.shape[self._kwargs["axis"]]
        for param in (self.gamma, self.beta, self.running_mean, self.running_var):
            param.shape = (channels,)

    def cast(self, dtype) -> None:
        """Cast the parameters; float16 is kept at float32, as MXNet does.

        Parameters:
            dtype: the new type.
        """
        if np.dtype(dtype).name == "float16":
            dtype = "float32"
        super().cast(dtype)

    def hybrid_forward(self, F, x, gamma, beta, running_mean, running_var):
        _check_channels(self, x, self._kwargs["axis"], self.gamma)
        out = F.BatchNorm(x, gamma, beta, running_mean, running_var, **self._kwargs)
        return F.relu(out) if self.fuse_relu else out

    def __repr__(self) -> str:
        channels = self.gamma.shape[0]
        return (f"{type(self).__name__}({_options(self._kwargs)}, "
                f"in_channels={channels if channels else None})")


class BatchNorm(_BatchNorm):
    """Batch normalization (Ioffe and Szegedy, 2015) over every axis but `axis`: while
    training, with the batch's mean and variance, which update the running statistics (as
    MXNet's op does: in backward); otherwise with the running statistics.

    Parameters:
        axis: the channel axis (1 for NCHW).
        momentum: the running statistics keep this fraction of their value at each update.
        epsilon: added to the variance.
        center: add the learned beta (else beta stays 0, grad_req 'null').
        scale: multiply by the learned gamma (else gamma is fixed at 1, grad_req 'null').
        use_global_stats: always use the running statistics, even while training.
        beta_initializer: beta's initializer, 'zeros'.
        gamma_initializer: gamma's initializer, 'ones'.
        running_mean_initializer: 'zeros'.
        running_variance_initializer: 'ones'.
        in_channels: the number of channels; 0 leaves it to the first forward.
        prefix: the block's prefix (`batchnorm0_`).
        params: a ParameterDict to share.

    Example:
        >>> bn = gluon.nn.BatchNorm(); bn
        BatchNorm(axis=1, eps=1e-05, momentum=0.9, fix_gamma=False, use_global_stats=False, \
in_channels=None)
        >>> [name[11:] for name in bn.collect_params()]
        ['gamma', 'beta', 'running_mean', 'running_var']
        >>> bn.running_mean.grad_req
        'null'

    Departs from MXNet:
        An input whose size along `axis` is not the layer's in_channels is refused with an
        error naming the layer and both shapes; MXNet 1.9.1 (its CPU build, outside
        training) runs it without a word.
    """

    def __init__(self, axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True,
                 use_global_stats=False, beta_initializer="zeros", gamma_initializer="ones",
                 running_mean_initializer="zeros", running_variance_initializer="ones",
                 in_channels=0, **kwargs):
        super().__init__(axis, momentum, epsilon, center, scale, use_global_stats, False,
                         beta_initializer, gamma_initializer, running_mean_initializer,
                         running_variance_initializer, in_channels, **kwargs)


class BatchNormReLU(_BatchNorm):
    """BatchNorm followed by ReLU, one layer (MXNet's fused BatchNormWithReLU).

    Parameters:
        axis: the channel axis.
        momentum: the momentum of the running statistics.
        epsilon: added to the variance.
        center: add the learned beta.
        scale: multiply by the learned gamma.
        use_global_stats: always use the running statistics.
        beta_initializer: 'zeros'.
        gamma_initializer: 'ones'.
        running_mean_initializer: 'zeros'.
        running_variance_initializer: 'ones'.
        in_channels: the number of channels; 0 leaves it to the first forward.
        prefix: the block's prefix (`batchnormrelu0_`).
        params: a ParameterDict to share.

    Example:
        >>> gluon.nn.BatchNormReLU(in_channels=3).gamma.shape
        (3,)
    """

    def __init__(self, axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True,
                 use_global_stats=False, beta_initializer="zeros", gamma_initializer="ones",
                 running_mean_initializer="zeros", running_variance_initializer="ones",
                 in_channels=0, **kwargs):
        super().__init__(axis, momentum, epsilon, center, scale, use_global_stats, True,
                         beta_initializer, gamma_initializer, running_mean_initializer,
                         running_variance_initializer, in_channels, **kwargs)


class _ChannelNorm(HybridBlock):
    """LayerNorm and InstanceNorm: gamma and beta of the size of one axis of the input."""

    def __init__(self, axis, epsilon, center, scale, beta_initializer, gamma_initializer,
                 in_channels, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._kwargs = {"eps": epsilon, "axis": axis, "center": center, "scale": scale}
        self._axis, self._epsilon = axis, epsilon
        self.gamma = self.params.get("gamma", grad_req="write" if scale else "null",
                                     shape=(in_channels,), init=gamma_initializer,
                                     allow_deferred_init=True)
        self.beta = self.params.get("beta", grad_req="write" if center else "null",
                                    shape=(in_channels,), init=beta_initializer,
                                    allow_deferred_init=True)

    def infer_shape(self, x, *args) -> None:
        """Set in_channels from the input's size along `axis`.

        Parameters:
            x: the input.
            *args: ignored.
        """
        self.gamma.shape = self.beta.shape = (x.shape[self._axis],)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({_options(self._kwargs)}, in_channels={self.gamma.shape[0]})"


class LayerNorm(_ChannelNorm):
    """Layer normalization (Ba et al., 2016): normalize along `axis`, then scale by gamma and
    shift by beta (of that axis's size).

    Parameters:
        axis: the axis normalized, -1.
        epsilon: added to the variance.
        center: learn beta (else its grad_req is 'null').
        scale: learn gamma (else its grad_req is 'null').
        beta_initializer: 'zeros'.
        gamma_initializer: 'ones'.
        in_channels: the size of `axis`; 0 leaves it to the first forward.
        prefix: the block's prefix (`layernorm0_`).
        params: a ParameterDict to share.

    Example:
        >>> ln = gluon.nn.LayerNorm(); ln.initialize()
        >>> ln(nd.array([[1, 2, 3], [2, 4, 9]]))
        <BLANKLINE>
        [[-1.2247356  0.         1.2247356]
         [-1.0190487 -0.3396829  1.3587316]]
        <NDArray 2x3 @cpu(0)>
        >>> ln
        LayerNorm(eps=1e-05, axis=-1, center=True, scale=True, in_channels=3)
    """

    def __init__(self, axis=-1, epsilon=1e-5, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", in_channels=0, prefix=None, params=None):
        super().__init__(axis, epsilon, center, scale, beta_initializer, gamma_initializer,
                         in_channels, prefix, params)

    def hybrid_forward(self, F, data, gamma, beta):
        _check_channels(self, data, self._axis, self.gamma)
        return F.LayerNorm(data, gamma=gamma, beta=beta, axis=self._axis, eps=self._epsilon)


class InstanceNorm(_ChannelNorm):
    """Instance normalization (Ulyanov et al., 2016): normalize each sample and channel over
    the remaining axes, then scale by gamma and shift by beta (one per channel of `axis`).
    As in MXNet 1.9.1, gamma is applied even with scale=False (it stays 1: grad_req 'null').

    Parameters:
        axis: the channel axis, 1.
        epsilon: added to the variance.
        center: learn beta.
        scale: learn gamma; False by default.
        beta_initializer: 'zeros'.
        gamma_initializer: 'ones'.
        in_channels: the number of channels; 0 leaves it to the first forward.
        prefix: the block's prefix (`instancenorm0_`).
        params: a ParameterDict to share.

    Example:
        >>> gluon.nn.InstanceNorm()
        InstanceNorm(eps=1e-05, axis=1, center=True, scale=False, in_channels=0)
    """

    def __init__(self, axis=1, epsilon=1e-5, center=True, scale=False, beta_initializer="zeros",
                 gamma_initializer="ones", in_channels=0, **kwargs):
        super().__init__(axis, epsilon, center, scale, beta_initializer, gamma_initializer,
                         in_channels, **kwargs)

    def hybrid_forward(self, F, x, gamma, beta):
        _check_channels(self, x, self._axis, self.gamma)
        if self._axis == 1:
            return F.InstanceNorm(x, gamma, beta, eps=self._epsilon)
        x = x.swapaxes(1, self._axis)
        return F.InstanceNorm(x, gamma, beta, eps=self._epsilon).swapaxes(1, self._axis)


class GroupNorm(HybridBlock):
    """Group normalization (Wu and He, 2018): split the channels (axis 1) into `num_groups`
    groups, normalize each group of each sample, then scale and shift by gamma and beta, one
    per group (their shape is (num_groups,), as in MXNet 1.9.1).

    Parameters:
        num_groups: the number of groups, 1.
        epsilon: added to the variance.
        center: learn beta.
        scale: learn gamma.
        beta_initializer: 'zeros'.
        gamma_initializer: 'ones'.
        prefix: the block's prefix (`groupnorm0_`).
        params: a ParameterDict to share.

    Example:
        >>> gluon.nn.GroupNorm(num_groups=2)
        GroupNorm(eps=1e-05, num_groups=2, center=True, scale=True)
    """

    def __init__(self, num_groups=1, epsilon=1e-5, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._kwargs = {"eps": epsilon, "num_groups": num_groups, "center": center,
                        "scale": scale}
        self._num_groups, self._epsilon = num_groups, epsilon
        self.gamma = self.params.get("gamma", grad_req="write" if scale else "null",
                                     shape=(num_groups,), init=gamma_initializer,
                                     allow_deferred_init=True)
        self.beta = self.params.get("beta", grad_req="write" if center else "null",
                                    shape=(num_groups,), init=beta_initializer,
                                    allow_deferred_init=True)

    def hybrid_forward(self, F, data, gamma, beta):
        return F.GroupNorm(data, gamma=gamma, beta=beta, num_groups=self._num_groups,
                           eps=self._epsilon)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({_options(self._kwargs)})"
