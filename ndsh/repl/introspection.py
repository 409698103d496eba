"""What the shell says about objects: one-line summaries (for `dir` and completion), `dir x`
grouped by kind, `x?` / `x??` pages and `nd.*dot*?` searches.

Values are described from their type, shape and dtype; `repr` is never called on them, so a
large array costs nothing to list or complete. Attributes are read with
`inspect.getattr_static`, which runs no property.
"""
from __future__ import annotations

import builtins
import fnmatch
import inspect
import shutil
import sys
import types
from functools import lru_cache
from typing import Any

import numpy as np

from ndsh.display.values import array_kind, engine_array
from ndsh.doc.page import short_doc
from ndsh.engine import nd, registry
from ndsh.engine.ndarray import NDArray

MISSING = object()
# NDArray members about gradients: grouped on their own in `dir(x)`.
AUTOGRAD_MEMBERS = ("attach_grad", "backward", "detach", "grad", "grad_req")
OP_NAMESPACES = {"nd": nd, "nd.random": nd.random, "nd.linalg": nd.linalg,
                 "nd.contrib": nd.contrib}


# ----- one-line summaries ----------------------------------------------------------------
def describe_value(value: Any) -> str:
    """A value in a few words, from its type and shape alone (never its repr).

    Example:
        >>> describe_value(nd.zeros((2, 3))), describe_value({"a": 1}), describe_value(2.5)
        ('NDArray 2x3 float32 @cpu(0)', 'dict, 1 item', 'float')
        >>> from ndsh import gluon
        >>> net = gluon.nn.Dense(2, in_units=3, prefix='dense0_')
        >>> describe_value(net), describe_value(net.weight)
        ('Dense, 8 params', 'Parameter dense0_weight 2x3 float32, not initialized')
    """
    array = engine_array(value)         # an NDArray, or the one an mx.np array wraps
    if array is not None:
        shape = "x".join(str(d) for d in array.shape) or "scalar"
        return f"{array_kind(value)} {shape} {np.dtype(array.dtype).name} @{array.context}"
    if isinstance(value, np.ndarray):
        return f"numpy.ndarray {value.shape} {value.dtype}"
    if isinstance(value, (dict, list, tuple, set, frozenset)):
        count = len(value)
        return f"{type(value).__name__}, {count} item{'s' * (count != 1)}"
    gluon_words = _gluon_value(value)
    if gluon_words is not None:
        return gluon_words
    return type(value).__name__


def _gluon_value(value: Any) -> str | None:
    """A net, Parameter, ParameterDict or Trainer in a few words (None for anything else)."""
    if "ndsh.gluon" not in sys.modules or inspect.isclass(value):
        return None
    from ndsh.tools.nets import whos_fields
    fields = whos_fields(value)
    if fields is None:
        return None
    shape, dtype, _, _, words = fields
    if shape == "-":
        return f"{type(value).__name__}, {words}"
    name, _, state = words.partition(", ")          # a Parameter: its name, shape and state
    return f"{type(value).__name__} {name} {shape} {dtype}" + (f", {state}" if state else "")


def summarize(obj: Any) -> str:
    """The one-line summary of anything: the first sentence of a docstring for code, a
    description for a value."""
    if isinstance(obj, (staticmethod, classmethod)):
        obj = obj.__func__
    if inspect.ismodule(obj):
        return module_summary(obj)
    gluon_words = _gluon_value(obj)        # a net is callable, but a value to describe
    if gluon_words is not None:
        return gluon_words
    if _is_code(obj):
        try:
            return short_doc(obj) or _kind(obj)
        except Exception:        # a docstring we cannot parse must not break a listing
            return _kind(obj)
    return describe_value(obj)


def module_summary(module: types.ModuleType) -> str:
    """The first line of a module's docstring that is text (not a `=====` rule)."""
    for line in (module.__doc__ or "").strip().split("\n"):
        if line.strip() and set(line.strip()) - set("=-~"):
            return short_doc_text(line.strip())
    return "module"


