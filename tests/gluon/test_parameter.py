"""Parameter, ParameterDict and the initializers: what the golden cases cannot show (ndsh's own
messages, where ndsh departs from MXNet on purpose, the engine's autograd underneath)."""
from __future__ import annotations

import pytest

from ndsh.engine import autograd, mxnet_errors, nd
from ndsh.gluon import init
from ndsh.gluon.parameter import Constant, DeferredInitializationError, Parameter
from ndsh.gluon.parameter_dict import ParameterDict


def test_deferred_error_is_mxnets_and_names_the_parameter():
    weight = Parameter("fc_weight", shape=(3, 0), allow_deferred_init=True)
    weight.initialize()
    with pytest.raises(DeferredInitializationError) as caught:
        weight.data()
    assert isinstance(caught.value, mxnet_errors.MXNetError)
    message = str(caught.value)
    assert "'fc_weight'" in message and "first forward pass" in message
    assert "\n" not in message


def test_before_initialize_a_runtime_error():
    with pytest.raises(RuntimeError, match="'w' has not been initialized"):
        Parameter("w", shape=(2,)).data()


def test_var_is_the_parameters_symbol():
    var = Parameter("w", shape=(2,), lr_mult=0.5).var()
    assert var.name == "w" and var.attr("__shape__") == "(2,)"
    assert var.attr("__lr_mult__") == "0.5"


def test_sparse_storage_refused_clearly():
    with pytest.raises(NotImplementedError, match="sparse"):
        Parameter("w", shape=(2,), stype="row_sparse")


def test_data_is_a_leaf_of_autograd_with_its_grad_buffer():
    w = Parameter("w", shape=(3,), init=init.Constant(2))
    w.initialize()
    with autograd.record():
        loss = (w.data() ** 2).sum()
    loss.backward()
    assert w.grad().asnumpy().tolist() == [4.0, 4.0, 4.0]
    w.grad_req = "null"
    with autograd.record():
        y = w.data() * 2
    assert y.asnumpy().tolist() == [4.0, 4.0, 4.0]


def test_set_data_before_a_deferred_initialization_wins_over_the_initializer():
    w = Parameter("w", shape=(2, 0), allow_deferred_init=True, init="ones")
    w.initialize()
    w.set_data([[5, 6, 7], [8, 9, 10]])
    w._finish_deferred_init()
    assert w.data().asnumpy().tolist() == [[5, 6, 7], [8, 9, 10]]
    assert w.grad().shape == (2, 3)


def test_mixed_and_load_work_in_gluon_where_mxnet_refuses_them():
    # MXNet 1.9.1: AssertionError "initializer must be of string type" (a departure)
    params = ParameterDict("fc_")
    weight, bias = params.get("weight", shape=(2, 2)), params.get("bias", shape=(2,))
    params.initialize(init.Mixed([".*bias", ".*"], [init.One(), init.Constant(3)]))
    assert bias.data().asnumpy().tolist() == [1.0, 1.0]
    assert weight.data().asnumpy().tolist() == [[3.0, 3.0], [3.0, 3.0]]
    params.initialize(init.Load({"arg:fc_weight": nd.ones((2, 2))}, default_init=init.Zero()),
                      force_reinit=True)
    assert weight.data().sum().asscalar() == 4.0
    assert bias.data().sum().asscalar() == 0.0


def test_a_parameters_own_initializer_wins_over_mixed():
    bias = Parameter("fc_bias", shape=(2,), init="zeros")
    bias.initialize(default_init=init.Mixed([".*"], [init.One()]))
    assert bias.data().asnumpy().tolist() == [0.0, 0.0]


def test_constant_is_never_trained():
    c = Constant("c", [1.0, 2.0])
    c.initialize()
    assert c.grad_req == "null"
    with pytest.raises(RuntimeError, match="grad_req='null'"):
        c.grad()


def test_parameter_dict_membership_and_iteration():
    pd = ParameterDict("p_")
    pd.get("a", shape=(1,))
    assert "p_a" in pd and list(pd) == ["p_a"]
    with pytest.raises(TypeError):
        len(pd)                              # MXNet 1.9.1's ParameterDict has no len()


def test_random_initializers_refuse_integers_with_an_mxnet_error():
    with pytest.raises(mxnet_errors.MXNetError, match="int32"):
        Parameter("i", shape=(2,), dtype="int32").initialize()


def test_registering_under_an_existing_name_warns():
    with pytest.warns(UserWarning, match="overriding"):
        @init.register
        class Uniform(init.Initializer):      # noqa: F811  (the clash is the point)
            def _init_weight(self, name, arr):
                arr[:] = 0
    with pytest.warns(UserWarning):
        init.register(init.Uniform)           # put the real one back
    assert type(init.create("uniform")) is init.Uniform
