"""The `ndsh` command (typer): thin commands over `ndsh.session.Session`.

    ndsh run FILE [ARGS]...     run a script; ARGS go to the script as sys.argv[1:]
    ndsh FILE [ARGS]...         the same, so `#!/usr/bin/env ndsh` works
    ndsh -c CODE [ARGS]...      run a one-liner
    ndsh run - / piped stdin    run the script read from stdin
    ndsh doc [NAME]             the page for a name; --search WORD; no name: the namespaces
    ndsh run book.ipynb         run a notebook's code cells (--inplace: write the outputs back)
    ndsh kernel install|list|remove   the Jupyter kernel's kernelspec

Exit codes: 0 success, 1 an error in the script, 2 a usage error, 130 Ctrl-C, 141 when the
reader of stdout went away (`ndsh run s.nds | head -1`; quietly, as other tools do).
"""
from __future__ import annotations

import contextlib
import enum
import os
import sys
from typing import Iterator

import typer
from typer.core import TyperGroup

from ndsh import __version__
from ndsh.cli_routing import PlainCommand, ScriptRoutingGroup, _NoPydantic, stdin_is_tty
from ndsh.display.console import Output, silence_closed_stdout
from ndsh.session import ContextError, Outcome, Session

EXIT_USAGE, EXIT_PIPE_CLOSED = 2, 141


class Color(str, enum.Enum):
    auto = "auto"
    always = "always"
    never = "never"


app = typer.Typer(
    name="ndsh", cls=ScriptRoutingGroup, invoke_without_command=True, add_completion=False,
    pretty_exceptions_enable=False, rich_markup_mode=None,
    subcommand_metavar="[FILE | COMMAND] [ARGS]...",
    context_settings={"help_option_names": ["-h", "--help"]},
    help="ndsh: the array shell. MXNet's nd and autograd on numpy.\n\n"
         "ndsh FILE [ARGS]... runs a script (as `ndsh run`); ndsh -c CODE runs a one-liner; "
         "with no arguments ndsh reads a script from a piped stdin, or starts the shell.")

COLOR = typer.Option(Color.auto, "--color", help="Colour: auto (at a terminal, unless "
                     "NO_COLOR or TERM=dumb; FORCE_COLOR forces it), always or never.")
TRACEBACK = typer.Option(False, "--traceback", help="Show the full traceback, ndsh's frames "
                         "included (also NDSH_TRACEBACK=1).")
NO_ALIAS = typer.Option(False, "--no-mxnet-alias", help="Let `import mxnet` import an "
                        "installed MXNet instead of ndsh's engine.")
ECHO = typer.Option(False, "--echo", help="Show the value of each top-level expression, as "
                    "the shell does: a notebook-style file gives a transcript.")
COMMAND = typer.Option(None, "-c", "--command", metavar="CODE", help="Run CODE; the "
                       "arguments after it go to sys.argv[1:].")
TRACE = typer.Option(False, "--trace", help="Trace every backward on stderr: node by node, "
                     "the op, its line, the gradient's shape, norm, min and max, and where a NaN "
                     "or Inf first appears.")
TRACE_FILE = typer.Option(None, "--trace-file", metavar="FILE", help="Write the trace as JSON "
                          "lines to FILE instead (implies --trace).")


INPLACE = typer.Option(False, "--inplace", help="With a notebook (.ipynb): write the outputs "
                       "back into it, as `jupyter nbconvert --execute --inplace` does.")
CTX = typer.Option(None, "--ctx", metavar="CONTEXT", help="The default context for new "
                   "arrays, e.g. gpu(0) (also NDSH_CTX).")
QUIET = typer.Option(False, "-q", "--quiet", help="Start the shell without its banner.")
VI = typer.Option(False, "--vi", help="vi keys in the shell (emacs keys by default).")
SUGGEST = typer.Option(False, "--suggest", help="Suggest from history as you type in the "
                       "shell (also NDSH_SUGGEST=1).")


