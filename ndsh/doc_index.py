"""Finding the doc page for a name: `nd.dot`, `dot`, `elemwise_add`, `autograd.record`,
`NDArray.reshape`, `mx.nd.random.normal`, or a variable of the session.

A name is looked up, never evaluated: it must be a dotted identifier, the first part is read
from dictionaries and the rest with `inspect.getattr_static`, which runs no property or
`__getattr__`. Also here: the namespace listing, `--search`, and "did you mean" suggestions.
"""
from __future__ import annotations

import difflib
import inspect
import re
import types
from dataclasses import dataclass
from typing import Any

from ndsh.doc_page import (DocPage, Param, fill_from_docstring, first_sentence,
                           merge_signature_parameters, object_signature)
from ndsh.engine import autograd, nd, registry
from ndsh.engine.ndarray import NDArray

_DOTTED_NAME = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")
PUBLIC_NAMESPACES = ("nd", "nd.random", "nd.linalg", "nd.contrib")
# MXNet spellings -> ndsh's canonical prefixes, tried in order
_PREFIXES = (("mxnet.", "mx."), ("mx.ndarray.", "nd."), ("mx.nd.", "nd."), ("ndarray.", "nd."),
             ("mx.autograd.", "autograd."), ("mx.random.", "nd.random."),
             ("random.", "nd.random."), ("linalg.", "nd.linalg."), ("contrib.", "nd.contrib."),
             ("nd.NDArray.", "NDArray."), ("mx.cpu", "nd.cpu"), ("mx.gpu", "nd.gpu"),
             ("mx.Context", "nd.Context"), ("mx.current_context", "nd.current_context"))
_WHOLE = {"mx.nd": "nd", "mx.ndarray": "nd", "mxnet": "mx", "mx.autograd": "autograd",
          "mx.random": "nd.random", "ndarray": "nd", "random": "nd.random",
          "linalg": "nd.linalg", "contrib": "nd.contrib", "nd.NDArray": "NDArray"}


class NoPage(LookupError):
    """No page for a name; `suggestions` holds the closest names that have one."""

    def __init__(self, name: str, suggestions: list[str]):
        super().__init__(name)
        self.name, self.suggestions = name, suggestions


@dataclass
class Entry:
    """One name in the index: what `--search` ranks and suggestions are drawn from."""

    name: str
    summary: str
    text: str = ""       # the whole docstring, for a weaker full-text match


# ----- resolving a name ------------------------------------------------------------------
def canonical(name: str) -> str:
    """The ndsh spelling of an MXNet name.

    Example:
        >>> canonical("mx.nd.random.normal"), canonical("mxnet.autograd.record")
        ('nd.random.normal', 'autograd.record')
    """
    name = name.strip()
    for _ in range(3):
        if name in _WHOLE:
            return _WHOLE[name]
        for old, new in _PREFIXES:
            if name.startswith(old) and (old.endswith(".") or name == old):
                name = new + name[len(old):]
                break
        else:
            return name
    return name


def describe(name: str, namespace: dict | None = None) -> DocPage:
    """The page for `name`; raises NoPage (with suggestions) when there is none.

    Example:
        >>> describe("elemwise_add").name, describe("mx.nd.dot").signature[:14]
        ('nd.add', 'nd.dot(lhs, rh')
    """
    if not _DOTTED_NAME.match(name.strip()):
        raise NoPage(name, [])
    name = canonical(name)
    page = _namespace_page(name) or _op_page_for(name) or _member_page(name)
    if page is None and namespace is not None:
        page = _session_page(name, namespace)
    if page is None:
        raise NoPage(name, suggest(name))
    return page


def describe_object(obj: Any, name: str = "") -> DocPage:
    """The page for an object (`help(nd.dot)`): ndsh's own page when the object is one of
    ndsh's public names, else one built from its docstring."""
    known = _reverse_index().get(id(obj))
    if known is not None:
        return describe(known)
    if isinstance(obj, types.MethodType) and id(obj.__func__) in _reverse_index():
        return describe(_reverse_index()[id(obj.__func__)])
    if isinstance(obj, NDArray):
        page = describe("NDArray")
        page.summary = (f"{name or 'This'} is an NDArray of shape {obj.shape}, dtype "
                        f"{getattr(obj.dtype, '__name__', obj.dtype)}, on {obj.context}. "
                        f"{page.summary}")
        return page
    return object_page(name or getattr(obj, "__qualname__", type(obj).__name__), obj)


