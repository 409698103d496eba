"""`!cmd`, `x = !cmd`, `!!cmd` in the shell (ndsh.repl.system through the bridge), and shell
syntax in a script, which is plain Python."""
from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX shell commands")


def test_bang_runs_a_shell_command_and_keeps_its_status(shell):
    shell.run_cell("!echo hello; echo oops >&2; exit 3")
    assert shell.out() == "hello\n" and shell.err() == "oops\n"
    assert shell.namespace["_exit_code"] == 3
    shell.run_cell("folder = 'runs'; n = 2")
    shell.run_cell("!echo {folder}/{n + 1} $n '$n' $HOME_NOT_PYTHON $$")
    assert shell.out() == "runs/3 2 $n $\n"


def test_bang_assignment_captures_the_lines(shell):
    shell.run_cell("lines = !printf 'a b\\nc\\n'; echo err >&2")
    assert shell.namespace["lines"] == ["a b", "c"] and shell.err() == "err\n"
    assert shell.out() == ""
    shell.run_cell("!!echo one; echo two")
    assert shell.out() == "Out[2]: ['one', 'two']\n"
    shell.run_cell("for word in ['x', 'y']:\n    !echo {word}")
    assert shell.out() == "x\ny\n"


def test_a_question_mark_alone_shows_the_quick_reference(shell):
    shell.run_cell("?")
    assert "%quickref" in shell.out()


def test_a_script_is_plain_python_and_says_so_at_a_shell_line(tmp_path):
    script = tmp_path / "s.nds"
    script.write_text("x = 1\nfiles = !ls\n")
    result = subprocess.run([sys.executable, "-m", "ndsh", "run", str(script)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.endswith(
        "    files = !ls\n            ^\nSyntaxError: `files = !ls` is shell syntax, which only "
        "ndsh's shell understands; a script is plain Python: write files = subprocess.run("
        "'ls', shell=True, capture_output=True, text=True).stdout.splitlines() "
        "(import subprocess)\n"), result.stderr


def test_percent_run_of_a_script_with_a_shell_line_says_the_same(shell, tmp_path):
    script = tmp_path / "s.nds"
    script.write_text("!echo hi\n")
    shell.run_cell(f"%run {script}")
    assert "SyntaxError: `!echo hi` is shell syntax" in shell.err() and shell.out() == ""


def test_docstring_examples():
    import doctest

    from ndsh.repl import system
    assert doctest.testmod(system).failed == 0
