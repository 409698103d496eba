"""MXNet's aggregated SGD updates: `multi_sgd_update`, `multi_sgd_mom_update` and their `mp_`
and `preloaded_` forms, which update several weights in one call (Gluon's SGD uses them).

The arrays come flat, grouped per weight (`weight_0, grad_0, [mom_0], [weight32_0], weight_1,
...`); `preloaded_` forms end with two float32 arrays holding the learning rates and weight
decays. As in MXNet 1.9.1, `out=` (the weights, a list) is required: without it MXNet cannot
infer the results' shapes. Every weight follows MXNet's one kernel: `mom = momentum*mom -
lr*wd*w - lr*clip(rescale_grad*grad)`, then `w + mom` (with no momentum state, mom starts at 0
each time), computed in float32 on weight32 for the `mp_` forms.
"""
from __future__ import annotations

from ndsh.engine.messages import check_contexts
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray
from ndsh.engine.ops.optimizer import (
    FLOAT32,
    check_arrays,
    claim,
    finish,
    momentum_step,
    number,
    scaled_grad,
    update_op,
)

# the per-weight layout of each form: its array names and which of them are float32
_LAYOUTS = {
    (False, False): ("weight", "grad"),
    (True, False): ("weight", "grad", "mom"),
    (False, True): ("weight", "grad", "weight32"),
    (True, True): ("weight", "grad", "mom", "weight32"),
}


def _multi_update(name, data, momentum_state, mp, preloaded, lrs, wds, momentum, rescale_grad,
                  clip_gradient, num_weights, out):
    layout = _LAYOUTS[momentum_state, mp]
    count = int(num_weights)
    expected = len(layout) * count + (2 if preloaded else 0)
    spelled = ", ".join(f"{n}_0" for n in layout) + ", " + ", ".join(f"{n}_1" for n in layout)
    if len(data) != expected:
        raise TypeError(
            f"{name}: num_weights={count} takes {expected} arrays, but {len(data)} were given: "
            f"the arrays come grouped per weight ({spelled}, ...)"
            f"{', then the learning rates and the weight decays' if preloaded else ''}, and "
            f"num_weights says how many weights there are")
    outs = _outputs(name, out, count)
    groups = [dict(zip((f"{n}_{i}" for n in layout),
                       data[i * len(layout):(i + 1) * len(layout)])) for i in range(count)]
    float32 = tuple(f"{n}_{i}" for i in range(count) for n in ("mom", "weight32")
                    if mp and f"{n}_{i}" in groups[i])
    everything = {key: a for group in groups for key, a in group.items()}
    ctx, xp, dt = check_arrays(name, everything, float32=float32, free_shape=tuple(
        key for key in everything if not key.endswith("_0")))
    for group in groups[1:]:
        check_arrays(name, group, float32=float32)
    cdt = FLOAT32 if mp else dt
    lrs, wds = _rates(name, data, preloaded, lrs, wds, count, ctx, cdt)
    momentum, rescale, clip = (number(name, key, value, cdt) for key, value in
                               (("momentum", momentum), ("rescale_grad", rescale_grad),
                                ("clip_gradient", clip_gradient)))
    for i, (group, target) in enumerate(zip(groups, outs)):
        states = {key: group[key] for key in (f"mom_{i}", f"weight32_{i}") if key in group}
        claim(name, target, group[f"weight_{i}"].shape, dt, ctx, states)
    for i, (group, target) in enumerate(zip(groups, outs)):
        grad = group[f"grad_{i}"]._data
        w32, mom = group.get(f"weight32_{i}"), group.get(f"mom_{i}")
        w = w32._data if mp else group[f"weight_{i}"]._data
        new = w if mp else target._data        # the new weight: in weight32, or out's buffer
        if mom is not None:
            momentum_step(xp, mom._data, w, grad, lrs[i], momentum, wds[i], rescale, clip)
            xp.add(w, mom._data, out=new)
        else:     # 0 - lr*wd*w - step: the same numbers as w - (step + lr*wd*w)
            step = scaled_grad(xp, grad, rescale, clip, lrs[i])
            if wds[i] != 0:
                step += xp.multiply(w, lrs[i] * wds[i])
            xp.subtract(w, step, out=new)
        finish(target, new, ctx, tuple(a for a in (mom, w32) if a is not None))
    return out


