"""Adam and its variants in `mx.optimizer`: Adam, Adamax and Nadam (first and second moment
estimates with bias correction), each updating exactly as MXNet 1.9.1's does. Adam runs
MXNet's fused adam_update; Adamax and Nadam are a few whole-array nd operations per weight.
All three add the weight decay to the gradient before clipping it; Adam's bias correction is
folded into its learning rate. The other adaptive optimizers are in optimizer_adaptive.py.
"""
from __future__ import annotations

import math

from ndsh.engine import nd
from ndsh.gluon.optimizer_base import Optimizer, register, zeros_like_weight

__all__ = ["Adam", "Adamax", "Nadam"]


def _clip(opt: Optimizer, grad):
    if opt.clip_gradient is not None:
        return nd.clip(grad, -opt.clip_gradient, opt.clip_gradient)
    return grad


@register
class Adam(Optimizer):
    """Adam: `g = clip(rescale_grad * grad + wd * weight)`, `m = beta1*m + (1-beta1)*g`,
    `v = beta2*v + (1-beta2)*g**2`, then
    `weight -= lr * sqrt(1-beta2**t) / (1-beta1**t) * m / (sqrt(v) + epsilon)`.

    The weight decay is an L2 term added to the gradient (not decoupled), before clipping.

    Parameters:
        learning_rate: default 0.001; beta1: 0.9; beta2: 0.999; epsilon: 1e-8;
        lazy_update: accepted (for sparse gradients, which ndsh has not).

    Example:
        >>> upd = mx.optimizer.get_updater(mx.optimizer.Adam(learning_rate=0.1))
        >>> w = nd.array([1.0, -2.0, 0.5])
        >>> for g in ([0.5, 1, -3], [-1, 0.2, 2], [0.3, -0.4, 0.1]):
        ...     upd(0, nd.array(g), w)
        >>> w
        <BLANKLINE>
        [ 0.94737715 -2.2147408   0.6238474 ]
        <NDArray 3 @cpu(0)>
    """

    def __init__(self, learning_rate: float = 0.001, beta1: float = 0.9, beta2: float = 0.999,
                 epsilon: float = 1e-8, lazy_update: bool = True, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.lazy_update = lazy_update

    def create_state(self, index, weight):
        return (zeros_like_weight(weight), zeros_like_weight(weight))

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        t = self._index_update_count[index]
        lr *= math.sqrt(1. - self.beta2 ** t) / (1. - self.beta1 ** t)
        kwargs = {"beta1": self.beta1, "beta2": self.beta2, "epsilon": self.epsilon,
                  "rescale_grad": self.rescale_grad}
        if self.clip_gradient:
            kwargs["clip_gradient"] = self.clip_gradient
        mean, var = state
        nd.adam_update(weight, grad, mean, var, out=weight, lazy_update=self.lazy_update,
                       lr=lr, wd=wd, **kwargs)


@register
class Adamax(Optimizer):
    """AdaMax, Adam with the infinity norm: `g = clip(rescale_grad * grad + wd * weight)`,
    `m = beta1*m + (1-beta1)*g`, `u = max(beta2*u, |g|)`, `weight -= lr/(1-beta1**t) * m/u`.

    Parameters:
        learning_rate: default 0.002; beta1: 0.9; beta2: 0.999.

    Example:
        >>> upd = mx.optimizer.get_updater(mx.optimizer.Adamax(learning_rate=0.1))
        >>> w = nd.array([1.0, -2.0, 0.5])
        >>> upd(0, nd.array([0.5, 1, -3]), w); w
        <BLANKLINE>
        [ 0.9 -2.1  0.6]
        <NDArray 3 @cpu(0)>
    """

    def __init__(self, learning_rate: float = 0.002, beta1: float = 0.9, beta2: float = 0.999,
                 **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1, self.beta2 = beta1, beta2

    def create_state(self, index, weight):
        return (zeros_like_weight(weight), zeros_like_weight(weight))

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        t = self._index_update_count[index]
        lr /= (1. - self.beta1 ** t)
        grad = _clip(self, grad * self.rescale_grad + wd * weight)
        m, u = state
        m *= self.beta1
        m += (1. - self.beta1) * grad
        u[:] = nd.maximum(self.beta2 * u, nd.abs(grad))
        weight -= lr * m / u


@register
class Nadam(Optimizer):
    """Nesterov Adam (Dozat): Adam with a Nesterov momentum whose coefficient follows
    `beta1 * (1 - 0.5 * 0.96 ** (t * schedule_decay))`; the gradient is
    `clip(rescale_grad * grad + wd * weight)`.

    Parameters:
        learning_rate: default 0.001; beta1: 0.9; beta2: 0.999; epsilon: 1e-8;
        schedule_decay: 0.004.

    Example:
        >>> upd = mx.optimizer.get_updater(mx.optimizer.Nadam(learning_rate=0.1))
        >>> w = nd.array([1.0, -2.0, 0.5])
        >>> upd(0, nd.array([0.5, 1, -3]), w); w
        <BLANKLINE>
        [ 0.8943548 -2.1056452  0.6056452]
        <NDArray 3 @cpu(0)>
    """

    def __init__(self, learning_rate: float = 0.001, beta1: float = 0.9, beta2: float = 0.999,
                 epsilon: float = 1e-8, schedule_decay: float = 0.004, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.schedule_decay = schedule_decay
        self.m_schedule = 1.    # one product for all weights, as in MXNet

    def create_state(self, index, weight):
        return (zeros_like_weight(weight), zeros_like_weight(weight))

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        t = self._index_update_count[index]
        grad = _clip(self, grad * self.rescale_grad + wd * weight)
        momentum_t = self.beta1 * (1. - 0.5 * (pow(0.96, t * self.schedule_decay)))
        momentum_t_1 = self.beta1 * (1. - 0.5 * (pow(0.96, (t + 1) * self.schedule_decay)))
        self.m_schedule = self.m_schedule * momentum_t
        m_schedule_next = self.m_schedule * momentum_t_1
        m, v = state
        m *= self.beta1
        m += (1. - self.beta1) * grad
        v *= self.beta2
        v += (1. - self.beta2) * grad * grad
        grad_prime = grad / (1. - self.m_schedule)
        m_prime = m / (1. - m_schedule_next)
        v_prime = v / (1. - pow(self.beta2, t))
        m_bar = (1. - momentum_t) * grad_prime + momentum_t_1 * m_prime
        weight -= lr * m_bar / (nd.sqrt(v_prime) + self.epsilon)
