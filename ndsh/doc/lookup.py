"""Finding the doc page for a name: `nd.dot`, `dot`, `elemwise_add`, `autograd.record`,
`NDArray.reshape`, `mx.nd.random.normal`, `gluon.nn.Dense`, `mx.init.Xavier`, `ndsh.graph`,
or a variable of a session.

A name is looked up, never evaluated: it must be a dotted identifier, the first part is read
from dictionaries and the rest with `inspect.getattr_static`, which runs no property or
`__getattr__`. Names are resolved from the engine's public face and ndsh's own tools (see
`ndsh.doc.index`); a Session passes its namespace to add the user's variables, and nothing
here builds one.
"""
from __future__ import annotations

import inspect
import re
import types
from typing import Any

from ndsh.doc import np_lacks
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
from ndsh.doc.page import (
    DocPage,
    code_facts,
    fill_from_docstring,
    merge_signature_parameters,
    object_page,
    object_signature,
    plain_default,
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


# MXNet's parameters that mean the same wherever they appear: described once, here, for the
# pages of ndsh's own names whose docstrings leave them out
COMMON_PARAMETERS = {
    "data": "the input array.",
    "ctx": "the context (device) of the result; default the current context.",
    "keepdims": "keep the reduced axes, with size 1.",
    "exclude": "reduce over every axis except those in `axis`.",
}
# accepted for MXNet's sake, meaningless to a user: not shown on a page
INTERNAL_PARAMETERS = ("forward_stype",)


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


def array_page(array: NDArray, name: str = "") -> DocPage:
    """The short page for an array (`x?`, `help(x)`): what it is (shape, dtype, context,
    gradient), what an NDArray is, and where the full list of its methods is.

    Example:
        >>> print(array_page(nd.ones((2, 3)), "x").summary)
        x is an NDArray of shape (2, 3), dtype float32, on cpu(0), with no gradient buffer \
(x.attach_grad() attaches one).
    """
    import numpy as np

    dtype = np.dtype(array.dtype).name
    call = f"{name}." if name else ""
    if array.grad is not None:
        grad = (f"with a gradient buffer (grad_req={getattr(array, '_grad_req', None)!r}: "
                f"backward() writes {call or 'its '}grad)")
    elif getattr(array, "_node", None) is not None:
        grad = "recorded: the result of a computation inside autograd.record()"
    else:
        grad = f"with no gradient buffer ({call}attach_grad() attaches one)"
    summary = (f"{name or 'This array'} is an NDArray of shape {array.shape}, dtype {dtype}, "
               f"on {array.context}, {grad}.")
    what = (inspect.getdoc(NDArray) or "").split("\n\n")[0].strip()
    pointer = (f"NDArray? (or help(nd.NDArray)) shows the full page: its "
               f"{len(ndarray_members())} methods and properties, and an example; "
               f"{f'dir({name})' if name else 'dir() of the array'} lists them by kind.")
    shape = "x".join(str(size) for size in array.shape) or "scalar"
    return DocPage(name=name or "NDArray", kind="array", summary=summary,
                   signature=f"{name or 'This array'}: NDArray {shape} {dtype} @{array.context}",
                   description=f"{what}\n\n{pointer}", obj=NDArray)


def is_np_array(value: Any) -> bool:
    """Whether a value is an mx.np array (known by its class's module: the doc pages never
    import mx.np for a session that does not use it).

    Example:
        >>> from ndsh.mxnp import np as mnp
        >>> is_np_array(mnp.ones(2)), is_np_array(nd.ones(2))
        (True, False)
    """
    return type(value).__module__ == "mxnet.numpy" and hasattr(value, "as_nd_ndarray")


def np_array_page(value: Any, name: str = "") -> DocPage:
    """The short page for an mx.np array (`x?`, `help(x)`): what it is (shape, dtype, context,
    gradient state, read from the engine array it wraps without a copy), what an mx.np ndarray
    is, and where its methods are listed; as `array_page` for an NDArray.

    Example:
        >>> from ndsh.mxnp import np as mnp
        >>> page = np_array_page(mnp.ones((2, 3)), "x")
        >>> print(page.signature); print(page.summary)
        x: ndarray 2x3 float32 @cpu(0)
        x is an mx.np ndarray of shape (2, 3), dtype float32, on cpu(0), with no gradient \
buffer (x.attach_grad() attaches one).
    """
    import numpy as np

    array = value.as_nd_ndarray()
    dtype = np.dtype(array.dtype).name
    call = f"{name}." if name else ""
    if array._grad_req is not None:
        grad = (f"with a gradient buffer (grad_req={array._grad_req!r}: backward() writes "
                f"{call or 'its '}grad)")
    elif array._node is not None:
        grad = "recorded: the result of a computation inside autograd.record()"
    else:
        grad = f"with no gradient buffer ({call}attach_grad() attaches one)"
    summary = (f"{name or 'This array'} is an mx.np ndarray of shape {array.shape}, dtype "
               f"{dtype}, on {array.context}, {grad}.")
    kind = type(value)
    what = (inspect.getdoc(kind) or "").split("\n\n")[0].strip()
    members = len([leaf for leaf in dir(kind) if not leaf.startswith("_")])
    pointer = (f"np.ndarray? shows the full page of the class; "
               f"{f'dir({name})' if name else 'dir() of the array'} lists its {members} "
               f"methods and properties by kind.")
    shape = "x".join(str(size) for size in array.shape) or "scalar"
    return DocPage(name=name or "ndarray", kind="array", summary=summary,
                   signature=f"{name or 'This array'}: ndarray {shape} {dtype} @{array.context}",
                   description=f"{what}\n\n{pointer}", obj=kind)


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


def op_page(op: registry.Op, asked: str = "") -> DocPage:
    """The page of an op of the table; `asked` is the name the user typed (maybe an alias)."""
    page = fill_from_docstring(DocPage(name=op.qualname, kind="op", obj=op), op.doc)
    parameters = shown_parameters(op)
    page.signature = f"{op.qualname}{inspect.Signature(parameters)}"
    page.aliases = tuple(_qualify(alias, op.namespace) for alias in op.aliases)
    page.same_shape_aliases = tuple(_qualify(alias, op.namespace)
                                    for alias in op.same_shape_aliases)
    page.differentiable = op.differentiable
    page.departs = op.departs
    merge_signature_parameters(page, parameters, COMMON_PARAMETERS)
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
    parameters = [p.replace(annotation=p.empty)
                  for p in inspect.signature(op.fn).parameters.values()]
    if op.kind == "primitive":
        parameters = parameters[1:]
        if getattr(op.call, "accepts_out", False):
            parameters.append(inspect.Parameter("out", inspect.Parameter.KEYWORD_ONLY,
                                                default=None))
    return parameters


def shown_parameters(op: registry.Op) -> list[inspect.Parameter]:
    """The parameters a page shows: MXNet's internal ones left out, defaults as the user
    writes them (`dtype='float32'`)."""
    return [plain_default(p) for p in op_parameters(op) if p.name not in INTERNAL_PARAMETERS]


def _qualify(name: str, namespace: str) -> str:
    return name if "." in name else f"{namespace}.{name}"


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