def _op_page_for(name: str) -> DocPage | None:
    op = registry.lookup(name)
    if op is None or name.startswith("NDArray."):
        return None
    return op_page(op, asked=name)


def op_page(op: registry.Op, asked: str = "") -> DocPage:
    """The page of an op of the table; `asked` is the name the user typed (maybe an alias)."""
    page = fill_from_docstring(DocPage(name=op.qualname, kind="op", obj=op), op.doc)
    page.signature = f"{op.namespace}.{op.signature()}"
    page.aliases = tuple(_qualify(alias, op.namespace) for alias in op.aliases)
    page.same_shape_aliases = tuple(_qualify(alias, op.namespace)
                                    for alias in op.same_shape_aliases)
    page.differentiable = op.differentiable
    page.departs = op.departs
    merge_signature_parameters(page, op_parameters(op))
    if op.method:
        page.see_also += (f"NDArray.{op.method}",)
    asked_q = _qualify(asked, "nd") if asked else op.qualname
    leaf = asked_q.rpartition(".")[2]
    if asked_q in page.same_shape_aliases:
        page.alias_note = (f"{leaf} is MXNet's name for {op.qualname} on inputs of identical "
                           f"shape: it does not broadcast.")
    elif asked_q != op.qualname:
        page.alias_note = f"{asked_q} is an MXNet alias of {op.qualname}."
    return page


def op_parameters(op: registry.Op) -> list[inspect.Parameter]:
    """The user-facing parameters of an op (as `Op.signature()` shows them)."""
    parameters = list(inspect.signature(op.fn).parameters.values())
    if op.kind == "primitive":
        parameters = parameters[1:]
        if getattr(op.call, "accepts_out", False):
            parameters.append(inspect.Parameter("out", inspect.Parameter.KEYWORD_ONLY,
                                                default=None))
    return parameters


def _qualify(name: str, namespace: str) -> str:
    return name if "." in name else f"{namespace}.{name}"


def _member_page(name: str) -> DocPage | None:
    space, _, leaf = name.rpartition(".")
    if leaf.startswith("_"):
        return None
    if space == "NDArray":
        return _ndarray_member_page(leaf)
    if space == "autograd" and leaf in autograd.__all__:
        return object_page(name, getattr(autograd, leaf))
    if space == "nd" and leaf in nd.__all__ and not isinstance(getattr(nd, leaf), types.ModuleType):
        return object_page(name, getattr(nd, leaf))
    if space.startswith("mx"):
        target = _walk(_mx(), name.split(".")[1:])
        return None if target is _MISSING else object_page(name, target)
    if not space:     # a bare name that is not an op: nd's extras, autograd, NDArray
        for qualified in (f"nd.{leaf}", f"autograd.{leaf}", f"NDArray.{leaf}"):
            page = _member_page(qualified)
            if page is not None:
                return page
    return None


def _ndarray_member_page(leaf: str) -> DocPage | None:
    attr = inspect.getattr_static(NDArray, leaf, _MISSING)
    if attr is _MISSING:
        return None
    name = f"NDArray.{leaf}"
    if isinstance(attr, property):
        page = fill_from_docstring(DocPage(name=name, kind="property", obj=attr),
                                   attr.__doc__ or "")
        page.signature = f"{name}  (property)"
        return page
    op = getattr(attr, "op", None)
    if op is None:
        page = object_page(name, attr, drop_first=True, kind="method")
        if f"nd.{leaf}" in registry.OPS:
            page.see_also += (f"nd.{leaf}",)
        return page
    page = op_page(op)
    page.name, page.kind, page.obj = name, "method", attr
    page.signature = f"{name}{inspect.Signature(op_parameters(op)[1:])}"
    page.parameters = [row for row in page.parameters
                       if row.names not in (op.input_names[:1] or ("data",))]
    page.see_also = (op.qualname,)
    return page


