"""Where in the user's code something happened: the first frame outside the ndsh package.

A location is kept as `(code object, instruction offset)`, the cheapest thing to take from a
frame (the watcher takes one for every recorded op); the line number is worked out only
when something is shown. An op recorded inside a Gluon Block's forward has a third item, the
names of the layers running (`('sequential0', 'dense0')`, outermost first): `layer_of`.
"""
from __future__ import annotations

import os
import sys

# the ndsh package's folder, with a trailing separator (what ndsh.errors calls NDSH_DIR), worked
# out here: importing ndsh.errors for it would load the error reporter on every run's start-up
NDSH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep

Location = tuple  # (code object, int), or (CodeType, int, layer names) inside a Block's forward

_inside_ndsh: dict[str, bool] = {}  # filename -> whether it belongs to ndsh (cached: hot path)


def user_location(skip: int = 1) -> Location | None:
    """The location of the innermost caller outside the ndsh package, or None.

    `skip` frames are passed over first (1: the caller of this function).

    Example:
        >>> resolve(user_location())[1] > 0
        True
    """
    frame = sys._getframe(skip)
    inside = _inside_ndsh
    while frame is not None:
        code = frame.f_code
        filename = code.co_filename
        flag = inside.get(filename)
        if flag is None:
            flag = inside[filename] = filename.startswith(NDSH_DIR)
        if not flag:
            return code, frame.f_lasti
        frame = frame.f_back
    return None


def user_frame(skip: int = 1):
    """The innermost frame outside the ndsh package (for its variables), or None."""
    frame = sys._getframe(skip)
    while frame is not None:
        if not frame.f_code.co_filename.startswith(NDSH_DIR):
            return frame
        frame = frame.f_back
    return None


def resolve(where: Location | None) -> tuple[str, int] | None:
    """(filename as compiled, line number) of a location."""
    if where is None:
        return None
    code, offset = where[0], where[1]
    line = code.co_firstlineno
    for start, end, number in code.co_lines():
        if start <= offset < end:
            line = number or line        # 0 / None: an instruction without a line of its own
            break
    return code.co_filename, line


def format_location(where: Location | None) -> str:
    """`file.nds:12` for a file (its base name), `In [3]:1` for the shell's third input,
    `<stdin>:3` for other code without a file.

    Example:
        >>> code = compile("x = 1", "/home/me/train.nds", "exec")
        >>> format_location((code, 0)), format_location(None)
        ('train.nds:1', '')
    """
    resolved = resolve(where)
    if resolved is None:
        return ""
    filename, line = resolved
    if filename.startswith("<In ["):         # the shell's inputs: `In [3]:2`
        filename = filename[1:filename.index("]") + 1]
    elif not filename.startswith("<"):
        filename = os.path.basename(filename)
    return f"{filename}:{line}"


def layers_of(where: Location | None) -> tuple[str, ...]:
    """The names of the Gluon layers whose forward recorded an op, outermost first.

    Example:
        >>> code = compile("x = 1", "net.nds", "exec")
        >>> layers_of((code, 0, ("sequential0", "dense1"))), layers_of((code, 0))
        (('sequential0', 'dense1'), ())
    """
    return where[2] if where is not None and len(where) > 2 else ()


def layer_of(where: Location | None) -> str:
    """The innermost Gluon layer whose forward recorded an op (`dense1`), or ''.

    Example:
        >>> code = compile("x = 1", "net.nds", "exec")
        >>> layer_of((code, 0, ("sequential0", "dense1"))), layer_of(None)
        ('dense1', '')
    """
    layers = layers_of(where)
    return layers[-1] if layers else ""
