"""Error reports: the user's frames only, carets, operands in the user's terms, chains."""
from __future__ import annotations

import io
import os

import pytest

from ndsh import errors
from ndsh.display.console import Output
from ndsh.session import Session


def run(code: str, filename: str = "s.nds"):
    return Session(Output(stdout=io.StringIO(), color="never")).run(code, filename=filename)


def test_engine_error_names_the_expression_shapes_dtypes_and_context():
    report = run("a = nd.ones((2, 3))\nb = nd.ones((3,))\nc = nd.dot(a, b.T)\n"
                 "d = a + nd.ones((2, 3), dtype='int32')").report
    text = report.plain()
    assert text.startswith('Traceback (most recent call last):\n  File "s.nds", line 4')
    assert "    d = a + nd.ones((2, 3), dtype='int32')\n        ^^^^^" in text
    assert "In `a + nd.ones((2, 3), dtype='int32')`, a has shape (2, 3), dtype float32, " \
           "on cpu(0)." in text
    assert "ndsh/" not in text and report.hint == ""


def test_operands_are_only_names_in_operand_position():
    assert errors._operand_names("nd.dot(X, Y.T) + b") == ["nd", "X", "b"]
    assert errors._operand_names("x.sum(axis=k)[0] < y") == ["x", "k", "y"]
    assert errors._operand_names("x += y") == ["x", "y"]
    assert errors._operand_names("(((") == []


def test_a_users_own_exception_gets_no_operand_sentence():
    text = run("x = nd.ones(2)\nraise ValueError(f'bad {x.shape}')").report.plain()
    assert text.endswith("ValueError: bad (2,)")


def test_internal_looking_errors_from_ndsh_get_a_hint(monkeypatch):
    from ndsh.engine import nd
    namespace: dict = {}
    inside_ndsh = os.path.join(errors.NDSH_DIR, "not_a_real_module.py")
    exec(compile("def broken():\n    return {}['missing']\n", inside_ndsh, "exec"), namespace)
    monkeypatch.setattr(nd, "broken", namespace["broken"], raising=False)
    report = run("nd.broken()").report
    assert report.type_name == "KeyError" and "--traceback" in report.hint


def test_chained_exceptions_keep_python_shape():
    text = run("try:\n    1 / 0\nexcept ZeroDivisionError as e:\n"
               "    raise ValueError('no') from e").report.plain()
    assert "ZeroDivisionError: division by zero" in text
    assert "The above exception was the direct cause" in text
    assert text.endswith("ValueError: no")


def test_full_report_is_pythons_own(monkeypatch):
    outcome = run("nd.ones(2) + nd.ones(3)")
    full = errors.build_report(outcome.error, full=True).plain()
    assert "ndsh/engine" in full or "ndsh\\engine" in full
    monkeypatch.setenv("NDSH_TRACEBACK", "1")
    assert errors.wants_full_traceback() and not errors.wants_full_traceback.__defaults__[0]
    monkeypatch.setenv("NDSH_TRACEBACK", "0")
    assert not errors.wants_full_traceback()


def test_no_user_frame_means_the_full_traceback():
    try:
        from ndsh.engine import nd
        nd.ones(2) + nd.ones(3)
    except ValueError as exc:        # raised from this test file: a user frame
        assert errors.build_report(exc).full_text is None
    exc = RuntimeError("inside")     # no traceback at all: nothing to trim to
    assert errors.build_report(exc).plain() == "RuntimeError: inside"


def test_syntax_error_carets_and_unicode_columns():
    report = run("é = 1\nx = (é +* 2)\n").report
    assert report.plain().splitlines()[1:3] == ["    x = (é +* 2)", "            ^"]


@pytest.mark.parametrize("name", ["NameError", "IndexError"])
def test_plain_python_errors_in_user_code(name):
    code = {"NameError": "undefined_thing", "IndexError": "[][1]"}[name]
    report = run(code).report
    assert report.type_name == name and report.frames[0].filename == "s.nds"
