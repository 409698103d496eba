"""Decisions of the line editor, as plain functions over text: run the input or open a new
line, and how far to indent it."""
from __future__ import annotations

import re

from ndsh.session import is_complete
from ndsh.transform import transform_cell

INDENT = "    "
_DEDENT_AFTER = re.compile(r"^\s*(return|pass|break|continue|raise)\b")


def input_is_complete(text: str) -> bool:
    """Whether Enter at the end of `text` runs it: shell syntax (`x?`, `%time ...`) is
    rewritten first, then Python's rules apply (an empty line ends a block).

    Example:
        >>> input_is_complete("%time x.sum()"), input_is_complete("def f(x):")
        (True, False)
        >>> input_is_complete("def f(x):\\n    return x\\n")
        True
    """
    return is_complete(transform_cell(text))


def wants_newline(text: str, text_after_cursor: str) -> bool:
    """Whether Enter should open a new line rather than run: while the input is incomplete,
    or when the cursor is inside a multi-line input (editing its middle)."""
    if text_after_cursor.strip() and "\n" in text_after_cursor:
        return True
    return not input_is_complete(text)


def next_indent(text_before_cursor: str) -> str:
    """The indent of a new line opened after `text_before_cursor`: the current line's, one
    level more after a `:` or an open bracket, one level less after `return`, `pass`...

    Example:
        >>> next_indent("def f(x):"), next_indent("    return x"), next_indent("y = f(1,")
        ('    ', '', '    ')
    """
    line = text_before_cursor.rsplit("\n", 1)[-1]
    indent = line[:len(line) - len(line.lstrip())]
    code = _without_comment(line).rstrip()
    if code.endswith(":") or _open_brackets(code) > 0:
        return indent + INDENT
    if _DEDENT_AFTER.match(line):
        return indent[:-len(INDENT)] if indent.endswith(INDENT) else ""
    return indent


# A clause keyword that continues a compound statement, and the headers it can follow.
_CLAUSE = re.compile(r"^(?P<indent>\s*)(?P<word>else|elif|except|finally)\b")
_CONTINUES = {"else": ("if", "elif", "for", "while", "try", "except", "async for"),
              "elif": ("if", "elif"),
              "except": ("try", "except"),
              "finally": ("try", "except", "else")}


def clause_indent(text_before_cursor: str) -> str | None:
    """The indent the current line should have when it starts with `else`, `elif`, `except`
    or `finally` and sits deeper than the header it continues (auto-indent put it in the
    block above), or None when it needs no change. The header is the nearest line above
    that could take the clause (a statement after a header ends it); found at the line's own
    indent, the line is right as it is.

    Example:
        >>> clause_indent("if x:\\n    y = 1\\n    else:")
        ''
        >>> clause_indent("for i in r:\\n    if i:\\n        f(i)\\n        elif")
        '    '
        >>> clause_indent("if x:\\n    y = 1\\nelse:"), clause_indent("def f():\\n    else:")
        (None, None)
    """
    *above, line = text_before_cursor.split("\n")
    match = _CLAUSE.match(line)
    if match is None or not match["indent"]:
        return None
    width, follows = len(match["indent"]), _CONTINUES[match["word"]]
    level = width                    # the deepest indent a header may still have
    for previous in reversed(above):
        code = previous.strip()
        if not code or code.startswith("#"):
            continue
        indent = previous[:len(previous) - len(previous.lstrip())]
        if len(indent) > level:
            continue
        if any(re.match(rf"{word}\b", code) for word in follows):
            return None if len(indent) == width else indent
        # another statement: no header at its indent or deeper can be continued any more
        level = len(indent) - 1
    return None


def dedent_width(text_before_cursor: str) -> int:
    """How many characters Backspace deletes: back to the previous indent level when the
    cursor is in a line's leading spaces, else one.

    Example:
        >>> dedent_width("if x:\\n      "), dedent_width("if x:\\n    y")
        (2, 1)
    """
    line = text_before_cursor.rsplit("\n", 1)[-1]
    if not line or line.strip(" "):
        return 1
    return len(line) % len(INDENT) or len(INDENT)


def _without_comment(line: str) -> str:
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#":
            return line[:index]
    return line


def _open_brackets(code: str) -> int:
    return sum(code.count(c) for c in "([{") - sum(code.count(c) for c in ")]}")
