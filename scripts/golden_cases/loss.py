"""Golden cases of the loss layers and their neighbours (ndsh/engine/ops/losses.py, ctc.py,
crop.py; SequenceLast / SequenceReverse in sequence.py; Flatten, slice_like), recorded from
MXNet 1.9.1 by `record_golden.py loss` into tests/engine/golden/loss.json.

Left out on purpose (ndsh departs, see the ops' doc pages; tests/engine/test_loss.py checks
what ndsh does instead): SoftmaxOutput's out_grad=True with a head gradient other than its
output (MXNet 1.9.1 multiplies by the output), a label gradient of softmax_cross_entropy
(MXNet refuses), float64 CTCLoss and Crop (MXNet takes float32 only), lengths of another dtype
than MXNet's, labels or lengths out of range (MXNet reads past the arrays), a CTC batch whose
labels are all empty (MXNet returns uninitialised memory), SequenceLast's gradient without
sequence_length or on 2-D data (MXNet reads uninitialised indices and crashes), 0-d Flatten.
softmax_cross_entropy's cases wait for nn.py to call losses.py's kernel.
"""
from __future__ import annotations


def grads(call, inputs, head=None, dtype="float32", result=None, consts=""):
    """A snippet: `call` recorded on `inputs` ({name: nested list}, all attached), backward
    with `head`, then the value of `result` (default: [y] and the inputs' gradients)."""
    lines = [consts] if consts else []
    lines += [f"{name} = nd.array({value}, dtype='{dtype}'); {name}.attach_grad()"
              for name, value in inputs.items()]
    lines += ["with autograd.record():", f"    y = {call}"]
    lines.append(f"y.backward(nd.array({head}, dtype='{dtype}'))" if head else "y.backward()")
    lines.append(result or "[y, " + ", ".join(f"{n}.grad" for n in inputs) + "]")
    return "\n".join(lines)


DTYPES = ("float32", "float64")
D = "[[1, 2, 3], [1, 1, 1]]"
D2 = "[[0.5, -1.0, 2.0, 0.0], [1.5, 0.25, -0.5, 3.0], [-2.0, 1.0, 0.0, 0.5]]"
X3 = "[[[0.0, 0.1, 0.2, 0.3], [0.4, 0.5, 0.6, 0.7], [0.8, 0.9, 1.0, 1.1]], " \
     "[[1.2, 1.3, 1.4, 1.5], [1.6, 1.7, 1.8, 1.9], [2.0, 2.1, 2.2, 2.3]]]"
H3 = "[[[1, 2, 3, 4], [5, 6, 7, 8], [9, 1, 2, 3]], [[4, 5, 6, 7], [8, 9, 1, 2], [3, 4, 5, 6]]]"
LAB = "nd.array([2, 0], dtype='{dt}')"

CASES: list[str] = []

