"""`import mxnet as mx` inside ndsh: a small module that answers to MXNet's names with ndsh's
engine, so code from the MXNet edition of d2l runs unchanged.

`mxnet_alias()` installs it in `sys.modules` (as `mxnet`, `mxnet.ndarray`, `mxnet.autograd`...)
while a Session runs user code, and restores what was there before, so a real MXNet imported
elsewhere in the process is left alone. Parts of MXNet that ndsh does not provide (np,
kvstore...) fail with an ImportError that says so.
"""
from __future__ import annotations

import contextlib
import importlib
import importlib.util
import sys
import types
from typing import Iterator

import ndsh
from ndsh import mxnet_contrib
from ndsh.engine import autograd, context, mx_operator, nd
from ndsh.engine.mxnet_errors import MXNetError

VERSION = f"ndsh {ndsh.__version__} (MXNet 1.9.1 API)"
PROVIDED = ("nd", "ndarray", "autograd", "context", "random", "operator", "contrib", "test_utils",
            "base",
            "util", "cpu", "gpu", "cpu_pinned", "dask", "Context", "current_context", "MXNetError",
            "np_shape", "use_np_shape", "is_np_shape", "set_np_shape")
PROVIDED += ("optimizer", "lr_scheduler", "recordio")   # Gluon's training side
PROVIDED += ("gluon", "init", "initializer", "name")   # Gluon's core
PROVIDED += ("image", "io")
PROVIDED += ("symbol", "sym")
PROVIDED += ("numpy", "np", "numpy_extension", "npx")
PROVIDED += ("metric",)

# `mx.NAME` and `import mxnet.NAME` -> the ndsh module behind it, imported on first use: Gluon
# alone costs a script that never touches it about 8 ms of start-up
LAZY = {"mxnet.gluon": "ndsh.gluon", "mxnet.init": "ndsh.gluon.init",
        "mxnet.initializer": "ndsh.gluon.init", "mxnet.name": "ndsh.gluon.name",
        "mxnet.optimizer": "ndsh.gluon.optimizer",
        "mxnet.lr_scheduler": "ndsh.gluon.lr_scheduler", "mxnet.recordio": "ndsh.gluon.recordio",
        "mxnet.image": "ndsh.image", "mxnet.img": "ndsh.image", "mxnet.io": "ndsh.image.io",
        "mxnet.contrib.text": "ndsh.contrib_text",
        "mxnet.symbol": "ndsh.symbol", "mxnet.sym": "ndsh.symbol",
        "mxnet.numpy": "ndsh.mxnp.np", "mxnet.np": "ndsh.mxnp.np",
        "mxnet.numpy.random": "ndsh.mxnp.random", "mxnet.numpy.linalg": "ndsh.mxnp.linalg",
        "mxnet.np.random": "ndsh.mxnp.random", "mxnet.np.linalg": "ndsh.mxnp.linalg",
        "mxnet.numpy_extension": "ndsh.mxnp.npx", "mxnet.npx": "ndsh.mxnp.npx",
        "mxnet.metric": "ndsh.metric"}


def _module(name: str, doc: str, **attrs) -> types.ModuleType:
    module = types.ModuleType(name, doc)
    module.__dict__.update(attrs)
    return module


def _missing(module_name: str, attr: str) -> str:
    """The message for a part of MXNet that ndsh lacks: what `mxnet` is inside ndsh, and a way
    out only where there is one (a real MXNet installed on this machine).

    Example:
        >>> print(_missing("mxnet", "kvstore"))  # doctest: +ELLIPSIS
        mxnet.kvstore is not part of ndsh: inside ndsh, `mxnet` is ndsh's engine, which provides ...
    """
    message = (f"{module_name}.{attr} is not part of ndsh: inside ndsh, `mxnet` is ndsh's "
               f"engine, which provides {', '.join(PROVIDED)}.")
    installed = installed_mxnet()
    if installed is None:
        return f"{message} No MXNet is installed here to use instead."
    return (f"{message} Run ndsh with --no-mxnet-alias to import the MXNet installed at "
            f"{installed} instead.")


