"""The shell's own magics: %time, %timeit, %run, %who, %whos, %reset, %history, %precision,
%ctx, %tb and %quickref. (How to add one: see `ndsh.repl.magics`.)"""
from __future__ import annotations

import math
import os
import shlex
import shutil
import sys
import textwrap
import time
import timeit
from typing import Any, Callable

import numpy as np

from ndsh import errors
from ndsh.display.values import engine_array
from ndsh.repl.magics import MAGICS, MagicError, magic
from ndsh.repl.state import ShellState
from ndsh.session import ContextError


def _print(state: ShellState, text: str) -> None:
    state.output.show_lines([("text", line) for line in text.split("\n")])


def format_seconds(seconds: float) -> str:
    """A duration with a unit people read at a glance.

    Example:
        >>> format_seconds(0.00123), format_seconds(2.5), format_seconds(3.2e-7)
        ('1.23 ms', '2.5 s', '320 ns')
    """
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def _synchronized_clock(state: ShellState) -> Callable[[], float]:
    """A clock that first waits for the session's queued GPU work: time it when it is done."""
    def clock() -> float:
        state.session.synchronize()
        return time.perf_counter()
    return clock


@magic("time")
def time_magic(state: ShellState, args: str) -> Any:
    """Run a statement once and print its wall and CPU time: %time x.sum()"""
    if not args.strip():
        raise MagicError("usage: %time STATEMENT")
    clock = _synchronized_clock(state)
    wall, cpu = clock(), time.process_time()
    outcome = state.run_nested(args, "%time")
    wall, cpu = clock() - wall, time.process_time() - cpu
    _print(state, f"CPU time: {format_seconds(cpu)}, Wall time: {format_seconds(wall)}")
    return outcome.value if outcome.ok else None


@magic("timeit")
def timeit_magic(state: ShellState, args: str) -> None:
    """Time a statement over many runs: %timeit [-n LOOPS] [-r REPEATS] x.sum()"""
    loops, repeats, statement = _timeit_options(args)
    if not state.run_nested(statement, "%timeit").ok:      # a first run finds errors
        return
    from ndsh.transform import transform_cell
    timer = timeit.Timer(transform_cell(statement), globals=state.namespace,
                         timer=_synchronized_clock(state))
    try:
        if loops is None:
            loops, first = timer.autorange()
            if first / loops > 0.5 and repeats is None:
                repeats = 3        # slow statements: fewer repeats, as the total would drag
        totals = timer.repeat(repeat=repeats or 7, number=loops)
    except KeyboardInterrupt:      # timeit's own frames would only be noise
        raise MagicError("KeyboardInterrupt: %timeit stopped") from None
    per_loop = [total / loops for total in totals]
    mean = sum(per_loop) / len(per_loop)
    spread = math.sqrt(sum((t - mean) ** 2 for t in per_loop) / len(per_loop))
    _print(state, f"{format_seconds(mean)} ± {format_seconds(spread)} per loop (mean ± std. "
                  f"dev. of {len(per_loop)} runs, {loops:,} loop{'s' * (loops != 1)} each)")


def _timeit_options(args: str) -> tuple[int | None, int | None, str]:
    """(-n, -r, the statement) from `%timeit` arguments.

    Example:
        >>> _timeit_options("-n 10 -r 3 x + 1")
        (10, 3, 'x + 1')
    """
    loops = repeats = None
    words = args.strip().split(" ")
    while len(words) >= 2 and words[0] in ("-n", "-r"):
        try:
            value = int(words[1])
        except ValueError:
            raise MagicError(f"%timeit: {words[0]} wants a number, not {words[1]!r}") from None
        if words[0] == "-n":
            loops = value
        else:
            repeats = value
        words = words[2:]
    statement = " ".join(words).strip()
    if not statement:
        raise MagicError("usage: %timeit [-n LOOPS] [-r REPEATS] STATEMENT")
    return loops, repeats, statement


@magic("run")
def run_magic(state: ShellState, args: str) -> None:
    """Run a script in the shell's namespace; its variables stay: %run train.nds [ARGS]"""
    try:
        words = shlex.split(args)
    except ValueError as exc:                 # an unclosed quote
        raise MagicError(f"%run: {exc}") from None
    if not words:
        raise MagicError("usage: %run FILE [ARGS]...")
    path, argv = words[0], words[1:]
    had_file, old_file = "__file__" in state.namespace, state.namespace.get("__file__")
    try:
        outcome = state.session.run_file(os.path.expanduser(path), argv)
    except OSError as exc:
        raise MagicError(f"%run: can't open {path!r}: {exc.strerror}") from None
    except (SyntaxError, UnicodeDecodeError) as exc:
        raise MagicError(f"%run: can't read {path!r}: {exc}") from None
    finally:
        state.namespace.pop("__file__", None)
        if had_file:
            state.namespace["__file__"] = old_file
    if isinstance(outcome.error, SystemExit):
        if outcome.exit_code:
            _print(state, f"({path} exited with status {outcome.exit_code})")
    elif outcome.error is not None:
        state.report(outcome)


