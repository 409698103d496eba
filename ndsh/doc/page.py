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
                  "example", "examples", "note", "notes", "see also", "yields", "attributes",
                  "departs from mxnet"}
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
    facts: list[tuple[str, str]] = field(default_factory=list)   # ("Type", "float")...
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
    indented = False        # a Google-style section (`Name:` over indented lines) is open
    while index < len(lines):
        line = lines[index]
        name = _section_header(lines, index)
        if name:
            sections.append((name, []))
            underlined = index + 1 < len(lines) and _UNDERLINE.match(lines[index + 1])
            indented = not underlined
            index += 2 if underlined else 1
            continue
        if indented and line.strip() and not line.startswith((" ", "\t")) \
                and any(body_line.strip() for body_line in sections[-1][1]):
            # unindented prose after an indented section body ends the section: it belongs to
            # the description (dedenting it with the body would fold the rows into one)
            indented = False
            sections.append(("", []))
        (sections[-1][1] if sections else head).append(line)
        index += 1
    head += [line for name, body in sections if not name for line in ["", *body]]
    sections = [(name, body) for name, body in sections if name]
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
        elif lowered == "departs from mxnet":      # a docstring's `Departs from MXNet:`
            page.departs = body
        else:
            page.sections.append((name, body))
    return page


_OUT = "an NDArray to write the result into; it is also returned."


def merge_signature_parameters(page: DocPage, parameters: list[inspect.Parameter],
                               common: dict[str, str] | None = None) -> None:
    """Add a row for each signature parameter the docstring did not describe but `common`
    does (`out` always is); a parameter nobody describes gets no row (no empty fields: the
    signature shows it)."""
    common = {"out": _OUT, **(common or {})}
    documented = {name.strip().lstrip("*").partition(" ")[0] for row in page.parameters
                  for name in row.names.split(",")}
    for parameter in parameters:
        description = common.get(parameter.name, "")
        if parameter.name in documented or not description:
            continue
        names = {parameter.VAR_POSITIONAL: f"*{parameter.name}",
                 parameter.VAR_KEYWORD: f"**{parameter.name}"}.get(parameter.kind,
                                                                   parameter.name)
        page.parameters.append(Param(names, description))


class _Shown:
    """A default as the user would write it: `'float32'` for numpy.float32."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


def plain_default(parameter: inspect.Parameter) -> inspect.Parameter:
    """The parameter with its default in the user's terms: a numpy type or dtype shows as its
    name in quotes (`dtype='float32'`, not `dtype=<class 'numpy.float32'>`).

    Example:
        >>> import numpy
        >>> str(plain_default(inspect.Parameter("dtype", inspect.Parameter.KEYWORD_ONLY,
        ...                                     default=numpy.float32)))
        "dtype='float32'"
    """
    default = parameter.default
    if isinstance(default, type) and default.__module__ == "numpy":
        return parameter.replace(default=_Shown(repr(default.__name__)))
    if type(default).__module__.startswith("numpy") and hasattr(default, "itemsize") \
            and hasattr(default, "kind"):                      # a numpy dtype instance
        return parameter.replace(default=_Shown(repr(str(default))))
    return parameter


def object_signature(name: str, obj: Any, drop_first: bool = False) -> tuple[str, list]:
    """`name(params...)` for a callable, and its parameters; ("", []) when it has none."""
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return "", []
    # annotations are strings under `from __future__ import annotations`: noise on a page
    parameters = [plain_default(p.replace(annotation=p.empty))
                  for p in signature.parameters.values()]
    if drop_first and parameters:
        parameters = parameters[1:]
    shown = signature.replace(parameters=parameters, return_annotation=signature.empty)
    return f"{name}{shown}", parameters


def object_page(name: str, obj: Any, drop_first: bool = False, kind: str = "",
                common: dict[str, str] | None = None) -> DocPage:
    """A page built from any object's docstring and signature; `common` describes parameters
    the docstring leaves out (ndsh's own conventions, for ndsh's own names).

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
        merge_signature_parameters(page, parameters, common)
    else:
        page.signature = f"{name}  ({kind})"
    return page