def installed_mxnet() -> str | None:
    """Where a real MXNet is installed (its package folder), or None: looked up on sys.path,
    past the alias in sys.modules."""
    import importlib.machinery
    spec = importlib.machinery.PathFinder.find_spec("mxnet")
    if spec is None:
        return None
    locations = list(spec.submodule_search_locations or [])
    return locations[0] if locations else spec.origin


def _list_gpus() -> range:
    """The ids of the usable GPUs, as MXNet's `mx.test_utils.list_gpus()`: `range(0, n)`."""
    return range(context.num_gpus())


context_module = _module(
    "mxnet.context", "Contexts (devices), as MXNet's mx.context.",
    Context=context.Context, cpu=context.cpu, gpu=context.gpu, cpu_pinned=context.cpu_pinned,
    dask=context.dask, current_context=context.current_context, num_gpus=context.num_gpus)
random_module = _module(
    "mxnet.random", "Random seeding and sampling, as MXNet's mx.random.",
    **{name: getattr(nd.random, name) for name in nd.random.__all__})
test_utils_module = _module("mxnet.test_utils", "MXNet's test helpers that d2l uses.",
                            list_gpus=_list_gpus)

# MXNet's legacy shapes (no 0-d or zero-size arrays unless "numpy shape" mode is on): ndsh's
# arrays always have numpy's shapes; the switch is kept and reported as MXNet reports it, in the
# same place as npx.set_np()'s (loaded when first asked: `import mxnet` stays light).
def is_np_shape() -> bool:
    """Whether numpy shape mode is on, as MXNet 1.9.1 reports it: False until `set_np_shape(True)`
    or `npx.set_np()`. ndsh's arrays have NumPy's shapes (0-d, zero-size) either way.

    Example:
        >>> is_np_shape()
        False
        >>> with np_shape(True):
        ...     is_np_shape()
        True
    """
    from ndsh.mxnp import npx
    return npx.is_np_shape()


def set_np_shape(active: bool) -> bool:
    """Turn MXNet's numpy shape mode on or off; returns the previous state. ndsh's shapes are
    NumPy's either way: only what `is_np_shape()` reports changes.

    Example:
        >>> set_np_shape(True)
        False
        >>> set_np_shape(False)
        True
    """
    from ndsh.mxnp import npx
    return npx._set_shape_mode(active)


class np_shape(contextlib.ContextDecorator):  # noqa: N801  (MXNet's name)
    """A `with` block (or decorator) in which numpy shape mode is `active`; the previous state
    comes back after it.

    Example:
        >>> with np_shape(active=True):
        ...     print(nd.ones(shape=()).shape, is_np_shape())
        () True
        >>> is_np_shape()
        False
    """

    def __init__(self, active: bool = True):
        self.active = active
        self._previous = []

    def __enter__(self):
        self._previous.append(set_np_shape(self.active))
        return self

    def __exit__(self, *exc):
        set_np_shape(self._previous.pop())
        return False


def use_np_shape(func):
    """A decorator running `func` with numpy shape mode on (its name and docstring are kept).

    Example:
        >>> @use_np_shape
        ... def scalar():
        ...     return nd.ones(shape=()).shape, is_np_shape()
        >>> scalar()
        ((), True)
    """
    return np_shape(True)(func)


