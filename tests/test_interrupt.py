"""Ctrl-C shows the user's frames only: wherever the interrupt lands (in numpy under
`nd.ones`, in ndsh's engine, in the user's own line), the report names the user's lines and
`KeyboardInterrupt`, in `ndsh run` (exit 130) and in the shell.

Where a real interrupt lands is chance, so most tests place it: numpy's `full` is replaced by
a function compiled under numpy's own file name that raises KeyboardInterrupt, which is what
a Ctrl-C arriving inside numpy looks like to the report. One test sends real SIGINTs.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import numpy
import pytest

from tests.repl.conftest import CapturedShell
from tests.test_errors import run

NUMPY_FILE = numpy.full.__code__.co_filename          # numpy/_core/numeric.py
LOOP = "for i in range(10**9):\n    s = nd.ones((10,)).sum()\n"
INTERRUPT_IN_NUMPY = f"""
import numpy
_placed = {{}}
exec(compile("def full(*args, **kwargs):\\n    raise KeyboardInterrupt\\n", {NUMPY_FILE!r},
             "exec"), _placed)
numpy.full = _placed["full"]
"""


@pytest.fixture
def interrupt_in_numpy(monkeypatch):
    """numpy.full raises KeyboardInterrupt from a frame in numpy's own file."""
    placed: dict = {}
    exec(compile("def full(*args, **kwargs):\n    raise KeyboardInterrupt\n", NUMPY_FILE,
                 "exec"), placed)
    monkeypatch.setattr(numpy, "full", placed["full"])


def _frames(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("File ")]


def test_an_interrupt_inside_numpy_shows_only_the_users_line(interrupt_in_numpy):
    outcome = run(LOOP)
    assert isinstance(outcome.error, KeyboardInterrupt) and outcome.exit_code == 130
    text = outcome.report.plain()
    assert _frames(text) == ['File "s.nds", line 2, in <module>']
    assert text.endswith("    s = nd.ones((10,)).sum()\n        ^^^^^^^^^^^^^^\nKeyboardInterrupt")


def test_an_interrupt_inside_numpy_called_by_the_user_shows_the_users_lines_only(
        interrupt_in_numpy):
    text = run("def fill():\n    return np.full(3, 1.0)\nfill()").report.plain()
    assert _frames(text) == ['File "s.nds", line 3, in <module>', 'File "s.nds", line 2, in fill']


def test_numpy_frames_of_an_error_the_users_own_numpy_call_raised_stay():
    text = run("np.reshape(np.ones(3), (2, 2))").report.plain()
    assert any("numpy" in frame for frame in _frames(text))


def test_library_frames_below_ndsh_are_hidden_for_any_error(monkeypatch):
    placed: dict = {}
    exec(compile("def full(*args, **kwargs):\n    raise RuntimeError('inside numpy')\n", NUMPY_FILE,
                 "exec"), placed)
    monkeypatch.setattr(numpy, "full", placed["full"])
    text = run("x = nd.ones((10,))").report.plain()
    assert _frames(text) == ['File "s.nds", line 1, in <module>']
    assert text.endswith("RuntimeError: inside numpy")


def test_an_interrupt_with_no_user_frame_is_one_word(monkeypatch):
    from ndsh import errors
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt as exc:
        monkeypatch.setattr(errors, "is_user_frame", lambda filename: False)
        assert errors.build_report(exc).plain() == "KeyboardInterrupt"


def test_the_shell_shows_the_users_line_only(interrupt_in_numpy):
    shell = CapturedShell()
    outcome = shell.run_cell(LOOP)
    assert isinstance(outcome.error, KeyboardInterrupt)
    err = shell.err()
    assert _frames(err) == ['File "<In [1]>", line 2, in <module>']
    assert "numpy" not in err and err.rstrip().endswith("KeyboardInterrupt")


NDSH = [sys.executable, "-m", "ndsh"]


def _env() -> dict:
    return {k: v for k, v in os.environ.items()
            if k not in ("NO_COLOR", "FORCE_COLOR", "NDSH_TRACEBACK", "TERM", "COLUMNS")}


def test_ndsh_run_interrupted_inside_numpy_exits_130_with_the_users_frame(tmp_path):
    (tmp_path / "loop.nds").write_text(textwrap.dedent(INTERRUPT_IN_NUMPY) + LOOP)
    done = subprocess.run([*NDSH, "run", "loop.nds"], cwd=tmp_path, capture_output=True,
                          text=True, env=_env(), timeout=60)
    assert done.returncode == 130
    assert _frames(done.stderr) == ['File "loop.nds", line 8, in <module>']
    assert done.stderr.rstrip().endswith("KeyboardInterrupt")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is POSIX")
def test_real_ctrl_c_in_the_loop_shows_only_the_scripts_frames(tmp_path):
    """The user's report: Ctrl-C in this loop showed numpy's `full` about half the time."""
    (tmp_path / "loop.nds").write_text("print('go', flush=True)\n" + LOOP)
    for _ in range(4):
        child = subprocess.Popen([*NDSH, "run", "loop.nds"], cwd=tmp_path, text=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
        assert child.stdout.readline() == "go\n"
        child.send_signal(signal.SIGINT)
        stderr = child.communicate(timeout=60)[1]
        assert child.returncode == 130, stderr
        assert set(_frames(stderr)) <= {'File "loop.nds", line 1, in <module>',
                                        'File "loop.nds", line 2, in <module>',
                                        'File "loop.nds", line 3, in <module>'}, stderr
        assert stderr.rstrip().endswith("KeyboardInterrupt")
