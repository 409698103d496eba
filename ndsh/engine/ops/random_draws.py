"""The draws of `nd.random` from given data: shuffle (the rows in a random order) and
multinomial (category indices from probabilities), on the host's stream (random_streams.py).
"""
from __future__ import annotations

import numpy as np

from ndsh.engine import backend, dtypes
from ndsh.engine.context import Context
from ndsh.engine.invoke import write_out
from ndsh.engine.mxnet_errors import ValueError
from ndsh.engine.ndarray import array_on, new_array
from ndsh.engine.ops.random_streams import _STREAMS, _generator, _sampler


@_sampler(departs=_STREAMS)
def shuffle(data, **kwargs):
    """A new array with the rows (axis 0) of `data` in random order; data is unchanged.

    Parameters:
        data: the array whose rows to shuffle.

    Example:
        >>> nd.random.shuffle(nd.arange(4)).sort()
        <BLANKLINE>
        [0. 1. 2. 3.]
        <NDArray 4 @cpu(0)>
    """
    order = _generator(Context("cpu", 0)).permutation(data.shape[0])  # host: any backend
    xp = data.context.xp
    if getattr(xp, "IS_DASK", False):     # a host index: dask gathers the rows lazily
        return new_array(xp.asarray(data._data[order]), data.context)
    return new_array(data._data[xp.asarray(order)], data.context)


@_sampler(aliases=("nd.sample_multinomial",))
def multinomial(data, shape=None, get_prob=False, out=None, dtype="int32", **kwargs):
    """Draw category indices from the probabilities in the last axis of `data`; with
    get_prob=True also return the log-probabilities of the draws.

    Parameters:
        data: the probabilities of the categories, on the last axis (each row is normalised).
        shape: how many draws per row, an int or a tuple; None: one.
        get_prob: also return the log-probability of each draw.
        dtype: the dtype of the drawn indices.

    Example:
        >>> nd.random.multinomial(nd.array([0, 0, 1])).asscalar()
        2
    """
    probs = backend.to_numpy(data._data).astype(np.float64)
    count = 1 if shape is None else int(np.prod((shape,) if isinstance(shape, int) else shape))
    gen = _generator(Context("cpu", 0))
    flat = probs.reshape(-1, probs.shape[-1])
    out_dtype = dtypes.normalize(dtype)
    limit = np.iinfo(out_dtype).max if out_dtype.kind in "iu" else None
    if limit is not None and flat.shape[1] - 1 > limit:
        raise ValueError(f"random.multinomial: {flat.shape[1]} classes cannot be told apart "
                         f"in dtype {out_dtype.name} (at most {limit + 1}); choose a wider dtype")
    totals = flat.sum(axis=1, keepdims=True)
    if not (np.isfinite(totals).all() and (totals > 0).all() and (flat >= 0).all()):
        raise ValueError(f"random.multinomial: every row of data {data.shape} must hold "
                         f"non-negative probabilities with a positive sum")
    flat = flat / totals
    draws = np.stack([gen.choice(flat.shape[1], size=count, p=row) for row in flat])
    extra = () if shape is None else ((shape,) if isinstance(shape, int) else tuple(shape))
    draws = draws.reshape(probs.shape[:-1] + extra) if extra or probs.ndim > 1 \
        else draws.reshape(1) if probs.ndim == 1 else draws
    result = array_on(draws, data.context, dtype=dtypes.normalize(dtype))
    if out is not None:
        result = write_out("random.multinomial", out, result)
    if not get_prob:
        return result
    # log data[draw], with recorded ops: MXNet's second output has a gradient with respect to
    # data (1/p at each drawn class), and it takes data as given, not normalised
    from ndsh.engine.ops.elementwise import log
    from ndsh.engine.ops.index import pick
    from ndsh.engine.ops.shape import reshape
    from ndsh.engine.ops.shape_broadcast import broadcast_to
    batch = data.shape[:-1]
    samples = draws.shape[len(batch):]
    spread = reshape(data, shape=batch + (1,) * len(samples) + data.shape[-1:])
    spread = broadcast_to(spread, shape=draws.shape + data.shape[-1:])
    picked = pick(spread, array_on(draws, data.context, dtype=data._data.dtype), axis=-1)
    return [result, log(picked)]     # MXNet returns a list
