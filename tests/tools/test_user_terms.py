"""Backward's in-place write error names what the user named: the variable written and the line
that recorded the op that used it (the engine knows neither; the Session adds them)."""
from __future__ import annotations

import textwrap

import pytest

from ndsh.engine import autograd, nd
from ndsh.engine.graph import InPlaceWriteError


def _error(run, code: str, name: str = "s.nds") -> str:
    outcome = run.session.run(textwrap.dedent(code).lstrip("\n"), filename=name)
    assert isinstance(outcome.error, InPlaceWriteError)
    return outcome.report.plain()


def test_the_variable_and_the_recording_line_are_named(run):
    """The user's report: "an array used by multiply (shape (3,)) was modified in place"."""
    text = _error(run, """
        w = nd.array([1., 2., 3.])
        w.attach_grad()
        with autograd.record():
            y = w * w
        w[:] = 0
        y.backward()
    """)
    assert text.endswith(
        "InPlaceWriteError: w (shape (3,)), used by multiply at s.nds:4, was modified in place "
        "after it was recorded and before backward, so its gradient would be wrong. Call "
        "backward before changing w, or write `w = w + ...` instead of an in-place update such "
        "as `w[:] = ...` or `w += ...`.")
    assert "In `y.backward()`" not in text


def test_a_variable_of_the_function_that_called_backward(run):
    text = _error(run, """
        def step():
            v = nd.ones((2,))
            v.attach_grad()
            with autograd.record():
                loss = (v * 3).sum()
            v += 1
            loss.backward()
        step()
    """, "f.nds")
    assert "v (shape (2,)), used by multiply at f.nds:5, was modified" in text


def test_a_view_and_a_result(run):
    text = _error(run, """
        w = nd.array([[1., 2., 3.]])
        w.attach_grad()
        with autograd.record():
            y = (w[0] * 2).sum()
        w += 1
        y.backward()
    """)
    assert "a view of w (shape (3,)), used by multiply at s.nds:4" in text
    assert "Call backward before changing w," in text
    text = _error(run, """
        x = nd.ones((2,))
        x.attach_grad()
        with autograd.record():
            h = x * 2
            z = h.sum()
        h[:] = 5
        z.backward()
    """)
    assert "h (shape (2,)), used by sum at s.nds:5, was modified in place" in text


def test_the_full_traceback_says_the_same(run):
    run.session.full_traceback = True
    text = _error(run, "w = nd.ones(2)\nw.attach_grad()\nwith autograd.record():\n"
                       "    y = w * w\nw[:] = 0\ny.backward()\n")
    assert "w (shape (2,)), used by multiply at s.nds:4" in text and "ndsh/engine" in text


def test_the_shell_names_it_too():
    from tests.repl.conftest import CapturedShell
    shell = CapturedShell()
    shell.run_cell("w = nd.ones(2)\nw.attach_grad()\nwith autograd.record():\n    y = w * w")
    shell.run_cell("w[:] = 0")
    shell.run_cell("y.backward()")
    assert "w (shape (2,)), used by multiply at In [1]:4, was modified in place" in shell.err()


def test_outside_ndsh_the_engine_message_stands_alone():
    w = nd.ones((2,))
    w.attach_grad()
    with autograd.record():
        y = w * w
    w[:] = 0
    with pytest.raises(InPlaceWriteError, match=r"^an array \(shape \(2,\)\), used by "
                                                r"multiply, was modified in place"):
        y.backward()
