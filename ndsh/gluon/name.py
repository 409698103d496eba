"""Automatic names (`mx.name`): the per-hint counters that name blocks `dense0`, `dense1`...

A NameManager hands out `hint + count` names, one counter per hint. Blocks created outside any
parent's `name_scope()` draw from the current manager, which is process-wide and never reset;
`with mx.name.NameManager():` opens a fresh one (counters from 0 again) until the block ends,
and `with mx.name.Prefix('outer_'):` puts a prefix before every name it hands out.
"""
from __future__ import annotations

import threading

__all__ = ["NameManager", "Prefix", "current"]


class NameManager:
    """Hands out names `hint0`, `hint1`..., one counter per hint; as a `with` block, the
    manager that top-level blocks are named by.

    Example:
        >>> with mx.name.NameManager():
        ...     print(gluon.nn.Dense(2).name, gluon.nn.Dense(2).name)
        dense0 dense1
    """

    _current = threading.local()

    def __init__(self):
        self._counter: dict[str, int] = {}
        self._old_manager = None

    def get(self, name: str | None, hint: str) -> str:
        """`name` itself if given, else `hint` followed by its next count.

        Parameters:
            name: a name chosen by the user, or None.
            hint: the stem of the automatic name (`dense`, `conv`, `pool`...).

        Example:
            >>> manager = mx.name.NameManager()
            >>> manager.get(None, 'dense'), manager.get(None, 'dense'), manager.get('fc', 'x')
            ('dense0', 'dense1', 'fc')
        """
        if name:
            return name
        count = self._counter.get(hint, 0)
        self._counter[hint] = count + 1
        return f"{hint}{count}"

    def __enter__(self) -> NameManager:
        self._old_manager = current()
        NameManager._current.value = self
        return self

    def __exit__(self, *exc) -> None:
        NameManager._current.value = self._old_manager


class Prefix(NameManager):
    """A NameManager that puts `prefix` before every name it hands out.

    Parameters:
        prefix: the text put before each name.

    Example:
        >>> with mx.name.Prefix('outer_'):
        ...     print(gluon.nn.Dense(2).name)
        outer_dense0
    """

    def __init__(self, prefix: str):
        super().__init__()
        self._prefix = prefix

    def get(self, name: str | None, hint: str) -> str:
        """The prefixed name: `prefix + (name or hint + count)`.

        Parameters:
            name: a name chosen by the user, or None.
            hint: the stem of the automatic name.

        Example:
            >>> mx.name.Prefix('net_').get(None, 'conv')
            'net_conv0'
        """
        return self._prefix + super().get(name, hint)


def current() -> NameManager:
    """The NameManager in force (this thread's; a process-wide one at first).

    Example:
        >>> isinstance(mx.name.current(), mx.name.NameManager)
        True
    """
    manager = getattr(NameManager._current, "value", None)
    if manager is None:
        manager = NameManager._current.value = NameManager()
    return manager
