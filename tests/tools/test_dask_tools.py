"""The tools on dask(0) arrays: ndsh.graph names the context and the chunks, the trace's
gradient statistics are computed where the gradients live (every dask gradient of a backward
in one dask call, the same numbers as on cpu(0)), and a NaN is still traced to its op."""
from __future__ import annotations

import io
import json

import numpy as np
import pytest

pytest.importorskip("dask.array")

from dask.callbacks import Callback  # noqa: E402

from ndsh.engine import autograd, nd  # noqa: E402
from ndsh.tools.graphs import place_of  # noqa: E402
from ndsh.tools.tracing import trace  # noqa: E402

D = nd.dask()


def chunked(host, rows):
    x = nd.array(host, ctx=D)
    x._data = x._data.rechunk((rows,) + host.shape[1:])
    return x


SCRIPT = """
    x = chunked(np.ones((1000, 2), "float32"), 250)
    w = nd.array([[1.0], [2.0]], ctx=D)
    w.attach_grad()
    with autograd.record():
        h = nd.dot(x, w)
        y = (h * h).sum()
"""


def test_the_graph_names_the_context_and_the_chunks(run):
    run.ns.update(chunked=chunked, np=np, D=D)
    run(SCRIPT, "g.nds")
    assert place_of(run.ns["x"]) == "@dask(0), 4 chunks of 250x2"
    assert place_of(run.ns["w"]) == "@dask(0)" and place_of(nd.ones((2,))) == ""
    text = str(run("ndsh.graph(y)", "g.nds"))
    assert text.splitlines() == [
        "y = sum              (1,)       float32  g.nds:7  @dask(0)",
        "└── multiply         (1000, 1)  float32  g.nds:7  @dask(0), 4 chunks of 250x1",
        "    ├── [3] h = dot  (1000, 1)  float32  g.nds:6  @dask(0), 4 chunks of 250x1",
        "    │   ├── x        (1000, 2)  float32  constant  @dask(0), 4 chunks of 250x2",
        "    │   └── w        (2, 1)     float32  grad_req=write  @dask(0)",
        "    └── [3] h                            (above)"], text
    nodes = json.loads(run("ndsh.graph(y)", "g.nds").to_json())["nodes"]
    assert [n.get("place") for n in nodes][-2:] == ["@dask(0), 4 chunks of 250x2", "@dask(0)"]


def _traced(ctx):
    x = nd.array(np.linspace(-1, 1, 4000).reshape(1000, 4), ctx=ctx)
    if ctx is D:
        x._data = x._data.rechunk((250, 4))
    w = nd.array([[0.5], [-1.0], [2.0], [0.0]], ctx=ctx)
    w.attach_grad()
    stream = io.StringIO()
    computes: list = []
    with trace(file=stream):
        with autograd.record():
            y = (nd.dot(x, w).tanh() * 3).sum()
        with Callback(start=lambda dsk: computes.append(len(dsk))):
            y.backward()
    return [json.loads(line) for line in stream.getvalue().splitlines()], computes


def test_trace_statistics_on_dask_are_computed_in_one_call_and_match_cpu():
    on_cpu, _ = _traced(nd.cpu())
    on_dask, computes = _traced(D)
    assert len(computes) == 1               # every gradient's numbers in one dask call
    assert [r["event"] for r in on_dask] == [r["event"] for r in on_cpu]
    for want, got in zip(on_cpu, on_dask):
        for key in ("norm", "min", "max"):
            if key in want:
                assert got[key] == pytest.approx(want[key], rel=1e-4), (key, want, got)
        assert got.get("finite") == want.get("finite") and got.get("op") == want.get("op")


def test_a_nan_on_dask_is_traced_to_its_op(run):
    run.ns.update(D=D)
    with np.errstate(all="ignore"):
        run("""
            x = nd.array([4., 0., 1.], ctx=D)
            x.attach_grad()
            with ndsh.trace():
                with autograd.record():
                    loss = (nd.sqrt(x) * 2).sum()
                loss.backward()
        """, "nan.nds")
    assert "<- Inf appears here" in run.err and "sqrt" in run.err
    assert "input x = [4. 0. 1.]" in run.err, run.err


def test_explain_grad_of_a_dask_array_reduces_the_gradient_where_it_lives(run):
    run.ns.update(chunked=chunked, np=np, D=D)
    run(SCRIPT, "g.nds")
    run("y.backward()", "g.nds")
    computes: list = []
    with Callback(start=lambda dsk: computes.append(len(dsk))):
        text = str(run("ndsh.explain_grad(w)", "g.nds"))
    assert "not zero (largest magnitude 6000)" in " ".join(text.split()), text   # 2 * 3 * 1000
    assert len(computes) == 1
