"""Graphs of MXNet's numpy interface: what MXNet 1.9.1 exports from a user's np-mode HybridBlock
(`_np_dot`, `_npi_add`, `_npi_subtract_scalar`, `_npx_relu`... beside FullyConnected) runs in
ndsh's SymbolBlock with MXNet's output and gradient. Golden data: scripts/record_symbol_np.py
under the MXNet 1.9.1 oracle (numpy 1.23.5), in tests/symbol/data/np_ops-*.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as onp
import pytest

from ndsh.engine import autograd, nd
from ndsh.engine.mxnet_errors import MXNetError
from ndsh.mxnet_compat import mxnet as mx

DATA = Path(__file__).parent / "data"
STEM = str(DATA / "np_ops")


@pytest.fixture
def np_mode():
    mx.npx.set_np()
    yield mx.np
    mx.npx.reset_np()


def test_the_recorded_graph_holds_np_nodes():
    ops = {node["op"] for node in json.loads((DATA / "np_ops-symbol.json").read_text())["nodes"]}
    assert {"_np_dot", "_npi_subtract_scalar", "_npx_relu", "_npi_rsubtract_scalar",
            "_npi_concatenate", "_npi_where", "_np_reshape", "FullyConnected"} <= ops


def test_mxnets_np_export_runs_with_mxnets_output_and_gradient(np_mode):
    np = np_mode
    io = nd.load(str(DATA / "np_ops-io.params"))
    block = mx.gluon.SymbolBlock.imports(STEM + "-symbol.json", ["data"], STEM + "-0000.params")
    x = io["x"].as_np_ndarray().copy()
    x.attach_grad()
    with autograd.record():
        y = block(x)
    y.backward()
    assert type(y) is np.ndarray and y.shape == io["y"].shape
    onp.testing.assert_allclose(y.asnumpy(), io["y"].asnumpy(), rtol=1e-5, atol=1e-6)
    onp.testing.assert_allclose(x.grad.asnumpy(), io["dx"].asnumpy(), rtol=1e-4, atol=1e-6)


def test_ndsh_reexports_the_imported_graph_and_reads_it_back(np_mode, tmp_path):
    np = np_mode
    block = mx.gluon.SymbolBlock.imports(STEM + "-symbol.json", ["data"], STEM + "-0000.params")
    block.export(str(tmp_path / "again"))
    ours = json.loads((tmp_path / "again-symbol.json").read_text())
    theirs = json.loads((DATA / "np_ops-symbol.json").read_text())
    assert [n["op"] for n in ours["nodes"]] == [n["op"] for n in theirs["nodes"]]
    assert ours["attrs"] == theirs["attrs"]                        # is_np_shape included
    back = mx.gluon.SymbolBlock.imports(str(tmp_path / "again-symbol.json"), ["data"],
                                        str(tmp_path / "again-0000.params"))
    x = np.ones((2, 3))
    onp.testing.assert_allclose(back(x).asnumpy(), block(x).asnumpy(), rtol=1e-6)


def test_an_np_node_ndsh_cannot_run_is_named():
    from ndsh.symbol.node import Node
    from ndsh.symbol.np_ops import run_np_op
    node = Node("_npx_no_such_op", "r0", {}, [])        # a name no mx.npx function has
    with pytest.raises(MXNetError, match=r"node 'r0'.*'_npx_no_such_op' "
                                         r"\(mx.npx.no_such_op\)"):
        run_np_op(node, [nd.ones((2, 3))], {})


def test_ndsh_exports_an_np_block_as_mxnet_does(np_mode, tmp_path):
    """The same block in ndsh, exported: MXNet's graph node for node (ops, names, inputs,
    attributes), its parameters, and the same output from ndsh's SymbolBlock."""
    from tests.symbol.np_net import np_ops_block
    np = np_mode
    with mx.name.NameManager():
        net = np_ops_block(mx.gluon, mx.init)
    net.initialize(mx.init.Constant(0.1))
    net.hybridize()
    io = nd.load(str(DATA / "np_ops-io.params"))
    x = io["x"].as_np_ndarray()
    onp.testing.assert_allclose(net(x).asnumpy(), io["y"].asnumpy(), rtol=1e-5, atol=1e-6)
    net.export(str(tmp_path / "np_ops"))
    ours = json.loads((tmp_path / "np_ops-symbol.json").read_text())
    theirs = json.loads((DATA / "np_ops-symbol.json").read_text())
    assert len(ours["nodes"]) == len(theirs["nodes"])
    for mine, golden in zip(ours["nodes"], theirs["nodes"]):
        mine, golden = dict(mine), dict(golden)
        shape, want = (mine.get("attrs", {}).pop("__shape__", None),
                       golden.get("attrs", {}).pop("__shape__", None))
        assert mine == golden
        if want is not None:           # complete in ndsh where MXNet wrote -1 (deferred)
            assert all(w in (-1, g) for g, w in zip(eval(shape), eval(want)))
    for key in ("arg_nodes", "node_row_ptr", "heads", "attrs"):
        assert ours[key] == theirs[key], key
    saved, golden = (mx.npx.load(str(tmp_path / "np_ops-0000.params")),
                     mx.npx.load(STEM + "-0000.params"))
    assert sorted(saved) == sorted(golden)
    for key in golden:
        onp.testing.assert_array_equal(saved[key].asnumpy(), golden[key].asnumpy())
    back = mx.gluon.SymbolBlock.imports(str(tmp_path / "np_ops-symbol.json"), ["data"],
                                        str(tmp_path / "np_ops-0000.params"))
    assert type(back(x)) is np.ndarray
    onp.testing.assert_allclose(back(x).asnumpy(), io["y"].asnumpy(), rtol=1e-5, atol=1e-6)


def test_an_np_function_ndsh_cannot_build_on_symbols_is_named(np_mode, tmp_path):
    np = np_mode

    class Mine(mx.gluon.HybridBlock):
        def hybrid_forward(self, F, x):
            return F.np.nanmean(x) * 2

    net = Mine()
    net.hybridize()
    with pytest.raises(AttributeError, match=r"sym.np.nanmean: ndsh's np on Symbols has the "
                                             r"functions a block's body commonly calls"):
        net(mx.sym.var("data", shape=(2,)))
    assert callable(np.ones)
