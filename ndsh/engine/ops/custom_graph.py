"""The recorded graph of a custom op (nd.Custom, ops/custom.py): stand-ins for op-table entries
whose gradient is the CustomOp's backward.

A single-output op records one node on its output. A multi-output op records that node on a
hidden flat stand-in (no memory: a broadcast zero), from which each output selects its part,
so that backward still calls the op's backward once, with every output's gradient (zeros for an
output nothing used), as MXNet does.
"""
from __future__ import annotations

import contextlib
import weakref

import numpy as np

from ndsh.engine.graph import STATE, AutogradError, Scope, parent_indices, record_node, root_of
from ndsh.engine.mxnet_errors import MXNetError
from ndsh.engine.ndarray import NDArray, new_array


@contextlib.contextmanager
def blame(op_type: str, step: str):
    """Any error inside the op's own code surfaces as an MXNetError naming the op, as MXNet's
    does, with the original message (and the original exception as its cause)."""
    try:
        yield
    except Exception as error:
        raise MXNetError(f"Custom operator {op_type!r} failed in {step}: "
                         f"{type(error).__name__}: {error}") from error


class _GraphEntry:
    """What a recorded node needs of an op-table entry, for an op that is not in the table."""

    differentiable = True
    vjp_each = None
    keeps = None            # backward may read any input
    reads = None
    needs_ans = False
    writes_into = False
    into_ans = into_g = into_leaf = None
    qualname = "nd.Custom"


class CustomNode(_GraphEntry):
    """The op's node: its gradient is the CustomOp's backward, called once per backward with
    every output's gradient."""

    def __init__(self, op_type, operator, args, aux, outputs, ctx, reads_outputs: bool):
        self.name = f"Custom({op_type!r})"
        self.op_type, self.operator, self.aux, self.ctx = op_type, operator, aux, ctx
        self.out_data = [o._data for o in outputs]     # the values forward wrote
        # backward reads them: an output written in place since would make it wrong
        self.watched = [weakref.ref(o) for o in outputs] if reads_outputs else []
        self.stamp = STATE.clock
        self.needed = parent_indices(args)
        self.vjp_all = self._vjp

    def _check_outputs(self) -> None:
        for i, ref in enumerate(self.watched):
            o = ref()
            if o is not None and root_of(o)._version > self.stamp:
                raise AutogradError(
                    f"output {i} of {self.name} (shape {o.shape}) was modified in place after "
                    f"it was recorded and before backward, and the op's backward reads it "
                    f"(out_data), so its gradient would be wrong. Call backward first, or "
                    f"compute a new array instead of writing into the output.")

    def _vjp(self, xp, g, ans, *args):
        self._check_outputs()
        create_graph = isinstance(g, NDArray)     # no second derivative through a custom op
        g = g._data if create_graph else g
        ctx = self.ctx
        grads = _split(g, self.out_data) if len(self.out_data) > 1 else [g]
        out_grad = [new_array(gi, ctx) for gi in grads]
        in_data = [new_array(a._data if isinstance(a, NDArray) else a, ctx) for a in args]
        with ctx.device():
            in_grad = [new_array(ctx.xp.zeros(a.shape, dtype=a.dtype), ctx) for a in in_data]
        req = ["write" if i in self.needed else "null" for i in range(len(args))]
        with Scope(False, STATE.training), ctx, blame(self.op_type, "backward"):
            self.operator.backward(req=req, out_grad=out_grad, in_data=in_data,
                                   out_data=[new_array(d, ctx) for d in self.out_data],
                                   in_grad=in_grad, aux=list(self.aux))
        return tuple(gi if create_graph else gi._data for gi in in_grad)


def _split(flat, out_data):
    """The gradient of the flat stand-in, cut back into one gradient per output."""
    parts, start = [], 0
    for d in out_data:
        part = flat[start:start + d.size].reshape(d.shape)
        parts.append(part if part.dtype == d.dtype else part.astype(d.dtype))
        start += d.size
    return parts


class _SelectOutput(_GraphEntry):
    """Output i of a multi-output custom op, taken from the flat stand-in the op's node is
    recorded on: its gradient is the stand-in's, zero outside output i's part."""

    def __init__(self, name, index, start, size, total, dtype, ctx):
        self.name = f"{name}[{index}]"
        self.start, self.size, self.total, self.dtype, self.ctx = start, size, total, dtype, ctx
        self.vjp_all = self._vjp

    def _vjp(self, xp, g, ans, flat):
        create_graph = isinstance(g, NDArray)
        g = g._data if create_graph else g
        with self.ctx.device():
            grad = self.ctx.xp.zeros(self.total, dtype=self.dtype)
        grad[self.start:self.start + self.size] = g.reshape(-1)
        return (new_array(grad, self.ctx) if create_graph else grad,)


def record(node_op, args, outputs) -> None:
    """Record the op's node on its output, or on a flat stand-in the outputs select from."""
    if len(outputs) == 1:
        record_node(node_op, args, tuple(a._data for a in args), (), {}, outputs[0])
        return
    ctx = node_op.ctx
    dtype = np.result_type(*(o._data.dtype for o in outputs))
    total = sum(o._data.size for o in outputs)
    with ctx.device():       # a stand-in that uses no memory: nothing reads its values
        flat = new_array(ctx.xp.broadcast_to(ctx.xp.zeros((), dtype=dtype), (total,)), ctx)
    record_node(node_op, args, tuple(a._data for a in args), (), {}, flat)
    if flat._node is None:
        return                # no input needs a gradient
    start = 0
    for i, o in enumerate(outputs):
        select = _SelectOutput(node_op.name, i, start, o._data.size, total, dtype, ctx)
        record_node(select, (flat,), (flat._data,), (), {}, o)
        start += o._data.size
