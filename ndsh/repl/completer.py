"""Tab completion and the signature hint, from the live namespace.

Completes names (variables, builtins, keywords, and the keyword arguments of the call the
cursor is in), attributes (`nd.` gives ops and MXNet aliases; a module offers its `__all__`,
so `autograd.` never offers the engine's internals; a typed `_` asks for private names), dict
keys (`d["al` gives `d["alpha"]`, string and bracket closed) and file paths inside strings;
each candidate carries its one-line summary. Expressions are never
evaluated: a dotted name is looked up with `inspect.getattr_static`, and values are described
from their type and shape, so completing beside a huge array costs nothing.

`candidates()` and `signature_hint()` are plain functions over text; `NamespaceCompleter`
adapts them to prompt_toolkit.
"""
from __future__ import annotations
import __future__

import builtins
import inspect
import keyword
import os
import re
from dataclasses import dataclass
from typing import Any, Iterable

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from ndsh.display.values import engine_array
from ndsh.engine import registry
from ndsh.engine.ndarray import NDArray
from ndsh.repl.introspection import MISSING, member_summary, static_attribute, summarize
from ndsh.repl.scanning import enclosing_call, open_string

_DOTTED = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*"
# a dotted name with literal subscripts on the way (`net[0].weight`, `params['w'].`)
_INDEX = r"\[(?:-?\d+|'[^'\]]*'|\"[^\"\]]*\")\]"
_PART = rf"[A-Za-z_]\w*(?:{_INDEX})*"
_ATTRIBUTE = re.compile(rf"(?<![\w.)\]])({_PART}(?:\.{_PART})*)\.(\w*)$")
_STEP = re.compile(rf"\.?([A-Za-z_]\w*)|({_INDEX})")
_NAME = re.compile(r"(?<![\w.])([A-Za-z_]\w*)?$")
_KEY_OPEN = re.compile(rf"(?<![\w.])({_DOTTED})\[\s*$")
_MAGIC_PATH = re.compile(r"^\s*%run\s+(?:.*\s)?(\S*)$")    # `%run FILE`: complete a path
# NDArray properties that are cheap and pure, so completion may read them (`x.grad.`).
SAFE_PROPERTIES = frozenset({"grad", "context", "ctx", "shape", "dtype", "size", "ndim",
                             "stype"})
MAX_PATHS = 200


@dataclass
class Candidate:
    """One completion: the text replacing the last `length` characters, and its summary."""

    text: str
    length: int
    meta: str = ""
    display: str = ""
    closing: str = ""        # the end of `text` that closes what was open (`"]` of a key)


# ----- looking things up -----------------------------------------------------------------
def resolve(expression: str, namespace: dict[str, Any]) -> Any:
    """The object a dotted name refers to, found without running properties or calls;
    `MISSING` when it cannot be found that way. Literal subscripts (`net[0].weight`,
    `d['w']`) are followed into lists, tuples, dicts and Gluon's containers only."""
    steps = _STEP.findall(expression)
    if not steps or not steps[0][0] or "".join(
            ("." + name if name else index) for name, index in steps)[1:] != expression:
        return MISSING
    first = steps[0][0]
    obj = namespace.get(first, getattr(builtins, first, MISSING))
    for name, index in steps[1:]:
        if obj is MISSING:
            return MISSING
        obj = _attribute(obj, name) if name else _item(obj, index[1:-1])
    return obj


def _item(owner: Any, literal: str) -> Any:
    """`owner[literal]` where that runs no user code: a list, tuple or dict, or a Gluon
    container (Sequential, ParameterDict), whose indexing only reads."""
    safe = type(owner) in (list, tuple, dict) or getattr(
        getattr(type(owner), "__getitem__", None), "__module__", "").startswith("ndsh.gluon")
    if not safe:
        return MISSING
    key = int(literal) if literal[0] != "'" and literal[0] != '"' else literal[1:-1]
    try:
        return owner[key]
    except Exception:
        return MISSING


def _attribute(owner: Any, name: str) -> Any:
    value = static_attribute(owner, name)
    if isinstance(value, (staticmethod, classmethod)) or inspect.isclass(owner):
        return getattr(owner, name, MISSING)
    if isinstance(value, property):
        if engine_array(owner) is not None and name in SAFE_PROPERTIES:     # nd or np array
            return getattr(owner, name)
        return MISSING
    if inspect.isgetsetdescriptor(value) or inspect.ismemberdescriptor(value):
        try:
            return getattr(owner, name)          # C-level attributes: plain reads
        except Exception:
            return MISSING
    return value


_SUMMARIES: dict[int, tuple[Any, str]] = {}


