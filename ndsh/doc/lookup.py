"""Finding the doc page for a name: `nd.dot`, `dot`, `elemwise_add`, `autograd.record`,
`NDArray.reshape`, `mx.nd.random.normal`, `gluon.nn.Dense`, `mx.init.Xavier`, `ndsh.graph`,
or a variable of a session.

A name is looked up, never evaluated: it must be a dotted identifier, the first part is read
from dictionaries and the rest with `inspect.getattr_static`, which runs no property or
`__getattr__`. Names are resolved from the engine's public face and ndsh's own tools (see
`ndsh.doc.index`); a Session passes its namespace to add the user's variables, and nothing
here builds one. The pages of ops are built in `ndsh.doc.op_pages`, the short pages of arrays
in `ndsh.doc.array_pages`.
"""
from __future__ import annotations

import inspect
import re
import types
from typing import Any

from ndsh.doc import np_lacks
from ndsh.doc.array_pages import array_page, is_np_array, np_array_page
from ndsh.doc.index import (
    GLUON_NAMESPACES,
    PUBLIC_NAMESPACES,
    entry_summary,
    gluon_members,
    gluon_module,
    gluon_object,
    mx,
    nd_extras,
    ndarray_members,
    ndsh_tools,
    reverse_index,
    roots,
)
from ndsh.doc.op_pages import COMMON_PARAMETERS, op_page, op_parameters, shown_parameters
from ndsh.doc.page import (
    DocPage,
    code_facts,
    fill_from_docstring,
    object_page,
    object_signature,
    short_doc,
    value_page,
)
from ndsh.doc.search import suggest
from ndsh.engine import autograd, nd, registry
from ndsh.engine.ndarray import NDArray

_DOTTED_NAME = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")
# MXNet spellings -> ndsh's canonical prefixes, tried in order
_PREFIXES = (("mxnet.", "mx."), ("mx.contrib.text.", "text."), ("contrib.text.", "text."),
             ("mx.image.", "image."), ("mx.img.", "image."), ("mx.io.", "io."),
             ("mx.recordio.", "recordio."), ("mx.ndarray.", "nd."), ("mx.nd.", "nd."),
             ("ndarray.", "nd."),
             ("mx.autograd.", "autograd."), ("mx.random.", "nd.random."),
             ("random.", "nd.random."), ("linalg.", "nd.linalg."), ("contrib.", "nd.contrib."),
             ("nd.NDArray.", "NDArray."), ("mx.cpu", "nd.cpu"), ("mx.gpu", "nd.gpu"),
             ("mx.Context", "nd.Context"), ("mx.current_context", "nd.current_context"),
             ("mx.gluon.", "gluon."), ("mx.initializer.", "init."), ("mx.init.", "init."),
             ("nn.", "gluon.nn."), ("mx.optimizer.", "optimizer."),
             ("mx.lr_scheduler.", "lr_scheduler."), ("mx.sym.", "sym."),
             ("mx.symbol.", "sym."), ("symbol.", "sym."), ("mx.metric.", "metric."))
_WHOLE = {"mx.nd": "nd", "mx.ndarray": "nd", "mxnet": "mx", "mx.autograd": "autograd",
          "mx.random": "nd.random", "ndarray": "nd", "random": "nd.random",
          "linalg": "nd.linalg", "contrib": "nd.contrib", "nd.NDArray": "NDArray",
          "mx.gluon": "gluon", "mx.init": "init", "mx.initializer": "init", "nn": "gluon.nn",
          "mx.gluon.nn": "gluon.nn", "mx.optimizer": "optimizer",
          "mx.lr_scheduler": "lr_scheduler", "mx.image": "image", "mx.io": "io",
          "mx.recordio": "recordio", "mx.sym": "sym", "mx.symbol": "sym", "symbol": "sym",
          "mx.metric": "metric"}


class NoPage(LookupError):
    """No page for a name; `suggestions` holds the closest names that have one."""

    def __init__(self, name: str, suggestions: list[str]):
        super().__init__(name)
        self.name, self.suggestions = name, suggestions


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
    """The page for `name`; raises NoPage (with suggestions) when there is none. Names that
    are not ndsh's own are looked up in `namespace` (a session's variables), or without one
    under the names every script starts with (`np`, `ndsh`...: `index.roots()`).

    Example:
        >>> describe("elemwise_add").name, describe("mx.nd.dot").signature[:14]
        ('nd.add', 'nd.dot(lhs, rh')
    """
    if not _DOTTED_NAME.match(name.strip()):
        raise NoPage(name, [])
    name = canonical(name)
    page = _namespace_page(name) or _op_page_for(name) or _member_page(name)
    if page is None:
        page = np_lacks.page(name, namespace, describe_object) or _variable_page(
            name, roots() if namespace is None else namespace)
    if page is None:
        raise NoPage(name, suggest(name))
    return page



def describe_object(obj: Any, name: str = "") -> DocPage:
    """The page for an object (`help(nd.dot)`): ndsh's own page when the object is one of
    ndsh's public names, else one built from its docstring."""
    known = reverse_index().get(id(obj))
    if known is not None:
        return describe(known)
    if isinstance(obj, types.MethodType) and id(obj.__func__) in reverse_index():
        return describe(reverse_index()[id(obj.__func__)])
    if isinstance(obj, NDArray):
        return array_page(obj, name)
    if is_np_array(obj):
        return np_array_page(obj, name)
    name = name or getattr(obj, "__qualname__", type(obj).__name__)
    if not _is_code(obj):
        return value_page(name, obj)         # `lr?`: its type and value, then the docstring
    page = object_page(name, obj)
    page.facts = code_facts(obj)
    return page


