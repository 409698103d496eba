"""mx.image, mx.io, mx.recordio and mx.contrib.text have doc pages (`ndsh doc image.imresize`,
`mx.contrib.text.vocab.Vocabulary`): each public name has a whole-sentence summary and a page
beyond its header that describes every parameter its signature shows."""
from __future__ import annotations

import ast
import re

import pytest

from ndsh.display.doc_view import page_lines
from ndsh.doc import describe
from ndsh.doc.index import entries, gluon_names
from ndsh.doc.lookup import canonical
from ndsh.doc.page import first_sentence

SPACES = ("image", "io", "recordio", "text")
NAMES = [name for name in gluon_names() if name.split(".")[0] in SPACES]


def test_the_names_are_indexed():
    assert {"image.imresize", "image.ImageDetIter", "image.ImageDetIter.next", "io.DataBatch",
            "io.NDArrayIter", "recordio.MXIndexedRecordIO.read_idx", "text.vocab.Vocabulary",
            "text.embedding.create", "text.utils.count_tokens_from_str"} <= set(NAMES)
    assert set(NAMES) <= {entry.name for entry in entries()}
    assert canonical("mx.contrib.text.embedding.GloVe") == "text.embedding.GloVe"
    assert canonical("mx.image.CreateAugmenter") == "image.CreateAugmenter"


def _signature_parameters(page) -> list[str]:
    if not page.signature.startswith(f"{page.name}("):
        return []
    signature = re.sub(r"<[^>]*>", "None", page.signature[len(page.name):])   # <class 'int'>
    arguments = ast.parse(f"def f{signature}: pass").body[0].args
    names = [a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs]
    return names + ([arguments.vararg.arg] if arguments.vararg else []) + (
        [arguments.kwarg.arg] if arguments.kwarg else [])


@pytest.mark.parametrize("name", NAMES)
def test_every_name_has_a_page(name):
    page = describe(name)
    assert page.summary and re.search(r"[.!?)`]$", page.summary), f"{name}: {page.summary!r}"
    assert first_sentence(page.summary), name
    assert len([text for _, text in page_lines(page, width=80) if text.strip()]) > 1, name
    described = {part.strip().lstrip("*").partition(" ")[0]
                 for row in page.parameters if row.description.strip()
                 for part in row.names.split(",")}
    missing = [p for p in _signature_parameters(page) if p not in described]
    assert not missing, f"{name}: no description for {missing}"
