"""What start-up imports (issue 20: a script that does not use Gluon must not pay for it):
`import ndsh` and `ndsh run` of a script over nd, autograd and `mx.nd` load neither Gluon nor
mx.np nor a terminal library, and running a script loads neither typer nor click. A script
that does use Gluon loads it, so the check sees what it looks for. (Timings are in
scripts/bench_startup.py and scripts/bench.py: a timed test would be flaky on a shared box.)"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

HEAVY = ("ndsh.gluon", "ndsh.mxnp", "ndsh.symbol", "ndsh.image", "ndsh.repl", "ndsh.kernel",
         "typer", "click", "rich", "pydantic", "prompt_toolkit", "jedi", "scipy", "torch")

REPORT = f"""
import json, sys
print(json.dumps(sorted({{name for name in sys.modules for heavy in {HEAVY!r}
                         if name == heavy or name.startswith(heavy + ".")}})))
"""


def loaded(command: list[str], cwd=None) -> list[str]:
    """The HEAVY modules (and their submodules) loaded by a command that ends printing them."""
    env = {k: v for k, v in os.environ.items() if k not in ("NDSH_CTX", "FORCE_COLOR")}
    result = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_import_ndsh_loads_no_library_and_no_front_end():
    assert loaded([sys.executable, "-c", "import ndsh; from ndsh import nd, autograd"
                   + REPORT]) == []


def test_ndsh_run_of_a_script_without_gluon_loads_neither_gluon_nor_typer(tmp_path):
    script = tmp_path / "plain.nds"
    script.write_text(textwrap.dedent("""
        import mxnet as mx
        x = mx.nd.array([1.0, 2.0]); x.attach_grad()
        with autograd.record():
            y = (x * x).sum()
        y.backward()
        assert x.grad.asnumpy().tolist() == [2.0, 4.0]
        """) + REPORT)
    assert loaded([sys.executable, "-m", "ndsh", "run", str(script)]) == []


def test_a_script_that_uses_gluon_loads_it(tmp_path):
    script = tmp_path / "gluon.nds"
    script.write_text("from mxnet import gluon\nnet = gluon.nn.Dense(2)\n" + REPORT)
    found = loaded([sys.executable, "-m", "ndsh", str(script)])
    assert "ndsh.gluon" in found and "typer" not in found


def test_a_script_that_runs_without_error_does_not_load_the_error_reporter(tmp_path):
    """ndsh.errors (the traceback reporter, ~25 ms of imports) loads only when there is an
    error to report: the tools' locations work out the package folder themselves."""
    script = tmp_path / "fine.nds"
    script.write_text(textwrap.dedent("""
        import json, sys
        x = nd.array([1.0, 2.0]); x.attach_grad()
        with autograd.record():
            y = (x * x).sum()
        y.backward()
        print(json.dumps(sorted(n for n in sys.modules if n in ("ndsh.errors", "ndsh.error_hints")
                                or n.startswith("ndsh.tools"))))
        """))
    found = loaded([sys.executable, "-m", "ndsh", "run", str(script)])
    assert "ndsh.tools.locations" in found          # the check sees the path that used to load it
    assert "ndsh.errors" not in found and "ndsh.error_hints" not in found, found

