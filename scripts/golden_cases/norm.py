"""Golden cases of the normalisation layers (ndsh/engine/ops/norm.py; LayerNorm's extra outputs),
recorded from MXNet 1.9.1 by `record_golden.py norm` into tests/engine/golden/norm.json.

Left out on purpose (ndsh departs, see the ops' doc pages): BatchNorm's data gradient in
prediction mode without use_global_stats and after backward(train_mode=False) (MXNet's is not
the true one), a gamma or moving statistic of the wrong length (MXNet reads past it),
InstanceNorm and LRN on float16 / float64 and LRN on 1-D, 3-D or 5-D data (MXNet 1.9.1 refuses
or fails on them), LRN with nsize < 1.
"""
from __future__ import annotations


def grads(call, inputs, head=None, dtype="float32", result=None):
    """A snippet: `call` recorded on `inputs` ({name: nested list}), backward with `head`,
    then the value of `result` (default: the inputs' gradients, as a tuple)."""
    lines = [f"{name} = nd.array({value}, dtype='{dtype}'); {name}.attach_grad()"
             for name, value in inputs.items()]
    lines += ["with autograd.record():", f"    y = {call}"]
    lines.append(f"y.backward(nd.array({head}, dtype='{dtype}'))" if head else "y.backward()")
    lines.append(result or "(" + ", ".join(f"{n}.grad" for n in inputs) + ",)")
    return "\n".join(lines)


X = "[[1, 2], [3, 6], [5, 10], [7, 2]]"
HEAD = "[[1, -2], [0.5, 3], [-1, 1], [2, 0.25]]"
PARAMS = ("g = nd.array([2, 3], dtype='{dt}'); b = nd.array([0.5, -1], dtype='{dt}'); "
          "mm = nd.zeros(2, dtype='{dt}'); mv = nd.ones(2, dtype='{dt}')\n")
X4 = ("[[[[1, 2, 0], [3, -1, 2]], [[0.5, 4, 1], [2, 2, -3]]], "
      "[[[2, -2, 1], [0, 1, 5]], [[1, 1, 3], [-1, 0, 2]]]]")
H4 = ("[[[[1, 0, -1], [2, 1, 0.5]], [[0, 3, 1], [-2, 1, 1]]], "
      "[[[0.5, 1, 2], [1, -1, 0]], [[2, 0, -1], [1, 1, 3]]]]")

CASES: list[str] = []

# ----- BatchNorm: the modes, the moving statistics, the gradients --------------------------------
for dt in ("float32", "float64"):
    p = PARAMS.format(dt=dt)
    CASES += [
        # prediction (no record): moving statistics; fix_gamma writes 1 into gamma
        p + f"x = nd.array({X}, dtype='{dt}')\n[nd.BatchNorm(x, g, b, mm, mv), g]",
        p + f"x = nd.array({X}, dtype='{dt}')\nnd.BatchNorm(x, g, b, mm, mv, fix_gamma=False)",
        # a forward in training mode alone leaves the moving statistics
        p + f"x = nd.array({X}, dtype='{dt}')\nwith autograd.record():\n"
            f"    y = nd.BatchNorm(x, g, b, mm, mv)\n[y, g, mm, mv]",
        p + f"x = nd.array({X}, dtype='{dt}')\nwith autograd.train_mode():\n"
            f"    y = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False)\n[y, mm, mv]",
        # training: gradients, then the moving statistics updated by backward
        p + grads("nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False, momentum=0.5)", {"x": X},
                  HEAD, dt, "[y, x.grad, g.grad, b.grad, mm, mv]").replace(
                      "x.attach_grad()", "x.attach_grad(); g.attach_grad(); b.attach_grad()"),
        p + grads("nd.BatchNorm(x, g, b, mm, mv)", {"x": X}, HEAD, dt,
                  "[y, x.grad, g.grad, b.grad, g, mm, mv]").replace(
                      "x.attach_grad()", "x.attach_grad(); g.attach_grad(); b.attach_grad()"),
        # use_global_stats: the moving statistics in training mode too, the true gradient,
        # no update
        p + grads("nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False, use_global_stats=True)",
                  {"x": X}, HEAD, dt, "[y, x.grad, g.grad, b.grad, mm, mv]").replace(
                      "x.attach_grad()", "x.attach_grad(); g.attach_grad(); b.attach_grad()"),
        # 4-D NCHW: statistics over (N, H, W)
        f"x = nd.array({X4}, dtype='{dt}'); x.attach_grad()\n"
        f"g = nd.array([1.5, 0.5], dtype='{dt}'); b = nd.array([0, 1], dtype='{dt}'); "
        f"g.attach_grad(); b.attach_grad()\n"
        f"mm = nd.array([0.5, -1], dtype='{dt}'); mv = nd.array([2, 3], dtype='{dt}')\n"
        f"with autograd.record():\n"
        f"    y = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False, eps=1e-5)\n"
        f"y.backward(nd.array({H4}, dtype='{dt}'))\n[y, x.grad, g.grad, b.grad, mm, mv]",
        # channels last (axis=-1) and axis=0
        f"x = nd.array({X4}, dtype='{dt}'); x.attach_grad()\n"
        f"g = nd.array([1, 2, 3], dtype='{dt}'); b = nd.zeros(3, dtype='{dt}'); "
        f"g.attach_grad()\n"
        f"mm = nd.zeros(3, dtype='{dt}'); mv = nd.ones(3, dtype='{dt}')\n"
        f"with autograd.record():\n"
        f"    y = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False, axis=-1)\n"
        f"y.backward(nd.array({H4}, dtype='{dt}'))\n[y, x.grad, g.grad, mm, mv]",
        f"x = nd.array({X}, dtype='{dt}'); x.attach_grad()\n"
        f"g = nd.array([1, 2, 3, 4], dtype='{dt}'); b = nd.zeros(4, dtype='{dt}')\n"
        f"mm = nd.zeros(4, dtype='{dt}'); mv = nd.ones(4, dtype='{dt}')\n"
        f"with autograd.record():\n"
        f"    y = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False, axis=0, momentum=0.25)\n"
        f"y.backward(nd.array({HEAD}, dtype='{dt}'))\n[y, x.grad, mm, mv]",
        # output_mean_var: [out, mean, 1/sqrt(var + eps)], the moving ones in prediction
        p + f"x = nd.array({X}, dtype='{dt}')\nwith autograd.record():\n"
            f"    y = nd.BatchNorm(x, g, b, mm, mv, output_mean_var=True)\ny",
        p + f"x = nd.array({X}, dtype='{dt}')\n"
            f"mm[:] = nd.array([1, 2], dtype='{dt}'); mv[:] = 4\n"
            f"nd.BatchNorm(x, g, b, mm, mv, output_mean_var=True, fix_gamma=False)",
    ]

