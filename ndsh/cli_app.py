"""The `ndsh` command's typer app: every command line but the plain `ndsh [run] FILE`, which
ndsh.cli.main runs without importing typer (see cli_routing.plain_run). The commands are a few
lines each over cli_run.py (run, the shell) and ndsh.doc (doc); `ndsh kernel` over
ndsh.kernel.spec.

    ndsh run FILE [ARGS]...     run a script; ARGS go to the script as sys.argv[1:]
    ndsh FILE [ARGS]...         the same, so `#!/usr/bin/env ndsh` works
    ndsh -c CODE [ARGS]...      run a one-liner
    ndsh run - / piped stdin    run the script read from stdin
    ndsh doc [NAME]             the page for a name; --search WORD; no name: the namespaces
    ndsh run book.ipynb         run a notebook's code cells (--inplace: write the outputs back)
    ndsh kernel install|list|remove   the Jupyter kernel's kernelspec

typer 0.29 would coerce every parameter through pydantic; the command classes here skip it
(`_NoPydantic`), since importing pydantic costs about what importing numpy does.
"""
from __future__ import annotations

import enum
import sys

import typer
from typer.core import TyperCommand, TyperGroup

from ndsh import __version__
from ndsh.cli_routing import route, stdin_is_tty
from ndsh.cli_run import (
    EXIT_PIPE_CLOSED,
    EXIT_USAGE,
    finish,
    flush_stdout,
    make_session,
    run_command,
    start_shell,
)
from ndsh.display.console import Output, silence_closed_stdout


class _NoPydantic:
    """typer 0.29 coerces every parameter through a pydantic TypeAdapter, and importing
    pydantic alone costs about what importing numpy does: more than ndsh's start-up budget.
    ndsh's parameters are strings, lists of strings, flags and one Enum, which click's parsing
    already gives, so they skip pydantic. Typers without that hook are left alone."""

    def get_params(self, ctx):
        params = super().get_params(ctx)      # includes the help option, made on demand
        for param in params:
            descriptor = getattr(param, "type_descriptor", None)
            if descriptor is not None and hasattr(param, "get_runtime_param"):
                coercion = _PlainCoercion(descriptor.annotation)
                param.get_runtime_param = lambda coercion=coercion: coercion
            if getattr(param, "param_type_name", "") == "argument":
                _plain_argument_help(param)
        return params


def _plain_argument_help(param) -> None:
    """An argument with a metavar is listed in help as its metavar (`FILE`, `ARGS...`), not
    with typer's Python type after it (`FILE <str>`, `ARGS <list[str]>`)."""
    if getattr(param, "metavar", None) is None:
        return
    if hasattr(param, "display_type_rich"):
        param.display_type_rich = lambda ctx: ""
    if hasattr(param, "_rich_display_name") and param.nargs != 1:
        name = f"{param.metavar}..."
        param._rich_display_name = lambda: name


class PlainCommand(_NoPydantic, TyperCommand):
    """A typer command whose parameters skip pydantic (see `_NoPydantic`)."""


class ScriptRoutingGroup(_NoPydantic, TyperGroup):
    """A typer group that accepts a script where a command name would go."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, route(args, set(self.commands), stdin_is_tty()))


class _PlainCoercion:
    """Values as click parsed them, with the Color choice checked."""

    def __init__(self, annotation):
        self.annotation = annotation

    def coerce(self, value, param, ctx):
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        if isinstance(self.annotation, type) and issubclass(self.annotation, enum.Enum):
            try:
                return self.annotation(value)
            except ValueError:
                choices = ", ".join(member.value for member in self.annotation)
                raise typer.BadParameter(f"{value!r} is not one of {choices}.", ctx=ctx,
                                         param=param) from None
        return list(value) if isinstance(value, (list, tuple)) else value


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
    session = make_session(Color(color).value, traceback, no_mxnet_alias, context)
    if command is not None:      # `route` sends -c to `run`; this is for direct callers
        raise typer.Exit(finish(session.run_with_argv(command, "<string>", "-c", [], echo),
                                session.output))
    raise typer.Exit(start_shell(session, quiet=quiet, vi=vi, suggest=suggest))


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
    raise typer.Exit(run_command(file, args, command, echo, Color(color).value, traceback,
                                 no_mxnet_alias, trace, trace_file, context, inplace))


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
    if not flush_stdout():
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
