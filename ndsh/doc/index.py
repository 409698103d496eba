"""The index of ndsh's public names, read from the engine's public face (`nd`, `autograd`,
`NDArray`, the op table) and ndsh's own tools: which names have a page, their one-line
summaries, the namespace listing of `ndsh doc`, and the way back from an object to its name.

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

PUBLIC_NAMESPACES = ("nd", "nd.random", "nd.linalg", "nd.contrib")
_SUBMODULES = ("random", "linalg", "contrib")
EXTRA_NAMES = ("mx.context.num_gpus", "mx.test_utils.list_gpus")


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
    names every script starts with.

    Example:
        >>> sorted(roots())
        ['NDArray', 'autograd', 'mx', 'nd', 'ndsh', 'np']
    """
    import numpy

    import ndsh
    return {"nd": nd, "autograd": autograd, "NDArray": NDArray, "ndsh": ndsh, "np": numpy,
            "mx": mx()}


def namespace_sizes() -> list[tuple[str, int, str]]:
    """(namespace, size, what is counted) for `ndsh doc` with no name.

    Example:
        >>> [row[0] for row in namespace_sizes()]
        ['nd', 'nd.random', 'nd.linalg', 'nd.contrib', 'autograd', 'NDArray']
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
    _REVERSE.update({id(nd): "nd", id(autograd): "autograd", id(NDArray): "NDArray",
                     id(mx()): "mx"})
    return _REVERSE

