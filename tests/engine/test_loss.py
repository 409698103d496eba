"""The loss family beyond its golden cases (scripts/golden_cases/loss.py): the backward that
MXNet's loss layers define (the head gradient ignored), CTCLoss against PyTorch and against
itself in float32 / float64, the Sequence ops against plain loops, Crop and slice_like against
slicing, where ndsh departs from MXNet (see the ops' doc pages), and one-paragraph errors that
name the op and the shapes."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.mxnet_errors import MXNetError
from ndsh.engine.registry import OPS

RNG = np.random.default_rng(16)
D = [[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]


def grad_of(fn, *arrays, head=None):
    """(result, gradients of the arrays) of fn(*arrays) with head gradient `head`."""
    for a in arrays:
        a.attach_grad()
    with autograd.record():
        y = fn(*arrays)
    y.backward(head)
    return y, [a.grad for a in arrays]


def one_paragraph(error, *words):
    text = str(error.value)
    assert isinstance(error.value, MXNetError)
    assert "\n" not in text, text
    for word in words:
        assert word in text, f"{word!r} not in {text!r}"


# ----- SoftmaxOutput: MXNet's defined backward ---------------------------------------------
def test_softmax_output_ignores_the_head_gradient(ctx):
    label = nd.array([2, 0])
    _, (plain,) = grad_of(lambda x: nd.SoftmaxOutput(x, label), nd.array(D))
    _, (headed,) = grad_of(lambda x: nd.SoftmaxOutput(x, label), nd.array(D),
                           head=nd.array([[5, -1, 2], [0, 3, 7]]))
    expected = [[0.0900306, 0.2447285, -0.3347591], [-0.6666667, 0.3333333, 0.3333333]]
    np.testing.assert_allclose(plain.asnumpy(), expected, rtol=1e-5)
    np.testing.assert_array_equal(headed.asnumpy(), plain.asnumpy())


def test_softmax_output_out_grad_multiplies_by_the_head_gradient(ctx):
    """A departure: MXNet 1.9.1 multiplies by the op's own output (its wiring feeds the output
    where the head gradient belongs); ndsh does what the parameter says."""
    x, label = nd.array(D, dtype="float64"), nd.array([2, 0], dtype="float64")
    head = nd.array([[1, 2, 3], [4, 5, 6]], dtype="float64")
    y, (got,) = grad_of(lambda v: nd.SoftmaxOutput(v, label, out_grad=True, grad_scale=2), x,
                        head=head)
    p = y.asnumpy()
    onehot = np.eye(3)[[2, 0]]
    np.testing.assert_allclose(got.asnumpy(), 2 * (p - onehot) * head.asnumpy(), rtol=1e-12)


def test_softmax_output_label_gets_a_zero_gradient(ctx):
    _, (_, label_grad) = grad_of(nd.SoftmaxOutput, nd.array(D), nd.array([2, 0]))
    assert (label_grad.asnumpy() == 0).all()


def test_softmax_output_normalizations_follow_mxnets_counts(ctx):
    """multi_output divides 'null' by the positions per example, 'batch' by positions x N and
    'valid' by the labels that are not ignore_label; N-D data without multi_output reads the
    first N labels but counts them all."""
    x = nd.array(RNG.normal(size=(2, 3, 4)), dtype="float64")
    label = nd.array([[0, 1, 2, 1], [2, 2, 0, 1]], dtype="float64")
    p = nd.softmax(x, axis=1).asnumpy()
    raw = p - np.moveaxis(np.eye(3)[label.asnumpy().astype(int)], -1, 1)
    for norm, divisor in (("null", 4), ("batch", 8), ("valid", 5)):
        _, (g,) = grad_of(lambda v, norm=norm: nd.SoftmaxOutput(
            v, label, multi_output=True, normalization=norm, ignore_label=1), x)
        np.testing.assert_allclose(g.asnumpy(), raw / divisor, rtol=1e-6, err_msg=norm)
    flat = nd.array([[5, 11, 0], [1, 2, 3]], dtype="float64")
    _, (g,) = grad_of(lambda v: nd.SoftmaxOutput(v, flat, normalization="batch"), x)
    q = nd.softmax(x.reshape((2, 12)), axis=1).asnumpy()
    q[0, 5] -= 1
    q[1, 11] -= 1
    np.testing.assert_allclose(g.asnumpy().reshape(2, 12), q / 6, rtol=1e-6)


def test_softmax_output_probability_labels_are_not_normalized(ctx):
    probs = nd.array([[0.2, 0.3, 0.5], [1, 0, 0]])
    y, (g,) = grad_of(lambda v: nd.SoftmaxOutput(v, probs, normalization="batch",
                                                 grad_scale=0.5), nd.array(D))
    np.testing.assert_allclose(g.asnumpy(), 0.5 * (y.asnumpy() - probs.asnumpy()), rtol=1e-6)


# ----- the regression outputs, MakeLoss, make_loss -----------------------------------------
@pytest.mark.parametrize("name,forward,backward", [
    ("LinearRegressionOutput", lambda x: x, lambda out, lab: out - lab),
    ("LogisticRegressionOutput", lambda x: 1 / (1 + np.exp(-x)), lambda out, lab: out - lab),
    ("MAERegressionOutput", lambda x: x, lambda out, lab: np.where(out - lab > 0, 1.0, -1.0)),
])
def test_regression_outputs_define_their_backward(ctx, name, forward, backward):
    x = RNG.normal(size=(3, 4))
    label = RNG.normal(size=(3, 4))
    label[0, 0] = x[0, 0]                          # equal: MAE's gradient is -1 there
    op = getattr(nd, name)
    y, (g, label_grad) = grad_of(lambda v, lab: op(v, lab, grad_scale=3), nd.array(
        x, dtype="float64"), nd.array(label, dtype="float64"),
        head=nd.array(RNG.normal(size=(3, 4)), dtype="float64"))
    np.testing.assert_allclose(y.asnumpy(), forward(x), rtol=1e-12)
    np.testing.assert_allclose(g.asnumpy(), 3 * backward(forward(x), label) / 4, rtol=1e-6)
    assert (label_grad.asnumpy() == 0).all()


def test_make_loss_gradients_are_constants(ctx):
    x = nd.array([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]], dtype="float64")
    head = nd.array(RNG.normal(size=(2, 3)), dtype="float64")
    for kwargs, value in (({}, 1.0), ({"grad_scale": 0.3}, 0.3),
                          ({"normalization": "batch"}, 0.5),
                          ({"normalization": "valid", "valid_thresh": 0.25}, 1 / 3)):
        y, (g,) = grad_of(lambda v, kwargs=kwargs: nd.MakeLoss(v, **kwargs), x, head=head)
        np.testing.assert_array_equal(y.asnumpy(), x.asnumpy())
        np.testing.assert_allclose(g.asnumpy(), np.full((2, 3), value), rtol=1e-7)
    _, (g,) = grad_of(nd.make_loss, x, head=head)
    assert (g.asnumpy() == 1).all()


def test_loss_outputs_are_new_arrays(ctx):
    x = nd.ones((2, 2))
    for y in (nd.MakeLoss(x), nd.make_loss(x), nd.LinearRegressionOutput(x, x)):
        y[:] = 5
    assert (x.asnumpy() == 1).all()


# ----- softmax_cross_entropy's kernel ------------------------------------------------------
def test_cross_entropy_kernel_matches_mxnet():
    """MXNet 1.9.1's numbers (recorded by hand): the batch sum, the 1e-8 floor inside the log,
    the gradient of the cross-entropy without the floor, truncated labels."""
    sce = OPS["_internal._softmax_cross_entropy"].call
    assert sce(nd.array(D), nd.array([2, 0])).asnumpy().tolist() == pytest.approx([1.5062183])
    assert sce(nd.array(D), nd.array([1.7, 0.2])).asnumpy()[0] == pytest.approx(2.5062182)
    x = nd.array([[1000, 0], [0, 1]])
    y, (g,) = grad_of(lambda v: sce(v, nd.array([1, 0])), x, head=nd.array([2.0]))
    assert y.shape == (1,) and y.asnumpy()[0] == pytest.approx(19.733942)
    np.testing.assert_allclose(g.asnumpy(), 2 * np.array([[1, -1], [-0.7310586, 0.7310586]]),
                               rtol=1e-6)


def test_cross_entropy_kernel_refuses_what_mxnet_refuses():
    sce = OPS["_internal._softmax_cross_entropy"].call
    with pytest.raises(ValueError) as error:
        sce(nd.array([1.0, 2.0]), nd.array([1]))
    one_paragraph(error, "softmax_cross_entropy", "(2,)", "(1,)")
    with pytest.raises(ValueError) as error:
        sce(nd.array(D), nd.array([3, -1]))
    one_paragraph(error, "softmax_cross_entropy", "(2, 3)")
    with pytest.raises(TypeError):
        sce(nd.array(D), nd.array([2, 0], dtype="int32"))


# ----- CTCLoss -----------------------------------------------------------------------------
def _torch_ctc(data, labels, data_lengths, label_lengths, blank, head):
    torch = pytest.importorskip("torch")
    x = torch.tensor(data, dtype=torch.float64, requires_grad=True)
    loss = torch.nn.functional.ctc_loss(
        x.log_softmax(2), torch.tensor(labels), torch.tensor(data_lengths),
        torch.tensor(label_lengths), blank=blank, reduction="none", zero_infinity=True)
    (loss * torch.tensor(head, dtype=torch.float64)).sum().backward()
    return loss.detach().numpy(), x.grad.numpy()


@pytest.mark.parametrize("seed", range(12))
def test_ctc_matches_pytorch(ctx, seed):
    """Random shapes, both blanks, both length inputs, repeats, empty and unfitting labels:
    loss and gradient equal PyTorch's ctc_loss (zero_infinity: MXNet's 0 for a label that
    does not fit)."""
    rng = np.random.default_rng(seed)
    steps, batch, alphabet = rng.integers(1, 9), rng.integers(1, 5), rng.integers(2, 7)
    width = int(rng.integers(1, steps + 1))
    last = bool(seed % 2)
    blank = alphabet - 1 if last else 0
    labels = rng.integers(0 if last else 1, alphabet - 1 if last else alphabet,
                          size=(batch, width))
    labels[:, 1:] = np.where(rng.random((batch, width - 1)) < 0.3, labels[:, :-1],
                             labels[:, 1:])
    label_lengths = rng.integers(0, width + 1, size=batch)
    data_lengths = rng.integers(0 if seed == 5 else 1, steps + 1, size=batch)
    data = rng.normal(size=(steps, batch, alphabet)) * 2
    head = rng.uniform(0.5, 1.5, size=batch)
    use_lengths = seed % 3
    kwargs = {"blank_label": "last" if last else "first"}
    arrays = []
    if use_lengths in (1, 2):
        kwargs["use_data_lengths"] = True
        arrays.append(nd.array(data_lengths))
    else:
        data_lengths = np.full(batch, steps)
    if use_lengths == 2:
        kwargs["use_label_lengths"] = True
        arrays.append(nd.array(label_lengths))
        padded = labels
    else:                              # the padding value ends each label
        padded = np.where(np.arange(width) < label_lengths[:, None], labels, -1 if last else 0)
    want_loss, want_grad = _torch_ctc(data, np.where(padded < 0, 0, padded), data_lengths,
                                      label_lengths, blank, head)
    x = nd.array(data, dtype="float64")
    y, (g,) = grad_of(lambda v: nd.CTCLoss(v, nd.array(padded), *arrays, **kwargs), x,
                      head=nd.array(head, dtype="float64"))
    if seed == 5:                      # a sequence of 0 steps: MXNet's inf where torch says 0
        want_loss = np.where((data_lengths == 0) & (label_lengths == 0), np.inf, want_loss)
    np.testing.assert_allclose(y.asnumpy(), want_loss, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(g.asnumpy(), want_grad, rtol=1e-9, atol=1e-10)


def test_ctc_float32_agrees_with_float64(ctx):
    data = RNG.normal(size=(7, 3, 5))
    label = nd.array([[1, 2, 2], [3, 0, 0], [4, 4, 1]])
    out = {}
    for dtype in ("float32", "float64"):
        y, (g,) = grad_of(lambda v: nd.CTCLoss(v, label), nd.array(data, dtype=dtype))
        assert y.dtype == g.dtype == np.dtype(dtype)
        out[dtype] = y.asnumpy(), g.asnumpy()
    np.testing.assert_allclose(out["float32"][0], out["float64"][0], rtol=1e-6)
    np.testing.assert_allclose(out["float32"][1], out["float64"][1], atol=1e-6)


def test_ctc_unfitting_label_and_empty_batch(ctx):
    # [1, 1, 1] needs 5 steps (blanks between repeats) and 4 are there: loss and gradient 0
    y, (g,) = grad_of(lambda v: nd.CTCLoss(v, nd.array([[1, 1, 1], [2, 0, 0]])),
                      nd.array(RNG.normal(size=(4, 2, 3))))
    assert y.asnumpy()[0] == 0 and (g.asnumpy()[:, 0] == 0).all() and y.asnumpy()[1] > 0
    # every label empty: MXNet returns uninitialised memory; ndsh -sum(log p(blank))
    data = RNG.normal(size=(3, 2, 4))
    y = nd.CTCLoss(nd.array(data, dtype="float64"), nd.array([[0, 0], [0, 0]]))
    logp = data - np.log(np.exp(data).sum(axis=2, keepdims=True))
    np.testing.assert_allclose(y.asnumpy(), -logp[:, :, 0].sum(axis=0), rtol=1e-12)


def test_ctc_gradient_from_the_kept_forward_equals_a_recomputed_one(ctx):
    """nd.CTCLoss keeps its forward for backward while recording; the recorded op called
    alone recomputes it: the same gradient."""
    data, label = RNG.normal(size=(6, 2, 4)), nd.array([[1, 1, 2], [3, 0, 0]])
    _, (kept,) = grad_of(lambda v: nd.CTCLoss(v, label), nd.array(data, dtype="float64"))
    _, (again,) = grad_of(lambda v: OPS["_internal._ctc_loss"].call(v, label),
                          nd.array(data, dtype="float64"))
    np.testing.assert_array_equal(kept.asnumpy(), again.asnumpy())
    x = nd.array(data)
    x.attach_grad()
    with autograd.record():
        y = nd.CTCLoss(x, label)
        with pytest.raises(TypeError) as error:
            autograd.grad(y, [x], create_graph=True)
    one_paragraph(error, "CTCLoss", "create_graph")


def test_ctc_lengths_fill_the_inputs_in_order(ctx):
    """As in MXNet, the third array is data_lengths when it is used, else label_lengths."""
    data = nd.array(RNG.normal(size=(4, 2, 3)))
    label = nd.array([[1, 2], [1, 1]])
    by_position = nd.CTCLoss(data, label, nd.array([1, 2]), use_label_lengths=True)
    by_name = nd.CTCLoss(data, label, label_lengths=nd.array([1, 2]), use_label_lengths=True)
    np.testing.assert_array_equal(by_position.asnumpy(), by_name.asnumpy())
    assert nd.contrib.ctc_loss(data, label).shape == (2,)


def test_ctc_bad_input():
    data = nd.zeros((4, 2, 3))
    with pytest.raises(ValueError) as error:
        nd.CTCLoss(data[0], nd.array([[1, 2], [1, 0]]))
    one_paragraph(error, "CTCLoss", "(2, 3)", "(2, 2)")
    with pytest.raises(ValueError) as error:
        nd.CTCLoss(data, nd.array([[1, 2, 1, 2, 1], [1, 0, 0, 0, 0]]))
    one_paragraph(error, "CTCLoss", "(2, 5)", "(4, 2, 3)")
    with pytest.raises(ValueError) as error:
        nd.CTCLoss(data, nd.array([[1, 2], [1, 0]]), use_data_lengths=True)
    one_paragraph(error, "CTCLoss", "expects 3 inputs")
    with pytest.raises(ValueError) as error:
        nd.CTCLoss(data, nd.array([[1, 2], [1, 0]]), nd.array([3, 3, 3]),
                   use_data_lengths=True)
    one_paragraph(error, "CTCLoss", "data_lengths", "(3,)")
    with pytest.raises(ValueError) as error:
        nd.CTCLoss(data, nd.array([[1, 5], [1, 0]]))
    one_paragraph(error, "CTCLoss", "alphabet 0..2")
    with pytest.raises(ValueError) as error:      # 'first' pads with 0: -1 is a label
        nd.CTCLoss(data, nd.array([[1, -1], [2, -1]]))
    one_paragraph(error, "CTCLoss", "outside the alphabet")
    with pytest.raises(ValueError) as error:
        nd.CTCLoss(data, nd.array([[1, 2], [1, 0]]), nd.array([5, 2]), use_data_lengths=True)
    one_paragraph(error, "CTCLoss", "data_lengths", "0..4")
    with pytest.raises(ValueError) as error:
        nd.CTCLoss(data, nd.array([[1, 2], [1, 0]]), nd.array([3, 2]), use_label_lengths=True)
    one_paragraph(error, "CTCLoss", "label_lengths", "0..2")
    with pytest.raises(TypeError) as error:
        nd.CTCLoss(data.astype("float16"), nd.array([[1, 2], [1, 0]]))
    one_paragraph(error, "CTCLoss", "float16")
    with pytest.raises(ValueError):
        nd.CTCLoss(data, nd.array([[1, 2], [1, 0]]), blank_label="middle")
    with pytest.raises(ValueError) as error:
        nd.CTCLoss(data, nd.zeros((2, 0)))
    one_paragraph(error, "CTCLoss", "(2, 0)", "empty")


# ----- SequenceLast, SequenceReverse -------------------------------------------------------
def test_sequence_ops_against_loops(ctx):
    data = RNG.normal(size=(5, 3, 2))
    lengths = np.array([5, 1, 3])
    last = nd.SequenceLast(nd.array(data), nd.array(lengths), use_sequence_length=True)
    np.testing.assert_allclose(last.asnumpy(), [data[n - 1, b] for b, n in enumerate(lengths)],
                               rtol=1e-6)
    moved = np.moveaxis(data, 0, 1)
    last1 = nd.SequenceLast(nd.array(moved), nd.array(lengths), use_sequence_length=True,
                            axis=1)
    np.testing.assert_allclose(last1.asnumpy(), last.asnumpy())
    rev = nd.SequenceReverse(nd.array(data), nd.array(lengths), use_sequence_length=True)
    want = data.copy()
    for b, n in enumerate(lengths):
        want[:n, b] = data[:n, b][::-1]
    np.testing.assert_allclose(rev.asnumpy(), want, rtol=1e-6)
    np.testing.assert_allclose(nd.SequenceReverse(nd.array(data)).asnumpy(), data[::-1])


def test_sequence_last_gradient_without_lengths(ctx):
    """MXNet 1.9.1's backward reads uninitialised step numbers here (garbage or a crash)."""
    head = nd.array([[1, 2], [3, 4]])
    _, (g,) = grad_of(lambda v: nd.SequenceLast(v), nd.zeros((3, 2, 2)), head=head)
    want = np.zeros((3, 2, 2))
    want[2] = head.asnumpy()
    np.testing.assert_array_equal(g.asnumpy(), want)
    _, (g,) = grad_of(lambda v: nd.SequenceLast(v, axis=1), nd.zeros((2, 3)))
    np.testing.assert_array_equal(g.asnumpy(), [[0, 0, 1], [0, 0, 1]])


