"""Sentences that errors.py adds to a user's error, read from the failing line and its frame:
the NDArrays it names (shape, dtype, context), `x.grad` of an array that never had
attach_grad(), a context given as a string (`ctx='gpu0'`), and a Parameter used before
initialize().
"""
from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ndsh.errors import FrameLine

def describe_operands(frame, where: FrameLine) -> str:
    """A sentence describing the NDArrays named in the failing expression: shape, dtype and
    context, read from the frame's variables (a dict lookup: nothing is evaluated)."""
    import numpy as np

    from ndsh.engine.ndarray import NDArray

    if where.start is None or not where.line:
        return ""
    expression = where.line[where.start:where.end]
    found, np_names, mixed = [], [], False
    for name in _operand_names(expression):
        value = frame.f_locals.get(name, frame.f_globals.get(name))
        if isinstance(value, NDArray):
            mixed = True
            found.append(f"{name} has shape {value.shape}, dtype "
                         f"{np.dtype(value.dtype).name}, on {value.context}")
        elif type(value).__module__ == "mxnet.numpy":
            np_names.append(name)
            found.append(f"{name} is an mx.np.ndarray of shape {value.shape}, dtype "
                         f"{np.dtype(value.dtype).name}, on {value.ctx}")
    if not found:
        return ""
    advice = ""
    if mixed and np_names:    # nd and np arrays meet on this line: say how to convert
        advice = " (convert with " + ", ".join(f"{n}.as_nd_ndarray()" for n in np_names) + ")"
    return f"In `{expression}`, " + "; ".join(found) + advice + "."


def missing_grad_hint(frame, where: FrameLine) -> str:
    """A sentence for `x.grad + 1` when `x.grad` is None: the array never had attach_grad().

    Only `NAME.grad` operands are looked at (NAME read from the frame's variables)."""
    from ndsh.engine.ndarray import NDArray

    if where.start is None or not where.line:
        return ""
    for name in _grad_operand_names(where.line[where.start:where.end]):
        value = frame.f_locals.get(name, frame.f_globals.get(name))
        if isinstance(value, NDArray) and value.grad is None:
            return (f"{name}.grad is None: call {name}.attach_grad() before recording "
                    f"(ndsh.explain_grad({name}) says why a gradient is missing).")
    return ""


def _grad_operand_names(expression: str) -> list[str]:
    """NAME for each `NAME.grad` used directly as an operand: `x.grad + 1`, `x.grad.sum()`."""
    try:
        tree = ast.parse(expression.strip())
    except SyntaxError:
        return []
    found = sorted((operand.col_offset, operand.value.id) for node in ast.walk(tree)
                   for operand in _operands(node) + _attribute_owner(node)
                   if isinstance(operand, ast.Attribute) and operand.attr == "grad"
                   and isinstance(operand.value, ast.Name))
    return list(dict.fromkeys(name for _, name in found))


def _attribute_owner(node: ast.AST) -> list:
    return [node.value] if isinstance(node, ast.Attribute) else []


def _operand_names(expression: str) -> list[str]:
    """Names used directly as operands: `a + b`, `f(a, b)`, `a.sum()`, `a[0]`; not `a.T`."""
    try:
        tree = ast.parse(expression.strip())
    except SyntaxError:
        return []
    found = sorted((operand.col_offset, operand.id) for node in ast.walk(tree)
                   for operand in _operands(node) if isinstance(operand, ast.Name))
    return list(dict.fromkeys(name for _, name in found))      # source order, once each


def _operands(node: ast.AST) -> list:
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.Compare):
        return [node.left, *node.comparators]
    if isinstance(node, ast.Call):
        receiver = [node.func.value] if isinstance(node.func, ast.Attribute) else []
        return receiver + list(node.args) + [k.value for k in node.keywords]
    if isinstance(node, ast.Subscript):
        return [node.value]
    if isinstance(node, ast.AugAssign):
        return [node.target, node.value]
    return []


_CONTEXT_TEXT = re.compile(r"^\s*(cpu|gpu|dask)\s*(?:[:(]?\s*(\d+)\s*\)?)?\s*$", re.I)


def context_string_hint(where: FrameLine) -> str:
    """A sentence for a context written as a string (`ctx='gpu0'`, `as_in_context('cpu')`):
    how to write it as MXNet's context object, `mx.gpu(0)`.

    Example:
        >>> from ndsh.errors import FrameLine
        >>> context_string_hint(FrameLine("s.nds", 3, line="net.initialize(ctx='gpu0')"))
        "Write ctx='gpu0' with a context object: ctx=mx.gpu(0) (contexts are mx.cpu(), mx.gpu(i))."
        >>> context_string_hint(FrameLine("s.nds", 3, line="x.copyto(nd.cpu())"))
        ''
    """
    if not where.line:
        return ""
    try:
        tree = ast.parse(where.line.strip().rstrip(":"))
    except SyntaxError:
        return ""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        candidates = [(f"{k.arg}={ast.unparse(k.value)}", k.value) for k in node.keywords
                      if k.arg in ("ctx", "context", "device")]
        method = getattr(node.func, "attr", "")
        if method in ("as_in_context", "as_in_ctx", "copyto", "reset_ctx") and node.args:
            candidates.append((f"{method}({ast.unparse(node.args[0])})", node.args[0]))
        for shown, value in candidates:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                match = _CONTEXT_TEXT.match(value.value)
                written = (f"mx.{match[1].lower()}({match[2] or ''})" if match
                           else "mx.gpu(0)")
                fixed = shown.replace(repr(value.value), written)
                return (f"Write {shown} with a context object: {fixed} (contexts are "
                        f"mx.cpu(), mx.gpu(i)).")
    return ""


_UNINITIALIZED = re.compile(r"^Parameter '([^']+)' has not been initialized\.?$")


def uninitialized_parameter_hint(exc: BaseException, where: FrameLine) -> str:
    """What to do about MXNet's bare "Parameter 'x' has not been initialized" (a Trainer
    made, or data() read, before initialize()).

    Example:
        >>> from ndsh.errors import FrameLine
        >>> error = RuntimeError("Parameter 'dense0_bias' has not been initialized")
        >>> line = "trainer = gluon.Trainer(net.collect_params(), 'sgd')"
        >>> uninitialized_parameter_hint(error, FrameLine("s.nds", 4, line=line))
        "The Trainer reads each parameter's context: call net.initialize() before creating it."
    """
    if not isinstance(exc, RuntimeError) or not _UNINITIALIZED.match(str(exc)):
        return ""
    try:
        calls = [node for node in ast.walk(ast.parse(where.line.strip().rstrip(":")))
                 if isinstance(node, ast.Call)]
    except SyntaxError:
        calls = []
    for call in calls:
        if getattr(call.func, "attr", getattr(call.func, "id", "")) != "Trainer":
            continue
        net = "net"
        first = call.args[0] if call.args else None
        if isinstance(first, ast.Call) and getattr(first.func, "attr", "") == "collect_params":
            net = ast.unparse(first.func.value)
        return (f"The Trainer reads each parameter's context: call {net}.initialize() before "
                f"creating it.")
    return "Call net.initialize() (or the parameter's own initialize()) first."