# ----- SoftmaxOutput / Softmax ----------------------------------------------------------------
for dt in DTYPES:
    lab = LAB.format(dt=dt)
    c = f"l = {lab}"
    so = "nd.SoftmaxOutput(x, l{})"
    CASES += [
        grads(so.format(""), {"x": D}, dtype=dt, consts=c),
        # the head gradient is ignored
        grads(so.format(""), {"x": D}, head="[[5, 5, 5], [1, -2, 3]]", dtype=dt, consts=c),
        grads(so.format(", grad_scale=2"), {"x": D}, dtype=dt, consts=c),
        grads(so.format(", normalization='batch'"), {"x": D}, dtype=dt, consts=c),
        grads(so.format(", normalization='valid'"), {"x": D}, dtype=dt, consts=c),
        grads(so.format(", normalization='valid', ignore_label=0"), {"x": D}, dtype=dt,
              consts=c),
        grads(so.format(", use_ignore=True, ignore_label=0"), {"x": D}, dtype=dt, consts=c),
        grads(so.format(", use_ignore=True, ignore_label=0, normalization='valid'"),
              {"x": D}, dtype=dt, consts=c),
        grads(so.format(", use_ignore=True, ignore_label=2, normalization='batch'"),
              {"x": D}, dtype=dt, consts=c),
        grads(so.format(", use_ignore=True, ignore_label=2, normalization='valid'"),
              {"x": D}, dtype=dt, consts=f"l = nd.array([2, 2], dtype='{dt}')"),
        grads(so.format(", smooth_alpha=0.3"), {"x": D}, dtype=dt, consts=c),
        grads(so.format(", smooth_alpha=0.3, use_ignore=True, ignore_label=0"), {"x": D},
              dtype=dt, consts=c),
        grads(so.format(", smooth_alpha=0.3, normalization='batch', grad_scale=3"), {"x": D},
              dtype=dt, consts=c),
        grads(so.format(", smooth_alpha=0.2"), {"x": D}, dtype=dt,
              consts=f"l = nd.array([-1, 3], dtype='{dt}')"),
        # labels as C truncates them; out of range matches no class
        grads(so.format(""), {"x": D}, dtype=dt, consts=f"l = nd.array([1.7, -0.5], dtype='{dt}')"),
        grads(so.format(""), {"x": D}, dtype=dt, consts=f"l = nd.array([-1, 5], dtype='{dt}')"),
        grads(so.format(", use_ignore=True, ignore_label=1.5"), {"x": D}, dtype=dt,
              consts=f"l = nd.array([1, 1.7], dtype='{dt}')"),
        grads(so.format(", use_ignore=True, ignore_label=-1.7, normalization='valid'"),
              {"x": D}, dtype=dt, consts=f"l = nd.array([-1.2, 1], dtype='{dt}')"),
        # probabilities as labels: no normalization, no ignore
        grads(so.format(", normalization='batch', grad_scale=0.5"), {"x": D}, dtype=dt,
              consts=f"l = nd.array([[0.2, 0.3, 0.5], [1, 0, 0]], dtype='{dt}')"),
        # N-D data: softmax over (N, -1), label data.shape[:-1] of which the first N are read
        grads(so.format(""), {"x": X3}, dtype=dt,
              consts=f"l = nd.array([[5, 11, 0], [1, 2, 3]], dtype='{dt}')"),
        grads(so.format(", normalization='valid'"), {"x": X3}, dtype=dt,
              consts=f"l = nd.array([[1, 2, 3], [5, 11, 0]], dtype='{dt}')"),
        grads(so.format(", normalization='batch', use_ignore=True, ignore_label=1"), {"x": X3},
              dtype=dt, consts=f"l = nd.array([[1, 2, 3], [5, 11, 0]], dtype='{dt}')"),
        grads(so.format(", preserve_shape=True"), {"x": X3}, dtype=dt,
              consts=f"l = nd.array([[0, 1, 2], [3, 2, 0]], dtype='{dt}')"),
        grads(so.format(", preserve_shape=True, normalization='batch'"), {"x": X3}, dtype=dt,
              consts=f"l = nd.array([[0, 1, 2], [3, 2, 0]], dtype='{dt}')"),
        grads(so.format(", preserve_shape=True, normalization='valid', use_ignore=True, "
                        "ignore_label=0"), {"x": X3}, dtype=dt,
              consts=f"l = nd.array([[0, 1, 2], [3, 2, 0]], dtype='{dt}')"),
        grads(so.format(", multi_output=True"), {"x": X3}, dtype=dt,
              consts=f"l = nd.array([[0, 1, 2, 1], [2, 2, 0, 1]], dtype='{dt}')"),
        grads(so.format(", multi_output=True, normalization='batch'"), {"x": X3}, dtype=dt,
              consts=f"l = nd.array([[0, 1, 2, 1], [2, 2, 0, 1]], dtype='{dt}')"),
        grads(so.format(", multi_output=True, normalization='valid', ignore_label=1"),
              {"x": X3}, dtype=dt,
              consts=f"l = nd.array([[0, 1, 2, 1], [2, 2, 0, 1]], dtype='{dt}')"),
        grads(so.format(", multi_output=True, use_ignore=True, ignore_label=1, "
                        "normalization='valid', grad_scale=2"), {"x": X3}, dtype=dt,
              consts=f"l = nd.array([[0, 1, 2, 1], [2, 2, 0, 1]], dtype='{dt}')"),
        # smooth_alpha does nothing with multi_output (MXNet)
        grads(so.format(", multi_output=True, smooth_alpha=0.2"), {"x": X3}, dtype=dt,
              consts=f"l = nd.array([[0, 1, 2, 1], [2, 2, 0, 1]], dtype='{dt}')"),
        grads(so.format(", multi_output=True"), {"x": X3}, dtype=dt,
              consts=f"l = nd.array([[[0, 1, 2, 1]], [[2, 2, 0, 1]]], dtype='{dt}')"),
        grads(so.format(", multi_output=True"), {"x": D}, dtype=dt, consts=c),
        # out_grad=True with the output itself as head: MXNet and ndsh agree there
        f"x = nd.array({D}, dtype='{dt}'); x.attach_grad(); l = {lab}\n"
        "with autograd.record():\n    y = nd.SoftmaxOutput(x, l, out_grad=True)\n"
        "y.backward(y.copy())\nx.grad",
        f"nd.Softmax(nd.array({D}, dtype='{dt}'), {lab}, grad_scale=0.5)",
        f"nd.SoftmaxOutput(data=nd.array({D}, dtype='{dt}'), label={lab})",
        f"nd.SoftmaxOutput(nd.array([[1000, 1001]], dtype='{dt}'), nd.array([0], dtype='{dt}'))",
        f"nd.SoftmaxOutput(nd.array({D}, dtype='{dt}'), nd.array([[2], [0]], dtype='{dt}'))",
        f"nd.SoftmaxOutput(nd.array({D}, dtype='{dt}'), nd.array([2, 0, 1], dtype='{dt}'))",
        f"nd.SoftmaxOutput(nd.array({X3}, dtype='{dt}'), nd.array([5, 11], dtype='{dt}'))",
        f"nd.SoftmaxOutput(nd.array({X3}, dtype='{dt}'), nd.zeros((8,), dtype='{dt}'), "
        "multi_output=True)",
        f"nd.SoftmaxOutput(nd.array({X3}, dtype='{dt}'), nd.zeros((2, 3), dtype='{dt}'), "
        "multi_output=True, preserve_shape=True)",
        f"nd.SoftmaxOutput(nd.array([1, 2, 3], dtype='{dt}'), nd.array([1], dtype='{dt}'))",
        grads(so.format(""), {"x": "[1, 2, 3]"}, dtype=dt,
              consts=f"l = nd.array([1, 0, 0], dtype='{dt}')"),
        f"nd.SoftmaxOutput(nd.array({D}, dtype='{dt}'), {lab}, normalization='foo')",
    ]
