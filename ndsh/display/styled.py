"""rich rendering of styled lines and echoed values; imported only when colour is on."""
from __future__ import annotations

import textwrap

from rich.console import Console
from rich.highlighter import ReprHighlighter
from rich.syntax import Syntax
from rich.text import Text

from ndsh.display.theme import THEME, StyledLine

# "code" lines are doctest examples (a console session); "source-code" lines are source
_LEXERS = {"code": "pycon", "source-code": "python"}


def print_styled(console: Console, lines: list[StyledLine]) -> None:
    """Print styled lines; runs of "code" lines become one highlighted block."""
    index = 0
    while index < len(lines):
        style, text = lines[index]
        if style in _LEXERS:
            block = []
            while index < len(lines) and lines[index][0] == style:
                block.append(lines[index][1])
                index += 1
            code = textwrap.dedent("\n".join(block))    # pycon wants prompts at column 0
            indent = len(block[0]) - len(block[0].lstrip()) if block[0].strip() else 0
            syntax = Syntax(code, _LEXERS[style], theme="ansi_dark",
                            background_color="default")
            for line in syntax.highlight(code).split("\n"):
                console.print(Text(" " * indent) + line, markup=False, emoji=False,
                              highlight=False)
            continue
        console.print(Text(text, style=THEME.get(style, "")), markup=False, emoji=False,
                      highlight=False)
        index += 1


def print_value(console: Console, text: str) -> None:
    """Print an echoed value with rich's repr highlighting (numbers, strings, brackets)."""
    console.print(ReprHighlighter()(Text(text)), markup=False, emoji=False)
