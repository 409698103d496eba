"""The path of named layers running now (a Gluon Block's forward pushes its name), which the
tools read to group recorded ops by layer. In the engine, though it knows no Gluon, so that
the tools' watcher can read it without importing Gluon (a script that never touches
`mx.gluon` does not pay for its import).
"""
from __future__ import annotations

__all__ = ["LAYERS", "LayerPath"]


class LayerPath:
    """The names of the Blocks whose forward is running now, outermost first (`path`), for
    the tools that group recorded ops by layer (`ndsh.graph`, `ndsh run --trace`). Blocks
    keep it only while `listeners` is non-zero: otherwise a call costs one attribute test.

    Example:
        >>> from ndsh.engine.layer_path import LAYERS
        >>> LAYERS.path      # outside any Block's forward; inside dense0's it is ('dense0',)
        ()
    """

    __slots__ = ("listeners", "path")

    def __init__(self):
        self.listeners = 0
        self.path: tuple[str, ...] = ()


LAYERS = LayerPath()
