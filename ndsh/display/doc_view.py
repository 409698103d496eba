"""The layout of a doc page, as styled lines: plain text when piped, styled by rich at a
terminal (`ndsh.display.console.Output.show_lines`).

Everything is laid out for a width (the console's: `Output.width`): prose is wrapped at words,
signatures and long example calls at their parameters, never in the middle of a word.
"""
from __future__ import annotations

import re
import textwrap

from ndsh.doc.page import DocPage

DEFAULT_WIDTH = 80
_NAME_COLUMN = 26
_MIN_ROOM = 24           # below this many columns after an aligned indent, indent by 4 instead


def page_lines(page: DocPage, source: bool = False,
               width: int = DEFAULT_WIDTH) -> list[tuple[str, str]]:
    """The page as `(style, text)` lines for a console `width` columns wide: signature,
    facts (type, value), summary, parameters, MXNet names, differentiability, example,
    departures from MXNet, members, and the source if asked."""
    out = [("signature", line) for line in wrap_call(page.signature or page.name, width)]
    if page.alias_note:
        out += [("hint", line) for line in _wrap(page.alias_note, width)]
    if page.facts:
        out += _table(page.facts, width)
    for paragraph in (page.summary, page.description):
        if paragraph:
            out.append(("text", ""))
            out += [("text", line) for line in _paragraphs(paragraph, width)]
    if page.parameters:
        out += _heading("Parameters")
        out += _table([(row.names, row.description) for row in page.parameters], width)
    if page.kind in ("op", "method") and page.differentiable is not None:
        out += _heading("Names and gradient")
        facts = [("MXNet aliases", ", ".join(page.aliases) if page.aliases else "none")]
        if page.same_shape_aliases:
            facts.append(("Same shapes only", ", ".join(page.same_shape_aliases)
                          + " (no broadcasting)"))
        facts.append(("Differentiable", "yes" if page.differentiable else "no"))
        out += _table(facts, width)
    if page.see_also:
        out += _heading("See also")
        out += [("name", line) for line in _wrap(", ".join(page.see_also), width, "  ")]
    for name, body in page.sections:
        out += _heading(name)
        out += [("text", line) for line in _section_lines(body, width)]
    if page.example:
        out += _heading("Example")
        out += [("code", line) for line in example_lines(page.example, width, "    ")]
    if page.departs:
        out += _heading("Where ndsh departs from MXNet")
        out += [("text", line) for line in _paragraphs(page.departs, width, indent="  ")]
    if page.members:
        out += _heading(f"Members ({len(page.members)})")
        out += _table(page.members, width, style="name")
    if source:
        out += _source_lines(page)
    return out


# ----- calls: signatures and example lines ------------------------------------------------
def wrap_call(text: str, width: int, prefix: str = "", continuation: str = "") -> list[str]:
    """A call or signature wrapped at its parameters: the lines after the first align with
    the text after the opening bracket (or are indented by 4 when that leaves little room).
    `prefix` starts the first line, `continuation` the others (`>>> ` and `... `). Text
    without brackets, or that fits, comes back as one line.

    Example:
        >>> for line in wrap_call("f(alpha=1, beta=2, gamma=3)", 16): print(line)
        f(alpha=1,
          beta=2,
          gamma=3)
    """
    line = prefix + text
    parts = _split_call(text)
    if len(line) <= width or parts is None:
        return [line]
    head, items, tail = parts
    continuation = continuation or " " * len(prefix)
    indent = len(head)
    if width - len(continuation) - indent < _MIN_ROOM:
        indent = 4
    lines, current = [], prefix + head
    first_piece = items[0] + ("," if len(items) > 1 else tail)
    if len(current) + len(first_piece) > width:       # even one argument is too long there
        lines, current, indent = [current], continuation + " " * 4, 4
    fresh = True                      # nothing but the indent on the current line yet
    for number, item in enumerate(items):
        piece = item + ("," if number + 1 < len(items) else tail)
        gap = "" if fresh else " "
        if not fresh and len(current) + len(gap) + len(piece) > width:
            lines.append(current)
            current, gap = continuation + " " * indent, ""
        current += gap + piece
        fresh = False
    return lines + [current]


