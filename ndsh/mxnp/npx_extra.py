"""`npx.reshape` (NumPy's reshape with MXNet's special codes -1 to -6, a recorded reshape, so
it has a gradient), `npx.nonzero` (the indices of the non-zero elements as one (N, ndim)
int64 array, read on the host), `npx.constraint_check`, and the GPU queries gpu_memory_info and
get_cuda_compute_capability (through the engine's CuPy). npx.py exports them through
npx_layers.LAYERS."""
from __future__ import annotations

import numbers

import numpy as onp

from ndsh.engine import backend
from ndsh.engine.mxnet_errors import MXNetError, TypeError, ValueError
from ndsh.engine.registry import OPS
from ndsh.mxnp.array import fresh_shape, own, unwrap, wrap


def npx_shape(shape: tuple, newshape, reverse: bool = False) -> tuple:
    """The shape npx.reshape gives an array of `shape` for `newshape` with MXNet's codes: -1
    infers one size, -2 copies this axis, -3 drops this axis (its size must be 1), -4 copies
    all the remaining axes, -5 merges this axis and the next, -6 splits this axis in the two
    sizes that follow it (one may be -1). reverse=True reads both shapes from the right.

    Example:
        >>> from ndsh.mxnp.npx_extra import npx_shape
        >>> npx_shape((8, 3, 3, 3, 4, 4), (-6, 2, -1, -4)), npx_shape((8, 1, 3), (-2, -3, -2))
        ((2, 4, 3, 3, 3, 4, 4), (8, 3))
    """
    target = (newshape,) if isinstance(newshape, numbers.Integral) else tuple(newshape)
    source = tuple(shape)
    if reverse:
        source, target = source[::-1], target[::-1]
    out: list = []
    infer = None
    i = j = 0

    def fail(why: str):
        return ValueError(f"npx.reshape: cannot reshape an array of shape {tuple(shape)} to "
                          f"{newshape}{' (reverse=True)' if reverse else ''}: {why}")

    while j < len(target):
        code = target[j]
        if code >= 0:
            out.append(code)
            i += 1
        elif code == -1:
            if infer is not None:
                raise fail("only one -1 may be inferred")
            infer = len(out)
            out.append(-1)
            i += 1
        elif code in (-2, -3, -5, -6) and i >= len(source):
            raise fail(f"code {code} at position {j} has no input axis left")
        elif code == -2:
            out.append(source[i])
            i += 1
        elif code == -3:
            if source[i] != 1:
                raise fail(f"-3 drops an axis of size 1, but axis {i} has size {source[i]}")
            i += 1
        elif code == -4:
            out.extend(source[i:])
            i = len(source)
        elif code == -5:
            if i + 1 >= len(source):
                raise fail("-5 merges two axes, but only one is left")
            out.append(source[i] * source[i + 1])
            i += 2
        elif code == -6:
            if j + 2 >= len(target):
                raise fail("-6 must be followed by the two sizes to split into")
            first, second = target[j + 1], target[j + 2]
            if first == -1:
                first = source[i] // second
            if second == -1:
                second = source[i] // first
            if first * second != source[i]:
                raise fail(f"-6 splits axis {i} of size {source[i]} into {first} x {second}")
            out.extend((first, second))
            i += 1
            j += 2
        else:
            raise fail(f"{code} is not a size or one of the codes -1 to -6")
        j += 1
    size = int(onp.prod(source, dtype=onp.int64))
    if infer is not None:
        known = int(onp.prod([d for d in out if d != -1], dtype=onp.int64))
        if known == 0 or size % known:
            raise fail(f"-1 cannot be inferred ({size} elements, {known} in the other axes)")
        out[infer] = size // known
    if int(onp.prod(out, dtype=onp.int64)) != size:
        raise fail(f"{size} elements do not fill shape {tuple(out[::-1] if reverse else out)}")
    return tuple(out[::-1] if reverse else out)


