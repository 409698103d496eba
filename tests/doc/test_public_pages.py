"""Every public name of nd, autograd and NDArray has a whole-sentence summary and a page with
more than a header; a page describes every parameter its signature shows, shows no doctest
markup or raw reprs, and fits the console's width (80 and 60 columns) with its examples still
the same code."""
from __future__ import annotations

import ast
import doctest
import re

import pytest

from ndsh.display.doc_view import example_lines, page_lines
from ndsh.doc import describe, entries
from ndsh.doc.page import first_sentence

PUBLIC = [entry for entry in entries() if entry.name.split(".")[0] in ("nd", "autograd", "NDArray")]
PAGES = [entry.name for entry in PUBLIC if not entry.summary.startswith("alias of")]


@pytest.mark.parametrize("entry", PUBLIC, ids=[entry.name for entry in PUBLIC])
def test_every_public_name_has_a_one_sentence_summary(entry):
    summary = entry.summary
    assert summary and summary not in ("function", "property", "class", "method"), entry.name
    assert summary.startswith("alias of ") or re.search(r"[.!?)`]$", summary), summary
    assert first_sentence(summary) == summary, f"{entry.name}: {summary!r}"
    assert not summary.endswith((" e.g.", " i.e.")), f"{entry.name}: cut at {summary!r}"


@pytest.mark.parametrize("name", PAGES)
def test_every_public_name_has_a_page_beyond_its_header(name):
    page = describe(name)
    assert page.summary, name
    assert len([text for _, text in page_lines(page) if text.strip()]) > 1, name


def _signature_parameters(page) -> list[str]:
    """The parameter names a page's signature shows (`nd.dot(lhs, rhs, *, out=None)`)."""
    if not page.signature.startswith(f"{page.name}("):
        return []                       # a property's or a class's: `NDArray.shape  (property)`
    signature = page.signature[len(page.name):]
    arguments = ast.parse(f"def f{signature}: pass").body[0].args
    names = [a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs]
    if arguments.vararg:
        names.append(arguments.vararg.arg)
    return names


@pytest.mark.parametrize("name", PAGES)
def test_every_parameter_shown_is_described(name):
    page = describe(name)
    described = {part.strip().lstrip("*").partition(" ")[0]
                 for row in page.parameters if row.description.strip()
                 for part in row.names.split(",")}
    missing = [p for p in _signature_parameters(page) if p not in described]
    assert not missing, f"{name}: no description for {missing}"
    assert not any(row.description.startswith("default ") for row in page.parameters)


@pytest.mark.parametrize("width", [80, 60])
def test_pages_fit_the_width_and_show_no_markup(width):
    for name in PAGES:
        page = describe(name)
        lines = [text for _, text in page_lines(page, width=width)]
        assert "<BLANKLINE>" not in "\n".join(lines), name
        assert "<class '" not in page.signature, f"{name}: a default as Python prints it"
        too_long = [line for line in lines if len(line) > width]
        assert not too_long, f"{name} at {width} columns: {too_long}"


def _code(example: str) -> list[str]:
    """The statements of a doctest example, normalised (its expected output left out): a
    line `a; b` is the same code as `a` and `b` on lines of their own."""
    return [ast.dump(statement) for part in doctest.DocTestParser().get_examples(example)
            for statement in ast.parse(part.source).body]


@pytest.mark.parametrize("width", [80, 60, 40])
def test_examples_laid_out_for_the_width_are_the_same_code(width):
    for name in PAGES:
        example = describe(name).example
        if example:
            shown = "\n".join(example_lines(example, width))
            assert _code(shown) == _code(example), name
