"""mx.optimizer beyond the golden cases (every optimizer's first 3 updates against MXNet 1.9.1
are in test_golden_training.py): one fused op per weight, no per-element Python, and what
pickling and float16 do."""
from __future__ import annotations

import pickle
import time
import warnings

import numpy as np
import pytest

from ndsh.engine import nd
from ndsh.gluon import lr_scheduler, optimizer


def test_sgd_runs_one_fused_op_per_weight(monkeypatch):
    calls = []
    fused = nd.sgd_mom_update

    def counting(*args, **kwargs):
        calls.append(args[0].shape)
        return fused(*args, **kwargs)

    monkeypatch.setattr(nd, "sgd_mom_update", counting)
    upd = optimizer.get_updater(optimizer.SGD(learning_rate=0.1, momentum=0.9))
    weights = [nd.ones((3, 4)), nd.ones(5), nd.ones((2, 2, 2))]
    upd([0, 1, 2], [nd.ones_like(w) for w in weights], weights)
    assert calls == [(3, 4), (5,), (2, 2, 2)]


@pytest.mark.parametrize("name", ["sgd", "adam", "rmsprop", "adagrad", "adadelta", "nadam",
                                  "adamax", "ftrl", "lamb", "signum", "nag", "ftml"])
def test_a_million_element_update_is_whole_array_work(name):
    kwargs = {"momentum": 0.9} if name in ("sgd", "nag") else {}
    upd = optimizer.get_updater(optimizer.create(name, learning_rate=0.01, **kwargs))
    w = nd.ones((1000, 1000))
    g = nd.ones((1000, 1000)) * 0.5
    upd(0, g, w)
    start = time.perf_counter()
    upd(0, g, w)
    assert time.perf_counter() - start < 2.0
    assert np.isfinite(w.asnumpy()).all()


def test_float16_without_a_master_copy_warns():
    opt = optimizer.SGD(momentum=0.9)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        opt.create_state_multi_precision(0, nd.ones(2, dtype="float16"))
    assert "multi_precision=True" in str(caught[0].message)


def test_an_optimizer_pickles_without_its_parameters():
    opt = optimizer.Adam(learning_rate=0.1,
                         lr_scheduler=lr_scheduler.CosineScheduler(10, base_lr=0.1),
                         param_dict={0: object()})
    copy = pickle.loads(pickle.dumps(opt))
    assert copy.param_dict == {} and copy.lr_scheduler.max_update == 10
    assert copy.learning_rate == opt.learning_rate == 0.1


def test_mxnets_registered_names_are_all_there():
    mxnet_names = {"adadelta", "adagrad", "adam", "adamax", "ccsgd", "dcasgd", "ftml", "ftrl",
                   "lamb", "nadam", "nag", "rmsprop", "sgd", "sgld", "signum", "test"}
    assert mxnet_names <= set(optimizer.Optimizer.opt_registry)
