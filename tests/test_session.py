"""Session: running code, echo, outcomes, completeness, the mxnet alias, help()."""
from __future__ import annotations

import io
import sys

import pytest

from ndsh.display.console import Output
from ndsh.session import Session, is_complete


@pytest.fixture
def session():
    out, err = io.StringIO(), io.StringIO()
    made = Session(Output(stdout=out, stderr=err, color="never"))
    made.out, made.err = out, err
    return made


def test_namespace_starts_with_the_engine_and_numpy(session):
    names = session.namespace
    assert {"nd", "autograd", "np", "mx", "help"} <= set(names)
    assert names["__name__"] == "__main__"
    assert "mx" not in Session(mxnet_alias=False).namespace


def test_run_keeps_state_and_returns_the_last_expression(session):
    assert session.run("x = nd.arange(3)").ok
    outcome = session.run("y = x * 2\ny.sum().asscalar()")
    assert outcome.ok and outcome.value == 6.0 and outcome.exit_code == 0
    assert session.out.getvalue() == ""          # nothing echoed without echo


def test_echo_shows_each_top_level_expression_and_sets_underscore(session):
    outcome = session.run("1 + 1\nx = 3\nx\nNone\nfor i in range(2):\n    i\n", echo=True)
    assert outcome.ok and session.out.getvalue() == "2\n3\n"
    assert session.namespace["_"] == 3


def test_user_code_gets_no_future_flags_from_ndsh(session):
    # session.py uses `from __future__ import annotations`; user code must not inherit it
    outcome = session.run("def f(x: int): pass\nf.__annotations__['x']")
    assert outcome.value is int
    assert session.run("from __future__ import annotations\ndef g(x: int): pass\n"
                       "g.__annotations__['x']", echo=False).value == "int"


def test_errors_come_back_in_the_outcome(session):
    outcome = session.run("a = 1\nb = a +\n", filename="s.nds")
    assert not outcome.ok and isinstance(outcome.error, SyntaxError)
    assert outcome.exit_code == 1 and 'File "s.nds", line 2' in outcome.report.plain()
    outcome = session.run("raise KeyError('k')", filename="t.nds")
    assert outcome.exit_code == 1 and outcome.report.plain().endswith("KeyError: 'k'")
    assert session.err.getvalue() == ""          # the front end decides what to show


@pytest.mark.parametrize("code, status", [("import sys; sys.exit()", 0),
                                          ("import sys; sys.exit(4)", 4),
                                          ("raise SystemExit('bye')", 1),
                                          ("raise KeyboardInterrupt", 130)])
def test_exit_codes(session, code, status):
    assert session.run(code).exit_code == status


def test_broken_pipe_is_flagged(session):
    assert session.run("raise BrokenPipeError(32, 'Broken pipe')").pipe_closed


def test_run_file_sets_argv_file_and_path_then_restores_them(session, tmp_path):
    script = tmp_path / "s.nds"
    (tmp_path / "helper_mod_for_ndsh.py").write_text("VALUE = 42\n")
    script.write_text("import sys, helper_mod_for_ndsh\n"
                      "seen = (list(sys.argv), __file__, helper_mod_for_ndsh.VALUE)\n")
    argv, path = list(sys.argv), list(sys.path)
    assert session.run_file(str(script), ["--lr", "1"]).ok
    assert session.namespace["seen"] == ([str(script), "--lr", "1"], str(script), 42)
    assert sys.argv == argv and sys.path == path
    sys.modules.pop("helper_mod_for_ndsh", None)


def test_mxnet_alias_is_installed_only_while_code_runs(session):
    before = sys.modules.get("mxnet")
    outcome = session.run("import mxnet as mx2\nfrom mxnet import nd as nd2\n"
                          "mx2.nd is nd2 is nd")
    assert outcome.value is True
    assert sys.modules.get("mxnet") is before


def test_help_shows_ndsh_pages_for_its_names(session):
    session.run("help(nd.dot)\nhelp('elemwise_add')\nx = nd.ones(2)\nhelp(x.sum)")
    text = session.out.getvalue()
    assert text.startswith("nd.dot(lhs, rhs")
    assert "elemwise_add is MXNet's name for nd.add" in text
    assert text.count("\nExample\n") == 3


@pytest.mark.parametrize("text, complete", [
    ("", True),
    ("x = 1", True),
    ("x = [1,", False),
    ("x = [1,\n 2]", True),
    ("def f():", False),
    ("def f():\n    return 1", False),
    ("def f():\n    return 1\n", True),
    ("if x:\n    a\nelse:", False),
    ("s = '''abc", False),
    ("x = 1 + \\", False),
    ("@decorator", False),
    ("1 +* 2", True),                  # a syntax error: run it to report it
    ("for i in x: print(i)", False),
    ("x = 1\ny = 2", True),
])
def test_is_complete(text, complete):
    assert is_complete(text) is complete
    assert Session.is_complete(Session.__new__(Session), text) is complete


def test_user_code_runs_as_main_so_pickle_finds_its_classes(session):
    outcome = session.run("import pickle, __main__\nclass Point:\n    pass\n"
                          "p = pickle.loads(pickle.dumps(Point()))\n"
                          "(type(p) is Point, __main__.Point is Point, __name__)")
    assert outcome.value == (True, True, "__main__")
    assert sys.modules["__main__"] is not session.module
