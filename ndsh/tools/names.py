"""The user's names for arrays: `w`, `b`, `params[0]`, looked up in a namespace by identity;
the parameters of Gluon nets by their own names (`dense0_weight`)."""
from __future__ import annotations

import sys
from typing import Any, Mapping

from ndsh.engine.ndarray import NDArray
from ndsh.gluon.block import Block
from ndsh.gluon.parameter_dict import ParameterDict
from ndsh.tools.locations import user_frame
from ndsh.tools.np_arrays import np_class


def caller_namespace(skip: int = 2) -> dict[str, Any]:
    """The variables visible in the user's innermost frame: its globals, then its locals."""
    frame = user_frame(skip + 1)
    if frame is None:
        return {}
    namespace = dict(frame.f_globals)
    if frame.f_locals is not frame.f_globals:
        namespace.update(frame.f_locals)
    return namespace


def array_names(namespace: Mapping[str, Any]) -> dict[int, str]:
    """id(array) -> the name the namespace knows it by.

    Plain names win over items of lists, tuples and dicts one level down (`params[0]`,
    `grads['w']`), and those over the parameters of the Gluon Blocks, ParameterDicts and
    Trainers found, known by MXNet's names (`dense0_weight`); names starting with `_` (the
    shell's `_`, helpers) are passed over. An `mx.np` array names the engine NDArray it wraps
    (what autograd records), so the tools name np arrays as they name nd ones.

    Example:
        >>> x = nd.ones((1,)); names = array_names({"x": x, "ps": [x, nd.zeros((1,))]})
        >>> names[id(x)], sorted(names.values())
        ('x', ['ps[1]', 'x'])
    """
    names: dict[int, str] = {}
    containers = []
    holders = []
    np_array = np_class()
    for name, value in namespace.items():
        if name.startswith("_"):
            continue
        if type(value) is NDArray:
            names.setdefault(id(value), name)
        elif np_array is not None and type(value) is np_array:
            names.setdefault(id(value._nd), name)
        elif isinstance(value, holder_types()):
            holders.append(value)
        elif isinstance(value, (list, tuple)) and len(value) <= 1000:
            containers.append((name, enumerate(value), "{}[{}]"))
        elif isinstance(value, dict) and len(value) <= 1000:
            containers.append((name, value.items(), "{}[{!r}]"))
    for name, items, form in containers:
        for key, value in items:
            if np_array is not None and type(value) is np_array:
                value = value._nd
            if type(value) is NDArray:
                names.setdefault(id(value), form.format(name, key))
    for holder in holders:
        for param in parameters_of(holder):
            for array in param._data or ():
                names.setdefault(id(array), param.name)
    return names


def is_trainer(value) -> bool:
    """Whether `value` is a gluon.Trainer (without loading the Trainer's module, which
    `from ndsh import gluon` leaves for first use: no Trainer exists before it is loaded).

    Example:
        >>> net = gluon.nn.Dense(1, in_units=1); net.initialize()
        >>> is_trainer(gluon.Trainer(net.collect_params(), 'sgd')), is_trainer(net)
        (True, False)
    """
    module = sys.modules.get("ndsh.gluon.trainer")
    return module is not None and isinstance(value, module.Trainer)


def holder_types() -> tuple:
    """The classes whose instances hold Gluon parameters: Block, ParameterDict and, once
    loaded, Trainer.

    Example:
        >>> [cls.__name__ for cls in holder_types()][:2]
        ['Block', 'ParameterDict']
    """
    module = sys.modules.get("ndsh.gluon.trainer")
    return (Block, ParameterDict) + ((module.Trainer,) if module is not None else ())


def parameters_of(holder) -> list:
    """The Parameters of a Block (all its layers'), a ParameterDict or a Trainer, in order.

    Example:
        >>> net = gluon.nn.Dense(2, in_units=3, prefix='dense0_')
        >>> [p.name for p in parameters_of(net)]
        ['dense0_weight', 'dense0_bias']
    """
    if isinstance(holder, Block):
        return list(holder.collect_params().values())
    if isinstance(holder, ParameterDict):
        return list(holder.values())
    if is_trainer(holder):
        return list(holder._params)
    raise TypeError(f"expected a Gluon Block, ParameterDict or Trainer, got a "
                    f"{type(holder).__name__}")
