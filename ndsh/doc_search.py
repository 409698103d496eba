"""The index of public names behind `ndsh doc`: the namespace listing, `--search`, and the
"did you mean" suggestions for a name that has no page."""
from __future__ import annotations

import difflib
import inspect
import re
import types
from dataclasses import dataclass

from ndsh.doc_page import first_sentence, short_doc, split_docstring
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


def _mx_object(name: str):
    from ndsh.mxnet_compat import mxnet
    obj: object = mxnet
    for part in name.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


def search(query: str, limit: int = 30) -> list[Entry]:
    """Names and summaries that match every word of `query`, best first: a name that is the
    word beats a name that starts with it, then one that contains it, then the summary.

    Example:
        >>> [entry.name for entry in search("dot")][:2]
        ['nd.dot', 'nd.batch_dot']
    """
    words = [word for word in query.lower().split() if word]
    scored = []
    for entry in entries():
        name, leaf = entry.name.lower(), entry.name.rpartition(".")[2].lower()
        summary, text = entry.summary.lower(), entry.text.lower()
        if not words or not all(word in f"{name} {summary} {text}" for word in words):
            continue
        score = 0
        for word in words:
            score += (100 if leaf == word else 40 if leaf.startswith(word) else
                      25 if word in name else 0)
            score += 10 if re.search(rf"\b{re.escape(word)}", summary) else 0
            score += 2 if word in text else 0
        scored.append((-score, len(entry.name), entry.name, entry))
    scored.sort(key=lambda row: row[:3])
    return [row[3] for row in scored[:limit]]


def suggest(name: str, limit: int = 5) -> list[str]:
    """The public names closest to a misspelled one.

    Example:
        >>> suggest("nd.dott")[0]
        'nd.dot'
    """
    names = [entry.name for entry in entries()]
    by_leaf: dict[str, list[str]] = {}
    for full in names:
        by_leaf.setdefault(full.rpartition(".")[2], []).append(full)
    found: list[str] = []
    for leaf in difflib.get_close_matches(name.rpartition(".")[2], list(by_leaf), n=limit,
                                          cutoff=0.7):
        found += by_leaf[leaf]          # the misspelt last part is what usually matters
    found += difflib.get_close_matches(name, names, n=limit, cutoff=0.6)
    matcher = difflib.SequenceMatcher(b=name)

    def closeness(full: str) -> float:
        matcher.set_seq1(full)
        return matcher.ratio()

    return sorted(dict.fromkeys(found), key=closeness, reverse=True)[:limit]


def module_summary(module: types.ModuleType) -> str:
    """The first paragraph of a module's docstring, on one line."""
    return " ".join((module.__doc__ or "").strip().split("\n\n")[0].split())
