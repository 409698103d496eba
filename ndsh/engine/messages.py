"""The engine's error messages: one paragraph that names the op, the shapes, the dtypes and
the contexts, in the user's terms."""
from __future__ import annotations

import numpy as np

from ndsh.engine.context import Context
from ndsh.engine.mxnet_errors import MXNetError, TypeError, ValueError
from ndsh.engine.ndarray import NDArray


def dtype_mismatch(op_name: str, left, right) -> TypeError:
    left, right = np.dtype(left), np.dtype(right)
    # suggest the conversion that loses nothing: toward the float side, else the wider one
    if (left.kind == "f") != (right.kind == "f"):
        target, other = (left, right) if left.kind == "f" else (right, left)
    else:
        target, other = (left, right) if left.itemsize >= right.itemsize else (right, left)
    side = "first" if other is left else "second"
    return TypeError(
        f"{op_name}: the operands have different dtypes, {left.name} and {right.name}, and "
        f"ndsh (like MXNet) does not promote types. Convert the {side} operand with "
        f"`.astype('{target.name}')`.")


def context_mismatch(op_name: str, left: Context, right: Context) -> ValueError:
    return ValueError(
        f"{op_name}: all inputs must live on the same context, but the first argument is on "
        f"{left} while another is on {right}. Move one with `.as_in_context({left})` or "
        f"`.copyto({left})`.")


class NotAnArray(TypeError, AssertionError):
    """A non-NDArray where an op needs one (MXNet raises AssertionError here)."""


def bad_input(op_name: str, value) -> TypeError:
    kind = type(value).__name__
    hint = (" Wrap it with nd.array(...) first." if isinstance(value, (list, tuple, np.ndarray))
            else "")
    if type(value).__module__ == "mxnet.numpy":     # mx.np's array (the engine never imports it)
        kind = f"mx.np.ndarray of shape {value.shape}"
        hint = (" nd ops take legacy NDArrays: convert it with .as_nd_ndarray() (no copy), or "
                "use mx.np's functions throughout.")
    article = "an" if kind[0] in "aeiou" or kind.startswith("mx.") else "a"
    return NotAnArray(f"{op_name}: expected an NDArray argument, got {article} {kind}.{hint}")


def shape_mismatch(op_name: str, *shapes, error=None) -> ValueError:
    """numpy's 'could not be broadcast' in the user's terms: the op and both shapes (an error
    of ndsh's own that already names this op goes on as it is: broadcast_like's axis out of
    range is not a shape mismatch)."""
    if error is not None and ("broadcast" not in str(error) or (
            isinstance(error, MXNetError) and str(error).startswith(f"{op_name}:"))):
        return error
    shown = " and ".join(str(tuple(s)) for s in shapes)
    return ValueError(f"{op_name}: shapes {shown} cannot be broadcast together: each axis, "
                      f"counted from the right, must have equal sizes or size 1 on one side")


def check_contexts(op_name: str, left: Context, right: Context) -> None:
    """MXNet lets cpu(0) meet cpu(1) (the result goes to the first); device types must match."""
    if left.device_type != right.device_type or (left.device_type == "gpu"
                                                 and left.device_id != right.device_id):
        raise context_mismatch(op_name, left, right)



def bad_operand(op_name: str, array: NDArray, other) -> TypeError:
    kind = type(other).__name__
    hint = ""
    if isinstance(other, (np.ndarray, list, tuple)):
        hint = " Convert it with nd.array(...) first (or use x.asnumpy() to work in numpy)."
    elif other is None:
        hint = " (to test for None, use `x is None`)"
    elif type(other).__module__ == "mxnet.numpy":   # mx.np's array (the engine never imports it)
        return TypeError(
            f"{op_name}: a legacy mx.nd.NDArray (shape {array.shape}) met an mx.np.ndarray "
            f"(shape {other.shape}); MXNet's nd and np arrays do not mix in one op. Convert the "
            f"np array with `.as_nd_ndarray()` (no copy) to use nd ops, or the nd array with "
            f"`.as_np_ndarray()` (no copy) to use np functions.")
    return TypeError(f"{op_name}: an NDArray can be combined only with another NDArray or a "
                     f"Python or numpy scalar, not a {kind}.{hint}")