def short_doc_text(text: str) -> str:
    from ndsh.doc.page import first_sentence
    return first_sentence(text)


def _is_code(obj: Any) -> bool:
    return (inspect.ismodule(obj) or inspect.isclass(obj) or isinstance(obj, property)
            or inspect.isroutine(obj) or isinstance(obj, registry.Op)
            or (callable(obj) and not isinstance(obj, NDArray)))


def _kind(obj: Any) -> str:
    if inspect.ismodule(obj):
        return "module"
    if inspect.isclass(obj):
        return "class"
    if isinstance(obj, property):
        return "property"
    return "function" if callable(obj) else type(obj).__name__


@lru_cache(maxsize=4096)
def op_summary(namespace: str, leaf: str) -> str:
    """The summary of an op-table name; an MXNet alias says what it aliases."""
    from ndsh.doc.index import entry_summary
    return entry_summary(namespace, leaf)


def op_namespace_of(obj: Any) -> str | None:
    """"nd", "nd.random"... when `obj` is one of the op namespaces, else None."""
    for name, module in OP_NAMESPACES.items():
        if obj is module:
            return name
    return None


def static_attribute(obj: Any, name: str) -> Any:
    """An attribute read without running code: modules and classes directly, instances
    through `inspect.getattr_static`. Returns `MISSING` when there is none."""
    if inspect.ismodule(obj):
        return getattr(obj, name, MISSING)
    try:
        return inspect.getattr_static(obj, name, MISSING)
    except Exception:
        return MISSING


def member_summary(owner: Any, name: str) -> str:
    """The summary of `owner.name`, for `dir` and completion."""
    space = op_namespace_of(owner)
    if space is not None and name in registry.NAMESPACES.get(space, {}):
        return op_summary(space, name)
    value = static_attribute(owner, name)
    return "" if value is MISSING else summarize(value)


# ----- dir --------------------------------------------------------------------------------
class DirListing(list):
    """What the shell's `dir(x)` returns: the list of names `builtins.dir` gives (code that
    uses it sees a list), which the shell shows grouped, in columns, with summaries."""

    def __init__(self, names: list[str], target: Any = MISSING, title: str = ""):
        super().__init__(names)
        self.target = target
        self.title = title

    def lines(self, width: int | None = None) -> list[tuple[str, str]]:
        """The grouped view as styled lines."""
        from ndsh.display.dir_view import dir_lines
        width = width or shutil.get_terminal_size((100, 24)).columns
        return dir_lines(self.title or _title(self.target), self.groups(), width)

    def _ndsh_show_(self, output) -> None:
        """How the shell shows a listing (the protocol ndsh's displayable objects share)."""
        output.show_lines(self.lines())

    def groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(title, [(name, summary)]) for the public names, grouped by kind."""
        return group_names(self.target, [name for name in self if not name.startswith("_")])


def shell_dir(*args: Any) -> DirListing:
    """The names of an object, or with no argument of the session, as a list (Python's
    `dir`); the shell shows it grouped by kind with summaries."""
    if len(args) > 1:
        raise TypeError(f"dir expected at most 1 argument, got {len(args)}")
    if not args:
        scope = sys._getframe(1).f_locals
        return DirListing(sorted(scope), _Scope(scope), title="the session")
    return DirListing(builtins.dir(args[0]), args[0])


def _title(target: Any) -> str:
    space = op_namespace_of(target)
    if space:
        return space
    if inspect.ismodule(target) or inspect.isclass(target):
        return target.__name__
    return describe_value(target) if target is not MISSING else "names"


def group_names(target: Any, names: list[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Public names of `target` grouped by kind: ops and MXNet aliases for an op namespace,
    autograd members for an array, then modules, classes, properties, methods and values."""
    if target is MISSING:
        return [("Names", [(name, "") for name in names])]
    if isinstance(target, _Scope):
        return _group_scope(target.names, names)
    space = op_namespace_of(target)
    public = set(getattr(target, "__all__", names)) if inspect.ismodule(target) else set(names)
    names = [name for name in names if name in public]
    buckets: dict[str, list[tuple[str, str]]] = {}
    ops = registry.NAMESPACES.get(space or "", {})
    is_array = (engine_array(target) is not None or target is NDArray
                or (inspect.isclass(target) and target.__module__ == "mxnet.numpy"))
    for name in names:
        if name in ops:
            op = ops[name]
            title = "Ops" if (op.namespace, op.name) == (space, name) else "MXNet aliases"
        elif is_array and name in AUTOGRAD_MEMBERS:
            title = "Autograd"
        else:
            title = _bucket(static_attribute(target, name), inspect.ismodule(target))
        buckets.setdefault(title, []).append((name, member_summary(target, name)))
    order = ("Ops", "MXNet aliases", "Autograd", "Properties", "Methods", "Functions",
             "Classes", "Modules", "Values")
    return [(title, buckets[title]) for title in order if title in buckets]


