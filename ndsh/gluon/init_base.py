"""The base of mx.init: InitDesc, Initializer (what subclasses override), the registry of
names (register, alias, create) and the initializers that choose per name (Load, Mixed).
`ndsh.gluon.init` is the face users import; the schemes themselves are in init_schemes.py."""
from __future__ import annotations

import json
import logging
import math
import re
import warnings

import numpy as np

from ndsh.engine import NDArray, mxnet_errors, nd
from ndsh.gluon.np_mode import for_user

__all__ = ["InitDesc", "Initializer", "Load", "Mixed", "register", "alias", "create"]

_REGISTRY: dict[str, type] = {}


class InitDesc(str):
    """The name of the array being initialized (a str), with its attributes: `attrs['__init__']`
    names the initializer chosen for it, and `global_init` the one to fall back to.

    Parameters:
        name: the parameter's name (`dense0_weight`).
        attrs: a dict of attributes; `'__init__'` names the initializer that wins.
        global_init: the initializer to fall back to.

    Example:
        >>> desc = mx.init.InitDesc('dense0_weight', {'__init__': 'ones'})
        >>> desc, desc.attrs
        ('dense0_weight', {'__init__': 'ones'})
    """

    def __new__(cls, name: str, attrs: dict | None = None, global_init=None):
        desc = super().__new__(cls, name)
        desc.attrs = attrs or {}
        desc.global_init = global_init
        return desc


def register(klass: type) -> type:
    """Register an Initializer class under its lower-case class name, so that `create(name)`
    and `init='name'` find it (a decorator).

    Parameters:
        klass: a subclass of Initializer.

    Example:
        >>> @mx.init.register
        ... class Fives(mx.init.Initializer):
        ...     def _init_weight(self, name, arr):
        ...         arr[:] = 5
        >>> mx.init.create('fives').dumps()
        '["fives", {}]'
    """
    if not (isinstance(klass, type) and issubclass(klass, Initializer)):
        raise TypeError(f"can only register a subclass of Initializer, not {klass!r}")
    name = klass.__name__.lower()
    if name in _REGISTRY and _REGISTRY[name] is not klass:
        warnings.warn(f"New initializer {klass.__module__}.{klass.__name__} is overriding "
                      f"existing initializer {_REGISTRY[name].__module__}."
                      f"{_REGISTRY[name].__name__}", UserWarning, stacklevel=2)
    _REGISTRY[name] = klass
    return klass


def alias(*aliases: str):
    """A decorator registering an Initializer class under more names (`@alias('zeros')`).

    Parameters:
        *aliases: the extra names, matched case-insensitively.

    Example:
        >>> @mx.init.alias('sevens')
        ... class Seven(mx.init.Initializer):
        ...     def _init_weight(self, name, arr):
        ...         arr[:] = 7
        >>> type(mx.init.create('Sevens')).__name__
        'Seven'
    """
    def reg(klass: type) -> type:
        for name in aliases:
            _REGISTRY[name.lower()] = klass
        return klass
    return reg


def create(initializer, *args, **kwargs):
    """The initializer an `init=` argument means: an Initializer is itself; a name (any case)
    builds the registered class with `*args, **kwargs`; a JSON string from `dumps()` rebuilds
    what it describes. `Mixed` and `Load` are themselves too (MXNet 1.9.1 refuses them here).

    Parameters:
        initializer: an Initializer, Mixed or Load, a registered name, or a `dumps()` string.
        *args: positional arguments for the class a name selects.
        **kwargs: keyword arguments for the class a name selects.

    Example:
        >>> mx.init.create('XAVIER').dumps()
        '["xavier", {"rnd_type": "uniform", "factor_type": "avg", "magnitude": 3}]'
        >>> mx.init.create('["normal", {"sigma": 0.5}]').sigma
        0.5

    Departs from MXNet:
        Mixed and Load objects are accepted wherever an initializer is (`net.initialize(
        mx.init.Mixed(...))`); MXNet 1.9.1 refuses them there with "initializer must be of
        string type", though its documentation shows them in use.
    """
    if isinstance(initializer, (Initializer, Mixed, Load)):
        if args or kwargs:
            raise TypeError("create(initializer) takes no further arguments when given an "
                            "initializer object")
        return initializer
    if isinstance(initializer, dict):
        return create(**initializer)
    if not isinstance(initializer, str):
        raise AssertionError("initializer must be of string type")
    if initializer.startswith("["):
        name, described = json.loads(initializer)
        return create(name, **described)
    name = initializer.lower()
    if name not in _REGISTRY:
        raise AssertionError(f"{name} is not registered. Please register with "
                             f"initializer.register first")
    return _REGISTRY[name](*args, **kwargs)


