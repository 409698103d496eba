"""`ndsh doc` for a name MXNet 1.9.1's np interface lacks (np.nanmean, np.fft, np.random.seed)
says first that mx.np has no such name and what to use, then shows NumPy's page; a misspelling
(np.onse) still gets no page and suggestions; a session whose np is NumPy gets NumPy's page
alone."""
from __future__ import annotations

import doctest

import numpy
import pytest

from ndsh.display.doc_view import page_lines
from ndsh.doc import describe, np_lacks
from ndsh.doc.lookup import NoPage
from ndsh.mxnp import np


@pytest.mark.parametrize("name, says", [
    ("np.nanmean", "use x.asnumpy() and NumPy itself"),
    ("np.fft", "NumPy has numpy.fft"),
    ("mx.np.fft", "NumPy has numpy.fft"),
    ("np.fft.fft", "np.fft raises AttributeError"),
    ("np.random.seed", "seed with npx.random.seed(n)"),
    ("np.linalg.vecdot", "NumPy has numpy.linalg.vecdot")])
def test_a_name_mx_np_lacks_says_so_first(name, says):
    lines = page_lines(describe(name))
    first = next(i for i, (style, _) in enumerate(lines) if style != "signature")
    assert lines[first][1].startswith("Not in mx.np: in a script,"), lines[:4]
    assert says in " ".join(text for _, text in lines[first:first + 5]), lines[:6]
    with pytest.raises(AttributeError):       # what the page says a script gets
        eval(name.removeprefix("mx."), {"np": np})


def test_names_mx_np_has_get_no_such_sentence():
    for name in ("np.nanmax", "np.ones", "np.random.normal", "np.linalg.norm", "npx.relu"):
        assert not describe(name).alias_note.startswith("Not in mx.np"), name


def test_a_misspelling_still_gets_suggestions():
    with pytest.raises(NoPage) as caught:
        describe("np.onse")
    assert "mx.np.ones" in caught.value.suggestions


def test_a_session_whose_np_is_numpy_gets_numpys_page():
    assert describe("np.nanmean", {"np": numpy}).alias_note == ""
    assert describe("np.nanmean", {"np": np}).alias_note.startswith("Not in mx.np")


def test_module_examples():
    assert doctest.testmod(np_lacks).failed == 0
