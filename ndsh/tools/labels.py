"""The name an op goes by in every view: the graph, the trace, explain_grad, the shell's value
header and the engine's own messages.

The rule (docs/tools.md): an op is named by its name in ndsh's op table, the `nd.NAME` that
`ndsh doc` has a page for: `x * 2`, `2 * x`, `x * y` and `nd.multiply(x, y)` are all
`multiply`; `-x` is `negative`; `x.T` is `transpose`. An alias (`nd.elemwise_mul`,
`nd.broadcast_mul`) is another name for the same op, so it is shown by the op's name too
(`ndsh doc elemwise_mul` leads there). MXNet's internal names for the scalar forms
(`_mul_scalar`, `_rminus_scalar`) never appear: nobody types them.
"""
from __future__ import annotations


def op_label(op) -> str:
    """The op's name as every view shows it (a custom autograd.Function: its class name).

    Example:
        >>> from ndsh.engine.registry import lookup
        >>> op_label(lookup("subtract")), op_label(lookup("broadcast_mul"))
        ('subtract', 'multiply')
    """
    return op.name
