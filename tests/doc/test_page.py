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


def test_prose_after_an_indented_parameters_section_goes_back_to_the_description():
    """Found on gluon's MNIST and download pages: the rows after the first were folded into it."""
    doc = ("Fetch a file.\n\n    Parameters:\n        url: the address.\n        path: the file;\n"
           "            by default here.\n\n    Without a network, the error names the address.\n"
           "\n    Example:\n        >>> 1\n        1\n")
    summary, description, sections = split_docstring(doc)
    assert description == "Without a network, the error names the address."
    assert [name for name, _ in sections] == ["Parameters", "Example"]
    assert parse_parameters(sections[0][1]) == [Param("url", "the address."),
                                                Param("path", "the file; by default here.")]