p = PARAMS.format(dt="float32")
CASES += [
    # prediction-mode backward: gamma's and beta's gradients are the true ones there too
    p + "x = nd.array([[1, 2], [3, 6], [5, 10], [7, 2]]); g.attach_grad(); b.attach_grad()\n"
        "mm[:] = 1; mv[:] = 4\nwith autograd.record(train_mode=False):\n"
        "    y = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False)\n"
        f"y.backward(nd.array({HEAD}))\n[y, g.grad, b.grad, mm, mv]",
    # a backward from the statistics alone: no gradient flows, yet the update runs
    p + "x = nd.array([[1, 2], [3, 6], [5, 10], [7, 2]]); x.attach_grad()\n"
        "with autograd.record():\n"
        "    y = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False, output_mean_var=True)\n"
        "y[1].backward()\n[x.grad, mm, mv]",
    p + "x = nd.array([[1, 2], [3, 6], [5, 10], [7, 2]]); x.attach_grad()\n"
        "with autograd.record():\n"
        "    y = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False, output_mean_var=True)\n"
        f"autograd.backward(y, [nd.array({HEAD}), nd.ones(2), nd.ones(2)])\n[x.grad, mm, mv]",
    # backward(train_mode=False) leaves the moving statistics
    p + "x = nd.array([[1, 2], [3, 6], [5, 10], [7, 2]]); x.attach_grad()\n"
        "with autograd.record():\n    y = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False)\n"
        "y.backward(train_mode=False)\n[mm, mv]",
    # each backward updates: twice with retain_graph, twice for a layer used twice
    p + "x = nd.array([[1, 2], [3, 6], [5, 10], [7, 2]]); x.attach_grad()\n"
        "with autograd.record():\n    y = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False)\n"
        "y.backward(retain_graph=True); y.backward()\n[mm, mv]",
    p + "x = nd.array([[1, 2], [3, 6], [5, 10], [7, 2]]); x.attach_grad()\n"
        "with autograd.record():\n    y = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False)\n"
        "    z = nd.BatchNorm(x * 2, g, b, mm, mv, fix_gamma=False)\n"
        "    s = y + z\ns.backward()\n[mm, mv]",
    # gamma alone needs a gradient: the node is recorded, the update runs
    p + "x = nd.array([[1, 2], [3, 6], [5, 10], [7, 2]]); g.attach_grad()\n"
        "with autograd.record():\n    y = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False)\n"
        "y.backward()\n[g.grad, mm, mv]",
    # a batch of one: zero variance
    p + "x = nd.array([[1, 2]])\nwith autograd.record():\n"
        "    y = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False)\ny",
    p + "x = nd.array([[1, 2], [3, 6]])\nnd.BatchNorm(x, g, b, mm, mv, eps=0)",
    # float16 data takes float32 parameters
    "x = nd.array([[1, 2], [3, 6], [5, 10], [7, 2]], dtype='float16')\n"
    "g = nd.array([2, 3]); b = nd.array([0.5, -1]); mm = nd.zeros(2); mv = nd.ones(2)\n"
    "nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False)",
    "x = nd.array([[1, 2], [3, 6], [5, 10], [7, 2]], dtype='float16')\n"
    "g = nd.array([2, 3]); b = nd.array([0.5, -1]); mm = nd.zeros(2); mv = nd.ones(2)\n"
    "with autograd.record():\n    y = nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False)\ny",
    # what MXNet refuses
    "x = nd.array([[1, 2], [3, 6]], dtype='float16')\n"
    "g = nd.ones(2, dtype='float16'); b = nd.zeros(2, dtype='float16')\n"
    "nd.BatchNorm(x, g, b, nd.zeros(2, dtype='float16'), nd.ones(2, dtype='float16'))",
    p + "nd.BatchNorm(nd.array([[1, 2], [3, 6]]), g, b, mm)",
    p + "nd.BatchNorm(nd.array([[1, 2], [3, 6]], dtype='int32'), g, b, mm, mv)",
    p + "nd.BatchNorm(nd.array([[1, 2], [3, 6]], dtype='float64'), g, b, mm, mv)",
    p + "nd.BatchNorm(nd.array([1, 2]), g, b, mm, mv)",
    p + "nd.BatchNorm(nd.array([[1, 2], [3, 6]]), g, b, mm, mv, axis=2)",
    p + "nd.BatchNorm(nd.array([[1, 2], [3, 6]]), g, b, mm, mv, axis=-3)",
    p + "nd.BatchNorm(nd.zeros((0, 2)), g, b, mm, mv)",
]

