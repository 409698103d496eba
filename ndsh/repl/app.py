"""The interactive shell: a prompt_toolkit loop over `ndsh.repl.state.ShellState`, which runs
each input through the Session.

    $ ndsh
    ndsh 0.1.0 · numpy 2.2.6 backend on cpu(0) · Python 3.11.9 · x? help · %quickref
    In [1]: x = nd.ones((2, 3))

Ctrl-C clears the line, or interrupts a running computation with the session kept; Ctrl-D on
an empty line, `exit` or `quit` leave with status 0.
"""
from __future__ import annotations

import os
import sys
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.history import History, InMemoryHistory, ThreadedHistory
from prompt_toolkit.shortcuts import CompleteStyle

from ndsh.display.console import Output
from ndsh.repl import magics
from ndsh.repl.completer import NamespaceCompleter, signature_hint
from ndsh.repl.history import SharedFileHistory, history_path
from ndsh.repl.keys import shell_key_bindings
from ndsh.repl.plain import banner
from ndsh.repl.state import ShellState
from ndsh.repl.style import continuation_text, make_lexer, make_style, prompt_text
from ndsh.session import Session

EXIT_OK, EXIT_BROKEN = 0, 1
MAX_FAILURES_IN_A_ROW = 5


def main(quiet: bool = False, vi: bool = False, suggest: bool = False, color: str = "auto",
         mxnet_alias: bool = True, full_traceback: bool = False) -> int:
    """Start the shell on this terminal and give the exit status when it ends.

    `quiet` drops the banner, `vi` gives vi keys (emacs otherwise), `suggest` shows grey
    suggestions from history as you type (also NDSH_SUGGEST=1).
    """
    session = Session(Output(color=color), mxnet_alias=mxnet_alias,
                      full_traceback=full_traceback)
    return run_shell(session, quiet=quiet, vi=vi, suggest=suggest)


def run_shell(session: Session, quiet: bool = False, vi: bool = False,
              suggest: bool = False) -> int:
    """Run the shell over an existing Session (what `ndsh` with no arguments calls)."""
    shell = Shell(session, vi=vi, suggest=suggest)
    if not quiet:
        session.output.show_lines([("hint", banner(session.context))], "err")
        shell.blank_before_prompt = True
    return shell.interact()


def wants_suggestions(flag: bool, environ: dict[str, str] | None = None) -> bool:
    """History suggestions are off unless asked for: `--suggest` or NDSH_SUGGEST=1."""
    env = os.environ if environ is None else environ
    return flag or env.get("NDSH_SUGGEST", "").strip().lower() in ("1", "true", "yes", "on")