CASES += [
    "nd.SoftmaxOutput(nd.array([[1.0, 2.0]]), nd.array([1], dtype='int32'))",
    "nd.SoftmaxOutput(nd.array([[1.0, 2.0]]), nd.array([1], dtype='float64'))",
    "nd.SoftmaxOutput(nd.array([[1, 2]], dtype='int32'), nd.array([1], dtype='int32'))",
    "nd.SoftmaxOutput(nd.array([[1, 2, 3]], dtype='float16'), nd.array([1], dtype='float16'))",
    "x = nd.arange(48).reshape((2, 3, 2, 4)) / 10; x.attach_grad()\n"
    "with autograd.record():\n"
    "    y = nd.SoftmaxOutput(x, nd.zeros((2, 2, 4)), multi_output=True)\n"
    "y.backward()\nx.grad",
    "nd.SoftmaxOutput(nd.arange(48).reshape((2, 3, 2, 4)), nd.zeros((2, 8)), "
    "multi_output=True).shape",
    "nd.SoftmaxOutput(nd.array([[1.0, 2.0]]))",
]

# ----- the regression outputs ---------------------------------------------------------------
XR = "[[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]]"
LR = "[[1.0, -1.0, 1.0], [2.0, 0.0, 0.0]]"
for name in ("LinearRegressionOutput", "LogisticRegressionOutput", "MAERegressionOutput"):
    for dt in DTYPES:
        lab = f"l = nd.array({LR}, dtype='{dt}')"
        CASES += [
            grads(f"nd.{name}(x, l)", {"x": XR}, head="[[7, 7, 7], [1, 2, 3]]", dtype=dt,
                  consts=lab),
            grads(f"nd.{name}(x, l, grad_scale=0.1)", {"x": XR}, dtype=dt, consts=lab),
            grads(f"nd.{name}(x, l.reshape((2, 3, 1)))", {"x": XR}, dtype=dt, consts=lab),
            grads(f"nd.{name}(x, l)", {"x": "[0.5, -1.0, 2.0]"}, dtype=dt,
                  consts=f"l = nd.array([1, -1, 1], dtype='{dt}')"),
            grads(f"nd.{name}(x, l)", {"x": "[[0.5], [-1.0]]"}, dtype=dt,
                  consts=f"l = nd.array([1, -1], dtype='{dt}')"),
            grads(f"nd.{name}(x, nd.ones((2, 6), dtype='{dt}'))",
                  {"x": "[[[0, 0.25], [0.5, 0.75], [1, 1.25]], [[1.5, 1.75], [2, 2.25], "
                        "[2.5, 2.75]]]"}, dtype=dt),
            # a label equal to the data: MAE's gradient is -1 there (MXNet's minus_sign)
            grads(f"nd.{name}(x, l)", {"x": XR}, dtype=dt, result="x.grad",
                  consts=f"l = nd.array({XR}, dtype='{dt}')"),
            f"nd.{name}(nd.array({XR}, dtype='{dt}'), nd.ones((6,), dtype='{dt}'))",
            f"nd.{name}(nd.array({XR}, dtype='{dt}'), nd.ones((3, 2), dtype='{dt}'))",
            f"nd.{name}(nd.array({XR}, dtype='{dt}'), nd.ones((2, 1), dtype='{dt}'))",
        ]
    CASES += [
        f"nd.{name}(nd.array({XR}), nd.array({LR}, dtype='int32'))",
        f"nd.{name}(nd.array({XR}), nd.array({LR}, dtype='float64'))",
        f"nd.{name}(nd.array({XR}, dtype='int32'), nd.array({LR}, dtype='int32'))",
        grads(f"nd.{name}(x, nd.array({LR}, dtype='float16'))", {"x": XR}, dtype="float16"),
    ]

