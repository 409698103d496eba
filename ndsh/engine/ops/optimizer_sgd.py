"""MXNet's SGD-family update ops: `sgd_update`, `sgd_mom_update`, `nag_mom_update`,
`signsgd_update`, `signum_update`, and the `mp_` forms that update a float16 weight through a
float32 master copy. What every update op shares is in optimizer.py.
"""
from __future__ import annotations

from ndsh.engine.ops.optimizer import (
    MP,
    check_arrays,
    claim,
    finish,
    momentum_step,
    number,
    scaled_grad,
    sign_of,
    target_for,
    update_op,
)


# ----- SGD --------------------------------------------------------------------------------
@update_op()
def sgd_update(weight, grad, lr, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
               lazy_update=True, out=None):
    """Update a weight by stochastic gradient descent: weight - lr * (grad + wd * weight).

    MXNet's kernel: `(1 - lr*wd) * weight - lr * clip(rescale_grad * grad)`: the gradient is
    clipped, the weight decay is not.

    Example:
        >>> w = nd.array([1, -2, 0.5]); g = nd.array([0.5, 1, -3])
        >>> nd.sgd_update(w, g, lr=0.1, wd=0.1, out=w)
        <BLANKLINE>
        [ 0.94  -2.08   0.795]
        <NDArray 3 @cpu(0)>
    """
    name = "sgd_update"
    ctx, xp, dt = check_arrays(name, {"weight": weight, "grad": grad})
    lr = number(name, "lr", lr, dt)
    wd, rescale, clip = (number(name, n, v, dt) for n, v in
                         (("wd", wd), ("rescale_grad", rescale_grad),
                          ("clip_gradient", clip_gradient)))
    claim(name, out, weight.shape, dt, ctx, {})
    w = weight._data
    step = scaled_grad(xp, grad._data, rescale, clip, lr)
    target = target_for(xp, out, w)
    if wd != 0 or target is not w:
        xp.multiply(w, 1 - lr * wd, out=target)
    # (at wd = 0 in place, the weight times exactly 1 is the weight, bit for bit: a pass saved)
    target -= step
    return finish(out, target, ctx)


@update_op()
def sgd_mom_update(weight, grad, mom, lr, momentum=0.0, wd=0.0, rescale_grad=1.0,
                   clip_gradient=-1.0, lazy_update=True, out=None):
    """Update a weight by SGD with momentum: mom = momentum * mom - lr * (grad + wd * weight),
    then weight + mom.

    MXNet's kernel: `mom = momentum*mom - lr*wd*weight - lr*clip(rescale_grad*grad)`, then
    `weight + mom`; mom is updated in place.

    Example:
        >>> w = nd.array([1, -2, 0.5]); g = nd.array([0.5, 1, -3]); m = nd.zeros(3)
        >>> nd.sgd_mom_update(w, g, m, lr=0.1, momentum=0.9, out=w); m
        <BLANKLINE>
        [ 0.95 -2.1   0.8 ]
        <NDArray 3 @cpu(0)>
        <BLANKLINE>
        [-0.05 -0.1   0.3 ]
        <NDArray 3 @cpu(0)>
    """
    name = "sgd_mom_update"
    ctx, xp, dt = check_arrays(name, {"weight": weight, "grad": grad, "mom": mom})
    lr = number(name, "lr", lr, dt)
    momentum, wd, rescale, clip = (number(name, n, v, dt) for n, v in
                                   (("momentum", momentum), ("wd", wd),
                                    ("rescale_grad", rescale_grad),
                                    ("clip_gradient", clip_gradient)))
    claim(name, out, weight.shape, dt, ctx, {"mom": mom})
    w, m = weight._data, mom._data
    momentum_step(xp, m, w, grad._data, lr, momentum, wd, rescale, clip)
    target = target_for(xp, out, w)
    xp.add(w, m, out=target)
    return finish(out, target, ctx, (mom,))


