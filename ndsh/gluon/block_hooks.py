"""What runs around a Block's forward: the handles of its forward hooks, and the path of
layers running now, which tools read to group recorded ops by layer (`dense0`, `conv1`).
"""
from __future__ import annotations

import weakref
from collections import OrderedDict

from ndsh.engine.layer_path import LAYERS, LayerPath

__all__ = ["HookHandle", "LAYERS", "LayerPath"]


class HookHandle:
    """What `register_forward_hook` returns: `detach()` removes the hook (also on leaving a
    `with handle:` block).

    Example:
        >>> net = gluon.nn.Dense(1, in_units=1); net.initialize()
        >>> handle = net.register_forward_hook(lambda block, inputs, output: print('ran'))
        >>> _ = net(nd.ones((1, 1)))
        ran
        >>> handle.detach(); _ = net(nd.ones((1, 1)))
    """

    def __init__(self):
        self._hooks_dict_ref = None
        self._id = None

    def attach(self, hooks_dict: OrderedDict, hook) -> None:
        """Add `hook` to a block's hooks (a handle is attached once).

        Parameters:
            hooks_dict: the block's ordered dict of hooks.
            hook: the function.
        """
        if self._hooks_dict_ref is not None:
            raise AssertionError("The same handle cannot be attached twice.")
        self._id = id(hook)
        hooks_dict[self._id] = hook
        self._hooks_dict_ref = weakref.ref(hooks_dict)

    def detach(self) -> None:
        """Remove the hook from its block."""
        hooks_dict = self._hooks_dict_ref() if self._hooks_dict_ref else None
        if hooks_dict is not None and self._id in hooks_dict:
            del hooks_dict[self._id]

    def __enter__(self) -> HookHandle:
        return self

    def __exit__(self, *exc) -> None:
        self.detach()


def call_in_layer(block, args: tuple):
    """Block.__call__ with the block's name on LAYERS.path for the duration."""
    outer = LAYERS.path
    LAYERS.path = outer + (block._name,)
    try:
        for hook in block._forward_pre_hooks.values():
            hook(block, args)
        out = block.forward(*args)
        for hook in block._forward_hooks.values():
            hook(block, args, out)
        return out
    finally:
        LAYERS.path = outer
