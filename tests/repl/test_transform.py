"""Shell syntax rewritten into plain Python, line for line (ndsh.transform)."""
from __future__ import annotations

import pytest

from ndsh.transform import (
    dedent_cell,
    script_syntax_message,
    strip_prompts,
    transform_cell,
    wants_silence,
)

REWRITES = [
    ("x?", "__ndsh__.pinfo('x')"),
    ("?x", "__ndsh__.pinfo('x')"),
    ("nd.dot??", "__ndsh__.pinfo('nd.dot', source=True)"),
    ("??nd.dot", "__ndsh__.pinfo('nd.dot', source=True)"),
    ("nd.*dot*?", "__ndsh__.psearch('nd.*dot*')"),
    ("help x", "help('x')"),
    ("help nd.random.normal", "help('nd.random.normal')"),
    ("dir x", "dir(x)"),
    ("dir nd.linalg", "dir(nd.linalg)"),
    ("%time x.sum()", "__ndsh__.magic('time', 'x.sum()')"),
    ("%whos", "__ndsh__.magic('whos', '')"),
    ("%run 'my file.nds' --lr 1", "__ndsh__.magic('run', \"'my file.nds' --lr 1\")"),
    ("names = %who", "names = __ndsh__.magic('who', '')"),
    ("exit", "exit()"),
    ("quit", "quit()"),
    ("help", "__ndsh__.magic('quickref', '')"),
    ("?", "__ndsh__.magic('quickref', '')"),
    ("!ls -l", "__ndsh__.system('ls -l')"),
    ("!ls *.nds?", "__ndsh__.system('ls *.nds?')"),
    ("files = !ls *.nds", "files = __ndsh__.getoutput('ls *.nds')"),
    ("run.files=!ls", "run.files = __ndsh__.getoutput('ls')"),
    ("!!echo hi", "__ndsh__.getoutput('echo hi')"),
    ("for f in fs:\n    !echo {f}", "for f in fs:\n    __ndsh__.system('echo {f}')"),
    ("for i in range(3):\n    %time f(i)",
     "for i in range(3):\n    __ndsh__.magic('time', 'f(i)')"),
]

UNTOUCHED = [
    "x = 1  # why?",
    "help(x)",
    "dir(x)",
    "x % 2",
    "s = '''\n%not a magic\nwhy?\n'''",
    "f(x,\n  help y)",
    "y = [1,\n%2]",
    "exit_code = 3",
    "help = 3",
    "x != 3",
    "ok = a != b",
    "!",
    "s = \"\"\"\n!not a command\n\"\"\"",
    "f(x,\n  !y)",
]


@pytest.mark.parametrize("typed,python", REWRITES)
def test_shell_syntax_becomes_a_call(typed, python):
    assert transform_cell(typed) == python


@pytest.mark.parametrize("typed", UNTOUCHED)
def test_python_is_left_alone(typed):
    assert transform_cell(typed) == typed


def test_rewrites_keep_line_numbers():
    cell = "a = 1\nx?\nb = 2\n%time a + b"
    assert len(transform_cell(cell).split("\n")) == 4


PASTES = [
    (">>> x = 1\n>>> x + 1\n2", "x = 1\nx + 1"),
    (">>> def f(a):\n...     return a\n...\n>>> f(2)\n2\n", "def f(a):\n    return a\n\nf(2)"),
    ("In [3]: y = 2\n   ...: z = 3\nOut[3]: 7", "y = 2\nz = 3"),
    ("In [12]: for i in x:\n    ...:     print(i)", "for i in x:\n    print(i)"),
    ("x = 1\n>>> not a transcript", "x = 1\n>>> not a transcript"),
    ("...", "..."),
]


@pytest.mark.parametrize("pasted,code", PASTES)
def test_transcript_prompts_are_stripped(pasted, code):
    assert strip_prompts(pasted) == code


def test_a_common_indent_is_removed():
    assert dedent_cell("    a = 1\n\n    if a:\n        b = 2") == "a = 1\n\nif a:\n    b = 2"
    assert dedent_cell("a = 1\n    b") == "a = 1\n    b"


@pytest.mark.parametrize("cell,silent", [("x;", True), ("x", False), ("x  # a;", False),
                                         ("a = 1; b = 2;", True), ("'a;'", False),
                                         ("f(1,", False)])
def test_a_trailing_semicolon_silences(cell, silent):
    assert wants_silence(cell) is silent


@pytest.mark.parametrize("line,instead", [
    ("!ls -l", "write subprocess.run('ls -l', shell=True)"),
    ("files = !ls", "write files = subprocess.run('ls', shell=True, capture_output=True"),
    ("%matplotlib inline", "write the Python the magic stands for, or leave the line out"),
    ("x?", "write help(x)"),
    ("dir nd", "write dir(nd)"),
])
def test_shell_syntax_in_a_script_is_explained(line, instead):
    message = script_syntax_message(line)
    assert message.startswith(f"`{line}` is shell syntax, which only ndsh's shell understands")
    assert instead in message
    assert script_syntax_message("x = [1,") is None and script_syntax_message("x != 1") is None
