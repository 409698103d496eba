"""mx.np's and mx.npx's docstring examples run and print what they say (with the names a d2l
reader has: np, npx, mx, autograd), every public function has an example, and `ndsh doc` has a
page for them under MXNet's spellings (np.concatenate, mx.np.concatenate, npx.relu)."""
from __future__ import annotations

import doctest
import importlib
import inspect
import re

import pytest

from ndsh.doc import describe
from ndsh.doc.index import entries, gluon_names
from ndsh.engine import autograd
from ndsh.mxnet_compat import mxnet as mx
from ndsh.mxnp import fallback, np, npx
from ndsh.mxnp.npx_layers import LAYERS

MODULES = ["ndsh.mxnp.array", "ndsh.mxnp.creation", "ndsh.mxnp.math", "ndsh.mxnp.reduce",
           "ndsh.mxnp.shape", "ndsh.mxnp.select", "ndsh.mxnp.composite", "ndsh.mxnp.products",
           "ndsh.mxnp.linalg", "ndsh.mxnp.compare", "ndsh.mxnp.stacking",
           "ndsh.mxnp.random", "ndsh.mxnp.methods", "ndsh.mxnp.npx", "ndsh.mxnp.npx_random",
           "ndsh.mxnp.npx_io", "ndsh.mxnp.npx_layers", "ndsh.mxnp.einsum", "ndsh.mxnp.pad",
           "ndsh.mxnp.printing", "ndsh.mxnp.signs", "ndsh.mxnp.edits", "ndsh.mxnp.numeric",
           "ndsh.mxnp.bits", "ndsh.mxnp.linalg_more", "ndsh.mxnp.npx_extra",
           "ndsh.mxnp.random_more", "ndsh.mxnp.npx_image",
           "ndsh.mxnp.npx_image_kernels", "ndsh.mxnp.indexing", "ndsh.mxnp.naming"]
GLOBS = {"np": np, "npx": npx, "mx": mx, "autograd": autograd}


def _tests(name: str):
    module = importlib.import_module(name)
    found = doctest.DocTestFinder(exclude_empty=True).find(module, name, globs=dict(GLOBS))
    return [t for t in found if t.examples]


TESTS = [test for name in MODULES for test in _tests(name)]
# the generated functions (np.exp, np.add...) live in dicts: their examples run too
TESTS += [test for name, function in sorted(np._FUNCTIONS.items())
          if function.__module__ in ("ndsh.mxnp.math", "ndsh.mxnp.fallback")
          for test in doctest.DocTestFinder().find(function, f"np.{name}", globs=dict(GLOBS))]
TESTS += [test for name, function in sorted(fallback.LINALG.items())
          for test in doctest.DocTestFinder().find(function, f"np.linalg.{name}",
                                                   globs=dict(GLOBS))]
TESTS += [test for name, function in sorted(LAYERS.items())
          for test in doctest.DocTestFinder().find(function, f"npx.{name}", globs=dict(GLOBS))]


@pytest.mark.parametrize("test", TESTS, ids=[test.name for test in TESTS])
def test_docstring_example(test):
    npx.set_np()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    output = []
    runner.run(test, out=output.append)
    assert runner.failures == 0, "".join(output)


PUBLIC = ([(f"np.{leaf}", getattr(np, leaf)) for leaf in np.__all__
           if not inspect.ismodule(getattr(np, leaf))]
          + [(f"np.random.{leaf}", getattr(np.random, leaf)) for leaf in np.random.__all__]
          + [(f"np.linalg.{leaf}", getattr(np.linalg, leaf)) for leaf in np.linalg.__all__]
          + [(f"npx.{leaf}", getattr(npx, leaf)) for leaf in npx.__all__
             if inspect.isfunction(getattr(npx, leaf))])


@pytest.mark.parametrize("name, obj", PUBLIC, ids=[name for name, _ in PUBLIC])
def test_every_public_function_has_a_sentence_and_an_example(name, obj):
    doc = inspect.getdoc(obj) or ""
    assert doc.split("\n\n")[0].strip().endswith((".", ")")), name
    assert ">>>" in doc, f"{name} has no example"


def test_ndarray_methods_have_examples():
    for leaf in dir(np.ndarray):
        if leaf.startswith("_"):
            continue
        attr = inspect.getattr_static(np.ndarray, leaf)
        doc = inspect.getdoc(attr.fget if isinstance(attr, property) else attr) or ""
        assert ">>>" in doc, f"ndarray.{leaf} has no example"


def test_pages_under_mxnets_spellings():
    assert describe("np.concatenate").name == "mx.np.concatenate"
    assert describe("mx.np.concatenate").signature.startswith("mx.np.concatenate(seq, axis=0")
    assert describe("mxnet.numpy.concatenate").summary == describe("np.concatenate").summary
    assert describe("mxnet.numpy_extension.relu").summary.startswith("The rectifier")
    assert describe("npx.relu").name == "mx.npx.relu"
    assert describe("npx.softmax").signature.startswith("mx.npx.softmax(data, axis=-1")
    assert describe("mx.np.random.uniform").summary.startswith("Samples from the uniform")
    assert describe("mx.np.linalg.norm").name == "mx.np.linalg.norm"
    assert describe("mx.np.ndarray.reshape").summary.startswith("The same elements")
    assert describe("np.nanmean").name == "np.nanmean"       # not MXNet's: NumPy's own page
    assert describe("np.polyfit").signature.startswith("mx.np.polyfit(x, y, deg")  # fallback
    names = {entry.name for entry in entries()}
    assert {"mx.np.concatenate", "mx.np.exp", "mx.npx.relu", "mx.np.random.normal"} <= names
    assert "mx.np.ndarray.attach_grad" in gluon_names()


def test_npx_image_has_its_pages():
    """npx.image's operators have their own pages under MXNet's spellings (not the generic
    page of a callable), are searched, and a re-export of mx.image points there."""
    from ndsh.doc.lookup import NoPage
    page = describe("npx.image.crop")
    assert page.name == "mx.npx.image.crop" and page.signature.startswith(
        "mx.npx.image.crop(data, x, y, width, height)")
    assert describe("mxnet.numpy_extension.image.crop").summary == page.summary
    assert describe("mx.npx.image.random_saturation").name == "mx.npx.image.random_saturation"
    assert {f"mx.npx.image.{leaf}" for leaf in npx.image.__all__} <= \
        {entry.name for entry in entries()}
    with pytest.raises(NoPage) as caught:
        describe("npx.image.imread")
    assert "image.imread" in caught.value.suggestions


@pytest.mark.parametrize("name", ["np.concatenate", "mx.np.sum", "npx.pick", "mx.np.where",
                                  "mx.np.random.randint", "mx.np.ndarray"])
def test_pages_describe_their_parameters(name):
    page = describe(name)
    assert page.summary and re.search(r"[.)`]$", page.summary), page.summary


def test_ndsh_doc_command(tmp_path):
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "ndsh", "doc", "np.concatenate"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("mx.np.concatenate(seq, axis=0")
    assert ">>> np.concatenate([np.ones((1, 2)), np.zeros((1, 2))], axis=0)" in result.stdout
