"""Gluon's ParameterDict: the parameters of a Block (and its children), by full name, as in
MXNet 1.9.1; `get` creates them under the dict's prefix, `save` / `load` read and write them
by full name."""
from __future__ import annotations

from collections import OrderedDict

import numpy as np

from ndsh.engine import NDArray, nd
from ndsh.gluon import init as initializer
from ndsh.gluon.parameter_base import brief_list, indent
from ndsh.gluon.parameter_core import Constant, Parameter

__all__ = ["ParameterDict"]

_NAMING = "https://mxnet.io/api/python/docs/tutorials/packages/gluon/blocks/naming.html"


class ParameterDict:
    """An ordered dict of Parameters by full name; `get` creates a parameter under this dict's
    prefix (or finds it, here or in the `shared` dict).

    Parameters:
        prefix: prepended to the names `get` creates.
        shared: another ParameterDict whose parameters `get` returns before creating new ones.

    Example:
        >>> params = gluon.ParameterDict('net_')
        >>> w = params.get('weight', shape=(2, 2)); params
        net_ (
          Parameter net_weight (shape=(2, 2), dtype=<class 'numpy.float32'>)
        )
    """

    def __init__(self, prefix: str = "", shared: ParameterDict | None = None):
        self._prefix = prefix
        self._params: OrderedDict[str, Parameter] = OrderedDict()
        self._shared = shared

    def __repr__(self) -> str:
        name = f"{self._prefix} " if self._prefix else ""
        content = "\n".join(indent(f"  {param}", 2) for param in self.values())
        return f"{name}(\n{content}\n)"

    def __getitem__(self, key: str) -> Parameter:
        return self._params[key]

    def __iter__(self):
        return iter(self._params)

    def __contains__(self, key) -> bool:
        return key in self._params

    def items(self):
        """The (name, Parameter) pairs, in the order they were added."""
        return self._params.items()

    def keys(self):
        """The full names, in the order they were added."""
        return self._params.keys()

    def values(self):
        """The Parameters, in the order they were added."""
        return self._params.values()

    @property
    def prefix(self) -> str:
        """The prefix `get` puts before the names it creates."""
        return self._prefix

    def _get_impl(self, name: str):
        if name in self._params:
            return self._params[name]
        if self._shared is not None and name in self._shared._params:
            self._params[name] = self._shared._params[name]
            return self._params[name]
        return None

    def get(self, name: str, **kwargs) -> Parameter:
        """The Parameter `prefix + name`: found here or in the shared dict, or created with
        `kwargs` (Parameter's arguments). A found one must agree with `kwargs` (a 0 in either
        shape matches any size).

        Parameters:
            name: the name without the prefix.
            **kwargs: Parameter's arguments: shape, dtype, init, grad_req...

        Example:
            >>> params = gluon.ParameterDict('pre_')
            >>> params.get('w', shape=(2, 0)) is params.get('w', shape=(2, 3))
            True
            >>> params['pre_w'].shape
            (2, 3)
        """
        name = self.prefix + name
        param = self._get_impl(name)
        if param is None:
            param = Parameter(name, **kwargs)
            self._params[name] = param
            return param
        for key, value in kwargs.items():
            existing = getattr(param, key, None)
            if existing is None:
                setattr(param, key, value)
                continue
            if key == "shape" and value is not None:
                value = (value,) if isinstance(value, int) else tuple(value)
                merged = _merge_shapes(value, existing)
                if merged is not None:
                    param._shape = merged
                    continue
            elif key == "dtype" and np.dtype(value) == np.dtype(existing):
                continue
            if value is not None and value != existing:
                raise AssertionError(f"Cannot retrieve Parameter '{name}' because desired "
                                     f"attribute does not match with stored for attribute "
                                     f"'{key}': desired '{value}' vs stored '{existing}'.")
        return param

    def get_constant(self, name: str, value=None) -> Constant:
        """The Constant `prefix + name`, found or created with `value`.

        Parameters:
            name: the name without the prefix.
            value: the constant's value (needed to create it).

        Example:
            >>> gluon.ParameterDict('p_').get_constant('c', [1, 2])
            Constant p_c (shape=(2,), dtype=<class 'numpy.float32'>)
        """
        name = self.prefix + name
        param = self._get_impl(name)
        if param is None:
            if value is None:
                raise KeyError(f"No constant named '{name}'. Please specify value if you "
                               f"want to create a new constant.")
            param = Constant(name, value)
            self._params[name] = param
        elif value is not None:
            if not isinstance(param, Constant):
                raise AssertionError(f"Parameter '{name}' already exists but it is not a "
                                     f"constant.")
            value = value.asnumpy() if isinstance(value, NDArray) else np.asarray(value)
            if param.shape != value.shape or not (param.value.asnumpy() == value).all():
                raise AssertionError(f"Constant '{name}' already exists but it's value "
                                     f"doesn't match new value")
        return param

    def update(self, other) -> None:
        """Add the parameters of another dict (a name already here must be the same object).

        Parameters:
            other: a ParameterDict or a dict of names to Parameters.

        Example:
            >>> a = gluon.ParameterDict('a_'); b = gluon.ParameterDict('b_')
            >>> _ = b.get('w', shape=(1,)); a.update(b); list(a.keys())
            ['b_w']
        """
        for key, value in other.items():
            if key in self._params and self._params[key] is not value:
                raise AssertionError(f"Cannot update self with other because they have "
                                     f"different Parameters with the same name '{key}'")
        for key, value in other.items():
            self._params[key] = value

    def initialize(self, init=initializer.Uniform(), ctx=None, verbose: bool = False,
                   force_reinit: bool = False) -> None:
        """Initialize every parameter: each with its own initializer if it has one, else
        with `init`.

        Parameters:
            init: the default initializer; Uniform(0.07) unless given.
            ctx: a context or a list of them; the current context if None.
            verbose: log each initialized array.
            force_reinit: initialize again parameters already initialized.

        Example:
            >>> params = gluon.ParameterDict('p_'); _ = params.get('w', shape=(2,))
            >>> params.initialize(mx.init.One()); params['p_w'].data()
            <BLANKLINE>
            [1. 1.]
            <NDArray 2 @cpu(0)>
        """
        if verbose:
            initializer.create(init).set_verbosity(verbose=verbose)
        for param in self.values():
            param.initialize(None, ctx, init, force_reinit=force_reinit)

    def zero_grad(self) -> None:
        """Set every gradient buffer to 0.

        Example:
            >>> params = gluon.ParameterDict('p_'); w = params.get('w', shape=(2,))
            >>> params.initialize(); w.grad()[:] = 1; params.zero_grad(); w.grad().sum()
            <BLANKLINE>
            [0.]
            <NDArray 1 @cpu(0)>
        """
        for param in self.values():
            param.zero_grad()

    def reset_ctx(self, ctx) -> None:
        """Move every parameter to other contexts.

        Parameters:
            ctx: a context or a list of them.

        Example:
            >>> params = gluon.ParameterDict('p_'); _ = params.get('w', shape=(2,))
            >>> params.initialize(); params.reset_ctx(mx.cpu(1)); params.list_ctx()
            [cpu(1)]
        """
        for param in self.values():
            param.reset_ctx(ctx)

    def list_ctx(self) -> list:
        """Every context some parameter lives on.

        Example:
            >>> params = gluon.ParameterDict('p_'); _ = params.get('w', shape=(2,))
            >>> params.initialize(ctx=mx.cpu(3)); params.list_ctx()
            [cpu(3)]
        """
        contexts: list = []
        for param in self.values():
            contexts += [ctx for ctx in param.list_ctx() if ctx not in contexts]
        return contexts

    def setattr(self, name: str, value) -> None:
        """Set an attribute of every parameter (`setattr('grad_req', 'null')` freezes them,
        `setattr('lr_mult', 0.5)` slows them down).

        Parameters:
            name: the attribute.
            value: its new value.

        Example:
            >>> params = gluon.ParameterDict('p_'); w = params.get('w', shape=(2,))
            >>> params.setattr('grad_req', 'null'); w.grad_req
            'null'
        """
        for param in self.values():
            setattr(param, name, value)

    def save(self, filename: str, strip_prefix: str = "") -> None:
        """Save the parameters with nd.save, keyed by full name (less `strip_prefix`).

        Parameters:
            filename: the file to write (replaced atomically).
            strip_prefix: a prefix every name has, left out of the keys.

        Example:
            >>> import os, tempfile; path = os.path.join(tempfile.mkdtemp(), 'p.params')
            >>> params = gluon.ParameterDict('p_'); _ = params.get('w', shape=(2,))
            >>> params.initialize(); params.save(path, strip_prefix='p_'); list(nd.load(path))
            ['w']
        """
        arrays = {}
        for param in self.values():
            if not param.name.startswith(strip_prefix):
                raise ValueError(
                    f"Prefix '{strip_prefix}' is to be striped before saving, but Parameter's "
                    f"name '{param.name}' does not start with '{strip_prefix}'. this may be "
                    f"due to your Block shares parameters from other Blocks or you forgot to "
                    f"use 'with name_scope()' when creating child blocks. For more info on "
                    f"naming, please see {_NAMING}")
            arrays[param.name[len(strip_prefix):]] = param._reduce()
        nd.save(filename, arrays)

    def load(self, filename: str, ctx=None, allow_missing: bool = False,
             ignore_extra: bool = False, restore_prefix: str = "", cast_dtype: bool = False,
             dtype_source: str = "current") -> None:
        """Load parameters from a file `save` (or nd.save) wrote, by full name.

        Parameters:
            filename: the file to read.
            ctx: the contexts to put parameters not yet initialized on (cpu(0) by default).
            allow_missing: let parameters the file lacks keep their values.
            ignore_extra: skip names of the file that are not parameters here.
            restore_prefix: prepended to the file's names before matching.
            cast_dtype: convert saved arrays of another dtype instead of refusing them.
            dtype_source: with cast_dtype, keep the 'current' dtype or take the 'saved' one.

        Example:
            >>> import os, tempfile; path = os.path.join(tempfile.mkdtemp(), 'p.params')
            >>> nd.save(path, {'w': nd.array([7, 8])})
            >>> params = gluon.ParameterDict('p_'); w = params.get('w', shape=(2,))
            >>> params.load(path, restore_prefix='p_'); w.data()
            <BLANKLINE>
            [7. 8.]
            <NDArray 2 @cpu(0)>
        """
        if restore_prefix:
            for name in self.keys():
                if not name.startswith(restore_prefix):
                    raise AssertionError(f"restore_prefix is '{restore_prefix}' but "
                                         f"Parameters name '{name}' does not start with "
                                         f"'{restore_prefix}'.")
        self.load_dict(nd.load(filename), ctx, allow_missing, ignore_extra, restore_prefix,
                       filename, cast_dtype, dtype_source)

    def load_dict(self, param_dict, ctx=None, allow_missing: bool = False,
                  ignore_extra: bool = False, restore_prefix: str = "", filename=None,
                  cast_dtype: bool = False, dtype_source: str = "current") -> None:
        """Load parameters from a dict of names to NDArrays (`arg:` / `aux:` prefixes are
        dropped), as `load` does from a file.

        Parameters:
            param_dict: the dict of names to NDArrays.
            ctx: the contexts to put parameters not yet initialized on.
            allow_missing: let parameters the dict lacks keep their values.
            ignore_extra: skip names that are not parameters here.
            restore_prefix: prepended to the dict's names before matching.
            filename: the file the dict came from, for the messages.
            cast_dtype: convert arrays of another dtype instead of refusing them.
            dtype_source: with cast_dtype, keep the 'current' dtype or take the 'saved' one.

        Example:
            >>> params = gluon.ParameterDict('p_'); w = params.get('w', shape=(1,))
            >>> params.load_dict({'arg:p_w': nd.array([4])}); w.data()
            <BLANKLINE>
            [4.]
            <NDArray 1 @cpu(0)>
        """
        pairs = param_dict.items() if isinstance(param_dict, dict) else param_dict
        arrays = {restore_prefix + (key[4:] if key.startswith(("arg:", "aux:")) else key): value
                  for key, value in pairs}
        source = f"file: {filename}" if filename else "param_dict"
        if not allow_missing:
            for name in self.keys():
                if name not in arrays:
                    raise AssertionError(
                        f"Parameter '{name[len(restore_prefix):]}' is missing in {source}, "
                        f"which contains parameters: {brief_list(arrays)}. Please make sure "
                        f"source and target networks have the same prefix.For more info on "
                        f"naming, please see {_NAMING}")
        for name, value in arrays.items():
            if name not in self._params:
                if not ignore_extra:
                    raise AssertionError(
                        f"Parameter '{name[len(restore_prefix):]}' loaded from {source} is "
                        f"not present in ParameterDict, choices are: "
                        f"{brief_list(self._params)}. Set ignore_extra to True to ignore. "
                        f"Please make sure source and target networks have the same prefix.For "
                        f"more info on naming, please see {_NAMING}")
                continue
            self[name]._load_init(value, ctx, cast_dtype=cast_dtype, dtype_source=dtype_source)


def _merge_shapes(wanted: tuple, stored: tuple):
    """The shape both describe (0, or -1 as np mode shows it, = unknown in either; 0 in the
    result), or None if they disagree."""
    if len(wanted) != len(stored):
        return None
    merged = []
    for want, have in zip(wanted, stored):
        if want != have and want > 0 and have > 0:
            return None
        merged.append(want if want > 0 else max(have, 0))
    return tuple(merged)
