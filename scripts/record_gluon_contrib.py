"""Record MXNet 1.9.1's gluon.contrib (nn layers, IntervalSampler) for
tests/gluon/test_contrib.py:

    /work/mxvenv/bin/python scripts/record_gluon_contrib.py  # tests/gluon/golden/contrib.json

The oracle is MXNet 1.9.1 (pip wheel) on numpy 1.23.5. `cases(mx)` runs in the test too, with
ndsh's `mx`: names, reprs, outputs and input gradients.
"""
from __future__ import annotations

import json
import os
import warnings

import numpy as onp

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "tests", "gluon", "golden", "contrib.json")


def _values(array) -> list:
    return onp.round(array.asnumpy().astype("f8"), 5).ravel().tolist()


def cases(mx) -> dict:
    """Every case, run with the `mx` given (MXNet's or ndsh's)."""
    import importlib
    nd, autograd, gluon = mx.nd, mx.autograd, mx.gluon
    cnn = importlib.import_module(gluon.__name__ + ".contrib.nn")
    cdata = importlib.import_module(gluon.__name__ + ".contrib.data")
    out = {}
    rng = onp.random.RandomState(0)
    with mx.name.NameManager():
        for hybrid in (False, True):
            net = (cnn.HybridConcurrent if hybrid else cnn.Concurrent)(axis=1)
            with net.name_scope():
                net.add(gluon.nn.Dense(3, in_units=4), cnn.Identity(),
                        gluon.nn.Dense(2, in_units=4, activation="relu"))
            net.initialize(mx.init.Uniform(0.5))
            for _name, param in sorted(net.collect_params().items()):
                param.set_data(nd.array(rng.uniform(-1, 1, size=param.shape)))
            x = nd.array(rng.uniform(-1, 1, size=(2, 4)))
            x.attach_grad()
            with autograd.record():
                y = net(x)
                (y * nd.arange(9).reshape((1, 9))).sum().backward()
            kind = "hybrid" if hybrid else "plain"
            out[f"{kind}_names"] = sorted(net.collect_params().keys())
            out[f"{kind}_repr"] = repr(net)
            out[f"{kind}_out"] = _values(y)
            out[f"{kind}_grad"] = _values(x.grad)
        for name, block, shape in [("ps1", cnn.PixelShuffle1D(3), (2, 6, 4)),
                                   ("ps2", cnn.PixelShuffle2D((2, 3)), (1, 12, 2, 3)),
                                   ("ps2_one", cnn.PixelShuffle2D(2), (1, 8, 2, 2)),
                                   ("ps3", cnn.PixelShuffle3D((2, 1, 2)), (1, 8, 2, 3, 2))]:
            x = nd.arange(int(onp.prod(shape))).reshape(shape)
            out[name] = [repr(block), list(block(x).shape), _values(block(x))]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bn = cnn.SyncBatchNorm(in_channels=3)
            bn2 = cnn.SyncBatchNorm(num_devices=1, momentum=0.5, prefix="sbn_")
        bn.initialize()
        bn2.initialize()
        x = nd.array(rng.uniform(-2, 2, size=(4, 3, 2, 2)))
        with autograd.record():
            y = bn(x)
        out["syncbn_names"] = [bn.name, bn2.name, sorted(bn.collect_params().keys())]
        out["syncbn_repr"] = [repr(bn), repr(bn2)]
        out["syncbn_train"] = _values(y)
        out["syncbn_running_mean"] = _values(bn.running_mean.data())
        out["syncbn_infer"] = _values(bn(x))
    crnn = importlib.import_module(gluon.__name__ + ".contrib.rnn")
    with mx.name.NameManager():
        cell = crnn.LSTMPCell(5, 3, input_size=4)
        out["lstmp_repr"] = [repr(crnn.LSTMPCell(6, 2)), repr(cell)]
        cell.initialize()
        for _name, param in sorted(cell.collect_params().items()):
            param.set_data(nd.array(rng.uniform(-0.5, 0.5, size=param.shape)))
        out["lstmp_names"] = sorted(cell.collect_params().keys())
        x = nd.array(rng.uniform(-1, 1, size=(2, 3, 4)))
        x.attach_grad()
        with autograd.record():
            outputs, states = cell.unroll(3, x, layout="NTC", merge_outputs=True)
            (outputs * outputs).sum().backward()
        out["lstmp_out"] = _values(outputs)
        out["lstmp_states"] = [_values(s) for s in states]
        out["lstmp_grad"] = _values(x.grad)
    out["interval"] = [list(cdata.IntervalSampler(13, 3)),
                       list(cdata.IntervalSampler(13, 3, rollover=False)),
                       len(cdata.IntervalSampler(13, 3, rollover=False)),
                       list(cdata.IntervalSampler(4, 4))]
    try:
        cdata.IntervalSampler(3, 4)
        out["interval_error"] = "no error"
    except AssertionError as error:
        out["interval_error"] = str(error)
    return out


def main() -> None:
    import mxnet as mx
    result = cases(mx)
    with open(GOLDEN, "w") as f:
        json.dump({"oracle": f"MXNet {mx.__version__}, numpy {onp.__version__}",
                   "cases": result}, f, indent=0)
    print(f"wrote {len(result)} cases to {GOLDEN}")


if __name__ == "__main__":
    main()
