"""The graph under a Symbol: nodes as MXNet's JSON has them (op, name, attrs as strings,
inputs), how many outputs each op makes and which of them are visible, and the order MXNet
numbers the nodes in (a depth-first walk from the outputs, inputs in order).
"""
from __future__ import annotations

from typing import Iterable

# ops whose inputs (by position) are auxiliary states: updated by the op, not learned
AUX_INPUTS = {"BatchNorm": (3, 4), "_contrib_SyncBatchNorm": (3, 4), "BatchNorm_v1": (3, 4)}
# ops with outputs beyond the one a user sees (statistics, masks): MXNet 1.9.1's counts
_HIDDEN = {"BatchNorm": 2, "Dropout": 1, "LayerNorm": 2, "GroupNorm": 2, "InstanceNorm": 2}
_RNN_STATES = ("output", "state_output", "statecell_output")


class Node:
    """One node of a graph: an op applied to inputs, or a variable (op "null").

    Parameters:
        op: MXNet's registered name of the op ("FullyConnected"), or "null" for a variable.
        name: the node's name ("dense0_fwd", "data").
        attrs: the attributes, as MXNet's strings ({"num_hidden": "10"}).
        inputs: (node, output index, version) for each input, in the op's order.

    Example:
        >>> from ndsh.symbol.node import Node
        >>> data = Node("null", "data", {}, [])
        >>> Node("relu", "relu0", {}, [(data, 0, 0)]).visible_outputs()
        1
    """

    __slots__ = ("op", "name", "attrs", "inputs")

    def __init__(self, op: str, name: str, attrs: dict, inputs: list):
        self.op, self.name, self.attrs, self.inputs = op, name, attrs, inputs

    @property
    def is_variable(self) -> bool:
        return self.op == "null"

    def total_outputs(self) -> int:
        """All the outputs the op makes, the hidden ones included (MXNet's node_row_ptr)."""
        if self.is_variable:
            return 1
        extra = _HIDDEN.get(self.op, 0)
        if self.op == "Pooling" and self.attrs.get("pool_type", "max") == "max":
            extra = 1                       # MXNet's CPU build keeps a workspace output
        return self.visible_outputs() + (0 if self._shows_all() else extra)

    def _shows_all(self) -> bool:
        return self.attrs.get("output_mean_var", "False") in ("True", "1", "true")

    def visible_outputs(self) -> int:
        """The outputs a user sees (list_outputs)."""
        if self.is_variable:
            return 1
        if self.op in _HIDDEN and self._shows_all():
            return 1 + _HIDDEN[self.op]
        if self.op == "SliceChannel":
            return int(self.attrs.get("num_outputs", "1"))
        if self.op == "RNN":
            if self.attrs.get("state_outputs", "False") not in ("True", "1", "true"):
                return 1
            return 3 if self.attrs.get("mode") == "lstm" else 2
        if self.op == "topk" and self.attrs.get("ret_typ") == "both":
            return 2
        return 1

    def output_name(self, index: int) -> str:
        """The name list_outputs gives output `index` (`dense0_fwd_output`, `data`)."""
        if self.is_variable:
            return self.name
        if self.op == "RNN":
            return f"{self.name}_{_RNN_STATES[index]}"
        if self.visible_outputs() == 1:
            return f"{self.name}_output"
        return f"{self.name}_output{index}"

    def aux_positions(self) -> tuple:
        """The positions of the inputs that are auxiliary states (BatchNorm's moving stats)."""
        return AUX_INPUTS.get(self.op, ())


def topological(heads: Iterable[Node]) -> list[Node]:
    """Every node the heads reach, in MXNet's order: depth first, inputs in order, each node
    after its inputs (a loop, not recursion: deep graphs are fine).

    Parameters:
        heads: the nodes to start from.

    Example:
        >>> from ndsh.symbol.node import Node, topological
        >>> a, b = Node("null", "a", {}, []), Node("null", "b", {}, [])
        >>> [n.name for n in topological([Node("elemwise_add", "s", {}, [(a, 0, 0), (b, 0, 0)])])]
        ['a', 'b', 's']
    """
    order, seen = [], set()
    for head in heads:
        if id(head) in seen:
            continue
        stack = [(head, 0)]
        seen.add(id(head))
        while stack:
            node, next_input = stack.pop()
            if next_input < len(node.inputs):
                stack.append((node, next_input + 1))
                child = node.inputs[next_input][0]
                if id(child) not in seen:
                    seen.add(id(child))
                    stack.append((child, 0))
            else:
                order.append(node)
    return order


def aux_nodes(order: list[Node]) -> set:
    """The ids of the variables some op takes as an auxiliary state."""
    found = set()
    for node in order:
        for position in node.aux_positions():
            if position < len(node.inputs) and node.inputs[position][0].is_variable:
                found.add(id(node.inputs[position][0]))
    return found
