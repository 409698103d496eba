"""The SGD family of `mx.optimizer`: SGD (and its old name ccSGD), NAG, Signum, DCASGD, SGLD
and MXNet's Test optimizer.

SGD, NAG and Signum run MXNet's fused update ops (`nd.sgd_update`, `nd.sgd_mom_update`,
`nd.nag_mom_update`, `nd.signum_update`...): one op per weight, which clips the rescaled
gradient before adding the weight decay, as MXNet's kernels do.
"""
from __future__ import annotations

import math
import warnings

import numpy

from ndsh.engine import nd
from ndsh.gluon.optimizer_base import Optimizer, aggregation_size, register, zeros_like_weight

__all__ = ["SGD", "ccSGD", "NAG", "Signum", "DCASGD", "SGLD", "Test"]


def _as_lists(index, weight, grad, state):
    if isinstance(index, (list, tuple)):
        return list(index), list(weight), list(grad), list(state)
    return [index], [weight], [grad], [state]


def _sgd_kwargs(opt: Optimizer) -> dict:
    # MXNet passes momentum and clip_gradient only when they are set (a clip of 0 is none)
    kwargs = {"rescale_grad": opt.rescale_grad}
    if getattr(opt, "momentum", 0) > 0:
        kwargs["momentum"] = opt.momentum
    if opt.clip_gradient:
        kwargs["clip_gradient"] = opt.clip_gradient
    return kwargs


class _MasterCopyLast(Optimizer):
    """SGD and NAG keep their float16 master copy second: (state, weight32)."""

    def create_state_multi_precision(self, index, weight):
        if self.multi_precision and weight.dtype == numpy.float16:
            master = weight.astype(numpy.float32)
            return (self.create_state(index, master), master)
        if weight.dtype == numpy.float16 and not self.multi_precision:
            warnings.warn("Accumulating with float16 in optimizer can lead to poor accuracy or "
                          f"slow convergence. Consider using multi_precision=True option of "
                          f"the {type(self).__name__} optimizer", stacklevel=2)
        return self.create_state(index, weight)

    def create_state(self, index, weight):
        return zeros_like_weight(weight) if self.momentum != 0.0 else None

    def update(self, index, weight, grad, state):
        self._update_impl(index, weight, grad, state, multi_precision=False)

    def update_multi_precision(self, index, weight, grad, state):
        first = weight[0] if isinstance(index, (list, tuple)) else weight
        self._update_impl(index, weight, grad, state,
                          multi_precision=self.multi_precision and first.dtype == numpy.float16
                          and isinstance(state if not isinstance(index, (list, tuple))
                                         else state[0], (tuple, list)))

    def _update_impl(self, index, weight, grad, state, multi_precision=False):
        indices, weights, grads, states = _as_lists(index, weight, grad, state)
        self._update_count(indices)
        kwargs = _sgd_kwargs(self)
        for w, g, s, lr, wd in zip(weights, grads, states, self._get_lrs(indices),
                                   self._get_wds(indices)):
            self._step(w, g, s, lr, wd, kwargs, multi_precision)


