"""Reading the text before the cursor: is it inside a string, and which call is open.

Plain functions over text, for completion and the signature hint; no code is run.
"""
from __future__ import annotations

import re

# a dotted name, with literal subscripts on the way (`net[0].weight.set_data`)
_INDEX = r"\[(?:-?\d+|'[^'\]]*'|\"[^\"\]]*\")\]"
_PART = rf"[A-Za-z_]\w*(?:{_INDEX})*"
_CALLEE = re.compile(rf"(?<![\w.\]])({_PART}(?:\.{_PART})*)\s*$")


def open_string(text: str) -> tuple[int, str] | None:
    """(index of the opening quote, the quote) of a string still open at the end of `text`,
    or None; comments and closed strings are skipped.

    Example:
        >>> open_string("load('data/"), open_string("f('a') + 1"), open_string("# it's")
        ((5, "'"), None, None)
    """
    index, quote, start = 0, "", -1
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 2
                continue
            if text.startswith(quote, index):
                index += len(quote)
                quote = ""
                continue
            if char == "\n" and len(quote) == 1:
                quote = ""
        elif char == "#":
            end = text.find("\n", index)
            index = len(text) if end < 0 else end
            continue
        elif char in "'\"":
            quote = char * 3 if text.startswith(char * 3, index) else char
            start = index
            index += len(quote)
            continue
        index += 1
    return (start, quote) if quote else None


def _blank_strings(text: str) -> str:
    """`text` with the insides of string literals and comments replaced by spaces, so that
    brackets in them do not count."""
    out, index, quote = [], 0, ""
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                out.append("  ")
                index += 2
                continue
            if text.startswith(quote, index):
                out.append(quote)
                index += len(quote)
                quote = ""
                continue
            out.append("\n" if char == "\n" else " ")
        elif char == "#":
            end = text.find("\n", index)
            end = len(text) if end < 0 else end
            out.append(" " * (end - index))
            index = end
            continue
        elif char in "'\"":
            quote = char * 3 if text.startswith(char * 3, index) else char
            out.append(quote)
            index += len(quote)
            continue
        else:
            out.append(char)
        index += 1
    return "".join(out)[:len(text)]


def enclosing_call(text: str) -> str | None:
    """The dotted name of the innermost call still open at the end of `text` (brackets of
    tuples, lists and dicts inside it are looked through), literal subscripts kept.

    Example:
        >>> enclosing_call("y = nd.dot(a, nd.ones((2, "), enclosing_call("f(x)")
        ('nd.ones', None)
        >>> enclosing_call("net[0].weight.set_data("), enclosing_call("p['w'].initialize(")
        ('net[0].weight.set_data', "p['w'].initialize")
    """
    code = _blank_strings(text)
    depth = 0
    for index in range(len(code) - 1, -1, -1):
        char = code[index]
        if char in ")]}":
            depth += 1
        elif char in "([{":
            if depth:
                depth -= 1
                continue
            # strings are blanked in `code`: match in the text as typed (a subscript's
            # key is a string), where the name starts outside any string
            match = _CALLEE.search(text[:index]) if char == "(" else None
            if match and code[match.start(1)] == text[match.start(1)]:
                return match.group(1)
            # a tuple, list or dict display: the call, if any, is further out
    return None
