"""The magics: registry, and each of the shell's own."""
from __future__ import annotations

import os
import stat

import pytest

from ndsh.engine.context import current_context
from ndsh.repl import magics
from ndsh.repl.magic_builtins import format_bytes, format_seconds, whos_row
from tests.repl.conftest import CapturedShell


def test_registering_a_magic_takes_one_decorator(shell):
    @magics.magic("double")
    def double_magic(state, args):
        """Twice a number: %double 21"""
        return 2 * int(args)

    try:
        shell.run_cell("%double 21")
        assert shell.out() == "Out[1]: 42\n"
        shell.run_cell("%quickref")
        text = shell.out()
        assert "%double" in text and "Twice a number: %double 21" in text
    finally:
        magics.MAGICS.pop("double")


def test_quickref_lists_every_magic_with_its_summary(shell):
    shell.run_cell("%quickref")
    text = shell.out()
    for name, entry in magics.MAGICS.items():
        assert f"%{name}" in text and entry.summary[:30] in text


def test_quickref_shows_whole_first_sentences_within_the_width(shell):
    assert magics.MAGICS["whos"].summary == ("A table of your variables: name, type, shape, "
                                             "dtype, context, bytes; numbers and short strings "
                                             "with their value.")
    shell.run_cell("%quickref")
    text = shell.out()
    assert "numbers and short strings with their value." in " ".join(text.split())
    magic_lines = text.split("\nMagics\n")[1].splitlines()
    assert max(len(line) for line in magic_lines) <= 80


def test_an_unknown_magic_suggests_close_names(shell):
    shell.run_cell("%tiem x")
    err = shell.err()
    assert "%tiem: no such magic" in err and "%time" in err and "Traceback" not in err


def test_a_magic_error_is_one_line(shell):
    shell.run_cell("%run")
    assert shell.err().strip() == "usage: %run FILE [ARGS]..."


def test_time_shows_the_value_and_the_time(shell):
    shell.run_cell("x = nd.ones((3,))")
    shell.run_cell("%time x.sum()")
    out = shell.out()
    assert "Wall time:" in out and "CPU time:" in out and "Out[2]: NDArray 1 float32" in out


def test_time_reports_errors_with_user_frames(shell):
    shell.run_cell("def f():\n    return 1 / 0\n")
    shell.run_cell("%time f()")
    err = shell.err()
    assert 'File "<In [2] %time>", line 1' in err and 'File "<In [1]>", line 2, in f' in err


def test_timeit(shell):
    shell.run_cell("x = nd.ones((3,))")
    shell.run_cell("%timeit -n 5 -r 2 x + 1")
    assert "per loop (mean ± std. dev. of 2 runs, 5 loops each)" in shell.out()
    shell.run_cell("%timeit -n x x")
    assert "-n wants a number" in shell.err()


def test_run_keeps_the_script_variables(shell, tmp_path):
    script = tmp_path / "s.nds"
    script.write_text("import sys\nw = nd.ones((2,)) * 3\nargs = sys.argv[1:]\n")
    shell.run_cell(f"%run {script} --lr 1")
    assert shell.namespace["args"] == ["--lr", "1"]
    assert shell.namespace["w"].asnumpy().tolist() == [3.0, 3.0]
    assert "__file__" not in shell.namespace


def test_run_reports_a_script_error_and_a_missing_file(shell, tmp_path):
    script = tmp_path / "bad.nds"
    script.write_text("x = 1\ny = x / 0\n")
    shell.run_cell(f"%run {script}")
    assert f'File "{script}", line 2' in shell.err()
    shell.run_cell(f"%run {tmp_path / 'missing.nds'}")
    assert "can't open" in shell.err()
    script.write_text("import sys\nsys.exit(3)\n")
    outcome = shell.run_cell(f"%run {script}")
    assert outcome.ok and "exited with status 3" in shell.out()


def test_who_and_whos(shell):
    shell.run_cell("%who")
    assert shell.out() == "No variables.\n"
    shell.run_cell("w = nd.zeros((3, 4)); n = 3; a = np.zeros((2,), dtype=np.int16)")
    shell.run_cell("%who")
    assert shell.out().split() == ["w", "n", "a"]
    shell.run_cell("%who NDArray")
    assert shell.out().split() == ["w"]
    shell.run_cell("%whos")
    lines = shell.out().splitlines()
    assert lines[0].split() == ["Variable", "Type", "Shape", "Dtype", "Context", "Bytes",
                                "Value"]
    assert lines[2].split() == ["w", "NDArray", "3x4", "float32", "cpu(0)", "48", "B", "-"]
    assert lines[3].split() == ["n", "int", "-", "-", "-", "-", "3"]
    assert lines[4].split() == ["a", "ndarray", "2", "int16", "-", "4", "B", "-"]


