"""The real shell through a pseudo-terminal (pexpect), as a person at a terminal uses it:
an expression, a multi-line def, a paste, Tab, Ctrl-C in a loop, Ctrl-D; history shared by
two shells; a damaged history file."""
from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import time

import pytest

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]"          # cursor moves, colours
                      r"|\x1b\][^\x07\x1b]*(\x07|\x1b\\)"   # titles
                      r"|\x1b[=>()][0-9A-B]?|\x1b[78DEHMc]|\r")
WAIT = 30          # seconds for any one thing to appear: generous for a loaded machine


class Terminal:
    """ndsh in a pty; `wait_for` reads until the text (escape codes removed) shows up."""

    def __init__(self, tmp_path, *args: str, history: str | None = None):
        env = dict(os.environ, TERM="xterm", NO_COLOR="1", PROMPT_TOOLKIT_NO_CPR="1",
                   XDG_STATE_HOME=str(tmp_path / "state"), COLUMNS="100", LINES="30")
        env.pop("NDSH_HISTORY", None)
        if history is not None:
            env["NDSH_HISTORY"] = history
        self.child = pexpect.spawn(sys.executable, ["-m", "ndsh", *args], env=env,
                                   encoding="utf-8", dimensions=(30, 100), timeout=WAIT)
        self.raw, self.mark = "", 0

    def screen(self) -> str:
        return _ESCAPES.sub("", self.raw)

    def wait_for(self, text: str, pattern: str | None = None) -> None:
        """Read until `text` (or the regular expression `pattern`) appears after what the
        last wait found."""
        deadline = time.monotonic() + WAIT
        search = re.compile(pattern or re.escape(text))
        while True:
            found = search.search(self.screen(), self.mark)
            if found:
                self.mark = found.end()
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {text!r}; the screen ends with:\n"
                                     f"{self.screen()[-1500:]}\nraw: {self.raw[-600:]!r}")
            try:
                self.raw += self.child.read_nonblocking(65536, timeout=0.2)
            except pexpect.TIMEOUT:
                pass
            except pexpect.EOF:
                raise AssertionError(f"ndsh ended before {text!r}:\n"
                                     f"{self.screen()[-1500:]}") from None

    def type(self, text: str) -> None:
        self.child.send(text)

    def leave(self) -> int:
        self.child.sendcontrol("d")
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus

    def close(self) -> None:
        if self.child.isalive():
            self.child.close(force=True)


@pytest.fixture
def terminals():
    opened = []
    yield opened
    for terminal in opened:
        terminal.close()


def test_a_session_at_a_real_terminal(tmp_path, terminals):
    term = Terminal(tmp_path)
    terminals.append(term)
    term.wait_for("%quickref")                      # the banner
    term.wait_for("In [1]: ")
    term.type("x = nd.arange(6).reshape((2, 3))\r")
    term.wait_for("In [2]: ")
    term.type("x * 2\r")
    term.wait_for("Out[2]: NDArray 2x3 float32 @cpu(0)  plain")
    term.wait_for("[ 6.  8. 10.]]")

    term.type("def f(a):\r")                        # a multi-line def, auto-indented
    term.wait_for("...: ")
    term.type("return a + 1\r\r")
    term.wait_for("In [4]: ")
    term.type("f(41)\r")
    term.wait_for("Out[4]: 42")

    term.type("\x1b[200~>>> def g(v):\n...     if v:\n...         return 'yes'\n...\n"
              "...     return 'no'\n>>> g(0)\n'no'\n\x1b[201~")  # a bracketed paste
    term.type("\r")
    term.wait_for("Out[5]: 'no'")

    term.type("nd.elemwise_ad\t")                   # Tab
    # the completed `d` is drawn where the cursor was, after the space the menu took
    term.wait_for("elemwise_add", pattern=r"elemwise_ad[^\w(]*d")
    term.type("(x, x)\r")
    term.wait_for("Out[6]: NDArray 2x3 float32")

    term.type("while True:\r")                      # Ctrl-C stops a loop, keeps the session
    term.wait_for("...: ")
    term.type("x = x + 0\r\r")
    time.sleep(1.0)
    term.child.sendintr()
    term.wait_for("KeyboardInterrupt")
    term.wait_for("In [8]: ")
    term.type("x.sum()\r")
    term.wait_for("Out[8]: NDArray 1 float32")
    term.wait_for("[15.]")

    term.type("half typed\x03")                     # Ctrl-C clears the line
    term.wait_for("In [9]: ")
    assert term.leave() == 0                        # Ctrl-D on an empty line


