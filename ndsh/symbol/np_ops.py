"""The nodes of MXNet's numpy interface in a graph (`_np_dot`, `_npi_add`,
`_npi_subtract_scalar`, `_npx_relu`...), which MXNet 1.9.1 writes when it exports a block
whose `hybrid_forward` calls `F.np` / `F.npx` or uses operators on np symbols: each runs as the
mx.np (or mx.npx) function of its name on np arrays over the node's input NDArrays (no copy),
so that `gluon.SymbolBlock.imports` runs such graphs, gradients included.

The layer ops an np-mode graph also holds (`FullyConnected`, `Activation`, `softmax`...) are
the table's, run by evaluate.py as in any graph.
"""
from __future__ import annotations

from ndsh.engine.mxnet_errors import MXNetError

__all__ = ["is_np_op", "run_np_op"]

_PREFIXES = ("_npi_", "_np_", "_npx_")
# node attributes that say nothing to ndsh's functions (the context is the inputs')
_DROPPED = frozenset({"is_int", "ctx", "num_args", "flag"})
# MXNet's op names whose function has another name in mx.np
_RENAMED = {"absolute": "abs", "norm": "linalg.norm"}
# MXNet's np ops that take their inputs as one list (`num_args` of them)
_SEQUENCE = frozenset({"concatenate", "stack", "vstack", "hstack", "dstack", "column_stack"})
# `_npi_r<name>_scalar`: the scalar is the left operand
_REVERSED = frozenset({"rsubtract", "rtrue_divide", "rpower", "rmod", "rdivide", "rarctan2",
                       "rcopysign", "rldexp", "rfmod"})


def is_np_op(op: str) -> bool:
    """Whether a node's op is one of MXNet's numpy interface (`_np_`, `_npi_`, `_npx_`).

    Example:
        >>> from ndsh.symbol.np_ops import is_np_op
        >>> is_np_op('_npi_add'), is_np_op('_npx_relu'), is_np_op('FullyConnected')
        (True, True, False)
    """
    return op.startswith(_PREFIXES)


def _function(op: str, node_name: str):
    from ndsh.mxnp import np as mxnp
    from ndsh.mxnp import npx as mxnpx
    prefix = next(p for p in _PREFIXES if op.startswith(p))
    name = op[len(prefix):]
    module = mxnpx if prefix == "_npx_" else mxnp
    scalar = name.endswith("_scalar")
    if scalar:
        name = name[:-len("_scalar")]
    reverse = scalar and name in _REVERSED
    if reverse:
        name = name[1:]
    target = module
    for part in _RENAMED.get(name, name).split("."):
        target = getattr(target, part, None)
        if target is None:
            break
    if target is None or not callable(target):
        raise MXNetError(f"Cannot run node '{node_name}': ndsh has no function for MXNet's "
                         f"'{op}' (mx.{'npx' if module is mxnpx else 'np'}.{name}), so graphs "
                         f"that use it cannot run in ndsh.")
    return name, target, scalar, reverse


def run_np_op(node, values: list, attrs: dict):
    """Run one node of MXNet's numpy interface on its input NDArrays; the NDArray (or list of
    them) it gives. `attrs` are the node's attributes, already parsed.

    Example:
        >>> from ndsh.symbol.np_ops import run_np_op
        >>> from ndsh.symbol.node import Node
        >>> node = Node('_npi_subtract_scalar', 'sub0', {}, [])
        >>> run_np_op(node, [nd.array([1, 2])], {'scalar': 0.5, 'is_int': False})
        <BLANKLINE>
        [0.5 1.5]
        <NDArray 2 @cpu(0)>
    """
    from ndsh.mxnp.array import wrap
    name, function, scalar, reverse = _function(node.op, node.name)
    arrays = [wrap(value) for value in values]
    kwargs = {key: value for key, value in attrs.items() if key not in _DROPPED}
    if scalar:
        number = kwargs.pop("scalar")
        number = int(number) if attrs.get("is_int") is True else number
        arrays = [number, arrays[0]] if reverse else [arrays[0], number]
    elif name in _SEQUENCE:
        arrays = [arrays]
    try:
        result = function(*arrays, **kwargs)
    except TypeError as error:
        raise MXNetError(f"Cannot run node '{node.name}' ({node.op}): mx.np's {name} does "
                         f"not take the node's attributes {node.attrs} ({error}).") from error
    if isinstance(result, (list, tuple)):
        return [item._nd for item in result]
    return result._nd