class Initializer:
    """The base of every initializer: subclass it and write `_init_weight(self, name, arr)`,
    which fills `arr` (an NDArray) in place; `_init_bias`, `_init_gamma`, `_init_beta` are
    what a direct call by name uses for such names (zeros, ones, zeros by default).

    Parameters:
        **kwargs: the arguments that `dumps()` records.

    Example:
        >>> class Twos(mx.init.Initializer):
        ...     def _init_weight(self, name, arr):
        ...         arr[:] = 2
        >>> net = gluon.nn.Dense(2, in_units=3)
        >>> net.initialize(Twos())
        >>> net.weight.data()
        <BLANKLINE>
        [[2. 2. 2.]
         [2. 2. 2.]]
        <NDArray 2x3 @cpu(0)>
        >>> net.bias.data()       # Dense's own bias_initializer='zeros' wins
        <BLANKLINE>
        [0. 0.]
        <NDArray 2 @cpu(0)>

    Departs from MXNet:
        An initializer prints as its class and arguments (`Uniform(scale=0.07)`), where MXNet
        prints Python's default `<mxnet.initializer.Uniform object at 0x...>`.
    """

    def __init__(self, **kwargs):
        self._kwargs = kwargs
        self._verbose = False
        self._print_func = None

    def set_verbosity(self, verbose: bool = False, print_func=None) -> Initializer:
        """Log each initialized array (logging.info) with a statistic of it, by default its
        root mean square; returns the initializer.

        Parameters:
            verbose: switch the logging on or off.
            print_func: a function from an NDArray to the text logged.

        Example:
            >>> mx.init.One().set_verbosity(True)._verbose
            True
        """
        self._verbose = verbose
        if print_func is None:
            def print_func(x):
                return str((nd.norm(x) / math.sqrt(x.size)).asscalar())
        self._print_func = print_func
        return self

    def _verbose_print(self, desc, init, arr) -> None:
        if self._verbose and self._print_func:
            logging.info("Initialized %s as %s: %s", desc, init, self._print_func(arr))

    def dumps(self) -> str:
        """The initializer as JSON, `[name, arguments]`, which `create` reads back.

        Example:
            >>> mx.init.Uniform().dumps()
            '["uniform", {"scale": 0.07}]'
        """
        return json.dumps([type(self).__name__.lower(), self._kwargs])

    def __call__(self, desc, arr: NDArray) -> None:
        """Fill `arr`: with the initializer `desc.attrs['__init__']` names (its `_init_weight`,
        as Gluon always asks), else by the ending of the name (weight, bias, gamma, beta)."""
        if not isinstance(desc, InitDesc):
            self._legacy_init(desc, arr)
            return
        if desc.global_init is None:
            desc.global_init = self
        if desc.attrs.get("__init__", ""):
            _fill_chosen(desc, arr)
            self._verbose_print(desc, desc.attrs["__init__"], arr)
            return
        for ending, method in (("weight", self._init_weight), ("bias", self._init_bias),
                               ("gamma", self._init_gamma), ("beta", self._init_beta),
                               ("min", self._init_zero), ("max", self._init_one)):
            if desc.endswith(ending):
                method(desc, for_user(method, arr))       # np mode: a user's gets np
                self._verbose_print(desc, ending, arr)
                return
        self._init_default(desc, arr)

    def _legacy_init(self, name, arr) -> None:
        warnings.warn("Calling initializer with init(str, NDArray) has been deprecated. "
                      "please use init(mx.init.InitDesc(...), NDArray) instead.",
                      DeprecationWarning, stacklevel=3)
        if not isinstance(name, str):
            raise TypeError("name must be string")
        if not isinstance(arr, NDArray):
            raise TypeError("arr must be NDArray")
        rules = ((lambda n: n.startswith("upsampling"), self._init_bilinear),
                 (lambda n: n.endswith("bias"), self._init_bias),
                 (lambda n: n.endswith("gamma"), self._init_gamma),
                 (lambda n: n.endswith("beta"), self._init_beta),
                 (lambda n: n.endswith("weight"), self._init_weight),
                 (lambda n: n.endswith(("moving_mean", "moving_inv_var", "moving_avg", "min")),
                  self._init_zero),
                 (lambda n: n.endswith(("moving_var", "max")), self._init_one))
        for matches, method in rules:
            if matches(name):
                method(name, arr)
                return
        self._init_default(name, arr)

    def _init_bilinear(self, _, arr) -> None:
        arr[:] = _bilinear(arr.shape)

    def _init_zero(self, _, arr) -> None:
        arr[:] = 0.0

    def _init_one(self, _, arr) -> None:
        arr[:] = 1.0

    def _init_bias(self, _, arr) -> None:
        arr[:] = 0.0

    def _init_gamma(self, _, arr) -> None:
        arr[:] = 1.0

    def _init_beta(self, _, arr) -> None:
        arr[:] = 0.0

    def _init_weight(self, name, arr) -> None:
        raise NotImplementedError("Must override it")

    def _init_default(self, name, _) -> None:
        raise ValueError(
            f"Unknown initialization pattern for {name}. Default initialization is now limited "
            f'to "weight", "bias", "gamma" (1.0), and "beta" (0.0). Give the parameter its own '
            f"initializer (init=mx.init.*) instead.")

    def __repr__(self) -> str:
        arguments = ", ".join(f"{key}={value!r}" for key, value in self._kwargs.items())
        return f"{type(self).__name__}({arguments})"

    def __eq__(self, other):
        if not isinstance(other, Initializer):
            return NotImplemented
        return type(self) is type(other) and self._kwargs == other._kwargs

    __hash__ = object.__hash__


