"""The hint for a context written as a string reads only strings: `ctx=mx.gpu()` (a call) and
`ctx=ctx` (a name) used to crash the error report itself with AttributeError (d2l-zh's use-gpu
and multiple-gpus-gluon sections, on a machine without a GPU)."""
import pytest

from ndsh.error_hints import context_string_hint
from ndsh.errors import FrameLine


@pytest.mark.parametrize("line", ["net.initialize(ctx=mx.gpu())", "x = nd.ones(3, ctx=ctx)",
                                  "y = nd.zeros((2, 3), ctx=[mx.gpu(0), mx.gpu(1)])",
                                  "x.copyto(ctx)"])
def test_no_hint_for_a_context_that_is_not_a_string(line):
    assert context_string_hint(FrameLine("s.nds", 3, line=line)) == ""


def test_the_hint_keeps_the_keyword_the_user_wrote():
    hint = context_string_hint(FrameLine("s.nds", 3, line="nd.ones(2, context='gpu:1')"))
    assert hint.startswith("Write context='gpu:1' with a context object: context=mx.gpu(1)")


def test_a_gpu_script_without_a_gpu_reports_the_cupy_error(tmp_path):
    """End to end: the report names the missing GPU, not an error of the report."""
    import subprocess
    import sys
    script = tmp_path / "use_gpu.nds"
    script.write_text("import mxnet as mx\nx = nd.ones((2, 3), ctx=mx.gpu())\n")
    done = subprocess.run([sys.executable, "-m", "ndsh", "run", str(script)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "AttributeError" not in done.stderr
    assert "gpu" in done.stderr.lower()
