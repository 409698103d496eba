"""The layout of a doc page, as styled lines: plain text when piped, styled by rich at a
terminal (`ndsh.display.console.Output.show_lines`)."""
from __future__ import annotations

import textwrap

from ndsh.doc.page import DocPage

WIDTH = 88
_NAME_COLUMN = 26


def page_lines(page: DocPage, source: bool = False) -> list[tuple[str, str]]:
    """The page as `(style, text)` lines: signature, summary, parameters, MXNet names,
    differentiability, example, departures from MXNet, members, and the source if asked."""
    out: list[tuple[str, str]] = [("signature", page.signature or page.name)]
    if page.alias_note:
        out += [("hint", line) for line in _wrap(page.alias_note)]
    for paragraph in (page.summary, page.description):
        if paragraph:
            out.append(("text", ""))
            out += [("text", line) for line in _paragraphs(paragraph)]
    if page.parameters:
        out += _heading("Parameters")
        out += _table([(row.names, row.description) for row in page.parameters])
    if page.kind in ("op", "method") and page.differentiable is not None:
        out += _heading("Names and gradient")
        facts = [("MXNet aliases", ", ".join(page.aliases) if page.aliases else "none")]
        if page.same_shape_aliases:
            facts.append(("Same shapes only", ", ".join(page.same_shape_aliases)
                          + " (no broadcasting)"))
        facts.append(("Differentiable", "yes" if page.differentiable else "no"))
        out += _table(facts)
    if page.see_also:
        out += _heading("See also")
        out += [("name", "  " + ", ".join(page.see_also))]
    for name, body in page.sections:
        out += _heading(name)
        out += [("text", "  " + line if line else "") for line in body.split("\n")]
    if page.example:
        out += _heading("Example")
        out += [("code", "    " + line if line else "") for line in page.example.split("\n")]
    if page.departs:
        out += _heading("Where ndsh departs from MXNet")
        out += [("text", line) for line in _paragraphs(page.departs, indent="  ")]
    if page.members:
        out += _heading(f"Members ({len(page.members)})")
        out += _table(page.members, style="name")
    if source:
        out += _source_lines(page)
    return out


def _source_lines(page: DocPage) -> list[tuple[str, str]]:
    if not page.source:
        return _heading("Source") + [("hint", "  (no Python source for this name)")]
    where = f" ({page.source_file})" if page.source_file else ""
    return _heading(f"Source{where}") + [("source-code", line)
                                          for line in page.source.split("\n")]


def _heading(title: str) -> list[tuple[str, str]]:
    return [("text", ""), ("heading", title)]


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent,
                         break_on_hyphens=False, break_long_words=False) or [indent.rstrip()]


def _paragraphs(text: str, indent: str = "") -> list[str]:
    """Re-wrap prose paragraphs; keep indented blocks (code, lists) as they are."""
    lines: list[str] = []
    for number, paragraph in enumerate(text.split("\n\n")):
        if number:
            lines.append("")
        body = paragraph.split("\n")
        if any(line.startswith((" ", ">>>", "-", "*")) for line in body[1:] + body[:1]):
            lines += [indent + line for line in body]
        else:
            lines += _wrap(" ".join(part.strip() for part in body), indent)
    return lines


def _table(rows: list[tuple[str, str]], style: str = "text") -> list[tuple[str, str]]:
    """Two columns: names, then text wrapped under itself."""
    width = min(_NAME_COLUMN, max(len(name) for name, _ in rows) + 2)
    out = []
    for name, text in rows:
        pad = " " * (2 + width)
        wrapped = textwrap.wrap(text, WIDTH - len(pad), break_on_hyphens=False,
                                break_long_words=False) or [""]
        if len(name) + 2 > width:
            out.append((style, f"  {name}"))
            out += [(style, (pad + line).rstrip()) for line in wrapped if line]
            continue
        out.append((style, f"  {name.ljust(width)}{wrapped[0]}".rstrip()))
        out += [(style, pad + line) for line in wrapped[1:]]
    return out


def listing_lines(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Names with their one-line summaries (`ndsh doc --search`)."""
    return _table(rows, style="name")


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