# ----- MakeLoss, make_loss ------------------------------------------------------------------
for dt in DTYPES:
    CASES += [
        grads("nd.MakeLoss(x)", {"x": XR}, head="[[7, 7, 7], [1, 2, 3]]", dtype=dt),
        grads("nd.MakeLoss(x, grad_scale=0.3)", {"x": XR}, dtype=dt),
        grads("nd.MakeLoss(x, normalization='batch')", {"x": XR}, dtype=dt),
        grads("nd.MakeLoss(x, normalization='valid')", {"x": XR}, dtype=dt),
        grads("nd.MakeLoss(x, normalization='valid', valid_thresh=0.5, grad_scale=2)",
              {"x": XR}, dtype=dt),
        grads("nd.MakeLoss(x, normalization='valid', valid_thresh=5)", {"x": XR}, dtype=dt),
        grads("nd.MakeLoss(x * x, grad_scale=2)", {"x": XR}, dtype=dt),
        grads("nd.MakeLoss(x, normalization='batch')", {"x": X3}, dtype=dt),
        grads("nd.MakeLoss(x, normalization='batch', grad_scale=0.1)", {"x": "[1, 2, 3, 4]"},
              dtype=dt),
        grads("nd.make_loss(x)", {"x": XR}, head="[[7, 7, 7], [1, 2, 3]]", dtype=dt),
        grads("nd.make_loss(x * x)", {"x": XR}, dtype=dt),
    ]
