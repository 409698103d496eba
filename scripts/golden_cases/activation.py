"""Golden cases of the activation layers and Dropout (ndsh/engine/ops/activation.py, nn.py's
Dropout), recorded from MXNet 1.9.1 by `record_golden.py activation` into
tests/engine/golden/activation.json.

Left out on purpose (ndsh departs, see the ops' doc pages): selu's gradient for x <= 0 and
rrelu's in prediction mode (MXNet's are not the true ones), rrelu in training mode (MXNet 1.9.1
crashes), float16 (this MXNet build's float16 LeakyReLU, Activation and Dropout give inf or
zeros). Dropout is random: only seed-independent facts are recorded.
"""
from __future__ import annotations

X = "[-2, -0.5, 0, 0.5, 2]"
HEAD = "[1, 2, -1, 0.5, 3]"
SPECIAL = "[float('nan'), -float('inf'), float('inf'), -1, 0, 2]"


def grad(call, x=X, head=HEAD, dtype="float32", result="[y, x.grad]"):
    return (f"x = nd.array({x}, dtype='{dtype}'); x.attach_grad()\n"
            f"with autograd.record():\n    y = {call}\n"
            f"y.backward(nd.array({head}, dtype='{dtype}'))\n{result}")


CASES: list[str] = []

# ----- Activation -----------------------------------------------------------------------------
for act in ("relu", "sigmoid", "tanh", "softrelu", "softsign"):
    for dt in ("float32", "float64"):
        CASES += [grad(f"nd.Activation(x, act_type='{act}')", dtype=dt),
                  grad(f"nd.Activation(x, act_type='{act}')", SPECIAL, "[1] * 6", dt)]
CASES += [
    "nd.Activation(nd.array([[-1, 30, -30], [100, -100, 19]]), act_type='softrelu')",
    "nd.Activation(nd.array([[-1, 30, -30], [100, -100, 19]]), act_type='sigmoid')",
    "nd.Activation(nd.array([1, 2]), act_type='gelu')",
    "nd.Activation(nd.array([1, 2]), act_type='log_sigmoid')",
    "nd.Activation(nd.array([1, 2]), act_type='mish')",
    "nd.Activation(nd.array([1, 2]), act_type='selu')",
    "nd.Activation(nd.array([1, 2]))",
    "nd.Activation(nd.array([1, 2], dtype='int32'), act_type='relu')",
]

# ----- LeakyReLU ------------------------------------------------------------------------------
for dt in ("float32", "float64"):
    CASES += [
        grad("nd.LeakyReLU(x)", dtype=dt),
        grad("nd.LeakyReLU(x, slope=0.1)", "[1.1, -1.1, 3, -0.25]", "[1, 2, 3, 4]", dt),
        grad("nd.LeakyReLU(x, act_type='elu')", dtype=dt),
        grad("nd.LeakyReLU(x, act_type='elu', slope=2)", dtype=dt),
        grad("nd.LeakyReLU(x, act_type='gelu')", dtype=dt),
        grad("nd.LeakyReLU(x, act_type='gelu')", "[-6, -3.5, 1.1, -2.3, 4]", "[1] * 5", dt),
        f"nd.LeakyReLU(nd.array({X}, dtype='{dt}'), act_type='selu')",
        grad("nd.LeakyReLU(x, act_type='selu')", "[0.5, 2, 3.5]", "[1, 2, 3]", dt),
        # rrelu returns [out, mask]; MXNet leaves the mask uninitialised in prediction mode
        f"y = nd.LeakyReLU(nd.array({X}, dtype='{dt}'), act_type='rrelu')\n[len(y), y[0]]",
        f"nd.LeakyReLU(nd.array([1.1, -2.3], dtype='{dt}'), act_type='rrelu', "
        f"lower_bound=0.1, upper_bound=0.3)[0]",
    ]
for act in ("leaky", "elu", "gelu"):
    CASES.append(grad(f"nd.LeakyReLU(x, act_type='{act}')", SPECIAL, "[1] * 6"))
CASES.append(f"nd.LeakyReLU(nd.array({SPECIAL}), act_type='selu')")
CASES.append(f"nd.LeakyReLU(nd.array({X}), slope=-1)")

# prelu: gamma per channel (axis 1), one for all, or matching data's axes 0 and 1
X3 = "nd.arange(-12, 12).reshape((2, 3, 4))"
H3 = "nd.arange(24).reshape((2, 3, 4)) % 5 - 2"


def prelu(gamma_shape, x=X3, head=H3, dtype="float32"):
    size = 1
    for n in gamma_shape:
        size *= n
    return (f"x = ({x}).astype('{dtype}'); x.attach_grad()\n"
            f"g = (nd.arange(1, {size + 1}).reshape({gamma_shape}) * 0.1).astype('{dtype}'); "
            f"g.attach_grad()\n"
            f"with autograd.record():\n    y = nd.LeakyReLU(x, g, act_type='prelu')\n"
            f"y.backward(({head}).astype('{dtype}'))\n[y, x.grad, g.grad]")


