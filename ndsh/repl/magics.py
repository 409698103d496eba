"""The registry of `%magic` commands.

A magic is a function `(state, args) -> value`: `state` is the shell's
`ndsh.repl.state.ShellState` (the Session, the output, the inputs so far), `args` the rest of
the line as typed. What it returns is shown like any value (None shows nothing); a
`MagicError` is shown as one line, without a traceback. Register one with the decorator:

    from ndsh.repl.magics import MagicError, magic

    @magic("graph")
    def graph_magic(state, args):
        \"\"\"Draw the recorded graph that produced an array.\"\"\"   # the %quickref line
        if not args:
            raise MagicError("usage: %graph ARRAY")
        from ndsh.tools.graphs import graph       # keep heavy imports inside
        return graph(state.namespace[args])       # shown as any value: it draws itself

and add the module's name to `MAGIC_MODULES` below: the shell imports each one when it starts
(a module that fails to import is reported and skipped). The real `%graph`, which takes any
expression, is in `ndsh.repl.tool_magics`. This module imports nothing of the terminal UI, so
magics can be defined and tested without prompt_toolkit.
"""
from __future__ import annotations

import difflib
import importlib
from dataclasses import dataclass
from typing import Any, Callable

from ndsh.doc.page import short_doc

# (state, args) -> value. `state` is a ShellState; it is not named here because
# ndsh.repl.state imports this module (to dispatch `%name`), and the registry sits below it.
MagicFunction = Callable[[Any, str], Any]

# Modules that define magics; the shell imports them at start. Add yours here.
MAGIC_MODULES: list[str] = ["ndsh.repl.magic_builtins", "ndsh.repl.tool_magics"]


@dataclass(frozen=True)
class Magic:
    """One registered magic: its name, its `%quickref` line and its function."""

    name: str
    summary: str
    function: MagicFunction


MAGICS: dict[str, Magic] = {}


class MagicError(Exception):
    """A magic used the wrong way, or asked for something impossible: the shell shows the
    message as one line and goes on."""


def magic(name: str | None = None, summary: str | None = None
          ) -> Callable[[MagicFunction], MagicFunction]:
    """Register a magic under `name` (default: the function's name without `_magic`); its
    `summary` (default: the first sentence of its docstring, however many lines it spans) is
    what `%quickref` shows.

    Example:
        >>> @magic("hello")
        ... def hello_magic(state, args):
        ...     '''Say hello.'''
        ...     return f"hello {args}"
        >>> MAGICS["hello"].summary, MAGICS.pop("hello").function(None, "you")
        ('Say hello.', 'hello you')
    """
    def register(function: MagicFunction) -> MagicFunction:
        key = name or function.__name__.removesuffix("_magic")
        MAGICS[key] = Magic(key, summary or short_doc(function), function)
        return function
    return register


def load_magic_modules(warn: Callable[[str], None] | None = None) -> None:
    """Import every module of MAGIC_MODULES, so that their magics are registered."""
    for module in MAGIC_MODULES:
        try:
            importlib.import_module(module)
        except Exception as exc:       # one broken plug-in must not stop the shell
            if warn is not None:
                warn(f"ndsh: magics of {module} not loaded: {type(exc).__name__}: {exc}")


def call_magic(state: Any, name: str, args: str) -> Any:
    """Run magic `name` with `args`; a MagicError for an unknown name suggests close ones."""
    entry = MAGICS.get(name)
    if entry is None:
        close = difflib.get_close_matches(name, list(MAGICS), n=3)
        hint = f" Did you mean {', '.join('%' + c for c in close)}?" if close else ""
        raise MagicError(f"%{name}: no such magic.{hint} %quickref lists them.")
    return entry.function(state, args)
