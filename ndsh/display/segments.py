"""Lines made of styled pieces, `[(rich_style, text), ...]`: one layout, drawn plain (no rich
import, no escape codes) or styled by rich when the stream has colour. Graphs, traces and
pictures are built this way, so a plain golden test guards the coloured layout too."""
from __future__ import annotations

from typing import Iterable

Segment = tuple[str, str]
Line = list[Segment]


def plain(lines: Iterable[Line]) -> str:
    """The lines as text, styles dropped (and trailing spaces).

    Example:
        >>> plain([[("bold", "a"), ("", " b  ")], [("", "c")]])
        'a b\\nc'
    """
    return "\n".join("".join(text for _, text in line).rstrip() for line in lines)


def show_segments(output, lines: list[Line], which: str = "out") -> None:
    """Write lines on an `ndsh.display.Output`'s stdout ("out") or stderr ("err"): styled
    when that stream has colour, plain otherwise."""
    color = output.color_out if which == "out" else output.color_err
    if not color:
        stream = output.stdout if which == "out" else output.stderr
        stream.write(plain(lines) + "\n")
        stream.flush()
        return
    from rich.text import Text
    console = output.console(which)
    for line in lines:
        console.print(Text.assemble(*[(text, style) for style, text in line]), markup=False,
                      emoji=False, highlight=False, crop=False, overflow="ignore")


def pad(line: Line, width: int) -> Line:
    """The line padded with spaces to `width` characters."""
    length = sum(len(text) for _, text in line)
    return line + [("", " " * (width - length))] if length < width else line
