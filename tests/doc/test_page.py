"""Pages from docstrings (ndsh.doc.page): sections and parameter tables, in both styles."""
from __future__ import annotations

from ndsh.doc.page import Param, parse_parameters, split_docstring


def test_docstring_sections_and_parameters():
    summary, description, sections = split_docstring(
        "Line one\ncontinues.\n\nMore.\n\nParameters\n----------\nx : int\n    The x.\n\n"
        "Examples\n--------\n>>> 1\n1")
    assert (summary, description) == ("Line one continues.", "More.")
    assert [name for name, _ in sections] == ["Parameters", "Examples"]
    assert parse_parameters("x : int\n    The x.")[0] == Param("x (int)", "The x.")
