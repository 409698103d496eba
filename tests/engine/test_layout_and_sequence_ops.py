"""What the P2 ops do where MXNet gives no golden answer (it raises, or reads garbage): ndsh's
own behaviour, and the messages of its errors. Their values are checked against MXNet 1.9.1
in test_golden.py and their gradients in test_gradients.py."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd


def test_concatenate_can_be_recorded():
    a, b = nd.ones((2, 2)), nd.ones((1, 2))
    a.attach_grad()
    b.attach_grad()
    with autograd.record():
        y = nd.concatenate([a, b]) * nd.arange(6).reshape((3, 2))
    y.backward()
    assert a.grad.asnumpy().tolist() == [[0, 1], [2, 3]]
    assert b.grad.asnumpy().tolist() == [[4, 5]]


def test_concatenate_needs_a_list():
    with pytest.raises(TypeError, match="list of NDArrays"):
        nd.concatenate(nd.ones((2,)))
    with pytest.raises(ValueError, match="empty"):
        nd.concatenate([])


def test_embedding_gives_data_a_zero_gradient_and_checks_the_table():
    data, weight = nd.array([0.0, 2.0]), nd.arange(6).reshape((3, 2))
    data.attach_grad()
    weight.attach_grad()
    with autograd.record():
        y = nd.Embedding(data, weight, input_dim=3, output_dim=2).sum()
    y.backward()
    assert data.grad.asnumpy().tolist() == [0, 0]
    assert weight.grad.asnumpy().tolist() == [[1, 1], [0, 0], [1, 1]]
    with pytest.raises(ValueError, match=r"weight has shape \(3, 2\).*need \(4, 2\)"):
        nd.Embedding(data, weight, input_dim=4, output_dim=2)


def test_batch_take_refuses_what_mxnet_reads_past_the_end_of():
    with pytest.raises(ValueError, match="must be 2-D"):
        nd.batch_take(nd.zeros((2, 3, 2)), nd.array([0, 1], dtype="int32"))


def test_sequence_mask_names_the_shapes_it_needs():
    with pytest.raises(ValueError, match=r"shape \(3,\), one length per sequence"):
        nd.SequenceMask(nd.zeros((2, 3)), nd.array([1, 2]), use_sequence_length=True)
    with pytest.raises(ValueError, match="axis must be 0 or 1"):
        nd.SequenceMask(nd.zeros((2, 3)), nd.array([1, 2]), use_sequence_length=True, axis=2)


def test_split_v2_and_pad_errors_are_clear():
    with pytest.raises(ValueError, match="int or a tuple of ints, not list"):
        nd.split_v2(nd.arange(6), [1, 4])
    with pytest.raises(ValueError, match=r"4-D or 5-D, got shape \(2, 2\)"):
        nd.pad(nd.zeros((2, 2)), mode="constant", pad_width=(1, 1, 1, 1))
    with pytest.raises(ValueError, match="mode must be"):
        nd.pad(nd.zeros((1, 1, 2, 2)), mode="wrap", pad_width=(0, 0, 0, 0, 1, 1, 1, 1))


def test_layer_norm_matches_the_formula_in_float64():
    rng = np.random.default_rng(0)
    x, g, b = rng.normal(size=(4, 5)), rng.normal(size=5), rng.normal(size=5)
    got = nd.LayerNorm(nd.array(x, dtype="float64"), nd.array(g, dtype="float64"),
                       nd.array(b, dtype="float64"), eps=1e-5).asnumpy()
    want = (x - x.mean(1, keepdims=True)) / np.sqrt(x.var(1, keepdims=True) + 1e-5) * g + b
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_histogram_counts_agree_with_numpy():
    values = np.random.default_rng(1).normal(size=500).astype(np.float32)
    counts, edges = nd.histogram(nd.array(values), bins=7, range=(-2, 2))
    want_counts, want_edges = np.histogram(values, bins=7, range=(-2, 2))
    assert counts.dtype == np.int64 and counts.asnumpy().tolist() == want_counts.tolist()
    np.testing.assert_allclose(edges.asnumpy(), want_edges, rtol=1e-6)


def test_names_left_out_say_so():
    with pytest.raises(AttributeError, match=r"nd.cast_storage is not in ndsh.*sparse"):
        nd.cast_storage  # noqa: B018 - the attribute access is the test
    with pytest.raises(AttributeError, match=r"Did you mean: nd.dot"):
        nd.dott  # noqa: B018


def test_gemm2_shape_mismatch_names_the_shapes():
    with pytest.raises(ValueError, match=r"shapes \(2, 3, 4\) and \(2, 4, 5\) do not match"):
        nd.linalg.gemm2(nd.ones((2, 3, 4)), nd.ones((2, 4, 5)), axis=-3)
