"""How the shell looks: Python highlighting, the numbered prompts, the toolbar.

Colours are the terminal's own ANSI colours, so the shell follows a light or dark theme;
prompt_toolkit drops them under NO_COLOR.
"""
from __future__ import annotations

from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.lexers import Lexer, PygmentsLexer
from prompt_toolkit.styles import Style, merge_styles, style_from_pygments_dict
from pygments.lexers.python import PythonLexer
from pygments.token import Token

_CODE = {
    Token.Keyword: "ansigreen bold",
    Token.Keyword.Constant: "ansigreen",
    Token.Operator.Word: "ansigreen bold",
    Token.Name.Builtin: "ansigreen",
    Token.Name.Function: "ansiblue",
    Token.Name.Class: "ansiblue bold",
    Token.Name.Namespace: "ansiblue bold",
    Token.Name.Decorator: "ansimagenta",
    Token.String: "ansiyellow",
    Token.Number: "ansicyan",
    Token.Comment: "ansibrightblack italic",
    Token.Operator: "ansimagenta",
}

_UI = {
    "prompt": "ansigreen",
    "prompt.number": "ansigreen bold",
    "continuation": "ansibrightblack",
    "bottom-toolbar": "noreverse",
    "bottom-toolbar.text": "ansibrightblack",
    "completion-menu.meta.completion": "bg:ansibrightblack ansiwhite",
    "completion-menu.meta.completion.current": "bg:ansiwhite ansiblack",
}


def make_lexer() -> Lexer:
    """Python highlighting while typing."""
    return PygmentsLexer(PythonLexer)


def make_style() -> Style:
    return merge_styles([style_from_pygments_dict(_CODE), Style.from_dict(_UI)])


def prompt_text(number: int) -> StyleAndTextTuples:
    """`In [3]: `, the first line's prompt."""
    return [("class:prompt", "In ["), ("class:prompt.number", str(number)),
            ("class:prompt", "]: ")]


def continuation_text(width: int) -> StyleAndTextTuples:
    """`   ...: `, right-aligned under the prompt."""
    return [("class:continuation", "...: ".rjust(width))]