CASES += [
    "nd.MakeLoss(nd.array([1, 2], dtype='int32'))",
    f"nd.MakeLoss(nd.array({XR}), normalization='x')",
    grads("nd.MakeLoss(x, grad_scale=0.1)", {"x": XR}, dtype="float16"),
    "nd.make_loss(nd.array([1, -2], dtype='int32'))",
]

# ----- CTCLoss (float32 only: MXNet 1.9.1 refuses float64) ----------------------------------
A = ("[[[1.76, 0.4, 0.98], [2.24, 1.87, -0.98]], [[0.95, -0.15, -0.1], [0.41, 0.14, 1.45]], "
     "[[0.76, 0.12, 0.44], [0.33, 1.49, -0.21]], [[0.31, -0.85, -2.55], [0.65, 0.86, -0.74]]]")
B = ("[[[-0.6, 0.3, 1.1, 0.2, -1.0], [0.5, -0.2, 0.8, 1.5, 0.1], [0.0, 0.0, 0.3, -0.4, 0.9]], "
     "[[1.2, -0.5, 0.4, 0.3, 0.2], [-0.3, 0.9, 0.1, -1.1, 0.6], [0.7, 0.2, -0.8, 0.5, 0.0]], "
     "[[0.1, 0.8, -0.2, 0.6, 1.3], [0.4, 0.4, 0.4, 0.4, 0.4], [-1.5, 0.3, 0.9, 0.2, 0.1]], "
     "[[0.9, -0.9, 0.5, 0.0, 0.3], [1.1, 0.2, -0.6, 0.7, -0.2], [0.3, 1.0, 0.2, -0.3, 0.8]], "
     "[[-0.2, 0.6, 0.7, 1.0, -0.4], [0.0, -0.5, 1.2, 0.3, 0.5], [0.6, -0.1, 0.0, 0.9, 0.2]], "
     "[[0.5, 0.5, -0.3, 0.1, 0.9], [0.8, 0.1, 0.3, -0.2, 1.0], [-0.4, 0.7, 0.6, 0.1, -0.6]]]")
def ctc(label, args="", kw="", data="x", label_dtype=""):
    return f"nd.CTCLoss({data}, nd.array({label}{label_dtype}){args}{kw})"


