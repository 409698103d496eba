"""explain_grad of a Gluon net: one line per parameter, named as MXNet names it, with the
reason its gradient is what it is."""
from __future__ import annotations

import pytest

from ndsh.gluon.name import NameManager

NET = """
from mxnet import gluon
from mxnet.gluon import nn
net = nn.Sequential()
net.add(nn.Dense(4, activation='relu'), nn.Dense(1), nn.Dense(2))
net.initialize(mx.init.Constant(0.1))    # no relu left dead by chance
net[1].bias.grad_req = 'null'
loss = gluon.loss.L2Loss()
X = nd.ones((2, 3)); y = nd.ones((2, 1))
"""
FORWARD = """
with autograd.record():
    l = loss(net[1](net[0](X)), y)
"""


@pytest.fixture(autouse=True)
def _fresh_names():
    with NameManager():
        yield


def test_before_any_forward_shapes_are_deferred(run):
    run(NET, "net.nds")
    explained = run("ndsh.explain_grad(net)")
    assert explained.reasons == {
        "dense0_weight": "deferred", "dense0_bias": "no-backward",
        "dense1_weight": "deferred", "dense1_bias": "grad-req-null",
        "dense2_weight": "deferred", "dense2_bias": "no-backward"}
    lines = str(explained).splitlines()
    assert lines[0] == "gradients of net's 6 parameters: no backward watched yet"
    assert lines[1].split()[:3] == ["dense0_weight", "deferred", "shape"]
    assert "shape (4, 0): the first forward (net(X)) sets its 0s" in lines[1]
    assert "grad_req='null': backward skips it" in lines[4]


def test_after_backward_each_parameter_says_whether_it_got_a_gradient(run):
    run(NET + FORWARD, "net.nds")
    assert run("ndsh.explain_grad(net)").reasons["dense0_weight"] == "no-backward"
    assert "used at net.nds:12, but no backward has run yet" in str(
        run("ndsh.explain_grad(net)"))
    run("l.backward()", "net.nds")
    explained = run("ndsh.explain_grad(net)")
    assert explained.reasons == {
        "dense0_weight": "ok", "dense0_bias": "ok", "dense1_weight": "ok",
        "dense1_bias": "grad-req-null", "dense2_weight": "deferred",
        "dense2_bias": "not-used"}
    text = str(explained)
    assert text.splitlines()[0] == ("gradients of net's 6 parameters: last backward #1 "
                                    "(l.backward() at net.nds:1)")
    assert "not used in the graph of the last backward" in text
    magnitude = float(abs(run("net[1].weight.grad()").asnumpy()).max())
    assert f"largest magnitude {magnitude:.4g}" in text


def test_trainer_step_makes_gradients_stale_until_the_next_backward(run):
    run(NET + FORWARD + "l.backward()\n"
        "trainer = gluon.Trainer(net[0].collect_params(), 'sgd', {'learning_rate': 0.1})\n"
        "trainer.step(2)\n", "net.nds")
    reasons = run("ndsh.explain_grad(trainer)").reasons
    assert reasons == {"dense0_weight": "stale", "dense0_bias": "stale"}
    assert "Trainer.step used the gradient of backward #1" in str(
        run("ndsh.explain_grad(trainer)"))
    run(FORWARD + "l.backward()\n", "net.nds")
    assert run("ndsh.explain_grad(net.collect_params())").reasons["dense0_weight"] == "ok"


def test_a_parameter_left_out_of_a_later_backward_keeps_a_stale_gradient(run):
    run(NET + FORWARD + "l.backward()\n"
        "with autograd.record():\n    l2 = loss(net[2](net[0](X)), nd.ones((2, 2)))\n"
        "l2.backward()\n", "net.nds")
    explained = run("ndsh.explain_grad(net)")
    assert explained.reasons["dense1_weight"] == "not-used"
    assert explained.reasons["dense2_weight"] == "ok"
    line = next(line for line in str(explained).splitlines() if "dense1_weight" in line)
    assert "still holds backward #1's gradient (stale)" in line


def test_zero_gradients_and_uninitialized_parameters(run):
    run("""
    from mxnet import gluon
    layer = gluon.nn.Dense(1, in_units=2, activation='relu')
    layer.initialize(mx.init.Constant(-1))
    fresh = gluon.nn.Dense(1, in_units=2)
    with autograd.record():
        out = layer(nd.ones((1, 2))).sum()
    out.backward()
    """, "zero.nds")
    assert run("ndsh.explain_grad(layer)").reasons == {"dense0_weight": "zero",
                                                        "dense0_bias": "zero"}
    explained = run("ndsh.explain_grad(fresh)")
    assert set(explained.reasons.values()) == {"not-initialized"}
    assert "call net.initialize()" in str(explained)


def test_one_parameter_and_the_shell_view(run):
    run(NET + FORWARD + "l.backward()\n", "net.nds")
    explained = run("ndsh.explain_grad(net[0].weight)")
    assert str(explained).splitlines()[0].startswith("gradients of dense0_weight: ")
    explained._ndsh_show_(run.session.output)
    assert "dense0_weight  ok" in run.out


def test_other_types_are_refused(run):
    with pytest.raises(TypeError, match="Gluon Block, ParameterDict, Parameter or Trainer"):
        from ndsh.tools.explain import explain_grad
        explain_grad([1, 2])
