"""User-facing error reports: Python's traceback shape, trimmed to the user's own frames.

    Traceback (most recent call last):
      File "s.nds", line 3, in <module>
        c = a + b
            ^^^^^
    TypeError: add: the operands have different dtypes, ... In `a + b`, a has shape (2,), ...

ndsh's own frames are hidden (the engine's message already speaks in the user's terms); when
the error came out of ndsh, the operands named in the failing expression are described from
the frame's variables (looked up, never evaluated). `full=True` (`--traceback`,
NDSH_TRACEBACK=1) gives Python's complete traceback instead.
"""
from __future__ import annotations

import io
import linecache
import os
import re
import sys
import traceback
from dataclasses import dataclass, field

import ndsh
from ndsh.error_hints import (  # noqa: F401  (_operand_names: the tests read it here)
    _operand_names,
    context_string_hint,
    describe_operands,
    missing_grad_hint,
    uninitialized_parameter_hint,
)

NDSH_DIR = os.path.dirname(os.path.abspath(ndsh.__file__)) + os.sep
_STDLIB = os.path.dirname(os.path.abspath(os.__file__)) + os.sep
# Raised inside ndsh, these look like a bug of ndsh's rather than a mistake in the script.
_INTERNAL_LOOKING = (AttributeError, KeyError, NameError, AssertionError)


@dataclass
class FrameLine:
    """One frame of a report: where, and the source line with the span to underline."""

    filename: str
    lineno: int | None
    name: str | None = None             # the function; None for a syntax error's location
    line: str = ""                      # the source line, stripped
    start: int | None = None            # caret span within `line`
    end: int | None = None


@dataclass
class ErrorReport:
    """An exception, ready to show: frames, `TypeName: message`, and what led to it.

    Example:
        >>> exc = SyntaxError("'[' was never closed", ("s.nds", 1, 5, "x = [1,", 1, 6))
        >>> print(build_report(exc).plain())
          File "s.nds", line 1
            x = [1,
                ^
        SyntaxError: '[' was never closed
    """

    type_name: str
    message: str
    frames: list[FrameLine] = field(default_factory=list)
    location: FrameLine | None = None   # a SyntaxError's own position
    notes: list[str] = field(default_factory=list)
    hint: str = ""
    chained: list[tuple["ErrorReport", str]] = field(default_factory=list)
    full_text: str | None = None        # Python's complete traceback (full=True)

    def lines(self, cells: bool = False) -> list[tuple[str, str]]:
        """The report as styled lines, `(style, text)`, for `ndsh.display.Output`. With
        `cells`, code of a notebook's cell (`<In [3]>`) is named as IPython names it,
        `Cell In[3], line 2`, instead of `File "<In [3]>", line 2`."""
        if self.full_text is not None:
            body = self.full_text.rstrip("\n").split("\n")
            if cells:
                body = [_CELL_FILE.sub(_cell_file_name, line) for line in body]
            return [("text", line) for line in body[:-1]] + [("error", body[-1])]
        out: list[tuple[str, str]] = []
        for report, sentence in self.chained:
            out += report.lines(cells) + [("text", ""), ("text", sentence), ("text", "")]
        if self.frames:
            out.append(("text", "Traceback (most recent call last):"))
        for frame in self.frames + ([self.location] if self.location else []):
            out += _frame_lines(frame, cells)
        out.append(("error", f"{self.type_name}: {self.message}" if self.message
                    else self.type_name))
        out += [("message", note) for note in self.notes]
        if self.hint:
            out.append(("hint", self.hint))
        return out

    def plain(self, cells: bool = False) -> str:
        """The report as plain text, without a final newline (`cells`: as `lines`)."""
        return "\n".join(text for _, text in self.lines(cells))


# The name the shell and the notebook front ends give a cell's code: `<In [3]>`, and
# `<In [3] %time>` for code a magic ran on the cell's behalf.
_CELL_NAME = re.compile(r"^<In \[(?P<number>\d+)\](?: (?P<tag>[^>]*))?>$")
_CELL_FILE = re.compile(r'File "(?P<name><In \[\d+\](?: [^>]*)?>)"')


