"""`ndsh [run] [OPTIONS] FILE [ARGS]...` runs without typer (ndsh.cli_routing.plain_run, for
start-up): which command lines take that path, and, through real subprocesses, that each gives
the same exit code, stdout and stderr as the typer app (ndsh.cli_app) gives for it."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from ndsh.cli_routing import plain_run

PLAIN = {"echo": False, "color": "auto", "traceback": False, "no_mxnet_alias": False,
         "trace": False, "trace_file": None, "context": None}


def test_plain_run_reads_run_options_before_the_file():
    assert plain_run(["s.nds"]) == {"file": "s.nds", "args": [], **PLAIN}
    assert plain_run(["run", "--echo", "--color", "never", "--ctx=cpu(1)", "s.nds", "--lr",
                      "1", "--echo"]) == {
        "file": "s.nds", "args": ["--lr", "1", "--echo"],
        **PLAIN, "echo": True, "color": "never", "context": "cpu(1)"}
    assert plain_run(["--trace", "--trace-file", "t.jsonl", "--traceback",
                      "--no-mxnet-alias", "run.py"]) == {
        "file": "run.py", "args": [],
        **PLAIN, "trace": True, "trace_file": "t.jsonl", "traceback": True,
        "no_mxnet_alias": True}
    assert plain_run(["run", "doc"])["file"] == "doc"        # `run` names a file `doc`


@pytest.mark.parametrize("args", [
    [], ["run"], ["-"], ["run", "-"], ["-c", "1"], ["run", "-c", "1"], ["--help"],
    ["run", "--help"], ["--version"], ["doc", "nd.dot"], ["--color", "never", "doc"],
    ["kernel", "list"], ["book.ipynb"], ["run", "--inplace", "b.ipynb"], ["--bogus", "s.nds"],
    ["--color", "purple", "s.nds"], ["--color"], ["run", "--ctx"], ["--echo=1", "s.nds"],
    ["--", "s.nds"], ["-q", "s.nds"]])
def test_everything_else_is_left_to_typer(args):
    assert plain_run(args) is None


SCRIPTS = {
    "s.nds": """
        import sys
        print(sys.argv)
        x = nd.ones((2,)) * 3
        x
        """,
    "err.nds": """
        a = nd.ones((2, 3))
        b = nd.ones((3, 2))
        print("before")
        c = a + b
        """,
    "grad.nds": """
        x = nd.array([1.0, 2.0]); x.attach_grad()
        with autograd.record():
            y = (x * x).sum()
        y.backward()
        print(x.grad)
        """,
    "bye.nds": """
        import sys
        sys.exit("bye: " + " ".join(sys.argv[1:]))
        """,
}

CASES = [
    ["run", "--echo", "--no-mxnet-alias", "s.nds", "a", "--echo"],
    ["--color=always", "--traceback", "err.nds"],
    ["run", "--color", "never", "err.nds"],
    ["run", "--trace", "grad.nds"],
    ["bye.nds", "x", "-y"],
    ["run", "missing.nds"],
    ["--ctx", "bogus(0)", "s.nds"],
]


def test_plain_path_gives_what_typer_gives(tmp_path):
    for name, text in SCRIPTS.items():
        (tmp_path / name).write_text(textwrap.dedent(text).lstrip("\n"))
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_COLOR", "FORCE_COLOR", "NDSH_TRACEBACK", "NDSH_CTX", "TERM",
                        "COLUMNS")}
    typer_path = [sys.executable, "-c", "from ndsh.cli_app import app; app(prog_name='ndsh')"]
    codes = []
    for args in CASES:
        assert plain_run(args) is not None
        plain, typed = (subprocess.run([*prefix, *args], capture_output=True, text=True,
                                       cwd=tmp_path, env=env, timeout=60)
                        for prefix in ([sys.executable, "-m", "ndsh"], typer_path))
        assert (plain.returncode, plain.stdout, plain.stderr) == \
               (typed.returncode, typed.stdout, typed.stderr), args
        codes.append(plain.returncode)
    assert codes == [0, 1, 1, 0, 1, 2, 2]       # the cases do reach each ending


@pytest.mark.parametrize("name", ["ndsh.cli", "ndsh.cli_run"])
def test_docstring_examples(name):
    """The examples of the modules tests/test_module_doctests.py does not list yet."""
    import doctest
    import importlib

    from ndsh.engine import autograd, nd
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"nd": nd, "autograd": autograd},
                             optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted >= 1