def test_sequence_bad_input():
    data = nd.zeros((3, 2, 2))
    for op, bad in ((nd.SequenceLast, [0, 2]), (nd.SequenceLast, [1, 4]),
                    (nd.SequenceReverse, [-1, 2]), (nd.SequenceReverse, [1, 4])):
        with pytest.raises(ValueError) as error:
            op(data, nd.array(bad), use_sequence_length=True)
        one_paragraph(error, op.__name__, "sequence_length")
    with pytest.raises(ValueError) as error:
        nd.SequenceLast(data, nd.array([1, 2, 3]), use_sequence_length=True)
    one_paragraph(error, "SequenceLast", "(2,)", "(3, 2, 2)")
    with pytest.raises(ValueError) as error:
        nd.SequenceReverse(data, axis=1)
    one_paragraph(error, "SequenceReverse", "axis")
    with pytest.raises(ValueError) as error:
        nd.SequenceLast(nd.zeros((3,)))
    one_paragraph(error, "SequenceLast", "(3,)")
    with pytest.raises(ValueError):
        nd.SequenceReverse(data, nd.array([1, 2]))
    with pytest.raises(ValueError):
        nd.SequenceLast(data, use_sequence_length=True)


# ----- Crop, slice_like --------------------------------------------------------------------
def test_crop_is_a_window_in_every_float_dtype(ctx):
    for dtype in ("float16", "float32", "float64"):
        x = nd.arange(40, dtype=dtype).reshape((2, 1, 4, 5))
        np.testing.assert_array_equal(nd.Crop(x, h_w=(2, 3), offset=(1, 2)).asnumpy(),
                                      x.asnumpy()[:, :, 1:3, 2:5])
        like = nd.zeros((1, 1, 3, 2), dtype="int32")
        np.testing.assert_array_equal(nd.Crop(x, like, center_crop=True).asnumpy(),
                                      x.asnumpy()[:, :, 0:3, 1:3])