def cell_name(filename: str) -> str | None:
    """`Cell In[3]` for the code of input 3 (`<In [3]>`), as IPython names it; None for
    anything else.

    Example:
        >>> cell_name("<In [3]>"), cell_name("<In [3] %time>"), cell_name("s.nds")
        ('Cell In[3]', 'Cell In[3] (%time)', None)
    """
    match = _CELL_NAME.match(filename)
    if match is None:
        return None
    tag = f" ({match['tag']})" if match["tag"] else ""
    return f"Cell In[{match['number']}]{tag}"


def _cell_file_name(match: re.Match) -> str:
    return cell_name(match["name"]) or match.group(0)


def _frame_lines(frame: FrameLine, cells: bool = False) -> list[tuple[str, str]]:
    cell = cell_name(frame.filename) if cells else None
    where = f"  {cell}" if cell else f'  File "{frame.filename}"'
    if frame.lineno is not None:
        where += f", line {frame.lineno}"
    if frame.name is not None and not (cell and frame.name == "<module>"):
        where += f", in {frame.name}"
    out = [("location", where)]
    if frame.line:
        out.append(("source", "    " + frame.line))
        if frame.start is not None:
            width = max(1, (frame.end or frame.start + 1) - frame.start)
            out.append(("carets", "    " + " " * frame.start + "^" * width))
    return out


# ----- building a report ------------------------------------------------------------------
def wants_full_traceback(flag: bool = False) -> bool:
    """`--traceback`, or NDSH_TRACEBACK set to something other than "", "0" or "false"."""
    env = os.environ.get("NDSH_TRACEBACK", "").strip().lower()
    return flag or env not in ("", "0", "false", "no")


def is_user_frame(filename: str) -> bool:
    """False for ndsh's own files and the import machinery; True for everything else."""
    if filename.startswith("<"):
        return not filename.startswith("<frozen importlib")
    return not os.path.abspath(filename).startswith(NDSH_DIR)


def _is_stdlib(filename: str) -> bool:
    path = os.path.abspath(filename)
    return path.startswith(_STDLIB) and "site-packages" not in path


def is_library_frame(filename: str) -> bool:
    """True for installed packages (numpy...), the standard library and Python's frozen
    modules: code that is neither ndsh's nor the user's."""
    if filename.startswith("<"):
        return filename.startswith(("<frozen ", "<__array_function__"))
    path = os.path.abspath(filename)
    return _is_stdlib(path) or f"{os.sep}site-packages{os.sep}" in path \
        or f"{os.sep}dist-packages{os.sep}" in path


def _user_frames(frames: list, summaries: list, interrupted: bool = False) -> list[tuple]:
    """The frames to show: none before the user's code starts (the runner, `ast.parse` of a
    script with a syntax error), none of ndsh's own after it, and none of the libraries ndsh
    called on the user's behalf (numpy under `nd.ones`: the user never called it).

    Libraries the user's code called itself stay, as in Python's traceback, except at the
    end of a Ctrl-C (`interrupted`): where inside numpy the interrupt landed is chance."""
    kept, started, below_ndsh = [], False, False
    for frame, summary in zip(frames, summaries, strict=False):
        filename = summary.filename
        if not started and (_is_stdlib(filename) or not is_user_frame(filename)):
            continue
        started = True
        if not is_user_frame(filename):
            below_ndsh = True
        elif not is_library_frame(filename):
            below_ndsh = False
            kept.append((frame, summary))
        elif not below_ndsh:
            kept.append((frame, summary))
    while interrupted and kept and is_library_frame(kept[-1][1].filename):
        kept.pop()
    return kept


def build_report(exc: BaseException, full: bool = False) -> ErrorReport:
    """The report for `exc`: trimmed to the user's frames, or Python's own with `full=True`.

    When no frame belongs to the user (an error inside ndsh itself) the full traceback is
    shown, so that nothing is hidden that could explain it.
    """
    if full:
        return ErrorReport(type_name=_type_name(exc), message=str(exc) + suggestion(exc),
                           full_text=_full_text(exc))
    report = _trimmed(exc, seen=set())
    if report is None:
        return build_report(exc, full=True)
    return report


