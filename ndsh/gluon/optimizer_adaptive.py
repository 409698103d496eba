"""The adaptive optimizers of `mx.optimizer`: Adam, Adamax, Nadam, AdaGrad, AdaDelta, RMSProp,
Ftrl, FTML and LAMB, each updating exactly as MXNet 1.9.1's does. Adam, Adamax and Nadam are
defined in optimizer_adam.py and imported here (pickles name them by either module).

Where MXNet has a fused update op (adam_update, rmsprop_update, rmspropalex_update,
ftrl_update, ftml_update, lamb_update_phase1/2) it runs here too; the others are a few
whole-array nd operations per weight. Note the orders, which differ: Adam, RMSProp, Adamax,
Nadam and FTML add the weight decay to the gradient before clipping it; AdaGrad and AdaDelta
clip and then add the decay outside the adaptive term; Adam's bias correction is folded into
its learning rate.
"""
from __future__ import annotations

import numpy

from ndsh.engine import nd
from ndsh.gluon.optimizer_adam import Adam, Adamax, Nadam, _clip
from ndsh.gluon.optimizer_base import Optimizer, aggregation_size, register, zeros_like_weight

__all__ = ["Adam", "Adamax", "Nadam", "AdaGrad", "AdaDelta", "RMSProp", "Ftrl", "FTML", "LAMB"]


@register
class AdaGrad(Optimizer):
    """AdaGrad: `g = clip(rescale_grad * grad)`, `history += g**2`, then
    `weight -= lr * (g / sqrt(history + eps) + wd * weight)` (the decay outside the adaptive
    term).

    Parameters:
        eps: added under the square root, default 1e-7 (stored as float_stable_eps).
        Optimizer's: learning_rate (default 0.01)...

    Example:
        >>> upd = mx.optimizer.get_updater(mx.optimizer.AdaGrad(learning_rate=0.1))
        >>> w = nd.array([1.0, -2.0, 0.5])
        >>> upd(0, nd.array([0.5, 1, -3]), w); w
        <BLANKLINE>
        [ 0.90000004 -2.1         0.6       ]
        <NDArray 3 @cpu(0)>
    """

    def __init__(self, eps: float = 1e-7, **kwargs):
        super().__init__(**kwargs)
        self.float_stable_eps = eps

    def create_state(self, index, weight):
        return zeros_like_weight(weight)

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        grad = _clip(self, grad * self.rescale_grad)
        state += nd.square(grad)
        div = grad / nd.sqrt(state + self.float_stable_eps)
        weight += (div + weight * wd) * -lr


@register
class AdaDelta(Optimizer):
    """AdaDelta, which has no learning rate (the one given is ignored, as in MXNet):
    `g = clip(rescale_grad * grad)`, `acc_g = rho*acc_g + (1-rho)*g**2`,
    `delta = sqrt(acc_delta + epsilon) / sqrt(acc_g + epsilon) * g`,
    `acc_delta = rho*acc_delta + (1-rho)*delta**2`, `weight -= delta + wd * weight`.

    Parameters:
        rho: default 0.9; epsilon: default 1e-5.

    Example:
        >>> upd = mx.optimizer.get_updater(mx.optimizer.AdaDelta())
        >>> w = nd.array([1.0, -2.0, 0.5])
        >>> upd(0, nd.array([0.5, 1, -3]), w); w
        <BLANKLINE>
        [ 0.990002   -2.0099995   0.50999993]
        <NDArray 3 @cpu(0)>
    """

    def __init__(self, rho: float = 0.90, epsilon: float = 1e-5, **kwargs):
        super().__init__(**kwargs)
        self.rho, self.epsilon = rho, epsilon

    def create_state(self, index, weight):
        return (zeros_like_weight(weight), zeros_like_weight(weight))

    def update(self, index, weight, grad, state):
        wd = self._get_wd(index)
        self._update_count(index)
        # MXNet scales the caller's gradient array in place here; ndsh leaves it alone
        grad = _clip(self, grad * self.rescale_grad)
        acc_g, acc_delta = state
        acc_g *= self.rho
        acc_g += (1. - self.rho) * grad * grad
        delta = nd.sqrt(acc_delta + self.epsilon) / nd.sqrt(acc_g + self.epsilon) * grad
        acc_delta *= self.rho
        acc_delta += (1. - self.rho) * delta * delta
        weight -= delta + wd * weight


