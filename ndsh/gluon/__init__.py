"""`gluon`: MXNet 1.9.1's Gluon on ndsh's engine: Blocks and layers (`gluon.nn`), Parameters,
and the training side (`gluon.loss`, `gluon.Trainer`, `gluon.data`, `gluon.utils`...).

It stands on the engine's public face only (nd, autograd, NDArray, contexts). Inside ndsh,
`from mxnet import gluon` and `from mxnet.gluon import nn` give this package; `mx.init` is
`ndsh.gluon.init` and `mx.name` is `ndsh.gluon.name`. The training side's modules load when
first used.

Example:
    >>> net = gluon.nn.Dense(2, in_units=3); net.initialize(mx.init.One())
    >>> net(nd.ones((1, 3)))
    <BLANKLINE>
    [[3. 3.]]
    <NDArray 1x2 @cpu(0)>
"""
from __future__ import annotations

import importlib
import importlib.util

from ndsh.gluon import nn
from ndsh.gluon.block import Block, HookHandle, HybridBlock
from ndsh.gluon.parameter import Constant, DeferredInitializationError, Parameter
from ndsh.gluon.parameter_dict import ParameterDict

# module or (module, attribute) for the names the training side provides, loaded on first use
_LAZY = {"loss": ("loss", None), "data": ("data", None), "utils": ("utils", None),
         "rnn": ("rnn", None), "model_zoo": ("model_zoo", None), "contrib": ("contrib", None),
         "trainer": ("trainer", None), "Trainer": ("trainer", "Trainer"),
         "parameter": ("parameter", None), "block": ("block", None),
         "SymbolBlock": ("symbol_block", "SymbolBlock")}
_NOT_IN_NDSH: dict = {}



def _submodule(module: str) -> str:
    return f"{__name__}.{module}"


def _present(module: str) -> bool:
    return importlib.util.find_spec(_submodule(module)) is not None


__all__ = ["Block", "Constant", "DeferredInitializationError", "HookHandle", "HybridBlock",
           "Parameter", "ParameterDict", "nn"]
__all__ += [name for name, (module, _) in _LAZY.items()
            if name not in ("parameter", "block") and _present(module)]


def __getattr__(name: str):
    """The training side's modules (gluon.loss, gluon.Trainer...) load here on first use."""
    if name in _LAZY:
        module, attr = _LAZY[name]
        if _present(module):
            value = importlib.import_module(_submodule(module))
            value = value if attr is None else getattr(value, attr)
            globals()[name] = value
            return value
        raise AttributeError(f"gluon.{name} is not in ndsh yet (ndsh.gluon.{module} is being "
                             f"written)")
    if name in _NOT_IN_NDSH:
        raise AttributeError(f"gluon.{name} is not in ndsh: {_NOT_IN_NDSH[name]}")
    raise AttributeError(f"module 'gluon' has no attribute {name!r}")


def __dir__() -> list[str]:
    present = [name for name, (module, _) in _LAZY.items() if _present(module)]
    return sorted(set(globals()) | set(present))
