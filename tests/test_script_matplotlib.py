"""`%matplotlib` and `%matplotlib inline` in a script (`ndsh run`, `-c`): a no-op, as the
kernel accepts them (d2l's notebooks start with one); other shell syntax in a script is still
the SyntaxError that says what to write instead (ndsh.transform.script_source)."""
from __future__ import annotations

import io

import pytest

from ndsh.display.console import Output
from ndsh.session import Session
from ndsh.transform import script_source


@pytest.fixture
def session():
    return Session(Output(stdout=io.StringIO(), stderr=io.StringIO(), color="never"))


@pytest.mark.parametrize("line", ["%matplotlib inline", "%matplotlib", "  %matplotlib  inline",
                                  "%matplotlib inline  # as in the notebook"])
def test_a_script_runs_past_matplotlib_magics(session, tmp_path, line):
    script = tmp_path / "plot.nds"
    script.write_text(f"x = 1\n{line.strip()}\ny = x + 1\nz = nd.ones(2).sum().asscalar()\n")
    outcome = session.run_file(str(script))
    assert outcome.error is None, outcome.error
    assert session.namespace["y"] == 2 and session.namespace["z"] == 2


def test_inside_a_block_and_from_dash_c(session):
    outcome = session.run_with_argv("if True:\n    %matplotlib inline\n    w = 3\n", "<string>",
                                    "-c", [])
    assert outcome.error is None and session.namespace["w"] == 3


def test_line_numbers_are_kept_for_later_errors(session, tmp_path):
    script = tmp_path / "bad.nds"
    script.write_text("%matplotlib inline\nx = 1\nundefined_name\n")
    outcome = session.run_file(str(script))
    assert isinstance(outcome.error, NameError)
    tb, lines = outcome.error.__traceback__, []
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(script):
            lines.append(tb.tb_lineno)
        tb = tb.tb_next
    assert lines == [3]


@pytest.mark.parametrize("line", ["%matplotlib qt", "%time 1", "%matplotlib inline extra"])
def test_other_magics_are_still_a_syntax_error(session, tmp_path, line):
    script = tmp_path / "magic.nds"
    script.write_text(f"x = 1\n{line}\n")
    outcome = session.run_file(str(script))
    assert isinstance(outcome.error, SyntaxError)
    assert "shell syntax" in outcome.error.msg and line in outcome.error.msg


def test_text_in_strings_and_brackets_is_left_alone():
    text = "s = '''\n%matplotlib inline\n'''\nt = (1,\n%matplotlib\n)"
    assert script_source(text) == text
