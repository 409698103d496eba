"""Ops recorded inside a Gluon Block's forward carry the block's name: ndsh.graph groups them
by layer (a `dense0:` prefix in text, clusters in DOT, subgraphs in Mermaid, `layers` in JSON),
`--trace` names the layer of each row, and a net's parameters are named as MXNet names them."""
from __future__ import annotations

import io
import json

import pytest

from ndsh.engine.layer_path import LAYERS
from ndsh.gluon.name import NameManager
from ndsh.tools.provenance import watching
from ndsh.tools.tracing import trace

MLP = """
from mxnet import gluon
from mxnet.gluon import nn
net = nn.Sequential()
net.add(nn.Dense(4, activation='relu'), nn.Dense(1))
net.initialize()
loss = gluon.loss.L2Loss()
X = nd.ones((2, 3)); y = nd.ones((2, 1))
with autograd.record():
    l = loss(net(X), y)
"""


@pytest.fixture(autouse=True)
def _fresh_names():
    """Block names count from 0 in each test (dense0, dense1...)."""
    with NameManager():
        yield


def test_graph_text_prefixes_each_op_with_its_layer(run):
    run(MLP, "mlp.nds")
    text = str(run("ndsh.graph(l)"))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert lines[0] == "l = l2loss0: mean (2,) float32 mlp.nds:10"
    assert "└── dense1: add (2, 1) float32 mlp.nds:10" in lines[5]
    body = "\n".join(lines)
    for expected in ("dense1: dot (2, 1)", "dense0_relu: Activation (2, 4)",
                     "dense0: add (2, 4)", "dense0: dot (2, 4)", "X (2, 3) float32 constant",
                     "dense0_weight (4, 3) float32 grad_req=write",
                     "dense1_bias (1,) float32 grad_req=write"):
        assert expected in body, expected
    assert "y (2, 1) float32 constant" in body and "leaf" not in body


def test_graph_after_backward_keeps_the_layers(run):
    run(MLP + "l.backward()\n", "mlp.nds")
    text = str(run("ndsh.graph(l)"))
    assert "dense0: dot" in text and "dense1_weight" in text


def _block(lines: list[str], opening: str) -> list[str]:
    """The lines from a group's opening line to its closing one (same indentation)."""
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(opening))
    pad = lines[start][:len(lines[start]) - len(lines[start].lstrip())]
    end = next(i for i in range(start + 1, len(lines)) if lines[i] in (pad + "}", pad + "end"))
    return lines[start:end + 1]


def test_dot_has_a_cluster_per_layer_with_its_parameters(run):
    run(MLP, "mlp.nds")
    lines = run("ndsh.graph(l).to_dot()").splitlines()
    dense0 = "\n".join(_block(lines, 'subgraph cluster_4 { label="dense0"'))
    for label in ("add\\n(2, 4)", "dot\\n(2, 4)", "dense0_weight\\n(4, 3)",
                  "dense0_bias\\n(4,)", 'label="dense0_relu"', "Activation\\n(2, 4)"):
        assert label in dense0, label
    assert "dense1" not in dense0 and "X\\n" not in dense0
    outer = "\n".join(_block(lines, 'subgraph cluster_2 { label="sequential0"'))
    assert 'label="dense1"' in outer and 'label="dense0"' in outer and "mean" not in outer
    loss = "\n".join(_block(lines, 'subgraph cluster_1 { label="l2loss0"'))
    assert all(op in loss for op in ("l = mean", "multiply", "square", "subtract"))
    assert any(line.startswith('  n') and '"X\\n(2, 3) float32\\nconstant"' in line
               for line in lines)          # the input stays outside every layer
    assert sum(line.count("{") - line.count("}") for line in lines) == 0


def test_mermaid_has_a_subgraph_per_layer(run):
    run(MLP, "mlp.nds")
    lines = run("ndsh.graph(l).to_mermaid()").splitlines()
    dense0 = "\n".join(_block(lines, 'subgraph layer4["dense0"]'))
    assert '    subgraph layer4["dense0"]' in lines
    assert "dense0_weight<br/>(4, 3)" in dense0 and 'subgraph layer5["dense0_relu"]' in dense0
    assert sum(line.strip().startswith("subgraph") for line in lines) == 5
    assert sum(line.strip() == "end" for line in lines) == 5


