"""The Session: the one place user code is compiled and run, for `ndsh run`, `ndsh -c`, the
shell and the docstring tests alike.

A Session holds the user's namespace (with `nd`, `autograd`, `np` and `mx` bound), runs text
as a module (`run`), says whether typed text is a complete statement (`is_complete`), finds
doc pages (`describe`), and is where the front ends read and set the default context
(`context`, `set_context`). It prints only what the code asks for: echoed values and
`help(...)` pages go through its `Output`; errors come back in the Outcome for the front end
to show.
"""
from __future__ import annotations
import __future__

import ast
import builtins
import codeop
import contextlib
import linecache
import os
import re
import sys
import types
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

import numpy

import ndsh
from ndsh.display.console import Output
from ndsh.engine import autograd, backend, nd
from ndsh.engine.context import Context, current_context, parse_context, set_default_context
from ndsh.transform import script_source, script_syntax_message

if TYPE_CHECKING:
    from ndsh.doc.page import DocPage
    from ndsh.errors import ErrorReport

EXIT_OK, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 130


@dataclass
class Outcome:
    """What running some code came to.

    `value` is the value of the last statement when it is an expression (what a shell
    shows); `error` the exception that stopped the code, and `report` its user-facing report.
    """

    value: Any = None
    error: BaseException | None = None
    report: ErrorReport | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def exit_code(self) -> int:
        """The exit status of a script that ended this way (Python's rules for SystemExit)."""
        if self.error is None:
            return EXIT_OK
        if isinstance(self.error, SystemExit):
            code = self.error.code
            return EXIT_OK if code is None else code if isinstance(code, int) else EXIT_ERROR
        if isinstance(self.error, KeyboardInterrupt):
            return EXIT_INTERRUPTED
        return EXIT_ERROR

    @property
    def pipe_closed(self) -> bool:
        """True when the code stopped because the reader of stdout went away."""
        return isinstance(self.error, BrokenPipeError)


class ContextError(ValueError):
    """A context that cannot be the default: `text` as given, `problem` the parser's or the
    device's error, `context` the Context it named (None when it names none).

    Example:
        >>> print(ContextError("tpu(0)", ValueError("unknown device type 'tpu'")))
        'tpu(0)' is not a context (unknown device type 'tpu'); try cpu(0), gpu(0) or dask(0)
    """

    def __init__(self, text: str, problem: BaseException, context: Context | None = None):
        self.text, self.problem, self.context = text, problem, context
        if context is None:
            message = f"{text!r} is not a context ({problem}); try cpu(0), gpu(0) or dask(0)"
        else:
            message = f"{context} is not available: {problem}"
        super().__init__(message)


def is_complete(text: str) -> bool:
    """Whether `text` is ready to run, as Python's REPL decides: open brackets, strings and
    `def f():` with no body want more; so does a block until an empty line ends it. Text that
    cannot compile counts as complete, so that running it reports the error.

    Example:
        >>> is_complete("x = [1,"), is_complete("x = [1,\\n 2]"), is_complete("1 +* 2")
        (False, True, True)
        >>> is_complete("for i in x:\\n    print(i)"), is_complete("for i in x:\\n    print(i)\\n")
        (False, True)
    """
    if not text.strip():
        return True
    try:
        code = codeop.compile_command(text, "<input>", "exec")
    except (SyntaxError, ValueError, OverflowError):
        return True
    if code is None:
        return False
    if "\n" in text and not text.split("\n")[-1].strip():
        return True            # an empty last line closes any block
    try:
        last = ast.parse(text).body[-1]
    except (SyntaxError, IndexError):
        return True
    return not hasattr(last, "body")


def register_source(filename: str, text: str) -> None:
    """Let tracebacks and warnings quote lines of code that has no file (stdin, -c, the
    shell), and quote the text that ran rather than a file edited since."""
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)