@register
class SGD(_MasterCopyLast):
    """Stochastic gradient descent, with momentum and weight decay.

    Without momentum: `weight -= lr * (clip(rescale_grad * grad) + wd * weight)`; with it:
    `mom = momentum * mom - lr * (clip(rescale_grad * grad) + wd * weight)`, `weight += mom`.
    The gradient is clipped before the weight decay is added.

    Parameters:
        momentum: the momentum (0: none, and no state).
        lazy_update: accepted (MXNet's switch for sparse gradients, which ndsh has not).
        multi_precision: update float16 weights through a float32 master copy.
        Optimizer's: learning_rate (default 0.01), wd, rescale_grad, clip_gradient...

    Example:
        >>> opt = mx.optimizer.SGD(learning_rate=0.1, momentum=0.9)
        >>> w = nd.array([1.0, -2.0, 0.5]); upd = mx.optimizer.get_updater(opt)
        >>> for g in ([0.5, 1, -3], [-1, 0.2, 2]):
        ...     upd(0, nd.array(g), w)
        >>> w
        <BLANKLINE>
        [ 1.005     -2.2099998  0.87     ]
        <NDArray 3 @cpu(0)>
    """

    def __init__(self, momentum: float = 0.0, lazy_update: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum
        self.lazy_update = lazy_update
        self.aggregate_num = aggregation_size("4")

    def _step(self, w, g, state, lr, wd, kwargs, multi_precision):
        if not multi_precision:
            if state is not None:
                nd.sgd_mom_update(w, g, state, out=w, lazy_update=self.lazy_update, lr=lr,
                                  wd=wd, **kwargs)
            else:
                nd.sgd_update(w, g, out=w, lazy_update=self.lazy_update, lr=lr, wd=wd,
                              **kwargs)
        elif state[0] is not None:
            nd.mp_sgd_mom_update(w, g, state[0], state[1], out=w, lr=lr, wd=wd, **kwargs)
        else:
            nd.mp_sgd_update(w, g, state[1], out=w, lr=lr, wd=wd, **kwargs)


@register
class ccSGD(SGD):  # noqa: N801  (MXNet's name)
    """[Deprecated in MXNet] The same as SGD.

    Example:
        >>> type(mx.optimizer.create('ccsgd')).__mro__[1].__name__
        'SGD'
    """


@register
class NAG(_MasterCopyLast):
    """Nesterov accelerated gradient: `mom = momentum * mom + g`, then
    `weight -= lr * (g + momentum * mom)` with `g = clip(rescale_grad * grad) + wd * weight`
    (MXNet's `nag_mom_update`, whose state, with weight decay, is computed again from the
    updated weight). Without momentum it is SGD.

    Parameters:
        momentum: the momentum (0: plain SGD).
        multi_precision and Optimizer's: as SGD's.

    Example:
        >>> upd = mx.optimizer.get_updater(mx.optimizer.NAG(learning_rate=0.1,
        ...                                                        momentum=0.9))
        >>> w = nd.array([1.0, -2.0, 0.5])
        >>> upd(0, nd.array([0.5, 1, -3]), w); w
        <BLANKLINE>
        [ 0.905     -2.19       1.0699999]
        <NDArray 3 @cpu(0)>
    """

    def __init__(self, momentum: float = 0.0, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum

    def _step(self, w, g, state, lr, wd, kwargs, multi_precision):
        if not multi_precision:
            if state is not None:
                nd.nag_mom_update(w, g, state, out=w, lr=lr, wd=wd, **kwargs)
            else:
                nd.sgd_update(w, g, out=w, lr=lr, wd=wd, **kwargs)
        elif state[0] is not None:
            nd.mp_nag_mom_update(w, g, state[0], state[1], out=w, lr=lr, wd=wd, **kwargs)
        else:
            nd.mp_sgd_update(w, g, state[1], out=w, lr=lr, wd=wd, **kwargs)


@register
class Signum(Optimizer):
    """signSGD and Signum: move each weight by lr against the sign of its gradient (signSGD,
    momentum 0) or of its momentum `mom = momentum * mom - (1 - momentum) * (clip(g) + wd*w)`;
    wd_lh is a decoupled weight decay (`weight *= 1 - lr * wd_lh`).

    Parameters:
        learning_rate: default 0.01; momentum: default 0.9; wd_lh: default 0.

    Example:
        >>> upd = mx.optimizer.get_updater(mx.optimizer.Signum(learning_rate=0.1))
        >>> w = nd.array([1.0, -2.0, 0.5])
        >>> upd(0, nd.array([0.5, 1, -3]), w); w
        <BLANKLINE>
        [ 0.9 -2.1  0.6]
        <NDArray 3 @cpu(0)>
    """

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.9, wd_lh: float = 0.0,
                 **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.momentum = momentum
        self.wd_lh = wd_lh

    def create_state(self, index, weight):
        return zeros_like_weight(weight) if self.momentum != 0.0 else None

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        kwargs = _sgd_kwargs(self)
        if self.wd_lh:
            kwargs["wd_lh"] = self.wd_lh
        if state is not None:
            nd.signum_update(weight, grad, state, out=weight, lr=lr, wd=wd, **kwargs)
        else:
            kwargs.pop("momentum", None)
            nd.signsgd_update(weight, grad, out=weight, lr=lr, wd=wd, **kwargs)


@register
class DCASGD(Optimizer):
    """Delay-compensated asynchronous SGD: SGD whose gradient is corrected by
    `lamda * g * g * (weight - previous weight)`.

    Parameters:
        momentum: default 0; lamda: the compensation scale, default 0.04.

    Example:
        >>> upd = mx.optimizer.get_updater(mx.optimizer.DCASGD(learning_rate=0.1))
        >>> w = nd.array([1.0, -2.0])
        >>> upd(0, nd.array([0.5, 1.0]), w); w
        <BLANKLINE>
        [ 0.95 -2.1 ]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self, momentum: float = 0.0, lamda: float = 0.04, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum
        self.weight_previous: dict = {}
        self.lamda = lamda

    def create_state(self, index, weight):
        mom = None if self.momentum == 0.0 else zeros_like_weight(weight)
        return (mom, weight.copy())

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        grad = grad * self.rescale_grad
        if self.clip_gradient is not None:
            grad = nd.clip(grad, -self.clip_gradient, self.clip_gradient)
        mom, previous = state
        step = -lr * (grad + wd * weight + self.lamda * grad * grad * (weight - previous))
        if mom is not None:
            mom *= self.momentum
            mom += step
            step = mom
        previous[:] = weight
        weight += step


@register
class SGLD(Optimizer):
    """Stochastic gradient Langevin dynamics: half an SGD step plus Gaussian noise of
    variance lr (drawn from ndsh's random stream, so not MXNet's numbers).

    Example:
        >>> upd = mx.optimizer.get_updater(mx.optimizer.SGLD(learning_rate=0.01))
        >>> w = nd.zeros(1000); upd(0, nd.zeros(1000), w)
        >>> 0.08 < float(w.asnumpy().std()) < 0.12
        True
    """

    def create_state(self, index, weight):
        return None

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        grad = grad * self.rescale_grad
        if self.clip_gradient is not None:
            grad = nd.clip(grad, -self.clip_gradient, self.clip_gradient)
        weight += -lr / 2 * (grad + wd * weight)
        weight += nd.random.normal(0, math.sqrt(lr), shape=weight.shape, dtype=weight.dtype,
                                   ctx=weight.context)


@register
class Test(Optimizer):
    """MXNet's test optimizer: `weight += rescale_grad * grad`, and the state copies weight.

    Example:
        >>> upd = mx.optimizer.get_updater(mx.optimizer.Test())
        >>> w = nd.array([1.0]); upd(0, nd.array([2.0]), w); w
        <BLANKLINE>
        [3.]
        <NDArray 1 @cpu(0)>
    """

    def create_state(self, index, weight):
        return zeros_like_weight(weight)

    def update(self, index, weight, grad, state):
        weight += grad * self.rescale_grad
        state[:] = weight
