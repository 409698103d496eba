"""gluon.Trainer beyond the golden cases: MXNet's own .states files load into ndsh, the
errors say what to do, and a Trainer drives a parameter set the way d2l's loops do."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

from ndsh.engine import autograd, nd
from ndsh.gluon import lr_scheduler, optimizer
from ndsh.gluon.trainer import Trainer
from tests.gluon.training_space import gluon_namespace

RECORDED = json.loads((Path(__file__).parent / "golden" / "training.json").read_text())
Parameter = gluon_namespace().Parameter
X = nd.array([[1.0, 2.0], [3.0, 4.0]])
Y = nd.array([[1.0], [2.0]])


def param(name, value, **kwargs):
    p = Parameter(name, shape=np.array(value).shape, **kwargs)
    p.initialize()
    p.set_data(nd.array(value))
    return p


def dense_loss(w, b):
    with autograd.record():
        loss = ((nd.dot(X, w.data().T) + b.data() - Y) ** 2).sum()
    loss.backward()


def test_a_states_file_written_by_mxnet_loads_and_training_goes_on_alike(tmp_path):
    # the Trainer is made with another optimizer than the file's: MXNet itself fails here
    # (trainer/states_other_optimizer), ndsh takes the loaded one
    blob, w_value, b_value = RECORDED["trainer/mxnet_states_file"]["value"]
    path = tmp_path / "mxnet.states"
    path.write_bytes(base64.b64decode(blob))
    w, b = param("w", w_value), param("b", b_value)
    trainer = Trainer([w, b], "sgd")
    trainer.load_states(str(path))
    assert isinstance(trainer.optimizer, optimizer.Adam)
    assert isinstance(trainer.optimizer.lr_scheduler, lr_scheduler.FactorScheduler)
    got = []
    for _ in range(2):
        dense_loss(w, b)
        trainer.step(2)
        got.append([w.data().asnumpy().tolist(), b.data().asnumpy().tolist(),
                    trainer.learning_rate])
    want = RECORDED["trainer/states_continue"]["value"]
    np.testing.assert_allclose(np.array(got[0][0]), np.array(want[0][0][0]), rtol=1e-6)
    np.testing.assert_allclose(np.array(got[1][1]), np.array(want[0][1][1]), rtol=1e-6)
    assert [g[2] for g in got] == [o[2] for o in want[0]]
    assert trainer.optimizer.num_update == want[2]


def test_a_stale_gradient_names_the_parameter_and_the_way_out():
    w = param("dense0_weight", [[1.0, 1.0]])
    b = param("dense0_bias", [0.0])
    trainer = Trainer([w, b], "sgd")
    dense_loss(w, b)
    trainer.step(2)
    with pytest.raises(UserWarning) as caught:
        trainer.step(2)
    message = str(caught.value)
    assert "`dense0_weight`" in message and "ignore_stale_grad=True" in message
    assert "\n" not in message


def test_distributed_stores_are_refused_with_the_way_out():
    w = param("w", [1.0])
    with pytest.raises(ValueError, match="kvstore='device'"):
        Trainer([w], "sgd", kvstore="dist_sync")


def test_stepping_leaves_gradients_and_records_one_update_per_step():
    w, b = param("w", [[1.0, 1.0]]), param("b", [0.0])
    trainer = Trainer({"w": w, "b": b}, "sgd", {"learning_rate": 0.1, "momentum": 0.9})
    for _ in range(3):
        dense_loss(w, b)
        trainer.step(2)
    assert trainer.optimizer.num_update == 3
    assert sorted(trainer._updaters[0].states) == [0, 1]
    assert w.grad().asnumpy().any()             # not zeroed by step


def test_parameters_of_a_network_train_as_in_mxnet():
    nn = pytest.importorskip("ndsh.gluon.nn", reason="needs ndsh.gluon.nn")
    init = pytest.importorskip("ndsh.gluon.init")
    if not hasattr(nn, "Dense"):
        pytest.skip("needs gluon.nn.Dense")
    net = nn.Dense(1, in_units=2)
    net.initialize(init.Constant(1.0))
    trainer = Trainer(net.collect_params(), "sgd", {"learning_rate": 0.1})
    with autograd.record():
        loss = ((net(X) - Y) ** 2).sum()
    loss.backward()
    trainer.step(2)
    np.testing.assert_allclose(net.weight.data().asnumpy(), [[-0.7, -1.4]], rtol=1e-6)
    np.testing.assert_allclose(net.bias.data().asnumpy(), [-0.7], rtol=1e-6)


@pytest.mark.parametrize("contexts", [[nd.cpu(0)], [nd.cpu(0), nd.cpu(1)]])
def test_a_reset_store_is_set_up_again_by_the_next_step(contexts):
    """MXNet's Trainer drops its store when a parameter's data is set anew (_reset_kvstore)
    and makes it again on the next step: the same weights follow as without the reset."""
    results = []
    for reset in (False, True):
        w = Parameter("w", shape=(1, 2))
        w.initialize(ctx=contexts)
        w.set_data(nd.array([[0.5, -1.0]]))
        trainer = Trainer([w], "sgd", {"learning_rate": 0.1})
        store = (trainer._kvstore is None, trainer._update_on_kvstore)
        if reset:
            trainer._reset_kvstore()
            assert not trainer._kv_initialized and trainer._params_to_init == [w]
        for ctx in contexts:
            with autograd.record():
                loss = (nd.dot(X.as_in_context(ctx), w.data(ctx).T) ** 2).sum()
            loss.backward()
        trainer.step(2)
        assert trainer._kv_initialized and trainer._params_to_init == []
        assert (trainer._kvstore is None, trainer._update_on_kvstore) == store
        results.append(w.data(contexts[-1]).asnumpy())
    np.testing.assert_array_equal(results[0], results[1])
