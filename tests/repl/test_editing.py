"""The line editor's decisions as plain functions (ndsh.repl.editing): the indent of a clause
keyword (`else:`, `elif ...:`, `except ...:`, `finally:`) typed on an auto-indented line."""
from __future__ import annotations

import pytest

from ndsh.repl.editing import clause_indent

CLAUSES = [
    ("if x:\n    y = 1\n    else:", ""),
    ("if x:\n    y = 1\n    elif x > 2:", ""),
    ("try:\n    f()\n    except ValueError as e:", ""),
    ("try:\n    f()\nexcept E:\n    g()\n    finally:", ""),
    ("try:\n    f()\nexcept E:\n    g()\n    else:", ""),
    ("for i in r:\n    f(i)\n    else:", ""),
    ("while x:\n    x -= 1\n    else:", ""),
    ("def f():\n    if x:\n        y = 1\n        else:", "    "),
    ("if a:\n    if b:\n        c\n        # a comment\n\n        else:", "    "),
    ("if (a and\n        b):\n    c\n    else:", ""),
    ("if x:\n    y = 1\n        else:", ""),                    # too deep by two levels
]
UNCHANGED = [
    "if x:\n    y = 1\nelse:",                     # already at the `if`
    "if a:\n    if b:\n        c\n    else:",      # the inner `if`'s else, already right
    "def f():\n    else:",                         # nothing to continue: Python will say so
    "while x:\n    x -= 1\n    finally:",          # `finally` needs a `try`
    "x = 1\n    else_value = 2",                   # a name, not the keyword
    "else:",
    "if x:\n    y = 1\n    z = elif_",
]


@pytest.mark.parametrize("text,indent", CLAUSES)
def test_a_clause_goes_back_to_its_header(text, indent):
    assert clause_indent(text) == indent


@pytest.mark.parametrize("text", UNCHANGED)
def test_other_lines_keep_their_indent(text):
    assert clause_indent(text) is None


def test_a_statement_after_a_header_ends_it():
    text = "for i in r:\n    if i:\n        f(i)\n    g(i)\n        else:"
    assert clause_indent(text) == ""                # the `for`'s else: `g(i)` closed the if
