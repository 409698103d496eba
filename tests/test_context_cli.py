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


def test_a_bad_context_from_the_environment_names_ndsh_ctx():
    """The user's report: NDSH_CTX='gpu(0)' said `ndsh: --ctx gpu(0): ...`, an option never
    given. The message names where the context came from."""
    done = ndsh("-c", "print(1)", env={"NDSH_CTX": "tpu(0)"})
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("ndsh: NDSH_CTX=tpu(0) (from the environment): unknown "
                                  "device type 'tpu'")
    assert "--ctx" not in done.stderr
    by_option = ndsh("--ctx", "tpu(0)", "-c", "print(1)", env={"NDSH_CTX": "cpu(0)"})
    assert by_option.stderr.startswith("ndsh: --ctx tpu(0): ")
    assert ndsh("--ctx", "cpu(0)", "-c", "print(1)", env={"NDSH_CTX": "tpu(0)"}).stdout == "1\n"


@pytest.mark.skipif(HAVE_GPU, reason="this machine has a usable GPU")
def test_an_unusable_gpu_from_the_environment_names_ndsh_ctx():
    done = ndsh("run", "-", env={"NDSH_CTX": "gpu(0)"})
    assert done.returncode == 2
    assert done.stderr.startswith("ndsh: NDSH_CTX=gpu(0) (from the environment): ")
