"""The CuPy backend on a real device: what issue 7 lists, checked end to end. Skipped (with the
reason) where CuPy or a CUDA device is missing; scripts/gpu_check.sh runs it on a GPU machine.
The CPU-only behaviour (clear errors without CuPy) is tested in test_context_cli.py and
tests/engine/test_context.py."""
from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine import backend
from ndsh.engine.context import current_context, set_default_context
from tests.test_context_cli import ndsh as _ndsh

try:
    backend.load_cupy()
    REASON = None
except backend.DeviceUnavailable as error:
    REASON = str(error)

pytestmark = pytest.mark.skipif(REASON is not None, reason=f"gpu(0): {REASON}")


@pytest.fixture
def cupy():
    return backend.load_cupy()


CREATORS = {
    "array": lambda ctx: nd.array([1, 2, 3], ctx=ctx),
    "zeros": lambda ctx: nd.zeros((2, 3), ctx=ctx),
    "ones": lambda ctx: nd.ones((2,), ctx=ctx),
    "full": lambda ctx: nd.full((2,), 7, ctx=ctx),
    "empty": lambda ctx: nd.empty((2,), ctx=ctx),
    "arange": lambda ctx: nd.arange(5, ctx=ctx),
    "eye": lambda ctx: nd.eye(3, ctx=ctx),
    "linspace": lambda ctx: nd.linspace(0, 1, 5, ctx=ctx),
    "uniform": lambda ctx: nd.random.uniform(shape=(3,), ctx=ctx),
    "normal": lambda ctx: nd.random.normal(0, 1, shape=(3,), ctx=ctx),
    "randint": lambda ctx: nd.random.randint(0, 9, shape=(3,), ctx=ctx),
    "zeros_like": lambda ctx: nd.zeros_like(nd.ones((2,), ctx=ctx)),
}


@pytest.mark.parametrize("name", sorted(CREATORS))
def test_every_creation_function_puts_its_array_on_the_gpu(name, cupy):
    x = CREATORS[name](nd.gpu(0))
    assert x.context == nd.gpu(0)
    assert isinstance(x._data, cupy.ndarray)
    assert isinstance(x.asnumpy(), np.ndarray)


def test_moving_between_contexts_keeps_values(cupy):
    host = nd.arange(6).reshape((2, 3))
    dev = host.as_in_context(nd.gpu(0))
    assert dev.context == nd.gpu(0) and isinstance(dev._data, cupy.ndarray)
    assert dev.as_in_context(nd.gpu(0)) is dev
    back = dev.copyto(nd.cpu())
    assert back.context == nd.cpu() and np.array_equal(back.asnumpy(), host.asnumpy())
    target = nd.zeros((2, 3), ctx=nd.gpu(0))
    host.copyto(target)
    assert np.array_equal(target.asnumpy(), host.asnumpy())
    assert nd.array([2.5], ctx=nd.gpu(0)).asscalar() == 2.5


def test_printing_names_the_device():
    text = str(nd.array([1, 2], ctx=nd.gpu(0)))
    assert text == "\n[1. 2.]\n<NDArray 2 @gpu(0)>"


