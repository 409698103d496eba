"""The gradient cases of scripts/record_np_audit.py (the audit of issue 22): npx's ops and the np
functions d2l-en differentiates through, each through `grads(fn, *xs)` (the gradients of
fn(*xs) with respect to each x), and autograd's own behaviour on np arrays (views written in
place, head gradients, pause, backward outside record). (name, code), as np_audit_cases.py."""
from __future__ import annotations

GR = ("def grads(fn, *xs):\n    for x in xs:\n        x.attach_grad()\n"
      "    with autograd.record():\n        y = fn(*xs)\n    y.backward()\n"
      "    return [x.grad for x in xs]\n")
A = "a = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])\n"
W3 = "np.array([1.0, 2.0, 3.0])"
IMG = "img = np.array([[[[1.0, 3.0, 2.0], [0.5, -1.0, 4.0], [2.5, 0.0, 1.5]]]])\n"
SEQ = "s = np.array([[[0.5, -0.5], [1.0, 2.0]], [[0.2, 0.1], [-1.0, 0.3]]])\n"
# gradients of npx's ops and of np functions d2l-en differentiates through
GRAD_CASES = [(f"grad_{name}", GR + pre + f"grads({fn}, {args})") for name, pre, fn, args in [
    ("relu", A, f"lambda x: (npx.relu(x) * {W3}).sum()", "a"),
    ("sigmoid", A, f"lambda x: (npx.sigmoid(x) * {W3}).sum()", "a"),
    ("softmax", A, f"lambda x: (npx.softmax(x) * {W3}).sum()", "a"),
    ("softmax_axis0", A, f"lambda x: (npx.softmax(x, axis=0) * {W3}).sum()", "a"),
    ("log_softmax", A, f"lambda x: (npx.log_softmax(x) * {W3}).sum()", "a"),
    ("activation_tanh", A, f"lambda x: (npx.activation(x, act_type='tanh') * {W3}).sum()", "a"),
    ("activation_softrelu", A, f"lambda x: (npx.activation(x, act_type='softrelu') * {W3})"
                               ".sum()", "a"),
    ("leaky_relu", A, f"lambda x: (npx.leaky_relu(x, slope=0.2) * {W3}).sum()", "a"),
    ("batch_norm", A, "lambda x, g, b: (npx.batch_norm(x, g, b, np.zeros(3), np.ones(3)) * "
                      "np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]])).sum()",
     "a, np.array([1.0, 2.0, 0.5]), np.zeros(3)"),
    ("batch_norm_4d", IMG, "lambda x, g: (npx.batch_norm(x, g, np.zeros(1), np.zeros(1), "
                           "np.ones(1)) * np.arange(9).reshape(1, 1, 3, 3)).sum()",
     "img, np.array([2.0])"),
    ("convolution", IMG, "lambda x, w, b: (npx.convolution(x, w, b, kernel=(2, 2), "
                         "num_filter=1) * np.array([[[[1.0, 2.0], [3.0, 4.0]]]])).sum()",
     "img, np.array([[[[1.0, -1.0], [0.5, 2.0]]]]), np.array([0.5])"),
    ("convolution_pad_stride", IMG, "lambda x, w: (npx.convolution(x, w, kernel=(2, 2), "
                                    "num_filter=1, pad=(1, 1), stride=(2, 2), no_bias=True) ** 2)"
                                    ".sum()", "img, np.array([[[[1.0, -1.0], [0.5, 2.0]]]])"),
    ("pooling_max", IMG, "lambda x: (npx.pooling(x, kernel=(2, 2), pool_type='max') * "
                         "np.array([[[[1.0, 2.0], [3.0, 4.0]]]])).sum()", "img"),
    ("pooling_avg", IMG, "lambda x: (npx.pooling(x, kernel=(2, 2), stride=(1, 1), "
                         "pool_type='avg') * np.array([[[[1.0, 2.0], [3.0, 4.0]]]])).sum()",
     "img"),
    ("pooling_global", IMG, "lambda x: npx.pooling(x, kernel=(1, 1), global_pool=True, "
                            "pool_type='max').sum()", "img"),
    ("fully_connected", A, "lambda x, w, b: (npx.fully_connected(x, w, b, num_hidden=2) * "
                           "np.array([[1.0, 2.0], [3.0, 4.0]])).sum()",
     "a, np.array([[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]]), np.array([0.1, 0.2])"),
    ("embedding", "", "lambda w: (npx.embedding(np.array([0, 2, 0]), w, input_dim=3, "
                      "output_dim=2) * np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])).sum()",
     "np.arange(6).reshape(3, 2)"),
    ("layer_norm", A, "lambda x, g, b: (npx.layer_norm(x, g, b) * "
                      "np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]])).sum()",
     "a, np.array([1.0, 2.0, 0.5]), np.zeros(3)"),
    ("pick", A, "lambda x: (npx.pick(x, np.array([2, 0])) * np.array([1.0, 3.0])).sum()", "a"),
    ("sequence_mask", SEQ, "lambda x: (npx.sequence_mask(x, np.array([1, 2]), "
                           "use_sequence_length=True) * 2).sum()", "s"),
    ("batch_dot", SEQ, "lambda x, y: (npx.batch_dot(x, y) * np.arange(8).reshape(2, 2, 2))"
                       ".sum()", "s, np.ones((2, 2, 2))"),
    ("gamma", "", "lambda x: npx.gamma(x).sum()", "np.array([1.5, 3.0])"),
    ("topk_value", A, "lambda x: (npx.topk(x, k=2, ret_typ='value') * np.array([1.0, 5.0]))"
                      ".sum()", "a"),
    ("rnn_tanh", "", "lambda x, p: npx.rnn(x, p, np.zeros((1, 1, 2)), state_size=2, "
                     "num_layers=1, mode='rnn_tanh').sum()",
     "np.array([[[1.0, -1.0]], [[0.5, 2.0]]]), np.arange(12) * 0.05 - 0.2"),
    ("np_concatenate", A, "lambda x: (np.concatenate([x, x * 2], axis=1) * "
                          "np.arange(12).reshape(2, 6)).sum()", "a"),
    ("np_stack_split", A, "lambda x: (np.split(np.stack([x, x]), 2)[1] * 3).sum()", "a"),
    ("np_where", A, "lambda x: np.where(x > 0, x * 2, x * -3).sum()", "a"),
    ("np_maximum", A, "lambda x: (np.maximum(x, 0.3) * np.arange(6).reshape(2, 3)).sum()",
     "a"),
    ("np_clip", A, "lambda x: (np.clip(x, -0.8, 1.0) * np.arange(6).reshape(2, 3)).sum()", "a"),
    ("np_mean_std", A, "lambda x: x.mean(axis=0).sum() + np.std(x)", "a"),
    ("np_var_keepdims", A, "lambda x: (np.var(x, axis=1, keepdims=True) * "
                           "np.array([[1.0], [2.0]])).sum()", "a"),
    ("np_linalg_norm", A, "lambda x: np.linalg.norm(x)", "a"),
    ("np_abs_sqrt", A, "lambda x: np.sqrt(np.abs(x)).sum()", "a"),
    ("np_log_exp", A, "lambda x: np.log(np.exp(x) + 1).sum()", "a"),
    ("np_power", A, "lambda x: (x ** 3).sum() + (2 ** x).sum()", "a"),
    ("np_matmul", A, "lambda x, y: (np.matmul(x, y) ** 2).sum()", "a, np.ones((3, 2))"),
    ("np_dot_T", A, "lambda x: np.dot(x, x.T).sum()", "a"),
    ("np_broadcast_add", A, "lambda x, b: ((x + b) * np.arange(6).reshape(2, 3)).sum()",
     "a, np.zeros(3)"),
    ("np_take", A, "lambda x: (np.take(x, np.array([0, 2, 2]), axis=1) * 2).sum()", "a"),
    ("np_tile_repeat", A, "lambda x: (np.tile(x, (1, 2)).sum() + np.repeat(x, 2, axis=0)"
                          ".max())", "a"),
    ("np_broadcast_to", "", "lambda x: (np.broadcast_to(x, (2, 3)) * "
                            "np.arange(6).reshape(2, 3)).sum()", "np.array([1.0, 2.0, 3.0])"),
    ("np_cumsum", A, "lambda x: (np.cumsum(x, axis=1) * np.arange(6).reshape(2, 3)).sum()",
     "a"),
    ("np_reshape_T", A, "lambda x: (x.reshape(3, 2).T * np.arange(6).reshape(2, 3)).sum()",
     "a"),
    ("np_index_fancy", A, "lambda x: (x[[0, 1, 1], [2, 0, 0]] * np.array([1.0, 2.0, 3.0]))"
                          ".sum()", "a"),
    ("np_index_mask", A, "lambda x: x[x > 0.3].sum()", "a"),
    ("np_setitem_out", A, "lambda x: (x * 1).sum()", "a"),
    ("np_tanh_sigmoid_mix", A, "lambda x: (np.tanh(x) * npx.sigmoid(x)).sum()", "a"),
    ("np_max_argmax", A, "lambda x: x.max(axis=1).sum()", "a"),
    ("np_squared_loss", A, "lambda x: ((x - np.ones((2, 3))) ** 2 / 2).mean()", "a"),
    ("cross_entropy", A, "lambda x: -np.log(npx.softmax(x)[np.arange(2), np.array([2, 0])])"
                         ".sum()", "a"),
]]
GRAD_CASES += [
    ("grad_inplace_view_add", "x = np.ones(3)\nx.attach_grad()\nwith autograd.record():\n"
                              "    y = x * 2\n    y[1] += 5\n    z = (y * y).sum()\n"
                              "z.backward()\n(z, x.grad)"),
    ("grad_head_grads", "x = np.array([1.0, 2.0])\nx.attach_grad()\nwith autograd.record():\n"
                        "    y = x ** 2\n"
                        "autograd.grad(y, [x], head_grads=np.array([1.0, 0.1]))[0]"),
    ("backward_without_record", "x = np.array([1.0, 2.0])\nx.attach_grad()\ny = x * 2\n"
                                "y.backward()\nx.grad"),
    ("grad_dropout_p0", "x = np.array([1.0, 2.0])\nx.attach_grad()\n"
                        "with autograd.record():\n    y = (npx.dropout(x, p=0.0) * 3).sum()\n"
                        "y.backward()\nx.grad"),
    ("grad_two_paths", "x = np.array([1.0, 2.0])\nx.attach_grad()\nwith autograd.record():\n"
                       "    a = x * 2\n    b = np.exp(a)\n    y = (a * b).sum()\n"
                       "y.backward()\nx.grad"),
    ("grad_pause", "x = np.array([1.0, 2.0])\nx.attach_grad()\nwith autograd.record():\n"
                   "    a = x * 2\n    with autograd.pause():\n        c = a * 10\n"
                   "    y = (a * c).sum()\ny.backward()\nx.grad"),
]