def _outputs(name, out, count):
    if out is None:
        raise TypeError(f"{name}: give out=, the weights to write the new values into (a list "
                        f"of {count}, one per weight): as in MXNet 1.9.1, there is no form that "
                        f"returns new arrays")
    outs = [out] if isinstance(out, NDArray) else out
    if not isinstance(outs, (list, tuple)) or len(outs) != count:
        got = f"a list of {len(outs)}" if isinstance(outs, (list, tuple)) else type(out).__name__
        raise TypeError(f"{name}: out= must be a list of {count} NDArray(s), one per weight, "
                        f"not {got}")
    return outs


def _rates(name, data, preloaded, lrs, wds, count, ctx, cdt):
    """The learning rates and weight decays, one per weight, in the kernel's type."""
    if preloaded:
        arrays = {"lrs": data[-2], "wds": data[-1]}
        for key, a in arrays.items():
            if not isinstance(a, NDArray) or a._data.dtype != FLOAT32 or a._data.size != count:
                shown = (f"a {a._data.dtype.name} array of shape {a.shape}"
                         if isinstance(a, NDArray) else f"a {type(a).__name__}")
                raise TypeError(f"{name}: the {key} array (after the weights' arrays) must be "
                                f"a float32 NDArray of {count} number(s), one per weight, "
                                f"not {shown}")
            if a._ctx is not ctx:
                check_contexts(name, ctx, a._ctx)
        return tuple([a._data.reshape(-1)[i].astype(cdt) for i in range(count)]
                     for a in arrays.values())
    rates = []
    for key, values in (("lrs", lrs), ("wds", wds)):
        values = (values,) if not isinstance(values, (list, tuple)) else values
        if len(values) != count:
            raise ValueError(f"{name}: {key} has {len(values)} value(s), but num_weights is "
                             f"{count}: give one per weight")
        rates.append([number(name, key, v, cdt) for v in values])
    return rates


_RATES = {"lrs": "the learning rates, one per weight (a list or tuple).",
          "wds": "the weight decays, one per weight (a list or tuple).",
          "num_weights": "the number of weights (default 1); it must match the arrays given.",
          "out": "the weights to write the new values into, a list (required, as in MXNet "
                 "1.9.1); it is returned."}


@update_op(shared=_RATES)
def multi_sgd_update(*data, lrs, wds, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1,
                     out=None):
    """Update several weights by SGD in one call: w - lr_i * (grad + wd_i * w) for each.

    MXNet's kernel, for each weight: `w - (lr*wd*w + lr*clip(rescale_grad*grad))`.

    Parameters:
        data: the arrays, grouped per weight: weight_0, grad_0, weight_1, grad_1, ...

    Example:
        >>> w1, w2 = nd.array([1, -2]), nd.array([0.5])
        >>> g1, g2 = nd.array([0.5, 1]), nd.array([-3])
        >>> _ = nd.multi_sgd_update(w1, g1, w2, g2, lrs=(0.1, 0.2), wds=(0, 0.1),
        ...                         num_weights=2, out=[w1, w2])
        >>> w2
        <BLANKLINE>
        [1.09]
        <NDArray 1 @cpu(0)>
    """
    return _multi_update("multi_sgd_update", data, False, False, False, lrs, wds, 0.0,
                         rescale_grad, clip_gradient, num_weights, out)


