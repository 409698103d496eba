"""Which `Output` the tools draw on: the running Session's (it knows `--color`), or a default
one that follows sys.stdout / sys.stderr and the environment."""
from __future__ import annotations

import contextlib
from typing import Iterator

from ndsh.display.console import Output

_stack: list[Output] = []


def current_output() -> Output:
    """The Output of the innermost running Session, or a fresh default one.

    Example:
        >>> isinstance(current_output(), Output)
        True
    """
    return _stack[-1] if _stack else Output()


@contextlib.contextmanager
def using_output(output: Output) -> Iterator[Output]:
    """Make `output` the current one for the duration (the Session wraps each run)."""
    _stack.append(output)
    try:
        yield output
    finally:
        _stack.remove(output)