@update_op(shared=MP)
def mp_sgd_update(weight, grad, weight32, lr, wd=0.0, rescale_grad=1.0,
                  clip_gradient=-1.0, lazy_update=True, out=None):
    """Update a (float16) weight by SGD through its float32 master copy weight32.

    The step of sgd_update, computed in float32 on weight32 (updated in place), whose new
    value, rounded to the weight's dtype, is the result. The gradient has the weight's dtype.

    Example:
        >>> w = nd.array([1, -2, 0.5], dtype='float16'); w32 = w.astype('float32')
        >>> g = nd.array([0.5, 1, -3], dtype='float16')
        >>> nd.mp_sgd_update(w, g, w32, lr=0.1, out=w); w32
        <BLANKLINE>
        [ 0.95 -2.1   0.8 ]
        <NDArray 3 @cpu(0)>
        <BLANKLINE>
        [ 0.95 -2.1   0.8 ]
        <NDArray 3 @cpu(0)>
    """
    name = "mp_sgd_update"
    ctx, xp, dt = check_arrays(name, {"weight": weight, "grad": grad, "weight32": weight32},
                               float32=("weight32",))
    lr = number(name, "lr", lr)
    wd, rescale, clip = (number(name, n, v) for n, v in
                         (("wd", wd), ("rescale_grad", rescale_grad),
                          ("clip_gradient", clip_gradient)))
    claim(name, out, weight.shape, dt, ctx, {"weight32": weight32})
    w32 = weight32._data
    step = scaled_grad(xp, grad._data, rescale, clip, lr)
    w32 *= 1 - lr * wd
    w32 -= step
    return finish(out, w32.astype(dt) if out is None else w32, ctx, (weight32,))


def _mp_momentum_args(name, weight, grad, mom, weight32, out, lr, momentum, wd, rescale_grad,
                      clip_gradient):
    """The checks the multi-precision momentum updates share: the arrays (mom and weight32 in
    float32), the numbers, and out=; returns (ctx, xp, dtype, lr, momentum, wd, rescale,
    clip)."""
    ctx, xp, dt = check_arrays(name, {"weight": weight, "grad": grad, "mom": mom,
                                      "weight32": weight32}, float32=("mom", "weight32"))
    numbers = tuple(number(name, n, v) for n, v in
               (("lr", lr), ("momentum", momentum), ("wd", wd), ("rescale_grad", rescale_grad),
                ("clip_gradient", clip_gradient)))
    claim(name, out, weight.shape, dt, ctx, {"mom": mom, "weight32": weight32})
    return (ctx, xp, dt, *numbers)


@update_op(shared=MP)
def mp_sgd_mom_update(weight, grad, mom, weight32, lr, momentum=0.0, wd=0.0,
                      rescale_grad=1.0, clip_gradient=-1.0, lazy_update=True, out=None):
    """Update a (float16) weight by SGD with momentum through its float32 master copy.

    The step of sgd_mom_update, computed in float32: mom (float32) and weight32 are updated
    in place, and the new weight32, rounded to the weight's dtype, is the result.

    Example:
        >>> w = nd.array([1, -2, 0.5], dtype='float16'); w32 = w.astype('float32')
        >>> g = nd.array([0.5, 1, -3], dtype='float16'); m = nd.zeros(3)
        >>> nd.mp_sgd_mom_update(w, g, m, w32, lr=0.1, momentum=0.9, out=w)
        <BLANKLINE>
        [ 0.95 -2.1   0.8 ]
        <NDArray 3 @cpu(0)>
    """
    ctx, xp, dt, lr, momentum, wd, rescale, clip = _mp_momentum_args(
        "mp_sgd_mom_update", weight, grad, mom, weight32, out, lr, momentum, wd, rescale_grad,
        clip_gradient)
    w32, m = weight32._data, mom._data
    momentum_step(xp, m, w32, grad._data, lr, momentum, wd, rescale, clip)
    w32 += m
    return finish(out, w32.astype(dt) if out is None else w32, ctx, (mom, weight32))