def object_page(name: str, obj: Any, drop_first: bool = False, kind: str = "") -> DocPage:
    """A page built from any object's docstring and signature."""
    kind = kind or ("class" if inspect.isclass(obj) else "module" if inspect.ismodule(obj)
                    else "function" if callable(obj) else type(obj).__name__)
    page = fill_from_docstring(DocPage(name=name, kind=kind, obj=obj),
                               inspect.getdoc(obj) or "")
    if kind in ("function", "method"):
        page.signature, parameters = object_signature(name, obj, drop_first=drop_first)
        merge_signature_parameters(page, parameters)
    else:
        page.signature = f"{name}  ({kind})"
    return page


def _session_page(name: str, namespace: dict) -> DocPage | None:
    first, *rest = name.split(".")
    if first not in namespace:
        return None
    target = _walk(namespace[first], rest)
    return None if target is _MISSING else describe_object(target, name)


_MISSING = object()


def _walk(obj: Any, parts: list[str]) -> Any:
    for part in parts:
        obj = inspect.getattr_static(obj, part, _MISSING)
        if obj is _MISSING:
            return _MISSING
        if isinstance(obj, (staticmethod, classmethod)):
            obj = obj.__func__
    return obj


def _mx():
    from ndsh import mxnet_compat
    return mxnet_compat.mxnet


# ----- namespaces -------------------------------------------------------------------------
def _namespace_page(name: str) -> DocPage | None:
    if name in PUBLIC_NAMESPACES:
        module = nd if name == "nd" else getattr(nd, name.split(".")[1])
        members = [(f"{name}.{leaf}", _entry_summary(name, leaf))
                   for leaf in sorted(registry.NAMESPACES.get(name, {}))]
        if name == "nd":
            members += [(f"nd.{leaf}", _short_doc(getattr(nd, leaf))) for leaf in nd.__all__
                        if leaf not in registry.NAMESPACES["nd"]]
        summary = (module.__doc__ or "").strip()
    elif name == "autograd":
        members = [(f"autograd.{leaf}", _short_doc(getattr(autograd, leaf)))
                   for leaf in autograd.__all__]
        summary = (autograd.__doc__ or "").strip()
    elif name == "NDArray":
        members = [(f"NDArray.{leaf}", _short_doc(inspect.getattr_static(NDArray, leaf)))
                   for leaf in dir(NDArray) if not leaf.startswith("_")]
        summary = inspect.getdoc(NDArray) or ""
    elif name == "mx":
        mx = _mx()
        members = [(f"mx.{leaf}", _short_doc(getattr(mx, leaf)))
                   for leaf in sorted(vars(mx)) if not leaf.startswith("_")]
        summary = mx.__doc__ or ""
    else:
        return None
    page = DocPage(name=name, kind="namespace", members=sorted(members))
    page.summary, page.description, _ = _split_summary(summary)
    if name == "NDArray":
        fill_from_docstring(page, summary)
        page.kind, page.obj = "class", NDArray
    return page


def _split_summary(doc: str):
    from ndsh.doc_page import split_docstring
    return split_docstring(doc)


def _entry_summary(namespace: str, leaf: str) -> str:
    op = registry.NAMESPACES[namespace][leaf]
    if (op.namespace, op.name) != (namespace, leaf):
        return f"alias of {op.qualname}"
    return first_sentence(op.summary_text if hasattr(op, "summary_text") else
                          _split_summary(op.doc)[0])


def _short_doc(obj: Any) -> str:
    if isinstance(obj, property):
        obj = obj.fget
    if isinstance(obj, types.ModuleType):
        return first_sentence((obj.__doc__ or "").strip().split("\n\n")[0].replace("\n", " "))
    return first_sentence(_split_summary(inspect.getdoc(obj) or "")[0])


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
        rows.append((space, ops, f"ops ({names} names with MXNet aliases)" if names > ops
                     else "ops"))
    rows.append(("autograd", len(autograd.__all__), "functions and classes"))
    members = [leaf for leaf in dir(NDArray) if not leaf.startswith("_")]
    rows.append(("NDArray", len(members), "methods and attributes"))
    return rows


# ----- the index: search and suggestions ----------------------------------------------------
_ENTRIES: list[Entry] = []