def _summary(owner: Any, name: str) -> str:
    """A member's summary, cached for code objects (they outlive a keystroke). An op
    namespace has its own cache: there one callable can be an op and an alias of it."""
    from ndsh.repl.introspection import op_namespace_of
    if op_namespace_of(owner) is not None:
        return member_summary(owner, name)
    value = static_attribute(owner, name)
    if value is MISSING or not callable(value) and not inspect.ismodule(value):
        return member_summary(owner, name)
    cached = _SUMMARIES.get(id(value))
    if cached is None or cached[0] is not value:
        cached = (value, member_summary(owner, name))
        _SUMMARIES[id(value)] = cached
    return cached[1]


def _ops_by_callable() -> dict[int, registry.Op]:
    if not _OPS_BY_CALLABLE:
        for op in registry.OPS.values():
            _OPS_BY_CALLABLE[id(op.call)] = op
            for call in op.strict_calls.values():
                _OPS_BY_CALLABLE[id(call)] = op
    return _OPS_BY_CALLABLE


_OPS_BY_CALLABLE: dict[int, registry.Op] = {}


def call_parameters(expression: str, namespace: dict[str, Any]) -> list[inspect.Parameter]:
    """The parameters of the callable a dotted name refers to (an op's user-facing ones;
    a method's without `self`)."""
    from ndsh.doc.lookup import op_parameters

    owner_expr, _, leaf = expression.rpartition(".")
    owner = resolve(owner_expr, namespace) if owner_expr else MISSING
    target = resolve(expression, namespace)
    op = getattr(target, "op", None) or _ops_by_callable().get(id(target))
    drop_self = isinstance(owner, NDArray) or inspect.isfunction(target) and \
        owner is not MISSING and not inspect.ismodule(owner) and not inspect.isclass(owner)
    if isinstance(op, registry.Op):
        parameters = op_parameters(op)
    else:
        try:
            parameters = list(inspect.signature(target).parameters.values())
        except (TypeError, ValueError):
            return []
    return parameters[1:] if drop_self and parameters else parameters


def signature_hint(text: str, namespace: dict[str, Any]) -> str | None:
    """The signature (and summary) of the call the cursor is in, or None.

    Example:
        >>> signature_hint("y = nd.dot(a, ", {"nd": nd})[:33]
        'nd.dot(lhs, rhs, transpose_a=Fals'
    """
    callee = enclosing_call(text)
    if callee is None:
        return None
    target = resolve(callee, namespace)
    if target is MISSING or not callable(target):
        return None
    owner_expr, _, leaf = callee.rpartition(".")
    owner = resolve(owner_expr, namespace) if owner_expr else MISSING
    cached = _HINTS.get(id(target))
    if cached is None or cached[0] is not target:
        cached = (target, _hint_for(callee, target, owner, leaf))
        _HINTS[id(target)] = cached
    return cached[1]


_HINTS: dict[int, tuple[Any, str | None]] = {}


def _hint_for(callee: str, target: Any, owner: Any, leaf: str) -> str | None:
    from ndsh.doc import describe, describe_object, knows
    from ndsh.doc.page import first_sentence, object_page, object_signature

    try:
        if isinstance(owner, NDArray) or owner is NDArray:
            page = describe(f"NDArray.{leaf}")
        elif knows(target):
            page = describe_object(target)
        else:
            page = object_page(callee, target)
            page.signature = page.signature or object_signature(callee, target)[0]
    except Exception:          # a hint is a nicety: never an error while typing
        return None
    if not page.signature:
        return None
    summary = first_sentence(page.summary)
    return f"{page.signature}  {summary}" if summary else page.signature


# ----- candidates --------------------------------------------------------------------------
def candidates(text: str, namespace: dict[str, Any]) -> list[Candidate]:
    """Completions for the end of `text` (the input up to the cursor).

    Example:
        >>> [c.text for c in candidates("nd.dot", {"nd": nd})]
        ['dot']
        >>> [c.text for c in candidates("d['a", {"d": {"alpha": 1, "beta": 2}})]
        ["alpha']"]
    """
    magic_path = _MAGIC_PATH.match(text.rsplit("\n", 1)[-1])
    if magic_path:
        return _path_candidates(magic_path.group(1))
    string = open_string(text)
    if string is not None:
        start, quote = string
        typed = text[start + len(quote):]
        key_owner = _KEY_OPEN.search(text[:start])
        if key_owner:
            return _key_candidates(resolve(key_owner.group(1), namespace), typed, quote)
        return _path_candidates(typed)
    key_owner = _KEY_OPEN.search(text)
    if key_owner:
        return _key_candidates(resolve(key_owner.group(1), namespace), "", quote="")
    match = _ATTRIBUTE.search(text)
    if match:
        return _attribute_candidates(resolve(match.group(1), namespace), match.group(2))
    match = _NAME.search(text)
    if match is None or text[:match.start()].rstrip().endswith((")", "]")) and not match.group(1):
        return []
    return _name_candidates(text, match.group(1) or "", namespace)


def _wanted(name: str, prefix: str) -> bool:
    if not name.startswith(prefix):
        return False
    return not name.startswith("_") or prefix.startswith("_") and (
        not name.startswith("__") or prefix.startswith("__"))


