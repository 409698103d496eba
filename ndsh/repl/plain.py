"""The shell when stdout is not a terminal (`ndsh | tee log`, `ndsh > out.txt`): a plain line
reader, as `python | cat` gives a plain REPL.

Lines are read from stdin (the terminal's own line editing applies), and each input runs
through the same ShellState and Session as in the full shell, so magics, `x?`, `!cmd` and
`Out[N]` behave the same. The prompts (`In [1]: `, `   ...: `) and the banner go to stderr,
so stdout holds only results, without colour. No auto-indent and no completion: prompt_toolkit
is not imported. Ctrl-C drops the input being typed; Ctrl-D (end of input), `exit` or
`quit` leave.
"""
from __future__ import annotations

import platform
import sys
from typing import TextIO

from ndsh.display.console import silence_closed_stdout
from ndsh.repl import magics
from ndsh.repl.editing import input_is_complete
from ndsh.repl.state import ShellState
from ndsh.session import Session

EXIT_OK, EXIT_PIPE_CLOSED = 0, 141
CONTINUATION = "...: "


def banner(context: object) -> str:
    """The one-line start-up banner: versions, backend, the default context (the Session's
    `context`), how to get help."""
    import numpy

    from ndsh import __version__
    return (f"ndsh {__version__} · numpy {numpy.__version__} backend on {context}"
            f" · Python {platform.python_version()} · x? help · %quickref")


class LineReader:
    """Inputs read a line at a time from `stdin`, with prompts on `prompts`."""

    def __init__(self, stdin: TextIO, prompts: TextIO):
        self.stdin, self.prompts = stdin, prompts

    def ask(self, prompt: str) -> str:
        """One line (without its end); EOFError at the end of the input."""
        self.prompts.write(prompt)
        self.prompts.flush()
        line = self.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")

    def read_cell(self, number: int) -> str:
        """One input: lines until it is complete (an empty line ends a block). The end of
        the input in the middle of one gives what was read."""
        first = f"In [{number}]: "
        lines = [self.ask(first)]
        while not input_is_complete("\n".join(lines)):
            try:
                lines.append(self.ask(CONTINUATION.rjust(len(first))))
            except EOFError:
                break
        return "\n".join(lines).rstrip()

    def confirm(self, question: str) -> bool:
        """A yes/no question (%reset): anything but y/yes, or no answer, is no."""
        try:
            return self.ask(question).strip().lower() in ("y", "yes")
        except (EOFError, KeyboardInterrupt):
            return False


def run_plain(session: Session, quiet: bool = False, stdin: TextIO | None = None) -> int:
    """Read and run inputs until the end of stdin, `exit` or `sys.exit(n)`; the exit
    status."""
    magics.load_magic_modules(warn=session.output.warn)
    reader = LineReader(stdin if stdin is not None else sys.stdin, session.output.stderr)
    state = ShellState(session, confirm=reader.confirm)
    if not quiet:
        session.output.show_lines([("hint", banner(session.context))], "err")
    while True:
        try:
            text = reader.read_cell(state.count)
        except KeyboardInterrupt:
            _say(reader.prompts, "\nKeyboardInterrupt\n")
            continue
        except EOFError:
            _say(reader.prompts, "\n")
            return EXIT_OK
        if not text.strip():
            continue
        try:
            outcome = state.run_cell(text)
        except KeyboardInterrupt:         # between statements, or while showing a value
            session.output.show_lines([("error", "KeyboardInterrupt")], "err")
            continue
        if not _flush(session.output.stdout, sys.stdout) or outcome.pipe_closed:
            silence_closed_stdout()       # `ndsh | head -3`: the reader went away
            return EXIT_PIPE_CLOSED
        if isinstance(outcome.error, SystemExit):
            return outcome.exit_code


def _say(stream: TextIO, text: str) -> None:
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        pass


def _flush(*streams: TextIO) -> bool:
    """Results reach a pipe as each input ends, not when its buffer fills. False when the
    pipe's reader has gone."""
    for stream in streams:
        try:
            stream.flush()
        except BrokenPipeError:
            return False
        except (OSError, ValueError, AttributeError):
            pass
    return True
