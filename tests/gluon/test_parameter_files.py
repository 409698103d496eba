"""Parameter files both ways, against MXNet 1.9.1 (the oracle: the CPU wheel with numpy 1.23.5
on Python 3.11; scripts/record_gluon_core.py wrote the files and core.json's `files/` entries).

- tests/gluon/data/mx_*.params were written by MXNet 1.9.1 (save_parameters, save_params, a
  custom block's nested names, BatchNorm's running statistics): ndsh loads each into the same
  network code and gets MXNet's parameters and outputs.
- tests/gluon/data/ndsh_mlp.params was written by ndsh; MXNet 1.9.1 loaded it (its parameters
  and output are recorded), and ndsh still writes exactly those bytes, which are also the bytes
  MXNet writes for the same network (mx_mlp.params).
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

from ndsh.engine import autograd, nd
from ndsh.mxnet_compat import mxnet as mx
from tests.gluon import core_cases
from tests.gluon.test_golden_core import same

DATA = Path(__file__).parent / "data"
GOLDEN = json.loads((Path(__file__).parent / "golden" / "core.json").read_text())


@pytest.fixture
def space():
    namespace = {"mx": mx, "nd": nd, "autograd": autograd, "gluon": mx.gluon,
                 "nn": mx.gluon.nn, "np": np, "warnings": warnings}
    exec(core_cases.PRELUDE, namespace)
    exec(core_cases.FILES_PRELUDE, namespace)
    with mx.name.NameManager():
        yield namespace


def _loaded(space, build, path: Path, x):
    net = space[build]()
    net.load_parameters(str(path))
    return net, {"params": space["values"](net), "out": space["v"](net(x)) if x is not None
                 else None}


@pytest.mark.parametrize("name,build,x", [
    ("mx_mlp", "mlp", ((2, 4), 5)), ("mx_custom", "custom", ((2, 2), 6)),
    ("mx_legacy", "mlp", ((2, 4), 5)), ("mx_bn", "bn_net", None)])
def test_a_file_mxnet_wrote_loads_in_ndsh(space, name, build, x):
    want = GOLDEN[f"files/{name}"]["value"]
    x = nd.array(space["det"](*x)) if x is not None else None
    _, got = _loaded(space, build, DATA / f"{name}.params", x)
    same(want["params"], got["params"], 0, 0, name)
    if x is not None:
        same(want["out"], got["out"], 1e-6, 1e-7, name)
    assert list(nd.load(str(DATA / f"{name}.params"))) == want["keys"]


def test_mxnets_names_in_its_files(space):
    assert GOLDEN["files/mx_custom"]["value"]["keys"] == [
        "hidden.weight", "hidden.bias", "body.0.weight", "body.0.bias"]
    assert GOLDEN["files/mx_legacy"]["value"]["keys"] == [
        "dense0_weight", "dense0_bias", "dense1_weight", "dense1_bias"]
    assert "1.running_var" in GOLDEN["files/mx_bn"]["value"]["keys"]


def test_a_file_ndsh_writes_loads_in_mxnet(space, tmp_path):
    path = tmp_path / "mlp.params"
    written = space["write_mlp"](str(path))
    assert path.read_bytes() == (DATA / "ndsh_mlp.params").read_bytes(), \
        "ndsh no longer writes the bytes MXNet 1.9.1 was shown: re-record the file"
    assert path.read_bytes() == (DATA / "mx_mlp.params").read_bytes()    # as MXNet writes it
    in_mxnet = GOLDEN["files/ndsh_mlp_in_mxnet"]["value"]
    same(in_mxnet["params"], written["params"], 0, 0, "params MXNet read")
    same(in_mxnet["out"], written["out"], 1e-6, 1e-7, "MXNet's output")


def test_a_written_file_is_replaced_whole(space, tmp_path):
    path = tmp_path / "net.params"
    path.write_bytes(b"old")
    net = space["mlp"]()
    net.initialize()
    net.save_parameters(str(path))
    assert sorted(nd.load(str(path))) == ["0.bias", "0.weight", "1.bias", "1.weight"]
    assert [p.name for p in tmp_path.iterdir()] == ["net.params"]     # no temporary left