# ----- pages for the user's values (`lr?`, `f?`) -------------------------------------------
_STRING_FORM_LIMIT = 200


def value_page(name: str, value: Any) -> DocPage:
    """The page for a plain value (`lr?` on a float, a list, a string): its type, its string
    form and length first, as IPython's `x?` shows them, then its type's docstring (only the
    first prose paragraph for Python's built-in types, whose docstrings describe their
    constructors).

    Example:
        >>> page = value_page("lr", 0.1)
        >>> page.signature, page.facts
        ('lr', [('Type', 'float'), ('String form', '0.1')])
        >>> value_page("names", ["a", "b"]).facts[1:]
        [('String form', "['a', 'b']"), ('Length', '2')]
    """
    cls = type(value)
    page = DocPage(name=name, kind=cls.__name__, signature=name, obj=value)
    page.facts = [("Type", _type_name(cls)), ("String form", string_form(value))]
    try:
        page.facts.append(("Length", str(len(value))))
    except Exception:        # no len(), or a len() that fails: nothing to say
        pass
    doc = inspect.getdoc(cls) or ""
    if cls.__module__ == "builtins":
        doc = next((paragraph for paragraph in doc.split("\n\n")
                    if paragraph.strip() and " -> " not in paragraph), "")
    return fill_from_docstring(page, doc)


def code_facts(obj: Any) -> list[tuple[str, str]]:
    """What `f?` says before the docstring of a function, class or module that is not one of
    ndsh's own: its type, and where it was defined (a file and line, or the shell's input).

    Example:
        >>> code_facts(first_sentence)[0]
        ('Type', 'function')
    """
    facts = [("Type", _type_name(type(obj)))]
    target = inspect.unwrap(obj) if callable(obj) else obj
    try:
        where = inspect.getsourcefile(target) or inspect.getfile(target)
    except (TypeError, OSError):
        return facts
    line = getattr(getattr(target, "__code__", None), "co_firstlineno", None)
    if where.startswith("<") and where.endswith(">"):        # the shell's `<In [3]>`
        where = where[1:-1]
    facts.append(("Defined in", f"{where}, line {line}" if line else where))
    return facts


def string_form(value: Any) -> str:
    """`str(value)` on one line, cut at 200 characters (`repr` when `str` fails)."""
    try:
        text = str(value)
    except Exception:
        try:
            text = repr(value)
        except Exception:
            return f"<{type(value).__name__} that cannot be printed>"
    text = text.replace("\n", " ")
    return text if len(text) <= _STRING_FORM_LIMIT else text[:_STRING_FORM_LIMIT - 1] + "…"


def _type_name(cls: type) -> str:
    if cls.__module__ in ("builtins", "__main__"):
        return cls.__qualname__
    return f"{cls.__module__}.{cls.__qualname__}"


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


# words whose full stop ends no sentence ("The device, e.g. `cpu(0)`.")
_ABBREVIATIONS = ("e.g.", "i.e.", "cf.", "vs.", "etc.", "approx.", "resp.", "incl.")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def first_sentence(text: str) -> str:
    """The first sentence of a summary, for one-line listings.

    The full stop of `e.g.` or `i.e.` ends no sentence, nor does `etc.` before a lower-case
    word.

    Example:
        >>> first_sentence("Add arrays. Scalars work too.")
        'Add arrays.'
        >>> first_sentence("The device, e.g. `cpu(0)`. More.")
        'The device, e.g. `cpu(0)`.'
    """
    text = re.sub(r"\s*\n\s*", " ", text.strip())
    for end in _SENTENCE_END.finditer(text):
        word = text[:end.end()].rsplit(" ", 1)[-1].lower()
        following = text[end.end():].lstrip()[:1]
        if word.lstrip("(") in _ABBREVIATIONS and (word != "etc." or following.islower()):
            continue
        return text[:end.end()]
    return text


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
