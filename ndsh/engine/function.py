"""autograd.Function: a user-defined op with its own forward and backward."""
from __future__ import annotations

from ndsh.engine.graph import STATE, Scope, record_node
from ndsh.engine.ndarray import NDArray, new_array


class _CustomOp:
    """Stands in for an op-table entry in the graph of a custom Function."""

    def __init__(self, function, index, count):
        self.function = function
        self.name = type(function).__name__
        self.qualname = f"autograd.Function.{self.name}"
        self.index, self.count = index, count
        self.differentiable = True
        self.vjp_each = None
        self.vjp_all = self._vjp
        self.keeps = None          # a custom backward may read any input
        self.needs_ans = False
        self.reads = None

    def _vjp(self, xp, g, ans, *inputs):
        create_graph = isinstance(g, NDArray)
        out = [None] * self.count
        ctx = self.function._ctx
        grad = g if create_graph else new_array(g, ctx)
        for i in range(self.count):
            out[i] = grad if i == self.index else grad.zeros_like()
        grads = self.function.backward(*out)
        if isinstance(grads, NDArray):
            grads = (grads,)
        if len(grads) != len(inputs):
            raise ValueError(f"{self.name}.backward returned {len(grads)} gradient(s) for "
                             f"{len(inputs)} input(s)")
        return tuple(gi if create_graph or gi is None else gi._data for gi in grads)


class Function:
    """A custom differentiable function: subclass it, define `forward(*inputs)` and
    `backward(*output_grads)` over NDArrays, and call an instance like a function.

    It works over mx.np arrays too (`npx.set_np()` code): called with np arrays, `forward`
    gets them as given and its np results come back to the caller; `backward` gets the output
    gradients as legacy NDArrays, as in MXNet 1.9.1 (`dy.as_np_ndarray()` makes one an np
    array, no copy), and may return NDArrays or np arrays (MXNet only NDArrays).

    Example:
        >>> class Sigmoid(autograd.Function):
        ...     def forward(self, x):
        ...         y = 1 / (1 + nd.exp(-x)); self.save_for_backward(y); return y
        ...     def backward(self, dy):
        ...         y, = self.saved_tensors; return dy * y * (1 - y)
        >>> x = nd.array([0.]); x.attach_grad()
        >>> with autograd.record():
        ...     y = Sigmoid()(x)
        >>> y.backward(); x.grad
        <BLANKLINE>
        [0.25]
        <NDArray 1 @cpu(0)>
    """

    def __init__(self):
        self._saved = ()
        self._ctx = None

    def save_for_backward(self, *args) -> None:
        """Keep arrays that backward will need (read them back as self.saved_tensors)."""
        self._saved = args

    @property
    def saved_tensors(self) -> tuple:
        return self._saved

    def forward(self, *inputs):
        raise NotImplementedError("subclass autograd.Function and define forward")

    def backward(self, *output_grads):
        raise NotImplementedError("subclass autograd.Function and define backward")

    def __call__(self, *inputs):
        for a in inputs:
            if not isinstance(a, NDArray):
                raise TypeError(f"{type(self).__name__}: inputs must be NDArrays, not "
                                f"{type(a).__name__}")
        self._ctx = inputs[0].context if inputs else None
        with Scope(False, STATE.training):    # autograd.pause, training mode unchanged
            outputs = self.forward(*inputs)
        single = isinstance(outputs, NDArray)
        outs = (outputs,) if single else tuple(outputs)
        if STATE.recording:
            for i, out in enumerate(outs):
                record_node(_CustomOp(self, i, len(outs)), inputs,
                            tuple(a._data for a in inputs), (), {}, out)
        return outputs
