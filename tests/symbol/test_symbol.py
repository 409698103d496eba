"""mx.sym against MXNet 1.9.1: graphs built from Symbols give MXNet's JSON text; MXNet's
exported networks (MLP, LeNet, ResNet-ish, assorted ops) run in ndsh's SymbolBlock with MXNet's
outputs; ndsh's export of the same networks is MXNet's graph, and MXNet itself imports and runs
it (where the oracle is installed). Golden data: scripts/record_symbol.py under the MXNet 1.9.1
oracle, in tests/symbol/data.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import textwrap
from pathlib import Path

import numpy as np
import pytest

from ndsh import gluon
from ndsh import symbol as sym
from ndsh.engine import nd
from ndsh.engine.mxnet_errors import MXNetError
from ndsh.gluon import name as names
from tests.symbol.nets import INPUTS, LAYERS, build

DATA = Path(__file__).parent / "data"
FACTS = json.loads((DATA / "facts.json").read_text())
OPS = json.loads((DATA / "ops.json").read_text())
ORACLE = "/work/mxvenv/bin/python"


def _io(name: str):
    arrays = nd.load(str(DATA / f"{name}-io.params"))
    return arrays["x"], arrays["y"]


def _ndsh_net(name: str, load_mxnet_params: bool = True):
    """ndsh's build of the network, with MXNet's recorded weights, hybridized and called."""
    with names.NameManager():
        net = build(name, gluon)
    net.initialize()
    x, _ = _io(name)
    net(x)                                   # deferred shapes
    if load_mxnet_params:
        net.collect_params().load(str(DATA / f"{name}-0000.params"))
    net.hybridize()
    return net, net(x)


@pytest.mark.parametrize("text", [key for key in OPS if key != "oracle"])
def test_graphs_of_operators_and_ops_are_mxnets_json_text(text):
    with names.NameManager():
        x, z = sym.var("x"), sym.var("z")
        built = eval(text, {"sym": sym, "x": x, "z": z})
    assert built.tojson() == OPS[text]
    assert sym.load_json(OPS[text]).tojson() == OPS[text]      # read back, written the same


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_mxnets_export_runs_in_ndsh_with_mxnets_outputs(name):
    block = gluon.SymbolBlock.imports(str(DATA / f"{name}-symbol.json"), ["data"],
                                      str(DATA / f"{name}-0000.params"))
    x, y = _io(name)
    np.testing.assert_allclose(block(x).asnumpy(), y.asnumpy(), rtol=1e-5, atol=1e-6)


def _same_graph(ours: dict, theirs: dict) -> None:
    """Equal graphs; a parameter's __shape__ may be complete in ndsh where MXNet, building
    before the first call finished, wrote 0 for a dimension then unknown."""
    assert len(ours["nodes"]) == len(theirs["nodes"])
    for mine, golden in zip(ours["nodes"], theirs["nodes"]):
        mine, golden = dict(mine), dict(golden)
        shape, want = (mine.get("attrs", {}).pop("__shape__", None),
                       golden.get("attrs", {}).pop("__shape__", None))
        assert mine == golden
        if want is not None:
            got, want = eval(shape), eval(want)
            assert len(got) == len(want) and all(w in (0, g) for g, w in zip(got, want))
    for key in ("arg_nodes", "node_row_ptr", "heads", "attrs"):
        assert ours[key] == theirs[key], key


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_ndsh_exports_mxnets_graph_and_its_weights(name, tmp_path):
    net, y = _ndsh_net(name)
    _, want = _io(name)
    np.testing.assert_allclose(y.asnumpy(), want.asnumpy(), rtol=1e-5, atol=1e-6)
    net.export(str(tmp_path / name), epoch=3)
    ours = json.loads((tmp_path / f"{name}-symbol.json").read_text())
    _same_graph(ours, json.loads((DATA / f"{name}-symbol.json").read_text()))
    saved = nd.load(str(tmp_path / f"{name}-0003.params"))
    golden = nd.load(str(DATA / f"{name}-0000.params"))
    assert sorted(saved) == sorted(golden)                  # arg:... and aux:... names
    for key in golden:
        np.testing.assert_array_equal(saved[key].asnumpy(), golden[key].asnumpy())


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_a_hybridized_net_on_a_symbol_prints_and_lists_as_mxnet(name):
    net, _ = _ndsh_net(name, load_mxnet_params=False)
    out = net(sym.var("data"))
    facts = FACTS[name]
    assert (repr(out), str(out)) == (facts["repr"], facts["str"])
    assert out.list_arguments() == facts["arguments"]
    assert out.list_outputs() == facts["outputs"]
    assert out.list_auxiliary_states() == facts["aux"]
    assert out.list_inputs() == facts["inputs"]
    arg, outs, aux = out.infer_shape(data=INPUTS[name])
    assert [list(s) for s in arg] == facts["infer_shape"][0]
    assert [list(s) for s in outs] == facts["infer_shape"][1]
    assert [list(s) for s in aux] == facts["infer_shape"][2]


def test_symbolblock_from_a_symbol_shares_and_infers_parameters():
    net, y = _ndsh_net("resnet")
    x, _ = _io("resnet")
    data = sym.var("data")
    internals = net(data).get_internals()
    features = gluon.SymbolBlock(internals["pool1_fwd_output"], data,
                                 params=net.collect_params())
    assert features(x).shape == (2, 6, 1, 1)
    fresh = gluon.SymbolBlock(net(data), data)       # shapes worked out on the first call
    fresh.initialize()
    assert fresh(x).shape == y.shape
    assert "resnet" not in repr(fresh) and repr(fresh).startswith("SymbolBlock(\n<Symbol")


def _export_layer(name: str, folder: Path):
    """A layer alone, exported after one call; (its input, its output)."""
    make, shape = LAYERS[name]
    net = make(gluon)
    net.initialize()
    net.hybridize()
    x = nd.array(np.random.RandomState(0).uniform(0, 5, size=shape))
    if name == "embedding":
        x = x.floor()
    y = net(x)
    net.export(str(folder / name))
    return x, y


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_every_kind_of_layer_exports_and_imports(name, tmp_path):
    x, y = _export_layer(name, tmp_path)
    back = gluon.SymbolBlock.imports(str(tmp_path / f"{name}-symbol.json"), ["data"],
                                     str(tmp_path / f"{name}-0000.params"))
    np.testing.assert_allclose(back(x).asnumpy(), y.asnumpy(), rtol=1e-6)


def _export_zoo_net(folder: Path):
    """gluon.model_zoo's MobileNetV2 0.25 (residual adds, clipped ReLU6, global pooling),
    exported after one call; (its input, its output)."""
    from ndsh.gluon.model_zoo import vision
    net = vision.get_model("mobilenetv2_0.25", classes=5)
    net.initialize()
    net.hybridize()
    x = nd.array(np.random.RandomState(1).uniform(size=(1, 3, 32, 32)))
    y = net(x)
    net.export(str(folder / "mobilenetv2"))
    return x, y


def test_a_model_zoo_network_exports_and_imports(tmp_path):
    x, y = _export_zoo_net(tmp_path)
    back = gluon.SymbolBlock.imports(str(tmp_path / "mobilenetv2-symbol.json"), "data",
                                     str(tmp_path / "mobilenetv2-0000.params"))
    np.testing.assert_allclose(back(x).asnumpy(), y.asnumpy(), rtol=1e-5, atol=1e-30)
    assert re.fullmatch(r"SymbolBlock\(\n<Symbol mobilenetv2\d+_output_flatten0_flatten0> "
                        r": 1 -> 1\n\)", repr(back))


@pytest.mark.skipif(not os.path.exists(ORACLE), reason="the MXNet 1.9.1 oracle is not here")
def test_mxnet_imports_and_runs_what_ndsh_exports(tmp_path):
    for name in INPUTS:
        net, _ = _ndsh_net(name)
        net.export(str(tmp_path / name))
    for name in LAYERS:
        x, y = _export_layer(name, tmp_path)
        nd.save(str(tmp_path / f"{name}-io.params"), {"x": x, "y": y})
    x, y = _export_zoo_net(tmp_path)
    nd.save(str(tmp_path / "mobilenetv2-io.params"), {"x": x, "y": y})
    script = textwrap.dedent(f"""
        import mxnet as mx, numpy as np
        for name in {sorted(INPUTS) + sorted(LAYERS) + ["mobilenetv2"]!r}:
            stem = {str(tmp_path)!r} + '/' + name
            block = mx.gluon.SymbolBlock.imports(stem + '-symbol.json', ['data'],
                                                 stem + '-0000.params')
            io = mx.nd.load(({str(DATA)!r} if name in {sorted(INPUTS)!r} else
                             {str(tmp_path)!r}) + '/' + name + '-io.params')
            out, want = block(io['x']).asnumpy(), io['y'].asnumpy()
            print(name, np.allclose(out, want, rtol=1e-5, atol=1e-6 * np.abs(want).max()))
    """)
    done = subprocess.run([ORACLE, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    names = sorted(INPUTS) + sorted(LAYERS) + ["mobilenetv2"]
    assert done.stdout.split() == [word for name in names for word in (name, "True")]


def test_bad_input_is_named():
    with pytest.raises(AttributeError, match="sym.array: nd.array has no symbolic form"):
        sym.array  # noqa: B018
    with pytest.raises(AttributeError, match="Did you mean: sym.relu"):
        sym.rellu  # noqa: B018
    graph = sym.load_json(OPS["x + z"].replace('"elemwise_add"', '"no_such_op"'))
    with pytest.raises(MXNetError, match="ndsh has no op for MXNet's 'no_such_op'"):
        graph.eval(x=nd.ones(2), z=nd.ones(2))
    with pytest.raises(MXNetError, match="variable 'z' has no value"):
        sym.load_json(OPS["x + z"]).eval(x=nd.ones(2))
    with pytest.raises(MXNetError, match="'broken.json'.*'nodes' and 'heads'"):
        sym.jsonio.from_json("[1, 2]", source="'broken.json'")
    net = gluon.nn.Dense(2)            # never called: no shape to check the input against
    with pytest.raises(MXNetError, match=r"shape of Symbol 'data' is not known.*shape=\("):
        net(sym.var("data"))
    assert net(sym.var("data", shape=(4, 3))).list_arguments() == [
        "data", f"{net.name}_weight", f"{net.name}_bias"]
    with pytest.raises(NotImplementedError, match="a = a \\+ b"):
        x = sym.var("x")
        x += 1
    with pytest.raises(TypeError, match="argument data must be a Symbol"):
        sym.relu(nd.ones(2))


def test_an_imported_symbolblock_trains_and_updates_batchnorms_statistics():
    from ndsh.engine import autograd
    block = gluon.SymbolBlock.imports(str(DATA / "resnet-symbol.json"), "data",
                                      str(DATA / "resnet-0000.params"))
    params = block.collect_params()
    assert params["batchnorm0_running_mean"].grad_req == "null"
    trainer = gluon.Trainer(params, "sgd", {"learning_rate": 0.05})
    x, _ = _io("resnet")
    nd.random.seed(0)                          # the net's Dropout draws while training
    before = params["batchnorm0_running_mean"].data().copy()
    losses = []
    for _ in range(5):
        with autograd.record():
            loss = (block(x) ** 2).sum()
        loss.backward()
        trainer.step(2)
        losses.append(loss.asscalar())
    assert losses[-1] < losses[0] / 2, losses
    assert (params["batchnorm0_running_mean"].data() - before).abs().sum().asscalar() > 0


def test_a_failed_save_leaves_no_file_and_names_the_target(tmp_path):
    target = tmp_path / "net-symbol.json"
    sym.var("x").save(str(target))
    before = target.read_text()
    with pytest.raises(FileNotFoundError, match="missing/net-symbol.json"):
        sym.var("x").save(str(tmp_path / "missing" / "net-symbol.json"))
    with pytest.raises(TypeError):
        sym.jsonio.write_text(str(target), 12345)         # fails once the temporary is open
    assert target.read_text() == before and sorted(p.name for p in tmp_path.iterdir()) == [
        "net-symbol.json"]
