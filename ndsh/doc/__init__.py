"""ndsh's documentation: the pages `ndsh doc NAME`, `x?` and `help(x)` show, read from the
engine's public face (the op table, `nd`, `autograd`, `NDArray`) and ndsh's own tools.

    page    DocPage, built from docstrings and signatures (imports nothing of ndsh)
    index   the public names: namespaces, summaries, objects -> names
    search  `--search` ranking and "did you mean" suggestions, over the index
    lookup  name -> page: describe, describe_object, knows

Imports run one way: page <- index <- search <- lookup. The names below load their module on
first use, so that importing `ndsh.doc.page` (the shell does, at start) stays light. The
search function is `ndsh.doc.search.search`: `ndsh.doc.search` is its module's name.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ndsh.doc.index import Entry, entries, entry_summary, namespace_sizes
    from ndsh.doc.lookup import (
        NoPage,
        array_page,
        canonical,
        describe,
        describe_object,
        knows,
        op_page,
        op_parameters,
    )
    from ndsh.doc.page import (
        DocPage,
        Param,
        first_sentence,
        object_page,
        object_signature,
        parse_parameters,
        short_doc,
        split_docstring,
        with_source,
    )
    from ndsh.doc.search import suggest

_EXPORTS = {
    "DocPage": "page", "Param": "page", "first_sentence": "page", "object_page": "page",
    "object_signature": "page", "parse_parameters": "page", "short_doc": "page",
    "split_docstring": "page", "with_source": "page",
    "Entry": "index", "entries": "index", "entry_summary": "index", "namespace_sizes": "index",
    "suggest": "search",
    "NoPage": "lookup", "array_page": "lookup", "canonical": "lookup", "describe": "lookup",
    "describe_object": "lookup", "knows": "lookup", "op_page": "lookup",
    "op_parameters": "lookup",
}

__all__ = ["DocPage", "Entry", "NoPage", "Param", "array_page", "canonical", "describe",
           "describe_object", "entries", "entry_summary", "first_sentence", "knows",
           "namespace_sizes", "object_page", "object_signature", "op_page", "op_parameters",
           "parse_parameters", "short_doc", "split_docstring", "suggest", "with_source"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ndsh.doc' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"ndsh.doc.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