def _trimmed(exc: BaseException, seen: set) -> ErrorReport | None:
    seen.add(id(exc))
    entries = list(traceback.walk_tb(exc.__traceback__))
    summaries = traceback.extract_tb(exc.__traceback__)    # with column positions (3.11+)
    interrupted = isinstance(exc, KeyboardInterrupt)
    kept = _user_frames([frame for frame, _ in entries], summaries, interrupted)
    report = ErrorReport(type_name=_type_name(exc), message=str(exc) + suggestion(exc),
                         frames=[_frame_line(summary) for _, summary in kept],
                         notes=[str(note) for note in getattr(exc, "__notes__", ())])
    if isinstance(exc, SyntaxError):
        report.message = exc.msg or ""
        report.location = _syntax_location(exc)
    elif interrupted:
        return report        # the user stopped it: where, and nothing to explain
    elif not kept:
        return None
    raised_inside = bool(kept) and summaries[-1] is not kept[-1][1]
    if kept and raised_inside and not _names_its_arrays(exc):
        report.message = add_sentence(report.message,
                                      _hint(describe_operands, kept[-1][0], report.frames[-1]))
        if _looks_internal(exc):
            report.hint = "(raised inside ndsh: rerun with --traceback to see where)"
    if kept and isinstance(exc, (TypeError, AttributeError)):
        report.message = add_sentence(report.message,
                                      _hint(missing_grad_hint, kept[-1][0], report.frames[-1]))
    if kept and raised_inside and "with a context object" not in report.message:
        report.message = add_sentence(report.message,
                                      _hint(context_string_hint, report.frames[-1]))
    if kept and raised_inside:
        report.message = add_sentence(report.message,
                                      _hint(uninitialized_parameter_hint, exc, report.frames[-1]))
    report.chained = _chain(exc, seen)
    return report


def _hint(make, *args) -> str:
    """A hint's sentence, or "" if making it fails: a hint must never hide the user's error
    behind one of its own."""
    try:
        return make(*args)
    except Exception:           # noqa: BLE001
        return ""


def _names_its_arrays(exc: BaseException) -> bool:
    """An engine error about arrays it carries (the Session names them): describing the
    operands of the failing line too would only add noise."""
    from ndsh.engine.graph import InPlaceWriteError
    return isinstance(exc, InPlaceWriteError)


def _looks_internal(exc: BaseException) -> bool:
    """A KeyError or AttributeError out of ndsh looks like ndsh's bug, unless it is one of
    ndsh's own error types, is marked as the user's (`ndsh_user_error`: a name mx.np lacks) or
    already tells the user what to type instead. An AssertionError
    with a message is one MXNet raises too (load_parameters' shape and prefix checks...):
    only a bare `assert` looks like a bug."""
    if isinstance(exc, AssertionError) and str(exc):
        return False
    if getattr(exc, "ndsh_user_error", False):    # a name mx.np lacks (np.fft, x.asscalar)
        return False
    return (isinstance(exc, _INTERNAL_LOOKING) and not type(exc).__module__.startswith("ndsh")
            and "did you mean" not in str(exc).lower())


def add_sentence(message: str, sentence: str) -> str:
    """`message`, then `sentence` after a full stop (one is added when the message has none).

    Example:
        >>> add_sentence("shapes differ", "In `a + b`, ..."), add_sentence("Stop.", "Go.")
        ('shapes differ. In `a + b`, ...', 'Stop. Go.')
    """
    message, sentence = message.rstrip(), sentence.strip()
    if not sentence:
        return message
    if not message:
        return sentence
    return f"{message}{'' if message.endswith(('.', '!', '?')) else '.'} {sentence}"


# Python adds "Did you mean: 'x'?" to NameError and AttributeError (and, from 3.12, to
# ImportError) when it prints a traceback; before 3.12 only its C printer computes it.
_SUGGESTED = (NameError, AttributeError, ImportError)
_DID_YOU_MEAN = re.compile(r"\. Did you mean: '[^'\n]*'\?")