# ----- Nesterov ---------------------------------------------------------------------------
@update_op()
def nag_mom_update(weight, grad, mom, lr, momentum=0.0, wd=0.0, rescale_grad=1.0,
                   clip_gradient=-1.0, out=None):
    """Update a weight by Nesterov's accelerated gradient, with momentum.

    MXNet's kernel, with `step = lr * (clip(rescale_grad*grad) + wd*weight)`:
    `mom = momentum*mom`, the new weight is `weight - mom + (momentum+1) * (mom - step)`, then
    `mom = mom - step`, where the step is taken again from the weight as it is then: with
    `out=weight` and wd > 0 that is the new weight (MXNet's element-by-element kernel reads it
    after writing it), without out= the old one.

    Parameters:
        mom: the momentum, updated in place (zeros of the weight's shape to start).

    Example:
        >>> w = nd.array([1, -2, 0.5]); g = nd.array([0.5, 1, -3]); m = nd.zeros(3)
        >>> nd.nag_mom_update(w, g, m, lr=0.1, momentum=0.9, out=w)
        <BLANKLINE>
        [ 0.905     -2.19       1.0699999]
        <NDArray 3 @cpu(0)>
    """
    name = "nag_mom_update"
    ctx, xp, dt = check_arrays(name, {"weight": weight, "grad": grad, "mom": mom})
    lr = number(name, "lr", lr, dt)
    momentum, wd, rescale, clip = (number(name, n, v, dt) for n, v in
                                   (("momentum", momentum), ("wd", wd),
                                    ("rescale_grad", rescale_grad),
                                    ("clip_gradient", clip_gradient)))
    claim(name, out, weight.shape, dt, ctx, {"mom": mom})
    w, m = weight._data, mom._data
    g = scaled_grad(xp, grad._data, rescale, clip)
    m *= momentum
    target = target_for(xp, out, w)
    new = _nag_step(xp, g, w, lr, wd)
    xp.subtract(m, new, out=new)
    new *= momentum + 1
    xp.subtract(w, m, out=target)
    target += new
    m -= _nag_step(xp, g, w, lr, wd, out=new)      # w: the new weight if target is w
    return finish(out, target, ctx, (mom,))


def _nag_step(xp, g, w, lr, wd, out=None):
    """lr * (g + wd * w), into out or a new array."""
    if wd == 0:
        return xp.multiply(g, lr, out=out)
    step = xp.multiply(w, wd, out=out)
    step += g
    step *= lr
    return step


@update_op(shared=MP)
def mp_nag_mom_update(weight, grad, mom, weight32, lr, momentum=0.0, wd=0.0,
                      rescale_grad=1.0, clip_gradient=-1.0, out=None):
    """Update a (float16) weight by Nesterov's accelerated gradient through its float32
    master copy.

    The step of nag_mom_update, computed in float32 on weight32; mom (float32) and weight32
    are updated in place. Unlike nag_mom_update, the momentum's weight-decay term always
    uses the new weight32 (MXNet's kernel updates it first).

    Example:
        >>> w = nd.array([1, -2, 0.5], dtype='float16'); w32 = w.astype('float32')
        >>> g = nd.array([0.5, 1, -3], dtype='float16'); m = nd.zeros(3)
        >>> nd.mp_nag_mom_update(w, g, m, w32, lr=0.1, momentum=0.9, out=w)
        <BLANKLINE>
        [ 0.905 -2.19   1.07 ]
        <NDArray 3 @cpu(0)>
    """
    ctx, xp, dt, lr, momentum, wd, rescale, clip = _mp_momentum_args(
        "mp_nag_mom_update", weight, grad, mom, weight32, out, lr, momentum, wd, rescale_grad,
        clip_gradient)
    w32, m = weight32._data, mom._data
    g = scaled_grad(xp, grad._data, rescale, clip)
    m *= momentum
    new = _nag_step(xp, g, w32, lr, wd)
    xp.subtract(m, new, out=new)
    new *= momentum + 1
    w32 -= m
    w32 += new
    m -= _nag_step(xp, g, w32, lr, wd, out=new)
    return finish(out, w32.astype(dt) if out is None else w32, ctx, (mom, weight32))


