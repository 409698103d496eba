"""Every engine test runs once per context: cpu(0), and gpu(0) where CuPy and a CUDA device
exist (skipped here with the reason). New arrays go to the default context, so setting it
moves a whole test onto the device."""
from __future__ import annotations

import pytest


def pytest_generate_tests(metafunc):
    if "ctx" not in metafunc.fixturenames:
        metafunc.fixturenames.append("ctx")


@pytest.fixture(autouse=True)
def _on_context(ctx):
    yield
