"""The docstring examples of Gluon's np mode (np_mode.py, mx.np's conversions in convert.py,
the parameter modules) run and print what they say, with the names a d2l reader has (np is
mx.np); each leaves np mode off. Every public function of these modules has an example."""
from __future__ import annotations

import doctest
import importlib
import inspect

import pytest

from ndsh.engine import autograd, nd
from ndsh.gluon.name import NameManager
from ndsh.mxnet_compat import mxnet as mx

MODULES = ["ndsh.gluon.np_mode", "ndsh.mxnp.convert", "ndsh.gluon.parameter",
           "ndsh.gluon.parameter_base", "ndsh.gluon.parameter_core"]
GLOBS = {"mx": mx, "np": mx.np, "npx": mx.npx, "nd": nd, "gluon": mx.gluon,
         "autograd": autograd}


def _tests(name: str):
    module = importlib.import_module(name)
    found = doctest.DocTestFinder(exclude_empty=True).find(module, name, globs=dict(GLOBS))
    return [test for test in found if test.examples and test.name.startswith(name)]


TESTS = [test for name in MODULES for test in _tests(name)]


@pytest.mark.parametrize("test", TESTS, ids=[test.name for test in TESTS])
def test_docstring_example(test):
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    output = []
    try:
        with NameManager():
            runner.run(test, out=output.append)
    finally:
        mx.npx.reset_np()
    assert runner.failures == 0, "".join(output)


@pytest.mark.parametrize("name", MODULES)
def test_every_public_function_has_an_example(name):
    module = importlib.import_module(name)
    for public in getattr(module, "__all__", []):
        obj = getattr(module, public)
        if getattr(obj, "__module__", name) != name or not callable(obj):
            continue
        assert ">>>" in (inspect.getdoc(obj) or ""), f"{name}.{public} has no example"
