"""MXNet's `mx.operator` module as ndsh has it: the custom-operator API (CustomOp, CustomOpProp,
register, from ops/custom.py) and the op table read the way MXNet's C++ registry is read
(get_all_registered_operators, get_operator_arguments).

The names are MXNet's: an op of nd.random, nd.linalg or nd.contrib is listed as MXNet registers
it, `_random_normal`, `_linalg_gemm`, `_contrib_isfinite`; ops of nd under their names and
aliases. Custom ops are not in that list (MXNet keeps them apart too: `Custom` is the op that
runs them).
"""
from __future__ import annotations

import collections
import inspect
import re

from ndsh.engine.mxnet_errors import ValueError
from ndsh.engine.ops.custom import CustomOp, CustomOpProp, register
from ndsh.engine.registry import NAMESPACES, Op

__all__ = ["CustomOp", "CustomOpProp", "register", "get_all_registered_operators",
           "get_operator_arguments", "OperatorArguments"]

OperatorArguments = collections.namedtuple("OperatorArguments", ["narg", "names", "types"])
OperatorArguments.__doc__ = ("An op's arguments as MXNet describes them: their number, names "
                             "and types ('NDArray-or-Symbol' for an array input).")

# the prefix MXNet's registry gives the ops of each namespace
_PREFIXES = {"nd": "", "nd.random": "_random_", "nd.linalg": "_linalg_",
             "nd.contrib": "_contrib_"}


def _table() -> dict[str, Op]:
    """MXNet's name for each op and alias of the table -> the op."""
    names: dict[str, Op] = {}
    for space, prefix in _PREFIXES.items():
        for leaf, record in NAMESPACES.get(space, {}).items():
            names.setdefault(prefix + leaf, record)
    return names


def get_all_registered_operators() -> list:
    """The names of every op ndsh knows, as MXNet's registry names them: the nd ops and their
    MXNet aliases, and `_random_*`, `_linalg_*`, `_contrib_*` for the other namespaces' ops.

    Example:
        >>> ops = mx.operator.get_all_registered_operators()
        >>> "Activation" in ops, "elemwise_add" in ops, "_random_normal" in ops
        (True, True, True)
    """
    return sorted(_table())


def get_operator_arguments(op_name: str) -> OperatorArguments:
    """The arguments of the op `op_name` (a name from get_all_registered_operators) read from
    its signature: OperatorArguments(narg, names, types).

    An array input is 'NDArray-or-Symbol' ('NDArray-or-Symbol[]' for any number of them); a
    parameter is described in MXNet's words from its default: 'float, optional, default=0.5',
    "int, optional, default='1'", 'boolean, optional, default=0', 'Shape(tuple), optional,
    default=[]', and ', required' without one (or where the op's doc page says "(required)").
    Where the op's page lists the choices of a parameter ("act_type: 'relu', 'sigmoid' ..."),
    they are given as MXNet gives an enum: "{'relu', 'sigmoid', ...}, required".

    Departs from MXNet: where the op's page lists no choices, an enum parameter is described
    by its default ("string, optional, default='clip'") where MXNet's C++ lists the values;
    a parameter whose default is None has no type (', optional, default=None') where MXNet
    says 'int or None'; MXNet's 'double', 'long' and 'int (non-negative)' are 'float' and
    'int'; a float default is printed as Python prints it (0.9, not MXNet's 0.899999976);
    `out` is left out, as MXNet leaves it out. For an op written over NDArrays, the leading
    parameters without a default (as many as the op has array inputs) are its arrays.

    Example:
        >>> mx.operator.get_operator_arguments("Activation")
        OperatorArguments(narg=2, names=['data', 'act_type'], types=['NDArray-or-Symbol', \
"{'relu', 'sigmoid', 'softrelu', 'softsign', 'tanh'}, required"])
    """
    record = _table().get(op_name)
    if record is None:
        raise ValueError(f"Operator {op_name} is not registered: "
                         f"mx.operator.get_all_registered_operators() lists the names")
    params = list(inspect.signature(record.fn).parameters.values())
    if record.kind == "primitive":
        params = params[1:]                 # the array module
    choices, required = _documented_choices(record.doc)
    names, types = [], []
    for i, p in enumerate(params):
        if p.kind is p.VAR_KEYWORD or p.name == "out":
            continue
        names.append(p.name)
        if p.kind is p.VAR_POSITIONAL:
            types.append("NDArray-or-Symbol[]")
        elif _is_array(record, i, p):
            types.append("NDArray-or-Symbol")
        else:
            types.append(_describe(p, choices.get(p.name), p.name in required))
    return OperatorArguments(len(names), names, types)


def _is_array(record: Op, i: int, p) -> bool:
    """Whether the i-th parameter is an array input: one of the op's leading `nin` positional
    parameters (all of them for a variadic primitive), and for an op written over NDArrays
    one without a default other than None."""
    if p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
        return False
    if record.kind == "primitive":
        return record.nin < 0 or i < record.nin
    return i < record.nin and (p.default is p.empty or p.default is None)


def _describe(p, choices, required: bool) -> str:
    """One parameter in MXNet's words: 'float, optional, default=0.5', ', required'..."""
    if choices:
        kind = "{" + ", ".join(repr(c) for c in sorted(choices)) + "}"
    elif p.default is not p.empty:
        kind = _kind(p.default)
    else:
        kind = ""
    if required or p.default is p.empty:
        return f"{kind}, required"
    return f"{kind}{',' if choices else ', '}optional, default={_default(p.default)}"


def _kind(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str) or isinstance(value, type):       # a dtype: np.float32
        return "string"
    if isinstance(value, (tuple, list)):
        return "Shape(tuple)"
    return "" if value is None else type(value).__name__


def _default(value) -> str:
    """A default as MXNet prints it: booleans 0/1, ints and strings quoted, shapes [1,2]."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, (int, str)):
        return f"'{value}'"
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, (tuple, list)):
        return "[" + ",".join(str(v) for v in value) + "]"
    if isinstance(value, type):
        return f"'{value.__name__}'"
    return str(value)


_CHOICE = r"'[^']+'"
_CHOICES = re.compile(rf"^{_CHOICE}(?:, {_CHOICE})*(?:,? or {_CHOICE})?(?: \(required\))?\.?$")
_REQUIRED = re.compile(r"\(required\)\.?$")


def _documented_choices(doc: str) -> tuple[dict[str, list], set]:
    """({parameter: its choices}, {required parameters}) from the docstring's Parameters
    section: the choices of a parameter whose description is nothing but them (`act_type:
    'relu', 'sigmoid' or 'tanh'.`), and the parameters it says are required (`(required)` at
    the end: an op that checks for itself a parameter whose default is None)."""
    entries: list[list[str]] = []
    indent = None
    in_section = False
    for line in doc.splitlines():
        if line.strip() == "Parameters:":
            in_section, indent = True, None
            continue
        if not in_section:
            continue
        if not line.strip() or (indent is not None and len(line) - len(line.lstrip()) < indent):
            in_section = False
            continue
        depth = len(line) - len(line.lstrip())
        if indent is None:
            indent = depth
        if depth == indent and ":" in line:
            name, _, text = line.strip().partition(":")
            entries.append([name, text.strip()])
        elif entries:
            entries[-1][1] += " " + line.strip()
    choices = {name: re.findall(r"'([^']+)'", text) for name, text in entries
               if _CHOICES.match(text)}
    return choices, {name for name, text in entries if _REQUIRED.search(text)}
