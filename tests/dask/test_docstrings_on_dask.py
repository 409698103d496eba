"""The op table's docstring examples (tests/engine/test_docstrings.py) run again with dask(0) as
the default context: each prints what it says (`@dask(0)` read as `@cpu(0)`), or stops with
DaskUnsupported naming the op that dask cannot express. Random draws differ by design and are
left out; so are the examples that name a device or a context themselves."""
from __future__ import annotations

import doctest
import inspect
import re
import sys

import numpy as np
import pytest

pytest.importorskip("dask.array")

from ndsh import autograd, nd  # noqa: E402
from ndsh.engine.context import Context, set_default_context  # noqa: E402
from tests.conftest import as_cpu_text  # noqa: E402
from tests.engine import test_docstrings as on_cpu  # noqa: E402

# the examples whose text depends on where they run, or on random draws
SKIP_PREFIXES = ("nd.random.", "nd.sample_", "nd.shuffle", "context.", "nd.contrib.rand_",
                 "nd.Dropout", "NDArray.context", "NDArray.ctx", "NDArray.as_in_context",
                 "NDArray.copyto", "nd.to_dlpack", "nd.from_dlpack", "nd.from_numpy",
                 "NDArray.to_dlpack", "NDArray.__dlpack__", "nd.save", "nd.load",
                 "NDArray.wait_to_read", "NDArray.handle", "NDArray.tostype",
                 # views that share memory: on dask(0) a view is a copy (docs/dask.md)
                 "NDArray.flatten", "NDArray.expand_dims", "NDArray.squeeze")
CASES = [(name, obj) for name, obj in on_cpu.DOCUMENTED
         if not name.startswith(SKIP_PREFIXES) and "random" not in name]


class _DaskBlindChecker(on_cpu._ContextBlindChecker):
    def check_output(self, want, got, optionflags):
        # the trailer's chunk count and an np array's `ctx=dask(0)` are dask's own words
        got = as_cpu_text(got).replace(", ctx=cpu(0))", ")")
        return super().check_output(want, got, optionflags)


@pytest.fixture
def on_dask():
    set_default_context(Context("dask", 0))
    yield
    set_default_context(Context("cpu", 0))


@pytest.mark.parametrize("name,obj", CASES, ids=[k for k, _ in CASES])
def test_docstring_example_on_dask_prints_the_same_or_names_the_op(name, obj, on_dask):
    doc = inspect.getdoc(obj) or ""
    test = doctest.DocTestParser().get_doctest(
        doc, {"nd": nd, "autograd": autograd, "np": np, "mx": on_cpu._mx()}, name, None, 0)
    runner = doctest.DocTestRunner(checker=_DaskBlindChecker(), optionflags=doctest.ELLIPSIS)
    output = []
    old_hook = sys.__displayhook__
    sys.__displayhook__ = on_cpu._shell_display
    try:
        runner.run(test, out=output.append)
    finally:
        sys.__displayhook__ = old_hook
    text = "".join(output)
    if runner.failures and re.search(r"Dask(Unsupported|MissingAttribute): ", text):
        assert "cannot run on dask(0)" in text
        return
    assert runner.failures == 0, text
