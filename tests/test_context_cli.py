"""`ndsh --ctx` and NDSH_CTX: the default context for new arrays in a script or the shell; a GPU
that cannot be used is a usage error (exit 2) with one clear message."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ndsh.engine import backend

try:
    backend.load_cupy()
    HAVE_GPU = True
except backend.DeviceUnavailable:
    HAVE_GPU = False


def ndsh(*args, env=None):
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "ndsh", *args], capture_output=True, text=True,
                          env=full_env, timeout=60)


def test_ctx_option_and_environment_variable_set_the_default(tmp_path):
    script = tmp_path / "c.nds"
    script.write_text("print(nd.zeros(1).context, nd.random.normal(shape=1).context)\n")
    assert ndsh("--ctx", "cpu(1)", str(script)).stdout == "cpu(1) cpu(1)\n"
    assert ndsh("run", "--ctx", "cpu(2)", str(script)).stdout == "cpu(2) cpu(2)\n"
    assert ndsh(str(script), env={"NDSH_CTX": "cpu(1)"}).stdout == "cpu(1) cpu(1)\n"


def test_a_bad_context_is_a_usage_error():
    done = ndsh("--ctx", "tpu(0)", "-c", "print(1)")
    assert done.returncode == 2 and "unknown device type 'tpu'" in done.stderr
    assert done.stdout == ""


@pytest.mark.skipif(HAVE_GPU, reason="this machine has a usable GPU")
def test_gpu_context_without_cupy_says_what_to_install():
    done = ndsh("--ctx", "gpu(0)", "-c", "print(1)")
    assert done.returncode == 2
    assert "pip install 'ndsh[gpu]'" in done.stderr or "no CUDA device" in done.stderr
    script_error = ndsh("-c", "nd.zeros((2,), ctx=nd.gpu(0))")
    assert script_error.returncode == 1 and "DeviceUnavailable" in script_error.stderr
    assert ndsh("-c", "import mxnet as mx; print(mx.context.num_gpus())").stdout == "0\n"
