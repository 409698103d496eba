"""%graph, %trace, %show and %plot in the shell (ndsh.repl.tool_magics; skipped where the shell
is not there)."""
from __future__ import annotations

import io

import numpy as np
import pytest

from ndsh.display.console import Output
from ndsh.session import Session

state_module = pytest.importorskip("ndsh.repl.state")
magics = pytest.importorskip("ndsh.repl.magics")
import ndsh.repl.tool_magics  # noqa: E402,F401  (registers the magics)
from ndsh.tools.provenance import PROVENANCE  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_watcher():
    """As in tests/tools/conftest.py: each test starts with no recorded sources."""
    PROVENANCE.reset()
    yield
    PROVENANCE.reset()


@pytest.fixture
def shell():
    out, err = io.StringIO(), io.StringIO()
    state = state_module.ShellState(Session(Output(stdout=out, stderr=err, color="never")))
    state.out, state.err = out, err
    state.run_cell("x = nd.array([1., 2., 3.]); x.attach_grad()")
    state.run_cell("with autograd.record():\n    y = (x * x).sum()\n")
    return state


def test_graph_magic_draws_the_tree_with_shell_input_numbers(shell):
    magics.call_magic(shell, "graph", "y")
    text = shell.out.getvalue()
    assert text.splitlines()[0].split() == ["y", "=", "sum", "(1,)", "float32", "In", "[2]:2"]
    assert "x" in text and "grad_req=write" in text


def test_trace_magic_switches_tracing(shell):
    magics.call_magic(shell, "trace", "on")
    shell.run_cell("y.backward()")
    magics.call_magic(shell, "trace", "off")
    assert "backward #1 at In [3]:1 of y (1,)" in shell.err.getvalue()
    with pytest.raises(magics.MagicError, match="usage"):
        magics.call_magic(shell, "trace", "maybe")


def test_show_and_plot_magics(shell):
    magics.call_magic(shell, "show", "x")
    magics.call_magic(shell, "plot", "x, x * 2, kind='scatter'")
    text = shell.out.getvalue()
    assert "x <NDArray 3 float32>" in text and "1 ▁▅█ 3" in text
    assert "* x   o y1" in text
    with pytest.raises(magics.MagicError):
        magics.call_magic(shell, "show", "")
    np.testing.assert_equal(shell.namespace["x"].asnumpy(), [1, 2, 3])