def test_json_gives_each_op_its_layers(run):
    run(MLP, "mlp.nds")
    nodes = json.loads(run("ndsh.graph(l).to_json()"))["nodes"]
    by_label = {(n["label"], tuple(n.get("layers", ()))) for n in nodes}
    assert ("dot", ("sequential0", "dense0")) in by_label
    assert ("Activation", ("sequential0", "dense0", "dense0_relu")) in by_label
    assert ("mean", ("l2loss0",)) in by_label


def test_nested_blocks_name_the_innermost_layer_and_keep_the_path(run):
    run("""
    from mxnet import gluon
    class MLP(gluon.Block):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            with self.name_scope():
                self.hidden = gluon.nn.Dense(3)
                self.out = gluon.nn.Dense(1)
        def forward(self, x):
            return self.out(nd.relu(self.hidden(x)))
    net = MLP(); net.initialize()
    with autograd.record():
        z = net(nd.ones((2, 2))).sum()
    """, "nested.nds")
    graph = run("ndsh.graph(z)")
    layers = {n.label + "@" + n.layer: n.layers for n in graph.nodes.values()
              if n.kind == "op"}
    assert layers["relu@mlp0"] == ("mlp0",)
    assert layers["dot@mlp0_dense0"] == ("mlp0", "mlp0_dense0")
    assert layers["sum@"] == ()
    assert "mlp0_dense1: dot" in str(graph) and "mlp0_dense0_weight" in str(graph)
    lines = graph.to_dot().splitlines()   # the inner layers' clusters nest inside mlp0's
    outer = "\n".join(_block(lines, 'subgraph cluster_1 { label="mlp0"'))
    assert '    subgraph cluster_2 { label="mlp0_dense1"' in outer
    assert 'label="mlp0_dense0"' in outer and "relu\\n" in outer and "z = sum" not in outer


def test_runs_of_an_op_collapse_only_inside_one_layer(run):
    run("""
    from mxnet.gluon import nn
    net = nn.Sequential()
    net.add(nn.Lambda(lambda x: x * 2), nn.Lambda(lambda x: x * 2))
    x = nd.ones((2,)); x.attach_grad()
    with autograd.record():
        y = net(x) * 2 * 2
    """, "runs.nds")
    text = str(run("ndsh.graph(y)"))
    assert "y = multiply x 2" in text
    assert "lambda1: multiply" in text and "lambda0: multiply" in text


def test_trace_rows_name_their_layer(run):
    stream = io.StringIO()
    run(MLP, "mlp.nds")
    with trace(file=stream):
        run("l.backward()", "mlp.nds")
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    nodes = [r for r in records if r["event"] == "node"]
    assert [(r["op"], r.get("layer")) for r in nodes[:5]] == [
        ("mean", "l2loss0"), ("multiply", "l2loss0"), ("square", "l2loss0"),
        ("subtract", "l2loss0"), ("add", "dense1")]
    leaves = [r["name"] for r in records if r["event"] == "leaf"]
    assert sorted(leaves) == ["dense0_bias", "dense0_weight", "dense1_bias", "dense1_weight"]


def test_trace_text_shows_the_layer_beside_the_op(run):
    run(MLP, "mlp.nds")
    run("ndsh.tools.tracing.set_trace(True)\nl.backward()\nndsh.tools.tracing.set_trace(False)",
        "mlp.nds")
    assert "dense0: dot" in run.err and "l2loss0: mean" in run.err


def test_blocks_keep_the_path_only_while_a_watcher_listens():
    from ndsh import gluon
    from ndsh.engine import nd
    seen = []
    net = gluon.nn.Dense(1, in_units=1, prefix="probe_")
    net.initialize()
    net.register_forward_hook(lambda block, inputs, output: seen.append(LAYERS.path))
    before = LAYERS.listeners
    net(nd.ones((1, 1)))
    with watching():
        assert LAYERS.listeners == before + 1
        net(nd.ones((1, 1)))
    net(nd.ones((1, 1)))
    assert LAYERS.listeners == before and LAYERS.path == ()
    assert seen[1] == ("probe",)
    if before == 0:
        assert seen[0] == seen[2] == ()


def test_an_error_inside_forward_leaves_no_layer_behind():
    from ndsh import gluon
    from ndsh.engine import nd
    net = gluon.nn.Dense(1, in_units=3, prefix="broken_")
    net.initialize()
    with watching():
        try:
            net(nd.ones((1, 2)))
        except Exception:
            pass
        assert LAYERS.path == ()