class Shell:
    """The terminal side of the shell: prompt, keys, completion, history, the loop.

    `input` / `output` are prompt_toolkit's (a pipe input and a DummyOutput in tests);
    `history` defaults to the shared history file.
    """

    def __init__(self, session: Session, vi: bool = False, suggest: bool = False,
                 input: Any = None, output: Any = None, history: History | None = None):
        self.session = session
        self._input, self._output = input, output
        self.file_history = history if history is not None else self._open_history()
        self.state = ShellState(session, confirm=self.confirm,
                                history=self.file_history
                                if isinstance(self.file_history, SharedFileHistory) else None)
        magics.load_magic_modules(warn=session.output.warn)
        self.prompt = PromptSession(
            message=self._message, multiline=True, prompt_continuation=self._continuation,
            lexer=make_lexer(ready=self._redraw), style=make_style(),
            include_default_pygments_style=False,
            completer=NamespaceCompleter(session.namespace), complete_in_thread=True,
            complete_style=CompleteStyle.COLUMN, complete_while_typing=False,
            history=ThreadedHistory(self.file_history), enable_history_search=True,
            auto_suggest=AutoSuggestFromHistory() if wants_suggestions(suggest) else None,
            key_bindings=shell_key_bindings(), vi_mode=vi, enable_open_in_editor=True,
            tempfile_suffix=".py", input=input, output=output)
        # A blank line before each prompt but the first, as IPython's `separate_in`: an input
        # and its output read as one block. Not after Ctrl-C cleared a line.
        self.blank_before_prompt = False
        buffer = self.prompt.default_buffer
        buffer.on_text_changed += self._update_hint
        buffer.on_cursor_position_changed += self._update_hint

    def _redraw(self) -> None:
        """Repaint the input (from another thread: the highlighting became ready)."""
        prompt = getattr(self, "prompt", None)
        if prompt is not None and prompt.app.is_running:
            prompt.app.invalidate()

    def _open_history(self) -> History:
        try:
            return SharedFileHistory(history_path(), warn=self.session.output.warn)
        except Exception as exc:          # e.g. no home folder: keep the shell usable
            self.session.output.warn(f"ndsh: history kept in memory only ({exc})")
            return InMemoryHistory()

    # ----- the prompt -------------------------------------------------------------------
    def _message(self) -> StyleAndTextTuples:
        return prompt_text(self.state.count)

    def _continuation(self, width: int, line_number: int, wrap_count: int
                      ) -> StyleAndTextTuples:
        return continuation_text(width)

    def _update_hint(self, buffer: Any) -> None:
        """The signature of the call the cursor is in, below the input (None hides it)."""
        try:
            hint = signature_hint(buffer.document.text_before_cursor, self.session.namespace)
        except Exception:
            hint = None
        if hint:
            width = self.prompt.app.output.get_size().columns - 1
            hint = hint if len(hint) <= width else hint[:max(1, width - 1)] + "…"
        self.prompt.bottom_toolbar = hint or None

    def confirm(self, question: str) -> bool:
        """Ask a yes/no question at the terminal (%reset); anything but y/yes is no."""
        try:
            answer = PromptSession(input=self._input, output=self._output).prompt(question)
        except (KeyboardInterrupt, EOFError):
            return False
        return answer.strip().lower() in ("y", "yes")

    # ----- the loop ---------------------------------------------------------------------
    def read(self) -> str:
        """One input from the prompt. Raises KeyboardInterrupt (Ctrl-C) and EOFError
        (Ctrl-D on an empty line)."""
        if self.blank_before_prompt:
            self._write_blank_line()
        self.blank_before_prompt = True
        try:
            return self.prompt.prompt()
        except KeyboardInterrupt:
            self.blank_before_prompt = False
            raise
        finally:
            self.prompt.bottom_toolbar = None

    def _write_blank_line(self) -> None:
        stream = self.session.output.stdout
        try:
            stream.write("\n")
            stream.flush()
        except (OSError, ValueError):     # a closed stdout: the prompt still works
            pass

    def step(self) -> int | None:
        """Read and run one input; an exit status when the shell should end, else None."""
        try:
            text = self.read()
        except KeyboardInterrupt:
            return None                   # the line is cleared; same prompt number
        except EOFError:
            return EXIT_OK
        if not text.strip():
            return None
        try:
            outcome = self.state.run_cell(text)
        except KeyboardInterrupt:         # between statements, or while showing a value
            self.session.output.show_lines([("error", "KeyboardInterrupt")], "err")
            return None
        if isinstance(outcome.error, SystemExit):
            return outcome.exit_code
        return None

    def interact(self) -> int:
        """The loop: until Ctrl-D, `exit` or `sys.exit(n)`. Nothing the user's code does
        (an error, Ctrl-C, a broken display) ends it otherwise."""
        failures = 0
        while True:
            try:
                status = self.step()
                failures = 0
            except Exception as exc:      # a bug of ndsh's own: say so and go on
                failures += 1
                self.session.output.warn(f"ndsh: internal error: {type(exc).__name__}: {exc}"
                                         " (the session is intact)")
                # the same failure every time (a terminal gone): do not spin
                status = EXIT_BROKEN if failures >= MAX_FAILURES_IN_A_ROW else None
            if status is not None:
                _flush()
                return status


def _flush() -> None:
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
