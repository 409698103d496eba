"""Every engine test runs once per context: cpu(0), and gpu(0) where CuPy and a CUDA device
exist (skipped here with the reason). New arrays go to the default context, so setting it
moves a whole test onto the device.

The op table's generated tests named in ON_DASK also run on dask(0) (where dask is
installed): each case gives cpu(0)'s (MXNet's) result there, or stops with DaskUnsupported
naming an op dask cannot express, which counts as a skip with that reason. Only these: the
rest of the engine tests check numpy's memory semantics (views, buffer reuse) that a dask
array does not have, and a dask copy of all of them would double the suite's time."""
from __future__ import annotations

import os

import pytest

from tests.conftest import CONTEXTS, DASK_CONTEXT

# test functions (module name, function name) whose cases run on dask(0) too
ON_DASK = {("test_golden", "test_golden")}
# of those, every DASK_STRIDE-th case runs (about 270 of the 2,695 MXNet golden cases, some
# seconds); NDSH_TEST_DASK=all runs every case (about a minute of CPU)
DASK_STRIDE = 10
# cases about numpy's memory, which a dask array does not share: a view is a copy on dask(0)
# (docs/dask.md); and cases that name cpu() themselves
NOT_ON_DASK = {"inplace=True": "an inplace=True reshape is a copy on dask(0), not a view",
               "y = x[1]; y[:]": "a slice is a copy on dask(0), not a view",
               "y = x[1:3]; y[:]": "a slice is a copy on dask(0), not a view",
               "y = x.reshape((2, 3)); y[0]": "a reshape is a copy on dask(0), not a view",
               "nd.reset_arrays(s, ": "it writes through a slice, a copy on dask(0), not a view",
               "cpu()": "the case names cpu() itself: it is about the CPU context"}


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc):
    if "ctx" not in metafunc.fixturenames:
        metafunc.fixturenames.append("ctx")
    key = (metafunc.module.__name__.rpartition(".")[2], metafunc.function.__name__)
    if key in ON_DASK:      # a parametrize mark takes precedence over the fixture's params
        metafunc.definition.add_marker(pytest.mark.parametrize(
            "ctx", [*CONTEXTS, DASK_CONTEXT], indirect=True))


@pytest.fixture(autouse=True)
def _on_context(ctx):
    yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """On dask(0), an op that dask cannot express is a skip that names it, not a failure."""
    try:
        return (yield)
    except Exception as error:
        if type(error).__name__ not in ("DaskUnsupported", "DaskMissingAttribute"):
            raise
        pytest.skip(f"dask(0) cannot express this op: {str(error).partition(':')[0]}")


def pytest_collection_modifyitems(config, items):
    """The dask(0) copies: a sample of the cases (all with NDSH_TEST_DASK=all), and the
    cases about numpy's memory skipped with their reason."""
    every = os.environ.get("NDSH_TEST_DASK", "") == "all"
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is None or callspec.params.get("ctx") != "dask":
            kept.append(item)
            continue
        if not every and callspec.indices.get("case", 0) % DASK_STRIDE:
            dropped.append(item)
            continue
        code = callspec.params.get("case", {}).get("code", "")
        for text, reason in NOT_ON_DASK.items():
            if text in code:
                item.add_marker(pytest.mark.skip(reason=f"dask(0): {reason}"))
                break
        kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