def suggestion(exc: BaseException) -> str:
    """Python's own suggestion for a misspelt name, as it prints it (`. Did you mean: 'x'?`),
    or "" when there is none or the message already offers one.

    The suggestion is read from Python's traceback printer (`sys.__excepthook__`), so that it
    is Python's, on every version, from the same variables and attributes.
    """
    message = str(exc)
    if (not isinstance(exc, _SUGGESTED) or "did you mean" in message.lower()
            or getattr(exc, "ndsh_names_the_fix", False)):     # it says what to use instead
        return ""
    printed = io.StringIO()
    saved, sys.stderr = sys.stderr, printed
    try:
        sys.__excepthook__(type(exc), exc, exc.__traceback__)
    except Exception:           # a broken __dir__ of the user's: no suggestion, no new error
        return ""
    finally:
        sys.stderr = saved
    text = printed.getvalue()
    at = text.rfind(message) if message else -1
    found = _DID_YOU_MEAN.match(text, at + len(message)) if at >= 0 else None
    return found.group(0) if found else ""


def _full_text(exc: BaseException) -> str:
    """Python's complete traceback, with the suggestion its own printer would add."""
    text = "".join(traceback.format_exception(exc))
    extra = suggestion(exc)
    if not extra:
        return text
    last = "".join(traceback.format_exception_only(exc))
    at = text.rfind(last)
    if at < 0 or str(exc) not in last or extra in last:   # 3.12+ formats it already
        return text
    end = at + last.index(str(exc)) + len(str(exc))
    return text[:end] + extra + text[end:]


def _chain(exc: BaseException, seen: set) -> list[tuple[ErrorReport, str]]:
    if exc.__cause__ is not None:
        earlier, sentence = exc.__cause__, ("The above exception was the direct cause of the "
                                            "following exception:")
    elif exc.__context__ is not None and not exc.__suppress_context__:
        earlier, sentence = exc.__context__, ("During handling of the above exception, "
                                              "another exception occurred:")
    else:
        return []
    if id(earlier) in seen:
        return []
    report = _trimmed(earlier, seen)
    # An earlier exception with no user frame is ndsh's internal detail: leave it out.
    if report is None or not (report.frames or report.location):
        return []
    return [(report, sentence)]


def _type_name(exc: BaseException) -> str:
    kind = type(exc)
    if kind.__module__ in ("builtins", "__main__") or kind.__module__.startswith("ndsh"):
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


def _frame_line(summary: traceback.FrameSummary) -> FrameLine:
    raw = linecache.getline(summary.filename, summary.lineno or 0).rstrip("\n")
    frame = FrameLine(summary.filename, summary.lineno, summary.name, raw.strip())
    colno, end_colno = getattr(summary, "colno", None), getattr(summary, "end_colno", None)
    if not raw.strip() or colno is None:
        return frame
    indent = len(raw) - len(raw.lstrip())
    start = _char_offset(raw, colno) - indent
    same_line = getattr(summary, "end_lineno", summary.lineno) == summary.lineno
    end = (_char_offset(raw, end_colno) if same_line and end_colno is not None
           else len(raw.rstrip())) - indent
    if 0 <= start < end:
        frame.start, frame.end = start, end
    return frame


def _char_offset(line: str, byte_offset: int) -> int:
    """Code positions count UTF-8 bytes; carets are drawn in characters."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="replace"))


def _syntax_location(exc: SyntaxError) -> FrameLine:
    text = (exc.text or "").rstrip("\n")
    if not text and exc.filename and exc.lineno:
        text = linecache.getline(exc.filename, exc.lineno).rstrip("\n")
    stripped = text.lstrip()
    frame = FrameLine(exc.filename or "<unknown>", exc.lineno, None, stripped.rstrip())
    if exc.offset and stripped:
        indent = len(text) - len(stripped)
        start = max(0, exc.offset - 1 - indent)
        end = (exc.end_offset - 1 - indent) if exc.end_offset and exc.end_offset > exc.offset \
            and (exc.end_lineno in (None, exc.lineno)) else start + 1
        frame.start, frame.end = min(start, len(stripped)), min(end, len(stripped) + 1)
    return frame