@magic("who")
def who_magic(state: ShellState, args: str) -> None:
    """List your variables; %who NDArray lists only those of that type."""
    wanted = args.split()
    names = [name for name in state.user_names()
             if not wanted or type(state.namespace[name]).__name__ in wanted]
    if not names:
        _print(state, "No variables" + (f" of type {', '.join(wanted)}" if wanted else "")
               + ".")
        return
    width = shutil.get_terminal_size((100, 24)).columns
    cell = max(len(name) for name in names) + 2
    per_line = max(1, width // cell)
    rows = [names[i:i + per_line] for i in range(0, len(names), per_line)]
    _print(state, "\n".join("".join(name.ljust(cell) for name in row).rstrip() for row in rows))


@magic("whos")
def whos_magic(state: ShellState, args: str) -> None:
    """A table of your variables: name, type, shape, dtype, context, bytes; numbers and short
    strings with their value."""
    rows = [whos_row(name, state.namespace[name]) for name in state.user_names()]
    if not rows:
        _print(state, "No variables.")
        return
    header = ("Variable", "Type", "Shape", "Dtype", "Context", "Bytes", "Value")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row):
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()

    out = [("heading", line(header)), ("dim", line(tuple("-" * w for w in widths)))]
    state.output.show_lines(out + [("text", line(row)) for row in rows])


WHOS_VALUE_WIDTH = 40


def whos_row(name: str, value: Any) -> tuple[str, ...]:
    """One `%whos` row; arrays are described from shape and dtype, never printed; numbers
    and short strings show their value (as IPython's `%whos` does).

    Example:
        >>> whos_row("w", nd.zeros((3, 4)))
        ('w', 'NDArray', '3x4', 'float32', 'cpu(0)', '48 B', '-')
        >>> whos_row("s", 2.5), whos_row("t", "relu")
        (('s', 'float', '-', '-', '-', '-', '2.5'), ('t', 'str', '-', '-', '-', '-', "'relu'"))
    """
    kind = type(value).__name__
    if "ndsh.gluon" in sys.modules:        # nets, Parameters, ParameterDicts, Trainers
        from ndsh.tools.nets import whos_fields
        fields = whos_fields(value)
        if fields is not None:
            return (name, kind, *fields)
    array = engine_array(value)         # an NDArray, or the one an mx.np array wraps
    if array is not None:
        dtype = np.dtype(array.dtype)
        return (name, kind, "x".join(map(str, array.shape)) or "()", dtype.name,
                str(array.context), format_bytes(array.size * dtype.itemsize), "-")
    if isinstance(value, np.ndarray):
        return (name, kind, "x".join(map(str, value.shape)) or "()", value.dtype.name, "-",
                format_bytes(value.nbytes), "-")
    if isinstance(value, np.generic):        # np.float32(2.5): a number with a dtype
        return (name, kind, "-", value.dtype.name, "-", "-", short_value(value))
    return (name, kind, "-", "-", "-", "-", short_value(value))


def short_value(value: Any) -> str:
    """A number's or a string's value in a few characters, a container's length (`n=3`, as
    IPython shows it); "-" for anything else (its repr could be long, or slow, or fail).

    Example:
        >>> short_value(3), short_value(True), short_value("a" * 50), short_value([1, 2])
        ('3', 'True', "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…", 'n=2')
        >>> short_value({"w": 1}), short_value(print)
        ('n=1', '-')
    """
    try:
        if isinstance(value, (bool, int, float, complex, np.number, np.bool_)) or value is None:
            text = str(value)
        elif isinstance(value, str):
            text = repr(value)
        elif isinstance(value, (list, tuple, dict, set, frozenset, range)):
            text = f"n={len(value)}"
        else:
            return "-"
    except ValueError:          # an int of more than 4300 digits has no str
        return "-"
    return text if len(text) <= WHOS_VALUE_WIDTH else text[:WHOS_VALUE_WIDTH - 1] + "…"