class Session:
    """A user namespace and the means to run code in it.

    Example:
        >>> import io
        >>> session = Session(Output(stdout=io.StringIO(), color="never"))
        >>> session.run("x = nd.ones((2,))\\nx.sum()").value
        <BLANKLINE>
        [2.]
        <NDArray 1 @cpu(0)>
    """

    def __init__(self, output: Output | None = None, mxnet_alias: bool = True,
                 full_traceback: bool = False):
        self.output = output or Output()
        self.mxnet_alias = mxnet_alias
        self.full_traceback = full_traceback
        self.namespace: dict[str, Any] = self.fresh_namespace()

    def fresh_namespace(self) -> dict[str, Any]:
        """A namespace as a script starts with: `nd`, `autograd`, `ndsh`, `np`, `mx`, `help`.

        It is the `__dict__` of a module named `__main__`, which stands in for
        `sys.modules["__main__"]` while code runs (as `python script.py` has it), so that
        `pickle` finds classes the script defines."""
        self.module = types.ModuleType("__main__")
        namespace: dict[str, Any] = self.module.__dict__
        namespace.update({"__builtins__": builtins, "nd": nd, "autograd": autograd,
                          "ndsh": ndsh, "np": numpy, "help": self.help})
        if self.mxnet_alias:
            from ndsh.mxnet_compat import mxnet
            namespace["mx"] = mxnet
        return namespace

    # ----- running code -----------------------------------------------------------------
    def run(self, text: str, filename: str = "<string>", echo: bool = False) -> Outcome:
        """Run `text` as a module in the namespace. With `echo`, show the value of each
        top-level expression statement as the shell does (and keep it in `_`)."""
        register_source(filename, text)
        try:
            chunks = _compile_chunks(text, filename, split_all=echo)
        except (SyntaxError, ValueError) as exc:
            return Outcome(error=exc, report=self._report(exc))
        outcome = Outcome()
        try:
            with quiet_own_warnings(), self._aliases(), self._watching():
                for code, is_expression in chunks:
                    if not is_expression:
                        exec(code, self.namespace)
                        outcome.value = None
                        continue
                    outcome.value = eval(code, self.namespace)
                    if echo and outcome.value is not None:
                        self.namespace["_"] = outcome.value
                        self.output.show_value(outcome.value)
        except SystemExit as exc:
            outcome.error = exc
        except BaseException as exc:      # KeyboardInterrupt too: the front end decides
            outcome.error, outcome.report = exc, self._report(exc)
        return outcome

    def run_file(self, path: str, argv: list[str] | None = None, echo: bool = False) -> Outcome:
        """Run a script file as Python runs one: `__file__` set, `sys.argv` = [path, *argv],
        and the script's folder first on `sys.path` (all restored afterwards).
        Raises OSError when the file cannot be read."""
        import tokenize
        with tokenize.open(path) as source:    # honours a `# coding:` line
            text = source.read()
        self.namespace["__file__"] = path
        with _script_environment([path, *(argv or [])],
                                 os.path.dirname(os.path.abspath(path))):
            return self._as_script(self.run(script_source(text), filename=path, echo=echo),
                                   text)

    def run_with_argv(self, text: str, filename: str, argv0: str, argv: list[str],
                      echo: bool = False) -> Outcome:
        """Run code that has no file (`-c`, stdin) with `sys.argv` = [argv0, *argv]."""
        with _script_environment([argv0, *argv], os.getcwd()):
            return self._as_script(self.run(script_source(text), filename=filename,
                                            echo=echo), text)

    def _as_script(self, outcome: Outcome, text: str) -> Outcome:
        """A script is plain Python (but for `%matplotlib [inline]`, a no-op: script_source):
        a line of the shell's syntax in it (`!ls`, `%time`, `x?`) is a SyntaxError that says
        so and what to write instead."""
        error = outcome.error
        if not isinstance(error, SyntaxError) or not error.lineno:
            return outcome
        lines = text.split("\n")
        message = script_syntax_message(lines[error.lineno - 1]) \
            if error.lineno <= len(lines) else None
        if message is not None:
            error.msg = message
            outcome.report = self._report(error)
        return outcome

    def is_complete(self, text: str) -> bool:
        """Whether `text` is ready to run (see `ndsh.session.is_complete`)."""
        return is_complete(text)

    def _report(self, exc: BaseException) -> ErrorReport:
        from ndsh import errors  # loaded when code fails: a script that runs pays nothing
        from ndsh.tools.user_terms import in_user_terms
        in_user_terms(exc)          # the engine's arrays named as the user's variables
        return errors.build_report(exc, full=errors.wants_full_traceback(self.full_traceback))

    def _watching(self):
        """While user code runs: recorded ops get their source lines, and ndsh.show,
        ndsh.graph... draw on this session's Output (ndsh.tools)."""
        from ndsh.tools.scope import session_scope
        return session_scope(self.output)

    @contextlib.contextmanager
    def _aliases(self) -> Iterator[None]:
        """While user code runs: its module is `__main__`, `mxnet` is ndsh's engine, and
        `IPython.display` has the `set_matplotlib_formats` d2l calls (ndsh.ipython_compat)."""
        from ndsh.ipython_compat import display_functions
        saved_main = sys.modules.get("__main__")
        sys.modules["__main__"] = self.module
        try:
            if not self.mxnet_alias:
                with display_functions():
                    yield
                return
            from ndsh.mxnet_compat import mxnet_alias
            with mxnet_alias(), display_functions():
                yield
        finally:
            if saved_main is None:
                sys.modules.pop("__main__", None)
            else:
                sys.modules["__main__"] = saved_main

    # ----- contexts ---------------------------------------------------------------------
    @property
    def context(self) -> Context:
        """The default context for new arrays (`%ctx`, the shell's banner)."""
        return current_context()

    def set_context(self, context: str | Context) -> Context:
        """Make `context` (`"gpu(0)"`, `"cpu"`, or a Context) the default for new arrays, after
        checking that it can be used: a GPU context loads CuPy and finds its device now. Raises
        ContextError, which says what is wrong, and leaves the default as it was.

        Example:
            >>> import io
            >>> session = Session(Output(stdout=io.StringIO(), color="never"))
            >>> session.set_context("cpu(1)"), session.run("nd.ones((1,)).context").value
            (cpu(1), cpu(1))
            >>> session.set_context("tpu")
            Traceback (most recent call last):
            ndsh.session.ContextError: 'tpu' is not a context (unknown device type 'tpu': \
use 'cpu', 'gpu' or 'dask'); try cpu(0), gpu(0) or dask(0)
            >>> session.set_context(nd.cpu()), session.context
            (cpu(0), cpu(0))
        """
        text = context if isinstance(context, str) else str(context)
        try:
            parsed = parse_context(context) if isinstance(context, str) else Context(context)
        except (ValueError, TypeError) as problem:
            raise ContextError(text, problem) from problem
        try:
            parsed.xp                     # noqa: B018 - loads CuPy and checks the device
        except Exception as problem:
            raise ContextError(text, problem, parsed) from problem
        set_default_context(parsed)
        return parsed

    @staticmethod
    def synchronize() -> None:
        """Wait until the work queued on a GPU is done (nothing to wait for on the CPU): what
        a timing does before it reads the clock."""
        backend.synchronize()

    # ----- documentation ----------------------------------------------------------------
    def describe(self, name: str) -> DocPage:
        """The doc page for a name: ndsh's public names first, then the session's variables.
        The name is looked up, never evaluated. Raises `ndsh.doc.NoPage`."""
        from ndsh.doc import describe  # not needed to run code: keep it off start-up
        return describe(name, self.namespace)

    def help(self, target: Any = None) -> None:
        """`help(x)` inside ndsh: ndsh's page for its own names and arrays, Python's help
        for anything else."""
        from ndsh import doc
        if target is None:
            return builtins.help()
        if isinstance(target, str):
            try:
                page = self.describe(target)
            except doc.NoPage:
                return builtins.help(target)
            return self.output.show_page(page)
        if doc.knows(target):
            return self.output.show_page(doc.describe_object(target, self._name_of(target)))
        return builtins.help(target)

    def _name_of(self, value: Any) -> str:
        """The user's name for a value of the session's (`help(x)` says "x is..."), or ""."""
        from ndsh.engine.ndarray import NDArray
        if not isinstance(value, NDArray) and type(value).__module__ != "mxnet.numpy":
            return ""
        return next((name for name, bound in self.namespace.items()
                     if bound is value and not name.startswith("_")), "")


