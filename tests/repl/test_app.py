"""The shell's prompt through prompt_toolkit's pipe input and a dummy output: typing,
multi-line input, paste, Tab, Ctrl-C, Ctrl-D and history."""
from __future__ import annotations

import contextlib
import io
import threading
import time

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from ndsh.display.console import Output
from ndsh.engine import autograd
from ndsh.repl.app import Shell, banner, wants_suggestions
from ndsh.repl.history import SharedFileHistory
from ndsh.session import Session

ENTER, TAB, CTRL_C, CTRL_D, UP, BACKSPACE = "\r", "\t", "\x03", "\x04", "\x1b[A", "\x7f"


def paste(text: str) -> str:
    return f"\x1b[200~{text}\x1b[201~"


class Typist:
    """A Shell on a pipe; `.type()` queues keys, `.step()` runs one input."""

    def __init__(self, stack: contextlib.ExitStack, history=None):
        self.pipe = stack.enter_context(create_pipe_input())
        self.stream = io.StringIO()
        session = Session(Output(stdout=self.stream, stderr=self.stream, color="never"))
        self.shell = Shell(session, input=self.pipe, output=DummyOutput(),
                           history=history if history is not None else InMemoryHistory())

    def type(self, *chunks: str, pause: float = 0.0) -> None:
        """Send keys; with `pause`, each chunk after the first waits that long (for what
        prompt_toolkit does in the background: completion, loading the history)."""
        if not pause:
            self.pipe.send_text("".join(chunks))
            return

        def later():
            for number, chunk in enumerate(chunks):
                if number:
                    time.sleep(pause)
                self.pipe.send_text(chunk)
        threading.Thread(target=later, daemon=True).start()

    def step(self):
        return self.shell.step()

    def inputs(self):
        return self.shell.state.inputs

    def out(self) -> str:
        return self.stream.getvalue()


@pytest.fixture
def typist():
    with contextlib.ExitStack() as stack:
        yield Typist(stack)


def test_an_expression_runs_and_shows_its_value(typist):
    typist.type("6 * 7" + ENTER)
    assert typist.step() is None
    assert typist.out() == "Out[1]: 42\n"


def test_a_def_continues_while_incomplete_and_auto_indents(typist):
    typist.type("def f(x):" + ENTER + "y = x * 2" + ENTER + "return y" + ENTER + ENTER)
    typist.step()
    assert typist.inputs()[1] == "def f(x):\n    y = x * 2\n    return y"
    typist.type("f(21)" + ENTER)
    typist.step()
    assert typist.out().endswith("Out[2]: 42\n")


def test_clause_keywords_go_back_to_their_statement(typist):
    typist.type("if 1 > 2:" + ENTER + "r = 'yes'" + ENTER + "elif 1 > 3:" + ENTER + "r = '?'"
                + ENTER + "else:" + ENTER + "r = 'no'" + ENTER + ENTER)
    typist.step()
    assert typist.inputs()[1] == \
        "if 1 > 2:\n    r = 'yes'\nelif 1 > 3:\n    r = '?'\nelse:\n    r = 'no'"
    typist.type("try:" + ENTER + "1 / 0" + ENTER + "except ZeroDivisionError:" + ENTER
                + "e = 'caught'" + ENTER + "finally:" + ENTER + "f = 'done'" + ENTER + ENTER)
    typist.step()
    assert typist.inputs()[2] == ("try:\n    1 / 0\nexcept ZeroDivisionError:\n"
                                  "    e = 'caught'\nfinally:\n    f = 'done'")
    typist.type("r, e, f" + ENTER)
    typist.step()
    assert typist.out().endswith("Out[3]: ('no', 'caught', 'done')\n")


def test_a_clause_keyword_is_dedented_on_enter_too(typist):
    # a pasted `else:` (no key typed, so no `:` key) on the auto-indented line: Enter moves it
    typist.type("for i in range(2):" + ENTER + "if i:" + ENTER + "j = i" + ENTER
                + paste("else:") + ENTER + "j = -1" + ENTER + ENTER)
    typist.step()
    assert typist.inputs()[1] == "for i in range(2):\n    if i:\n        j = i\n    else:\n" \
                                 "        j = -1"