def _py_str(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


base_module = _module(
    "mxnet.base", "MXNet's base module: MXNetError, the catch-all error of MXNet's operators.",
    MXNetError=MXNetError, py_str=_py_str, string_types=(str,), integer_types=(int,),
    numeric_types=(float, int), _as_list=lambda x: x if isinstance(x, list) else [x])
operator_module = _module(
    "mxnet.operator", "Custom operators written in Python (CustomOp, CustomOpProp, register, "
    "run by nd.Custom) and the op registry, as MXNet's mx.operator.",
    __all__=list(mx_operator.__all__), **{name: getattr(mx_operator, name)
                                          for name in mx_operator.__all__})
util_module = _module(
    "mxnet.util", "MXNet's util module: the numpy-shape switches.", is_np_shape=is_np_shape,
    set_np_shape=set_np_shape, np_shape=np_shape, use_np_shape=use_np_shape)

mxnet = _module(
    "mxnet", "ndsh's stand-in for MXNet 1.9.1: `mx.nd`, `mx.autograd`, contexts, random, "
    "custom operators (`mx.operator`).",
    __version__=VERSION, __path__=[], nd=nd, ndarray=nd, autograd=autograd,
    context=context_module, random=random_module, operator=operator_module,
    test_utils=test_utils_module, base=base_module, util=util_module, MXNetError=MXNetError,
    contrib=mxnet_contrib.contrib_module,
    is_np_shape=is_np_shape, set_np_shape=set_np_shape, np_shape=np_shape,
    use_np_shape=use_np_shape,
    Context=context.Context, cpu=context.cpu, gpu=context.gpu, cpu_pinned=context.cpu_pinned,
    dask=context.dask, current_context=context.current_context)


def lazy_attribute(module: types.ModuleType, attr: str):
    """`module.attr` for one of the lazily imported parts (`mx.gluon`, `mx.image`...): imported
    now and kept on the module, or None when it is not one of them.

    Example:
        >>> lazy_attribute(mxnet, "init").__name__, lazy_attribute(mxnet, "kvstore")
        ('ndsh.gluon.init', None)
    """
    home = LAZY.get(f"{module.__name__}.{attr}")
    if home is None:
        return None
    value = importlib.import_module(home)
    setattr(module, attr, value)
    return value


class LazyModule(types.ModuleType):
    """`gluon` bound in the shell's namespace before anything imports it: `mx.gluon`, imported
    on its first use (Gluon costs a shell's start-up too much to load up front).

    Example:
        >>> gluon = lazy_module("gluon")
        >>> gluon.nn.Dense is mxnet.gluon.nn.Dense, 'Trainer' in dir(gluon)
        (True, True)
    """

    def __init__(self, attr: str):
        super().__init__(f"mxnet.{attr}", f"mx.{attr}, imported on first use.")
        self.__dict__["_attr"] = attr

    def _loaded(self) -> types.ModuleType:
        return getattr(mxnet, self.__dict__["_attr"])

    def __getattr__(self, name: str):
        return getattr(self._loaded(), name)

    def __dir__(self) -> list[str]:
        return dir(self._loaded())

    def __repr__(self) -> str:
        return repr(self._loaded())


def lazy_module(attr: str) -> LazyModule:
    """A stand-in for `mx.<attr>` (one of the lazily imported parts) that imports it on first
    use.

    Example:
        >>> lazy_module("gluon").Trainer.__name__
        'Trainer'
    """
    if f"mxnet.{attr}" not in LAZY:
        raise ValueError(f"mx.{attr} is not one of the parts loaded on first use")
    return LazyModule(attr)


def _module_getattr(attr: str):
    if attr.startswith("__"):
        raise AttributeError(attr)
    value = lazy_attribute(mxnet, attr)
    if value is None:
        raise AttributeError(_missing("mxnet", attr))
    return value


def _lazy_names(module: types.ModuleType) -> list[str]:
    prefix = module.__name__ + "."
    return sorted(set(module.__dict__) | {name[len(prefix):] for name in LAZY
                                           if name.startswith(prefix)
                                           and "." not in name[len(prefix):]})


def _contrib_getattr(attr: str):
    value = None if attr.startswith("__") else lazy_attribute(mxnet_contrib.contrib_module, attr)
    if value is None:
        raise AttributeError(f"module 'mxnet.contrib' has no attribute {attr!r}")
    return value


mxnet.__getattr__ = _module_getattr
mxnet.__dir__ = lambda: _lazy_names(mxnet)
mxnet_contrib.contrib_module.__getattr__ = _contrib_getattr
mxnet_contrib.contrib_module.__dir__ = lambda: _lazy_names(mxnet_contrib.contrib_module)


def _operator_getattr(attr: str):
    if attr.startswith("__"):
        raise AttributeError(attr)
    raise AttributeError(_missing("mxnet.operator", attr))


operator_module.__getattr__ = _operator_getattr

MODULES = {
    "mxnet": mxnet,
    "mxnet.ndarray": nd, "mxnet.nd": nd,
    "mxnet.ndarray.random": nd.random, "mxnet.ndarray.linalg": nd.linalg,
    "mxnet.ndarray.contrib": nd.contrib,
    "mxnet.autograd": autograd, "mxnet.context": context_module, "mxnet.random": random_module,
    "mxnet.operator": operator_module,
    "mxnet.test_utils": test_utils_module, "mxnet.base": base_module, "mxnet.util": util_module,
    "mxnet.contrib": mxnet_contrib.contrib_module,
    "mxnet.contrib.autograd": mxnet_contrib.autograd_module,
    "mxnet.contrib.ndarray": nd.contrib, "mxnet.contrib.nd": nd.contrib,
}
# `import mxnet.gluon.X` finds ndsh.gluon.X, whichever of Gluon's modules exist by then
NDSH_HOMES = {"mxnet.gluon.": "ndsh.gluon.", "mxnet.image.": "ndsh.image.",
              "mxnet.contrib.text.": "ndsh.contrib_text."}


def ndsh_module_name(fullname: str) -> str | None:
    """The ndsh module an `mxnet.` submodule name stands for, if ndsh has it.

    Example:
        >>> ndsh_module_name("mxnet.gluon.nn"), ndsh_module_name("mxnet.gluon.nope")
        ('ndsh.gluon.nn', None)
        >>> ndsh_module_name("mxnet.gluon")
        'ndsh.gluon'
    """
    if fullname in LAZY:
        return LAZY[fullname] if importlib.util.find_spec(LAZY[fullname]) else None
    for prefix, home in NDSH_HOMES.items():
        if fullname.startswith(prefix):
            target = home + fullname[len(prefix):]
            try:
                return target if importlib.util.find_spec(target) is not None else None
            except ImportError:
                return None
    return None


class _ExistingModule:
    """Loads an `mxnet.` name as the ndsh module already imported, keeping its own spec (a
    loader by its methods: importlib.abc is left out of start-up)."""

    def __init__(self, module: types.ModuleType):
        self.module, self.spec = module, module.__spec__

    def create_module(self, spec):
        return self.module

    def exec_module(self, module) -> None:
        module.__spec__ = self.spec


class _RefuseOtherMxnetModules:
    """`import mxnet.kvstore` under the alias: a clear ImportError instead of a stray search;
    `import mxnet.gluon.loss` and the like: ndsh's Gluon module of that name.

    It raises ImportError rather than ModuleNotFoundError on purpose: `from mxnet import gluon`
    swallows the latter and prints Python's vaguer "cannot import name" instead.
    """

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith("mxnet.") or fullname in MODULES:
            return None
        home = ndsh_module_name(fullname)
        if home is None:
            raise ImportError(_missing(*fullname.rsplit(".", 1)), name=fullname)
        module = importlib.import_module(home)
        return importlib.util.spec_from_loader(fullname, _ExistingModule(module))


_FINDER = _RefuseOtherMxnetModules()


@contextlib.contextmanager
def mxnet_alias() -> Iterator[types.ModuleType]:
    """While inside, `import mxnet` (and its submodules) gives ndsh's engine.

    Example:
        >>> with mxnet_alias():
        ...     import mxnet as mx
        >>> mx.__version__.startswith("ndsh")
        True
    """
    saved = {name: sys.modules.get(name) for name in MODULES}
    before = {name for name in sys.modules if name.startswith("mxnet.")}
    sys.modules.update(MODULES)
    sys.meta_path.insert(0, _FINDER)
    try:
        yield mxnet
    finally:
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(_FINDER)
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
        for name in [name for name in sys.modules if name.startswith("mxnet.")
                     and name not in saved and name not in before]:
            del sys.modules[name]          # Gluon modules aliased by `import mxnet.gluon.X`
