"""What the shell remembers between inputs, apart from the terminal: the numbered inputs and
results (`_`, `__`, `___`, `_N`, `Out`), the last error, the display precision, and
`run_cell`, which takes one input from typed text to shown result.

Nothing here draws on the terminal or imports prompt_toolkit: a test can drive a ShellState
with strings, and a magic gets one to work with.
"""
from __future__ import annotations

from typing import Any, Callable

from ndsh import errors
from ndsh.repl import magics
from ndsh.repl.introspection import search_names, shell_dir, show_page
from ndsh.session import Outcome, Session, quiet_own_warnings
from ndsh.transform import BRIDGE, dedent_cell, strip_prompts, transform_cell, wants_silence

Confirm = Callable[[str], bool]


class ShellExit:
    """Leave the shell: `exit`, `exit()`, `quit` or Ctrl-D on an empty line."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, code: Any = None) -> None:
        raise SystemExit(code)

    def __repr__(self) -> str:
        return f"Use {self.name} or Ctrl-D to leave ndsh"


class ShellBridge:
    """The object the transform's rewrites call (bound as `__ndsh__`)."""

    def __init__(self, state: "ShellState"):
        self._state = state

    def magic(self, name: str, args: str = "") -> Any:
        """`%name args`."""
        try:
            return magics.call_magic(self._state, name, args)
        except magics.MagicError as problem:
            self._state.output.show_lines([("error", str(problem))], "err")
            return None

    def system(self, command: str) -> None:
        """`!command`: run it on the terminal; its exit status goes to `_exit_code`."""
        from ndsh.repl.system import expand, run_command
        output = self._state.output
        status = run_command(expand(command, self._state.namespace), output.stdout,
                             output.stderr)
        self._state.namespace["_exit_code"] = status

    def getoutput(self, command: str) -> list[str]:
        """`x = !command` and `!!command`: its output lines, as a list of str."""
        from ndsh.repl.system import capture_lines, expand
        lines, status = capture_lines(expand(command, self._state.namespace),
                                      self._state.output.stderr)
        self._state.namespace["_exit_code"] = status
        return lines

    def pinfo(self, name: str, source: bool = False) -> None:
        """`name?` and `name??`."""
        show_page(self._state.session, name, source=source)

    def psearch(self, pattern: str) -> None:
        """`nd.*dot*?`."""
        from ndsh.display.doc_view import listing_lines
        found = search_names(self._state.namespace, pattern)
        if not found:
            self._state.output.show_lines([("hint", f"nothing matches {pattern!r}")], "err")
            return
        self._state.output.show_lines(listing_lines(found, self._state.output.width))