def reshape(a, newshape, reverse=False, order="C"):
    """A copy of `a` in a new shape, with MXNet's codes: -1 infers one size, -2 copies this
    axis, -3 drops an axis of size 1, -4 copies all the remaining axes, -5 merges two axes,
    -6 splits one axis into the two sizes that follow (one of them may be -1). It has a
    gradient.

    Parameters:
        a: an np array.
        newshape: an int or a tuple of sizes and codes.
        reverse: apply the codes from the right.
        order: 'C' only, as in MXNet.

    Example:
        >>> npx.reshape(np.ones((2, 3, 8)), (-2, -2, 2, -1)).shape
        (2, 3, 2, 4)
        >>> npx.reshape(np.ones((8, 3, 3, 3, 3, 8)), (-4, -5), reverse=True).shape
        (8, 3, 3, 3, 24)
    """
    if order != "C":
        raise NotImplementedError("npx.reshape: only order='C', as in MXNet 1.9.1")
    data = unwrap(a, "npx.reshape")
    shape = npx_shape(data.shape, newshape, reverse)
    result = fresh_shape(OPS["nd.reshape"].call(data, shape=shape or (1,)), shape)
    return wrap(own(result, data))            # a copy, as MXNet's (a view in the table)


def nonzero(a):
    """The indices of the non-zero elements, one row per element in C order: an int64 array of
    shape (N, a.ndim) (NumPy's np.transpose(np.nonzero(a))).

    Parameters:
        a: an np array.

    Example:
        >>> npx.nonzero(np.array([[3, 0, 0], [0, 4, 0], [5, 6, 0]]))
        array([[0, 0],
               [1, 1],
               [2, 0],
               [2, 1]], dtype=int64)
    """
    data = unwrap(a, "npx.nonzero")
    found = onp.argwhere(data.asnumpy()).astype(onp.int64)
    return wrap(fresh_shape(OPS["nd.array"].call(found, ctx=data._ctx, dtype=found.dtype),
                            found.shape))


def constraint_check(input, msg="Constraint violated."):  # noqa: A002  (MXNet's name)
    """array(True) when every element of the bool array `input` is true; otherwise a
    ValueError with `msg` (MXNet's guard for a sampler's parameters: multiply by it).

    Parameters:
        input: a bool np array (a comparison's result).
        msg: the error message.

    Example:
        >>> npx.constraint_check(np.array([1.0, 2.0]) > 0, 'scale must be positive')
        array(True)
    """
    data = unwrap(input, "npx.constraint_check")
    if data._data.dtype != onp.bool_:
        raise TypeError(f"npx.constraint_check: input must be a bool array (a comparison), got "
                        f"{data._data.dtype}, as in MXNet 1.9.1")
    if not bool(data.asnumpy().all()):
        raise ValueError(msg)
    true = onp.array(True)
    return wrap(fresh_shape(OPS["nd.array"].call(true.reshape(1), ctx=data._ctx,
                                                 dtype=true.dtype), ()))


def gpu_memory_info(device_id=0):
    """(free, total) bytes of the GPU's global memory, as CUDA reports them (through CuPy);
    without a GPU an MXNetError, as MXNet's CPU build raises.

    Parameters:
        device_id: the GPU's number.

    Example:
        >>> npx.num_gpus() == 0 or len(npx.gpu_memory_info(0)) == 2
        True
    """
    try:
        cupy = backend.load_cupy()
    except backend.DeviceUnavailable as error:
        raise MXNetError(f"npx.gpu_memory_info({device_id}): no GPU to ask ({error}); MXNet's "
                         f"CPU build says: This call is only supported for MXNet built with "
                         f"CUDA support") from None
    with cupy.cuda.Device(device_id):
        free, total = cupy.cuda.runtime.memGetInfo()
    return int(free), int(total)


def get_cuda_compute_capability(ctx):
    """The compute capability of a GPU context's device as an int (80 for an A100, 90 for an
    H100); a ValueError for a CPU context, as in MXNet.

    Parameters:
        ctx: a GPU context, e.g. npx.gpu(0).

    Example:
        >>> try:
        ...     npx.get_cuda_compute_capability(npx.cpu())
        ... except ValueError as error:
        ...     print(error)
        Expecting a gpu context to get cuda compute capability, while received ctx cpu(0)
    """
    if ctx.device_type != "gpu":
        raise ValueError(f"Expecting a gpu context to get cuda compute capability, while "
                         f"received ctx {ctx}")
    cupy = backend.load_cupy()
    return int(cupy.cuda.Device(ctx.device_id).compute_capability)


FUNCTIONS = {"reshape": reshape, "nonzero": nonzero, "constraint_check": constraint_check,
             "gpu_memory_info": gpu_memory_info,
             "get_cuda_compute_capability": get_cuda_compute_capability}
