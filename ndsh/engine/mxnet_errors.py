"""The engine's exception types, as MXNet's users catch them.

MXNet reports a bad argument, shape or dtype from its C++ core as one catch-all,
`mxnet.base.MXNetError`; Python code catches ValueError, TypeError or IndexError. ndsh's errors
are both: each type below is an MXNetError and the built-in type of the same name, so
`except mx.base.MXNetError` (MXNet's tests, old scripts) and `except ValueError` both work, and a
traceback still says `ValueError: ...` (the name people search for).

The engine's modules that raise these import them from here; tests/engine/test_error_types.py
checks that none raises a plain built-in one instead.
"""
from __future__ import annotations

import builtins


class MXNetError(RuntimeError):
    """An error MXNet raises as `mxnet.base.MXNetError`: the base of ndsh's engine errors.

    Example:
        >>> from ndsh.engine.mxnet_errors import MXNetError
        >>> try:
        ...     nd.ones((2, 3)) + nd.ones((2,))
        ... except MXNetError as error:
        ...     print(type(error).__name__)
        ValueError
    """


class ValueError(MXNetError, builtins.ValueError):  # noqa: A001  (the name users search for)
    """A bad argument value or shape (MXNet: MXNetError)."""


class TypeError(MXNetError, builtins.TypeError):  # noqa: A001
    """An argument of the wrong type or dtype (MXNet: MXNetError)."""


class IndexError(MXNetError, builtins.IndexError):  # noqa: A001
    """An index out of range or of a kind the array cannot take (MXNet: MXNetError)."""
