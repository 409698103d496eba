"""Every docstring example of `gluon.rnn` runs and prints what it says, with the names a user
has inside ndsh (`mx`, `gluon`, `nd`, `autograd`, `np`), each in a fresh mx.name.NameManager()
so the names it shows (`lstm0`) do not depend on the examples before it; each public class
and each of its public methods has an example.
"""
from __future__ import annotations

import doctest
import importlib
import inspect
import re
from pathlib import Path

import numpy as np
import pytest

from ndsh.engine import autograd, nd
from ndsh.gluon.name import NameManager
from ndsh.mxnet_compat import mxnet as mx
from ndsh.mxnet_compat import mxnet_alias

MODULES = ["ndsh.gluon.rnn", "ndsh.gluon.rnn.rnn_layer", "ndsh.gluon.rnn.layer_base",
           "ndsh.gluon.rnn.rnn_cell", "ndsh.gluon.rnn.cell_base", "ndsh.gluon.rnn.basic_cells",
           "ndsh.gluon.rnn.cell_containers", "ndsh.gluon.rnn.modifier_cells"]
# methods whose page is the computation a user overrides or calls through `block(...)`
NO_EXAMPLE = {"forward", "hybrid_forward"}


def _tests(name: str):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    globs = {"mx": mx, "gluon": mx.gluon, "nd": nd, "autograd": autograd, "np": np}
    return [test for test in finder.find(module, name, globs=globs) if test.examples
            and (test.name.startswith(name + ".") or test.name == name)]


TESTS = [test for name in MODULES for test in _tests(name)]


def test_the_examples_are_found():
    assert len(TESTS) > 40


@pytest.mark.parametrize("test", TESTS, ids=[test.name for test in TESTS])
def test_docstring_example(test):
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    output = []
    mx.random.seed(0)
    with NameManager():
        runner.run(test, out=output.append)
    assert runner.failures == 0, "".join(output)


@pytest.mark.parametrize("name", mx.gluon.rnn.__all__)
def test_every_public_class_and_method_has_an_example(name):
    cls = getattr(mx.gluon.rnn, name)
    doc = inspect.getdoc(cls) or ""
    assert doc.split("\n\n")[0].strip().endswith((".", ")")), f"{name}: {doc[:80]!r}"
    assert ">>>" in doc, f"gluon.rnn.{name} has no example"
    for attr, value in vars(cls).items():
        if attr.startswith("_") or attr in NO_EXAMPLE or not callable(value):
            continue
        assert ">>>" in (inspect.getdoc(value) or ""), f"gluon.rnn.{name}.{attr} has no example"


def test_the_example_of_docs_gluon_rnn_md_runs():
    path = Path(__file__).resolve().parents[2] / "docs" / "gluon_rnn.md"
    text = "\n".join(re.findall(r"^```python\n(.*?)^```$", path.read_text(), re.S | re.M))
    globs = {"mx": mx, "gluon": mx.gluon, "nd": nd, "autograd": autograd, "np": np}
    test = doctest.DocTestParser().get_doctest(text, globs, "docs/gluon_rnn.md", str(path), 0)
    assert len(test.examples) > 10
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    output = []
    with NameManager(), mxnet_alias():           # `from mxnet.gluon import rnn`, as in ndsh
        runner.run(test, out=output.append)
    assert runner.failures == 0, "".join(output)
