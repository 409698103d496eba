"""The body of `ndsh run` (and of the bare `ndsh`'s shell), over the Session: exit codes in,
exit codes out. Nothing here imports typer: `ndsh run FILE` reaches `run_command` through
`ndsh.cli.main` without it (cli_routing.plain_run), every other command line through typer
(cli_app.py), and both give the same output and exit codes.

Exit codes: 0 success, 1 an error in the script, 2 a usage error, 130 Ctrl-C, 141 when the
reader of stdout went away (`ndsh run s.nds | head -1`; quietly, as other tools do).
"""
from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import Iterator

from ndsh.cli_routing import stdin_is_tty
from ndsh.display.console import Output, silence_closed_stdout
from ndsh.session import ContextError, Outcome, Session

EXIT_USAGE, EXIT_INTERRUPTED, EXIT_PIPE_CLOSED = 2, 130, 141


def make_session(color: str = "auto", traceback: bool = False, no_mxnet_alias: bool = False,
                 context: str | None = None) -> Session:
    """The Session a command runs code in; a --ctx (or NDSH_CTX) that cannot be used exits
    with a usage error (SystemExit(2)), which names where the context came from.

    Example:
        >>> make_session(color="never").run_with_argv("print(6 * 7)", "<string>", "-c", [],
        ...                                          False).exit_code
        42
        0
    """
    output = Output(color=color)
    session = Session(output, mxnet_alias=not no_mxnet_alias, full_traceback=traceback)
    text, source = (context, "--ctx") if context else (os.environ.get("NDSH_CTX"), "NDSH_CTX")
    if text:
        try:
            session.set_context(text)
        except ContextError as error:
            given = f"--ctx {text}" if source == "--ctx" else \
                f"{source}={text} (from the environment)"
            session.output.warn(f"ndsh: {given}: {error.problem}")
            raise SystemExit(EXIT_USAGE) from None
    return session


def run_command(file: str | None = None, args: list[str] | None = None,
                command: str | None = None, echo: bool = False, color: str = "auto",
                traceback: bool = False, no_mxnet_alias: bool = False, trace: bool = False,
                trace_file: str | None = None, context: str | None = None,
                inplace: bool = False) -> int:
    """`ndsh run`: run a script, -c CODE, stdin or a notebook; returns the exit code.

    Example:
        >>> run_command(command="print(nd.ones(2).sum().asscalar())", color="never")
        2.0
        0
    """
    session = make_session(color, traceback, no_mxnet_alias, context)
    if not (trace or trace_file):
        return _run_in(session, file, args, command, echo, inplace)
    from ndsh.tools.tracing import set_trace
    set_trace(True, file=trace_file)
    try:
        return _run_in(session, file, args, command, echo, inplace)
    finally:        # closes the trace file; left open, it was closed at interpreter exit
        set_trace(False)


def run_plain(options: dict) -> int:
    """`run_command(**options)` as typer's standalone mode would end it: Ctrl-C outside the
    script's own code 130, an end of input "Aborted!" and 1, a closed stdout 1.

    Example:
        >>> run_plain({"command": "import sys; sys.exit(3)"})
        3
    """
    try:
        return run_command(**options)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except EOFError:
        sys.stderr.write("\nAborted!\n")
        return 1
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        silence_closed_stdout()
        return 1


def _run_in(session: Session, file: str | None, args: list[str] | None, command: str | None,
            echo: bool, inplace: bool) -> int:
    args = list(args or [])
    is_notebook = command is None and file is not None and file.endswith(".ipynb")
    if inplace and not is_notebook:
        session.output.warn("ndsh run: --inplace writes outputs back into a notebook: give a "
                            "FILE.ipynb")
        return EXIT_USAGE
    if is_notebook:
        return _run_notebook(session, file, args, inplace)
    if command is not None:
        argv = ([file] if file is not None else []) + args
        outcome = session.run_with_argv(command, "<string>", "-c", argv, echo)
    elif file is None and stdin_is_tty():
        session.output.warn("ndsh run: missing FILE: give a script, `-` for stdin, or -c CODE")
        return EXIT_USAGE
    elif file is None or file == "-":
        text = sys.stdin.read()
        outcome = session.run_with_argv(text, "<stdin>", file or "", args, echo)
    else:
        try:
            outcome = session.run_file(file, args, echo)
        except OSError as exc:
            session.output.warn(f"ndsh: can't open file {file!r}: [Errno {exc.errno}] "
                                f"{exc.strerror}{_command_hint(file)}")
            return EXIT_USAGE
        except (SyntaxError, UnicodeDecodeError) as exc:   # a bad `# coding:` line
            session.output.warn(f"ndsh: can't read {file!r}: {exc}")
            return 1
    return finish(outcome, session.output)