@update_op(shared=_RATES)
def multi_sgd_mom_update(*data, lrs, wds, momentum=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                         num_weights=1, out=None):
    """Update several weights by SGD with momentum in one call (each mom in place).

    MXNet's kernel, for each weight: `mom = momentum*mom - lr*wd*w -
    lr*clip(rescale_grad*grad)`, then `w + mom`.

    Parameters:
        data: the arrays, grouped per weight: weight_0, grad_0, mom_0, weight_1, grad_1,
            mom_1, ... (each mom is updated in place).

    Example:
        >>> w1, w2 = nd.array([1, -2]), nd.array([0.5])
        >>> g1, g2 = nd.array([0.5, 1]), nd.array([-3])
        >>> m1, m2 = nd.zeros(2), nd.zeros(1)
        >>> _ = nd.multi_sgd_mom_update(w1, g1, m1, w2, g2, m2, lrs=(0.1, 0.1),
        ...                             wds=(0, 0), momentum=0.9, num_weights=2,
        ...                             out=[w1, w2])
        >>> m2
        <BLANKLINE>
        [0.3]
        <NDArray 1 @cpu(0)>
    """
    return _multi_update("multi_sgd_mom_update", data, True, False, False, lrs, wds, momentum,
                         rescale_grad, clip_gradient, num_weights, out)


@update_op(shared=_RATES)
def multi_mp_sgd_update(*data, lrs, wds, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1,
                        out=None):
    """Update several (float16) weights by SGD in one call, through float32 master copies.

    As multi_sgd_update, computed in float32 on each weight32, whose new value, rounded to
    the weight's dtype, goes into out.

    Parameters:
        data: the arrays, grouped per weight: weight_0, grad_0, weight32_0, weight_1, ...
            (each float32 weight32 is updated in place).

    Example:
        >>> w = nd.array([1, -2, 0.5], dtype='float16'); w32 = w.astype('float32')
        >>> g = nd.array([0.5, 1, -3], dtype='float16')
        >>> nd.multi_mp_sgd_update(w, g, w32, lrs=(0.1,), wds=(0,), out=w)
        <BLANKLINE>
        [ 0.95 -2.1   0.8 ]
        <NDArray 3 @cpu(0)>
    """
    return _multi_update("multi_mp_sgd_update", data, False, True, False, lrs, wds, 0.0,
                         rescale_grad, clip_gradient, num_weights, out)


@update_op(shared=_RATES)
def multi_mp_sgd_mom_update(*data, lrs, wds, momentum=0.0, rescale_grad=1.0,
                            clip_gradient=-1.0, num_weights=1, out=None):
    """Update several (float16) weights by SGD with momentum in one call, in float32.

    As multi_sgd_mom_update, computed in float32 on each weight32 (mom is float32), whose new
    value, rounded to the weight's dtype, goes into out.

    Parameters:
        data: the arrays, grouped per weight: weight_0, grad_0, mom_0, weight32_0, weight_1,
            ... (each float32 mom and weight32 is updated in place).

    Example:
        >>> w = nd.array([1, -2, 0.5], dtype='float16'); w32 = w.astype('float32')
        >>> g = nd.array([0.5, 1, -3], dtype='float16'); m = nd.zeros(3)
        >>> nd.multi_mp_sgd_mom_update(w, g, m, w32, lrs=(0.1,), wds=(0,), momentum=0.9,
        ...                            out=w)
        <BLANKLINE>
        [ 0.95 -2.1   0.8 ]
        <NDArray 3 @cpu(0)>
    """
    return _multi_update("multi_mp_sgd_mom_update", data, True, True, False, lrs, wds,
                         momentum, rescale_grad, clip_gradient, num_weights, out)


# ----- the preloaded forms: the rates come as two float32 arrays after the weights' -------


