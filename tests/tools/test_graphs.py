"""ndsh.graph: golden trees for the seed's f(a) and a small MLP, DOT and Mermaid parsed back,
the graph after backward, and what it says when there is nothing to draw."""
from __future__ import annotations

import json
import re

import pytest

from ndsh.engine import autograd, nd
from ndsh.tools.graphs import graph
from tests.tools.conftest import check_golden

SEED = """
    def f(a):
        b = a * 2
        while b.norm().asscalar() < 1000:
            b = b * 2
        if b.sum().asscalar() > 0:
            c = b
        else:
            c = 100 * b
        return c

    a = nd.array([1.5])          # 3 * 2**9 = 1536: nine doublings in the loop
    a.attach_grad()
    with autograd.record():
        c = f(a)
"""

MLP = """
    nd.random.seed(0)
    X = nd.random.normal(shape=(4, 3))
    y = nd.array([0, 1, 1, 0])
    W1 = nd.random.normal(scale=0.1, shape=(3, 5)); b1 = nd.zeros((5,))
    W2 = nd.random.normal(scale=0.1, shape=(5, 2)); b2 = nd.zeros((2,))
    params = [W1, b1, W2, b2]
    for p in params:
        p.attach_grad()

    def net(X):
        H = nd.relu(nd.dot(X, W1) + b1)
        return nd.dot(H, W2) + b2

    with autograd.record():
        out = net(X)
        loss = -nd.pick(nd.log_softmax(out), y).mean()
"""


def test_seed_graph_collapses_the_while_loop(run):
    run(SEED, "seed.nds")
    text = str(run("ndsh.graph(c)"))
    check_golden("graph_seed.txt", text + "\n")
    assert "c = multiply x 9" in text and "seed.nds:5" in text


def test_mlp_graph_names_leaves_and_constants(run):
    run(MLP, "mlp.nds")
    text = str(run("ndsh.graph(loss)"))
    check_golden("graph_mlp.txt", text + "\n")
    for name in ("W1", "b1", "W2", "b2"):
        assert re.search(rf"{name}\s+\(\d+(, \d+)?,?\)\s+float32\s+grad_req=write", text)
    assert re.search(r"X\s+\(4, 3\)\s+float32\s+constant", text)


def test_graph_survives_backward_inside_ndsh(run):
    run(SEED, "seed.nds")
    before = str(run("ndsh.graph(c)"))
    run("c.backward()")
    assert str(run("ndsh.graph(c)")) == before


def test_graph_after_backward_outside_ndsh_says_it_was_freed():
    x = nd.ones((2,))
    x.attach_grad()
    with autograd.record():
        y = (x * 2).sum()
    y.backward()
    text = str(graph(y))
    assert text.startswith("y = sum")
    assert "y's graph was freed by backward, and outside ndsh" in text
    assert "call ndsh.graph(y) before the backward, or pass retain_graph=True" in text


def test_a_graph_freed_by_an_earlier_backward_names_the_array_and_the_last_backward(run):
    """The user's report: `%graph c` after a backward on another array said "call
    ndsh.graph(y) before y.backward()" whatever the name, and "before ndsh could keep it"."""
    run("""
        x = nd.array([1., 2.]); x.attach_grad()
        with autograd.record():
            c = (x * 3).sum()
        c.backward()
        with autograd.record():
            z = (x * x).sum()
        z.backward()
    """, "two.nds")
    text = " ".join(str(run("ndsh.graph(c)")).split())
    assert text.startswith("c = sum (1,) float32 (freed by backward)")
    assert ("c's graph was freed by an earlier backward: ndsh keeps only the graph of the last "
            "backward (z.backward() at two.nds:8). Call ndsh.graph(c) before the backward that "
            "frees it, or pass retain_graph=True to that backward") in text
    assert "ndsh.graph(y)" not in text and "could keep" not in text


def test_the_magic_names_the_array_too(run):
    from ndsh.repl.magics import load_magic_modules
    from tests.repl.conftest import CapturedShell
    load_magic_modules()
    shell = CapturedShell()
    shell.run_cell("x = nd.ones(2)\nx.attach_grad()\nwith autograd.record():\n"
                   "    c = (x * 3).sum()\nc.backward()\nwith autograd.record():\n"
                   "    z = (x * x).sum()\nz.backward()")
    shell.run_cell("%graph c")
    out = " ".join(shell.out().split())
    assert "c's graph was freed by an earlier backward" in out
    assert "(z.backward() at In [1]:8)" in out


def test_a_constant_says_what_it_is():
    """The user's report: `ndsh.graph(nd.ones(2))` drew `constant ... constant`."""
    text = str(graph(nd.ones(2)))
    assert text == (
        "This array (shape (2,), float32) was not computed under autograd.record() from an "
        "array with attach_grad(): it has no recorded graph (a constant).")
    x = nd.ones((2,))
    assert str(graph(x)).startswith("x (shape (2,), float32) was not computed under")


