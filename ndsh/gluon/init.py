"""Initializers (`mx.init`, also `mx.initializer`): how a Parameter's first values are drawn.

Gluon calls an initializer through `Parameter.initialize`: the parameter's own `init` (a layer's
`weight_initializer=`, `bias_initializer='zeros'`...) if it has one, else the global one given
to `initialize()` (by default `Uniform(0.07)`), and always through that initializer's
`_init_weight`: Gluon never looks at a parameter's name to pick zeros for a bias. The name-based
dispatch (`*_bias` -> zeros, `*_gamma` -> ones...) only happens when an initializer is called
directly with a descriptor that names no initializer, as MXNet's symbolic modules did.

Every initializer is also known by its lower-case name, case-insensitively: `'zeros'`,
`'ones'`, `'uniform'`, `'normal'`, `'xavier'`, `'msraprelu'`, `'orthogonal'`, `'bilinear'`,
`'lstmbias'` (`create(name)`, and any `init=` or `*_initializer=` argument).
"""
from __future__ import annotations

import json
import logging
import math
import re
import warnings

import numpy as np

from ndsh.engine import NDArray, mxnet_errors, nd

__all__ = ["InitDesc", "Initializer", "Zero", "One", "Constant", "Uniform", "Normal",
           "Orthogonal", "Xavier", "MSRAPrelu", "Bilinear", "LSTMBias", "Load", "Mixed",
           "register", "alias", "create"]

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
                method(desc, arr)
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
        chosen._init_weight(desc, arr)
    else:
        chosen(desc, arr)


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