def format_bytes(count: int) -> str:
    """Bytes, in B, KiB, MiB or GiB.

    Example:
        >>> format_bytes(48), format_bytes(4 * 2**20)
        ('48 B', '4.0 MiB')
    """
    if count < 1024:
        return f"{count} B"
    for unit in ("KiB", "MiB", "GiB"):
        count /= 1024
        if count < 1024 or unit == "GiB":
            return f"{count:.1f} {unit}"
    return f"{count} B"


@magic("reset")
def reset_magic(state: ShellState, args: str) -> None:
    """Delete all your variables and results (asks first; %reset -f does not)."""
    if "-f" not in args.split() and not state.confirm(
            "Delete all your variables? This cannot be undone [y/N] "):
        _print(state, "Nothing deleted.")
        return
    count = state.reset()
    _print(state, f"Deleted {count} variable{'s' * (count != 1)}.")


@magic("history")
def history_magic(state: ShellState, args: str) -> None:
    """This session's inputs; %history N: the last N; %history -g WORD: search all."""
    words = args.split()
    if words[:1] == ["-g"]:
        if state.history is None:
            raise MagicError("%history -g: no history file in this session")
        found = state.history.search(" ".join(words[1:]))
        _print(state, "\n".join(found) if found else "Nothing found.")
        return
    entries = sorted(state.inputs.items())[:-1]        # not this %history line itself
    if words and words[0].isdigit():
        entries = entries[-int(words[0]):]
    lines = []
    for number, text in entries:
        first, *rest = text.split("\n")
        lines.append(f"{number:>4}: {first}")
        lines += [f"      {line}" for line in rest]
    _print(state, "\n".join(lines) if lines else "No history yet.")


@magic("precision")
def precision_magic(state: ShellState, args: str) -> None:
    """Digits shown for floats and arrays: %precision 3; %precision alone restores numpy's 8."""
    text = args.strip()
    if not text:
        np.set_printoptions(precision=8)
        state.precision = None
        _print(state, "precision: 8 (numpy's default)")
        return
    if not text.isdigit():
        raise MagicError(f"%precision: want a number of digits, not {text!r}")
    np.set_printoptions(precision=int(text))
    state.precision = int(text)
    _print(state, f"precision: {text}")


@magic("ctx")
def ctx_magic(state: ShellState, args: str) -> None:
    """The default context for new arrays: %ctx shows it, %ctx gpu(0) changes it."""
    text = args.strip()
    if text:
        try:
            state.session.set_context(text)
        except ContextError as error:     # "'tpu' is not a context...", "... not available"
            raise MagicError(f"%ctx: {error}") from None
    _print(state, f"default context: {state.session.context}")


@magic("tb")
def tb_magic(state: ShellState, args: str) -> None:
    """The full traceback of the last error, ndsh's own frames included."""
    if state.last_error is None:
        _print(state, "No error yet.")
        return
    state.output.show_error(errors.build_report(state.last_error, full=True))


QUICKREF = """\
ndsh shell: MXNet's nd and autograd on numpy; nd, autograd, np and mx are bound.

Help
  x?  ?x           the page `ndsh doc x` shows (ops, aliases, your variables)
  x??              the page and the source
  nd.*dot*?        names matching a wildcard
  help x, help(x)  the same page; help alone: this summary
  dir x, dir(x)    names grouped by kind, with summaries
Results
  _  __  ___       the last three results; _N and Out[N]: the result of input N
  x;               a trailing ; shows nothing
Keys
  Tab              complete names, attributes, keys, paths (indent at line start)
  Enter            run when the input is complete; Esc Enter: a new line anyway
  Up / Down        history (prefix search); Ctrl-R: search it
  Ctrl-C           clear the line, or stop a running computation
  Ctrl-D, exit     leave (Ctrl-D on an empty line)
Errors show your frames only; %tb shows the full traceback.
Magics"""


@magic("quickref")
def quickref_magic(state: ShellState, args: str) -> None:
    """This summary of the shell's features and magics."""
    lines = [("text", line) for line in QUICKREF.split("\n")]
    lines[0] = ("title", lines[0][1])
    width = max(len(name) for name in MAGICS) + 3
    room = max(30, state.output.width - width - 3)      # each summary whole, wrapped under itself
    for name, entry in sorted(MAGICS.items()):
        wrapped = textwrap.wrap(entry.summary, room, break_on_hyphens=False,
                                break_long_words=False) or [""]
        lines.append(("name", f"  %{name.ljust(width)}{wrapped[0]}"))
        lines += [("name", " " * (width + 3) + more) for more in wrapped[1:]]
    state.output.show_lines(lines)