# ----- InstanceNorm ---------------------------------------------------------------------------
XI = "[[[1, 2, 4], [3, 1, 0]]]"
CASES += [
    "x = nd.arange(24).reshape((2, 3, 4)) - 10\n"
    "nd.InstanceNorm(x, nd.array([1, 2, 3]), nd.array([0, 1, -1]))",
    "nd.InstanceNorm(nd.arange(16).reshape((1, 2, 2, 4)), nd.array([1, 2]), nd.array([0, 1]))",
    "x = nd.arange(16).reshape((1, 2, 2, 4))\nwith autograd.record():\n"
    "    y = nd.InstanceNorm(x, nd.array([1, 2]), nd.array([0, 1]), eps=0.5)\ny",
    grads("nd.InstanceNorm(x, g, b, eps=0.01)",
          {"x": XI, "g": "[1.5, 2]", "b": "[0, 1]"}, "[[[1, 2, 3], [-1, 0, 2]]]"),
    grads("nd.InstanceNorm(x, g, b)",
          {"x": X4, "g": "[0.5, -1]", "b": "[2, 1]"}, H4),
    "nd.InstanceNorm(nd.ones((2, 3)), nd.ones(3), nd.zeros(3))",
    "nd.InstanceNorm(nd.ones((2, 3, 4)), nd.ones(3))",
    "nd.InstanceNorm(nd.ones((2, 3, 4)), nd.ones(2), nd.zeros(2))",
    "nd.InstanceNorm(nd.ones((2, 3, 4), dtype='int32'), nd.ones(3, dtype='int32'), "
    "nd.zeros(3, dtype='int32'))",
]