def test_bang_commands_at_the_prompt(typist):
    typist.type("!echo hello" + ENTER + "lines = !printf 'a\\nb\\n'" + ENTER + "lines" + ENTER
                + "?" + ENTER)
    for _ in range(4):
        typist.step()
    assert typist.out().startswith("hello\n\n\nOut[3]: ['a', 'b']\n")
    assert "%quickref" in typist.out()


def test_open_brackets_continue(typist):
    typist.type("x = [1," + ENTER + "2]" + ENTER + "x" + ENTER)
    typist.step()
    typist.step()
    assert typist.inputs()[1] == "x = [1,\n    2]" and typist.out() == "\nOut[2]: [1, 2]\n"


def test_escape_enter_opens_a_line_anyway(typist):
    typist.type("a = 1\x1b" + ENTER + "a + 1" + ENTER)
    typist.step()
    assert typist.inputs()[1] == "a = 1\na + 1" and typist.out() == "Out[1]: 2\n"


def test_a_paste_goes_in_as_pasted_with_prompts_stripped(typist):
    block = (">>> def g(v):\n...     if v:\n...         return 1\n...\n...     return 2\n"
             ">>> g(0)\n2\n")
    typist.type(paste(block) + ENTER)
    typist.step()
    assert typist.inputs()[1] == "def g(v):\n    if v:\n        return 1\n\n    return 2\ng(0)"
    assert typist.out() == "Out[1]: 2\n"


def test_a_pasted_block_with_blank_lines_is_not_reindented(typist):
    block = "class A:\n    def one(self):\n        return 1\n\n    def two(self):\n" \
            "        return 2\n\nA().two()"
    typist.type(paste(block) + ENTER)
    typist.step()
    assert typist.inputs()[1] == block and typist.out() == "Out[1]: 2\n"


def test_tab_completes_and_indents(typist):
    typist.type("nd.elemwise_ad", TAB, ENTER, pause=0.3)
    typist.step()
    assert typist.inputs()[1] == "nd.elemwise_add"
    typist.type("if True:" + ENTER + TAB + "z = 3" + ENTER + ENTER)
    typist.step()
    assert typist.inputs()[2] == "if True:\n        z = 3"


def test_tab_closes_a_dict_key(typist):
    typist.shell.session.namespace["d"] = {"alpha": 1, "beta": 2}
    typist.type('d["al', TAB, ENTER, pause=0.3)
    typist.step()
    assert typist.inputs()[1] == 'd["alpha"]' and typist.out() == "Out[1]: 1\n"


def test_tab_offers_a_module_s_public_names_only(typist):
    typist.type("autograd.is_rec", TAB, "()" + ENTER, pause=0.3)
    typist.step()
    assert typist.inputs()[1] == "autograd.is_recording()"
    typist.type("autograd.ST", TAB, "=1" + ENTER, pause=0.3)   # engine state: not offered
    typist.step()
    assert typist.inputs()[2] == "autograd.ST=1"
    completer = typist.shell.prompt.completer
    offered = [c.text for c in completer.get_completions(Document("autograd."), CompleteEvent())]
    assert offered and set(offered) <= set(autograd.__all__)


def test_backspace_in_the_indent_goes_back_a_level(typist):
    typist.type("if True:" + ENTER + "if True:" + ENTER + BACKSPACE + "w = 1" + ENTER + ENTER)
    typist.step()
    assert typist.inputs()[1] == "if True:\n    if True:\n    w = 1"


def test_ctrl_c_clears_the_line_and_keeps_the_number(typist):
    typist.type("half typed" + CTRL_C)
    assert typist.step() is None and typist.inputs() == {}
    typist.type("1 + 1" + ENTER)
    typist.step()
    assert typist.out() == "Out[1]: 2\n"


@pytest.mark.parametrize("keys,status", [(CTRL_D, 0), ("exit" + ENTER, 0),
                                         ("quit()" + ENTER, 0),
                                         ("import sys; sys.exit(4)" + ENTER, 4)])
def test_leaving(typist, keys, status):
    typist.type(keys)
    assert typist.step() == status