def test_a_leaf_and_a_value_computed_outside_record_say_so(run):
    run("""
        w = nd.ones((3,)); w.attach_grad()
        d = w * 2
    """, "out.nds")
    assert str(run("ndsh.graph(w)")).startswith("w (shape (3,), float32) is a leaf: ")
    assert str(run("ndsh.graph(d)")) == (
        "d (shape (3,), float32) was computed from w outside autograd.record() (multiply at "
        "out.nds:3): it has no recorded graph (a constant).")


def test_shared_node_is_drawn_once_and_referenced(run):
    run("""
        x = nd.array([1., 2.]); x.attach_grad()
        with autograd.record():
            h = nd.exp(x)
            y = (h * h + h).sum()
    """, "shared.nds")
    text = str(run("ndsh.graph(y)"))
    assert text.count("h = exp") == 1 and "(above)" in text


def test_graph_rejects_non_arrays():
    with pytest.raises(TypeError, match="expected an NDArray"):
        graph([1, 2])


# ----- the exports, parsed back ---------------------------------------------------------------
def _structure(g) -> tuple[dict[int, str], set[tuple[int, int]]]:
    data = json.loads(g.to_json())
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    edges = {(i, n["id"]) for n in data["nodes"] for i in n["inputs"]}
    return labels, edges


@pytest.fixture
def mlp_graph(run):
    run(MLP, "mlp.nds")
    return run("ndsh.graph(loss)")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")     # pydot's use of pyparsing
def test_dot_parses_back_to_the_same_graph(mlp_graph):
    pydot = pytest.importorskip("pydot")
    labels, edges = _structure(mlp_graph)
    parsed, = pydot.graph_from_dot_data(mlp_graph.to_dot())
    nodes = {int(n.get_name()[1:]): n.get("label").strip('"')
             for n in parsed.get_nodes() if re.fullmatch(r"n\d+", n.get_name())}
    assert {i: text.split("\\n")[0].split(" = ")[-1].split(" x ")[0]
            for i, text in nodes.items()} == labels
    assert {(int(e.get_source()[1:]), int(e.get_destination()[1:]))
            for e in parsed.get_edges()} == edges
    assert parsed.get_graph_type() == "digraph"


def _parse_mermaid(text: str):
    lines = text.strip().split("\n")
    assert lines[0] == "flowchart BT"
    nodes, edges = {}, set()
    for line in lines[1:]:
        node = re.fullmatch(r"\s+n(\d+)(\[\"|\(\[\")(.*?)(\"\]|\"\]\))", line)
        edge = re.fullmatch(r"\s+n(\d+) --> n(\d+)", line)
        assert node or edge, f"not Mermaid: {line!r}"
        if node:
            assert (node.group(2), node.group(4)) in (('["', '"]'), ('(["', '"])'))
            assert '"' not in node.group(3)
            nodes[int(node.group(1))] = node.group(3)
        else:
            edges.add((int(edge.group(1)), int(edge.group(2))))
    return nodes, edges


def test_mermaid_parses_back_to_the_same_graph(mlp_graph):
    labels, edges = _structure(mlp_graph)
    nodes, parsed_edges = _parse_mermaid(mlp_graph.to_mermaid())
    assert {i: text.split("<br/>")[0].split(" = ")[-1].split(" x ")[0]
            for i, text in nodes.items()} == labels
    assert parsed_edges == edges


def test_labels_are_escaped_in_both_formats():
    from ndsh.tools.graphs import Graph, GraphNode
    g = Graph({1: GraphNode(1, "leaf", 'a"b<c>', grad_req="write")}, 1)
    assert 'a\\"b<c>' in g.to_dot()
    assert "a#quot;b#lt;c#gt;" in g.to_mermaid()


def test_json_lists_counts_shapes_and_lines(run):
    run(SEED, "seed.nds")
    data = json.loads(run("ndsh.graph(c)").to_json())
    top = data["nodes"][0]
    assert (top["label"], top["count"], top["shape"], top["where"]) == \
        ("multiply", 9, [1], "seed.nds:5")
    assert data["nodes"][-1] == {"id": 3, "kind": "leaf", "label": "a", "dtype": "float32",
                                 "grad_req": "write", "shape": [1], "inputs": []}


def test_echo_draws_the_graph(run):
    run(SEED, "seed.nds")
    run.session.run("ndsh.graph(c)", filename="echo.nds", echo=True)
    assert run.out.startswith("c = multiply x 9  (1,)  float32  seed.nds:5\n")