# numpy's RuntimeWarnings ("divide by zero encountered in divide") raised from ndsh's own
# modules: MXNet gives inf / nan silently, and the warning would point at ndsh's source.
_OWN_RUNTIME_WARNINGS = ("ignore", None, RuntimeWarning, re.compile(r"ndsh(\.|$)"), 0)


@contextlib.contextmanager
def quiet_own_warnings() -> Iterator[None]:
    """While user code runs, numpy's RuntimeWarnings from ndsh's ops (and its display and
    tracing) are not shown; numpy called directly from the user's code warns as usual.

    One warnings filter, for modules under `ndsh`, put first and taken out afterwards (only
    that entry: filters the user's code adds stay). Nested runs (`%time` in the shell) share
    the outer one's.

    Example:
        >>> import io
        >>> session = Session(Output(stdout=io.StringIO(), color="never"))
        >>> with warnings.catch_warnings(record=True) as seen:
        ...     warnings.simplefilter("always")
        ...     _ = session.run("a = nd.ones(2) / 0     # ndsh's op: silent, as in MXNet\\n"
        ...                     "b = np.ones(2) / 0     # numpy itself: warns as usual")
        >>> [str(w.message) for w in seen]
        ['divide by zero encountered in divide']
    """
    if _OWN_RUNTIME_WARNINGS in warnings.filters:
        yield
        return
    warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"ndsh(\.|$)")
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            warnings.filters.remove(_OWN_RUNTIME_WARNINGS)
        mutated = getattr(warnings, "_filters_mutated", None)
        if mutated is not None:     # forget what was skipped while the filter was there
            mutated()


