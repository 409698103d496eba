"""The tools on `mx.np` arrays (issue 22): after `npx.set_np()`, ndsh.graph, trace,
explain_grad, gradcheck, show, plot and progress take np arrays as they take NDArrays, name them
by the user's variables, and show an np reduction (`np.sum(x)`, recorded as the table's sum and a
reshape to ()) as one op of shape ()."""
from __future__ import annotations

import io
import json
import re

import pytest

NP_MLP = """
    from mxnet import np, npx, autograd
    npx.set_np()
    X = np.array([[1.0, 2.0], [3.0, -4.0]])
    W = np.ones((2, 3))
    b = np.zeros(3)
    W.attach_grad(); b.attach_grad()
    with autograd.record():
        H = np.dot(X, W) + b
        loss = npx.relu(H).sum()
"""


def test_graph_of_np_arrays_names_them_and_shows_numpy_shapes(run):
    run(NP_MLP, "np.nds")
    text = str(run("ndsh.graph(loss)"))
    lines = text.splitlines()
    assert lines[0].split()[:4] == ["loss", "=", "sum", "()"], text
    assert "reshape" not in text                       # the np sum's reshape to () folded in
    assert "H = add" in text and "dot" in text and "relu" in text
    leaf = next(line for line in lines if line.strip().lstrip("│├└─ ").startswith("W "))
    assert "(2, 3)" in leaf and "float32" in leaf and "grad_req=write" in leaf
    constant = next(line for line in lines if line.strip().lstrip("│├└─ ").startswith("X "))
    assert "(2, 2)" in constant and "grad_req" not in constant


def test_graph_as_json_of_np_result(run):
    run(NP_MLP, "np.nds")
    nodes = json.loads(run("ndsh.graph(loss).to_json()"))["nodes"]
    assert nodes[0]["label"] == "sum" and nodes[0]["shape"] == [] and nodes[0]["name"] == "loss"
    assert {n["label"] for n in nodes if n["kind"] == "leaf"} == {"W", "b"}


def test_np_sum_with_axis_keeps_its_own_op(run):
    run("""
        from mxnet import np, npx, autograd
        npx.set_np()
        x = np.ones((2, 3)); x.attach_grad()
        with autograd.record():
            y = np.sum(x * 2, axis=0)
    """)
    text = str(run("ndsh.graph(y)"))
    assert text.splitlines()[0].split()[:4] == ["y", "=", "sum", "(3,)"], text


def test_graph_of_an_np_leaf_says_why_there_is_nothing(run):
    run("from mxnet import np, npx\nnpx.set_np()\nw = np.ones(2)\nw.attach_grad()")
    note = run("ndsh.graph(w)").note
    assert note.startswith("w (shape (2,), float32) is a leaf")


def test_graph_refuses_a_list_naming_both_kinds():
    from ndsh.tools.graphs import graph
    with pytest.raises(TypeError, match="an NDArray or an mx.np array, got a list"):
        graph([1.0])


def test_trace_of_np_backward(run):
    run(NP_MLP, "np.nds")
    run("with ndsh.trace():\n    loss.backward()")
    rows = [line.split() for line in run.err.splitlines()]
    assert rows[0][:2] == ["backward", "#1"] and rows[0][-2:] == ["loss", "()"]
    steps = [r for r in rows if r and r[0].isdigit()]
    assert [r[1] for r in steps] == ["sum", "relu", "add", "dot"]
    assert steps[0][3] == "()"                      # the sum's gradient: shape (), one row
    leaves = {r[1]: r for r in rows if r and r[0] == "leaf"}
    assert set(leaves) == {"W", "b"}
    assert leaves["W"][2:4] == ["(2,", "3)"]


def test_trace_json_of_np_backward(run):
    run(NP_MLP, "np.nds")
    stream = io.StringIO()
    run.ns["stream"] = stream
    run("with ndsh.trace(file=stream):\n    loss.backward()")
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert records[0]["heads"] == [{"name": "loss", "shape": [], "finite": True}]
    nodes = [r for r in records if r["event"] == "node"]
    assert [(n["op"], n["shape"]) for n in nodes] == [
        ("sum", []), ("relu", [2, 3]), ("add", [2, 3]), ("dot", [2, 3])]


def test_trace_finds_nan_in_np_code(run):
    run("""
        from mxnet import np, npx, autograd
        npx.set_np()
        x = np.array([4.0, 0.0, 1.0]); x.attach_grad()
        with autograd.record():
            loss = np.sqrt(x).sum()
    """, "nan.nds")
    run("with ndsh.trace():\n    loss.backward()")
    assert "Inf first appears in the backward of sqrt at nan.nds:6" in run.err
    assert "input x = [4. 0. 1.]" in run.err


def test_explain_grad_of_np_arrays(run):
    run(NP_MLP, "np.nds")
    run("loss.backward()")
    assert run("ndsh.explain_grad(W).reason") == "ok"
    assert run("ndsh.explain_grad(X).reason") == "never-attached"
    text = str(run("ndsh.explain_grad(X)"))
    assert text.startswith("X.grad: None, because attach_grad() was never called on X")
    assert run("ndsh.explain_grad(H).reason") == "intermediate"