def entries() -> list[Entry]:
    """Every public name with a page (aliases included), built once."""
    if _ENTRIES:
        return _ENTRIES
    for space in PUBLIC_NAMESPACES:
        for leaf, op in sorted(registry.NAMESPACES.get(space, {}).items()):
            name = f"{space}.{leaf}"
            summary = _entry_summary(space, leaf)
            _ENTRIES.append(Entry(name, summary, op.doc if summary.startswith("alias") is False
                                  else ""))
    for leaf in nd.__all__:
        if leaf not in registry.NAMESPACES["nd"] and leaf not in ("random", "linalg", "contrib"):
            obj = getattr(nd, leaf)
            _ENTRIES.append(Entry(f"nd.{leaf}", _short_doc(obj), inspect.getdoc(obj) or ""))
    for leaf in autograd.__all__:
        obj = getattr(autograd, leaf)
        _ENTRIES.append(Entry(f"autograd.{leaf}", _short_doc(obj), inspect.getdoc(obj) or ""))
    for leaf in dir(NDArray):
        if not leaf.startswith("_"):
            obj = inspect.getattr_static(NDArray, leaf)
            doc = inspect.getdoc(obj.fget if isinstance(obj, property) else obj) or ""
            _ENTRIES.append(Entry(f"NDArray.{leaf}", _short_doc(obj), doc))
    for name in ("mx.context.num_gpus", "mx.test_utils.list_gpus"):
        obj = _walk(_mx(), name.split(".")[1:])
        _ENTRIES.append(Entry(name, _short_doc(obj), inspect.getdoc(obj) or ""))
    return _ENTRIES


def search(query: str, limit: int = 30) -> list[Entry]:
    """Names and summaries that match the words of `query`, best first: a name that is a
    word beats a name that contains one, which beats a match in the summary.

    Example:
        >>> search("dot")[0].name
        'nd.dot'
    """
    words = [word for word in re.split(r"\s+", query.lower().strip()) if word]
    scored = []
    for entry in entries():
        leaf = entry.name.rpartition(".")[2].lower()
        summary, text = entry.summary.lower(), entry.text.lower()
        score = 0
        for word in words:
            score += (100 if leaf == word else 40 if leaf.startswith(word) else
                      25 if word in entry.name.lower() else 0)
            score += 10 if re.search(rf"\b{re.escape(word)}", summary) else 0
            score += 2 if word in text else 0
        if score and all(word in f"{entry.name.lower()} {summary} {text}" for word in words):
            scored.append((-score, len(entry.name), entry.name, entry))
    return [entry for *_, entry in sorted(scored, key=lambda row: row[:3])][:limit]


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
    found = difflib.get_close_matches(name, names, n=limit, cutoff=0.6)
    for leaf in difflib.get_close_matches(name.rpartition(".")[2], list(by_leaf), n=limit,
                                          cutoff=0.7):
        found += by_leaf[leaf]
    return list(dict.fromkeys(found))[:limit]


# ----- objects -> names (help(nd.dot), x?) -------------------------------------------------
_REVERSE: dict[int, str] = {}


def _reverse_index() -> dict[int, str]:
    if _REVERSE:
        return _REVERSE
    for space in PUBLIC_NAMESPACES:
        for leaf in registry.NAMESPACES.get(space, {}):
            _REVERSE.setdefault(id(registry.public_callable(space, leaf)), f"{space}.{leaf}")
    for op in registry.OPS.values():
        _REVERSE.setdefault(id(op.call), op.qualname)
        _REVERSE.setdefault(id(op), op.qualname)
    for leaf in nd.__all__:
        _REVERSE.setdefault(id(getattr(nd, leaf)), f"nd.{leaf}")
    for leaf in autograd.__all__:
        _REVERSE.setdefault(id(getattr(autograd, leaf)), f"autograd.{leaf}")
    for leaf in dir(NDArray):
        if not leaf.startswith("_"):
            _REVERSE.setdefault(id(inspect.getattr_static(NDArray, leaf)), f"NDArray.{leaf}")
    _REVERSE.update({id(nd): "nd", id(autograd): "autograd", id(NDArray): "NDArray",
                     id(_mx()): "mx"})
    return _REVERSE


__all__ = ["DocPage", "Entry", "NoPage", "Param", "canonical", "describe", "describe_object",
           "entries", "namespace_sizes", "op_page", "search", "suggest"]