def test_autograd_runs_on_the_device(cupy):
    x = nd.array([1.0, 2.0, 3.0], ctx=nd.gpu(0))
    x.attach_grad()
    with autograd.record():
        y = (nd.exp(x) * x).sum()
    y.backward()
    nd.waitall()
    assert x.grad.context == nd.gpu(0) and isinstance(x.grad._data, cupy.ndarray)
    want = np.exp([1.0, 2.0, 3.0]) * (1 + np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(x.grad.asnumpy(), want, rtol=1e-5)


def test_num_gpus_counts_the_device(cupy):
    done = _ndsh("-c", "import mxnet as mx; print(mx.context.num_gpus())")
    assert done.stdout == f"{cupy.cuda.runtime.getDeviceCount()}\n", done.stderr


def test_seeds_make_device_draws_repeatable():
    nd.random.seed(7)
    a = nd.random.normal(shape=(5,), ctx=nd.gpu(0)).asnumpy()
    b = nd.random.uniform(shape=(5,), ctx=nd.gpu(0)).asnumpy()
    nd.random.seed(7)
    assert np.array_equal(nd.random.normal(shape=(5,), ctx=nd.gpu(0)).asnumpy(), a)
    assert np.array_equal(nd.random.uniform(shape=(5,), ctx=nd.gpu(0)).asnumpy(), b)


def test_mixing_contexts_names_both():
    with pytest.raises(ValueError) as caught:
        nd.ones((2,), ctx=nd.gpu(0)) + nd.ones((2,))
    assert "gpu(0)" in str(caught.value) and "cpu(0)" in str(caught.value)


def test_default_context_moves_new_arrays():
    set_default_context(nd.gpu(0))
    try:
        assert nd.zeros((1,)).context == nd.gpu(0)
        with nd.cpu():
            assert nd.zeros((1,)).context == nd.cpu()
    finally:
        set_default_context(nd.cpu())
    assert current_context() == nd.cpu()


def test_cli_ctx_option_and_environment_put_a_script_on_the_gpu(tmp_path):
    script = tmp_path / "g.nds"
    script.write_text("x = nd.ones((2,)); x.attach_grad()\n"
                      "with autograd.record():\n    y = (x * 3).sum()\n"
                      "y.backward()\nprint(x.context, x.grad.context, x.grad.asnumpy().tolist())\n")
    want = "gpu(0) gpu(0) [3.0, 3.0]\n"
    done = _ndsh("--ctx", "gpu(0)", "run", str(script))
    assert (done.returncode, done.stdout) == (0, want), done.stderr
    done = _ndsh("run", str(script), env={"NDSH_CTX": "gpu(0)"})
    assert (done.returncode, done.stdout) == (0, want), done.stderr


def test_ctx_magic_switches_the_shell_to_the_gpu():
    from ndsh.repl import magics
    from tests.repl.conftest import CapturedShell
    magics.load_magic_modules()
    shell = CapturedShell()
    try:
        shell.run_cell("%ctx gpu(0)")
        shell.run_cell("nd.ones((1,)).context")
        assert shell.out().endswith("gpu(0)\n"), shell.err()
    finally:
        set_default_context(nd.cpu())


FRONT_END = """\
x = nd.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]])
w = nd.ones((3, 2)) * 0.5
x.attach_grad(); w.attach_grad()
with autograd.record():
    y = nd.relu(nd.dot(x, w)).sum()
print(x)
print(ndsh.graph(y))
with ndsh.trace():
    y.backward()
print(x.grad, w.grad)
z = nd.array([1.0, 2.0]); z.attach_grad()
print(ndsh.explain_grad(z))
print(bool(ndsh.gradcheck(lambda a, b: (nd.dot(a, b) ** 2).sum(), x, w)))
ndsh.show(nd.arange(12).reshape((3, 4)))
ndsh.show(nd.arange(8))
ndsh.plot(nd.arange(10) ** 2)
for i in ndsh.progress(range(3), desc="loop"):
    pass
nd.save("arrs.params", {"x": x, "w": w})
back = nd.load("arrs.params")
print(sorted(back), back["x"].context, (back["x"].as_in_context(x.context) == x).sum())
print(x.asnumpy().dtype, x[1, 1].asscalar(), nd.random.uniform(shape=(2,)).context)
nd.waitall()
"""


def test_every_front_end_tool_prints_the_same_on_the_gpu(tmp_path):
    """graph, trace, explain_grad, gradcheck, show, plot, progress, save/load: a script run
    with --ctx gpu(0) prints what it prints on cpu(0), the context's name aside."""
    from tests.conftest import as_cpu_text
    script = tmp_path / "front.nds"
    script.write_text(FRONT_END)
    runs = {}
    for ctx in ("cpu(0)", "gpu(0)"):
        done = subprocess.run([sys.executable, "-m", "ndsh", "--ctx", ctx, "run", str(script)],
                              capture_output=True, text=True, cwd=tmp_path, timeout=120,
                              env={**os.environ, "NO_COLOR": "1"})
        assert done.returncode == 0, done.stderr
        runs[ctx] = done
    assert "@gpu(0)" in runs["gpu(0)"].stdout and "True" in runs["gpu(0)"].stdout
    assert as_cpu_text(runs["gpu(0)"].stdout) == runs["cpu(0)"].stdout
    assert as_cpu_text(runs["gpu(0)"].stderr) == runs["cpu(0)"].stderr


SHELL_CELLS = ["x = nd.arange(2000).reshape((40, 50)) / 7", "x", "x[:2, :3]", "%whos", "x?",
               "%show x[:4, :6]", "x.attach_grad()",
               "with autograd.record():\n    y = (x * x).sum()", "%graph y", "y.backward()",
               "x.grad[0, :4]", "nd.ones((2,)) + nd.ones((2,), ctx=nd.cpu())"]


def test_the_shell_shows_gpu_arrays_as_it_shows_cpu_ones():
    from ndsh.repl import magics
    from tests.conftest import as_cpu_text
    from tests.repl.conftest import CapturedShell
    magics.load_magic_modules()
    seen = {}
    for ctx in ("cpu(0)", "gpu(0)"):
        shell = CapturedShell()
        shell.run_cell(f"%ctx {ctx}")
        shell.out()
        texts = []
        try:
            for cell in SHELL_CELLS:
                shell.run_cell(cell)
                texts.append((shell.out(), shell.err()))
        finally:
            set_default_context(nd.cpu())
        seen[ctx] = texts
    for cell, on_cpu, on_gpu in zip(SHELL_CELLS, seen["cpu(0)"], seen["gpu(0)"]):
        if cell.startswith("nd.ones"):     # mixing contexts: only the gpu run mixes them
            assert "gpu(0)" in on_gpu[1] and "cpu(0)" in on_gpu[1], on_gpu
        else:
            assert (as_cpu_text(on_gpu[0]), as_cpu_text(on_gpu[1])) == on_cpu, cell


def test_a_gpu_that_does_not_exist_is_named(cupy):
    missing = cupy.cuda.runtime.getDeviceCount()
    with pytest.raises(backend.DeviceUnavailable, match=rf"gpu\({missing}\) does not exist"):
        nd.zeros((2,), ctx=nd.gpu(missing))
