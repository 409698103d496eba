"""Contexts: cpu(i) / gpu(i), defaults, moving arrays, mixing them, and what happens on a
machine without CuPy or without a CUDA device."""
from __future__ import annotations

import pytest

from ndsh import nd
from ndsh.engine import backend, context

try:
    backend.load_cupy()
    HAVE_GPU = True
except backend.DeviceUnavailable:
    HAVE_GPU = False

needs_no_gpu = pytest.mark.skipif(HAVE_GPU, reason="this machine has a usable GPU")


def test_contexts_are_interned_and_print_like_mxnet():
    assert nd.cpu() is nd.cpu(0) and nd.cpu(0) == context.Context("cpu", 0)
    assert repr(nd.gpu(1)) == "gpu(1)" and repr(nd.cpu_pinned()) == "cpu_pinned(0)"
    assert (nd.gpu(1).device_type, nd.gpu(1).device_id) == ("gpu", 1)


def test_with_block_sets_the_default_for_new_arrays():
    with nd.cpu(1):
        assert nd.zeros((2,)).context == nd.cpu(1)
        assert nd.current_context() == nd.cpu(1)
    assert nd.zeros((2,)).context == nd.current_context()


def test_ctx_keyword_and_positional_ctx():
    assert nd.zeros((2,), ctx=nd.cpu(1)).context == nd.cpu(1)
    assert nd.zeros((2,), nd.cpu(1)).context == nd.cpu(1)
    assert nd.random.normal(shape=(2,), ctx=nd.cpu(1)).context == nd.cpu(1)
    assert "@cpu(1)" in repr(nd.ones((1,), ctx=nd.cpu(1)))


def test_as_in_context_and_copyto():
    x = nd.ones((2,))
    assert x.as_in_context(x.context) is x
    y = x.copyto(nd.cpu(1))
    assert y is not x and y.context == nd.cpu(1)
    y[:] = 5
    assert x.asnumpy().tolist() == [1.0, 1.0]
    z = nd.zeros((2,))
    assert x.copyto(z) is z and z.asnumpy().tolist() == [1.0, 1.0]
    with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
        x.copyto(nd.zeros((3,)))


def test_cpu0_and_cpu1_mix_like_mxnet():
    a, b = nd.ones((2,), ctx=nd.cpu(0)), nd.ones((2,), ctx=nd.cpu(1))
    assert (a + b).context == nd.cpu(0)
    assert (b + a).context == nd.cpu(1)


def test_parse_context():
    assert context.parse_context("gpu(0)") is nd.gpu(0)
    assert context.parse_context(" cpu ") is nd.cpu(0)
    with pytest.raises(ValueError, match="unknown device type"):
        context.parse_context("tpu(0)")


@needs_no_gpu
def test_without_a_gpu_num_gpus_is_zero_and_gpu_arrays_fail_clearly():
    assert context.num_gpus() == 0
    for make in (lambda: nd.zeros((2,), ctx=nd.gpu(0)), lambda: nd.array([1], ctx=nd.gpu()),
                 lambda: nd.ones((2,)).as_in_context(nd.gpu(0)),
                 lambda: nd.random.uniform(shape=(2,), ctx=nd.gpu(0))):
        with pytest.raises(backend.DeviceUnavailable) as info:
            make()
        message = str(info.value)
        assert "pip install 'ndsh[gpu]'" in message or "no CUDA device" in message
    assert nd.ones((2,)).sum().asscalar() == 2.0     # everything else still works


@needs_no_gpu
def test_d2l_try_gpu_falls_back_to_the_cpu():
    """d2lzh's try_gpu() catches exactly mx.base.MXNetError, as MXNet's CPU build raises."""
    from ndsh.engine.mxnet_errors import MXNetError
    try:
        ctx = nd.gpu(0)
        _ = nd.zeros((1,), ctx=ctx)
    except MXNetError:
        ctx = nd.cpu(0)
    assert ctx == nd.cpu(0)


@pytest.mark.skipif(not HAVE_GPU, reason="needs CuPy and a CUDA device")
def test_mixing_cpu_and_gpu_names_both_contexts():
    a, b = nd.ones((2,), ctx=nd.cpu()), nd.ones((2,), ctx=nd.gpu(0))
    with pytest.raises(ValueError, match=r"cpu\(0\).*gpu\(0\)|gpu\(0\).*cpu\(0\)"):
        a + b
    assert "@gpu(0)" in repr(b)
    assert b.asnumpy().tolist() == [1.0, 1.0]


def test_importing_the_engine_pulls_in_no_terminal_libraries():
    import subprocess
    import sys
    code = ("import sys, ndsh.engine; bad = [m for m in ('rich', 'prompt_toolkit', 'typer', "
            "'cupy', 'jedi') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_cpu_gpu_mismatch_names_both_contexts():
    from ndsh.engine.invoke import check_contexts
    with pytest.raises(ValueError, match=r"first argument is on cpu\(0\).*on gpu\(0\)"):
        check_contexts("add", nd.cpu(0), nd.gpu(0))
    with pytest.raises(ValueError, match=r"gpu\(0\).*gpu\(1\)"):
        check_contexts("dot", nd.gpu(0), nd.gpu(1))
    check_contexts("add", nd.cpu(0), nd.cpu(1))          # MXNet lets these meet
