"""A notebook cell from text to outputs: the shell's `ShellState` (so the same transform,
magics, `x?`, `_` / `Out` and error reports), with its results, pages, figures and errors
going to a `Publisher` instead of the terminal. The kernel publishes as Jupyter messages;
`ndsh run book.ipynb` prints and records them. Code runs only through the Session.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any, Protocol

from ndsh import errors
from ndsh.display.console import Output
from ndsh.kernel.bundles import BACKEND, value_bundle
from ndsh.repl import magics
from ndsh.repl.magics import MagicError
from ndsh.repl.state import ShellBridge, ShellState
from ndsh.session import Outcome, Session
from ndsh.transform import BRIDGE

_ANSI = {"error": "\x1b[1;31m", "location": "\x1b[32m", "carets": "\x1b[31m",
         "hint": "\x1b[2m", "message": "\x1b[2m"}


class Publisher(Protocol):
    """Where a cell's outputs go."""

    def display(self, data: dict, metadata: dict | None = None, display_id: str | None = None,
                update: bool = False) -> None:
        """Display data (`update`: replace what `display_id` showed)."""

    def result(self, data: dict, metadata: dict, number: int) -> None:
        """The cell's result, `Out[number]`."""

    def page(self, data: dict) -> None:
        """A help page (`x?`): the pager, where the front end has one."""


class CellOutput(Output):
    """The Session's Output in a notebook: plain text on sys.stdout / sys.stderr (the kernel
    turns them into stream messages), and what only a notebook has: the publisher (figures,
    `display`) and progress bars drawn in place (`ndsh.tools.progress` asks for them)."""

    def __init__(self, publisher: Publisher, color: str = "never"):
        super().__init__(color=color)
        self.publisher = publisher

    def progress_bars(self):
        """Bars for `ndsh.progress`: one display, updated in place below the cell."""
        from ndsh.kernel.progress import NotebookBars
        return NotebookBars(self.publisher)


@dataclass
class CellError:
    """A cell that failed: Jupyter's error fields, the report, and the cell's line."""

    ename: str
    evalue: str
    report: errors.ErrorReport | None = None
    lineno: int | None = None
    lines: list[tuple[str, str]] = field(default_factory=list)

    @property
    def traceback(self) -> list[str]:
        """The traceback as Jupyter shows it: lines, coloured with ANSI codes."""
        return [f"{_ANSI[style]}{text}\x1b[0m" if style in _ANSI and text else text
                for style, text in self.lines]

    @property
    def plain(self) -> str:
        return "\n".join(text for _, text in self.lines)


def cell_error(outcome: Outcome, filename: str) -> CellError:
    """The CellError for a cell's outcome (its code was `filename`, `<In [3]>`)."""
    error = outcome.error
    if isinstance(error, SystemExit):
        code = "" if error.code is None else str(error.code)
        return CellError("SystemExit", code, lines=[
            ("error", f"SystemExit: {code}".strip()),
            ("hint", "(the kernel goes on: Kernel > Shut Down stops it)")])
    report = outcome.report or errors.build_report(error)
    lineno = next((frame.lineno for frame in reversed(report.frames)
                   if frame.filename == filename), None)
    if report.location is not None and report.location.filename == filename:
        lineno = report.location.lineno
    return CellError(report.type_name, report.message, report, lineno, report.lines(cells=True))


class CellBridge(ShellBridge):
    """The shell's bridge (`__ndsh__`), with `x?` opening the pager and `%matplotlib`
    showing figures inline."""

    def magic(self, name: str, args: str = "") -> Any:
        if name != "matplotlib":
            return super().magic(name, args)
        try:
            return inline_figures(args)
        except MagicError as problem:
            self._state.output.show_lines([("error", str(problem))], "err")
            return None

    def system(self, command: str) -> None:
        """`!command`: its output comes back through the cell's streams (the kernel's file
        descriptors are not the notebook's)."""
        from ndsh.repl.system import expand, run_command
        output = self._state.output
        status = run_command(expand(command, self._state.namespace), _Piped(output.stdout),
                             _Piped(output.stderr))
        self._state.namespace["_exit_code"] = status

    def getoutput(self, command: str) -> list[str]:
        from ndsh.repl.system import capture_lines, expand
        lines, status = capture_lines(expand(command, self._state.namespace),
                                      _Piped(self._state.output.stderr))
        self._state.namespace["_exit_code"] = status
        return lines

    def draw(self, tool: str, *args: Any, **kwargs: Any) -> None:
        """`%graph`, `%show`, `%plot`: `ndsh.<tool>(...)` shown below the cell as HTML (SVG)
        or PNG, with the terminal's drawing as its text (ndsh.kernel.drawings)."""
        from ndsh.kernel.drawings import drawing_bundle
        bundle = drawing_bundle(tool, args, kwargs)
        if bundle is not None:
            self._state.publisher.display(*bundle)

    def pinfo(self, name: str, source: bool = False) -> None:
        from ndsh.display import doc_view
        from ndsh.doc import NoPage, with_source
        from ndsh.repl.introspection import describe_name

        state = self._state
        try:
            page = describe_name(state.session, name)     # an mx.np array: its array page
        except NoPage as missing:
            state.output.show_lines(doc_view.no_page_lines(missing.name, missing.suggestions),
                                    "err")
            return
        lines = doc_view.page_lines(with_source(page) if source else page, source=source,
                                    width=state.output.width)
        state.publisher.page({"text/plain": "\n".join(text for _, text in lines)})