@register
class RMSProp(Optimizer):
    """RMSProp: Tieleman and Hinton's (`n = (1-gamma1)*g**2 + gamma1*n`,
    `weight -= lr * g / sqrt(n + epsilon)`), or Graves's when centered (with a running mean
    of g and a momentum gamma2); `g = clip(rescale_grad * grad + wd * weight)`.

    Parameters:
        learning_rate: default 0.001; gamma1: 0.9; gamma2: 0.9 (centered only);
        epsilon: 1e-8; centered: False; clip_weights: clip the weights into
        [-clip_weights, clip_weights] after each update (None: no).

    Example:
        >>> upd = mx.optimizer.get_updater(mx.optimizer.RMSProp(learning_rate=0.1))
        >>> w = nd.array([1.0, -2.0, 0.5])
        >>> upd(0, nd.array([0.5, 1, -3]), w); w
        <BLANKLINE>
        [ 0.6837723  -2.3162277   0.81622773]
        <NDArray 3 @cpu(0)>
    """

    def __init__(self, learning_rate: float = 0.001, gamma1: float = 0.9, gamma2: float = 0.9,
                 epsilon: float = 1e-8, centered: bool = False, clip_weights=None, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.gamma1, self.gamma2 = gamma1, gamma2
        self.centered = centered
        self.epsilon = epsilon
        self.clip_weights = clip_weights

    def create_state(self, index, weight):
        count = 3 if self.centered else 1
        return tuple(zeros_like_weight(weight) for _ in range(count))

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        kwargs = {"gamma1": self.gamma1, "epsilon": self.epsilon,
                  "rescale_grad": self.rescale_grad}
        if self.centered:
            kwargs["gamma2"] = self.gamma2
        if self.clip_gradient:
            kwargs["clip_gradient"] = self.clip_gradient
        if self.clip_weights:
            kwargs["clip_weights"] = self.clip_weights
        if not self.centered:
            nd.rmsprop_update(weight, grad, state[0], out=weight, lr=lr, wd=wd, **kwargs)
        else:
            n, g, delta = state
            nd.rmspropalex_update(weight, grad, n, g, delta, out=weight, lr=lr, wd=wd,
                                  **kwargs)


@register
class Ftrl(Optimizer):
    """FTRL-proximal (McMahan et al.), with the L1 term lamda1 and the per-coordinate rate
    lr / (beta + sqrt(n)); MXNet's `ftrl_update`.

    Parameters:
        lamda1: default 0.01; learning_rate: default 0.1; beta: default 1.

    Example:
        >>> upd = mx.optimizer.get_updater(mx.optimizer.Ftrl())
        >>> w = nd.array([1.0, -2.0, 0.5])
        >>> upd(0, nd.array([0.5, 1, -3]), w); w
        <BLANKLINE>
        [ 0.2993333 -1.0495     0.44975  ]
        <NDArray 3 @cpu(0)>
    """

    def __init__(self, lamda1: float = 0.01, learning_rate: float = 0.1, beta: float = 1,
                 **kwargs):
        super().__init__(**kwargs)
        self.lamda1, self.beta = lamda1, beta
        self.lr = learning_rate

    def create_state(self, index, weight):
        return (zeros_like_weight(weight), zeros_like_weight(weight))

    def update(self, index, weight, grad, state):
        self._update_count(index)
        wd, lr = self._get_wd(index), self._get_lr(index)
        kwargs = {"lamda1": self.lamda1, "beta": self.beta, "rescale_grad": self.rescale_grad}
        if self.clip_gradient:
            kwargs["clip_gradient"] = self.clip_gradient
        z, n = state
        nd.ftrl_update(weight, grad, z, n, out=weight, lr=lr, wd=wd, **kwargs)


@register
class FTML(Optimizer):
    """FTML, Follow the Moving Leader (Zheng and Kwok); MXNet's `ftml_update`.

    Parameters:
        beta1: default 0.6; beta2: 0.999; epsilon: 1e-8; Optimizer's (learning_rate 0.01).

    Example:
        >>> upd = mx.optimizer.get_updater(mx.optimizer.FTML(learning_rate=0.1))
        >>> w = nd.array([1.0, -2.0, 0.5])
        >>> upd(0, nd.array([0.5, 1, -3]), w); w
        <BLANKLINE>
        [ 0.90000004 -2.1000001   0.59999996]
        <NDArray 3 @cpu(0)>
    """

    def __init__(self, beta1: float = 0.6, beta2: float = 0.999, epsilon: float = 1e-8,
                 **kwargs):
        super().__init__(**kwargs)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon

    def create_state(self, index, weight):
        return tuple(zeros_like_weight(weight) for _ in range(3))   # d, v, z

    def update(self, index, weight, grad, state):
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        kwargs = {"beta1": self.beta1, "beta2": self.beta2, "epsilon": self.epsilon,
                  "rescale_grad": self.rescale_grad, "t": self._index_update_count[index]}
        if self.clip_gradient:
            kwargs["clip_grad"] = self.clip_gradient
        d, v, z = state
        nd.ftml_update(weight, grad, d, v, z, out=weight, lr=lr, wd=wd, **kwargs)


@register
class LAMB(Optimizer):
    """LAMB (You et al.): an Adam direction with the weight decay added, scaled per weight by
    the trust ratio ||weight|| / ||direction|| (bounded by lower_bound / upper_bound when
    given); MXNet's `lamb_update_phase1` and `lamb_update_phase2`.

    Parameters:
        learning_rate: default 0.001; beta1: 0.9; beta2: 0.999; epsilon: 1e-6;
        lower_bound, upper_bound: bounds of ||weight|| (None: none);
        bias_correction: default True.

    Example:
        >>> upd = mx.optimizer.get_updater(mx.optimizer.LAMB(learning_rate=0.1))
        >>> w = nd.array([1.0, -2.0, 0.5])
        >>> upd(0, nd.array([0.5, 1, -3]), w); w
        <BLANKLINE>
        [ 0.86771256 -2.1322875   0.6322877 ]
        <NDArray 3 @cpu(0)>
    """

    def __init__(self, learning_rate: float = 0.001, beta1: float = 0.9, beta2: float = 0.999,
                 epsilon: float = 1e-6, lower_bound=None, upper_bound=None,
                 bias_correction: bool = True, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.lower_bound, self.upper_bound = lower_bound, upper_bound
        self.bias_correction = bias_correction
        self.aggregate_num = max(1, min(45, aggregation_size("45")))

    def create_state(self, index, weight):
        return (zeros_like_weight(weight), zeros_like_weight(weight))

    def update(self, index, weight, grad, state):
        self._update_impl(index, weight, grad, state, multi_precision=False)

    def update_multi_precision(self, index, weight, grad, state):
        first = weight[0] if isinstance(index, (list, tuple)) else weight
        self._update_impl(index, weight, grad, state,
                          multi_precision=self.multi_precision and first.dtype == numpy.float16)

    def _update_impl(self, index, weight, grad, state, multi_precision=False):
        # MXNet's aggregated form (multi_lamb_update) computes the same per-weight update
        if isinstance(index, (list, tuple)):
            for each in zip(index, weight, grad, state):
                self._update_impl(*each, multi_precision=multi_precision)
            return
        self._update_count(index)
        lr, wd = self._get_lr(index), self._get_wd(index)
        kwargs = {"beta1": self.beta1, "beta2": self.beta2, "epsilon": self.epsilon,
                  "bias_correction": self.bias_correction, "rescale_grad": self.rescale_grad,
                  "t": self._index_update_count[index]}
        if self.clip_gradient:
            kwargs["clip_gradient"] = self.clip_gradient
        bounds = {}
        if self.lower_bound:
            bounds["lower_bound"] = self.lower_bound
        if self.upper_bound:
            bounds["upper_bound"] = self.upper_bound
        if multi_precision:
            weight32, (mean, var) = state
            g = nd.mp_lamb_update_phase1(weight, grad, mean, var, weight32, wd=wd, **kwargs)
            nd.mp_lamb_update_phase2(weight, g, weight32.norm(), g.norm(), weight32, lr=lr,
                                     out=weight, **bounds)
        else:
            mean, var = state
            g = nd.lamb_update_phase1(weight, grad, mean, var, wd=wd, **kwargs)
            nd.lamb_update_phase2(weight, g, weight.norm(), g.norm(), lr=lr, out=weight,
                                  **bounds)
