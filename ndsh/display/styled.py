"""rich rendering of styled lines and echoed values; imported only when colour is on."""
from __future__ import annotations

from rich.console import Console
from rich.highlighter import ReprHighlighter
from rich.syntax import Syntax
from rich.text import Text

from ndsh.display.console import THEME, StyledLine

_CODE_STYLES = ("code", "source-code")


def print_styled(console: Console, lines: list[StyledLine]) -> None:
    """Print styled lines; runs of "code" lines become one highlighted Python block."""
    index = 0
    while index < len(lines):
        style, text = lines[index]
        if style in _CODE_STYLES:
            block = []
            while index < len(lines) and lines[index][0] == style:
                block.append(lines[index][1])
                index += 1
            console.print(Syntax("\n".join(block), "python", theme="ansi_dark",
                                 background_color="default", word_wrap=False))
            continue
        console.print(Text(text, style=THEME.get(style, "")), markup=False, emoji=False,
                      highlight=False)
        index += 1


def print_value(console: Console, text: str) -> None:
    """Print an echoed value with rich's repr highlighting (numbers, strings, brackets)."""
    console.print(ReprHighlighter()(Text(text)), markup=False, emoji=False)