def test_explain_grad_of_np_array_used_outside_record(run):
    run("""
        from mxnet import np, npx, autograd
        npx.set_np()
        w = np.ones(2); w.attach_grad(); u = np.ones(2); u.attach_grad()
        v = w * 2
        with autograd.record():
            y = (v * u).sum()
        y.backward()
    """, "out.nds")
    explanation = run("ndsh.explain_grad(w)")
    assert explanation.reason == "outside-record", str(explanation)
    assert "out.nds:5" in str(explanation)


def test_gradcheck_of_np_function(run):
    run(NP_MLP, "np.nds")
    result = run("ndsh.gradcheck(lambda x, w: (np.dot(x, w) ** 2).sum(), X, W)")
    assert result.ok and result.dtype == "float64"
    assert {e.input for e in result.entries} == {"X", "W"}
    assert len(result.entries) == 4 + 6
    # the user's arrays are left as they were: float32, W's gradient untouched
    assert run("(X.dtype.name, W.dtype.name, float(W.grad.sum()))") == ("float32", "float32", 0.0)


def test_gradcheck_catches_a_wrong_np_gradient(run):
    run("""
        from mxnet import np, npx, autograd
        npx.set_np()
        class Wrong(autograd.Function):
            def forward(self, x):
                self.save_for_backward(x)
                return x * x
            def backward(self, dy):
                x, = self.saved_tensors
                return dy * x                    # should be 2 * x
        x = np.array([1.0, 2.0, 3.0])
    """)
    # an nd array in and out, as before np arrays were taken
    result = run("ndsh.gradcheck(lambda a: Wrong()(a.as_nd_ndarray()).as_np_ndarray(), x)")
    assert not result.ok
    # the np array itself: backward gets legacy NDArrays, as in MXNet 1.9.1
    run("""
        class WrongNp(autograd.Function):
            def forward(self, x):
                self.save_for_backward(x)
                return x * x
            def backward(self, dy):
                x, = self.saved_tensors
                return dy * x.as_nd_ndarray()    # should be 2 * x
        class RightNp(WrongNp):
            def backward(self, dy):
                x, = self.saved_tensors
                return 2 * dy * x.as_nd_ndarray()
    """)
    assert not run("ndsh.gradcheck(lambda a: WrongNp()(a), x)").ok
    assert run("ndsh.gradcheck(lambda a: RightNp()(a), x)").ok


def test_gradcheck_of_np_tuple_outputs(run):
    run("from mxnet import np, npx\nnpx.set_np()\nx = np.array([1.0, 2.0])")
    assert run("ndsh.gradcheck(lambda a: (np.exp(a), np.sin(a).sum()), x).ok")


def test_show_names_an_np_array(run):
    run("from mxnet import np, npx\nnpx.set_np()\nimg = np.arange(6).reshape(2, 3)")
    run("ndsh.show(img, width=40)")
    assert run.out.splitlines()[0] == "img <ndarray 2x3 float32>  min 0  max 5"


def test_plot_labels_np_series_by_name(run):
    run("from mxnet import np, npx\nnpx.set_np()\nups = np.arange(5)\ndowns = -np.arange(5)")
    run("ndsh.plot(ups, downs, width=40, height=4)")
    assert "ups" in run.out.splitlines()[-1] and "downs" in run.out.splitlines()[-1]


def test_progress_takes_np_values(run):
    from ndsh.tools.progress import progress
    run("from mxnet import np")
    stream = io.StringIO()
    bar = progress(range(2), epochs=1, stream=stream)
    for _ in bar:
        bar.update(loss=run("np.array([0.25, 0.75]).mean()"))
    assert stream.getvalue().strip() == "epoch 1/1: 2 batches, loss=0.5"


def test_graph_and_trace_of_a_gluon_net_in_np_mode(run):
    run("""
        from mxnet import np, npx, autograd, init
        from mxnet.gluon import nn
        npx.set_np()
        npx.random.seed(2)    # the weights, whatever other tests drew before: a live relu
        net = nn.Sequential()
        net.add(nn.Dense(4, activation='relu'), nn.Dense(1))
        net.initialize(init.Normal(0.1))
        X = np.ones((2, 3))
        with autograd.record():
            l = ((net(X) - 1) ** 2).mean()
    """, "net.nds")
    text = str(run("ndsh.graph(l)"))
    assert text.splitlines()[0].split()[:4] == ["l", "=", "mean", "()"]
    # the layers' numbers count the Dense layers made in this process (dense0, dense1... or
    # later ones when other tests made some)
    assert re.search(r"dense\d+_weight +\(4, 3\) +float32 +grad_req=write", text), text
    assert re.search(r"dense\d+: dot", text) and "X" in text
    run("with ndsh.trace():\n    l.backward()")
    leaves = [line.split()[1] for line in run.err.splitlines() if line.startswith(" leaf")]
    assert sorted(re.sub(r"\d+", "", leaf) for leaf in leaves) == [
        "dense_bias", "dense_bias", "dense_weight", "dense_weight"]
    report = str(run("ndsh.explain_grad(net)"))
    assert sum(line.split()[1:2] == ["ok"] for line in report.splitlines()) == 4, report