def _compile_chunks(text: str, filename: str, split_all: bool) -> list[tuple[Any, bool]]:
    """Code objects to run in order, each flagged when it is an expression to evaluate.

    The last statement is split off when it is an expression (its value is the outcome's);
    with `split_all`, every top-level expression is, so that each can be echoed.
    """
    tree = ast.parse(text, filename)
    flags = _future_flags(tree)
    chunks: list[tuple[Any, bool]] = []
    pending: list[ast.stmt] = []

    def flush():
        if pending:
            module = ast.Module(body=list(pending), type_ignores=[])
            chunks.append((compile(module, filename, "exec", flags, dont_inherit=True), False))
            pending.clear()

    for number, statement in enumerate(tree.body):
        last = number == len(tree.body) - 1
        if isinstance(statement, ast.Expr) and (split_all or last):
            flush()
            expression = ast.Expression(body=statement.value)
            chunks.append((compile(expression, filename, "eval", flags, dont_inherit=True),
                           True))
        else:
            pending.append(statement)
    flush()
    return chunks


def _future_flags(tree: ast.Module) -> int:
    """Compiler flags of the `from __future__` imports, for the chunks after the first."""
    flags = 0
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom) and statement.module == "__future__":
            for alias in statement.names:
                feature = getattr(__future__, alias.name, None)
                flags |= getattr(feature, "compiler_flag", 0)
    return flags


@contextlib.contextmanager
def _script_environment(argv: list[str], folder: str) -> Iterator[None]:
    saved_argv, saved_path = sys.argv, list(sys.path)
    sys.argv = argv
    sys.path.insert(0, folder)
    try:
        yield
    finally:
        sys.argv = saved_argv
        sys.path[:] = saved_path