@update_op(shared=_RATES)
def preloaded_multi_sgd_update(*data, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1,
                               out=None):
    """Update several weights by SGD in one call, the rates read from two arrays.

    Parameters:
        data: the arrays, grouped per weight: weight_0, grad_0, weight_1, grad_1, ...,
            then lrs and wds: float32 arrays of num_weights learning rates and weight decays.

    Example:
        >>> w = nd.array([1, -2, 0.5]); g = nd.array([0.5, 1, -3])
        >>> nd.preloaded_multi_sgd_update(w, g, nd.array([0.1]), nd.array([0]), out=w)
        <BLANKLINE>
        [ 0.95 -2.1   0.8 ]
        <NDArray 3 @cpu(0)>
    """
    return _multi_update("preloaded_multi_sgd_update", data, False, False, True, None, None,
                         0.0, rescale_grad, clip_gradient, num_weights, out)


@update_op(shared=_RATES)
def preloaded_multi_sgd_mom_update(*data, momentum=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                                   num_weights=1, out=None):
    """Update several weights by SGD with momentum in one call, the rates read from arrays.

    Parameters:
        data: the arrays, grouped per weight: weight_0, grad_0, mom_0, weight_1, ..., then
            lrs and wds: float32 arrays of num_weights learning rates and weight decays.

    Example:
        >>> w = nd.array([1, -2, 0.5]); g = nd.array([0.5, 1, -3]); m = nd.zeros(3)
        >>> nd.preloaded_multi_sgd_mom_update(w, g, m, nd.array([0.1]), nd.array([0]),
        ...                                   momentum=0.9, out=w)
        <BLANKLINE>
        [ 0.95 -2.1   0.8 ]
        <NDArray 3 @cpu(0)>
    """
    return _multi_update("preloaded_multi_sgd_mom_update", data, True, False, True, None, None,
                         momentum, rescale_grad, clip_gradient, num_weights, out)


@update_op(shared=_RATES)
def preloaded_multi_mp_sgd_update(*data, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1,
                                  out=None):
    """Update several (float16) weights by SGD in float32, the rates read from arrays.

    Parameters:
        data: the arrays, grouped per weight: weight_0, grad_0, weight32_0, weight_1, ...,
            then lrs and wds: float32 arrays of num_weights learning rates and weight decays.

    Example:
        >>> w = nd.array([1, -2, 0.5], dtype='float16'); w32 = w.astype('float32')
        >>> g = nd.array([0.5, 1, -3], dtype='float16')
        >>> nd.preloaded_multi_mp_sgd_update(w, g, w32, nd.array([0.1]), nd.array([0]),
        ...                                  out=w)
        <BLANKLINE>
        [ 0.95 -2.1   0.8 ]
        <NDArray 3 @cpu(0)>
    """
    return _multi_update("preloaded_multi_mp_sgd_update", data, False, True, True, None, None,
                         0.0, rescale_grad, clip_gradient, num_weights, out)


@update_op(shared=_RATES)
def preloaded_multi_mp_sgd_mom_update(*data, momentum=0.0, rescale_grad=1.0,
                                      clip_gradient=-1.0, num_weights=1, out=None):
    """Update several (float16) weights by SGD with momentum in float32, rates from arrays.

    Parameters:
        data: the arrays, grouped per weight: weight_0, grad_0, mom_0, weight32_0, ...,
            then lrs and wds: float32 arrays of num_weights learning rates and weight decays.

    Example:
        >>> w = nd.array([1, -2, 0.5], dtype='float16'); w32 = w.astype('float32')
        >>> g = nd.array([0.5, 1, -3], dtype='float16'); m = nd.zeros(3)
        >>> nd.preloaded_multi_mp_sgd_mom_update(w, g, m, w32, nd.array([0.1]),
        ...                                      nd.array([0]), momentum=0.9, out=w)
        <BLANKLINE>
        [ 0.95 -2.1   0.8 ]
        <NDArray 3 @cpu(0)>
    """
    return _multi_update("preloaded_multi_mp_sgd_mom_update", data, True, True, True, None,
                         None, momentum, rescale_grad, clip_gradient, num_weights, out)
