"""What the vjps run with when `create_graph=True`: numpy-named functions whose calls go
through recorded ops, so a gradient can be differentiated again."""
from __future__ import annotations

from ndsh.engine.graph import AutogradError


class DiffNamespace:
    """A stand-in for the array module inside vjps: `xp.exp(x)` here is the recorded nd.exp."""

    __name__ = "ndsh.diff"

    def __init__(self):
        from ndsh.engine.ops import arith, elementwise, linalg, reduce, shape
        table = {
            "exp": elementwise.exp, "log": elementwise.log, "sqrt": elementwise.sqrt,
            "sin": elementwise.sin, "cos": elementwise.cos, "tan": elementwise.tan,
            "tanh": elementwise.tanh, "sinh": elementwise.sinh, "cosh": elementwise.cosh,
            "sign": elementwise.sign, "abs": elementwise.abs, "floor": elementwise.floor,
            "expm1": elementwise.expm1, "log1p": elementwise.log1p,
            "maximum": arith.maximum, "minimum": arith.minimum,
        }
        for name, fn in table.items():
            setattr(self, name, fn)
        self._shape, self._reduce, self._linalg = shape, reduce, linalg

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        raise AutogradError(f"create_graph=True: a gradient on this path uses `{name}`, which "
                            f"has no recorded (higher-order) version in ndsh yet; higher-order "
                            f"gradients cover the elementwise ops, reductions and dot")

    def reshape(self, a, shape):
        shape = tuple(shape)
        if a.shape == shape:
            return a
        return self._shape.reshape(a, shape=shape if shape else (1,))

    def broadcast_to(self, a, shape):
        shape = tuple(shape)
        if a.shape == shape:
            return a
        if a.ndim < len(shape):
            a = self.reshape(a, (1,) * (len(shape) - a.ndim) + a.shape)
        return self._shape.broadcast_to(a, shape=shape)

    def sum_to(self, g, axes, shape):
        """Sum over `axes` and reshape to `shape`: the engine's unbroadcast, recorded."""
        if axes:
            g = self._reduce.sum(g, axis=axes, keepdims=True)
        return self.reshape(g, shape)

    def transpose(self, a, axes=None):
        return self._shape.transpose(a, axes=axes if axes is not None else ())

    def swapaxes(self, a, dim1, dim2):
        return self._shape.swapaxes(a, dim1 % a.ndim, dim2 % a.ndim)

    def matmul(self, a, b):
        if a.ndim == 2 and b.ndim == 2:
            return self._linalg.dot(a, b)
        return self._linalg.batch_dot(a, b)

    def where(self, condition, x, y):
        cond = condition if not isinstance(condition, bool) else float(condition)
        return cond * x + (1 - cond) * y