@app.callback()
def ndsh(ctx: typer.Context, command: str | None = COMMAND, echo: bool = ECHO,
         color: Color = COLOR, traceback: bool = TRACEBACK, no_mxnet_alias: bool = NO_ALIAS,
         quiet: bool = QUIET, vi: bool = VI, suggest: bool = SUGGEST, context: str | None = CTX,
         version: bool = typer.Option(False, "--version", help="Print the version and exit.",
                                      is_eager=True)) -> None:
    if version:
        typer.echo(f"ndsh {__version__} (MXNet 1.9.1 API)")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is not None:
        return
    session = _session(color, traceback, no_mxnet_alias, context)
    if command is not None:      # `route` sends -c to `run`; this is for direct callers
        raise typer.Exit(finish(session.run_with_argv(command, "<string>", "-c", [], echo),
                                session.output))
    raise typer.Exit(_start_shell(session, quiet=quiet, vi=vi, suggest=suggest))


def _session(color: Color, traceback: bool, no_mxnet_alias: bool,
             context: str | None = None) -> Session:
    output = Output(color=color.value if isinstance(color, Color) else str(color))
    session = Session(output, mxnet_alias=not no_mxnet_alias, full_traceback=traceback)
    if context:
        _default_context(session, context, "--ctx")
    else:
        _default_context(session, os.environ.get("NDSH_CTX"), "NDSH_CTX")
    return session


def _default_context(session: Session, text: str | None, source: str = "--ctx") -> None:
    """--ctx / NDSH_CTX: where new arrays go; a GPU that cannot be used is a usage error,
    which names where the context came from (the option, or the environment variable)."""
    if not text:
        return
    try:
        session.set_context(text)
    except ContextError as error:
        given = f"--ctx {text}" if source == "--ctx" else f"{source}={text} (from the environment)"
        session.output.warn(f"ndsh: {given}: {error.problem}")
        raise typer.Exit(EXIT_USAGE) from None


def _start_shell(session: Session, quiet: bool = False, vi: bool = False,
                 suggest: bool = False) -> int:
    """The interactive shell (issue 4) lives in ndsh.repl and is imported only here. With
    stdout not a terminal (`ndsh | tee log`) it is a plain line reader, as `python | cat`."""
    if not _stdout_is_tty():
        from ndsh.repl.plain import run_plain
        return run_plain(session, quiet=quiet)
    try:
        from ndsh.repl.app import run_shell  # type: ignore[import-not-found]
    except ModuleNotFoundError as missing:
        if not (missing.name or "").startswith("ndsh.repl"):
            raise
        session.output.warn("ndsh: the interactive shell is not available yet; run a script "
                            "with `ndsh run FILE` (see `ndsh --help`).")
        return EXIT_USAGE
    return run_shell(session, quiet=quiet, vi=vi, suggest=suggest)


@app.command(cls=PlainCommand, context_settings={"allow_interspersed_args": False})
def run(file: str | None = typer.Argument(None, metavar="FILE", help="The script; - reads "
                                          "it from stdin."),
        args: list[str] | None = typer.Argument(None, metavar="ARGS",
                                                help="Arguments for the script (sys.argv[1:])."),
        command: str | None = COMMAND, echo: bool = ECHO, color: Color = COLOR,
        traceback: bool = TRACEBACK, no_mxnet_alias: bool = NO_ALIAS, trace: bool = TRACE,
        trace_file: str | None = TRACE_FILE, context: str | None = CTX,
        inplace: bool = INPLACE) -> None:
    """Run a script with nd, autograd, ndsh, np and mx bound; everything after FILE is the
    script's. A notebook (FILE.ipynb) runs its code cells in order."""
    session = _session(color, traceback, no_mxnet_alias, context)
    if not (trace or trace_file):
        _run_in(session, file, args, command, echo, inplace)
    from ndsh.tools.tracing import set_trace
    set_trace(True, file=trace_file)
    try:
        _run_in(session, file, args, command, echo, inplace)
    finally:        # closes the trace file; left open, it was closed at interpreter exit
        set_trace(False)