def test_a_blank_line_separates_each_input_and_output_from_the_next_prompt(typist):
    # IPython's separate_in: a blank line before every prompt but the first (after the
    # banner too); none after Ctrl-C cleared a line, which keeps the same prompt.
    typist.type("6 * 7" + ENTER + "y = 1" + ENTER + "1 / 0" + ENTER + "half" + CTRL_C
                + "y" + ENTER)
    for _ in range(5):
        typist.step()
    out = typist.out()
    assert out.startswith("Out[1]: 42\n\n\nTraceback")       # `y = 1` shows nothing
    assert out.endswith("ZeroDivisionError: division by zero\n\nOut[4]: 1\n")


def test_interact_survives_errors_and_ends_on_ctrl_d(typist):
    typist.type("1 / 0" + ENTER + "nosuch" + ENTER + "%nosuch" + ENTER + "2 + 2" + ENTER
                + CTRL_D)
    assert typist.shell.interact() == 0
    out = typist.out()
    assert "ZeroDivisionError" in out and "NameError" in out and "Out[4]: 4" in out


def test_the_signature_hint_follows_the_cursor(typist):
    from types import SimpleNamespace

    from prompt_toolkit.document import Document
    typist.shell._update_hint(SimpleNamespace(document=Document("nd.dot(a, ")))
    hint = typist.shell.prompt.bottom_toolbar
    assert hint.startswith("nd.dot(lhs, rhs") and len(hint) < 80      # DummyOutput: 80 wide
    typist.shell._update_hint(SimpleNamespace(document=Document("nd.dot(a, b) + 1")))
    assert typist.shell.prompt.bottom_toolbar is None


def test_history_is_shared_across_shells(tmp_path):
    path = tmp_path / "history"
    with contextlib.ExitStack() as stack:
        first = Typist(stack, SharedFileHistory(path))
        first.type("kept = 41 + 1" + ENTER)
        first.step()
        second = Typist(stack, SharedFileHistory(path))
        second.type("", UP, ENTER, pause=0.3)
        second.step()
        assert second.inputs()[1] == "kept = 41 + 1"
        assert second.shell.session.namespace["kept"] == 42


def test_a_damaged_history_file_does_not_stop_the_shell(tmp_path):
    path = tmp_path / "history"
    path.write_bytes(b"\xff\x00+half a record\n\x80\x81garbage" * 50)
    with contextlib.ExitStack() as stack:
        typist = Typist(stack, SharedFileHistory(path))
        typist.type("3 * 3" + ENTER)
        typist.step()
        assert typist.out() == "Out[1]: 9\n"
    assert path.read_bytes().endswith(b"+3 * 3\n")


def test_suggestions_are_off_unless_asked_for(typist):
    assert typist.shell.prompt.auto_suggest is None
    assert not wants_suggestions(False, {}) and wants_suggestions(False, {"NDSH_SUGGEST": "1"})


def test_banner_is_one_line():
    text = banner("cpu(0)")
    assert "\n" not in text and text.startswith("ndsh ") and "numpy" in text and "x?" in text


def test_a_shell_that_keeps_failing_ends_instead_of_spinning(typist, monkeypatch):
    def broken():
        raise OSError("the terminal went away")
    monkeypatch.setattr(typist.shell, "read", broken)
    assert typist.shell.interact() == 1
    assert typist.out().count("internal error: OSError") == 5


def test_a_paste_after_an_auto_indent_keeps_its_own_indent(typist):
    typist.type("def f():" + ENTER + paste("    a = 1\n    return a") + ENTER + ENTER)
    typist.step()
    assert typist.inputs()[1] == "def f():\n    a = 1\n    return a"


def test_matplotlib_inline_at_the_prompt(typist, tmp_path, monkeypatch):
    plt = pytest.importorskip("matplotlib.pyplot", reason="matplotlib is the optional [plot] extra")
    monkeypatch.chdir(tmp_path)
    before = plt.get_backend()
    try:
        typist.type("%matplotlib inline" + ENTER + "import matplotlib.pyplot as plt" + ENTER
                    + "plt.plot([1, 2, 4]);" + ENTER)
        for _ in range(3):
            typist.step()
        assert typist.out() == "\n\nsaved figure-1.png\n"
        assert (tmp_path / "figure-1.png").stat().st_size > 1000
    finally:
        plt.close("all")
        plt.switch_backend(before)