def test_whos_shows_numbers_and_short_strings():
    shell = CapturedShell()
    shell.run_cell("s = 2.5; f = np.float32(0.5); name = 'relu'; long = 'x' * 100; "
                   "huge = 10 ** 5000; flag = True; things = [1, 2]; params = {'w': nd.ones(2)}")
    shell.run_cell("%whos")
    rows = {line.split()[0]: line.split() for line in shell.out().splitlines()[2:]}
    assert rows["s"] == ["s", "float", "-", "-", "-", "-", "2.5"]
    assert rows["f"] == ["f", "float32", "-", "float32", "-", "-", "0.5"]
    assert rows["name"][-1] == "'relu'" and rows["flag"][-1] == "True"
    assert rows["long"][-1] == "'" + "x" * 38 + "…"        # cut to 40 characters
    assert rows["huge"][-1] == "-"
    assert rows["things"][-1] == "n=2" and rows["params"][-1] == "n=1"     # IPython's n=len


def test_whos_row_and_units():
    assert whos_row("s", "text") == ("s", "str", "-", "-", "-", "-", "'text'")
    assert format_bytes(3 * 2**30) == "3.0 GiB"
    assert format_seconds(0.5) == "500 ms" and format_seconds(2e-6) == "2 µs"


def test_reset_asks_first():
    shell = CapturedShell(answers=["n", "y"])
    shell.run_cell("w = 1; v = 2")
    shell.run_cell("%reset")
    assert "Nothing deleted" in shell.out() and shell.namespace["w"] == 1
    shell.run_cell("%reset")
    assert shell.out() == "Deleted 2 variables.\n" and "w" not in shell.namespace
    assert len(shell.questions) == 2
    shell.run_cell("nd = 3")
    shell.run_cell("%reset -f")
    assert shell.namespace["nd"] != 3 and len(shell.questions) == 2
    assert shell.run_cell("nd.ones((1,))").ok


def test_history_lists_this_sessions_inputs(shell):
    shell.run_cell("a = 1")
    shell.run_cell("def f():\n    return a")
    shell.run_cell("%history")
    assert shell.out() == "   1: a = 1\n   2: def f():\n          return a\n"
    shell.run_cell("%history 1")
    assert shell.out() == "   3: %history\n"


def test_history_g_searches_the_file(tmp_path):
    from ndsh.repl.history import SharedFileHistory
    history = SharedFileHistory(tmp_path / "history")
    history.store_string("w = nd.ones((2,))")
    history.store_string("other = 1")
    shell = CapturedShell()
    shell.history = history
    shell.run_cell("%history -g nd.ones")
    assert shell.out() == "w = nd.ones((2,))\n"


def test_precision(shell):
    shell.run_cell("%precision 3")
    shell.run_cell("np.float32(22.494442)")
    shell.run_cell("nd.array([1.23456])")
    out = shell.out()
    assert "Out[2]: 22.494" in out and "[1.235]" in out
    shell.run_cell("%precision")
    shell.run_cell("np.float32(22.494442)")
    assert shell.out().endswith("Out[5]: 22.494442\n")
    shell.run_cell("%precision lots")
    assert "want a number" in shell.err()


def test_ctx(shell):
    shell.run_cell("%ctx")
    assert shell.out() == "default context: cpu(0)\n"
    shell.run_cell("%ctx cpu(1)")
    assert str(current_context()) == "cpu(1)"
    shell.run_cell("nd.ones((1,)).context")
    assert shell.out().endswith("Out[3]: cpu(1)\n")
    shell.run_cell("%ctx tpu(0)")
    assert "is not a context" in shell.err() and str(current_context()) == "cpu(1)"


def test_ctx_gpu_where_there_is_none(shell):
    from ndsh.engine import backend
    if backend.num_gpus():
        pytest.skip("a GPU is here")
    shell.run_cell("%ctx gpu(0)")
    assert "gpu(0) is not available" in shell.err() and str(current_context()) == "cpu(0)"


def test_tb_shows_the_full_traceback(shell):
    shell.run_cell("%tb")
    assert shell.out() == "No error yet.\n"
    shell.run_cell("nd.ones((2,)) + nd.ones((3,))")
    short = shell.err()
    shell.run_cell("%tb")
    full = shell.err()
    assert "ndsh" in full and len(full) > len(short)


def test_magic_modules_that_fail_are_reported_not_fatal(monkeypatch):
    monkeypatch.setattr(magics, "MAGIC_MODULES", ["ndsh.no_such_module_for_magics"])
    warnings = []
    magics.load_magic_modules(warn=warnings.append)
    assert "ndsh.no_such_module_for_magics" in warnings[0]


def test_history_file_mode_is_private(tmp_path):
    from ndsh.repl.history import SharedFileHistory
    SharedFileHistory(tmp_path / "deep" / "history").store_string("x")
    assert stat.S_IMODE(os.stat(tmp_path / "deep" / "history").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "deep").st_mode) == 0o700
