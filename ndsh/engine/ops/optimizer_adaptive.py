"""MXNet's adaptive update ops: `adam_update`, `rmsprop_update`, `rmspropalex_update`,
`ftrl_update` and `ftml_update`. What every update op shares (checks, in-place states, `out=`)
is in optimizer.py; each op here follows its MXNet 1.9.1 kernel step by step.
"""
from __future__ import annotations

from ndsh.engine.ops.optimizer import (
    check_arrays,
    claim,
    decayed_grad,
    finish,
    moments,
    number,
    scaled_grad,
    sign_of,
    target_for,
    update_count,
    update_op,
)


# ----- Adam, RMSProp ----------------------------------------------------------------------
@update_op()
def adam_update(weight, grad, mean, var, lr, beta1=0.9, beta2=0.999, epsilon=1e-8, wd=0.0,
                rescale_grad=1.0, clip_gradient=-1.0, lazy_update=True, out=None):
    """Update a weight by Adam: weight - lr * mean / (sqrt(var) + epsilon).

    MXNet's kernel, with `g = clip(rescale_grad*grad + wd*weight)` (L2 weight decay, clipped
    after it is added): `mean = beta1*mean + (1-beta1)*g`, `var = beta2*var + (1-beta2)*g*g`
    (both in place), then `weight - lr * mean / (sqrt(var) + epsilon)`. There is no bias
    correction here: MXNet's Adam optimizer folds it into lr.

    Parameters:
        mean: the moving mean of the gradient, updated in place (zeros to start).
        var: the moving mean of its square, updated in place (zeros to start).
        beta1, beta2: the decay rates of mean and var.
        epsilon: keeps the denominator away from 0.

    Example:
        >>> w = nd.array([1, -2, 0.5]); g = nd.array([0.5, 1, -3])
        >>> mean, var = nd.zeros(3), nd.zeros(3)
        >>> nd.adam_update(w, g, mean, var, lr=0.1, out=w); mean
        <BLANKLINE>
        [ 0.6837703 -2.3162298  0.8162298]
        <NDArray 3 @cpu(0)>
        <BLANKLINE>
        [ 0.05000001  0.10000002 -0.30000007]
        <NDArray 3 @cpu(0)>
    """
    name = "adam_update"
    ctx, xp, dt = check_arrays(name, {"weight": weight, "grad": grad, "mean": mean,
                                      "var": var})
    lr, beta1, beta2, epsilon, wd, rescale, clip = (
        number(name, n, v, dt) for n, v in
        (("lr", lr), ("beta1", beta1), ("beta2", beta2), ("epsilon", epsilon), ("wd", wd),
         ("rescale_grad", rescale_grad), ("clip_gradient", clip_gradient)))
    claim(name, out, weight.shape, dt, ctx, {"mean": mean, "var": var})
    w, m, v = weight._data, mean._data, var._data
    scratch = xp.empty_like(w)
    g = decayed_grad(xp, grad._data, w, rescale, wd, clip, scratch)
    moments(xp, g, m, v, beta1, beta2, scratch)
    denominator = xp.sqrt(v, out=scratch)
    denominator += epsilon
    step = xp.multiply(m, lr, out=g)
    step /= denominator
    target = target_for(xp, out, w)
    xp.subtract(w, step, out=target)
    return finish(out, target, ctx, (mean, var))


@update_op()
def rmsprop_update(weight, grad, n, lr, gamma1=0.95, epsilon=1e-8, wd=0.0, rescale_grad=1.0,
                   clip_gradient=-1.0, clip_weights=-1.0, out=None):
    """Update a weight by RMSProp: weight - lr * g / sqrt(n + epsilon).

    MXNet's kernel, with `g = clip(rescale_grad*grad + wd*weight)`:
    `n = (1-gamma1)*g*g + gamma1*n` (in place), then `weight - lr * g / sqrt(n + epsilon)`,
    clipped to [-clip_weights, clip_weights] when clip_weights >= 0.

    Parameters:
        n: the moving mean of the squared gradient, updated in place (zeros to start).
        gamma1: the decay rate of n.
        epsilon: keeps the denominator away from 0.
        clip_weights: clips the new weight to [-clip_weights, clip_weights]; negative (the
            default) turns it off.

    Example:
        >>> w = nd.array([1, -2, 0.5]); g = nd.array([0.5, 1, -3]); n = nd.zeros(3)
        >>> nd.rmsprop_update(w, g, n, lr=0.1, gamma1=0.9, out=w)
        <BLANKLINE>
        [ 0.6837723  -2.3162277   0.81622773]
        <NDArray 3 @cpu(0)>
    """
    name = "rmsprop_update"
    ctx, xp, dt = check_arrays(name, {"weight": weight, "grad": grad, "n": n})
    lr, gamma1, epsilon, wd, rescale, clip, clip_weights = (
        number(name, key, v, dt) for key, v in
        (("lr", lr), ("gamma1", gamma1), ("epsilon", epsilon), ("wd", wd),
         ("rescale_grad", rescale_grad), ("clip_gradient", clip_gradient),
         ("clip_weights", clip_weights)))
    claim(name, out, weight.shape, dt, ctx, {"n": n})
    w, state = weight._data, n._data
    scratch = xp.empty_like(w)
    g = decayed_grad(xp, grad._data, w, rescale, wd, clip, scratch)
    square = xp.multiply(g, g, out=scratch)
    square *= 1 - gamma1
    state *= gamma1
    state += square
    root = xp.add(state, epsilon, out=scratch)
    xp.sqrt(root, out=root)
    g /= root
    g *= lr
    target = target_for(xp, out, w)
    xp.subtract(w, g, out=target)
    if clip_weights >= 0:
        xp.clip(target, -clip_weights, clip_weights, out=target)
    return finish(out, target, ctx, (n,))


