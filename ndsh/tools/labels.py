"""The names ops go by in graphs and traces: MXNet's, scalar forms included."""
from __future__ import annotations

from typing import Sequence


def op_label(op, arrays: Sequence[bool]) -> str:
    """The op's MXNet name as a graph shows it, given which inputs are arrays (the others are
    scalars): `_mul_scalar` for `x * 2`, `_rminus_scalar` for `2 - x`, `broadcast_add` for
    `x + y`, otherwise the op's own name.

    Example:
        >>> from ndsh.engine.registry import lookup
        >>> op_label(lookup("subtract"), [False, True]), op_label(lookup("add"), [True, True])
        ('_rminus_scalar', 'broadcast_add')
    """
    names = op.scalar_names
    if names and len(arrays) == 2 and not all(arrays):
        return names[0] if arrays[0] else names[1]
    for alias in op.aliases:
        if alias.startswith("broadcast_"):
            return alias
    return op.name
