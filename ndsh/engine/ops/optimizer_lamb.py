"""LAMB's update ops as MXNet 1.9.1 has them: `lamb_update_phase1` (the moments and the step
direction), `lamb_update_phase2` (the step, scaled by the ratio of the norms) and their `mp_`
forms for float16 weights. What every update op shares is in optimizer.py.
"""
from __future__ import annotations

import numpy as np

from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ops.optimizer import (
    FLOAT32,
    check_arrays,
    claim,
    finish,
    moments,
    number,
    required,
    scaled_grad,
    target_for,
    update_count,
    update_op,
)


def _lamb_direction(xp, m, v, decay, beta1, beta2, epsilon, t, bias_correction, dt, target,
                    scratch):
    """LAMB phase 1 after the moments: m/(sqrt(v)+epsilon) + decay (wd*weight, computed
    before: target may be the weight), bias-corrected with t, into target."""
    if bias_correction:
        # MXNet: pow(beta, t) in double, rounded to the kernel's type; mean / (1. - b1^t) in
        # double, var / (1 - b2^t) in the kernel's type
        beta1_t = dt.type(float(beta1) ** t)
        beta2_t = dt.type(float(beta2) ** t)
        root = xp.divide(v, 1 - beta2_t, out=scratch)
        xp.sqrt(root, out=root)
        root += epsilon
        xp.divide(m, dt.type(1.0 - float(beta1_t)), out=target)
        target /= root
    else:
        root = xp.sqrt(v, out=scratch)
        root += epsilon
        xp.divide(m, root, out=target)
    target += decay
    return target


def _lamb_phase1(name, weight, grad, mean, var, weight32, beta1, beta2, epsilon, t,
                 bias_correction, wd, rescale_grad, clip_gradient, out):
    mp = weight32 is not None
    arrays = {"weight": weight, "grad": grad, "mean": mean, "var": var}
    if mp:
        arrays["weight32"] = weight32
    ctx, xp, dt = check_arrays(name, arrays, float32=("mean", "var", "weight32") if mp else ())
    if mp and dt != np.float16:
        raise TypeError(f"{name}: the weight is {dt.name}, but {name} takes a float16 weight "
                        f"and gradient only (as MXNet); for float32 use lamb_update_phase1")
    t = update_count(name, t)
    cdt = FLOAT32 if mp else dt
    beta1, beta2, epsilon, wd, rescale, clip = (
        number(name, key, value, cdt) for key, value in
        (("beta1", beta1), ("beta2", beta2), ("epsilon", epsilon),
         ("wd", required(name, "wd", wd)), ("rescale_grad", rescale_grad),
         ("clip_gradient", clip_gradient)))
    claim(name, out, weight.shape, cdt, ctx, {"mean": mean, "var": var})
    g = scaled_grad(xp, grad._data, rescale, clip)      # float32 for an mp_ op
    m, v = mean._data, var._data
    scratch = xp.empty_like(m)
    moments(xp, g, m, v, beta1, beta2, scratch)
    decay = xp.multiply(weight32._data if mp else weight._data, wd, out=g)
    target = target_for(xp, out, m)
    _lamb_direction(xp, m, v, decay, beta1, beta2, epsilon, t, bool(bias_correction), cdt,
                    target, scratch)
    return finish(out, target, ctx, (mean, var))