# ----- GroupNorm (gamma and beta per group in MXNet 1.9.1) ------------------------------------
XG = "nd.arange(48).reshape((2, 4, 3, 2)) % 7"
XG3 = "[[[1, 2], [4, 3], [1, 0], [5, 2]]]"
CASES += [
    f"nd.GroupNorm({XG}, nd.array([1, 2]), nd.array([0, 1]), num_groups=2)",
    f"nd.GroupNorm({XG}, nd.array([1]), nd.array([0]))",
    f"nd.GroupNorm({XG}, nd.array([1, 2]), nd.array([0, 1]), num_groups=2, "
    f"output_mean_var=True)",
    f"nd.GroupNorm({XG}, nd.array([1, 2, 0.5, -1]), nd.array([0, 1, 2, 3]), num_groups=4, "
    f"eps=0.1)",
    "nd.GroupNorm(nd.arange(8).reshape((1, 4, 2)).astype('float64'), "
    "nd.ones(2, dtype='float64'), nd.zeros(2, dtype='float64'), num_groups=2)",
    "nd.GroupNorm(nd.array([[[1, 2]]]), nd.ones(1), nd.zeros(1))",
    grads("nd.GroupNorm(x, g, b, num_groups=2, eps=0.01)",
          {"x": XG3, "g": "[1.5, 2]", "b": "[0, 1]"}, "[[[1, 2], [3, -1], [0, 2], [1, 1]]]"),
    grads("nd.GroupNorm(x, g, b, num_groups=2, eps=0.01)",
          {"x": XG3, "g": "[1.5, 2]", "b": "[0, 1]"}, "[[[1, 2], [3, -1], [0, 2], [1, 1]]]",
          "float64"),
    grads("nd.GroupNorm(x, g, b, num_groups=1)", {"x": X4, "g": "[0.5]", "b": "[2]"}, H4),
    "x = nd.array([[[1, 2], [4, 3], [1, 0], [5, 2]]]); x.attach_grad()\n"
    "with autograd.record():\n"
    "    y = nd.GroupNorm(x, nd.ones(2), nd.zeros(2), num_groups=2, output_mean_var=True)\n"
    "y[1].backward()\nx.grad",
    f"nd.GroupNorm({XG}, nd.ones(4), nd.zeros(4), num_groups=3)",
    f"nd.GroupNorm({XG}, nd.ones(4), nd.zeros(4), num_groups=2)",
    "nd.GroupNorm(nd.ones((2, 4)), nd.ones(2), nd.zeros(2), num_groups=2)",
    "nd.GroupNorm(nd.ones((2, 4, 2), dtype='int32'), nd.ones(2, dtype='int32'), "
    "nd.zeros(2, dtype='int32'), num_groups=2)",
]

# ----- L2Normalization ------------------------------------------------------------------------
XL = "[[[3, 4], [0, 1]], [[1, 2], [2, 2]]]"
HL = "[[[1, 2], [0, 1]], [[1, -2], [3, 2]]]"
CASES += [f"nd.L2Normalization(nd.array({XL}), mode='{m}')"
          for m in ("instance", "channel", "spatial")]
CASES += [grads(f"nd.L2Normalization(x, mode='{m}')", {"x": XL}, HL, dt)
          for m in ("instance", "channel", "spatial") for dt in ("float32", "float64")]
CASES += [
    "nd.L2Normalization(nd.array([[3, 4, 0], [0, 0, 0]]))",
    "nd.L2Normalization(nd.array([[3, 4]]), eps=1)",
    f"nd.L2Normalization(nd.array({XL}, dtype='float64'), eps=0.5)",
    "nd.L2Normalization(nd.arange(8).reshape((1, 2, 2, 2)), mode='spatial')",
    "nd.L2Normalization(nd.arange(8).reshape((1, 2, 2, 2)), mode='channel')",
    "nd.L2Normalization(nd.array([3, -4]))",
    grads("nd.L2Normalization(x)", {"x": "[[0, 0]]"}),
    f"nd.L2Normalization(nd.array({XL}), mode='foo')",
    "nd.L2Normalization(nd.array([[3, 4]]), mode='channel')",
    "nd.L2Normalization(nd.array([[3, 4]]), mode='spatial')",
    "nd.L2Normalization(nd.array([[3, 4]], dtype='int32'))",
]

# ----- LRN (MXNet's CPU build: oneDNN's window, (nsize - 1) // 2 channels each side) ----------
C5 = "nd.arange(1, 6).reshape((1, 5, 1, 1))"
CASES += [f"nd.LRN({C5}, nsize={n})" for n in (1, 2, 3, 4, 7)]
CASES += [
    f"nd.LRN({C5}, nsize=3, alpha=1, beta=1, knorm=1)",
    "nd.LRN(nd.arange(1, 11).reshape((2, 5)), nsize=3)",
    "nd.LRN(nd.arange(1, 25).reshape((2, 3, 2, 2)) / 4, nsize=5, alpha=0.1, beta=0.5)",
    grads("nd.LRN(x, nsize=3, alpha=0.5, beta=0.6, knorm=1.5)",
          {"x": "[[[[1]], [[-2]], [[3]], [[0.5]], [[2]]]]"},
          "[[[[1]], [[2]], [[-1]], [[0.5]], [[3]]]]"),
    grads("nd.LRN(x, nsize=2, alpha=0.5, beta=0.75, knorm=1)",
          {"x": X4}, H4),
    f"nd.LRN({C5})",
    f"nd.LRN({C5}.astype('int32'), nsize=3)",
]

# ----- LayerNorm's extra outputs: [out, mean, std], std = sqrt(var + eps) ----------------------
CASES += [
    "nd.LayerNorm(nd.array([[1, 2, 3, 4], [2, 2, 2, 8]]), nd.ones(4), nd.zeros(4), "
    "output_mean_var=True)",
    "nd.LayerNorm(nd.array([[1, 2, 3, 4], [2, 2, 2, 8]], dtype='float64'), "
    "nd.ones(4, dtype='float64'), nd.zeros(4, dtype='float64'), output_mean_var=True, eps=0.1)",
]
