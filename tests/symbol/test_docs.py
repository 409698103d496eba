"""mx.sym's docstring examples run and print what they say (with the names a user has inside
ndsh: mx, sym, gluon, nd), each public name has an example, and `ndsh doc` has a page for
every sym name (`ndsh doc sym.var`, `mx.sym.FullyConnected`, `gluon.SymbolBlock.imports`)."""
from __future__ import annotations

import doctest
import importlib
import inspect
import re

import numpy as np
import pytest

from ndsh.doc import describe
from ndsh.doc.index import entries, gluon_names
from ndsh.doc.lookup import canonical
from ndsh.engine import autograd, nd
from ndsh.gluon.name import NameManager
from ndsh.mxnet_compat import mxnet as mx

MODULES = ["ndsh.symbol", "ndsh.symbol.symbol", "ndsh.symbol.ops", "ndsh.symbol.jsonio",
           "ndsh.symbol.evaluate", "ndsh.symbol.node", "ndsh.symbol.np_ops",
           "ndsh.symbol.np_symbols", "ndsh.gluon.symbol_block",
           "ndsh.gluon.symbol_trace", "ndsh.gluon.hybrid_block"]
# a sample of the generated op functions (each is built the same way): their examples run too
GENERATED = ["relu", "FullyConnected", "Convolution", "concat", "flatten", "softmax"]


def _tests(name: str):
    module = importlib.import_module(name)
    globs = {"mx": mx, "sym": mx.sym, "gluon": mx.gluon, "nd": nd, "autograd": autograd,
             "np": np}
    found = doctest.DocTestFinder(exclude_empty=True).find(module, name, globs=globs)
    return [t for t in found if t.examples and (t.name.startswith(name + ".") or t.name == name)
            and not (name == "ndsh.symbol" and t.name.count(".") > 1)]


TESTS = [test for name in MODULES for test in _tests(name)]
TESTS += [test for op in GENERATED for test in doctest.DocTestFinder().find(
    getattr(mx.sym, op), f"sym.{op}", globs={"mx": mx})]


@pytest.mark.parametrize("test", TESTS, ids=[test.name for test in TESTS])
def test_docstring_example(test):
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    output = []
    with NameManager():
        runner.run(test, out=output.append)
    assert runner.failures == 0, "".join(output)


@pytest.mark.parametrize("name", MODULES[:-1])
def test_every_public_class_and_function_has_an_example(name):
    module = importlib.import_module(name)
    for public in getattr(module, "__all__", []):
        obj = getattr(module, public)
        if inspect.ismodule(obj) or getattr(obj, "__module__", name) != name:
            continue
        doc = inspect.getdoc(obj) or ""
        assert doc.split("\n\n")[0].strip().endswith((".", ")")), f"{name}.{public}"
        if callable(obj):
            assert ">>>" in doc, f"{name}.{public} has no example"


SYM_NAMES = [name for name in gluon_names() if name.startswith("sym.")]


def test_sym_names_are_indexed_and_found_by_mxnets_spellings():
    assert {"sym.var", "sym.Group", "sym.load", "sym.Symbol.list_arguments",
            "sym.Symbol.tojson", "sym.FullyConnected", "sym.relu"} <= set(SYM_NAMES)
    assert set(SYM_NAMES) <= {entry.name for entry in entries()}
    assert canonical("mx.sym.var") == canonical("mx.symbol.var") == "sym.var"
    assert "gluon.SymbolBlock.imports" in gluon_names()


@pytest.mark.parametrize("name", ["sym.var", "sym.Symbol", "sym.Symbol.infer_shape",
                                  "sym.FullyConnected", "sym.load_json", "sym.maximum",
                                  "gluon.SymbolBlock", "gluon.HybridBlock.export"])
def test_pages_describe_their_parameters(name):
    page = describe(name)
    assert page.summary and re.search(r"[.)`]$", page.summary), page.summary
    assert ">>>" in page.example, name
    assert all(row.description.strip() for row in page.parameters), name
    if name == "sym.FullyConnected":          # MXNet's signature: inputs, then attributes
        assert page.signature.startswith("sym.FullyConnected(data=None, weight=None, "
                                         "bias=None, num_hidden=None")
        assert [row.names for row in page.parameters][:4] == ["data", "weight", "bias",
                                                              "num_hidden"]
