"""Shared fixtures: the context the engine tests run on (cpu(0) here; gpu(0) where CuPy and a
device exist)."""
from __future__ import annotations

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


@pytest.fixture(params=CONTEXTS)
def ctx(request):
    """Run the test with this context as the default for new arrays."""
    context = Context(request.param, 0)
    set_default_context(context)
    yield context
    set_default_context(Context("cpu", 0))


def as_cpu_text(text: str) -> str:
    """Printed arrays and contexts name the device; compare GPU runs against CPU golden text."""
    return text.replace("gpu(0)", "cpu(0)")


@pytest.fixture(autouse=True)
def _reset_engine_state():
    from ndsh.engine.autograd import STATE
    yield
    STATE.recording = False
    STATE.training = False
    np.seterr(all="warn")
