"""The plain line reader (`ndsh | cat`), driven with strings: the same ShellState as the shell,
prompts on stderr, results on stdout. tests/repl/test_pty.py runs it at a real terminal."""
from __future__ import annotations

import io

from ndsh.display.console import Output
from ndsh.repl.plain import run_plain
from ndsh.session import Session


def plain(typed: str, quiet: bool = True) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    session = Session(Output(stdout=out, stderr=err, color="never"))
    status = run_plain(session, quiet=quiet, stdin=io.StringIO(typed))
    return status, out.getvalue(), err.getvalue()


def test_inputs_run_until_the_end_of_stdin():
    status, out, err = plain("a = 2\ndef f(v):\n    return v * 3\n\nf(a)\n%who\n")
    assert status == 0 and out == "Out[3]: 6\na  f\n"
    assert err == "In [1]: In [2]:    ...:    ...: In [3]: In [4]: In [5]: \n"


def test_the_end_of_stdin_inside_a_block_runs_it():
    status, out, _ = plain("def g():\n    return 1")
    assert status == 0 and out == ""


def test_exit_status_and_questions():
    status, out, err = plain("x = 1\n%reset\ny\nx\nimport sys; sys.exit(4)\nnever = 1\n")
    assert status == 4 and "NameError: name 'x' is not defined" in err
    assert "In [5]" not in err


def test_the_banner_goes_to_stderr():
    _, out, err = plain("", quiet=False)
    assert out == "" and "%quickref" in err.split("\n")[0]
