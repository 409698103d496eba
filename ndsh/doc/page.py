"""A doc page as data: what `ndsh doc NAME`, `x?` and `help(x)` show, built from docstrings
and signatures. Rendering lives in `ndsh.display.doc_view`; finding the page for a name lives
in `ndsh.doc.lookup`. This module imports nothing of ndsh: the rest of the package builds on it.
"""
from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from typing import Any

_SECTION_NAMES = {"parameters", "params", "args", "arguments", "returns", "return", "raises",
                  "example", "examples", "note", "notes", "see also", "yields", "attributes"}
_HEADER = re.compile(r"^([A-Z][A-Za-z ]*?):{1,2}\s*$")
_UNDERLINE = re.compile(r"^\s*-{3,}\s*$")
# `lhs, rhs: text` (Google) or `x : int` (numpydoc, the type after a spaced colon)
_PARAM = re.compile(r"^([A-Za-z_*][\w*]*(?:\s*,\s*[A-Za-z_*][\w*]*)*)(\s*)(\([^)]*\)\s*)?"
                    r":\s*(.*)$")


@dataclass
class Param:
    """One row of a page's parameter table: names (several when documented together)."""

    names: str
    description: str = ""


@dataclass
class DocPage:
    """Everything a doc page shows; fields left empty are not shown."""

    name: str                          # canonical: "nd.dot", "autograd.record", "NDArray.shape"
    kind: str                          # op, function, method, property, class, namespace...
    signature: str = ""                # "nd.dot(lhs, rhs, ...)"
    summary: str = ""                  # the first paragraph of the docstring
    description: str = ""              # further paragraphs before the sections
    parameters: list[Param] = field(default_factory=list)
    aliases: tuple[str, ...] = ()      # MXNet names of the op, qualified
    same_shape_aliases: tuple[str, ...] = ()
    alias_note: str = ""               # set when the name asked for was an alias
    differentiable: bool | None = None
    example: str = ""                  # doctest text
    departs: str = ""                  # where ndsh departs from MXNet
    sections: list[tuple[str, str]] = field(default_factory=list)   # Returns, Note...
    members: list[tuple[str, str]] = field(default_factory=list)    # (name, summary)
    see_also: tuple[str, ...] = ()
    source: str = ""                   # filled by `with_source`
    source_file: str = ""
    obj: Any = field(default=None, repr=False)   # what the page is about, for --source


# ----- docstrings ------------------------------------------------------------------------
def split_docstring(doc: str) -> tuple[str, str, list[tuple[str, str]]]:
    """(summary, description, sections) of a docstring. Section headers are Google style
    (`Example:`) or numpydoc (`Examples` over a dashed line); contents are dedented.

    Example:
        >>> split_docstring("Add two arrays.\\n\\nExample:\\n    >>> 1 + 1\\n    2")
        ('Add two arrays.', '', [('Example', '>>> 1 + 1\\n2')])
    """
    lines = inspect.cleandoc(doc or "").split("\n")
    head: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        name = _section_header(lines, index)
        if name:
            sections.append((name, []))
            index += 2 if index + 1 < len(lines) and _UNDERLINE.match(lines[index + 1]) else 1
            continue
        (sections[-1][1] if sections else head).append(line)
        index += 1
    paragraphs = "\n".join(head).strip().split("\n\n")
    summary = " ".join(part.strip() for part in paragraphs[0].split("\n")).strip()
    description = "\n\n".join(paragraphs[1:]).strip()
    return summary, description, [(name, inspect.cleandoc("\n".join(body)))
                                  for name, body in sections]


def _section_header(lines: list[str], index: int) -> str:
    line = lines[index]
    if line.startswith((" ", "\t")):
        return ""
    match = _HEADER.match(line)
    if match and match.group(1).lower() in _SECTION_NAMES:
        return match.group(1)
    next_line = lines[index + 1] if index + 1 < len(lines) else ""
    if line.strip().lower() in _SECTION_NAMES and _UNDERLINE.match(next_line):
        return line.strip()
    return ""