def _run_notebook(session: Session, file: str, args: list[str], inplace: bool) -> int:
    """`ndsh run book.ipynb`: a file that cannot be read as a notebook is a usage error (2)."""
    from ndsh.kernel.notebook import NotebookError, run_notebook
    try:
        with _script_argv([file, *args]):
            code = run_notebook(session, file, inplace=inplace)
    except OSError as exc:
        session.output.warn(f"ndsh: can't open file {file!r}: [Errno {exc.errno}] "
                            f"{exc.strerror}")
        return EXIT_USAGE
    except NotebookError as problem:
        session.output.warn(f"ndsh: {problem}")
        return EXIT_USAGE
    return finish(Outcome(), session.output) if code == 0 else code


@contextlib.contextmanager
def _script_argv(argv: list[str]) -> Iterator[None]:
    saved, sys.argv = sys.argv, argv
    try:
        yield
    finally:
        sys.argv = saved


def start_shell(session: Session, quiet: bool = False, vi: bool = False,
                suggest: bool = False) -> int:
    """The interactive shell (ndsh.repl, imported only here); with stdout not a terminal
    (`ndsh | tee log`) a plain line reader, as `python | cat`. Returns the exit code.

    Example:
        >>> callable(start_shell)      # it reads stdin until its end: not run here
        True
    """
    if not stdout_is_tty():
        from ndsh.repl.plain import run_plain as run_plain_shell
        return run_plain_shell(session, quiet=quiet)
    try:
        from ndsh.repl.app import run_shell  # type: ignore[import-not-found]
    except ModuleNotFoundError as missing:
        if not (missing.name or "").startswith("ndsh.repl"):
            raise
        session.output.warn("ndsh: the interactive shell is not available yet; run a script "
                            "with `ndsh run FILE` (see `ndsh --help`).")
        return EXIT_USAGE
    return run_shell(session, quiet=quiet, vi=vi, suggest=suggest)


def stdout_is_tty() -> bool:
    """Whether stdout is a terminal (none, or a closed one, is not).

    Example:
        >>> stdout_is_tty() in (True, False)
        True
    """
    try:
        return sys.stdout is not None and sys.stdout.isatty()
    except ValueError:
        return False


def _command_hint(file: str) -> str:
    """`ndsh rnu`: a missing file whose name is close to a command was probably meant as one."""
    import difflib
    close = difflib.get_close_matches(file, ["run", "doc"], n=1, cutoff=0.6)
    return f" (did you mean the command `ndsh {close[0]}`?)" if close else ""


def finish(outcome: Outcome, output: Output) -> int:
    """Show how the code ended and give the exit status: the error report on stderr, a
    `sys.exit("message")` message, or nothing at all when stdout's reader went away.

    Example:
        >>> finish(Outcome(), Output(color="never"))
        0
    """
    if outcome.pipe_closed or not flush_stdout():
        silence_closed_stdout()
        return EXIT_PIPE_CLOSED
    if isinstance(outcome.error, SystemExit):
        code = outcome.error.code
        if code is not None and not isinstance(code, int):
            output.stderr.write(f"{code}\n")
    elif outcome.report is not None:
        output.show_error(outcome.report)
    return outcome.exit_code


def flush_stdout() -> bool:
    """Flush stdout; False when its reader went away.

    Example:
        >>> flush_stdout()
        True
    """
    try:
        sys.stdout.flush()
        return True
    except BrokenPipeError:
        return False
    except (OSError, ValueError, AttributeError):
        return True
