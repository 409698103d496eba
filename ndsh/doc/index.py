"""The index of ndsh's public names, read from the engine's public face (`nd`, `autograd`,
`NDArray`, the op table), Gluon (`gluon`, `gluon.nn`, `init`) and ndsh's own tools: which
names have a page, their one-line summaries, the namespace listing of `ndsh doc`, and the way
back from an object to its name.

No Session is involved: a page is found without building a user namespace. `search` ranks
these entries and `lookup` turns a name into a page.
"""
from __future__ import annotations

import inspect
import types
from dataclasses import dataclass
from typing import Any

from ndsh.doc.page import first_sentence, short_doc, split_docstring
from ndsh.engine import autograd, nd, registry
from ndsh.engine.ndarray import NDArray

PUBLIC_NAMESPACES = ("nd", "nd.random", "nd.linalg", "nd.contrib", "nd.image")
_SUBMODULES = ("random", "linalg", "contrib", "image")
EXTRA_NAMES = ("mx.context.num_gpus", "mx.test_utils.list_gpus")
# Gluon's names, read from its modules' __all__: `gluon.nn.Dense`, `init.Xavier` (mx.init),
# `optimizer.SGD` (mx.optimizer); the training side's modules count once they exist; so do
# mx.image, mx.io, mx.recordio, mx.contrib.text (`text.vocab.Vocabulary`) and mx.sym
_GLUON_HOMES = {"gluon": "ndsh.gluon", "gluon.nn": "ndsh.gluon.nn", "init": "ndsh.gluon.init",
                "gluon.loss": "ndsh.gluon.loss", "gluon.data": "ndsh.gluon.data",
                "gluon.utils": "ndsh.gluon.utils", "gluon.rnn": "ndsh.gluon.rnn",
                "gluon.model_zoo": "ndsh.gluon.model_zoo",
                "gluon.model_zoo.vision": "ndsh.gluon.model_zoo.vision",
                "gluon.model_zoo.model_store": "ndsh.gluon.model_zoo.model_store",
                "gluon.contrib.nn": "ndsh.gluon.contrib.nn",
                "gluon.contrib.data": "ndsh.gluon.contrib.data",
                "gluon.contrib.rnn": "ndsh.gluon.contrib.rnn",
                "optimizer": "ndsh.gluon.optimizer", "lr_scheduler": "ndsh.gluon.lr_scheduler",
                "image": "ndsh.image", "io": "ndsh.image.io", "recordio": "ndsh.gluon.recordio",
                "text.vocab": "ndsh.contrib_text.vocab",
                "text.embedding": "ndsh.contrib_text.embedding",
                "text.utils": "ndsh.contrib_text.utils", "sym": "ndsh.symbol",
                "mx.np": "ndsh.mxnp.np", "mx.np.random": "ndsh.mxnp.random",
                "mx.np.linalg": "ndsh.mxnp.linalg", "mx.npx": "ndsh.mxnp.npx",
                "mx.npx.random": "ndsh.mxnp.npx_random", "mx.npx.image": "ndsh.mxnp.npx_image",
                "metric": "ndsh.metric",
                # MXNet's module names for them (pages found, listed once under mx.np)
                "mx.numpy": "ndsh.mxnp.np", "mx.numpy.random": "ndsh.mxnp.random",
                "mx.numpy.linalg": "ndsh.mxnp.linalg", "mx.numpy_extension": "ndsh.mxnp.npx",
                "mx.numpy_extension.image": "ndsh.mxnp.npx_image"}


def _gluon_namespaces() -> dict[str, str]:
    import importlib.util
    return {space: home for space, home in _GLUON_HOMES.items()
            if importlib.util.find_spec(home) is not None}


GLUON_NAMESPACES = _gluon_namespaces()


@dataclass
class Entry:
    """One name in the index: what `--search` ranks and suggestions are drawn from."""

    name: str
    summary: str
    text: str = ""       # the whole docstring, for a weaker full-text match


def entry_summary(namespace: str, leaf: str) -> str:
    """The one-line summary of a name of the op table; an alias says what it aliases.

    Example:
        >>> entry_summary("nd", "elemwise_add")
        'alias of nd.add'
    """
    op = registry.NAMESPACES[namespace][leaf]
    if (op.namespace, op.name) != (namespace, leaf):
        return f"alias of {op.qualname}"
    return first_sentence(split_docstring(op.doc)[0])


