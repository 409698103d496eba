"""The short pages of an array (`x?`, `help(x)`): an NDArray's (`array_page`) and an mx.np
array's (`np_array_page`); `ndsh.doc.lookup.describe_object` shows them.
"""
from __future__ import annotations

import inspect
from typing import Any

from ndsh.doc.index import ndarray_members
from ndsh.doc.page import DocPage
from ndsh.engine.ndarray import NDArray


def array_page(array: NDArray, name: str = "") -> DocPage:
    """The short page for an array (`x?`, `help(x)`): what it is (shape, dtype, context,
    gradient), what an NDArray is, and where the full list of its methods is.

    Example:
        >>> print(array_page(nd.ones((2, 3)), "x").summary)
        x is an NDArray of shape (2, 3), dtype float32, on cpu(0), with no gradient buffer \
(x.attach_grad() attaches one).
    """
    import numpy as np

    dtype = np.dtype(array.dtype).name
    call = f"{name}." if name else ""
    if array.grad is not None:
        grad = (f"with a gradient buffer (grad_req={getattr(array, '_grad_req', None)!r}: "
                f"backward() writes {call or 'its '}grad)")
    elif getattr(array, "_node", None) is not None:
        grad = "recorded: the result of a computation inside autograd.record()"
    else:
        grad = f"with no gradient buffer ({call}attach_grad() attaches one)"
    summary = (f"{name or 'This array'} is an NDArray of shape {array.shape}, dtype {dtype}, "
               f"on {array.context}, {grad}.")
    what = (inspect.getdoc(NDArray) or "").split("\n\n")[0].strip()
    pointer = (f"NDArray? (or help(nd.NDArray)) shows the full page: its "
               f"{len(ndarray_members())} methods and properties, and an example; "
               f"{f'dir({name})' if name else 'dir() of the array'} lists them by kind.")
    shape = "x".join(str(size) for size in array.shape) or "scalar"
    return DocPage(name=name or "NDArray", kind="array", summary=summary,
                   signature=f"{name or 'This array'}: NDArray {shape} {dtype} @{array.context}",
                   description=f"{what}\n\n{pointer}", obj=NDArray)


def is_np_array(value: Any) -> bool:
    """Whether a value is an mx.np array (known by its class's module: the doc pages never
    import mx.np for a session that does not use it).

    Example:
        >>> from ndsh.mxnp import np as mnp
        >>> is_np_array(mnp.ones(2)), is_np_array(nd.ones(2))
        (True, False)
    """
    return type(value).__module__ == "mxnet.numpy" and hasattr(value, "as_nd_ndarray")


def np_array_page(value: Any, name: str = "") -> DocPage:
    """The short page for an mx.np array (`x?`, `help(x)`): what it is (shape, dtype, context,
    gradient state, read from the engine array it wraps without a copy), what an mx.np ndarray
    is, and where its methods are listed; as `array_page` for an NDArray.

    Example:
        >>> from ndsh.mxnp import np as mnp
        >>> page = np_array_page(mnp.ones((2, 3)), "x")
        >>> print(page.signature); print(page.summary)
        x: ndarray 2x3 float32 @cpu(0)
        x is an mx.np ndarray of shape (2, 3), dtype float32, on cpu(0), with no gradient \
buffer (x.attach_grad() attaches one).
    """
    import numpy as np

    array = value.as_nd_ndarray()
    dtype = np.dtype(array.dtype).name
    call = f"{name}." if name else ""
    if array._grad_req is not None:
        grad = (f"with a gradient buffer (grad_req={array._grad_req!r}: backward() writes "
                f"{call or 'its '}grad)")
    elif array._node is not None:
        grad = "recorded: the result of a computation inside autograd.record()"
    else:
        grad = f"with no gradient buffer ({call}attach_grad() attaches one)"
    summary = (f"{name or 'This array'} is an mx.np ndarray of shape {array.shape}, dtype "
               f"{dtype}, on {array.context}, {grad}.")
    kind = type(value)
    what = (inspect.getdoc(kind) or "").split("\n\n")[0].strip()
    members = len([leaf for leaf in dir(kind) if not leaf.startswith("_")])
    pointer = (f"np.ndarray? shows the full page of the class; "
               f"{f'dir({name})' if name else 'dir() of the array'} lists its {members} "
               f"methods and properties by kind.")
    shape = "x".join(str(size) for size in array.shape) or "scalar"
    return DocPage(name=name or "ndarray", kind="array", summary=summary,
                   signature=f"{name or 'This array'}: ndarray {shape} {dtype} @{array.context}",
                   description=f"{what}\n\n{pointer}", obj=kind)


__all__ = ["array_page", "is_np_array", "np_array_page"]
