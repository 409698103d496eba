"""Engine errors retold in the user's terms when they reach the user.

The engine's messages name ops and shapes; it knows no variable names and no source lines.
Some of its errors carry the arrays they are about (`InPlaceWriteError`: the recorded node and
the array written). When one reaches a front end, the Session hands it here, and its message is
rewritten with the user's name for the array (looked up by identity in the variables of the
user's innermost frame) and the line that recorded the op (kept by the Session's watcher).
Nothing here runs unless an error does: the per-op path pays nothing.
"""
from __future__ import annotations

from ndsh.engine.graph import InPlaceWriteError, root_of
from ndsh.errors import is_library_frame, is_user_frame
from ndsh.tools.locations import format_location
from ndsh.tools.names import array_names


def in_user_terms(error: BaseException) -> None:
    """Rewrite the message of an engine error that carries arrays, naming them as the user
    does; leave any other error alone.

    Example:
        >>> x = nd.ones((3,)); x.attach_grad()
        >>> with autograd.record():
        ...     y = x * x
        >>> x += 1
        >>> try:
        ...     y.backward()
        ... except InPlaceWriteError as error:
        ...     in_user_terms(error)
        ...     print(str(error)[:62])
        x (shape (3,)), used by multiply, was modified in place after
    """
    if not isinstance(error, InPlaceWriteError):
        return
    names = array_names(_user_namespace(error))
    name = names.get(id(error.array), "")
    root = root_of(error.array)
    view_of = names.get(id(root), "") if root is not error.array else ""
    if not name and view_of and root.shape == error.array.shape:
        name, view_of = view_of, ""          # a whole-array view (`x.T` of a vector...)
    where = format_location(error.node.where)
    error.args = (error.describe(name, where, view_of),)


def _user_namespace(error: BaseException) -> dict:
    """The variables of the innermost frame of the user's code the error passed through: its
    globals, then its locals (as `ndsh.tools.names.caller_namespace`)."""
    frame, tb = None, error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if is_user_frame(filename) and not is_library_frame(filename):
            frame = tb.tb_frame
        tb = tb.tb_next
    if frame is None:
        return {}
    namespace = dict(frame.f_globals)
    if frame.f_locals is not frame.f_globals:
        namespace.update(frame.f_locals)
    return namespace