@update_op()
def rmspropalex_update(weight, grad, n, g, delta, lr, gamma1=0.95, gamma2=0.9, epsilon=1e-8,
                       wd=0.0, rescale_grad=1.0, clip_gradient=-1.0, clip_weights=-1.0,
                       out=None):
    """Update a weight by centered RMSProp (Graves' version, Gluon's RMSProp(centered=True)).

    MXNet's kernel, with `gr = clip(rescale_grad*grad + wd*weight)`:
    `n = (1-gamma1)*gr*gr + gamma1*n`, `g = (1-gamma1)*gr + gamma1*g`,
    `delta = gamma2*delta - lr*gr / sqrt(n - g*g + epsilon)` (all three in place), then
    `weight + delta`, clipped to [-clip_weights, clip_weights] when clip_weights >= 0.

    Parameters:
        n: the moving mean of the squared gradient, updated in place (zeros to start).
        g: the moving mean of the gradient, updated in place (zeros to start).
        delta: the moving update, updated in place (zeros to start).
        gamma1: the decay rate of n and g.
        gamma2: the momentum of delta.
        epsilon: keeps the denominator away from 0.
        clip_weights: clips the new weight to [-clip_weights, clip_weights]; negative (the
            default) turns it off.

    Example:
        >>> w = nd.array([1, -2, 0.5]); gr = nd.array([0.5, 1, -3])
        >>> n, g, delta = nd.zeros(3), nd.zeros(3), nd.zeros(3)
        >>> nd.rmspropalex_update(w, gr, n, g, delta, lr=0.1, gamma1=0.9, out=w)
        <BLANKLINE>
        [ 0.66666675 -2.3333333   0.8333333 ]
        <NDArray 3 @cpu(0)>
    """
    name = "rmspropalex_update"
    ctx, xp, dt = check_arrays(name, {"weight": weight, "grad": grad, "n": n, "g": g,
                                      "delta": delta})
    lr, gamma1, gamma2, epsilon, wd, rescale, clip, clip_weights = (
        number(name, key, v, dt) for key, v in
        (("lr", lr), ("gamma1", gamma1), ("gamma2", gamma2), ("epsilon", epsilon), ("wd", wd),
         ("rescale_grad", rescale_grad), ("clip_gradient", clip_gradient),
         ("clip_weights", clip_weights)))
    claim(name, out, weight.shape, dt, ctx, {"n": n, "g": g, "delta": delta})
    w, state_n, state_g, state_delta = weight._data, n._data, g._data, delta._data
    scratch = xp.empty_like(w)
    gr = decayed_grad(xp, grad._data, w, rescale, wd, clip, scratch)
    scaled = gr * (1 - gamma1)
    state_n *= gamma1
    state_n += xp.multiply(scaled, gr, out=scratch)
    state_g *= gamma1
    state_g += scaled
    root = xp.multiply(state_g, state_g, out=scratch)
    xp.subtract(state_n, root, out=root)
    root += epsilon
    xp.sqrt(root, out=root)
    gr *= lr
    gr /= root
    state_delta *= gamma2
    state_delta -= gr
    target = target_for(xp, out, w)
    xp.add(w, state_delta, out=target)
    if clip_weights >= 0:
        xp.clip(target, -clip_weights, clip_weights, out=target)
    return finish(out, target, ctx, (n, g, delta))