class ShellState:
    """The shell's memory of one session.

    Example:
        >>> import io
        >>> from ndsh.display.console import Output
        >>> state = ShellState(Session(Output(stdout=io.StringIO(), color="never")))
        >>> _ = state.run_cell("x = nd.ones((2,))"); _ = state.run_cell("x.sum()")
        >>> print(state.output.stdout.getvalue(), end="")
        Out[2]: NDArray 1 float32 @cpu(0)  plain
        [2.]
        <NDArray 1 @cpu(0)>
        >>> state.namespace["_2"] is state.namespace["_"]
        True
    """

    def __init__(self, session: Session, confirm: Confirm | None = None, history: Any = None):
        self.session = session
        self.confirm: Confirm = confirm or (lambda question: False)
        self.history = history            # a SharedFileHistory, for `%history -g`
        self.count = 1                    # the number of the next input
        self.current = 0                  # the number of the input running now
        self.inputs: dict[int, str] = {}
        self.results: dict[int, Any] = {}
        self.last_error: BaseException | None = None
        self.precision: int | None = None
        # called with this state after each input (`%matplotlib` saves the figures it drew)
        self.after_cell: list[Callable[[ShellState], None]] = []
        self.namespace.update({BRIDGE: ShellBridge(self), "dir": shell_dir,
                               "exit": ShellExit("exit"), "quit": ShellExit("quit"),
                               "Out": self.results})
        if "mx" in self.namespace:        # gluon at hand as nd and autograd are (loaded on use)
            from ndsh.mxnet_compat import lazy_module
            self.namespace.setdefault("gluon", lazy_module("gluon"))
        self.startup = dict(self.namespace)

    @property
    def namespace(self) -> dict[str, Any]:
        return self.session.namespace

    @property
    def output(self):
        return self.session.output

    @staticmethod
    def filename(number: int) -> str:
        """The name tracebacks give input `number`."""
        return f"<In [{number}]>"

    # ----- running an input -------------------------------------------------------------
    def run_cell(self, text: str) -> Outcome:
        """Run one input as typed: rewrite shell syntax, run it in the Session, show its value
        (unless it ends in `;`) or its error. A SystemExit comes back in the outcome for the
        shell to act on."""
        number = self.current = self.count
        self.count += 1
        self.inputs[number] = text
        typed = dedent_cell(strip_prompts(text))
        code = transform_cell(typed)
        outcome = self.session.run(code, filename=self.filename(number))
        if outcome.error is not None:
            self.report(outcome, original=typed, code=code)
        elif outcome.value is not None and not wants_silence(text):
            self.display(outcome.value, number)
        for hook in list(self.after_cell):
            try:
                hook(self)
            except Exception as exc:   # e.g. a figure that cannot be saved: the user's to fix
                self.last_error = exc
                self.output.show_error(errors.build_report(exc))
        return outcome

    def run_nested(self, code: str, tag: str) -> Outcome:
        """Run code on behalf of a magic (`%time CODE`), with its own name in tracebacks so
        that the cell's own lines are still quoted right."""
        filename = f"<In [{self.current}] {tag}>"
        code = transform_cell(code)
        outcome = self.session.run(code, filename=filename)
        if isinstance(outcome.error, SystemExit):
            raise outcome.error
        if outcome.error is not None:
            self.report(outcome)
        return outcome

    def report(self, outcome: Outcome, original: str = "", code: str = "") -> None:
        """Show an error compactly: the user's frames, with the lines as typed."""
        if isinstance(outcome.error, SystemExit) or outcome.report is None:
            return
        self.last_error = outcome.error
        report = outcome.report
        if isinstance(outcome.error, KeyboardInterrupt):
            if report.full_text is not None:
                self.output.show_lines([("error", "KeyboardInterrupt")], "err")
                return
            report.message = ""       # no operands to describe: the user stopped it
        if original and code != original:
            _quote_as_typed(report, self.filename(self.current), original, code)
        self.output.show_error(report)

    def display(self, value: Any, number: int) -> None:
        """Show a result as `Out[number]` and keep it in `_`, `__`, `___`, `_number`."""
        from ndsh.display.results import show_result

        self.results[number] = value
        previous = self.namespace.get("_"), self.namespace.get("__")
        self.namespace.update({"___": previous[1], "__": previous[0], "_": value,
                               f"_{number}": value})
        try:
            with quiet_own_warnings():        # the summary of an array of inf / nan
                show_itself = getattr(type(value), "_ndsh_show_", None)
                if show_itself is not None:           # graphs, gradchecks, dir listings...
                    show_itself(value, self.output)
                elif _is_block(value):                # a net: its tree of layers
                    from ndsh.display.segments import show_segments
                    from ndsh.tools.nets import net_summary
                    show_segments(self.output, net_summary(value).lines(f"Out[{number}]: "))
                else:
                    show_result(self.output, value, f"Out[{number}]: ", self.precision)
        except Exception as exc:       # a broken __repr__ is the value's error, not the shell's
            self.last_error = exc
            self.output.show_error(errors.build_report(exc))

    # ----- names ------------------------------------------------------------------------
    def user_names(self) -> list[str]:
        """The names the user defined (or rebound), in the order they were made."""
        return [name for name, value in self.namespace.items()
                if not name.startswith("_") and
                (name not in self.startup or self.startup[name] is not value)]

    def reset(self) -> int:
        """Forget every user name and result; give back how many names went."""
        gone = [name for name in self.namespace if name not in self.startup
                or self.namespace[name] is not self.startup[name]]
        for name in gone:
            del self.namespace[name]
        self.namespace.update(self.startup)
        self.results.clear()
        self.last_error = None
        return len([name for name in gone if not name.startswith("_")])


def _is_block(value: Any) -> bool:
    """Whether `value` is a Gluon Block (without importing Gluon when nothing used it)."""
    import sys
    block_base = sys.modules.get("ndsh.gluon.block_base")
    return block_base is not None and isinstance(value, block_base.Block)


def _quote_as_typed(report: errors.ErrorReport, filename: str, original: str,
                    code: str) -> None:
    """A line the transform rewrote (`%time f()`) is quoted as the user typed it."""
    typed, ran = original.split("\n"), code.split("\n")
    if len(typed) != len(ran):
        return
    for frame in report.frames + ([report.location] if report.location else []):
        if frame.filename != filename or not frame.lineno or frame.lineno > len(typed):
            continue
        index = frame.lineno - 1
        if typed[index] != ran[index]:
            frame.line, frame.start, frame.end = typed[index].strip(), None, None
