"""The examples in the docstrings of the notebook front end's modules run."""
from __future__ import annotations

import doctest
import importlib

import pytest

from ndsh.engine import autograd, nd

MODULES = ["ndsh.display.html", "ndsh.kernel.bundles", "ndsh.kernel.cells", "ndsh.kernel.drawings",
           "ndsh.kernel.kernel", "ndsh.kernel.progress", "ndsh.kernel.spec",
           "ndsh.kernel.notebook"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"nd": nd, "autograd": autograd},
                             optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