# ----- FTRL, FTML -------------------------------------------------------------------------
@update_op()
def ftrl_update(weight, grad, z, n, lr, lamda1=0.01, beta=1.0, wd=0.0, rescale_grad=1.0,
                clip_gradient=-1.0, out=None):
    """Update a weight by FTRL-Proximal (follow the regularised leader).

    MXNet's kernel, with `g = clip(rescale_grad*grad)`:
    `z += g - (sqrt(n + g*g) - sqrt(n)) * weight / lr`, `n += g*g` (both in place), then
    `(sign(z)*lamda1 - z) / ((beta + sqrt(n)) / lr + wd)` where |z| > lamda1, else 0 (a
    signed zero, as MXNet prints it).

    Parameters:
        z: the accumulated adjusted gradient, updated in place (zeros to start).
        n: the accumulated squared gradient, updated in place (zeros to start).
        lamda1: the L1 regularisation strength (MXNet's spelling).
        beta: added to sqrt(n) in the per-coordinate learning rate.

    Example:
        >>> w = nd.array([1, -2, 0.5]); g = nd.array([0.5, 1, -3])
        >>> z, n = nd.zeros(3), nd.zeros(3)
        >>> nd.ftrl_update(w, g, z, n, lr=0.1, out=w)
        <BLANKLINE>
        [ 0.2993333 -1.0495     0.44975  ]
        <NDArray 3 @cpu(0)>
    """
    name = "ftrl_update"
    ctx, xp, dt = check_arrays(name, {"weight": weight, "grad": grad, "z": z, "n": n})
    lr, lamda1, beta, wd, rescale, clip = (
        number(name, key, v, dt) for key, v in
        (("lr", lr), ("lamda1", lamda1), ("beta", beta), ("wd", wd),
         ("rescale_grad", rescale_grad), ("clip_gradient", clip_gradient)))
    claim(name, out, weight.shape, dt, ctx, {"z": z, "n": n})
    w, state_z, state_n = weight._data, z._data, n._data
    g = scaled_grad(xp, grad._data, rescale, clip)
    square = g * g
    shift = state_n + square
    xp.sqrt(shift, out=shift)
    shift -= xp.sqrt(state_n)
    shift *= w
    shift /= lr
    xp.subtract(g, shift, out=g)
    state_z += g
    state_n += square
    numerator = sign_of(xp, state_z)
    numerator *= lamda1
    numerator -= state_z
    denominator = xp.sqrt(state_n, out=shift)
    denominator += beta
    denominator /= lr
    denominator += wd
    target = target_for(xp, out, w)
    xp.divide(numerator, denominator, out=target)
    target *= xp.greater(xp.abs(state_z), lamda1)
    return finish(out, target, ctx, (z, n))


@update_op()
def ftml_update(weight, grad, d, v, z, lr, beta1=0.6, beta2=0.999, epsilon=1e-8, t=None,
                wd=0.0, rescale_grad=1.0, clip_grad=-1.0, out=None):
    """Update a weight by FTML (follow the moving leader).

    MXNet's kernel, with `g = clip(rescale_grad*grad + wd*weight)`:
    `v = beta2*v + (1-beta2)*g*g`,
    `d_t = (1 - beta1**t) / lr * (sqrt(v / (1 - beta2**t)) + epsilon)`,
    `z = beta1*z + (1-beta1)*g - (d_t - beta1*d)*weight`, `d = d_t` (all in place), then
    `-z / d_t`.

    Parameters:
        d, v, z: FTML's states, updated in place (zeros to start).
        beta1, beta2: the decay rates.
        epsilon: keeps the denominator away from 0.
        t: the update count, from 1 (required).
        clip_grad: clips the gradient (with its weight decay) to [-clip_grad, clip_grad];
            negative (the default) turns it off. MXNet spells it so for this op only.

    Example:
        >>> w = nd.array([1, -2, 0.5]); g = nd.array([0.5, 1, -3])
        >>> d, v, z = nd.zeros(3), nd.zeros(3), nd.zeros(3)
        >>> nd.ftml_update(w, g, d, v, z, lr=0.1, t=1, out=w)
        <BLANKLINE>
        [ 0.90000004 -2.1000001   0.59999996]
        <NDArray 3 @cpu(0)>
    """
    name = "ftml_update"
    ctx, xp, dt = check_arrays(name, {"weight": weight, "grad": grad, "d": d, "v": v,
                                      "z": z})
    t = dt.type(update_count(name, t))
    lr, beta1, beta2, wd, rescale, clip = (
        number(name, key, value, dt) for key, value in
        (("lr", lr), ("beta1", beta1), ("beta2", beta2), ("wd", wd),
         ("rescale_grad", rescale_grad), ("clip_grad", clip_grad)))
    epsilon = number(name, "epsilon", epsilon, dt, single=False)
    claim(name, out, weight.shape, dt, ctx, {"d": d, "v": v, "z": z})
    w, state_d, state_v, state_z = weight._data, d._data, v._data, z._data
    scratch = xp.empty_like(w)
    g = decayed_grad(xp, grad._data, w, rescale, wd, clip, scratch)
    square = xp.multiply(g, g, out=scratch)
    square *= 1 - beta2
    state_v *= beta2
    state_v += square
    d_t = xp.divide(state_v, 1 - beta2 ** t, out=scratch)
    xp.sqrt(d_t, out=d_t)
    d_t += epsilon
    d_t *= (1 - beta1 ** t) / lr
    state_z *= beta1
    g *= 1 - beta1
    state_z += g
    state_d *= beta1
    xp.subtract(d_t, state_d, out=state_d)
    state_d *= w
    state_z -= state_d
    state_d[...] = d_t
    target = target_for(xp, out, w)
    xp.divide(state_z, d_t, out=target)
    xp.negative(target, out=target)
    return finish(out, target, ctx, (d, v, z))