CASES += [prelu(s) for s in ((3,), (1,), (2,), (2, 3), (1, 3), (2, 1), (1, 1))]
CASES += [prelu((3,), dtype="float64"), prelu((2,), "nd.array([[-2, 1], [-1, 3]])",
                                              "nd.array([[1, 2], [3, 4]])"),
          prelu((2,), "nd.array([-1, 2])", "nd.array([1, 1])"),
          prelu((1,), "nd.array([-1, 2])", "nd.array([3, 1])"),
          prelu((2,), "nd.arange(-8, 8).reshape((1, 2, 2, 4))",
                "nd.arange(16).reshape((1, 2, 2, 4)) % 3"),
          prelu((1,), f"nd.array({SPECIAL})", "nd.ones(6)")]
CASES += [
    f"nd.LeakyReLU({X3}, nd.array([0.1, 0.2, 0.3, 0.4]), act_type='prelu')",
    f"nd.LeakyReLU({X3}, nd.ones((3, 1)), act_type='prelu')",
    f"nd.LeakyReLU({X3}, nd.ones((2, 3, 4)), act_type='prelu')",
    "nd.LeakyReLU(nd.array([-1, 2]), nd.array([0.1, 0.2, 0.3]), act_type='prelu')",
    f"nd.LeakyReLU(nd.array({X}), act_type='prelu')",
    f"nd.LeakyReLU(nd.array({X}), nd.array([0.1]), act_type='leaky')",
    f"nd.LeakyReLU(nd.array({X}), nd.array([0.1]), act_type='elu')",
    f"nd.LeakyReLU(nd.array({X}), act_type='relu')",
    "nd.LeakyReLU(nd.array([1, -2], dtype='int32'))",
    "nd.LeakyReLU(nd.array([1.1, -2.3], dtype='float64'), nd.array([0.1]), act_type='prelu')",
]

# ----- Dropout (seed-independent facts only) --------------------------------------------------
CASES += [
    "nd.Dropout(nd.ones((2, 8)))",
    "x = nd.ones((2, 3)); y = nd.Dropout(x, p=0.5); [y, y is x]",
    "with autograd.record():\n    y = nd.Dropout(nd.ones((2, 3)), p=0)\ny",
    "with autograd.record(train_mode=False):\n    y = nd.Dropout(nd.ones((2, 3)), p=0.9)\ny",
    "with autograd.record():\n    y = nd.Dropout(nd.ones((2, 4)), p=1)\ny",
    "with autograd.train_mode():\n    y = nd.Dropout(nd.ones((2, 4), dtype='float64'), p=1)\ny",
    "nd.Dropout(nd.ones((3,)), p=1, mode='always')",
    "nd.Dropout(nd.ones((3,)), p=0, mode='always')",
    grad("nd.Dropout(x, p=1)", "[1, 2, 3]", "[1, 1, 1]", result="x.grad"),
    grad("nd.Dropout(x, p=0.5)", "[1, 2, 3]", "[1, 2, 3]",
         result="x.grad").replace("autograd.record()", "autograd.record(train_mode=False)"),
    # the gradient is head * mask / (1 - p), with the forward's mask
    grad("nd.Dropout(x, p=0.5)", "[[1] * 50] * 4", "[[3] * 50] * 4",
         result="bool((x.grad.asnumpy() == 3 * y.asnumpy()).all())"),
    "sorted(set(nd.Dropout(nd.ones(1000), p=0.25, mode='always').asnumpy().tolist()))",
    "sorted(set(nd.Dropout(nd.ones(1000, dtype='float64'), p=0.3, mode='always')"
    ".asnumpy().tolist()))",
    "sorted(set(nd.Dropout(nd.array([-1.5] * 200), p=0.2, mode='always').asnumpy().tolist()))",
    "y = nd.Dropout(nd.ones((4, 300)), p=0.5, axes=(1,), mode='always').asnumpy()\n"
    "bool((y == y[:, :1]).all())",
    "y = nd.Dropout(nd.ones((300, 4)), p=0.5, axes=(0,), mode='always').asnumpy()\n"
    "bool((y == y[:1, :]).all())",
    "y = nd.Dropout(nd.ones((6, 7, 300)), p=0.5, axes=(0, 1), mode='always').asnumpy()\n"
    "bool((y == y[:1, :1, :]).all())",
    "nd.Dropout(nd.ones((3, 4)), p=0.5, mode='always').shape",
    "mx.random.seed(3); a = nd.Dropout(nd.ones(50), mode='always')\n"
    "mx.random.seed(3); b = nd.Dropout(nd.ones(50), mode='always')\nbool((a == b).asnumpy().all())",
    "nd.Dropout(nd.ones((2, 3)), p=1.5)",
    "nd.Dropout(nd.ones((2, 3)), p=-0.1)",
    "nd.Dropout(nd.ones((2, 3)), mode='foo')",
    "nd.Dropout(nd.ones((2, 3), dtype='int32'))",
    "nd.Dropout(nd.ones((2, 3)), p=0.5, axes=(2,), mode='always')",
    "nd.Dropout(nd.ones((2, 3)), p=0.5, axes=(-1,), mode='always')",
]