@update_op()
def lamb_update_phase1(weight, grad, mean, var, beta1=0.9, beta2=0.999, epsilon=1e-6, t=None,
                       bias_correction=True, wd=None, rescale_grad=1.0, clip_gradient=-1.0,
                       out=None):
    """LAMB's first phase: update the moments and return the step direction g.

    MXNet's kernel, with `gr = clip(rescale_grad*grad)`: `mean = beta1*mean + (1-beta1)*gr`,
    `var = beta2*var + (1-beta2)*gr*gr` (in place), then
    `g = mean_hat / (sqrt(var_hat) + epsilon) + wd*weight`, where with bias_correction
    `mean_hat = mean / (1 - beta1**t)` and `var_hat = var / (1 - beta2**t)` (else mean and
    var). lamb_update_phase2 then moves the weight along g.

    Parameters:
        mean: the moving mean of the gradient, updated in place (zeros to start).
        var: the moving mean of its square, updated in place (zeros to start).
        beta1, beta2: the decay rates of mean and var.
        epsilon: keeps the denominator away from 0.
        t: the update count, from 1 (required).
        bias_correction: divide mean and var by (1 - beta**t).
        wd: the weight decay factor (required here).
        out: an array to write g into; it is returned.

    Example:
        >>> w = nd.array([1, -2, 0.5]); grad = nd.array([0.5, 1, -3])
        >>> mean, var = nd.zeros(3), nd.zeros(3)
        >>> nd.lamb_update_phase1(w, grad, mean, var, t=1, wd=0.1)
        <BLANKLINE>
        [ 1.099998    0.79999906 -0.9499997 ]
        <NDArray 3 @cpu(0)>
    """
    return _lamb_phase1("lamb_update_phase1", weight, grad, mean, var, None, beta1, beta2,
                        epsilon, t, bias_correction, wd, rescale_grad, clip_gradient, out)


@update_op()
def mp_lamb_update_phase1(weight, grad, mean, var, weight32, beta1=0.9, beta2=0.999,
                          epsilon=1e-6, t=None, bias_correction=True, wd=None,
                          rescale_grad=1.0, clip_gradient=-1.0, out=None):
    """LAMB's first phase for a float16 weight: the moments and g in float32.

    As lamb_update_phase1, computed in float32 from the float16 gradient, with the weight
    decay taken from weight32; mean and var (float32) are updated in place, and g is float32.

    Parameters:
        weight: the float16 weight (its float32 copy weight32 is what is read).
        grad: the float16 gradient.
        mean: the moving mean of the gradient (float32), updated in place.
        var: the moving mean of its square (float32), updated in place.
        weight32: the float32 master copy of the weight (read only).
        beta1, beta2: the decay rates of mean and var.
        epsilon: keeps the denominator away from 0.
        t: the update count, from 1 (required).
        bias_correction: divide mean and var by (1 - beta**t).
        wd: the weight decay factor (required here).
        out: a float32 array to write g into; it is returned.

    Example:
        >>> w = nd.array([1, -2, 0.5], dtype='float16'); w32 = w.astype('float32')
        >>> grad = nd.array([0.5, 1, -3], dtype='float16')
        >>> mean, var = nd.zeros(3), nd.zeros(3)
        >>> nd.mp_lamb_update_phase1(w, grad, mean, var, w32, t=1, wd=0.1)
        <BLANKLINE>
        [ 1.099998    0.79999906 -0.9499997 ]
        <NDArray 3 @cpu(0)>
    """
    return _lamb_phase1("mp_lamb_update_phase1", weight, grad, mean, var, weight32, beta1,
                        beta2, epsilon, t, bias_correction, wd, rescale_grad, clip_gradient, out)


def _lamb_phase2(name, weight, g, r1, r2, weight32, lr, lower_bound, upper_bound, out):
    mp = weight32 is not None
    arrays = {"weight": weight, "g": g, "r1": r1, "r2": r2}
    if mp:
        arrays["weight32"] = weight32
    ctx, xp, dt = check_arrays(name, arrays, free_shape=("r1", "r2"),
                               float32=("g", "r1", "r2", "weight32") if mp else ())
    for key in ("r1", "r2"):
        shape = arrays[key]._data.shape
        if arrays[key]._data.size == 0 or (shape and shape[0] != 1):
            raise ValueError(f"{name}: {key} has shape {shape}, but it must hold one number "
                             f"(shape (1,)): the norm of the weight (r1) or of g (r2)")
    cdt = FLOAT32 if mp else dt
    lr, lower, upper = (number(name, key, value, cdt) for key, value in
                        (("lr", lr), ("lower_bound", lower_bound),
                         ("upper_bound", upper_bound)))
    claim(name, out, weight.shape, dt, ctx, {})
    ratio = r1._data.reshape(-1)[0]
    if lower >= 0:
        ratio = xp.where(ratio > lower, ratio, lower)      # MXNet's maximum: a > b ? a : b
    if upper >= 0:
        ratio = xp.where(ratio < upper, ratio, upper)
    norm = r2._data.reshape(-1)[0]
    usable = (ratio != 0) & (norm != 0)
    step_size = xp.where(usable, lr * ratio / xp.where(usable, norm, 1), lr).astype(cdt)
    step = g._data * step_size
    w = weight32._data if mp else weight._data
    if mp:     # weight32 is read, never written: MXNet 1.9.1's kernel leaves it as it was
        return finish(out, (w - step).astype(dt), ctx)
    target = target_for(xp, out, w)
    xp.subtract(w, step, out=target)
    return finish(out, target, ctx)