XA = f"nd.array({A})"
CASES += [
    grads(ctc("[[1, 2], [1, 0]]"), {"x": A}),
    grads(ctc("[[1, 2], [1, 0]]"), {"x": A}, head="[2, -1]"),
    grads(ctc("[[0, 1], [1, -1]]", kw=", blank_label='last'"), {"x": A}),
    grads(ctc("[[1, 2], [1, 0]]", ", nd.array([3, 2])", ", use_data_lengths=True"), {"x": A}),
    grads(ctc("[[1, 2], [1, 1]]", ", nd.array([1, 2])", ", use_label_lengths=True"), {"x": A}),
    grads(ctc("[[1, 2], [1, 1]]", ", nd.array([1, 2], dtype='int32')",
              ", use_label_lengths=True", label_dtype=", dtype='int32'"), {"x": A}),
    grads(ctc("[[1, 2], [2, 2]]", ", nd.array([4, 3]), nd.array([2, 1])",
              ", use_data_lengths=True, use_label_lengths=True"), {"x": A}),
    grads(ctc("[[1, 2], [1, 1]]", ", nd.array([0, 2])", ", use_label_lengths=True"), {"x": A}),
    # repeats need a blank between them; a label that does not fit gets a loss of 0
    grads(ctc("[[1, 1, 2], [3, 3, 3], [4, 0, 0]]"), {"x": B}, head="[1, 0.5, 2]"),
    ctc("[[1, 1, 1], [2, 2, 0]]", data=XA),
    ctc("[[1, 2], [2, 2]]", ", nd.array([4, 2])", ", use_data_lengths=True", data=XA),
    # labels and lengths are rounded (lround)
    ctc("[[1.7, 2.2], [1, 0]]", data=XA),
    ctc("[[1, 2], [1, 0]]", ", nd.array([3.7, 2.2])", ", use_data_lengths=True", data=XA),
    # padding: 0 with 'first', -1 with 'last'; another value is a label
    ctc("[[1, 0], [0, 0]]", kw=", blank_label='last'", data=XA),
    ctc("[[2, 0], [1, -1]]", kw=", blank_label='last'", data=XA),
    ctc("[[1, 2], [1, 0]]", data=XA, label_dtype=", dtype='float64'"),
    f"nd.ctc_loss({XA}, nd.array([[1, 2], [1, 0]]))",
    f"nd.contrib.CTCLoss({XA}, nd.array([[1, 2], [1, 0]]))",
    f"nd.contrib.ctc_loss({XA}, nd.array([[1, 2], [1, 0]]))",
    f"nd.CTCLoss(data={XA}, label=nd.array([[1, 2], [1, 0]]))",
    ctc("[[1, 2, 1, 2, 1], [1, 0, 0, 0, 0]]", data=XA),
    ctc("[[1, 2], [1, 0]]", data=f"{XA}[0]"),
    ctc("[[1, 2]]", data=XA),
    ctc("[1, 2]", data=XA),
    ctc("[[1, 2], [1, 0]]", kw=", use_data_lengths=True", data=XA),
    ctc("[[1, 2], [1, 0]]", ", nd.array([3, 3])", data=XA),
    ctc("[[1, 2], [1, 0]]", ", nd.array([3, 3, 3])", ", use_data_lengths=True", data=XA),
    ctc("[[1, 2], [1, 0]]", kw=", blank_label='middle'", data=XA),
    ctc("[[1, 2], [1, 0]]", data=f"nd.array({A}, dtype='float16')"),
    "nd.CTCLoss(nd.zeros((3, 1, 3)), nd.array([[1, 2]]))",
    "nd.CTCLoss(nd.zeros((2, 1, 2)), nd.array([[1]]))",
]

# ----- SequenceLast, SequenceReverse --------------------------------------------------------
T = "[[[0, 1], [2, 3]], [[4, 5], [6, 7]], [[8, 9], [10, 11]]]"
HT = "[[[0, 10], [20, 30]], [[40, 50], [60, 70]], [[80, 90], [100, 110]]]"
for dt in DTYPES:
    CASES += [
        f"nd.SequenceLast(nd.array({T}, dtype='{dt}'))",
        grads("nd.SequenceLast(x, nd.array([1, 3]), use_sequence_length=True)", {"x": T},
              head="[[1, 2], [3, 4]]", dtype=dt),
        grads("nd.SequenceLast(x, nd.array([1, 2, 2]), use_sequence_length=True, axis=1)",
              {"x": T}, head="[[1, 2], [3, 4], [5, 6]]", dtype=dt),
        f"nd.SequenceLast(nd.array({T}, dtype='{dt}'), axis=1)",
        grads("nd.SequenceReverse(x)", {"x": T}, head=HT, dtype=dt),
        grads("nd.SequenceReverse(x, nd.array([2, 3]), use_sequence_length=True)", {"x": T},
              head=HT, dtype=dt),
        grads("nd.SequenceReverse(x, nd.array([0, 1]), use_sequence_length=True)", {"x": T},
              head=HT, dtype=dt),
        f"nd.SequenceLast(nd.array({T}, dtype='{dt}'), nd.array([1.9, 2.5]), "
        "use_sequence_length=True)",
        f"nd.SequenceReverse(nd.array({T}, dtype='{dt}'), nd.array([2.9, 1.2]), "
        "use_sequence_length=True)",
        f"nd.SequenceLast(nd.array({T}, dtype='{dt}'), nd.array([1, 2], dtype='{dt}'), "
        "use_sequence_length=True)",
    ]