def parse_parameters(text: str) -> list[Param]:
    """Rows of a Parameters section: `name, other: description` lines, continuations joined.

    Example:
        >>> parse_parameters("lhs, rhs: float arrays.\\naxis: the axis;\\n    -1 is the last.")
        [Param(names='lhs, rhs', description='float arrays.'), \
Param(names='axis', description='the axis; -1 is the last.')]
    """
    rows: list[Param] = []
    for line in text.split("\n"):
        match = None if line.startswith((" ", "\t")) else _PARAM.match(line)
        if match:
            names, rest = re.sub(r"\s*,\s*", ", ", match.group(1)), match.group(4).strip()
            if match.group(2) and not match.group(3) and rest:   # numpydoc `x : int`
                names, rest = f"{names} ({rest})", ""
            rows.append(Param(names, rest))
        elif rows and line.strip():
            rows[-1].description = f"{rows[-1].description} {line.strip()}".strip()
    return rows


# ----- pages from objects ----------------------------------------------------------------
def fill_from_docstring(page: DocPage, doc: str) -> DocPage:
    """Spread a docstring over the page: summary, description, parameters, example, rest."""
    summary, description, sections = split_docstring(doc)
    page.summary, page.description = summary, description
    for name, body in sections:
        lowered = name.lower()
        if lowered in ("parameters", "params", "args", "arguments") and not page.parameters:
            page.parameters = parse_parameters(body) or [Param(body)]
        elif lowered in ("example", "examples") and not page.example:
            page.example = body
        else:
            page.sections.append((name, body))
    return page


def merge_signature_parameters(page: DocPage, parameters: list[inspect.Parameter]) -> None:
    """Add a row for each signature parameter the docstring did not describe."""
    documented = {name.strip().lstrip("*") for row in page.parameters
                  for name in row.names.split(",")}
    for parameter in parameters:
        if parameter.name in documented or parameter.kind is parameter.VAR_KEYWORD \
                and parameter.name == "kwargs":
            continue
        names = {parameter.VAR_POSITIONAL: f"*{parameter.name}",
                 parameter.VAR_KEYWORD: f"**{parameter.name}"}.get(parameter.kind,
                                                                   parameter.name)
        description = ""
        if parameter.name == "out":
            description = "an NDArray to write the result into; it is also returned."
        elif parameter.default is not parameter.empty:
            description = f"default {parameter.default!r}"
        page.parameters.append(Param(names, description))


def object_signature(name: str, obj: Any, drop_first: bool = False) -> tuple[str, list]:
    """`name(params...)` for a callable, and its parameters; ("", []) when it has none."""
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return "", []
    # annotations are strings under `from __future__ import annotations`: noise on a page
    parameters = [p.replace(annotation=p.empty) for p in signature.parameters.values()]
    if drop_first and parameters:
        parameters = parameters[1:]
    shown = signature.replace(parameters=parameters, return_annotation=signature.empty)
    return f"{name}{shown}", parameters


def object_page(name: str, obj: Any, drop_first: bool = False, kind: str = "") -> DocPage:
    """A page built from any object's docstring and signature.

    Example:
        >>> page = object_page("first_sentence", first_sentence)
        >>> page.kind, page.signature
        ('function', 'first_sentence(text)')
    """
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


def with_source(page: DocPage) -> DocPage:
    """The page with the source of what it documents (empty when Python cannot find it)."""
    target = page.obj
    if isinstance(target, property):
        target = target.fget
    target = getattr(target, "fn", target)         # an Op record: its forward function
    target = inspect.unwrap(target) if callable(target) else target
    try:
        page.source = inspect.getsource(target).rstrip("\n")
        page.source_file = inspect.getsourcefile(target) or ""
    except (TypeError, OSError):
        page.source = ""
    return page


def first_sentence(text: str) -> str:
    """The first sentence of a summary, for one-line listings.

    Example:
        >>> first_sentence("Add arrays. Scalars work too.")
        'Add arrays.'
    """
    match = re.match(r"(.+?[.!?])(\s|$)", text.strip())
    return match.group(1) if match else text.strip()


def short_doc(obj: Any) -> str:
    """The first sentence of an object's docstring (a property's getter's).

    Example:
        >>> short_doc(first_sentence)
        'The first sentence of a summary, for one-line listings.'
    """
    if isinstance(obj, property):
        obj = obj.fget
    if inspect.ismodule(obj):
        return first_sentence(" ".join((obj.__doc__ or "").strip().split("\n\n")[0].split()))
    return first_sentence(split_docstring(inspect.getdoc(obj) or "")[0])
