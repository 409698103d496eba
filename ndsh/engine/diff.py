"""The array module the vjps run with when `create_graph=True`: numpy's names, each resolved
to the recorded op of the same name in the op table, so that a gradient can be differentiated
again. Every elementwise op (ops/elementwise.py, ops/arith.py) is its own second-order
primitive: an op whose vjp calls `xp.square` needs nothing more than nd.square being an op.
The few names whose numpy meaning differs from nd's (reshape, transpose, matmul, where...) are
written out below over the table's ops.
"""
from __future__ import annotations

from ndsh.engine.graph import AutogradError
from ndsh.engine.registry import NAMESPACES, OPS

# the op families whose nd names mean what numpy's do (elementwise, broadcasting)
ELEMENTWISE_FAMILIES = ("ndsh.engine.ops.elementwise", "ndsh.engine.ops.arith")


def _call(qualname: str):
    return OPS[qualname].call


class DiffNamespace:
    """A stand-in for the array module inside vjps: `xp.exp(x)` here is the recorded nd.exp."""

    __name__ = "ndsh.diff"

    def __getattr__(self, name):
        record = None if name.startswith("_") else NAMESPACES.get("nd", {}).get(name)
        if record is None or record.fn.__module__ not in ELEMENTWISE_FAMILIES:
            if name.startswith("_"):
                raise AttributeError(name)
            raise AutogradError(
                f"create_graph=True: a gradient on this path uses `{name}`, which has no "
                f"recorded (higher-order) version in ndsh yet; higher-order gradients cover the "
                f"elementwise ops, reductions and dot")
        function = record.strict_calls.get(name, record.call)
        setattr(self, name, function)        # resolved once
        return function

    def reshape(self, a, shape):
        shape = tuple(shape)
        if a.shape == shape:
            return a
        return _call("nd.reshape")(a, shape=shape if shape else (1,))

    def broadcast_to(self, a, shape):
        shape = tuple(shape)
        if a.shape == shape:
            return a
        if a.ndim < len(shape):
            a = self.reshape(a, (1,) * (len(shape) - a.ndim) + a.shape)
        return _call("nd.broadcast_to")(a, shape=shape)

    def sum_to(self, g, axes, shape):
        """Sum over `axes` and reshape to `shape`: the engine's unbroadcast, recorded."""
        if axes:
            g = _call("nd.sum")(g, axis=axes, keepdims=True)
        return self.reshape(g, shape)

    def transpose(self, a, axes=None):
        return _call("nd.transpose")(a, axes=axes if axes is not None else ())

    def swapaxes(self, a, dim1, dim2):
        return _call("nd.swapaxes")(a, dim1 % a.ndim, dim2 % a.ndim)

    def matmul(self, a, b):
        if a.ndim == 2 and b.ndim == 2:
            return _call("nd.dot")(a, b)
        return _call("nd.batch_dot")(a, b)

    def where(self, condition, x, y):
        cond = condition if not isinstance(condition, bool) else float(condition)
        return cond * x + (1 - cond) * y


DIFF = DiffNamespace()