def _is_code(obj: Any) -> bool:
    return inspect.ismodule(obj) or isinstance(obj, property) or callable(obj)


def knows(obj: Any) -> bool:
    """Whether an object is one of ndsh's own public names (or an NDArray): what `help(obj)`
    shows ndsh's page for.

    Example:
        >>> knows(nd.dot), knows(len)
        (True, False)
    """
    if isinstance(obj, NDArray) or is_np_array(obj):
        return True
    index = reverse_index()
    return id(obj) in index or id(getattr(obj, "__func__", None)) in index


def _op_page_for(name: str) -> DocPage | None:
    op = registry.lookup(name)
    if op is None or name.startswith("NDArray."):
        return None
    return op_page(op, asked=name)


def _member_page(name: str) -> DocPage | None:
    space, _, leaf = name.rpartition(".")
    if leaf.startswith("_"):
        return None
    if space == "NDArray":
        return _ndarray_member_page(leaf)
    if space == "autograd" and leaf in autograd.__all__:
        return object_page(name, getattr(autograd, leaf), common=COMMON_PARAMETERS)
    if space == "nd" and leaf in nd_extras():
        return object_page(name, getattr(nd, leaf), common=COMMON_PARAMETERS)
    if any(space == home or space.startswith(home + ".") for home in GLUON_NAMESPACES):
        return _gluon_page(name)
    if space == "ndsh" and leaf in ndsh_tools():
        import ndsh
        return object_page(name, getattr(ndsh, leaf))
    if space.startswith("mx"):
        target = _walk(mx(), name.split(".")[1:])
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
        page = object_page(name, attr, drop_first=True, kind="method",
                           common=COMMON_PARAMETERS)
        if f"nd.{leaf}" in registry.OPS:
            page.see_also += (f"nd.{leaf}",)
        return page
    page = op_page(op)
    page.name, page.kind, page.obj = name, "method", attr
    page.signature = f"{name}{inspect.Signature(shown_parameters(op)[1:])}"
    page.parameters = [row for row in page.parameters
                       if row.names not in (op.input_names[:1] or ("data",))]
    page.see_also = (op.qualname,)
    return page


def _variable_page(name: str, namespace: dict) -> DocPage | None:
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


def _gluon_page(name: str) -> DocPage | None:
    """A Gluon name's page: a class shows its constructor's signature, a method drops self (or
    cls), a static method keeps all its parameters (`gluon.SymbolBlock.imports(symbol_file,
    ...)`)."""
    obj = gluon_object(name)
    if obj is None:
        return None
    if isinstance(obj, property):
        page = fill_from_docstring(DocPage(name=name, kind="property", obj=obj),
                                   obj.__doc__ or "")
        page.signature = f"{name}  (property)"
        return page
    space = max((home for home in GLUON_NAMESPACES if name.startswith(home + ".")), key=len)
    method = name.count(".") > space.count(".") + 1
    owner, _, leaf = name.rpartition(".")
    static = method and isinstance(
        inspect.getattr_static(gluon_object(owner), leaf, None), staticmethod)
    page = object_page(name, obj, drop_first=method and not static,
                       kind="method" if method else "")
    if inspect.isclass(obj):
        page.signature, _ = object_signature(name, obj)
    return page


# ----- namespaces -------------------------------------------------------------------------
def _namespace_page(name: str) -> DocPage | None:
    if name in GLUON_NAMESPACES:
        module = gluon_module(name)
        members = [(f"{name}.{leaf}", short_doc(getattr(module, leaf)))
                   for leaf in gluon_members(name)]
        page = fill_from_docstring(DocPage(name=name, kind="namespace", members=members),
                                   module.__doc__ or "")
        return page
    if name in PUBLIC_NAMESPACES:
        module = nd if name == "nd" else getattr(nd, name.split(".")[1])
        members = [(f"{name}.{leaf}", entry_summary(name, leaf))
                   for leaf in sorted(registry.NAMESPACES.get(name, {}))]
        if name == "nd":
            members += [(f"nd.{leaf}", short_doc(getattr(nd, leaf))) for leaf in nd_extras()]
        summary = (module.__doc__ or "").strip()
    elif name == "autograd":
        members = [(f"autograd.{leaf}", short_doc(getattr(autograd, leaf)))
                   for leaf in autograd.__all__]
        summary = (autograd.__doc__ or "").strip()
    elif name == "NDArray":
        members = [(f"NDArray.{leaf}", short_doc(inspect.getattr_static(NDArray, leaf)))
                   for leaf in ndarray_members()]
        summary = inspect.getdoc(NDArray) or ""
    elif name == "mx":
        module = mx()
        members = [(f"mx.{leaf}", short_doc(getattr(module, leaf)))
                   for leaf in sorted(vars(module)) if not leaf.startswith("_")]
        summary = module.__doc__ or ""
    else:
        return None
    kind = "class" if name == "NDArray" else "namespace"
    return fill_from_docstring(DocPage(name=name, kind=kind, members=sorted(members)), summary)


__all__ = ["NoPage", "array_page", "canonical", "describe", "describe_object", "knows",
           "op_page", "op_parameters"]