T4 = "nd.arange(24).reshape((2, 3, 2, 2))"
CASES += [
    f"nd.SequenceLast({T4}, nd.array([1, 2, 2]), use_sequence_length=True)",
    f"nd.SequenceLast({T4}, nd.array([1, 3]), use_sequence_length=True, axis=1)",
    f"nd.SequenceReverse({T4}, nd.array([1, 2, 0]), use_sequence_length=True)",
    f"nd.SequenceLast(nd.array({T}), nd.array([1, 2], dtype='int32'), use_sequence_length=True)",
    f"nd.SequenceLast(nd.array({T}, dtype='int32'), nd.array([1, 2]), use_sequence_length=True)",
    f"nd.SequenceReverse(nd.array({T}, dtype='int32'), nd.array([2, 3], dtype='int32'), "
    "use_sequence_length=True)",
    f"nd.SequenceLast(nd.array({T}, dtype='float16'), nd.array([1, 2]), "
    "use_sequence_length=True)",
    "nd.SequenceLast(nd.array([[1.0, 2.0], [3.0, 4.0]]))",
    "nd.SequenceReverse(nd.array([[1, 2], [3, 4], [5, 6]]), nd.array([2, 3]), "
    "use_sequence_length=True)",
    f"nd.SequenceLast(nd.array({T}), axis=2)",
    f"nd.SequenceReverse(nd.array({T}), axis=1)",
    "nd.SequenceLast(nd.array([1.0, 2.0]))",
    "nd.SequenceReverse(nd.array([1.0, 2.0]))",
    f"nd.SequenceLast(nd.array({T}), nd.array([1, 2, 3]), use_sequence_length=True)",
    f"nd.SequenceReverse(nd.array({T}), nd.array([1, 2, 3]), use_sequence_length=True)",
    f"nd.SequenceReverse(nd.array({T}), nd.array([[1, 2]]), use_sequence_length=True)",
    f"nd.SequenceLast(nd.array({T}), nd.array([1, 2]))",
    f"nd.SequenceReverse(nd.array({T}), nd.array([1, 2]))",
    f"nd.SequenceLast(nd.array({T}), use_sequence_length=True)",
    f"nd.SequenceReverse(nd.array({T}), use_sequence_length=True)",
]

# ----- Crop (float32 only: MXNet 1.9.1 refuses the rest) --------------------------------------
C4 = "nd.arange(40).reshape((2, 1, 4, 5))"
CASES += [
    f"nd.Crop({C4}, h_w=(2, 3))",
    f"nd.Crop({C4}, h_w=(2, 3), offset=(1, 2))",
    f"nd.Crop({C4}, h_w=(2, 3), center_crop=True)",
    f"nd.Crop({C4}, h_w=(1, 2), center_crop=True)",
    f"nd.Crop({C4}, h_w=(1, 1))",
    f"nd.Crop({C4}, h_w=(2, 3, 4))",
    f"nd.Crop({C4}, h_w=(2, 3), num_args=1)",
    f"nd.Crop({C4}, nd.zeros((5, 7, 3, 2)))",
    f"nd.Crop({C4}, nd.zeros((1, 1, 3, 2)), offset=(1, 3))",
    f"nd.Crop({C4}, nd.zeros((1, 1, 3, 2)), center_crop=True)",
    f"nd.Crop({C4}, nd.zeros((1, 1, 3, 2)), offset=(1, 1), center_crop=True)",
    f"nd.Crop({C4}, nd.zeros((1, 1, 3, 2, 9)))",
    f"nd.Crop(*[{C4}], h_w=(2, 3))",
    grads("nd.Crop(x, h_w=(2, 3), offset=(1, 1))",
          {"x": "np.arange(40).reshape((2, 1, 4, 5)).tolist()"},
          head="np.arange(12).reshape((2, 1, 2, 3)).tolist()"),
    grads("nd.Crop(x, l, center_crop=True)",
          {"x": "np.arange(40).reshape((2, 1, 4, 5)).tolist()", "l": "np.ones((1, 1, 2, 2))"}),
    f"nd.Crop({C4}, nd.zeros((1, 3, 2)))",
    f"nd.Crop({C4}, nd.zeros((1, 1, 5, 2)))",
    f"nd.Crop({C4}, h_w=(2, 3), num_args=2)",
    f"nd.Crop({C4}, {C4}, {C4})",
    f"nd.Crop({C4}, h_w=(2, 3), offset=(3, 0))",
    f"nd.Crop({C4}, h_w=(2, 3), offset=(-1, 0))",
    f"nd.Crop({C4}, h_w=(5, 3))",
    f"nd.Crop({C4}, h_w=(0, 3))",
    f"nd.Crop({C4})",
    "nd.Crop(nd.ones((1, 4, 5)), h_w=(2, 2))",
    f"nd.Crop({C4}.astype('int32'), h_w=(2, 3))",
    f"nd.Crop({C4}, h_w=(2, 3), offset=(1,))",
    f"nd.Crop({C4}, h_w=2)",
]

