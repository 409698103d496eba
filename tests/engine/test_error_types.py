"""The engine's errors are MXNet's catch-all `mxnet.base.MXNetError` and the built-in type users
catch, at once; and the cases where MXNet 1.9.1 raises and ndsh did not (facts from MXNet 1.9.1
run in a side venv: `diag(ones((3, 3)), k=5)` "Diagonal does not exist", `broadcast_like` with
empty axes "Empty axes tuple is not allowed", `tile` with a count <= 0, a truncated buffer)."""
from __future__ import annotations

import ast
import builtins
from pathlib import Path

import pytest

from ndsh.engine import autograd, nd
from ndsh.engine.graph import AutogradError
from ndsh.engine.mxnet_errors import MXNetError
from ndsh.mxnet_compat import mxnet as mx

ENGINE = Path(__file__).resolve().parents[2] / "ndsh" / "engine"
BUILTIN_NAMES = {"ValueError", "TypeError", "IndexError"}
# modules whose errors are about the user's arguments (the ops and their call path); ndarray.py
# and autograd.py raise Python's own types where MXNet's Python front end does
RAISING = sorted([*ENGINE.glob("ops/*.py"), ENGINE / "invoke.py", ENGINE / "messages.py",
                  ENGINE / "serialization.py", ENGINE / "serialization_format.py",
                  ENGINE / "serialization_load.py", ENGINE / "backprop.py",
                  ENGINE / "methods.py"])


def _errors_built(tree) -> set[str]:
    """The built-in error names a module raises or returns (`raise ValueError(...)`)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Raise, ast.Return)) and isinstance(node.__dict__.get(
                "exc" if isinstance(node, ast.Raise) else "value"), ast.Call):
            func = (node.exc if isinstance(node, ast.Raise) else node.value).func
            if isinstance(func, ast.Name) and func.id in BUILTIN_NAMES:
                names.add(func.id)
    return names


def _imported_from_mxnet_errors(tree) -> set[str]:
    return {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
            and node.module == "ndsh.engine.mxnet_errors" for alias in node.names}


@pytest.mark.parametrize("path", RAISING, ids=lambda p: p.name)
def test_engine_errors_are_mxnet_errors(path):
    tree = ast.parse(path.read_text())
    plain = _errors_built(tree) - _imported_from_mxnet_errors(tree)
    assert not plain, f"{path.name} raises built-in {plain}: import them from mxnet_errors"


def test_each_error_is_both_types():
    with pytest.raises(MXNetError) as caught:
        nd.ones((2, 3)) + nd.ones((2,))
    assert isinstance(caught.value, builtins.ValueError)
    assert type(caught.value).__name__ == "ValueError"      # what a traceback shows
    assert issubclass(AutogradError, MXNetError)
    assert mx.base.MXNetError is MXNetError is mx.MXNetError


@pytest.mark.parametrize("call", [
    lambda: nd.diag(nd.ones((3, 3)), k=5),
    lambda: nd.diag(nd.ones((3, 4)), k=-4),
    lambda: nd.broadcast_like(nd.ones((1, 2)), nd.ones((3, 2)), lhs_axes=(), rhs_axes=()),
    lambda: nd.tile(nd.ones((2,)), (1, 2, -3)),
    lambda: nd.tile(nd.ones((2,)), (1, 0, 3)),
    lambda: nd.dot(nd.ones((2, 3)), nd.ones((2, 3))),
    lambda: nd.load_frombuffer(nd_bytes()[:-10]),
], ids=["diag k above", "diag k below", "broadcast_like empty axes", "tile negative",
        "tile zero", "dot shapes", "truncated buffer"])
def test_mxnet_raises_here_and_so_does_ndsh(call):
    with pytest.raises(MXNetError):
        call()


def test_the_diagonals_at_the_edge_exist():
    # MXNet: k = cols and k = -rows give empty diagonals, one further is an error
    assert nd.diag(nd.ones((3, 4)), k=4).shape == (0,)
    assert nd.diag(nd.ones((3, 4)), k=-3).shape == (0,)


def test_autograd_misuse_is_an_mxnet_error():
    x = nd.ones((2,))
    with pytest.raises(MXNetError):
        x.backward()
    with autograd.record():
        y = x * 2
    with pytest.raises(MXNetError):
        y.backward()


def nd_bytes() -> bytes:
    import os
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "a.nd")
        nd.save(path, [nd.arange(6)])
        with open(path, "rb") as source:
            return source.read()
