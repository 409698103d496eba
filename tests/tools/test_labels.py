"""One op, one name in every view: the shell's value header, the graph (live and freed),
`--trace`, explain_grad and the engine's messages all call `2 * nd.dot(x.T, x)`'s last node
`multiply`, the name in ndsh's op table (docs/tools.md: "Names of ops")."""
from __future__ import annotations

import json
import textwrap

import pytest

from ndsh.display.results import array_header
from ndsh.engine.registry import OPS
from ndsh.tools.labels import op_label

CODE = textwrap.dedent("""\
    x = nd.array([[1., 2.], [3., 4.]])
    x.attach_grad()
    with autograd.record():
        y = 2 * nd.dot(x.T, x)
        z = y.sum()
""")


def test_every_view_names_the_scalar_product_multiply(run):
    run(CODE, "s.nds")
    y = run.ns["y"]
    assert array_header(y).endswith("recorded (multiply)")
    nodes = json.loads(run("ndsh.graph(z)").to_json())["nodes"]
    assert [n["label"] for n in nodes if n["kind"] == "op"] == \
        ["sum", "multiply", "dot", "transpose"]
    assert "(multiply at s.nds:4)" in str(run("ndsh.explain_grad(y)"))
    run("with ndsh.trace():\n    z.backward(retain_graph=True)")
    assert [row.split()[1] for row in run.err.splitlines() if row.split()[:1] in
            (["1"], ["2"], ["3"], ["4"])] == ["sum", "multiply", "dot", "transpose"]


def test_a_freed_node_keeps_the_same_name(run):
    run(CODE + "z.backward()\nwith autograd.record():\n    w = (x * x).sum()\nw.backward()\n",
        "s.nds")
    graph = run("ndsh.graph(y)")
    root = graph.nodes[1]
    assert (root.kind, root.label) == ("freed", "multiply")
    assert "y = multiply" in str(graph)


@pytest.mark.parametrize("code", ["x * 2", "2 * x", "x * x", "nd.multiply(x, x)",
                                  "nd.broadcast_mul(x, x)", "nd.elemwise_mul(x, x)",
                                  "x.__mul__(3.0)"])
def test_every_spelling_of_multiply_is_multiply(run, code):
    run(f"x = nd.ones((2,))\nx.attach_grad()\nwith autograd.record():\n    y = {code}\n")
    assert run("ndsh.graph(y)").nodes[1].label == "multiply"
    assert array_header(run.ns["y"]).endswith("recorded (multiply)")


def test_the_label_is_the_name_ndsh_doc_knows():
    for key, op in OPS.items():
        assert key == f"{op.namespace}.{op_label(op)}"