def _run_in(session: Session, file: str | None, args: list[str] | None, command: str | None,
            echo: bool, inplace: bool) -> None:
    """The body of `ndsh run`: ends by raising typer.Exit with the exit code."""
    args = list(args or [])
    is_notebook = command is None and file is not None and file.endswith(".ipynb")
    if inplace and not is_notebook:
        session.output.warn("ndsh run: --inplace writes outputs back into a notebook: give a "
                            "FILE.ipynb")
        raise typer.Exit(EXIT_USAGE)
    if is_notebook:
        raise typer.Exit(_run_notebook(session, file, args, inplace))
    if command is not None:
        argv = ([file] if file is not None else []) + args
        outcome = session.run_with_argv(command, "<string>", "-c", argv, echo)
    elif file is None and stdin_is_tty():
        session.output.warn("ndsh run: missing FILE: give a script, `-` for stdin, or -c CODE")
        raise typer.Exit(EXIT_USAGE)
    elif file is None or file == "-":
        text = sys.stdin.read()
        outcome = session.run_with_argv(text, "<stdin>", file or "", args, echo)
    else:
        try:
            outcome = session.run_file(file, args, echo)
        except OSError as exc:
            session.output.warn(f"ndsh: can't open file {file!r}: [Errno {exc.errno}] "
                                f"{exc.strerror}{_command_hint(file)}")
            raise typer.Exit(EXIT_USAGE) from None
        except (SyntaxError, UnicodeDecodeError) as exc:   # a bad `# coding:` line
            session.output.warn(f"ndsh: can't read {file!r}: {exc}")
            raise typer.Exit(1) from None
    raise typer.Exit(finish(outcome, session.output))


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


def _stdout_is_tty() -> bool:
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
    `sys.exit("message")` message, or nothing at all when stdout's reader went away."""
    if outcome.pipe_closed or not _flush_stdout():
        silence_closed_stdout()
        return EXIT_PIPE_CLOSED
    if isinstance(outcome.error, SystemExit):
        code = outcome.error.code
        if code is not None and not isinstance(code, int):
            output.stderr.write(f"{code}\n")
    elif outcome.report is not None:
        output.show_error(outcome.report)
    return outcome.exit_code


def _flush_stdout() -> bool:
    try:
        sys.stdout.flush()
        return True
    except BrokenPipeError:
        return False
    except (OSError, ValueError, AttributeError):
        return True


@app.command(cls=PlainCommand)
def doc(name: str | None = typer.Argument(None, metavar="NAME", help="nd.dot, dot, "
                                          "elemwise_add, autograd.record, NDArray.reshape..."),
        search: str | None = typer.Option(None, "--search", "-s", metavar="WORD",
                                          help="Rank the names and summaries that match."),
        source: bool = typer.Option(False, "--source", help="Add the source code."),
        color: Color = COLOR) -> None:
    """The page for a name; with no name, the namespaces and their sizes. The name is looked
    up, never evaluated."""
    output = Output(color=color.value)
    try:
        code = _doc(output, name, search, source)
    except BrokenPipeError:
        code = EXIT_PIPE_CLOSED
    if not _flush_stdout():
        code = EXIT_PIPE_CLOSED
    if code == EXIT_PIPE_CLOSED:
        silence_closed_stdout()
    raise typer.Exit(code)


def _doc(output: Output, name: str | None, search: str | None, source: bool) -> int:
    from ndsh.display import doc_view
    from ndsh.doc import NoPage, describe, namespace_sizes, with_source
    from ndsh.doc.search import search as search_names

    if search is not None:
        found = search_names(search)
        if not found:
            output.warn(f"ndsh doc: nothing matches {search!r}")
            return 1
        output.show_lines(doc_view.listing_lines([(e.name, e.summary) for e in found],
                                                 output.width))
        return 0
    if name is None:
        output.show_lines(doc_view.namespace_lines(namespace_sizes()))
        return 0
    try:
        page = describe(name)          # ndsh's names and tools: no Session to build
    except NoPage as missing:
        output.show_lines(doc_view.no_page_lines(missing.name, missing.suggestions), "err")
        return 1
    output.show_page(with_source(page) if source else page, source=source)
    return 0