def _ordered(found: Iterable[Candidate]) -> list[Candidate]:
    return sorted(found, key=lambda c: (c.text.startswith("_"), c.text.lower(), c.text))


def _attribute_candidates(owner: Any, prefix: str) -> list[Candidate]:
    if owner is MISSING:
        return []
    try:
        names = _member_names(owner, prefix)
    except Exception:
        return []
    return _ordered(Candidate(name, len(prefix), _summary(owner, name))
                    for name in names if _wanted(name, prefix))


def _member_names(owner: Any, prefix: str) -> list[str]:
    """The names completion offers after `owner.`: a module's public names (its `__all__`
    when it has one, which leaves out what it imported for its own use, e.g. autograd's
    engine state), any object's `dir()` otherwise. A typed underscore asks for everything."""
    names = dir(owner)
    if not inspect.ismodule(owner) or prefix.startswith("_"):
        return names
    public = getattr(owner, "__all__", None)
    if isinstance(public, (list, tuple)) and all(isinstance(name, str) for name in public):
        present = set(names)
        return [name for name in public if name in present]
    return [name for name in names
            if not isinstance(static_attribute(owner, name), __future__._Feature)]


def _name_candidates(text: str, prefix: str, namespace: dict[str, Any]) -> list[Candidate]:
    found: dict[str, Candidate] = {}
    callee = enclosing_call(text)
    if callee is not None:
        for parameter in call_parameters(callee, namespace):
            if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY) \
                    and parameter.name.startswith(prefix):
                default = "" if parameter.default is parameter.empty else \
                    f"default {parameter.default!r}"
                found[parameter.name + "="] = Candidate(parameter.name + "=", len(prefix),
                                                        f"argument; {default}".rstrip("; "))
    keywords = [Candidate(word, len(prefix), "keyword") for word in keyword.kwlist
                if word.startswith(prefix) and prefix]
    names = [Candidate(name, len(prefix), summarize(value))
             for name, value in namespace.items() if _wanted(name, prefix)]
    names += [Candidate(name, len(prefix), _summary(builtins, name)) for name in dir(builtins)
              if _wanted(name, prefix) and name not in namespace and prefix]
    arguments = list(found.values())
    return arguments + _ordered(names + keywords)


def _key_candidates(owner: Any, typed: str, quote: str) -> list[Candidate]:
    """The string keys of a dict starting with `typed`, each closing the string and the
    bracket (`d["al` -> `d["alpha"]`): in the string already open with `quote`, or, after a
    bare `d[`, as a whole literal."""
    if not isinstance(owner, dict):
        return []
    keys = sorted(key for key in owner if isinstance(key, str) and key.startswith(typed))
    found = []
    for key in keys[:MAX_PATHS]:
        if quote:
            inside = key.replace("\\", "\\\\").replace(quote, "\\" + quote)
            text, display = f"{inside}{quote}]", key
        else:
            text = display = repr(key)
            text += "]"
        found.append(Candidate(text, len(typed), summarize(owner[key]), display,
                               closing=f"{quote}]"))
    return found


def _path_candidates(typed: str) -> list[Candidate]:
    folder, partial = os.path.split(typed)
    where = os.path.expanduser(folder) if folder else "."
    try:
        entries = sorted(os.scandir(where), key=lambda entry: entry.name)
    except OSError:
        return []
    found = []
    for entry in entries:
        if not entry.name.startswith(partial) or entry.name.startswith(".") and \
                not partial.startswith("."):
            continue
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        found.append(Candidate(entry.name + ("/" if is_folder else ""), len(partial),
                               "folder" if is_folder else _file_meta(entry)))
        if len(found) >= MAX_PATHS:
            break
    return found


def _file_meta(entry: os.DirEntry) -> str:
    from ndsh.repl.magic_builtins import format_bytes
    try:
        return f"file, {format_bytes(entry.stat().st_size)}"
    except OSError:
        return "file"


# ----- prompt_toolkit ------------------------------------------------------------------------
class NamespaceCompleter(Completer):
    """prompt_toolkit's view of `candidates`, over a live namespace."""

    def __init__(self, namespace: dict[str, Any]):
        self.namespace = namespace

    def get_completions(self, document: Document, complete_event: CompleteEvent
                        ) -> Iterable[Completion]:
        text = document.text_before_cursor
        if not text.strip():
            return
        try:
            found = candidates(text, self.namespace)
        except Exception:          # completion must never break typing
            return
        after = document.text_after_cursor
        for candidate in found:
            text = candidate.text
            if candidate.closing and after.startswith(candidate.closing[0]):
                text = text[:len(text) - len(candidate.closing)]   # already closed there
            yield Completion(text, start_position=-candidate.length,
                             display=candidate.display or candidate.text,
                             display_meta=candidate.meta)
