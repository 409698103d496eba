"""The colour decision and the two output streams: results on stdout, diagnostics on stderr.

Text to show is a list of styled lines, `(style, text)` pairs. Without colour they are written
as they are (no rich import, no escape codes); with colour rich styles them, and "code" lines
are highlighted as Python. One layout, two stylings: a plain golden test guards both.
"""
from __future__ import annotations

import os
import sys
from typing import Any, Iterable, Literal, Mapping, TextIO

from ndsh.display.theme import StyledLine

ColorMode = Literal["auto", "always", "never"]
DEFAULT_WIDTH = 80       # the width of pages written to a pipe or a file


def wants_color(stream: Any, mode: str = "auto", environ: Mapping[str, str] | None = None) -> bool:
    """Decide colour for one stream: `--color` beats NO_COLOR beats FORCE_COLOR beats TERM=dumb
    beats "is it a terminal". Empty NO_COLOR / FORCE_COLOR count as unset.

    Example:
        >>> import io
        >>> wants_color(io.StringIO(), "auto", {}), wants_color(io.StringIO(), "always", {})
        (False, True)
        >>> wants_color(io.StringIO(), "auto", {"FORCE_COLOR": "1"})
        True
    """
    env = os.environ if environ is None else environ
    if mode == "always":
        return True
    if mode == "never":
        return False
    if mode != "auto":
        raise ValueError(f"color mode must be auto, always or never, not {mode!r}")
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM", "") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):     # no isatty, or a closed stream
        return False


def _color_system(env: Mapping[str, str]) -> str:
    if env.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return "truecolor"
    return "256" if env.get("TERM", "").endswith("256color") else "standard"


class Output:
    """ndsh's two streams, each with its own colour decision, and the ways to show things.

    Streams left as None follow `sys.stdout` / `sys.stderr` at the time of writing, so a script
    that redirects them, or a test that captures them, sees ndsh's output too.

    Example:
        >>> import io
        >>> out = Output(stdout=io.StringIO(), color="never")
        >>> out.show_value([1, 2]); out.stdout.getvalue()
        '[1, 2]\\n'
    """

    def __init__(self, stdout: TextIO | None = None, stderr: TextIO | None = None,
                 color: str = "auto", environ: Mapping[str, str] | None = None):
        self._stdout, self._stderr = stdout, stderr
        self.environ = dict(os.environ if environ is None else environ)
        self.color_mode = color
        self.color_out = wants_color(self.stdout, color, self.environ)
        self.color_err = wants_color(self.stderr, color, self.environ)
        self._consoles: dict[str, Any] = {}

    @property
    def stdout(self) -> TextIO:
        return self._stdout if self._stdout is not None else sys.stdout

    @property
    def stderr(self) -> TextIO:
        return self._stderr if self._stderr is not None else sys.stderr

    def console(self, which: str = "out"):
        """A rich Console writing to stdout ("out") or stderr ("err"), coloured."""
        stream = self.stdout if which == "out" else self.stderr
        key = f"{which}:{id(stream)}"
        if key not in self._consoles:
            from rich.console import Console
            self._consoles[key] = Console(
                file=stream, force_terminal=True, no_color=False, highlight=False,
                color_system=_color_system(self.environ), soft_wrap=True)
        return self._consoles[key]

    @property
    def width(self) -> int:
        """The columns a page is laid out for: `COLUMNS` when set, else the width of the
        terminal stdout writes to, else (piped) 80.

        Example:
            >>> import io
            >>> Output(stdout=io.StringIO(), environ={}).width
            80
            >>> Output(stdout=io.StringIO(), environ={"COLUMNS": "60"}).width
            60
        """
        columns = self.environ.get("COLUMNS", "")
        if columns.isdigit() and int(columns) > 0:
            return int(columns)
        try:
            if self.stdout.isatty():
                return os.get_terminal_size(self.stdout.fileno()).columns or DEFAULT_WIDTH
        except (AttributeError, ValueError, OSError):
            pass
        return DEFAULT_WIDTH

    # ----- showing things -------------------------------------------------------------
    def show_lines(self, lines: Iterable[StyledLine], which: str = "out") -> None:
        """Write styled lines: plain text, or styled by rich when this stream has colour."""
        lines = list(lines)
        color = self.color_out if which == "out" else self.color_err
        if not color:
            stream = self.stdout if which == "out" else self.stderr
            stream.write("".join(text + "\n" for _, text in lines))
            stream.flush()
            return
        from ndsh.display.styled import print_styled
        print_styled(self.console(which), lines)

    def show_value(self, value: Any) -> None:
        """Show a value as the shell echoes it: MXNet's repr, numpy scalars as plain numbers;
        an object that draws itself (`ndsh.graph(y)`: `_ndsh_show_`) draws."""
        own = getattr(type(value), "_ndsh_show_", None)
        if own is not None:
            return own(value, self)
        from ndsh.display.values import format_value
        text = format_value(value)
        if not self.color_out:
            self.stdout.write(text + "\n")
            self.stdout.flush()
            return
        from ndsh.display.styled import print_value
        print_value(self.console("out"), text)

    def show_error(self, report) -> None:
        """Show an `ndsh.errors.ErrorReport` on stderr."""
        self.show_lines(report.lines(), which="err")

    def show_page(self, page, source: bool = False) -> None:
        """Show a doc page (`ndsh.doc.page.DocPage`) on stdout."""
        from ndsh.display.doc_view import page_lines
        self.show_lines(page_lines(page, source=source, width=self.width), which="out")

    def warn(self, text: str) -> None:
        """One diagnostic line on stderr."""
        self.show_lines([("hint", text)], which="err")


def silence_closed_stdout() -> None:
    """After the reader of our stdout went away (`ndsh run s.nds | head -1`), point fd 1 at
    /dev/null so that the final flush at exit cannot raise BrokenPipeError again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