class _Scope:
    """The names of a scope, for `dir()` with no argument."""

    def __init__(self, names: dict[str, Any]):
        self.names = names


def _group_scope(scope: dict[str, Any], names: list[str]) -> list[tuple[str, list]]:
    buckets: dict[str, list[tuple[str, str]]] = {}
    for name in names:
        value = scope.get(name)
        title = "Variables" if not _is_code(value) else _bucket(value, True)
        buckets.setdefault(title, []).append((name, summarize(value)))
    order = ("Variables", "Functions", "Classes", "Modules")
    return [(title, buckets[title]) for title in order if title in buckets]


def _bucket(value: Any, in_module: bool) -> str:
    if isinstance(value, (staticmethod, classmethod)):
        value = value.__func__
    if inspect.ismodule(value):
        return "Modules"
    if inspect.isclass(value):
        return "Classes"
    if isinstance(value, (property, types.GetSetDescriptorType, types.MemberDescriptorType)):
        return "Properties"
    if callable(value):
        return "Functions" if in_module else "Methods"
    return "Values"


# ----- x? and nd.*dot*? --------------------------------------------------------------------
def show_page(session, name: str, source: bool = False) -> None:
    """`x?` / `x??`: the page `ndsh doc x` shows, for ndsh's names and the session's."""
    from ndsh.display import doc_view
    from ndsh.doc import NoPage, with_source

    try:
        page = describe_name(session, name)
    except NoPage as missing:
        session.output.show_lines(doc_view.no_page_lines(missing.name, missing.suggestions),
                                  "err")
        return
    session.output.show_page(with_source(page) if source else page, source=source)


def describe_name(session, name: str):
    """The page `x?` shows (the shell's, the notebook's `x?` and its inspector): a variable of
    the session's that is an mx.np array gets its short array page (`ndsh.doc`'s
    `np_array_page`), every other name `session.describe`'s page. Raises `ndsh.doc.NoPage`."""
    from ndsh.doc.lookup import is_np_array, np_array_page

    array = session.namespace.get(name.strip()) if name.strip().isidentifier() else None
    if is_np_array(array):
        return np_array_page(array, name.strip())
    return session.describe(name)


def search_names(namespace: dict[str, Any], pattern: str) -> list[tuple[str, str]]:
    """Names matching a wildcard (`nd.*dot*`, `*grad*`): ndsh's public names and the
    session's variables, with their summaries.

    Example:
        >>> [name for name, _ in search_names({}, "nd.*dot")][:3]
        ['nd.batch_dot', 'nd.dot']
    """
    from ndsh.doc.index import entries

    found = [(entry.name, entry.summary) for entry in entries()
             if fnmatch.fnmatchcase(entry.name, pattern)]
    found += [(name, describe_value(value)) for name, value in namespace.items()
              if not name.startswith("_") and fnmatch.fnmatchcase(name, pattern)]
    return sorted(dict(found).items())