def _fill_chosen(desc: InitDesc, arr: NDArray) -> None:
    """Fill `arr` with the initializer `desc.attrs['__init__']` names, as Gluon asks: its
    `_init_weight` whatever the name; Mixed and Load look at the name themselves."""
    chosen = create(desc.attrs["__init__"])
    if isinstance(chosen, Initializer):
        chosen._init_weight(desc, for_user(chosen._init_weight, arr))
    else:
        chosen(desc, for_user(chosen, arr))


def _float_target(initializer: Initializer, name, arr: NDArray) -> None:
    dtype = np.dtype(arr.dtype)
    if dtype.kind != "f":
        raise mxnet_errors.TypeError(
            f"{type(initializer).__name__} cannot fill {name!s} ({dtype.name}): "
            f"random initializers draw float16, float32 or float64 values (MXNet: Output type "
            f"must be float16, float32, float64). Initialize it with Zero(), One() or "
            f"Constant(value) instead.")


def _bilinear(shape) -> np.ndarray:
    """The bilinear upsampling kernel of MXNet's Bilinear, for an (..., H, W) shape."""
    f = np.ceil(shape[-1] / 2.0)
    c = (2 * f - 1 - f % 2) / (2.0 * f)
    x = np.arange(shape[-1])
    y = np.arange(shape[-2])
    plane = np.outer(1 - np.abs(y / f - c), 1 - np.abs(x / f - c)).astype(np.float32)
    return np.broadcast_to(plane, shape).copy()