def ndarray_members() -> list[str]:
    """NDArray's public attributes and methods."""
    return [leaf for leaf in dir(NDArray) if not leaf.startswith("_")]


def nd_extras() -> list[str]:
    """Names of `nd` that are not ops: contexts, NDArray, save/load."""
    return [leaf for leaf in nd.__all__ if leaf not in registry.NAMESPACES["nd"]
            and leaf not in _SUBMODULES and hasattr(nd, leaf)]


def ndsh_tools() -> tuple[str, ...]:
    """The `ndsh` module's own tools: graph, trace, explain_grad, gradcheck, show, plot..."""
    import ndsh
    return tuple(getattr(ndsh, "_TOOLS", ()))


def mx() -> types.ModuleType:
    """ndsh's stand-in for MXNet (`mx`), loaded on first use."""
    from ndsh import mxnet_compat
    return mxnet_compat.mxnet


def roots() -> dict[str, Any]:
    """The top-level names a page is looked up under when no session's variables are given:
    the engine's public face, `ndsh` (its tools among its attributes), `mx` and `np`, the
    names every script starts with, and `npx` (MXNet's). `np.NAME` is MXNet's mx.np.NAME where
    MXNet's np interface has it (`ndsh doc np.concatenate`), else NumPy's.

    Example:
        >>> sorted(roots())
        ['NDArray', 'autograd', 'mx', 'nd', 'ndsh', 'np', 'npx']
    """
    import ndsh
    from ndsh.mxnp import npx
    return {"nd": nd, "autograd": autograd, "NDArray": NDArray, "ndsh": ndsh, "np": _doc_np(),
            "mx": mx(), "npx": npx}


def _doc_np() -> types.ModuleType:
    """NumPy's names overlaid with MXNet's np interface's (built once)."""
    if not _DOC_NP:
        import numpy

        from ndsh.mxnp import np as mxnp
        module = types.ModuleType("np", numpy.__doc__)
        module.__dict__.update(vars(numpy))
        module.__dict__.update({leaf: getattr(mxnp, leaf) for leaf in mxnp.__all__})
        _DOC_NP.append(module)
    return _DOC_NP[0]


_DOC_NP: list = []


def namespace_sizes() -> list[tuple[str, int, str]]:
    """(namespace, size, what is counted) for `ndsh doc` with no name.

    Example:
        >>> [row[0] for row in namespace_sizes()]
        ['nd', 'nd.random', 'nd.linalg', 'nd.contrib', 'nd.image', 'autograd', 'NDArray']
    """
    rows = []
    for space in PUBLIC_NAMESPACES:
        ops = sum(1 for op in registry.OPS.values() if op.namespace == space)
        names = len(registry.NAMESPACES.get(space, {}))
        what = "op" if ops == 1 else "ops"
        what += f" ({names} names with MXNet aliases)" if names > ops else ""
        rows.append((space, ops, what))
    rows.append(("autograd", len(autograd.__all__), "functions and classes"))
    rows.append(("NDArray", len(ndarray_members()), "methods and attributes"))
    return rows


def gluon_module(space: str) -> types.ModuleType:
    """The module behind a Gluon namespace (`gluon`, `gluon.nn`, `init`), loaded on first use."""
    import importlib
    return importlib.import_module(GLUON_NAMESPACES[space])


def gluon_members(space: str) -> list[str]:
    """The public names of a Gluon namespace (its `__all__`, submodules left out).

    Example:
        >>> 'Dense' in gluon_members('gluon.nn'), 'Xavier' in gluon_members('init')
        (True, True)
    """
    module = gluon_module(space)
    return [leaf for leaf in getattr(module, "__all__", ())
            if not inspect.ismodule(getattr(module, leaf, None))]


def gluon_object(name: str) -> Any:
    """The object a Gluon name stands for (`gluon.nn.Dense`, `gluon.Block.initialize`), or
    None; attributes are read statically (no property or __getattr__ runs).

    Example:
        >>> gluon_object('gluon.nn.Dense').__name__, gluon_object('init.nope')
        ('Dense', None)
    """
    for space in sorted(GLUON_NAMESPACES, key=len, reverse=True):
        if name.startswith(space + "."):
            leaf, *rest = name[len(space) + 1:].split(".")
            if leaf not in gluon_members(space):
                return None
            obj = getattr(gluon_module(space), leaf)
            for part in rest:
                obj = inspect.getattr_static(obj, part, None)
                if obj is None or part.startswith("_"):
                    return None
                if isinstance(obj, (staticmethod, classmethod)):
                    obj = obj.__func__
            return obj
    return None