def test_history_is_kept_across_two_shells(tmp_path, terminals):
    first = Terminal(tmp_path, "-q")
    terminals.append(first)
    first.wait_for("In [1]: ")
    first.type("shared = 40 + 2\r")
    first.wait_for("In [2]: ")
    assert first.leave() == 0
    path = tmp_path / "state" / "ndsh" / "history"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "+shared = 40 + 2" in path.read_text()

    second = Terminal(tmp_path, "-q")
    terminals.append(second)
    second.wait_for("In [1]: ")
    time.sleep(0.5)                                 # the history loads in the background
    second.type("\x1b[A")                           # Up
    second.wait_for("shared = 40 + 2")
    second.type("\r")
    second.wait_for("In [2]: ")
    second.type("shared\r")
    second.wait_for("Out[2]: 42")
    second.type("exit\r")
    second.child.expect(pexpect.EOF)
    second.child.close()
    assert second.child.exitstatus == 0


def test_a_damaged_history_file_never_stops_the_shell(tmp_path, terminals):
    damaged = tmp_path / "history"
    damaged.write_bytes(b"\xff\xfe\x00+x = \x00\n# \n+" + bytes(range(256)) * 20)
    term = Terminal(tmp_path, "-q", history=str(damaged))
    terminals.append(term)
    term.wait_for("In [1]: ")
    term.type("6 * 7\r")
    term.wait_for("Out[1]: 42")
    term.wait_for("In [2]: ")         # keys typed before the prompt reach the tty, not ndsh
    assert term.leave() == 0


def test_scripts_and_doc_never_load_the_shell(tmp_path):
    script = tmp_path / "s.nds"
    script.write_text("import sys\nprint(sorted(m for m in ('prompt_toolkit', 'jedi', "
                      "'ndsh.repl.app') if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-m", "ndsh", "run", str(script)],
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr


def test_a_stdout_that_is_not_a_terminal_gets_a_plain_line_reader(tmp_path):
    """`ndsh | cat`: stdin is the terminal, stdout a pipe. As `python | cat`: the prompts go
    to stderr once each, results to stdout plain; the same shell syntax works."""
    import pty
    master, terminal = pty.openpty()
    env = dict(os.environ, TERM="xterm", XDG_STATE_HOME=str(tmp_path / "state"))
    for name in ("NO_COLOR", "FORCE_COLOR", "NDSH_HISTORY"):
        env.pop(name, None)
    child = subprocess.Popen([sys.executable, "-m", "ndsh"], stdin=terminal,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                             text=True)
    os.close(terminal)
    try:
        os.write(master, b"6 * 7\nfor i in range(2):\n    print(i)\n\n!echo from sh\n"
                         b"x = nd.ones((2,))\nx.sum()\n"
                         b"'prompt_toolkit' in __import__('sys').modules\nexit\n")
        out, err = child.communicate(timeout=60)
    finally:
        os.close(master)
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, err
    assert out == ("Out[1]: 42\n0\n1\nfrom sh\n"
                   "Out[5]: NDArray 1 float32 @cpu(0)  plain\n[2.]\n<NDArray 1 @cpu(0)>\n"
                   "Out[6]: False\n")
    assert "%quickref" in err.split("\n")[0]                       # the banner, on stderr
    prompts = err.split("\n", 1)[1]
    assert prompts == ("In [1]: In [2]:    ...:    ...: In [3]: In [4]: In [5]: "
                       "In [6]: In [7]: ")
    assert "\x1b" not in out + prompts
