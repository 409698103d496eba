"""Finding pages (ndsh.doc.lookup): golden text rendered plain, lookup of every kind of name,
the session's variables, and that a name is looked up, never evaluated, with no Session built.

Refresh the golden pages after a docstring changes:
    NDSH_UPDATE_GOLDEN=1 pytest tests/doc/test_lookup.py
"""
from __future__ import annotations

import os
import pathlib

import pytest

from ndsh.doc import NoPage, describe, lookup, with_source
from ndsh.session import Session

GOLDEN = pathlib.Path(__file__).parent / "golden"
PAGES = ["nd.dot", "elemwise_add", "autograd.record", "NDArray.reshape", "nd.random.normal",
         "nd.linalg.gemm2"]


@pytest.mark.parametrize("columns", [None, "60"])
@pytest.mark.parametrize("name", PAGES)
def test_golden_pages_rendered_plain(name, columns, invoke):
    """Piped, a page is laid out for 80 columns (NAME.txt), or for COLUMNS (NAME.60.txt)."""
    result = invoke("doc", name, **({"COLUMNS": columns} if columns else {}))
    assert result.exit_code == 0 and "\x1b[" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= int(columns or 80)
    path = GOLDEN / (f"{name}.{columns}.txt" if columns else f"{name}.txt")
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


def test_static_methods_keep_their_first_parameter_and_methods_drop_self():
    # MXNet's SymbolBlock.imports(symbol_file, input_names, param_file=None, ctx=None, ...)
    page = describe("gluon.SymbolBlock.imports")
    assert page.signature.startswith("gluon.SymbolBlock.imports(symbol_file, input_names,")
    assert "symbol_file" in [row.names for row in page.parameters]
    assert describe("io.DataDesc.get_batch_axis").signature == \
        "io.DataDesc.get_batch_axis(layout)"
    assert describe("gluon.Block.initialize").signature.startswith(
        "gluon.Block.initialize(init=")


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
            lookup.describe(name, namespace)
        except NoPage:
            pass
    assert touched == []


def test_source_is_added_on_request(invoke):
    result = invoke("doc", "--source", "nd.linalg.gemm2")
    assert result.exit_code == 0 and "\nSource (" in result.stdout
    assert "def gemm2(" in result.stdout
    assert with_source(describe("autograd.record")).source.startswith("def record(")


@pytest.mark.parametrize("name", ["ndsh.graph", "ndsh.explain_grad", "ndsh.gradcheck",
                                  "ndsh.show", "ndsh.trace"])
def test_the_ndsh_tools_have_pages(name, invoke):
    result = invoke("doc", name)
    assert result.exit_code == 0 and result.stdout.startswith(name + "(")


def test_a_lookup_builds_no_session(invoke, monkeypatch):
    def refuse(self):
        raise AssertionError("a doc lookup built a Session's namespace")

    monkeypatch.setattr(Session, "fresh_namespace", refuse)
    for name in ("nd.dot", "NDArray.shape", "ndsh.graph", "mx.cpu", "np.dot", "ndsh"):
        result = invoke("doc", name)
        assert result.exit_code == 0, (name, result.stderr)
    assert describe("np.dot").kind == "function" and describe("ndsh").kind == "module"
