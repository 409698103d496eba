"""nd.random's argument checks and MXNet's older sampler names, as MXNet 1.9.1 has them (facts
from MXNet 1.9.1 run in a side venv: shapes, parameter names, which values it refuses, that
multinomial(get_prob=True) returns a list, that random.seed takes any int and refuses others)."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh.engine import nd
from ndsh.engine.mxnet_errors import MXNetError
from ndsh.mxnet_compat import mxnet as mx


def test_sample_normal_takes_mu_and_sigma_and_appends_the_shape():
    mu, sigma = nd.array([10.0]), nd.array([0.5])
    assert nd.sample_normal(mu=mu, sigma=sigma).shape == (1,)
    assert nd.sample_normal(mu=mu, sigma=sigma, shape=()).shape == (1,)
    assert nd.sample_normal(mu=mu, sigma=sigma, shape=1).shape == (1, 1)
    assert nd.sample_normal(mu=mu, sigma=sigma, shape=(1,)).shape == (1, 1)
    assert nd.sample_normal(mu, sigma, 2).shape == (1, 2)
    draws = nd.sample_normal(mu=nd.array([0.0, 1000.0]), sigma=nd.array([1.0, 1.0]), shape=50)
    assert float(draws[0].mean().asscalar()) < 10 < float(draws[1].mean().asscalar())


def test_the_older_names_of_the_samplers():
    assert nd.random_exponential(lam=2, shape=3).shape == (3,)
    assert nd.sample_exponential(lam=nd.array([1.0, 2.0]), shape=3).shape == (2, 3)
    assert nd.random_randint(low=0, high=3, shape=3).dtype.__name__ == "int32"
    assert nd.sample_poisson(lam=nd.array([1.0, 2.0]), shape=(2, 2)).shape == (2, 2, 2)
    assert nd.sample_gamma(alpha=nd.array([1.0, 2.0]), beta=nd.array([1.0, 2.0])).shape == (2,)
    assert nd.sample_negative_binomial(k=nd.array([1.0, 2.0]), p=nd.array([.5, .5])).shape \
        == (2,)
    assert nd.sample_generalized_negative_binomial(
        mu=nd.array([1.0, 2.0]), alpha=nd.array([.5, .5])).shape == (2,)
    assert nd.sample_uniform(low=nd.array([1.0, 2.0]), high=nd.array([3.0, 4.0]),
                             shape=2).shape == (2, 2)
    # the rate, not the mean: a large rate gives small draws
    assert float(nd.random_exponential(lam=1000.0, shape=(200,)).max().asscalar()) < 0.1


@pytest.mark.parametrize("call", [
    lambda: nd.random.normal(0, 0, (2,)),
    lambda: nd.random.uniform(2, 1, (2,)),
    lambda: nd.random.gamma(1, 0, (2,)),
    lambda: nd.random.gamma(0, 1, (2,)),
    lambda: nd.random.exponential(0, (2,)),
    lambda: nd.random_exponential(-1, (2,)),
    lambda: nd.random.poisson(-1, (2,)),
    lambda: nd.random.generalized_negative_binomial(-1, 1, (2,)),
    lambda: nd.random.generalized_negative_binomial(1, -1, (2,)),
], ids=["normal scale 0", "uniform low > high", "gamma beta 0", "gamma alpha 0",
        "exponential scale 0", "random_exponential lam < 0", "poisson lam < 0",
        "gnb mu < 0", "gnb alpha < 0"])
def test_parameters_mxnet_refuses(call):
    with pytest.raises(MXNetError, match="must be"):
        call()


def test_parameters_mxnet_takes():
    assert nd.random.uniform(1, 1, (2,)).asnumpy().tolist() == [1.0, 1.0]
    assert nd.random.poisson(0, (2,)).asnumpy().tolist() == [0.0, 0.0]
    # alpha 0 is the Poisson limit
    assert nd.random.generalized_negative_binomial(0, 0, (3,)).asnumpy().tolist() == [0, 0, 0]


def test_multinomial_with_its_log_probabilities_is_a_list():
    probs = nd.array([[0.125, 0.25, 0.25], [0.0625, 0.125, 0.1875]])
    assert isinstance(nd.random.multinomial(probs, shape=10), nd.NDArray)
    out = nd.random.multinomial(probs, shape=10, get_prob=True)
    assert isinstance(out, list) and len(out) == 2 and out[0].shape == out[1].shape == (2, 10)


def test_seed_takes_any_int_and_only_ints():
    for seed in (-1, 2 ** 40, 0):
        mx.random.seed(seed)
        first = nd.random.uniform(shape=(3,)).asnumpy()
        mx.random.seed(seed)
        assert (nd.random.uniform(shape=(3,)).asnumpy() == first).all()
    for bad in (3.7, "12"):
        with pytest.raises(ValueError, match="must be an int"):
            mx.random.seed(bad)


def test_multinomials_log_probability_has_a_gradient():
    # MXNet 1.9.1: the second output is log(data[draw]) of data as given (not normalised) and
    # backward gives (number of draws of k) / data[k]: [[0.2, 0.6]] drawing 1 three times
    # -> log 0.6 and gradient [0, 5]
    from ndsh.engine import autograd
    x = nd.array([[0.0, 0.6], [0.5, 0.0]])
    x.attach_grad()
    with autograd.record():
        draws, logp = nd.random.multinomial(x, shape=3, get_prob=True)
        logp.backward()
    assert draws.asnumpy().tolist() == [[1, 1, 1], [0, 0, 0]]
    assert np.allclose(logp.asnumpy(), np.log([[0.6] * 3, [0.5] * 3]))
    assert np.allclose(x.grad.asnumpy(), [[0.0, 5.0], [6.0, 0.0]])


def test_slice_like_takes_mxnets_argument_names():
    x = nd.ones((4, 4))
    assert x.slice_like(shape_like=nd.zeros((3, 3)), axes=(0, -2)).shape == (3, 4)
    assert nd.slice_like(data=x, shape_like=nd.zeros((2, 2))).shape == (2, 2)


def test_multinomial_refuses_rows_it_cannot_draw_from():
    with pytest.raises(MXNetError, match="cannot be told apart in dtype uint8"):
        nd.random.multinomial(nd.ones((300,)), dtype="uint8")
    with pytest.raises(MXNetError, match="positive sum"):
        nd.random.multinomial(nd.zeros((3,)))
