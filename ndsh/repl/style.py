"""How the shell looks: Python highlighting, the numbered prompts, the toolbar.

Colours are the terminal's own ANSI colours, so the shell follows a light or dark theme;
prompt_toolkit drops them under NO_COLOR.
"""
from __future__ import annotations

import threading
from typing import Callable

from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.lexers import DynamicLexer, Lexer, PygmentsLexer, SimpleLexer
from prompt_toolkit.styles import Style, merge_styles, style_from_pygments_dict
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


def make_lexer(ready: Callable[[], None] = lambda: None) -> Lexer:
    """Python highlighting while typing. Building pygments' Python lexer compiles some
    hundred regular expressions (~70 ms): that happens on a thread, so the first prompt does
    not wait for it; until then the input is plain, and `ready` is called after."""
    built: list[Lexer] = []

    def build() -> None:
        from pygments.lexers.python import PythonLexer
        built.append(PygmentsLexer(PythonLexer))
        ready()

    threading.Thread(target=build, name="ndsh-lexer", daemon=True).start()
    plain = SimpleLexer()
    return DynamicLexer(lambda: built[0] if built else plain)


def make_style() -> Style:
    return merge_styles([style_from_pygments_dict(_CODE), Style.from_dict(_UI)])


def prompt_text(number: int) -> StyleAndTextTuples:
    """`In [3]: `, the first line's prompt."""
    return [("class:prompt", "In ["), ("class:prompt.number", str(number)),
            ("class:prompt", "]: ")]


def continuation_text(width: int) -> StyleAndTextTuples:
    """`   ...: `, right-aligned under the prompt."""
    return [("class:continuation", "...: ".rjust(width))]