class _Piped:
    """A stream without a file descriptor, so that a command's output is piped through it."""

    def __init__(self, stream: Any):
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()


def inline_figures(args: str) -> None:
    """`%matplotlib` / `%matplotlib inline`: figures show below the cell."""
    name = args.strip().lower()
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise MagicError("%matplotlib: matplotlib is not installed: pip install 'ndsh[plot]' "
                         "(or pip install matplotlib)") from None
    if name not in ("", "inline"):
        raise MagicError(f"%matplotlib {name}: ndsh's notebooks show figures inline only "
                         "(%matplotlib inline)")
    plt.switch_backend(BACKEND)


def use_inline_figures() -> None:
    """Make the inline backend matplotlib's default in this process (unless MPLBACKEND says
    otherwise), as ipykernel does for IPython's."""
    os.environ.setdefault("MPLBACKEND", BACKEND)


class CellState(ShellState):
    """The shell's state, publishing a cell's outputs instead of writing them.

    Example:
        >>> class Printed:
        ...     def result(self, data, metadata, number): print(number, sorted(data))
        >>> import io
        >>> state = CellState(Session(Output(stdout=io.StringIO(), color="never")), Printed())
        >>> _ = state.run("x = nd.ones((2,))\\nx.sum()", 1)
        1 ['text/html', 'text/plain']
        >>> state.run("x +* 1", 2).ok, state.error.ename, state.error.lines[0]
        (False, 'SyntaxError', ('location', '  Cell In[2], line 1'))
    """

    draws_rich = True           # %graph, %show, %plot as HTML / PNG (ndsh.repl.tool_magics)

    def __init__(self, session: Session, publisher: Publisher):
        super().__init__(session)
        magics.load_magic_modules(warn=session.output.warn)
        self.publisher = publisher
        self.silent = False
        self.error: CellError | None = None
        shown = {BRIDGE: CellBridge(self), "display": self.show}
        self.namespace.update(shown)
        self.startup.update(shown)
        self.after_cell.append(_flush_figures)

    def run(self, text: str, number: int, silent: bool = False) -> Outcome:
        """Run a cell as input `number` (its execution count)."""
        self.count, self.error, self.silent = number, None, silent
        return self.run_cell(text)

    def display(self, value: Any, number: int) -> None:
        """The cell's result: kept as `_`, `_N`, `Out[N]`, and published."""
        if self.silent:
            return
        self.results[number] = value
        previous = self.namespace.get("_"), self.namespace.get("__")
        self.namespace.update({"___": previous[1], "__": previous[0], "_": value,
                               f"_{number}": value})
        try:
            data, metadata = value_bundle(value)
        except Exception as exc:       # a broken __repr__ is the value's error, not the cell's
            self.last_error = exc
            self.output.show_error(errors.build_report(exc))
            return
        if self.precision is not None:                     # %precision
            from ndsh.display.results import format_scalar
            data["text/plain"] = format_scalar(value, self.precision) or data["text/plain"]
        self.publisher.result(data, metadata, number)

    def show(self, *values: Any, **ignored: Any) -> None:
        """`display(x, ...)`: show each value below the cell, as IPython's `display`."""
        for value in values:
            data, metadata = value_bundle(value)
            self.publisher.display(data, metadata)

    def report(self, outcome: Outcome, original: str = "", code: str = "") -> None:
        """The cell's own error becomes the cell's error reply; code a magic ran reports on
        stderr, as in the shell."""
        if not original and not code:
            return super().report(outcome, original, code)
        self.last_error = outcome.error
        if isinstance(outcome.error, KeyboardInterrupt) and outcome.report is not None:
            outcome.report.message = ""     # the user stopped it: nothing to explain
        if outcome.report is not None and code != original:
            from ndsh.repl.state import _quote_as_typed
            _quote_as_typed(outcome.report, self.filename(self.current), original, code)
        self.error = cell_error(outcome, self.filename(self.current))

    def interrupted(self) -> CellError:
        """The error of a cell stopped by Ctrl-C outside the user's code."""
        self.error = CellError("KeyboardInterrupt", "", lines=[("error", "KeyboardInterrupt")])
        return self.error


def _flush_figures(state: CellState) -> None:
    """After each cell, as IPython's inline backend: the figures it left open are shown."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if state.silent or pyplot is None or pyplot.get_backend() != BACKEND:
        return
    from ndsh.kernel.figures import flush_figures
    flush_figures(state.publisher)