def _split_call(text: str) -> tuple[str, list[str], str] | None:
    """(up to and with the first opening bracket, the items at its top level, from its closing
    bracket to the end); None when there is no bracket, it does not close, or holds nothing."""
    opening, items, start = -1, [], 0
    for index, char, depth in _scan(text):
        if char in "([{" and opening < 0:
            opening, start = index, index + 1
        elif char in ")]}" and opening >= 0 and depth == 0:
            items = [item for item in items + [text[start:index].strip()] if item]
            return (text[:opening + 1], items, text[index:]) if items else None
        elif char == "," and depth == 1 and opening >= 0:
            items.append(text[start:index].strip())
            start = index + 1
    return None


def _scan(text: str):
    """(index, character, bracket depth after it) for the characters of Python code that are
    outside string literals."""
    depth, quote = 0, ""
    for index, char in enumerate(text):
        if quote:
            if char == quote and text[index - 1] != "\\":
                quote = ""
            continue
        if char in "'\"":
            quote = char
            continue
        if char == "#":
            return
        depth += (char in "([{") - (char in ")]}")
        yield index, char, depth


def _depth(text: str) -> int:
    return next((depth for *_, depth in reversed(list(_scan(text)))), 0)


_COMPOUND = ("for ", "while ", "if ", "elif ", "else", "with ", "def ", "class ", "try",
             "except", "finally", "async ", "@")


def _statements(text: str) -> list[str]:
    """A line of simple statements split at its top-level semicolons (a compound statement's
    one-line body is left whole)."""
    if text.lstrip().startswith(_COMPOUND):
        return [text]
    parts, start = [], 0
    for index, char, depth in _scan(text):
        if char == ";" and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    return [part for part in parts + [text[start:].strip()] if part]


def example_lines(example: str, width: int, indent: str = "") -> list[str]:
    """A doctest example as a console shows it: `<BLANKLINE>` is the blank line it stands
    for; a line too long for the width is laid out again: statements joined by `;` go on
    lines of their own, a call is wrapped at its arguments (`...` lines).

    Example:
        >>> example_lines(">>> nd.ones(2)\n<BLANKLINE>\n[1. 1.]", 40)
        ['>>> nd.ones(2)', '', '[1. 1.]']
        >>> for line in example_lines(">>> x = nd.ones((2, 3)); x.sum(axis=1)", 24):
        ...     print(line)
        >>> x = nd.ones((2, 3))
        >>> x.sum(axis=1)
    """
    lines: list[str] = []
    source = example.split("\n")
    index = 0
    while index < len(source):
        line = source[index]
        index += 1
        if line.strip() == "<BLANKLINE>" or not line.strip():
            lines.append("")
            continue
        if not line.startswith((">>> ", "... ")):
            lines.append(indent + line)
            continue
        group = [line]               # a statement whose brackets close on later `...` lines
        while _depth(" ".join(part[4:] for part in group)) > 0 and index < len(source) \
                and source[index].startswith("... "):
            group.append(source[index])
            index += 1
        if all(len(indent + part) <= width for part in group):
            lines += [indent + part for part in group]
            continue
        prompt, body = line[:4], " ".join(part[4:].strip() for part in group)
        lead = line[4:len(line) - len(line[4:].lstrip())]       # a block's indent
        for number, statement in enumerate(_statements(body)):
            first = indent + (prompt if number == 0 or prompt == "... " else ">>> ") + lead
            lines += wrap_call(statement, width, first, indent + "... " + lead)
    return lines


# ----- prose and tables -------------------------------------------------------------------
def _source_lines(page: DocPage) -> list[tuple[str, str]]:
    if not page.source:
        return _heading("Source") + [("hint", "  (no Python source for this name)")]
    where = f" ({page.source_file})" if page.source_file else ""
    return _heading(f"Source{where}") + [("source-code", line)
                                          for line in page.source.split("\n")]


def _heading(title: str) -> list[tuple[str, str]]:
    return [("text", ""), ("heading", title)]


_CODE_SPAN = re.compile(r"`[^`\n]+`")
_KEEP = "\x00"            # stands for a space inside a `code span` while the text is wrapped


