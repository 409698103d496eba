"""Doc pages: golden text rendered plain, lookup of every kind of name, search, suggestions,
and that a name is looked up, never evaluated.

Refresh the golden pages after a docstring changes:  NDSH_UPDATE_GOLDEN=1 pytest tests/test_doc.py
"""
from __future__ import annotations

import os
import pathlib

import pytest
from typer.testing import CliRunner

from ndsh import doc_index, doc_search
from ndsh.cli import app
from ndsh.cli_routing import route
from ndsh.doc_index import NoPage, describe
from ndsh.doc_page import Param, parse_parameters, split_docstring, with_source
from ndsh.session import Session

GOLDEN = pathlib.Path(__file__).parent / "golden" / "doc"
PLAIN_ENV = {"NO_COLOR": None, "FORCE_COLOR": None, "TERM": None}
PAGES = ["nd.dot", "elemwise_add", "autograd.record", "NDArray.reshape", "nd.random.normal",
         "nd.linalg.gemm2"]


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env=PLAIN_ENV)


@pytest.mark.parametrize("name", PAGES)
def test_golden_pages_rendered_plain(name):
    result = invoke("doc", name)
    assert result.exit_code == 0 and "\x1b[" not in result.stdout
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("NDSH_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(result.stdout)
    assert result.stdout == path.read_text()


@pytest.mark.parametrize("asked, page, kind", [
    ("nd.dot", "nd.dot", "op"), ("dot", "nd.dot", "op"), ("mx.nd.dot", "nd.dot", "op"),
    ("mxnet.ndarray.dot", "nd.dot", "op"), ("elemwise_add", "nd.add", "op"),
    ("nd.broadcast_add", "nd.add", "op"), ("nd.random_normal", "nd.random.normal", "op"),
    ("mx.random.seed", "nd.random.seed", "op"), ("autograd.record", "autograd.record",
                                                  "function"),
    ("mx.autograd.record", "autograd.record", "function"), ("record", "autograd.record",
                                                             "function"),
    ("NDArray.reshape", "NDArray.reshape", "method"), ("NDArray.sum", "NDArray.sum", "method"),
    ("NDArray.shape", "NDArray.shape", "property"), ("attach_grad", "NDArray.attach_grad",
                                                     "method"),
    ("nd.linalg.gemm2", "nd.linalg.gemm2", "op"), ("nd", "nd", "namespace"),
    ("nd.random", "nd.random", "namespace"), ("autograd", "autograd", "namespace"),
    ("NDArray", "NDArray", "class"), ("mx", "mx", "namespace"),
    ("mx.context.num_gpus", "mx.context.num_gpus", "function"),
])
def test_describe_every_kind_of_name(asked, page, kind):
    found = describe(asked)
    assert (found.name, found.kind) == (page, kind)
    assert found.summary


def test_alias_pages_say_what_they_alias():
    assert describe("elemwise_add").alias_note.startswith("elemwise_add is MXNet's name")
    assert describe("nd.normal").alias_note == "nd.normal is an MXNet alias of nd.random.normal."
    assert describe("nd.add").alias_note == ""


def test_method_pages_drop_the_array_argument():
    page = describe("NDArray.sum")
    assert page.signature.startswith("NDArray.sum(axis=None")
    assert "data" not in [row.names for row in page.parameters]
    assert page.see_also == ("nd.sum",)


def test_session_variables_have_pages_too():
    session = Session()
    session.run("x = nd.ones((2, 3))\ndef f(a):\n    '''Double it.'''\n    return 2 * a")
    assert session.describe("x").summary.startswith("x is an NDArray of shape (2, 3)")
    assert session.describe("x").members == [] and session.describe("NDArray").members
    assert session.describe("f").summary == "Double it."
    assert session.describe("np.dot").kind == "function"
    with pytest.raises(NoPage):
        session.describe("y")


def test_lookup_never_evaluates(tmp_path):
    touched = []

    class Spy:
        @property
        def trap(self):
            touched.append("property")
            return 1

        def __getattr__(self, name):
            touched.append(name)
            return 1

    namespace = {"spy": Spy()}
    for name in ("spy.trap", "spy.anything", "__import__('os').system('id')", "spy()",
                 "nd.dot; import os", "1 + 1", ""):
        try:
            doc_index.describe(name, namespace)
        except NoPage:
            pass
    assert touched == []


def test_unknown_names_get_suggestions_and_exit_1():
    result = invoke("doc", "nd.dott")
    assert result.exit_code == 1 and result.stdout == ""
    assert "no page for 'nd.dott'" in result.stderr
    assert "Did you mean: nd.dot" in result.stderr
    assert doc_search.suggest("NDArray.reshap")[0] == "NDArray.reshape"
    assert doc_search.suggest("nd.random.norml")[0] == "nd.random.normal"


def test_doc_alone_lists_namespaces_with_sizes():
    result = invoke("doc")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Namespaces"
    for space in ("nd", "nd.random", "nd.linalg", "nd.contrib", "autograd", "NDArray"):
        assert any(line.split()[:1] == [space] and line.split()[1].isdigit() for line in lines)


def test_search_ranks_names_then_summaries():
    result = invoke("doc", "--search", "dot")
    assert result.exit_code == 0 and result.stdout.split()[0] == "nd.dot"
    assert [e.name for e in doc_search.search("matrix product")][0] == "nd.dot"
    assert invoke("doc", "--search", "zzzqqq").exit_code == 1


def test_source_is_added_on_request():
    result = invoke("doc", "--source", "nd.linalg.gemm2")
    assert result.exit_code == 0 and "\nSource (" in result.stdout
    assert "def gemm2(" in result.stdout
    assert with_source(describe("autograd.record")).source.startswith("def record(")


def test_docstring_sections_and_parameters():
    summary, description, sections = split_docstring(
        "Line one\ncontinues.\n\nMore.\n\nParameters\n----------\nx : int\n    The x.\n\n"
        "Examples\n--------\n>>> 1\n1")
    assert (summary, description) == ("Line one continues.", "More.")
    assert [name for name, _ in sections] == ["Parameters", "Examples"]
    assert parse_parameters("x : int\n    The x.")[0] == Param("x (int)", "The x.")


def test_route_table():
    commands = {"run", "doc"}
    assert route(["s.nds", "-v"], commands, True) == ["run", "s.nds", "-v"]
    assert route(["--echo", "-c", "1", "a"], commands, True) == ["run", "--echo", "-c", "1", "a"]
    assert route(["-cprint(1)"], commands, True) == ["run", "-cprint(1)"]
    assert route(["--color=never", "doc", "x"], commands, True) == ["doc", "--color=never", "x"]
    assert route([], commands, False) == ["run"]
    assert route([], commands, True) == []
    assert route(["--help"], commands, True) == ["--help"]
    assert route(["--bogus", "s.nds"], commands, True) == ["--bogus", "s.nds"]
    assert route(["-"], commands, True) == ["run", "-"]


def test_cli_runner_runs_code():
    assert invoke("-c", "print(nd.ones(1).asscalar())").stdout == "1.0\n"
    result = CliRunner().invoke(app, [], input="print(6 * 7)\n", env=PLAIN_ENV)
    assert (result.exit_code, result.stdout) == (0, "42\n")
    result = invoke("run", "-c", "1/0")
    assert result.exit_code == 1 and "ZeroDivisionError" in result.stderr


@pytest.mark.parametrize("name", ["ndsh.graph", "ndsh.explain_grad", "ndsh.gradcheck",
                                  "ndsh.show", "ndsh.trace"])
def test_the_ndsh_tools_have_pages(name):
    result = invoke("doc", name)
    assert result.exit_code == 0 and result.stdout.startswith(name + "(")