# ----- sign updates -----------------------------------------------------------------------
@update_op()
def signsgd_update(weight, grad, lr, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                   out=None):
    """Update a weight by the sign of its gradient: (1 - lr*wd) * weight - lr * sign(grad).

    As in MXNet's kernel, the sign is that of the gradient as given: rescale_grad and
    clip_gradient are accepted but change nothing (a NaN gradient counts as 0).

    Parameters:
        rescale_grad: accepted for MXNet's sake: the sign is the unscaled gradient's.
        clip_gradient: accepted for MXNet's sake: clipping does not change the sign.

    Example:
        >>> w = nd.array([1, -2, 0.5]); g = nd.array([0.5, 1, -3])
        >>> nd.signsgd_update(w, g, lr=0.1, out=w)
        <BLANKLINE>
        [ 0.9 -2.1  0.6]
        <NDArray 3 @cpu(0)>
    """
    name = "signsgd_update"
    ctx, xp, dt = check_arrays(name, {"weight": weight, "grad": grad})
    lr = number(name, "lr", lr, dt)
    wd = number(name, "wd", wd, dt)
    number(name, "rescale_grad", rescale_grad)
    number(name, "clip_gradient", clip_gradient)
    claim(name, out, weight.shape, dt, ctx, {})
    step = sign_of(xp, grad._data)
    step *= lr
    target = target_for(xp, out, weight._data)
    xp.multiply(weight._data, 1 - lr * wd, out=target)
    target -= step
    return finish(out, target, ctx)


@update_op()
def signum_update(weight, grad, mom, lr, momentum=0.0, wd=0.0, rescale_grad=1.0,
                  clip_gradient=-1.0, wd_lh=0.0, out=None):
    """Update a weight by the sign of its momentum (Signum).

    MXNet's kernel: `mom = momentum*mom - (1-momentum)*wd*weight -
    (1-momentum)*clip(rescale_grad*grad)`, then `(1 - lr*wd_lh)*weight + lr*sign(mom)`.

    Parameters:
        momentum: the momentum's decay rate (0, the default, is signsgd on the gradient).
        wd_lh: decoupled weight decay (Loshchilov and Hutter), applied to the weight itself.

    Example:
        >>> w = nd.array([1, -2, 0.5]); g = nd.array([0.5, 1, -3]); m = nd.zeros(3)
        >>> nd.signum_update(w, g, m, lr=0.1, momentum=0.9, out=w)
        <BLANKLINE>
        [ 0.9 -2.1  0.6]
        <NDArray 3 @cpu(0)>
    """
    name = "signum_update"
    ctx, xp, dt = check_arrays(name, {"weight": weight, "grad": grad, "mom": mom})
    lr = number(name, "lr", lr, dt)
    momentum, wd, rescale, clip, wd_lh = (number(name, n, v, dt) for n, v in
                                          (("momentum", momentum), ("wd", wd),
                                           ("rescale_grad", rescale_grad),
                                           ("clip_gradient", clip_gradient),
                                           ("wd_lh", wd_lh)))
    claim(name, out, weight.shape, dt, ctx, {"mom": mom})
    w, m = weight._data, mom._data
    # MXNet's mom update is SGD's with 1 - momentum for the learning rate
    momentum_step(xp, m, w, grad._data, 1 - momentum, momentum, wd, rescale, clip)
    step = sign_of(xp, m)
    step *= lr
    target = target_for(xp, out, w)
    xp.multiply(w, 1 - lr * wd_lh, out=target)
    target += step
    return finish(out, target, ctx, (mom,))
