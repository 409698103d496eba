"""np's functions name themselves in the engine's errors: `np.concatenate` given shapes that
do not fit says `np.concatenate: shapes (2, 3), (2, 4) differ outside dim 0`, not the table op's
`concat: ...` (a user who wrote np.concatenate never saw the name concat). The error keeps its
type and traceback; only the leading `op:` of its message changes. Errors that already name an
np or npx function (`np.reshape: ...`) are left as they are."""
from __future__ import annotations

import functools
import numbers
import re

from ndsh.engine.mxnet_errors import MXNetError, ValueError

_ENGINE_PREFIX = re.compile(r"^(?:nd\.)?[A-Za-z_]\w*: ")


def rename(error: BaseException, fname: str) -> BaseException:
    """`error` with the engine op's name that starts its message replaced by `fname`.

    Example:
        >>> from ndsh.engine.mxnet_errors import ValueError
        >>> from ndsh.mxnp.naming import rename
        >>> str(rename(ValueError("concat: shapes (2, 3), (2, 4) differ"), "np.concatenate"))
        'np.concatenate: shapes (2, 3), (2, 4) differ'
    """
    message = error.args[0] if error.args else None
    if isinstance(message, str):
        match = _ENGINE_PREFIX.match(message)
        if match:
            error.args = (f"{fname}: {message[match.end():]}",) + error.args[1:]
    return error


def naming_errors(functions: dict, namespace: str = "np") -> dict:
    """A family's FUNCTIONS table with each function renaming the engine's errors after itself
    (`np.NAME: ...`); the module's own names stay the plain functions.

    Example:
        >>> from ndsh.mxnp.naming import naming_errors
        >>> from ndsh.mxnp import shape
        >>> table = naming_errors({"stack": shape.stack})
        >>> try:
        ...     table["stack"]([np.ones(2), np.ones(3)])
        ... except ValueError as error:
        ...     print(str(error).split(":")[0])
        np.stack
    """
    return {name: _named(function, f"{namespace}.{name}") for name, function in functions.items()}


def _named(function, fname: str):
    @functools.wraps(function)
    def named(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except MXNetError as error:
            rename(error, fname)
            raise
    return named


def check_axes(fname: str, axis, shape: tuple) -> None:
    """Raise MXNet's ValueError naming `fname` when an int axis (or one of a tuple's) is out
    of range for an array of `shape`, where NumPy's own AxisError would name neither.

    Example:
        >>> from ndsh.mxnp.naming import check_axes
        >>> try:
        ...     check_axes("np.flip", (0, 5), (2, 3))
        ... except ValueError as error:
        ...     print(error)
        np.flip: axis 5 is out of range for an array of shape (2, 3) (2 dimension(s))
    """
    ndim = len(shape)
    for ax in (axis if isinstance(axis, (tuple, list)) else (axis,)):
        if isinstance(ax, numbers.Integral) and not -ndim <= ax < ndim:
            raise ValueError(f"{fname}: axis {ax} is out of range for an array of shape "
                             f"{tuple(shape)} ({ndim} dimension(s))")


def missing_name(message: str, names_the_fix: bool = True) -> AttributeError:
    """The AttributeError for a name mx.np lacks (np.fft, np.random.seed, x.asscalar), marked
    as the user's error: ndsh's error report adds no "(raised inside ndsh: rerun with
    --traceback...)" trailer, and no Python "Did you mean" where the message names the fix.

    Example:
        >>> from ndsh.mxnp.naming import missing_name
        >>> error = missing_name("module 'mxnet.numpy' has no attribute 'fft': use NumPy's")
        >>> type(error).__name__, error.ndsh_user_error, error.ndsh_names_the_fix
        ('AttributeError', True, True)
    """
    error = AttributeError(message)
    error.ndsh_user_error = True
    error.ndsh_names_the_fix = names_the_fix
    return error