def gluon_names() -> list[str]:
    """Every Gluon name with a page: the namespaces' members and the public methods and
    properties of their classes defined in ndsh."""
    public = {id(getattr(gluon_module(space), leaf)) for space in GLUON_NAMESPACES
              for leaf in gluon_members(space)}
    names, seen = [], set()
    for space in GLUON_NAMESPACES:
        for leaf in gluon_members(space):
            obj = getattr(gluon_module(space), leaf)
            if id(obj) in seen:           # re-exported (gluon.nn.Block is gluon.Block)
                continue
            seen.add(id(obj))
            names.append(f"{space}.{leaf}")
            if not inspect.isclass(obj):
                continue
            # its methods with a docstring of their own, those of private bases included
            # (Sequential's add comes from a shared base); public bases have their own pages
            inherited = {id(c) for base in obj.__mro__[1:] if id(base) in public
                         for c in base.__mro__}
            members: dict = {}
            for base in reversed(obj.__mro__):
                if base is obj or (id(base) not in inherited and base.__module__.startswith(
                        "ndsh.")):
                    members.update(vars(base))
            names += [f"{space}.{leaf}.{member}" for member, value in members.items()
                      if not member.startswith("_") and getattr(value, "__doc__", None)
                      and (callable(value) or isinstance(value, property))]
    return names


_ENTRIES: list[Entry] = []


def entries() -> list[Entry]:
    """Every public name that has a page, aliases included (built once)."""
    if _ENTRIES:
        return _ENTRIES
    for space in PUBLIC_NAMESPACES:
        for leaf, op in sorted(registry.NAMESPACES.get(space, {}).items()):
            summary = entry_summary(space, leaf)
            text = "" if summary.startswith("alias of") else op.doc
            _ENTRIES.append(Entry(f"{space}.{leaf}", summary, text))
    objects = [(f"nd.{leaf}", getattr(nd, leaf)) for leaf in nd_extras()]
    objects += [(f"autograd.{leaf}", getattr(autograd, leaf)) for leaf in autograd.__all__]
    objects += [(f"NDArray.{leaf}", inspect.getattr_static(NDArray, leaf))
                for leaf in ndarray_members()]
    objects += [(name, _mx_object(name)) for name in EXTRA_NAMES]
    objects += [(name, gluon_object(name)) for name in gluon_names()]
    for name, obj in objects:
        doc_of = obj.fget if isinstance(obj, property) else obj
        _ENTRIES.append(Entry(name, short_doc(obj), inspect.getdoc(doc_of) or ""))
    return _ENTRIES


def _mx_object(name: str) -> Any:
    obj: Any = mx()
    for part in name.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


# ----- objects -> names (help(nd.dot), x?) -------------------------------------------------
_REVERSE: dict[int, str] = {}


def reverse_index() -> dict[int, str]:
    """id(object) -> its public name, for every public name (canonical names win over
    aliases, which share their callables); built once."""
    if _REVERSE:
        return _REVERSE
    for op in registry.OPS.values():      # canonical names first: aliases share callables
        _REVERSE.setdefault(id(op.call), op.qualname)
        _REVERSE.setdefault(id(op), op.qualname)
    for space in PUBLIC_NAMESPACES:
        for leaf in registry.NAMESPACES.get(space, {}):
            _REVERSE.setdefault(id(registry.public_callable(space, leaf)), f"{space}.{leaf}")
    for leaf in nd_extras():
        _REVERSE.setdefault(id(getattr(nd, leaf)), f"nd.{leaf}")
    for leaf in autograd.__all__:
        _REVERSE.setdefault(id(getattr(autograd, leaf)), f"autograd.{leaf}")
    for leaf in ndarray_members():
        _REVERSE.setdefault(id(inspect.getattr_static(NDArray, leaf)), f"NDArray.{leaf}")
    for name in gluon_names():
        obj = gluon_object(name)
        _REVERSE.setdefault(id(getattr(obj, "fget", obj)), name)
    for space in GLUON_NAMESPACES:
        _REVERSE.setdefault(id(gluon_module(space)), space)
    _REVERSE.update({id(nd): "nd", id(autograd): "autograd", id(NDArray): "NDArray",
                     id(mx()): "mx"})
    return _REVERSE

