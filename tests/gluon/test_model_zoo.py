"""gluon.model_zoo.vision builds MXNet 1.9.1's models: for all 34 names get_model knows, the
parameters (full names, declared shapes, grad_req, in order), the structural names that
save_parameters writes, and print(net) equal MXNet's; for seven small nets the forward pass on a
fixed input with fixed weights equals MXNet's output. Golden data: tests/gluon/golden/
model_zoo.json.gz, recorded from MXNet 1.9.1 (CPU wheel, numpy 1.23.5) by
scripts/record_model_zoo.py.
"""
from __future__ import annotations

import gzip
import json
import os
import zlib

import numpy as np
import pytest

from ndsh.engine import autograd, nd
from ndsh.gluon import init
from ndsh.gluon.model_zoo import vision
from ndsh.gluon.name import NameManager

GOLDEN = os.path.join(os.path.dirname(__file__), "golden", "model_zoo.json.gz")
with gzip.open(GOLDEN, "rt", encoding="utf-8") as _file:
    RECORD = json.load(_file)


def golden_weights(name: str, shape: tuple) -> np.ndarray:
    """scripts/record_model_zoo.py's golden_weights, line for line."""
    rng = np.random.RandomState(zlib.crc32(name.encode()))
    leaf = name.rsplit(".", 1)[-1]
    if leaf in ("gamma", "running_var"):
        return rng.uniform(0.5, 1.5, shape).astype(np.float32)
    if leaf in ("beta", "bias", "running_mean"):
        return rng.uniform(-0.1, 0.1, shape).astype(np.float32)
    fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 1
    return (rng.uniform(-1.0, 1.0, shape) * np.sqrt(3.0 / fan_in)).astype(np.float32)


def golden_input(shape: tuple) -> np.ndarray:
    return np.random.RandomState(7).uniform(0.0, 1.0, shape).astype(np.float32)


def build(name: str, **kwargs):
    with NameManager():
        return vision.get_model(name, **kwargs)


@pytest.mark.parametrize("name", list(RECORD["models"]))
def test_parameters_and_printing_equal_mxnets(name):
    expected = RECORD["models"][name]
    net = build(name)
    params = [[key, list(param.shape), param.grad_req]
              for key, param in net.collect_params().items()]
    assert [p[0] for p in params] == [p[0] for p in expected["params"]]
    assert params == expected["params"]
    assert list(net._collect_params_with_prefix()) == expected["structural"]
    assert repr(net) == expected["repr"]


def test_every_mxnet_name_is_known_and_the_table_covers_them():
    from ndsh.gluon.model_zoo import model_store
    assert sorted(vision._MODELS) == sorted(RECORD["models"]) == sorted(model_store._model_sha1)


@pytest.mark.parametrize("name", list(RECORD["forward"]))
def test_forward_equals_mxnets(name):
    case = RECORD["forward"][name]
    net = build(name, **case["kwargs"])
    net.initialize()
    x = nd.array(golden_input(tuple(case["input"])))
    net(x)
    for key, param in net._collect_params_with_prefix().items():
        param.set_data(nd.array(golden_weights(key, param.shape)))
    expected = np.array(case["output"], dtype=np.float32)
    got = net(x).asnumpy()
    scale = max(1.0, float(np.abs(expected).max()))
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4 * scale)


def test_finetuning_replaces_output_and_shares_features():
    """d2l-zh's fine-tuning section: a new head on the trunk of another net."""
    pretrained_net = build("resnet18_v2")
    pretrained_net.initialize()
    finetune_net = vision.resnet18_v2(classes=2)
    finetune_net.features = pretrained_net.features
    finetune_net.output.initialize(init.Xavier())
    x = nd.array(golden_input((2, 3, 16, 16)))
    out = finetune_net(x)
    assert out.shape == (2, 2)
    shared = finetune_net.collect_params()
    assert pretrained_net.features.collect_params().keys() <= shared.keys()
    with autograd.record():
        loss = finetune_net(x).sum()
    loss.backward()
    weight = pretrained_net.features[1].weight
    assert weight.grad().abs().sum().asscalar() > 0
    finetune_net.output = vision.resnet18_v2(classes=3).output
    finetune_net.output.initialize()
    assert finetune_net(x).shape == (2, 3)


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"Model resnet19_v1 is not supported.*\n\talexnet"):
        vision.get_model("ResNet19_v1")


def test_get_model_ignores_case_and_passes_arguments():
    net = build("MobileNetV2_0.25", classes=7)
    assert type(net).__name__ == "MobileNetV2"
    assert net.output[0]._channels == 7
