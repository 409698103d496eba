"""UpSampling, contrib.BilinearResize2D and contrib.AdaptiveAvgPooling2D beyond the golden
cases: against PyTorch (where installed) on random sizes up and down, bilinear UpSampling as
the Deconvolution it is, NaN and inf kept local, and a one-paragraph error for bad input."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.mxnet_errors import MXNetError

RNG = np.random.default_rng(18)


def _with_grad(call, *arrays, head_seed=0):
    inputs = [nd.array(a, dtype=a.dtype) for a in arrays]
    for a in inputs:
        a.attach_grad()
    with autograd.record():
        y = call(*inputs)
    head = np.random.default_rng(head_seed).standard_normal(y.shape).astype(arrays[0].dtype)
    y.backward(nd.array(head, dtype=head.dtype))
    return y.asnumpy(), [a.grad.asnumpy() for a in inputs], head


SIZES = [((5, 7), (9, 4)), ((9, 9), (4, 3)), ((3, 4), (17, 13)), ((6, 6), (6, 6)),
         ((4, 5), (1, 1)), ((2, 7), (8, 1))]


@pytest.mark.parametrize("size,out", SIZES)
@pytest.mark.parametrize("align", [True, False])
def test_bilinear_resize_matches_pytorch(size, out, align):
    torch = pytest.importorskip("torch")
    if not align and 1 in out:
        pytest.skip("an output of size 1 samples input 0 in MXNet (its scale is 0 there), "
                    "the centre in PyTorch")
    x = RNG.standard_normal((2, 3) + size)
    y, (grad,), head = _with_grad(
        lambda a: nd.contrib.BilinearResize2D(a, height=out[0], width=out[1],
                                              align_corners=align), x)
    tx = torch.tensor(x, requires_grad=True)
    ty = torch.nn.functional.interpolate(tx, size=out, mode="bilinear", align_corners=align)
    ty.backward(torch.tensor(head))
    # MXNet computes the sampling positions in float32, also for float64 data
    np.testing.assert_allclose(y, ty.detach().numpy(), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(grad, tx.grad.numpy(), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("size,out", [((5, 7), (3, 2)), ((4, 4), (7, 9)), ((9, 8), (9, 8)),
                                      ((7, 5), (1, 1)), ((3, 10), (2, 4))])
def test_adaptive_average_pooling_matches_pytorch(size, out):
    torch = pytest.importorskip("torch")
    x = RNG.standard_normal((2, 3) + size)
    y, (grad,), head = _with_grad(
        lambda a: nd.contrib.AdaptiveAvgPooling2D(a, output_size=out), x)
    tx = torch.tensor(x, requires_grad=True)
    ty = torch.nn.functional.adaptive_avg_pool2d(tx, out)
    ty.backward(torch.tensor(head))
    np.testing.assert_allclose(y, ty.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(grad, tx.grad.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("scale", [2, 3, 4])
def test_bilinear_upsampling_is_a_depthwise_deconvolution(scale):
    x = RNG.standard_normal((2, 3, 4, 5))
    k = 2 * scale - scale % 2
    w = RNG.standard_normal((3, 1, k, k))
    y, grads, head = _with_grad(
        lambda a, b: nd.UpSampling(a, b, scale=scale, sample_type="bilinear", num_filter=3),
        x, w)
    pad = scale // 2            # ceil((scale - 1) / 2)
    want, wgrads, _ = _with_grad(
        lambda a, b: nd.Deconvolution(a, b, kernel=(k, k), stride=(scale, scale),
                                      pad=(pad, pad), num_filter=3, num_group=3), x, w)
    assert y.shape == (2, 3, 4 * scale, 5 * scale)
    np.testing.assert_allclose(y, want)
    for mine, theirs in zip(grads, wgrads):
        np.testing.assert_allclose(mine, theirs)


def test_nearest_upsampling_of_several_inputs():
    a = RNG.standard_normal((2, 1, 2, 3))
    b = RNG.standard_normal((2, 2, 4, 6))
    c = RNG.standard_normal((2, 1, 1, 1))
    y, grads, head = _with_grad(
        lambda *xs: nd.UpSampling(*xs, scale=2, sample_type="nearest"), a, b, a)
    assert y.shape == (2, 4, 4, 6)
    np.testing.assert_array_equal(y[:, :1], a.repeat(2, axis=2).repeat(2, axis=3))
    np.testing.assert_array_equal(y[:, 1:3], b)
    np.testing.assert_allclose(grads[0], head[:, :1].reshape(2, 1, 2, 2, 3, 2).sum(axis=(3, 5)))
    np.testing.assert_allclose(grads[1], head[:, 1:3])
    np.testing.assert_allclose(grads[2], head[:, 3:].reshape(2, 1, 2, 2, 3, 2).sum(axis=(3, 5)))
    y, grads, head = _with_grad(
        lambda *xs: nd.UpSampling(*xs, scale=2, sample_type="nearest", multi_input_mode="sum"),
        a, b[:, :1])
    np.testing.assert_allclose(y, a.repeat(2, axis=2).repeat(2, axis=3) + b[:, :1])
    np.testing.assert_allclose(grads[0], head.reshape(2, 1, 2, 2, 3, 2).sum(axis=(3, 5)))
    np.testing.assert_allclose(grads[1], head)
    with pytest.raises(MXNetError, match="whole factor"):
        nd.UpSampling(nd.array(a), nd.array(c), scale=2, sample_type="nearest")


def test_nan_and_inf_stay_where_they_are():
    x = nd.array([[[[np.inf, 1, 2], [1, np.nan, 1], [3, 1, 1]]]])
    pooled = nd.contrib.AdaptiveAvgPooling2D(x, output_size=(3, 3)).asnumpy()
    assert np.isinf(pooled[0, 0, 0, 0]) and np.isnan(pooled[0, 0, 1, 1])
    assert np.isfinite(pooled[0, 0, 2]).all() and pooled[0, 0, 0, 2] == 2
    resized = nd.contrib.BilinearResize2D(x, height=5, width=5).asnumpy()
    assert np.isfinite(resized[0, 0, 4]).all() and resized[0, 0, 0, 4] == 2


def test_float64_positions_are_float32_as_in_mxnet():
    """MXNet's kernel computes the sampling positions in float32 whatever the data's dtype:
    2 -> 3 columns sample 1/3 and 2/3 as float32 (1.3333333432674408, not 1.3333333)."""
    x = nd.array([[[[1, 2]]]], dtype="float64")
    y = nd.contrib.BilinearResize2D(x, height=1, width=4).asnumpy()
    assert y[0, 0, 0, 1] == 1 + float(np.float32(1) / np.float32(3))


X = nd.ones((1, 1, 4, 4))
ERRORS = [
    (lambda: nd.UpSampling(X, scale=2), "UpSampling: sample_type"),
    (lambda: nd.UpSampling(X, sample_type="nearest"), "UpSampling: scale is required"),
    (lambda: nd.UpSampling(X, scale=0, sample_type="nearest"), "UpSampling: scale"),
    (lambda: nd.UpSampling(X, nd.ones((1, 2, 2, 2)), scale=2, sample_type="nearest",
                           multi_input_mode="sum"), "UpSampling: multi_input_mode='sum'"),
    (lambda: nd.UpSampling(X, nd.ones((2, 1, 2, 2)), scale=2, sample_type="nearest"),
     "UpSampling: the inputs' batch sizes"),
    (lambda: nd.UpSampling(X, scale=2, sample_type="nearest", num_args=2),
     "UpSampling: num_args=2"),
    (lambda: nd.UpSampling(X, scale=2, sample_type="bilinear", num_filter=1),
     "UpSampling: sample_type='bilinear' takes 2 inputs"),
    (lambda: nd.UpSampling(X, nd.ones((1, 1, 3, 3)), scale=2, sample_type="bilinear",
                           num_filter=1), "UpSampling: with scale 2 the weight"),
    (lambda: nd.UpSampling(X, nd.ones((1, 1, 4, 4)), scale=2, sample_type="bilinear"),
     "UpSampling: sample_type='bilinear' needs num_filter"),
    (lambda: nd.UpSampling(nd.ones((1, 4, 4)), scale=2, sample_type="nearest"),
     "UpSampling: input 0 must be 4-D"),
    (lambda: nd.UpSampling(X.astype("int32"), scale=2, sample_type="nearest"),
     "UpSampling: input 0 must be float"),
    (lambda: nd.contrib.BilinearResize2D(X, scale_height=2),
     "contrib.BilinearResize2D: scale_height was given without"),
    (lambda: nd.contrib.BilinearResize2D(X, mode="like"),
     "contrib.BilinearResize2D: mode='like' takes 2 inputs"),
    (lambda: nd.contrib.BilinearResize2D(X, height=0), "contrib.BilinearResize2D: height"),
    (lambda: nd.contrib.BilinearResize2D(X, height=40000), "contrib.BilinearResize2D: the "
                                                           "output size"),
    (lambda: nd.contrib.BilinearResize2D(X, mode="scale"), "contrib.BilinearResize2D: mode"),
    (lambda: nd.contrib.BilinearResize2D(nd.ones((4, 4))), "contrib.BilinearResize2D: data "
                                                           "must be 4-D"),
    (lambda: nd.contrib.AdaptiveAvgPooling2D(X, output_size=-1),
     "contrib.AdaptiveAvgPooling2D: output_size"),
    (lambda: nd.contrib.AdaptiveAvgPooling2D(nd.ones((1, 4, 4))),
     "contrib.AdaptiveAvgPooling2D: data must be 4-D"),
    (lambda: nd.contrib.AdaptiveAvgPooling2D(X.astype("int32")),
     "contrib.AdaptiveAvgPooling2D: data must be float"),
]


@pytest.mark.parametrize("call,words", ERRORS, ids=[w for _, w in ERRORS])
def test_bad_input_is_one_paragraph_naming_the_op(call, words):
    with pytest.raises(MXNetError) as info:
        call()
    message = str(info.value)
    assert "\n" not in message and message.startswith(words)
