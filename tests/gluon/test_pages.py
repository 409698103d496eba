"""Gluon's core has doc pages (`ndsh doc gluon.nn.Dense`, `mx.init.Xavier`, `help(nn.Dense)`):
each public class, function, method and property of `gluon`, `gluon.nn` and `init` has a
whole-sentence summary and a page beyond its header that describes every parameter its
signature shows and fits 80 columns."""
from __future__ import annotations

import ast
import re

import pytest

from ndsh.display.doc_view import page_lines
from ndsh.doc import describe, describe_object, knows
from ndsh.doc.index import entries, gluon_names
from ndsh.doc.lookup import canonical
from ndsh.doc.page import first_sentence
from ndsh.gluon import nn

CORE = [name for name in gluon_names() if name.split(".")[0] == "init"
        or (name.startswith("gluon.") and name.split(".")[1] in
            ("nn", "Block", "HybridBlock", "Parameter", "Constant", "ParameterDict",
             "DeferredInitializationError", "HookHandle"))]


def test_the_core_names_are_indexed():
    assert {"gluon.nn.Dense", "gluon.nn.Conv2D", "gluon.Block.initialize", "gluon.Parameter.data",
            "init.Xavier", "gluon.ParameterDict.get"} <= set(CORE)
    indexed = {entry.name for entry in entries()}
    assert set(CORE) <= indexed


@pytest.mark.parametrize("name", CORE)
def test_every_core_name_has_a_page(name):
    page = describe(name)
    assert page.name == name
    summary = page.summary
    assert summary and re.search(r"[.!?)`]$", summary), f"{name}: {summary!r}"
    assert first_sentence(summary), name
    styled = page_lines(page, width=80)
    assert len([text for _, text in styled if text.strip()]) > 1, name
    # an example's output is what MXNet prints (a summary table is 80 wide): not wrapped
    too_long = [text for style, text in styled if len(text) > 80 and not (
        style == "code" and not text.lstrip().startswith((">>>", "...")))]
    assert not too_long, f"{name}: {too_long}"
    described = {part.strip().lstrip("*").partition(" ")[0]
                 for row in page.parameters if row.description.strip()
                 for part in row.names.split(",")}
    missing = [p for p in _signature_parameters(page) if p not in described]
    assert not missing, f"{name}: no description for {missing}"


def _signature_parameters(page) -> list[str]:
    if not page.signature.startswith(f"{page.name}("):
        return []
    arguments = ast.parse(f"def f{page.signature[len(page.name):]}: pass").body[0].args
    names = [a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs]
    return names + ([arguments.vararg.arg] if arguments.vararg else [])


@pytest.mark.parametrize("asked,name", [
    ("mx.gluon.nn.Dense", "gluon.nn.Dense"), ("mxnet.gluon.nn.Dense", "gluon.nn.Dense"),
    ("nn.Dense", "gluon.nn.Dense"), ("mx.init.Xavier", "init.Xavier"),
    ("mx.initializer.Uniform", "init.Uniform"), ("mx.gluon", "gluon"),
    ("mx.gluon.Block.collect_params", "gluon.Block.collect_params")])
def test_mxnets_spellings_find_the_page(asked, name):
    assert canonical(asked) == name
    assert describe(asked).name == name


def test_help_on_a_layer_object_shows_its_page():
    assert knows(nn.Dense)
    assert describe_object(nn.Dense).name == "gluon.nn.Dense"
    assert describe_object(nn.Dense(2).initialize).name == "gluon.Block.initialize"


def test_namespaces_list_their_members():
    members = dict(describe("gluon.nn").members)
    assert "gluon.nn.Conv2D" in members and members["gluon.nn.Dense"].startswith("A fully")
    assert "init.Xavier" in dict(describe("init").members)


def test_departures_are_on_the_pages():
    assert "symbolic graph" in describe("gluon.HybridBlock").departs
    assert "Mixed" in describe("init.create").departs
    assert "Symbol" in describe("gluon.Block.summary").departs
