"""dask(0) as the default context through the front ends: `ndsh --ctx dask(0)` (a real
subprocess) and the shell's `%ctx dask(0)`, with the shell's view of a large array (its corners
computed, its chunks named) and `%whos` naming the context."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytest.importorskip("dask.array")

from ndsh.repl import magics  # noqa: E402
from tests.repl.conftest import CapturedShell  # noqa: E402


def test_the_ctx_option_makes_dask_the_default_for_a_script(tmp_path):
    script = tmp_path / "d.nds"
    script.write_text("x = nd.random.normal(shape=(3,))\n"
                      "print(nd.zeros(1).context, x.context, type(x._data).__module__)\n")
    done = subprocess.run([sys.executable, "-m", "ndsh", "--ctx", "dask(0)", str(script)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["dask(0)", "dask(0)", "ndsh.engine.dask_buffer"]


@pytest.fixture
def shell():
    from ndsh.engine.context import Context, set_default_context
    magics.load_magic_modules()
    state = CapturedShell()
    yield state
    set_default_context(Context("cpu", 0))


def test_ctx_dask_in_the_shell_and_its_view_of_a_large_array(shell):
    shell.run_cell("%ctx dask(0)")
    assert shell.out() == "default context: dask(0)\n"
    shell.run_cell("x = nd.arange(300000).reshape((100000, 3))")
    shell.run_cell("x._data = x._data.rechunk((25000, 3))")
    shell.run_cell("x")
    lines = shell.out().splitlines()
    assert lines[0] == "Out[4]: NDArray 100000x3 float32 @dask(0)  plain"
    assert "values on dask's local threads (this process), 4 chunks of 25000x3: only the " \
           "corners shown are computed" in lines[1]
    assert lines[2] == "[[0.00000e+00 1.00000e+00 2.00000e+00]" and lines[5].strip() == "..."
    assert lines[-1] == "<NDArray 100000x3 @dask(0), 4 chunks of 25000x3>"
    shell.run_cell("%whos")
    row = [line for line in shell.out().splitlines() if line.startswith("x ")][0]
    assert row.split()[:5] == ["x", "NDArray", "100000x3", "float32", "dask(0)"]