class PlainGroup(_NoPydantic, TyperGroup):
    """A typer group of commands whose parameters skip pydantic (`ndsh kernel ...`)."""


kernel_app = typer.Typer(name="kernel", cls=PlainGroup, no_args_is_help=True,
                         add_completion=False, pretty_exceptions_enable=False,
                         rich_markup_mode=None,
                         help="The Jupyter kernel: install, list or remove its kernelspec "
                              "(needs the [notebook] extra).")
app.add_typer(kernel_app)


@kernel_app.command("install", cls=PlainCommand)
def kernel_install(
        user: bool = typer.Option(False, "--user", help="For this user (the default)."),
        sys_prefix: bool = typer.Option(False, "--sys-prefix", help="Into this Python's "
                                        "prefix (a virtual environment's, or conda's)."),
        prefix: str | None = typer.Option(None, "--prefix", metavar="P", help="Under prefix "
                                          "P (P/share/jupyter/kernels)."),
        name: str = typer.Option("ndsh", "--name", metavar="N", help="The kernelspec's name."),
        display_name: str | None = typer.Option(None, "--display-name", metavar="TEXT",
                                                help="The name the launcher shows (default "
                                                "'ndsh (MXNet API)').")) -> None:
    """Register the ndsh kernel where Jupyter looks (as `python -m ipykernel install`)."""
    if sum([user, sys_prefix, prefix is not None]) > 1:
        _usage("ndsh kernel install: give one of --user, --sys-prefix, --prefix P")
    spec = _kernel_spec()
    where = sys.prefix if sys_prefix else prefix
    try:
        folder = spec.install(user=where is None, prefix=where, name=name,
                              display_name=display_name)
    except (OSError, ValueError) as problem:
        _usage(f"ndsh kernel install: {problem}", code=1)
    typer.echo(f"Installed kernelspec {name} in {folder}")


@kernel_app.command("list", cls=PlainCommand)
def kernel_list() -> None:
    """The kernelspecs Jupyter finds: name, folder, display name."""
    found = _kernel_spec().installed()
    if not found:
        typer.echo("No kernelspecs found (ndsh kernel install adds ndsh's)")
        return
    width = max(len(name) for name in found)
    for name, (folder, display) in found.items():
        typer.echo(f"{name.ljust(width)}  {folder}  ({display})")


@kernel_app.command("remove", cls=PlainCommand)
def kernel_remove(name: str = typer.Argument("ndsh", metavar="NAME",
                                             help="The kernelspec (default ndsh).")) -> None:
    """Remove a kernelspec."""
    try:
        folder = _kernel_spec().remove(name)
    except KeyError:
        _usage(f"ndsh kernel remove: no kernelspec named {name!r} (ndsh kernel list shows "
               "them)", code=1)
    except OSError as problem:
        _usage(f"ndsh kernel remove: {problem}", code=1)
    typer.echo(f"Removed {folder}")


def _kernel_spec():
    """ndsh.kernel.spec, or a usage error saying how to install the [notebook] extra."""
    try:
        import jupyter_client  # noqa: F401
    except ImportError:
        _usage("ndsh kernel: Jupyter's client library is not installed: "
               "pip install 'ndsh[notebook]'")
    from ndsh.kernel import spec
    return spec


def _usage(message: str, code: int = EXIT_USAGE):
    Output().warn(message)
    raise typer.Exit(code)


def main(argv: list[str] | None = None) -> None:
    """The console script: `ndsh`, and `python -m ndsh` (typer's standalone mode: usage
    errors exit 2 with typer's message)."""
    app(args=argv, prog_name="ndsh")
