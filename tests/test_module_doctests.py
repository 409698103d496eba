"""The examples in the docstrings of the CLI, session, error and doc modules (and of the
engine's recorded graph, whose errors the front ends retell) run."""
from __future__ import annotations

import doctest
import importlib

import pytest

from ndsh.engine import autograd, nd

MODULES = ["ndsh.cli", "ndsh.cli_run", "ndsh.cli_routing", "ndsh.session", "ndsh.errors",
           "ndsh.doc.page", "ndsh.doc.index",
           "ndsh.doc.search", "ndsh.doc.lookup", "ndsh.doc.array_pages",
           "ndsh.doc.op_pages", "ndsh.mxnet_compat",
           "ndsh.mxnet_contrib", "ndsh.display.console",
           "ndsh.display.values", "ndsh.engine.graph"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"nd": nd, "autograd": autograd},
                             optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
