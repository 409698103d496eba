"""Shared fixtures: the context the engine tests run on (cpu(0) here; gpu(0) where CuPy and a
device exist; dask(0) for the op-table tests named in tests/engine/conftest.py, where dask is
installed); and a line at the end of the run saying why tests were skipped."""
from __future__ import annotations

import re
import sys

import numpy as np
import pytest

from ndsh.engine import backend
from ndsh.engine.context import Context, set_default_context


def _contexts():
    params = [pytest.param("cpu", id="cpu")]
    reason = None
    try:
        backend.load_cupy()
    except backend.DeviceUnavailable as error:
        reason = str(error)
    params.append(pytest.param("gpu", id="gpu", marks=pytest.mark.skipif(
        reason is not None, reason=f"gpu(0): {reason}")))
    return params


CONTEXTS = _contexts()


def _dask_context():
    try:
        import dask.array  # noqa: F401
        reason = None
    except ImportError:
        reason = "dask is not installed: install it with `pip install 'ndsh[dask]'`"
    return pytest.param("dask", id="dask", marks=pytest.mark.skipif(
        reason is not None, reason=f"dask(0): {reason}"))


DASK_CONTEXT = _dask_context()


@pytest.fixture(params=CONTEXTS)
def ctx(request):
    """Run the test with this context as the default for new arrays."""
    context = Context(request.param, 0)
    set_default_context(context)
    yield context
    set_default_context(Context("cpu", 0))


_CHUNKS = re.compile(r"(@dask\(0\)), \d+ chunks of [^>]*>")


def as_cpu_text(text: str) -> str:
    """Printed arrays and contexts name the device (and a dask array's chunks); compare GPU
    and dask runs against CPU golden text."""
    return _CHUNKS.sub(r"\1>", text).replace("gpu(0)", "cpu(0)").replace("dask(0)", "cpu(0)")


@pytest.fixture(autouse=True)
def _reset_engine_state():
    from ndsh.engine.autograd import STATE
    saved = np.geterr()        # numpy's own defaults: underflow is ignored, the rest warn
    yield
    STATE.recording = False
    STATE.training = False
    np.seterr(**saved)
    # a test that turned mx.np's np mode on must not change what Gluon does in the next one
    npx = sys.modules.get("ndsh.mxnp.npx")
    if npx is not None:
        npx.reset_np()


@pytest.fixture(autouse=True)
def _pages_for_a_pipe(monkeypatch):
    """Doc pages are laid out for the console's width: COLUMNS when set, else 80 when piped.
    Tests see what a pipe sees, whatever COLUMNS the shell that runs them exports."""
    monkeypatch.delenv("COLUMNS", raising=False)


GPU_COPIES = "the gpu(0) copies of the tests (they need CuPy and a CUDA device)"
DASK_UNSUPPORTED = ("the dask(0) copies of the cases whose op dask.array cannot express "
                    "(DaskUnsupported names each op: pytest -rs lists them)")


def skip_reasons(reports) -> list[tuple[int, str]]:
    """(count, reason) for the skipped tests, most first; the many gpu(0) copies of the engine
    tests (skipped where there is no GPU) under one reason, and the dask(0) copies of cases
    whose op dask cannot express under another (tests/test_run_summary.py).
    """
    counts: dict[str, int] = {}
    for report in reports:
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        if reason.startswith("gpu(0): "):
            reason = f"{GPU_COPIES}: {reason.removeprefix('gpu(0): ')}"
        elif reason.startswith("dask(0) cannot express this op"):
            reason = DASK_UNSUPPORTED
        counts[reason] = counts.get(reason, 0) + 1
    return sorted(((n, reason) for reason, n in counts.items()), key=lambda c: (-c[0], c[1]))


def pytest_terminal_summary(terminalreporter):
    """One line per reason for the skips, so that a run with 1,900 `s` explains itself."""
    reasons = skip_reasons(terminalreporter.stats.get("skipped", []))
    if not reasons:
        return
    width = len(str(reasons[0][0]))
    for count, reason in reasons:
        terminalreporter.write_line(f"{count:>{width}} skipped: {reason}")
