"""NDArray's `_node` is a slot (issue 20's per-op speed work): a recorded result no longer gets
an instance __dict__ for it, and since a slot has no class default, every construction site
must write `_node = None` itself. These tests make an array through each of those sites (the
public constructor, new_array, detach, nd.array of numbers, the operators' two paths, invoke's
unary and general paths) and read `_node`, which would raise AttributeError where one forgot."""
from __future__ import annotations

import pickle

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.ndarray import NDArray, new_array

BIG = (300, 300)          # over temporaries.ELIDE_MIN_SIZE: the operators' general path


def _made_every_way():
    small, big = nd.array([1.0, -2.0, 3.0]), nd.ones(BIG)
    return {
        "NDArray()": NDArray(np.zeros(3, np.float32)),
        "new_array": new_array(np.zeros(3, np.float32), small.context),
        "detach": small.detach(),
        "array of numbers": nd.array([1.0, 2.0]),
        "array of numpy": nd.array(np.ones((2, 2))),
        "operator, array": small + small,
        "operator, number": small * 2,
        "operator, reflected": 2 - small,
        "operator, temporary": (big * 2) + big,
        "operator, temporary and number": (big * 2) / 3,
        "unary fast path": small.exp(),
        "invoke general": nd.broadcast_add(small, small),
        "comparison": small > 0,
        "view": big[1:3],
        "reshape": small.reshape((3, 1)),
        "pickled": pickle.loads(pickle.dumps(small)),
        "grad buffer": _grad_of(small),
    }


def _grad_of(x):
    x = x.copy()
    x.attach_grad()
    return x.grad


def test_every_construction_site_sets_node_none_outside_record():
    for how, array in _made_every_way().items():
        assert array._node is None, how


def test_every_construction_site_sets_node_none_under_pause():
    with autograd.record(), autograd.pause():
        for how, array in _made_every_way().items():
            assert array._node is None, how


@pytest.mark.parametrize("make", [
    lambda x, y: x + y, lambda x, y: x * 2, lambda x, y: 3 - x, lambda x, y: x.exp(),
    lambda x, y: nd.relu(x), lambda x, y: nd.dot(x.reshape((1, 3)), y.reshape((3, 1))),
    lambda x, y: (x * 2) + y,
])
def test_a_recorded_result_keeps_its_node_in_the_slot_not_a_dict(make):
    x, y = nd.array([1.0, -2.0, 3.0]), nd.array([0.5, 0.25, 2.0])
    x.attach_grad()
    with autograd.record():
        out = make(x, y)
    assert out._node is not None
    assert out.__dict__ == {}          # was {'_node': Node} while _node defaulted at class level
    out.backward()
    assert x.grad.shape == x.shape


def test_detach_and_mark_variables_cut_the_node():
    x = nd.array([1.0, 2.0])
    x.attach_grad()
    with autograd.record():
        y = x * x
    assert y._node is not None and y.detach()._node is None
    autograd.mark_variables([y], [nd.zeros(2)])
    assert y._node is None