@update_op()
def lamb_update_phase2(weight, g, r1, r2, lr, lower_bound=-1.0, upper_bound=-1.0, out=None):
    """LAMB's second phase: weight - lr * (r1 / r2) * g, with r1 the weight's norm, r2 g's.

    MXNet's kernel: r1 is clamped to [lower_bound, upper_bound] (each bound when >= 0); if
    r1 or r2 is 0 the step is lr * g, else (lr * r1 / r2) * g.

    Parameters:
        g: the direction from lamb_update_phase1.
        r1: the norm of the weight, shape (1,) (`weight.norm()`).
        r2: the norm of g, shape (1,) (`g.norm()`).
        lower_bound: the lower bound of r1; negative (the default) turns it off.
        upper_bound: the upper bound of r1; negative (the default) turns it off.

    Example:
        >>> w = nd.array([1, -2, 0.5]); grad = nd.array([0.5, 1, -3])
        >>> mean, var = nd.zeros(3), nd.zeros(3)
        >>> g = nd.lamb_update_phase1(w, grad, mean, var, t=1, wd=0.1)
        >>> nd.lamb_update_phase2(w, g, w.norm(), g.norm(), lr=0.1, out=w)
        <BLANKLINE>
        [ 0.8480823  -2.1104858   0.63120186]
        <NDArray 3 @cpu(0)>
    """
    return _lamb_phase2("lamb_update_phase2", weight, g, r1, r2, None, lr, lower_bound,
                        upper_bound, out)


@update_op()
def mp_lamb_update_phase2(weight, g, r1, r2, weight32, lr, lower_bound=-1.0, upper_bound=-1.0,
                          out=None):
    """LAMB's second phase for a float16 weight: weight32 - lr * (r1 / r2) * g, rounded.

    As lamb_update_phase2, computed in float32 from weight32 (g, r1 and r2 are float32 too).
    As in MXNet 1.9.1, weight32 is read but not updated: its kernel never writes it back.

    Parameters:
        weight: the (float16) weight; the result has its dtype.
        g: the float32 direction from mp_lamb_update_phase1.
        r1: the norm of weight32, shape (1,).
        r2: the norm of g, shape (1,).
        weight32: the float32 master copy of the weight (read only).
        lower_bound: the lower bound of r1; negative (the default) turns it off.
        upper_bound: the upper bound of r1; negative (the default) turns it off.

    Example:
        >>> w = nd.array([1, -2, 0.5], dtype='float16'); w32 = w.astype('float32')
        >>> grad = nd.array([0.5, 1, -3], dtype='float16')
        >>> mean, var = nd.zeros(3), nd.zeros(3)
        >>> g = nd.mp_lamb_update_phase1(w, grad, mean, var, w32, t=1, wd=0.1)
        >>> nd.mp_lamb_update_phase2(w, g, w32.norm(), g.norm(), w32, lr=0.1, out=w)
        <BLANKLINE>
        [ 0.848  -2.111   0.6313]
        <NDArray 3 @cpu(0)>
    """
    return _lamb_phase2("mp_lamb_update_phase2", weight, g, r1, r2, weight32, lr, lower_bound,
                        upper_bound, out)
