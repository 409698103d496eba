"""The tools on `mx.np` arrays: an np array (`ndsh.mxnp.array.ndarray`) wraps one engine
NDArray, which is what autograd records and what the tools read; these helpers find it, and
turn the tools' results back into np arrays where the user gave np arrays.

Nothing here imports `ndsh.mxnp`: while it is not loaded no np array can exist, so a script
that never touches `mx.np` pays nothing for it.
"""
from __future__ import annotations

import sys
from typing import Any

from ndsh.engine.ndarray import NDArray


def np_class() -> type | None:
    """The class `mx.np.ndarray`, or None while `mx.np` is not loaded (no np array exists).

    Example:
        >>> from ndsh.mxnp import np
        >>> np_class() is np.ndarray
        True
    """
    module = sys.modules.get("ndsh.mxnp.array")
    return None if module is None else module.ndarray


def is_np(value: Any) -> bool:
    """Whether `value` is an `mx.np` array.

    Example:
        >>> from ndsh.mxnp import np
        >>> is_np(np.ones(2)), is_np(nd.ones(2))
        (True, False)
    """
    cls = np_class()
    return cls is not None and type(value) is cls


def engine_array(value: Any) -> Any:
    """The engine NDArray under an `mx.np` array (the same storage and autograd state); any
    other value unchanged.

    Example:
        >>> from ndsh.mxnp import np
        >>> x = np.ones(2)
        >>> engine_array(x) is x.as_nd_ndarray(), engine_array(3)
        (True, 3)
    """
    return value._nd if is_np(value) else value


def is_array(value: Any) -> bool:
    """Whether `value` is an NDArray or an `mx.np` array (what the tools take as an array).

    Example:
        >>> from ndsh.mxnp import np
        >>> is_array(np.ones(2)), is_array(nd.ones(2)), is_array([1.0])
        (True, True, False)
    """
    return type(value) is NDArray or isinstance(value, NDArray) or is_np(value)


def like(array: NDArray, model: Any) -> Any:
    """`array` as the kind of array `model` is: an np array over it when `model` is one.

    Example:
        >>> from ndsh.mxnp import np
        >>> like(nd.ones(2), np.zeros(1))
        array([1., 1.])
    """
    if is_np(model):
        return sys.modules["ndsh.mxnp.array"].wrap(array)
    return array


def kind_name(value: Any) -> str:
    """How the tools' titles name an array's class: 'ndarray' for an np array (MXNet's repr
    says `array(...)`), 'NDArray' for an nd one.

    Example:
        >>> from ndsh.mxnp import np
        >>> kind_name(np.ones(2)), kind_name(nd.ones(2))
        ('ndarray', 'NDArray')
    """
    return "ndarray" if is_np(value) else "NDArray"


def is_np_shape_fix(label: str, shape, where: str, below_label: str, below_shape,
                    below_where: str) -> bool:
    """Whether a recorded reshape only gives an op's result NumPy's shape: `mx.np`'s full
    reductions run the table's op, which gives (1,), then reshape it to () on the same line
    (`np.sum(x)`). The graph and the trace show the two as the reduction itself, shape ().

    Example:
        >>> is_np_shape_fix("reshape", (), "f.py:3", "sum", (1,), "f.py:3")
        True
    """
    return (label == "reshape" and shape is not None and tuple(shape) == ()
            and below_label != "reshape"
            and tuple(below_shape or ()) == (1,) and where == below_where)


def fold_np_shapes(nodes: dict) -> None:
    """A reduction of `mx.np` drawn as one node of the graph (`ndsh.tools.graphs`' nodes, by
    id): its reshape to () folded into it, which keeps the reshape's shape and name.

    Example:
        >>> from ndsh.tools.graphs import GraphNode
        >>> nodes = {1: GraphNode(1, "op", "reshape", shape=(), inputs=[2]),
        ...          2: GraphNode(2, "op", "sum", shape=(1,), inputs=[3]),
        ...          3: GraphNode(3, "leaf", "x", shape=(2,))}
        >>> fold_np_shapes(nodes); nodes[1].label, nodes[1].shape, sorted(nodes)
        ('sum', (), [1, 3])
    """
    counts = dict.fromkeys(nodes, 0)
    for node in nodes.values():
        for i in node.inputs:
            counts[i] += 1
    for node in list(nodes.values()):
        if node.kind != "op" or len(node.inputs) != 1:
            continue
        below = nodes.get(node.inputs[0])
        if below is None or below.kind != "op" or below.name or counts[below.id] != 1:
            continue
        if is_np_shape_fix(node.label, node.shape, node.where, below.label, below.shape,
                           below.where):
            del nodes[below.id]
            node.label, node.inputs, node.scalars = below.label, below.inputs, below.scalars