def test_crop_bad_input():
    x = nd.zeros((2, 1, 4, 5))
    with pytest.raises(ValueError) as error:
        nd.Crop(x, h_w=(2, 3), offset=(3, 0))
    one_paragraph(error, "Crop", "offset", "(2, 1, 4, 5)")
    with pytest.raises(ValueError) as error:
        nd.Crop(x, h_w=(5, 3))
    one_paragraph(error, "Crop", "h_w", "(2, 1, 4, 5)")
    with pytest.raises(ValueError) as error:
        nd.Crop(x, nd.zeros((1, 1, 5, 2)))
    one_paragraph(error, "Crop", "(1, 1, 5, 2)", "(2, 1, 4, 5)")
    with pytest.raises(ValueError) as error:
        nd.Crop(nd.zeros((1, 4, 5)), h_w=(2, 2))
    one_paragraph(error, "Crop", "(1, 4, 5)")
    with pytest.raises(ValueError) as error:
        nd.Crop(x, h_w=(2, 3), num_args=2)
    one_paragraph(error, "Crop", "num_args=2")
    with pytest.raises(TypeError):
        nd.Crop(x.astype("int32"), h_w=(2, 3))


def test_slice_like_bad_axes():
    x = nd.zeros((2, 3, 4))
    for rhs, axes, words in (((1, 2), (), ("same number of axes",)),
                             ((3, 2, 3), (), ("longer", "axis 0")),
                             ((1, 2), (2,), ("axis 2",)),
                             ((1, 2, 3), (-4,), ("axis -4",))):
        with pytest.raises(ValueError) as error:
            nd.slice_like(x, nd.zeros(rhs), axes=axes)
        one_paragraph(error, "slice_like", "(2, 3, 4)", str(rhs), *words)
    assert nd.slice_like(x, nd.zeros((1, 2, 3, 4)), axes=0).shape == (1, 3, 4)
