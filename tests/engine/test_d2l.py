"""d2l's "from scratch" chapter 3 code, run unchanged on synthetic data: linear regression,
softmax regression and an MLP converge to the known answers."""
from __future__ import annotations

import random

import numpy as np
import pytest

from ndsh import autograd, nd


def data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)
    for i in range(0, num_examples, batch_size):
        j = nd.array(indices[i: min(i + batch_size, num_examples)])
        yield features.take(j), labels.take(j)


def sgd(params, lr, batch_size):
    for param in params:
        param[:] = param - lr * param.grad / batch_size


def test_linear_regression_from_scratch():
    random.seed(0)
    nd.random.seed(0)
    num_inputs, num_examples = 2, 1000
    true_w, true_b = [2, -3.4], 4.2
    features = nd.random.normal(scale=1, shape=(num_examples, num_inputs))
    labels = true_w[0] * features[:, 0] + true_w[1] * features[:, 1] + true_b
    labels += nd.random.normal(scale=0.01, shape=labels.shape)
    w = nd.random.normal(scale=0.01, shape=(num_inputs, 1))
    b = nd.zeros(shape=(1,))
    w.attach_grad()
    b.attach_grad()

    def linreg(X, w, b):
        return nd.dot(X, w) + b

    def squared_loss(y_hat, y):
        return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2

    lr, batch_size = 0.03, 10
    for _epoch in range(3):
        for X, y in data_iter(batch_size, features, labels):
            with autograd.record():
                loss = squared_loss(linreg(X, w, b), y)
            loss.backward()
            sgd([w, b], lr, batch_size)
        train_l = squared_loss(linreg(features, w, b), labels)
    assert float(train_l.mean().asscalar()) < 1e-4
    np.testing.assert_allclose(w.asnumpy().ravel(), true_w, atol=2e-3)
    np.testing.assert_allclose(b.asscalar(), true_b, atol=2e-3)
    assert "epoch 3, loss 0.0000" in "epoch %d, loss %f" % (3, train_l.mean().asnumpy()[0])


def _blobs(n_per_class, num_inputs, num_classes, seed):
    rng = np.random.default_rng(seed)
    centers = rng.normal(scale=4, size=(num_classes, num_inputs))
    labels = np.repeat(np.arange(num_classes), n_per_class)
    points = centers[labels] + rng.normal(size=(len(labels), num_inputs))
    order = rng.permutation(len(labels))
    return nd.array(points[order]), nd.array(labels[order], dtype="int32")


def softmax(X):
    X_exp = X.exp()
    partition = X_exp.sum(axis=1, keepdims=True)
    return X_exp / partition


def cross_entropy(y_hat, y):
    return -nd.pick(y_hat, y).log()


def accuracy(y_hat, y):
    return (y_hat.argmax(axis=1) == y.astype("float32")).mean().asscalar()


def train(net, params, features, labels, epochs, lr, batch_size):
    random.seed(1)
    for _epoch in range(epochs):
        for X, y in data_iter(batch_size, features, labels):
            with autograd.record():
                loss = cross_entropy(net(X), y).sum()
            loss.backward()
            sgd(params, lr, batch_size)
    return accuracy(net(features), labels)


def test_softmax_regression_from_scratch():
    nd.random.seed(2)
    num_inputs, num_outputs = 20, 5
    features, labels = _blobs(100, num_inputs, num_outputs, seed=3)
    W = nd.random.normal(scale=0.01, shape=(num_inputs, num_outputs))
    b = nd.zeros(num_outputs)
    W.attach_grad()
    b.attach_grad()

    def net(X):
        return softmax(nd.dot(X.reshape((-1, num_inputs)), W) + b)

    assert accuracy(net(features), labels) < 0.5
    assert train(net, [W, b], features, labels, epochs=5, lr=0.1, batch_size=32) > 0.97


def test_mlp_from_scratch():
    nd.random.seed(4)
    num_inputs, num_outputs, num_hiddens = 20, 5, 64
    features, labels = _blobs(100, num_inputs, num_outputs, seed=5)
    W1 = nd.random.normal(scale=0.01, shape=(num_inputs, num_hiddens))
    b1 = nd.zeros(num_hiddens)
    W2 = nd.random.normal(scale=0.01, shape=(num_hiddens, num_outputs))
    b2 = nd.zeros(num_outputs)
    params = [W1, b1, W2, b2]
    for param in params:
        param.attach_grad()

    def relu(X):
        return nd.maximum(X, 0)

    def net(X):
        X = X.reshape((-1, num_inputs))
        H = relu(nd.dot(X, W1) + b1)
        return softmax(nd.dot(H, W2) + b2)

    assert train(net, params, features, labels, epochs=8, lr=0.5, batch_size=32) > 0.97


def test_array_of_a_numpy_object_array_of_numbers_converts_as_mxnet():
    """The Kaggle house-price section feeds pandas' `.values` of mixed float and bool columns
    (an object array); MXNet 1.9.1 converts it to float32 (checked in the oracle venv)."""
    mixed = np.array([[1.0, True], [2.5, False]], dtype=object)
    x = nd.array(mixed)
    assert x.dtype == np.float32 and x.asnumpy().tolist() == [[1.0, 1.0], [2.5, 0.0]]
    assert nd.array(mixed, dtype="float64").dtype == np.float64
    with pytest.raises(TypeError, match="not numbers"):
        nd.array(np.array([["a", 1]], dtype=object))