def _as_gluon_desc(desc, chosen):
    """The descriptor to hand on: in Gluon (an InitDesc) the chosen initializer's weight rule
    applies, as for any parameter; a plain name keeps MXNet's name-based dispatch."""
    if isinstance(desc, InitDesc):
        return InitDesc(str(desc), {"__init__": chosen}, desc.global_init)
    return desc


class Load:
    """Initialize from saved arrays: a file nd.save wrote, or a dict of names to NDArrays
    (`arg:` and `aux:` prefixes are dropped); names not found use `default_init`.

    Parameters:
        param: a file name or a dict of names to NDArrays.
        default_init: the initializer for names the file lacks; None makes them an error.
        verbose: log where each array came from.

    Example:
        >>> init = mx.init.Load({'arg:w': nd.array([1, 2])}, default_init=mx.init.Zero())
        >>> p = gluon.Parameter('w', shape=(2,)); p.initialize(init=init); p.data()
        <BLANKLINE>
        [1. 2.]
        <NDArray 2 @cpu(0)>

    Departs from MXNet:
        Block.initialize and Parameter.initialize take it (MXNet 1.9.1 refuses it there with
        "initializer must be of string type").
    """

    def __init__(self, param, default_init=None, verbose: bool = False):
        if isinstance(param, str):
            param = nd.load(param)
        if not isinstance(param, dict):
            raise AssertionError("Load needs a dict of names to NDArrays (or a file of one)")
        self.param = {(name[4:] if name.startswith(("arg:", "aux:")) else name): array
                      for name, array in param.items()}
        self.default_init = default_init
        self.verbose = verbose

    def __call__(self, name, arr) -> None:
        if name in self.param:
            if arr.shape != self.param[name].shape:
                raise AssertionError(f"Parameter {name} cannot be initialized from loading. "
                                     f"Shape mismatch, target {arr.shape} vs loaded "
                                     f"{self.param[name].shape}")
            arr[:] = self.param[name]
            if self.verbose:
                logging.info("Initialized %s by loading", name)
            return
        if self.default_init is None:
            raise AssertionError(f"Cannot Initialize {name}. Not found in loaded param and no "
                                 f"default Initializer is provided.")
        default = create(self.default_init)
        default(_as_gluon_desc(name, default), arr)
        if self.verbose:
            logging.info("Initialized %s by default", name)


class Mixed:
    """Initialize each parameter with the first initializer whose pattern (a regular
    expression, matched at the start of the full name) fits its name.

    Parameters:
        patterns: a list of regular expressions.
        initializers: a list of initializers, one for each pattern.

    Example:
        >>> net = gluon.nn.Dense(2, in_units=2, bias_initializer=None)
        >>> net.initialize(mx.init.Mixed(['.*bias', '.*'], [mx.init.One(), mx.init.Zero()]))
        >>> net.weight.data().asnumpy().tolist(), net.bias.data().asnumpy().tolist()
        ([[0.0, 0.0], [0.0, 0.0]], [1.0, 1.0])

    Departs from MXNet:
        Block.initialize and Parameter.initialize take it (MXNet 1.9.1 refuses it there with
        "initializer must be of string type"); a parameter's own initializer still wins.
    """

    def __init__(self, patterns, initializers):
        if len(patterns) != len(initializers):
            raise AssertionError("Mixed needs one initializer for each pattern")
        self.map = list(zip([re.compile(p) for p in patterns], initializers))

    def __call__(self, name, arr) -> None:
        for pattern, initializer in self.map:
            if pattern.match(name):
                chosen = create(initializer)
                chosen(_as_gluon_desc(name, chosen), arr)
                return
        raise ValueError(f'Parameter name {name} did not match any pattern. Consider adding a '
                         f'".*" pattern at the end with a default Initializer.')