def _wrap(text: str, width: int, indent: str = "", hang: str | None = None) -> list[str]:
    """Prose wrapped at words; a short `code span` is one word (`x.reshape(3, 4)` stays
    whole on its line)."""
    width = max(width, len(indent) + 20)
    kept = _CODE_SPAN.sub(lambda span: span.group().replace(" ", _KEEP)
                          if len(span.group()) <= width // 2 else span.group(), text)
    lines = textwrap.wrap(kept, width, initial_indent=indent,
                          subsequent_indent=indent if hang is None else hang,
                          break_on_hyphens=False, break_long_words=False)
    return [line.replace(_KEEP, " ") for line in lines] or [indent.rstrip()]


def _paragraphs(text: str, width: int, indent: str = "") -> list[str]:
    """Prose paragraphs re-wrapped to the width (the docstring's own line breaks go); blocks
    laid out by hand (indented code, `>>>` examples, lists) keep their lines, a line too long
    wrapped under its own indent."""
    lines: list[str] = []
    for number, paragraph in enumerate(text.split("\n\n")):
        if number:
            lines.append("")
        body = paragraph.split("\n")
        if any(line.startswith((" ", "\t", ">>>")) for line in body) or _is_list(body):
            lines += _kept_lines(body, width, indent)
        else:
            lines += _wrap(" ".join(part.strip() for part in body), width, indent)
    return lines


def _kept_lines(body: list[str], width: int, indent: str = "") -> list[str]:
    """Lines kept as the docstring breaks them; one too long for the width is wrapped at
    words under its own indent (a bullet's text under the text)."""
    lines = []
    for line in body:
        line = (indent + line).rstrip()
        if len(line) <= width or line.lstrip().startswith(">>>"):
            lines.append(line)
            continue
        lead = line[:len(line) - len(line.lstrip())]
        hang = lead + "  " if line.lstrip().startswith(("- ", "* ")) else lead
        lines += _wrap(line.lstrip(), width, lead, hang)
    return lines


def _is_list(body: list[str]) -> bool:
    """A paragraph whose lines are bullets (`- item`, `* item`): each bullet stays a line."""
    return len(body) > 1 and all(line.startswith(("- ", "* ")) for line in body[1:2])


def _section_lines(body: str, width: int) -> list[str]:
    """A section (Returns, Note...) as its docstring lays it out, long lines wrapped: its
    lines may be a numpydoc list (`name : type` over the description), not prose."""
    return _kept_lines(body.split("\n"), width, indent="  ")


def _table(rows: list[tuple[str, str]], width: int,
           style: str = "text") -> list[tuple[str, str]]:
    """Two columns: names, then text wrapped under itself."""
    column = min(_NAME_COLUMN, max(len(name) for name, _ in rows) + 2, max(12, width // 3))
    pad = " " * (2 + column)
    out = []
    for name, text in rows:
        wrapped = _wrap(text, max(20, width - len(pad))) if text else [""]
        if len(name) + 2 > column:
            out.append((style, f"  {name}"))
            out += [(style, (pad + line).rstrip()) for line in wrapped if line]
            continue
        out.append((style, f"  {name.ljust(column)}{wrapped[0]}".rstrip()))
        out += [(style, pad + line) for line in wrapped[1:]]
    return out


def listing_lines(rows: list[tuple[str, str]],
                  width: int = DEFAULT_WIDTH) -> list[tuple[str, str]]:
    """Names with their one-line summaries (`ndsh doc --search`)."""
    return _table(rows, width, style="name")


def namespace_lines(rows: list[tuple[str, int, str]]) -> list[tuple[str, str]]:
    """`ndsh doc` with no name: the namespaces and their sizes, and how to go on."""
    out = [("heading", "Namespaces")]
    out += [("name", f"  {space:<12}{size:>4} {what}") for space, size, what in rows]
    out += [("text", ""),
            ("hint", "ndsh doc NAME shows a page: nd.dot, autograd.record, NDArray.reshape..."),
            ("hint", "ndsh doc --search WORD ranks the names and summaries that match.")]
    return out


def no_page_lines(name: str, suggestions: list[str]) -> list[tuple[str, str]]:
    """What `ndsh doc` says on stderr for a name that has no page."""
    out = [("error", f"ndsh doc: no page for {name!r}.")]
    if suggestions:
        out.append(("text", "Did you mean: " + ", ".join(suggestions) + "?"))
    out.append(("hint", "ndsh doc --search WORD searches names and summaries."))
    return out
