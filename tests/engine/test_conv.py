"""Convolution and Deconvolution beyond the golden cases: against a direct loop and PyTorch
(where installed) on random shapes, strides, dilations and groups in 1-D, 2-D and 3-D; the
column buffer in several chunks; Deconvolution as Convolution's data gradient; what ndsh does
where MXNet 1.9.1 fails (float16, target_shape in float32, float64 3-D, reshaped views); and a
one-paragraph error naming the op and the shapes for each bad input."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.mxnet_errors import MXNetError
from ndsh.engine.ops import conv_batchlast, conv_columns, conv_kernels

RNG = np.random.default_rng(16)


def direct_convolution(x, w, b, stride, dilate, pad, groups):
    """Convolution as its definition: a loop over output positions (the test's oracle)."""
    n = x.ndim - 2
    x = np.pad(x, ((0, 0), (0, 0)) + tuple((p, p) for p in pad))
    f, cg = w.shape[:2]
    kernel = w.shape[2:]
    out = tuple((s - d * (k - 1) - 1) // st + 1
                for s, k, st, d in zip(x.shape[2:], kernel, stride, dilate))
    y = np.zeros((x.shape[0], f) + out)
    fg = f // groups
    for o in itertools.product(*(range(v) for v in out)):
        index = tuple(slice(oi * st, oi * st + d * (k - 1) + 1, d)
                      for oi, st, d, k in zip(o, stride, dilate, kernel))
        for g in range(groups):
            patch = x[(slice(None), slice(g * cg, (g + 1) * cg)) + index]
            y[(slice(None), slice(g * fg, (g + 1) * fg)) + o] = np.tensordot(
                patch, w[g * fg:(g + 1) * fg], axes=(list(range(1, n + 2)),
                                                     list(range(1, n + 2))))
    return y + (0 if b is None else b.reshape((1, -1) + (1,) * n))


SHAPES = [  # (x shape, filters, kernel, stride, dilate, pad, groups)
    ((2, 4, 7, 6), 6, (3, 2), (2, 1), (1, 2), (1, 0), 2),
    ((3, 3, 5, 5), 4, (1, 1), (1, 1), (1, 1), (0, 0), 1),
    ((3, 4, 3, 5), 6, (1, 1), (1, 1), (1, 1), (0, 0), 2),
    ((1, 6, 6, 7), 6, (3, 3), (1, 2), (2, 1), (2, 1), 6),
    ((2, 2, 11), 3, (4,), (3,), (1,), (2,), 1),
    ((1, 4, 4, 5, 3), 4, (2, 3, 2), (1, 2, 1), (1, 1, 2), (1, 0, 1), 2),
    # stride 1: columns on the flattened padded image (and its fallback when that grid is
    # much longer than the output)
    ((2, 3, 6, 7), 4, (3, 3), (1, 1), (2, 1), (1, 2), 1),
    ((3, 4, 9), 2, (3,), (1,), (2,), (0,), 2),
    ((1, 2, 4, 5, 4), 4, (2, 3, 2), (1, 1, 1), (1, 1, 1), (1, 1, 0), 2),
    ((2, 2, 5, 5), 3, (4, 4), (1, 1), (1, 1), (0, 0), 1),
    ((1, 2, 4, 5, 4), 3, (2, 2, 2), (1, 1, 1), (1, 1, 1), (1, 1, 1), 1),
    # 16 channels a group and more, stride 1: the forward sums one product per kernel point
    ((2, 16, 10, 11), 5, (3, 3), (1, 1), (1, 1), (1, 1), 1),
    ((2, 32, 6, 6), 4, (3, 2), (1, 1), (2, 1), (2, 1), 2),
    ((2, 16, 20), 3, (3,), (1,), (1,), (1,), 1),
    ((1, 16, 8, 8, 8), 2, (2, 2, 2), (1, 1, 1), (1, 1, 1), (1, 1, 1), 1),
    # and 16 filters a group: the gradients without columns too (a pad past the kernel's reach
    # leaves the data gradient to col2im)
    ((2, 16, 7, 8), 16, (3, 3), (1, 1), (1, 1), (1, 1), 1),
    ((2, 32, 6, 5), 32, (3, 2), (1, 1), (2, 1), (2, 0), 2),
    ((2, 16, 12), 16, (3,), (1,), (1,), (0,), 1),
    ((1, 16, 4, 5, 4), 16, (2, 2, 2), (1, 1, 1), (1, 1, 1), (1, 0, 1), 1),
    ((2, 16, 5, 5), 16, (3, 3), (1, 1), (1, 1), (3, 3), 1),
]


@pytest.mark.parametrize("shape,filters,kernel,stride,dilate,pad,groups", SHAPES)
def test_convolution_matches_its_definition_and_chunks_agree(shape, filters, kernel, stride,
                                                             dilate, pad, groups, monkeypatch):
    x = RNG.standard_normal(shape)
    w = RNG.standard_normal((filters, shape[1] // groups) + kernel)
    b = RNG.standard_normal(filters)
    want = direct_convolution(x, w, b, stride, dilate, pad, groups)
    args = {"kernel": kernel, "stride": stride, "dilate": dilate, "pad": pad,
            "num_filter": filters, "num_group": groups}
    got = nd.Convolution(nd.array(x, dtype="float64"), nd.array(w, dtype="float64"),
                         nd.array(b, dtype="float64"), **args)
    np.testing.assert_allclose(got.asnumpy(), want, rtol=1e-10, atol=1e-10)
    # one sample per chunk: the same values and gradients
    xs, ws = nd.array(x, dtype="float64"), nd.array(w, dtype="float64")
    xs.attach_grad()
    ws.attach_grad()
    grads = []
    for workspace in (conv_columns.WORKSPACE, 1):
        monkeypatch.setattr(conv_columns, "WORKSPACE", workspace)
        monkeypatch.setattr(conv_columns, "CACHE", workspace)
        with autograd.record():
            y = nd.Convolution(xs, ws, kernel=kernel, stride=stride, dilate=dilate, pad=pad,
                               num_filter=filters, num_group=groups, no_bias=True)
        y.backward(nd.array(np.linspace(-1, 1, y.size).reshape(y.shape), dtype="float64"))
        grads.append((y.asnumpy(), xs.grad.asnumpy(), ws.grad.asnumpy()))
    for first, second in zip(*grads):
        np.testing.assert_allclose(first, second, rtol=1e-12, atol=1e-12)


SMALL_IMAGES = [  # a batch of small images: the gradients are taken with the batch last
    ((40, 3, 6, 7), 4, (3, 2), (1, 2), (2, 1), (1, 0), 1),
    ((33, 4, 5, 5), 6, (2, 2), (1, 1), (1, 1), (1, 1), 2),
    ((32, 2, 9), 3, (3,), (2,), (1,), (1,), 1),
    ((32, 2, 3, 4, 4), 2, (2, 2, 2), (1, 1, 1), (1, 1, 1), (0, 1, 0), 2),
]


@pytest.mark.parametrize("shape,filters,kernel,stride,dilate,pad,groups", SMALL_IMAGES)
def test_batch_last_gradients_match_the_general_ones(shape, filters, kernel, stride, dilate, pad,
                                                     groups, monkeypatch):
    x = nd.array(RNG.standard_normal(shape), dtype="float64")
    w = nd.array(RNG.standard_normal((filters, shape[1] // groups) + kernel), dtype="float64")
    x.attach_grad()
    w.attach_grad()
    results = []
    for batch_last, workspace in ((True, 1), (True, conv_columns.WORKSPACE), (False, 1)):
        monkeypatch.setattr(conv_columns, "WORKSPACE", workspace)   # 1: one sample a chunk
        if not batch_last:
            monkeypatch.setattr(conv_batchlast, "use", lambda *args: False)
        with autograd.record():
            y = nd.Convolution(x, w, kernel=kernel, stride=stride, dilate=dilate, pad=pad,
                               num_filter=filters, num_group=groups, no_bias=True)
        assert conv_batchlast.use(shape[0], kernel, stride, pad, y.shape[2:]) == batch_last
        y.backward(nd.array(np.linspace(-1, 1, y.size).reshape(y.shape), dtype="float64"))
        results.append((x.grad.asnumpy(), w.grad.asnumpy()))
    for other in results[1:]:
        for first, second in zip(results[0], other):
            np.testing.assert_allclose(first, second, rtol=1e-12, atol=1e-12)


IMPLICIT = [shape for shape in SHAPES if shape[1] >= 16]


@pytest.mark.parametrize("shape,filters,kernel,stride,dilate,pad,groups", IMPLICIT)
@pytest.mark.parametrize("special", [None, np.inf, np.nan])
def test_implicit_gradients_match_the_columns_ones(shape, filters, kernel, stride, dilate, pad,
                                                   groups, special, monkeypatch):
    x = RNG.standard_normal(shape)
    if special is not None:
        x.flat[[0, x.size // 2, -1]] = special     # a corner, the middle, the last pixel
    x = nd.array(x, dtype="float64")
    w = nd.array(RNG.standard_normal((filters, shape[1] // groups) + kernel), dtype="float64")
    x.attach_grad()
    w.attach_grad()
    results = []
    for implicit in (True, False):
        if not implicit:
            monkeypatch.setattr(conv_kernels, "_implicit_data_gradient", lambda *a: None)
            monkeypatch.setattr(conv_kernels, "_implicit_weight_gradient", lambda *a: None)
        with np.errstate(invalid="ignore"), autograd.record():    # inf - inf in the sums
            y = nd.Convolution(x, w, kernel=kernel, stride=stride, dilate=dilate, pad=pad,
                               num_filter=filters, num_group=groups, no_bias=True)
        with np.errstate(invalid="ignore"):
            y.backward(nd.array(np.linspace(-1, 1, y.size).reshape(y.shape), dtype="float64"))
        results.append((x.grad.asnumpy(), w.grad.asnumpy()))
    for first, second in zip(*results):
        np.testing.assert_allclose(first, second, rtol=1e-12, atol=1e-12)


STRIPS = [shape for shape in SHAPES
          if conv_columns.Columns(np, shape[0], *shape[2:], np.dtype("float64"),
                                  strips=True).mode == "strip" and shape[0][1] < 16]


@pytest.mark.parametrize("shape,filters,kernel,stride,dilate,pad,groups", STRIPS)
@pytest.mark.parametrize("special", [None, np.inf, np.nan])
def test_strip_columns_match_the_window_ones(shape, filters, kernel, stride, dilate, pad,
                                             groups, special, monkeypatch):
    """Stride 1 with few channels: the forward and the weight gradient multiply strips of the
    flat image (the grid is longer than the output); with inf or NaN in the data the weight
    gradient takes window columns (0 * inf on the grid's extra positions)."""
    x = RNG.standard_normal(shape)
    if special is not None:
        x.flat[[0, x.size // 2, -1]] = special
    x = nd.array(x, dtype="float64")
    w = nd.array(RNG.standard_normal((filters, shape[1] // groups) + kernel), dtype="float64")
    x.attach_grad()
    w.attach_grad()
    results = []
    for waste in (conv_columns.STRIP_WASTE, 0.0):          # 0: no strips, window columns
        monkeypatch.setattr(conv_columns, "STRIP_WASTE", waste)
        with np.errstate(invalid="ignore"), autograd.record():
            y = nd.Convolution(x, w, kernel=kernel, stride=stride, dilate=dilate, pad=pad,
                               num_filter=filters, num_group=groups, no_bias=True)
        with np.errstate(invalid="ignore"):
            y.backward(nd.array(np.linspace(-1, 1, y.size).reshape(y.shape), dtype="float64"))
        results.append((y.asnumpy(), x.grad.asnumpy(), w.grad.asnumpy()))
    for first, second in zip(*results):
        np.testing.assert_allclose(first, second, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("shape,filters,kernel,stride,dilate,pad,groups", SHAPES)
def test_convolution_and_its_gradients_match_pytorch(shape, filters, kernel, stride, dilate,
                                                     pad, groups):
    torch = pytest.importorskip("torch")
    functional = {1: torch.nn.functional.conv1d, 2: torch.nn.functional.conv2d,
                  3: torch.nn.functional.conv3d}[len(kernel)]
    x = RNG.standard_normal(shape).astype(np.float32)
    w = RNG.standard_normal((filters, shape[1] // groups) + kernel).astype(np.float32)
    b = RNG.standard_normal(filters).astype(np.float32)
    tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    ty = functional(tx, tw, tb, stride=stride, padding=pad, dilation=dilate, groups=groups)
    head = RNG.standard_normal(tuple(ty.shape)).astype(np.float32)
    ty.backward(torch.tensor(head))
    nx, nw, nb = (nd.array(a) for a in (x, w, b))
    for a in (nx, nw, nb):
        a.attach_grad()
    with autograd.record():
        y = nd.Convolution(nx, nw, nb, kernel=kernel, stride=stride, dilate=dilate, pad=pad,
                           num_filter=filters, num_group=groups)
    y.backward(nd.array(head))
    for mine, theirs in ((y, ty), (nx.grad, tx.grad), (nw.grad, tw.grad), (nb.grad, tb.grad)):
        np.testing.assert_allclose(mine.asnumpy(), theirs.detach().numpy(), rtol=1e-4,
                                   atol=1e-4)


def test_deconvolution_is_the_data_gradient_of_convolution():
    x = nd.array(RNG.standard_normal((2, 4, 7, 6)), dtype="float64")
    w = nd.array(RNG.standard_normal((6, 2, 3, 2)), dtype="float64")
    args = {"kernel": (3, 2), "stride": (2, 1), "dilate": (1, 2), "pad": (1, 0),
            "num_group": 2}
    x.attach_grad()
    with autograd.record():
        y = nd.Convolution(x, w, num_filter=6, no_bias=True, **args)
    head = nd.array(RNG.standard_normal(y.shape), dtype="float64")
    y.backward(head)
    # x is 7 x 6; the deconvolution of a 4 x 4 head gives 7 x 6 with adj (0, 0)
    got = nd.Deconvolution(head, w, num_filter=4, **args)
    np.testing.assert_array_equal(got.asnumpy(), x.grad.asnumpy())


def test_deconvolution_matches_pytorch_with_adj_groups_and_bias():
    torch = pytest.importorskip("torch")
    x = RNG.standard_normal((2, 4, 3, 5)).astype(np.float32)
    w = RNG.standard_normal((4, 3, 3, 2)).astype(np.float32)
    b = RNG.standard_normal(6).astype(np.float32)
    tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    ty = torch.nn.functional.conv_transpose2d(tx, tw, tb, stride=(2, 3), padding=(1, 0),
                                              output_padding=(1, 2), groups=2, dilation=(1, 2))
    head = RNG.standard_normal(tuple(ty.shape)).astype(np.float32)
    ty.backward(torch.tensor(head))
    nx, nw, nb = (nd.array(a) for a in (x, w, b))
    for a in (nx, nw, nb):
        a.attach_grad()
    with autograd.record():
        y = nd.Deconvolution(nx, nw, nb, kernel=(3, 2), stride=(2, 3), pad=(1, 0), adj=(1, 2),
                             dilate=(1, 2), num_filter=6, num_group=2, no_bias=False)
    y.backward(nd.array(head))
    for mine, theirs in ((y, ty), (nx.grad, tx.grad), (nw.grad, tw.grad), (nb.grad, tb.grad)):
        np.testing.assert_allclose(mine.asnumpy(), theirs.detach().numpy(), rtol=1e-4,
                                   atol=1e-4)


def test_where_mxnet_fails_ndsh_computes():
    """float16 (MXNet's CPU build: 'FP16 gemm on cpu not implemented'), a float32 target_shape
    (its oneDNN kernel: 'could not create a descriptor'), float64 3-D Deconvolution (no native
    kernel), and a reshaped view as Deconvolution's input ('Check failed: !is_view')."""
    x = RNG.standard_normal((1, 2, 4, 4)).astype(np.float32)
    w = RNG.standard_normal((3, 2, 3, 3)).astype(np.float32)
    half = nd.Convolution(nd.array(x, dtype="float16"), nd.array(w, dtype="float16"),
                          kernel=(3, 3), num_filter=3, no_bias=True)
    full = nd.Convolution(nd.array(x), nd.array(w), kernel=(3, 3), num_filter=3, no_bias=True)
    assert half.dtype == np.float16
    np.testing.assert_allclose(half.asnumpy(), full.asnumpy(), rtol=2e-2, atol=2e-2)
    single = nd.Deconvolution(nd.array(x), nd.array(w.transpose(1, 0, 2, 3).copy()),
                              kernel=(3, 3), stride=(2, 2), target_shape=(8, 9), num_filter=3)
    double = nd.Deconvolution(nd.array(x, dtype="float64"),
                              nd.array(w.transpose(1, 0, 2, 3).copy(), dtype="float64"),
                              kernel=(3, 3), stride=(2, 2), target_shape=(8, 9), num_filter=3)
    assert single.shape == (1, 3, 8, 9)
    np.testing.assert_allclose(single.asnumpy(), double.asnumpy(), rtol=1e-5, atol=1e-5)
    volume = nd.Deconvolution(nd.ones((1, 1, 2, 2, 2), dtype="float64"),
                              nd.ones((1, 1, 2, 2, 2), dtype="float64"), kernel=(2, 2, 2),
                              num_filter=1)
    assert volume.asnumpy()[0, 0, 1, 1, 1] == 8
    view = nd.arange(8).reshape((1, 2, 2, 2))
    assert nd.Deconvolution(view, nd.ones((2, 1, 2, 2)), kernel=(2, 2),
                            num_filter=1).shape == (1, 1, 3, 3)


def test_a_large_unrecorded_input_is_not_kept_for_the_data_gradient():
    """The graph keeps the data for the weight gradient; with frozen weights the data gradient
    needs only the weights and the data's shape."""
    x = nd.array(RNG.standard_normal((2, 2, 6, 6)), dtype="float64")
    w = nd.array(RNG.standard_normal((3, 2, 3, 3)), dtype="float64")
    x.attach_grad()
    with autograd.record():
        y = nd.Convolution(x * 1, w, kernel=(3, 3), num_filter=3, no_bias=True)
    y.backward()
    np.testing.assert_allclose(
        x.grad.asnumpy(),
        nd.Deconvolution(nd.ones(y.shape, dtype="float64"), w, kernel=(3, 3),
                         num_filter=2).asnumpy())


X = nd.ones((1, 2, 4, 4))
W = nd.ones((3, 2, 2, 2))
B = nd.zeros(3)
ERRORS = [
    (lambda: nd.Convolution(X, W, kernel=(2, 2), num_filter=3), "3 inputs"),
    (lambda: nd.Convolution(X, W, B, kernel=(2, 2), num_filter=3, no_bias=True), "no_bias"),
    (lambda: nd.Convolution(X, W, B, num_filter=3), "kernel is required"),
    (lambda: nd.Convolution(X, W, B, kernel=(2, 2)), "num_filter is required"),
    (lambda: nd.Convolution(X, W, B, kernel=(2, 2), num_filter=4), "(4, 2, 2, 2)"),
    (lambda: nd.Convolution(nd.ones((1, 3, 4, 4)), W, B, kernel=(2, 2), num_filter=3),
     "(1, 3, 4, 4)"),
    (lambda: nd.Convolution(X, W, nd.ones(4), kernel=(2, 2), num_filter=3), "(4,)"),
    (lambda: nd.Convolution(X, nd.ones((3, 2, 5, 2)), B, kernel=(5, 2), num_filter=3),
     "padded"),
    (lambda: nd.Convolution(X, W, B, kernel=(2,), num_filter=3), "(1, 2, 4, 4)"),
    (lambda: nd.Convolution(X, W, B, kernel=(2, 2), stride=(1,), num_filter=3), "stride"),
    (lambda: nd.Convolution(X, W, B, kernel=(2, 2), stride=(0, 1), num_filter=3), "positive"),
    (lambda: nd.Convolution(X, W, B, kernel=(2, 2), num_filter=3, layout="NHWC"), "NHWC"),
    (lambda: nd.Convolution(X, W, B, kernel=(2, 2), num_filter=3, num_group=2), "num_group"),
    (lambda: nd.Convolution(X.astype("int32"), W, B, kernel=(2, 2), num_filter=3), "int32"),
    (lambda: nd.Convolution(X, W.astype("float64"), B, kernel=(2, 2), num_filter=3),
     "float64"),
    (lambda: nd.Convolution(X, W, B, kernel=(2, 2), num_filter=3.0), "num_filter"),
    (lambda: nd.Convolution(X, W, B, kernel="3", num_filter=3), "kernel"),
    (lambda: nd.Convolution(np.ones((1, 2, 4, 4)), W, B, kernel=(2, 2), num_filter=3),
     "NDArray"),
    (lambda: nd.Deconvolution(X, nd.ones((2, 1, 2, 2)), B, kernel=(2, 2), num_filter=1),
     "no_bias=True"),
    (lambda: nd.Deconvolution(X, nd.ones((2, 1, 2, 2)), kernel=(2, 2), num_filter=1,
                              no_bias=False), "3 inputs"),
    (lambda: nd.Deconvolution(X, nd.ones((2, 1, 2, 2)), kernel=(2, 2), num_filter=1,
                              adj=(1, 1)), "adj"),
    (lambda: nd.Deconvolution(X, nd.ones((2, 1, 2, 2)), kernel=(2, 2), num_filter=1,
                              target_shape=(9, 9)), "too big"),
    (lambda: nd.Deconvolution(X, nd.ones((2, 1, 2, 2)), kernel=(2, 2), num_filter=1,
                              pad=(3, 3)), "no output"),
    (lambda: nd.Deconvolution(X, nd.ones((1, 2, 2, 2)), kernel=(2, 2), num_filter=2),
     "(2, 2, 2, 2)"),
]


@pytest.mark.parametrize("call,words", ERRORS, ids=[w for _, w in ERRORS])
def test_bad_input_is_one_paragraph_naming_the_op(call, words):
    with pytest.raises(MXNetError) as info:
        call()
    message = str(info.value)
    assert "\n" not in message and message.startswith(("Convolution", "Deconvolution"))
    assert words in message


def test_implicit_weight_gradient_in_chunks_reuses_the_flat_image(monkeypatch):
    shape, kernel, pad = (5, 16, 7, 8), (3, 3), (1, 1)
    x = nd.array(RNG.standard_normal(shape), dtype="float64")
    w = nd.array(RNG.standard_normal((16, 16) + kernel), dtype="float64")
    w.attach_grad()
    columns = conv_columns.Columns(np, shape, kernel, (1, 1), (1, 1), pad, 1,
                                   np.dtype("float64"), implicit=True)
    per_sample = (16 * (columns.length + columns.shifts()[-1]) + 16 * columns.length) * 8
    grads = []
    for cache in (conv_columns.CACHE, 2 * per_sample):    # one chunk; chunks of 2, 2 and 1
        monkeypatch.setattr(conv_columns, "CACHE", cache)
        with autograd.record():
            y = nd.Convolution(x, w, kernel=kernel, pad=pad, num_filter=16, no_bias=True)
        y.backward(nd.array(np.linspace(-1, 1, y.size).reshape(y.shape), dtype="float64"))
        grads.append(w.grad.asnumpy())
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-12, atol=1e-12)


def test_glibc_malloc_is_told_once_to_keep_large_temporaries(monkeypatch):
    """ops/heap.py (called once as the engine loads) sets glibc's mmap and trim
    thresholds, unless the user set malloc's own variables or NDSH_MALLOC_TUNING=0."""
    import sys

    from ndsh.engine.ops import heap
    assert heap.STATE["reason"] != "not tried"                 # tried at import
    assert heap.tune() == (heap.STATE["reason"] is None)       # once: the same answer again
    if not sys.platform.startswith("linux"):
        assert heap.STATE["reason"] == "not Linux"
        return
    monkeypatch.setenv("NDSH_MALLOC_TUNING", "0")
    assert heap._why_not() == "NDSH_MALLOC_TUNING=0"
    monkeypatch.delenv("NDSH_MALLOC_TUNING")
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "1000000")
    assert heap._why_not() == "the user's malloc settings"


@pytest.mark.parametrize("groups", [1, 2])
@pytest.mark.parametrize("stride,pad", [((1, 1), (1, 1)), ((2, 2), (0, 0))])
def test_weight_gradient_filters_first_matches_rows_first(groups, stride, pad, monkeypatch):
    """Many filters: the weight gradient is taken (filters x rows), already in the weight's
    layout, instead of (rows x filters) and a transposing copy; both give the same values."""
    x = nd.array(RNG.standard_normal((3, 4, 6, 6)), dtype="float64")
    w = nd.array(RNG.standard_normal((8, 4 // groups, 3, 3)), dtype="float64")
    w.attach_grad()
    grads = []
    for wide in (10**9, 1):                       # rows first, then filters first
        monkeypatch.setattr(conv_kernels, "WIDE_FILTERS", wide)
        with autograd.record():
            y = nd.Convolution(x, w, kernel=(3, 3), stride=stride, pad=pad, num_filter=8,
                               num_group=groups, no_bias=True)
        y.backward(nd.array(np.linspace(-1, 1, y.size).reshape(y.shape), dtype="float64"))
        grads.append(w.grad.asnumpy())
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-12, atol=1e-12)
    assert not np.all(grads[0] == 0)
