"""Record what MXNet 1.9.1's `gluon.model_zoo.vision` builds, for tests/gluon/test_model_zoo.py.

Oracle: a real Apache MXNet 1.9.1 (the CPU wheel) with numpy 1.23.5, in its own virtual
environment; MXNet is not a dependency of ndsh and never runs in CI. Rerun from the repository
root:

    /path/to/mxnet-venv/bin/python scripts/record_model_zoo.py

It writes tests/gluon/golden/model_zoo.json.gz: for each of the 34 names `get_model` knows,
built without weights in a fresh mx.name.NameManager(), the parameters in collect_params()
order (name, shape as declared before any input is seen, grad_req), the structural names
save_parameters writes (`features.0.weight`), and print(net). For a few small nets it also
records the output of a forward pass (inference mode) on a fixed input, with every parameter
set to values made by `golden_weights` below (numpy only, so the test makes the same ones).
"""
from __future__ import annotations

import gzip
import json
import os
import zlib

import mxnet as mx
import numpy as np
from mxnet.gluon.model_zoo import vision

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir)
OUT = os.path.join(ROOT, "tests", "gluon", "golden", "model_zoo.json.gz")

NAMES = ["resnet18_v1", "resnet34_v1", "resnet50_v1", "resnet101_v1", "resnet152_v1",
         "resnet18_v2", "resnet34_v2", "resnet50_v2", "resnet101_v2", "resnet152_v2",
         "vgg11", "vgg13", "vgg16", "vgg19", "vgg11_bn", "vgg13_bn", "vgg16_bn", "vgg19_bn",
         "alexnet", "densenet121", "densenet161", "densenet169", "densenet201",
         "squeezenet1.0", "squeezenet1.1", "inceptionv3", "mobilenet1.0", "mobilenet0.75",
         "mobilenet0.5", "mobilenet0.25", "mobilenetv2_1.0", "mobilenetv2_0.75",
         "mobilenetv2_0.5", "mobilenetv2_0.25"]

# name -> (constructor kwargs, input shape): small nets, inputs as small as the net allows
FORWARD = {"resnet18_v1": ({"classes": 10}, (2, 3, 32, 32)),
           "resnet18_v2": ({"classes": 10}, (2, 3, 32, 32)),
           "mobilenet0.25": ({"classes": 10}, (2, 3, 32, 32)),
           "mobilenetv2_0.25": ({"classes": 10}, (2, 3, 32, 32)),
           "alexnet": ({"classes": 10}, (1, 3, 64, 64)),
           "vgg11_bn": ({"classes": 10}, (1, 3, 32, 32)),
           "squeezenet1.1": ({"classes": 10}, (1, 3, 224, 224))}


def golden_weights(name: str, shape: tuple) -> np.ndarray:
    """The value every test gives the parameter `name` (a structural name, `features.0.weight`),
    made from a seed taken from the name so that no order matters: weights scaled by their fan-in,
    gammas and variances near 1, biases, betas and means near 0. The test has the same function.
    """
    rng = np.random.RandomState(zlib.crc32(name.encode()))
    leaf = name.rsplit(".", 1)[-1]
    if leaf in ("gamma", "running_var"):
        return rng.uniform(0.5, 1.5, shape).astype(np.float32)
    if leaf in ("beta", "bias", "running_mean"):
        return rng.uniform(-0.1, 0.1, shape).astype(np.float32)
    fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 1
    return (rng.uniform(-1.0, 1.0, shape) * np.sqrt(3.0 / fan_in)).astype(np.float32)


def golden_input(shape: tuple) -> np.ndarray:
    """The input of the forward cases."""
    return np.random.RandomState(7).uniform(0.0, 1.0, shape).astype(np.float32)


def describe(name: str) -> dict:
    with mx.name.NameManager():
        net = vision.get_model(name)
    params = [[key, list(param.shape), param.grad_req]
              for key, param in net.collect_params().items()]
    return {"params": params, "structural": list(net._collect_params_with_prefix()),
            "repr": repr(net)}


def forward(name: str, kwargs: dict, shape: tuple) -> dict:
    with mx.name.NameManager():
        net = vision.get_model(name, **kwargs)
    net.initialize()
    x = mx.nd.array(golden_input(shape))
    net(x)                                      # infers the deferred shapes
    for key, param in net._collect_params_with_prefix().items():
        param.set_data(mx.nd.array(golden_weights(key, param.shape)))
    out = net(x).asnumpy()
    return {"kwargs": kwargs, "input": list(shape), "output": out.tolist()}


def main() -> None:
    record = {"models": {}, "forward": {}}
    for name in NAMES:
        record["models"][name] = describe(name)
        print(name, len(record["models"][name]["params"]))
    for name, (kwargs, shape) in FORWARD.items():
        record["forward"][name] = forward(name, kwargs, shape)
        print("forward", name)
    with gzip.open(OUT, "wt", encoding="utf-8") as out:
        json.dump(record, out, separators=(",", ":"))
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
