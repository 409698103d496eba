"""How the shell shows results (ndsh.display.results, ndsh.display.dir_view), and the
docstring examples of the shell's modules."""
from __future__ import annotations

import doctest
import importlib
import io

import numpy as np
import pytest

from ndsh.display.console import Output
from ndsh.display.dir_view import dir_lines
from ndsh.display.results import array_alarms, array_header, result_lines, show_result
from ndsh.engine import autograd, nd


def plain(lines):
    return [text for _, text in lines]


def test_header_states():
    x = nd.ones((2, 3))
    assert array_header(x) == "NDArray 2x3 float32 @cpu(0)  plain"
    x.attach_grad(grad_req="add")
    assert array_header(x).endswith("attached, grad_req='add'")
    with autograd.record():
        y = x * 2
    assert array_header(y).endswith("recorded (multiply)")


def test_large_arrays_get_statistics():
    lines = plain(result_lines(nd.arange(2000), "Out[1]: "))
    assert lines[0] == "Out[1]: NDArray 2000 float32 @cpu(0)  plain"
    assert lines[1] == "        n=2000  min=0  max=1999  mean=999.5  std=577.35"
    assert lines[2].startswith("[0.000e+00 1.000e+00") and lines[-1] == "<NDArray 2000 @cpu(0)>"


def test_small_arrays_do_not():
    assert len(plain(result_lines(nd.ones((3,))))) == 3


def test_nan_and_inf_are_flagged_at_any_size():
    lines = plain(result_lines(nd.array([1, float("nan"), float("-inf")]), "Out[2]: "))
    assert lines[1] == "        NaN! 1 of 3 elements is NaN"
    assert lines[2] == "        Inf! 1 of 3 elements is infinite (+0, -1)"
    big = np.zeros(5000, dtype=np.float32)
    big[7] = np.nan
    lines = plain(result_lines(nd.array(big)))
    assert "n=5000" in lines[1] and "NaN! 1 of 5000" in lines[2]
    assert array_alarms(np.arange(3)) == []


def test_scalars_and_precision():
    assert plain(result_lines(np.float32(22.494442), "Out[1]: ")) == ["Out[1]: 22.494442"]
    assert plain(result_lines(2.0 / 3, "", precision=3)) == ["0.667"]
    assert plain(result_lines({"a": [1, 2]}, "Out[1]: ")) == ["Out[1]: {'a': [1, 2]}"]


def test_colour_goes_through_rich():
    stream = io.StringIO()
    output = Output(stdout=stream, color="always", environ={"TERM": "xterm-256color"})
    show_result(output, nd.array([1, float("nan")]), "Out[1]: ")
    text = stream.getvalue()
    assert "\x1b[" in text and "NaN!" in text and "Out[1]: " in text


def test_dir_columns_fit_the_width():
    rows = [(f"name{i}", "A summary that goes on for a while. " * 3) for i in range(10)]
    lines = plain(dir_lines("thing", [("Methods", rows), ("Empty", [])], width=130))
    assert lines[:3] == ["thing: 10 public names", "", "Methods (10)"]
    assert len(lines) == 3 + 5 and all(len(line) <= 130 for line in lines)
    assert "Empty" not in "\n".join(lines)
    assert len(plain(dir_lines("thing", [("Methods", rows)], width=60))) == 3 + 10


@pytest.mark.parametrize("width", [80, 130, 200])
def test_dir_columns_stay_aligned_past_a_long_name(width):
    from ndsh.repl.introspection import shell_dir
    lines = plain(shell_dir(nd).lines(width))
    aliases = lines[lines.index(next(line for line in lines if line.startswith("MXNet aliases")))
                    + 1:]
    aliases = aliases[:aliases.index("")]
    assert any("broadcast_greater_equal" in line for line in aliases)
    # in every column, each summary starts at the same place: "alias of" lines up
    starts = [{i for i in range(len(line)) if line.startswith("alias of", i)} for line in aliases]
    assert len(set.union(*starts)) == len(max(starts, key=len)), "\n".join(aliases)
    assert all(len(line) <= width for line in aliases)


MODULES = ["ndsh.transform", "ndsh.display.results", "ndsh.display.dir_view",
           "ndsh.repl.history", "ndsh.repl.editing", "ndsh.repl.magics",
           "ndsh.repl.magic_builtins", "ndsh.repl.introspection", "ndsh.repl.state",
           "ndsh.repl.completer", "ndsh.repl.scanning"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"nd": nd, "np": np, "autograd": autograd},
                             optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
