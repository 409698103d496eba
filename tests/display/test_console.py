"""The colour decision and Output's two streams."""
from __future__ import annotations

import io

import pytest

from ndsh.display.console import Output, wants_color
from ndsh.engine import nd


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("mode, env, tty, expected", [
    ("auto", {}, True, True),
    ("auto", {}, False, False),
    ("auto", {"NO_COLOR": "1"}, True, False),
    ("auto", {"NO_COLOR": ""}, True, True),            # empty means unset
    ("auto", {"FORCE_COLOR": "1"}, False, True),
    ("auto", {"FORCE_COLOR": ""}, False, False),
    ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
    ("auto", {"TERM": "dumb"}, True, False),
    ("auto", {"TERM": "dumb", "FORCE_COLOR": "1"}, True, True),
    ("always", {"NO_COLOR": "1"}, False, True),
    ("never", {"FORCE_COLOR": "1"}, True, False),
])
def test_wants_color(mode, env, tty, expected):
    stream = Terminal() if tty else io.StringIO()
    assert wants_color(stream, mode, env) is expected


def test_wants_color_rejects_unknown_modes():
    with pytest.raises(ValueError, match="auto, always or never"):
        wants_color(io.StringIO(), "sometimes", {})


def test_plain_output_has_no_escape_codes_and_splits_streams():
    out, err = io.StringIO(), io.StringIO()
    output = Output(stdout=out, stderr=err, color="auto", environ={})
    output.show_value(nd.ones(2))
    output.show_lines([("heading", "Title"), ("code", "    >>> 1")])
    output.warn("careful")
    assert out.getvalue() == "\n[1. 1.]\n<NDArray 2 @cpu(0)>\nTitle\n    >>> 1\n"
    assert err.getvalue() == "careful\n"


def test_coloured_output_goes_through_rich():
    out, err = Terminal(), Terminal()
    output = Output(stdout=out, stderr=err, color="auto", environ={"TERM": "xterm"})
    output.show_value((1, "a"))
    output.show_lines([("error", "TypeError: bad"), ("code", ">>> x = 1")], which="err")
    assert "\x1b[" in out.getvalue() and "\x1b[" in err.getvalue()
    assert "TypeError" in err.getvalue() and out.getvalue().endswith("\n")


def test_streams_follow_sys_stdout_when_not_given(capsys):
    Output(color="never").show_value(3)
    assert capsys.readouterr().out == "3\n"
