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


def _zoo_names() -> list[str]:
    from ndsh.doc.index import gluon_names
    return [name for name in gluon_names() if name.startswith("gluon.model_zoo.")]


@pytest.mark.parametrize("name", _zoo_names())
def test_every_name_has_a_page_that_describes_its_parameters(name):
    import ast

    from ndsh.display.doc_view import page_lines
    from ndsh.doc import describe
    page = describe(name)
    assert page.name == name
    assert re.search(r"[.!?)`]$", page.summary), f"{name}: {page.summary!r}"
    styled = page_lines(page, width=80)
    assert len([text for _, text in styled if text.strip()]) > 1, name
    too_long = [text for style, text in styled if len(text) > 80 and not (
        style == "code" and not text.lstrip().startswith((">>>", "...")))]
    assert not too_long, f"{name}: {too_long}"
    described = {part.strip().lstrip("*").partition(" ")[0]
                 for row in page.parameters if row.description.strip()
                 for part in row.names.split(",")}
    signature = page.signature[len(page.name):] if page.signature.startswith(
        f"{page.name}(") else "()"
    arguments = ast.parse(f"def f{signature}: pass").body[0].args
    shown = [a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs]
    assert not [p for p in shown if p not in described], f"{name}: {page.parameters}"


def test_the_zoo_is_indexed_under_mxnets_spellings():
    from ndsh.doc import describe
    from ndsh.doc.lookup import canonical
    names = _zoo_names()
    assert {"gluon.model_zoo.vision.resnet18_v1", "gluon.model_zoo.vision.get_model",
            "gluon.model_zoo.model_store.get_model_file"} <= set(names)
    assert canonical("mx.gluon.model_zoo.vision.resnet18_v1") == \
        "gluon.model_zoo.vision.resnet18_v1"
    assert "gluon.model_zoo.vision.alexnet" in dict(describe("gluon.model_zoo.vision").members)