# ----- Flatten, slice_like ------------------------------------------------------------------
for dt in DTYPES:
    CASES += [
        f"nd.Flatten(nd.arange(5, dtype='{dt}'))",
        f"nd.flatten(nd.ones((2, 1, 1, 1), dtype='{dt}'))",
        grads("nd.Flatten(x)", {"x": "np.ones((2, 3, 2)).tolist()"},
              head="np.arange(12).reshape((2, 6)).tolist()", dtype=dt),
        grads("nd.slice_like(a, b, axes=(1,))", {"a": "np.arange(24).reshape((2, 3, 4)).tolist()",
                                                  "b": "np.zeros((1, 2, 3)).tolist()"},
              head="np.full((2, 2, 4), 3).tolist()", dtype=dt),
    ]
X24 = "nd.arange(24).reshape((2, 3, 4))"
CASES += [
    "x = nd.ones((2, 2)); y = nd.Flatten(x); y[0] = 9; x",
    "nd.Flatten(nd.arange(6, dtype='int32').reshape((1, 2, 3)))",
    "nd.Flatten(data=nd.ones((2, 2, 2)))",
    f"nd.slice_like({X24}, nd.zeros((1, 2, 3)))",
    f"nd.slice_like({X24}, nd.zeros((1, 2, 3)), axes=(0, 2))",
    f"nd.slice_like({X24}, nd.zeros((1, 2, 3)), axes=(-1,))",
    f"nd.slice_like({X24}, nd.zeros((1, 2)))",
    f"nd.slice_like({X24}, nd.zeros((1, 2)), axes=(0, 1))",
    f"nd.slice_like({X24}, nd.zeros((1, 2)), axes=(2,))",
    f"nd.slice_like({X24}, nd.zeros((1, 2, 3, 4)))",
    f"nd.slice_like({X24}, nd.zeros((1, 2, 3, 4)), axes=(0,))",
    f"nd.slice_like({X24}, nd.zeros((3, 2, 3)))",
    f"nd.slice_like({X24}, nd.zeros((3, 2, 3)), axes=(1,))",
    f"nd.slice_like({X24}, nd.zeros((1, 2, 3)), axes=(3,))",
    f"nd.slice_like({X24}, nd.zeros((1, 2, 3)), axes=(-4,))",
    f"nd.slice_like({X24}, nd.zeros((1, 2, 3)), axes=(1, 1))",
    f"nd.slice_like({X24}, nd.zeros((1, 2, 3), dtype='int32'))",
    f"nd.slice_like({X24}, nd.zeros((1, 2, 3)), axes=1)",
    f"{X24}.slice_like(nd.zeros((1, 2, 3)))",
]