@register
@alias("zeros")
class Zero(Initializer):
    """Initialize to zero (also `'zeros'`, `'zero'`).

    Example:
        >>> p = gluon.Parameter('w', shape=(2,)); p.initialize(init=mx.init.Zero())
        >>> p.data()
        <BLANKLINE>
        [0. 0.]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr) -> None:
        arr[:] = 0


@register
@alias("ones")
class One(Initializer):
    """Initialize to one (also `'ones'`, `'one'`).

    Example:
        >>> p = gluon.Parameter('w', shape=(2,)); p.initialize(init='ones')
        >>> p.data()
        <BLANKLINE>
        [1. 1.]
        <NDArray 2 @cpu(0)>
    """

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr) -> None:
        arr[:] = 1


@register
class Constant(Initializer):
    """Initialize to a value: a number fills the array, an array (or list) is copied into it,
    broadcasting as `arr[:] = value` does.

    Parameters:
        value: a number, a list or an NDArray.

    Example:
        >>> p = gluon.Parameter('w', shape=(2, 2))
        >>> p.initialize(init=mx.init.Constant([[1, 2], [3, 4]]))
        >>> p.data()
        <BLANKLINE>
        [[1. 2.]
         [3. 4.]]
        <NDArray 2x2 @cpu(0)>
    """

    def __init__(self, value):
        super().__init__(value=value)
        self.value = value

    def _init_weight(self, _, arr) -> None:
        value = self.value
        if isinstance(value, (list, tuple)):
            value = np.asarray(value)
        arr[:] = value

    def dumps(self) -> str:
        """The initializer as JSON, an array value as a nested list.

        Example:
            >>> mx.init.Constant(nd.array([1, 2])).dumps()
            '["constant", {"value": [1.0, 2.0]}]'
        """
        value = self._kwargs["value"]
        if not np.isscalar(value):
            value = value.asnumpy() if isinstance(value, NDArray) else np.asarray(value)
            value = value.tolist()
        return json.dumps([type(self).__name__.lower(), {**self._kwargs, "value": value}])


@register
class Uniform(Initializer):
    """Initialize with values drawn uniformly from [-scale, scale]: Gluon's default, for every
    parameter without an initializer of its own.

    Parameters:
        scale: the bound of the range; 0.07 by default.

    Example:
        >>> w = nd.zeros((100,)); mx.init.Uniform(0.5)._init_weight('w', w)
        >>> bool((w.abs() <= 0.5).min()), bool(w.abs().max() > 0.3)
        (True, True)
    """

    def __init__(self, scale: float = 0.07):
        super().__init__(scale=scale)
        self.scale = scale

    def _init_weight(self, name, arr) -> None:
        _float_target(self, name, arr)
        nd.random.uniform(-self.scale, self.scale, shape=arr.shape, dtype=arr.dtype,
                          ctx=arr.context, out=arr)


@register
class Normal(Initializer):
    """Initialize with values drawn from a normal distribution N(0, sigma²).

    Parameters:
        sigma: the standard deviation; 0.01 by default.

    Example:
        >>> w = nd.zeros((10000,)); mx.init.Normal(2.0)._init_weight('w', w)
        >>> 1.9 < float(((w ** 2).mean() ** 0.5).asscalar()) < 2.1
        True
    """

    def __init__(self, sigma: float = 0.01):
        super().__init__(sigma=sigma)
        self.sigma = sigma

    def _init_weight(self, name, arr) -> None:
        _float_target(self, name, arr)
        nd.random.normal(0, self.sigma, shape=arr.shape, dtype=arr.dtype, ctx=arr.context,
                         out=arr)


@register
class Orthogonal(Initializer):
    """Initialize as a scaled orthogonal matrix (Saxe et al., 2013): the SVD of a random
    (out, in) draw gives orthonormal rows or columns, whichever fit, times `scale`.

    Parameters:
        scale: the factor applied to the orthonormal matrix; 1.414 by default.
        rand_type: the draw the SVD starts from: 'uniform' (in [-1, 1]) or 'normal'.

    Example:
        >>> w = nd.zeros((3, 5)); mx.init.Orthogonal(scale=1.0)._init_weight('w', w)
        >>> np.allclose(nd.dot(w, w.T).asnumpy(), np.eye(3), atol=1e-5)
        True
    """

    def __init__(self, scale: float = 1.414, rand_type: str = "uniform"):
        super().__init__(scale=scale, rand_type=rand_type)
        self.scale = scale
        self.rand_type = rand_type

    def _init_weight(self, name, arr) -> None:
        nout, nin = arr.shape[0], int(np.prod(arr.shape[1:]))
        if self.rand_type == "uniform":
            draw = nd.random.uniform(-1.0, 1.0, shape=(nout, nin)).asnumpy()
        elif self.rand_type == "normal":
            draw = nd.random.normal(0.0, 1.0, shape=(nout, nin)).asnumpy()
        else:
            raise ValueError(f"Orthogonal: unknown rand_type {self.rand_type!r}: use 'uniform' "
                             f"or 'normal'")
        u, _, v = np.linalg.svd(draw, full_matrices=False)
        result = u if u.shape == draw.shape else v
        arr[:] = (self.scale * result).reshape(arr.shape)


@register
class Xavier(Initializer):
    """Xavier (Glorot) initialization: uniform in [-c, c] or normal with deviation c, where
    c = sqrt(magnitude / factor) and factor is the average of fan-in and fan-out ('avg'), the
    fan-in ('in') or the fan-out ('out'); a convolution's spatial size multiplies both fans.

    Parameters:
        rnd_type: 'uniform' or 'gaussian'.
        factor_type: 'avg', 'in' or 'out'.
        magnitude: the scale of the draw; 3 by default.

    Example:
        >>> w = nd.zeros((256, 512)); mx.init.Xavier()._init_weight('w', w)
        >>> bound = (3 / ((256 + 512) / 2)) ** 0.5
        >>> bool(w.abs().max() <= bound), round(bound, 5)
        (True, 0.08839)
    """

    def __init__(self, rnd_type: str = "uniform", factor_type: str = "avg", magnitude=3):
        super().__init__(rnd_type=rnd_type, factor_type=factor_type, magnitude=magnitude)
        self.rnd_type = rnd_type
        self.factor_type = factor_type
        self.magnitude = float(magnitude)

    def _init_weight(self, name, arr) -> None:
        shape = arr.shape
        if len(shape) < 2:
            raise ValueError(f"Xavier initializer cannot be applied to vector {name}. It "
                             f"requires at least 2D.")
        spatial = float(np.prod(shape[2:])) if len(shape) > 2 else 1.0
        fan_in, fan_out = shape[1] * spatial, shape[0] * spatial
        factors = {"avg": (fan_in + fan_out) / 2.0, "in": fan_in, "out": fan_out}
        if self.factor_type not in factors:
            raise ValueError("Incorrect factor type")
        scale = float(np.sqrt(self.magnitude / factors[self.factor_type]))
        if self.rnd_type == "uniform":
            _float_target(self, name, arr)
            nd.random.uniform(-scale, scale, shape=shape, dtype=arr.dtype, ctx=arr.context,
                              out=arr)
        elif self.rnd_type == "gaussian":
            _float_target(self, name, arr)
            nd.random.normal(0, scale, shape=shape, dtype=arr.dtype, ctx=arr.context, out=arr)
        else:
            raise ValueError("Unknown random type")


@register
class MSRAPrelu(Xavier):
    """He (MSRA) initialization for layers followed by PReLU or ReLU: Xavier 'gaussian' with
    magnitude 2 / (1 + slope²).

    Parameters:
        factor_type: 'avg', 'in' or 'out'.
        slope: the negative slope of the PReLU that follows; 0.25 by default.

    Example:
        >>> init = mx.init.MSRAPrelu(); init.rnd_type, round(init.magnitude, 4)
        ('gaussian', 1.8824)
    """

    def __init__(self, factor_type: str = "avg", slope: float = 0.25):
        super().__init__("gaussian", factor_type, 2.0 / (1 + slope ** 2))
        self._kwargs = {"factor_type": factor_type, "slope": slope}


@register
class Bilinear(Initializer):
    """Initialize an upsampling (transposed convolution) kernel to bilinear interpolation.

    Example:
        >>> w = nd.zeros((1, 1, 4, 4)); mx.init.Bilinear()._init_weight('w', w)
        >>> w[0, 0, 0]
        <BLANKLINE>
        [0.0625 0.1875 0.1875 0.0625]
        <NDArray 4 @cpu(0)>
    """

    def __init__(self):
        super().__init__()

    def _init_weight(self, _, arr) -> None:
        arr[:] = _bilinear(arr.shape)


@register
class LSTMBias(Initializer):
    """Initialize an LSTM cell's bias: zeros, except the forget gate's quarter (the second of
    the four gates i, f, g, o), set to `forget_bias`.

    Parameters:
        forget_bias: the forget gate's bias; 1.0 by default.

    Example:
        >>> b = nd.zeros((8,)); mx.init.LSTMBias()._init_weight('b', b); b
        <BLANKLINE>
        [0. 0. 1. 1. 0. 0. 0. 0.]
        <NDArray 8 @cpu(0)>
    """

    def __init__(self, forget_bias: float = 1.0):
        super().__init__(forget_bias=forget_bias)
        self.forget_bias = forget_bias

    def _init_weight(self, name, arr) -> None:
        arr[:] = 0.0
        quarter = arr.shape[0] // 4
        arr[quarter:2 * quarter] = self.forget_bias


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
