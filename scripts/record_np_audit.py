"""Record MXNet 1.9.1's answers for the audit of issue 22 (mx.np / npx in d2l-en's np mode):
the points of the issue that tests/mxnp/test_golden.py (scripts/golden_cases/mxnp_cases.py) and
tests/gluon/test_np_mode_golden.py do not already replay, and a seeded sample of dtype pairs
under + * / and of printed arrays of many dtypes and shapes.

Oracle: Apache MXNet 1.9.1 (CPU wheel) with numpy 1.23.5, in a side venv (never a dependency of
ndsh). Rerun from the repository root:

    /work/mxvenv/bin/python scripts/record_np_audit.py

It writes tests/mxnp/golden/np_audit_1.9.1.json; tests/mxnp/test_np_audit.py replays each case
in ndsh. Each case is a snippet run after `npx.set_np()` with `np`, `npx`, `mx`, `autograd` and
`onp` (the real numpy) bound; its last statement is an expression whose value is recorded: an np
array as its repr, str, shape, dtype, ctx and values (over 100 values: their sum and first
ten); a legacy NDArray as its type, shape, dtype
and values; a list or tuple item by item; a numpy array as dtype, shape and values; anything else
as its type name and repr; an exception as its type name and message.
"""
from __future__ import annotations

import ast
import json
import math
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tests", "mxnp",
                   "golden", "np_audit_1.9.1.json")

X = "x = np.arange(12).reshape(3, 4)\n"
F = "f = np.array([[0.5, -1.5, 2.0], [3.0, -0.25, 1.0]])\n"
REC = "x.attach_grad()\nwith autograd.record():\n"

CASES = [
    # ndarray semantics the older cases leave out
    ("list_of_bools_is_fancy_index", X + "x[[True, False, True]]"),
    ("numpy_bool_mask_index", X + "x[onp.array([True, False, True])]"),
    ("scalar_index_1d", "np.arange(3)[1]"),
    ("scalar_index_then_item", X + "x[2, 3].item()"),
    ("index_0d_array", X + "x[np.array(1, dtype='int32')]"),
    ("mask_then_sum_shape", X + "x[x > 100].sum()"),
    ("full_reduction_shapes", X + "(x.sum().shape, np.max(x).shape, x.argmax().shape, "
                                  "np.all(x > 0).shape, np.dot(x[0], x[0]).shape)"),
    ("float_list_default", "np.array([1.5, 2])"),
    ("float_0d_default", "np.array(1.5)"),
    ("numpy_float16_kept", "np.array(onp.array([1.5, 2.0], dtype='float16'))"),
    ("numpy_uint8_kept", "np.array(onp.array([1, 255], dtype='uint8'))"),
    ("numpy_float64_0d_kept", "np.array(onp.float64(2.5))"),
    ("numpy_int64_scalar_kept", "np.array(onp.int64(3))"),
    ("numpy_float32_scalar_kept", "np.array(onp.float32(2.5))"),
    ("numpy_bool_scalar_kept", "np.array(onp.bool_(True))"),
    ("full_int_fill", "np.full((2,), 3)"),
    ("full_bool_dtype_float", "np.full((2,), True, dtype='float32')"),
    ("full_numpy_int32_fill", "np.full((2,), onp.int32(3))"),
    ("bool_list_mask_setitem", X + "x[[True, False, True]] = 0\nx"),
    ("np_array_of_float64_array", "np.array(np.ones(2, dtype='float64'))"),
    ("array_dtype_bool_list", "np.array([1, 0, 2], dtype=bool)"),
    ("zeros_bool", "np.zeros(2, dtype=bool)"),
    ("full_bool", "np.full((2,), True)"),
    ("arange_float", "np.arange(3.0)"),
    ("item_int64", "np.array(3, dtype='int64').item()"),
    ("item_float16", "np.array(1.5, dtype='float16').item()"),
    ("item_float64", "np.array([0.1], dtype='float64').item()"),
    ("item_uint8", "np.array(7, dtype='uint8').item()"),
    ("item_0d_float32", "np.array(0.1).item()"),
    ("asnumpy_bool", "(np.arange(3) > 0).asnumpy()"),
    ("asnumpy_float16", "np.ones(2, dtype='float16').asnumpy()"),
    ("asnumpy_is_a_copy", X + "a = x.asnumpy()\na[0, 0] = 100\nx[0, 0].item()"),
    ("copyto_array", X + "y = np.zeros((3, 4))\nx.copyto(y)\ny"),
    ("copyto_array_int32", X + "y = np.zeros((3, 4), dtype='int32')\nx.copyto(y)\ny"),
    ("copyto_returns_target", X + "y = np.zeros((3, 4))\nx.copyto(y) is y"),
    ("copyto_ctx_is_a_copy", X + "y = x.copyto(mx.cpu())\ny[:] = 0\nx.sum().item()"),
    ("as_in_ctx_other_cpu", X + "y = x.as_in_ctx(mx.cpu(1))\n(y.ctx, y is x, repr(y))"),
    ("as_in_ctx_other_is_a_copy", X + "y = x.as_in_ctx(mx.cpu(1))\ny[:] = 0\nx.sum().item()"),
    ("as_in_ctx_same_shares", X + "y = x.as_in_ctx(mx.cpu())\ny[:] = 0\nx.sum().item()"),
    ("ones_other_cpu_str", "str(np.ones(2, ctx=mx.cpu(1)))"),
    ("attach_grad_zeros", X + "x.attach_grad()\nx.grad"),
    ("attach_grad_int32", "i = np.array([1, 2], dtype='int32')\ni.attach_grad()\ni.grad"),
    ("backward_nonscalar", "x = np.array([1.0, 2.0])\n" + REC + "    y = x * x\n"
                           "y.backward()\nx.grad"),
    ("backward_head_grad", "x = np.array([1.0, 2.0])\n" + REC + "    y = x * x\n"
                           "y.backward(np.array([1.0, 0.5]))\nx.grad"),
    ("backward_twice_write", "x = np.array([1.0, 2.0])\nx.attach_grad()\nfor _ in range(2):\n"
                             "    with autograd.record():\n        y = (x * 3).sum()\n"
                             "    y.backward()\nx.grad"),
    ("grad_through_mask", "x = np.array([1.0, -2.0, 3.0])\n" + REC +
                          "    y = x[x > 0].sum()\ny.backward()\nx.grad"),
    ("grad_through_setitem_copy", "x = np.array([1.0, 2.0])\n" + REC +
                                  "    y = (x.reshape(2, 1) * 2).sum()\ny.backward()\nx.grad"),
    ("grad_of_0d_is_0d", "x = np.array(3.0)\n" + REC + "    y = x * x\ny.backward()\nx.grad"),
    ("record_result_type", "x = np.array([1.0])\n" + REC + "    y = x * 2\ntype(y).__name__"),
    ("is_training", "with autograd.record():\n    a = autograd.is_training()\na"),
    # memory: which results share
    *[(f"share_{name}", X + f"v = {expr}\nv[:] = 100\nx.sum().item()") for name, expr in (
        ("col_slice", "x[:, 1:3]"), ("first_rows", "x[0:1]"), ("tail_rows", "x[2:]"),
        ("row_slice_all_cols", "x[1:2, :]"), ("reshape_flat", "x.reshape(-1)"),
        ("ravel", "x.ravel()"), ("np_ravel", "np.ravel(x)"), ("none_axis", "x[None]"),
        ("row_of_slice", "x[1:3][0]"), ("np_reshape", "np.reshape(x, (2, 6))"),
        ("negative_step", "x[::-1]"), ("mask", "x[x > 5]"), ("fancy", "x[[0, 1]]"),
        ("np_array_of", "np.array(x)"), ("copy_method", "x.copy()"),
        ("astype_same", "x.astype('float32')"), ("astype_copy_false",
                                                 "x.astype('float32', copy=False)"),
        ("nd_back_to_np", "x.as_nd_ndarray().as_np_ndarray()"),
        ("squeeze", "np.squeeze(x[0:1])"), ("transpose_fn", "np.transpose(x)"),
        # basic indexing: a view where the picked elements are one contiguous run of x
        ("row_int_tail", "x[1, 2:]"), ("row_int_all", "x[1, :]"), ("col_int", "x[:, 1]"),
        ("ellipsis_col", "x[..., 0]"), ("stride", "x[::2]"), ("block", "x[1:, 1:]"),
        ("none_mid", "x[:, None]"), ("one_element", "x[1:2, 1:2]"),
        ("reversed_row", "x[1:2, ::-1]"), ("ellipsis_rows", "x[0:2, ...]"),
        ("ellipsis_last_slice", "x[..., 1:2]"), ("bool_list_mask", "x[[True, False, True]]"))],
    ("share_scalar_0d", X + "v = x[1, 2]\nv[()] = 100\nx.sum().item()"),
    ("grad_through_views", X + REC + "    y = (x[None] * 2).sum() + (x[1:2, :] * 3).sum() + "
                                     "x[1, 2] * 5\ny.backward()\nx.grad"),
    # bools as an index: a mask as a read's whole key, 0 and 1 inside a tuple or when written
    ("bool_list_1d", "np.arange(3)[[True, False, True]]"),
    ("bool_list_in_tuple", X + "x[[True, False, True], 1]"),
    ("bool_list_columns", X + "x[:, [True, False, True, False]]"),
    ("numpy_bool_in_tuple", X + "x[onp.array([True, False, True]), 1]"),
    ("bool_list_2d_mask", X + "x[[[True, False, True, False]] * 3]"),
    ("bool_list_wrong_length", X + "x[[True, False]]"),
    ("np_bool_in_tuple", X + "x[np.array([True, False, True], dtype=bool), 1]"),
    ("float_array_of_bools_index", X + "x[np.array([True, False, True])]"),
    ("numpy_bool_setitem_rows", X + "x[onp.array([True, False, True])] = 0\nx"),
    ("np_bool_mask_setitem", X + "x[np.array([True, False, True], dtype=bool)] = 0\nx"),
    ("bool_list_setitem_in_tuple", X + "x[[True, False, True], 1] = 0\nx"),
    # np and nd: storage, autograd, contexts
    ("as_np_shares", "a = mx.nd.ones(2)\nb = a.as_np_ndarray()\nb[:] = 5\na.asnumpy()"),
    ("as_nd_type", X + "type(x.as_nd_ndarray()).__name__"),
    ("as_np_type", "type(mx.nd.ones(2).as_np_ndarray()).__name__"),
    ("as_np_keeps_ctx", "mx.nd.ones(2, ctx=mx.cpu(1)).as_np_ndarray().ctx"),
    ("as_nd_keeps_ctx", "np.ones(2, ctx=mx.cpu(1)).as_nd_ndarray().context"),
    ("as_nd_keeps_dtype", "np.ones(2, dtype='int32').as_nd_ndarray()"),
    ("grad_through_as_nd", "x = np.array([1.0, 2.0])\n" + REC +
                           "    y = (x.as_nd_ndarray() * 3).sum()\ny.backward()\nx.grad"),
    ("grad_through_as_nd_result", "x = np.array([1.0, 2.0])\n" + REC +
                                  "    y = (x.as_nd_ndarray() * 3).sum()\ny"),
    ("grad_through_as_np", "a = mx.nd.array([1.0, 2.0])\na.attach_grad()\n"
                           "with autograd.record():\n    y = np.exp(a.as_np_ndarray()).sum()\n"
                           "y.backward()\na.grad"),
    ("nd_grad_of_np_var_type", "x = np.ones(2)\nx.attach_grad()\n"
                               "type(x.as_nd_ndarray().grad).__name__"),
    # npx variations
    ("npx_log_softmax_axis0", F + "npx.log_softmax(f, axis=0)"),
    ("npx_softmax_temperature", F + "npx.softmax(f, temperature=2.0)"),
    ("npx_softmax_int", "npx.softmax(np.array([1, 2], dtype='int32'))"),
    *[(f"npx_activation_{act}", F + f"npx.activation(f, act_type='{act}')")
      for act in ("sigmoid", "softrelu", "softsign")],
    ("npx_relu_int32", "npx.relu(np.array([-1, 2], dtype='int32'))"),
    ("npx_sigmoid_0d", "npx.sigmoid(np.array(0.0))"),
    ("npx_one_hot_values", "npx.one_hot(np.array([1, 0]), 3, on_value=5, off_value=-1)"),
    ("npx_one_hot_dtype", "npx.one_hot(np.array([1, 0]), 2, dtype='int32')"),
    ("npx_pick_axis0", F + "npx.pick(f, np.array([1, 0, 1]), axis=0)"),
    ("npx_pick_wrap", F + "npx.pick(f, np.array([3, -1]), mode='wrap')"),
    ("npx_pick_int_index", F + "npx.pick(f, np.array([0, 2], dtype='int32'))"),
    ("npx_topk_axis0", F + "npx.topk(f, axis=0, k=1)"),
    ("npx_topk_ascend", F + "npx.topk(f, k=2, is_ascend=True)"),
    ("npx_topk_mask", F + "npx.topk(f, k=1, ret_typ='mask')"),
    ("npx_topk_int64", F + "npx.topk(f, k=2, dtype='int64')"),
    ("npx_topk_1d", "npx.topk(np.array([3.0, 1.0, 2.0]), k=2)"),
    ("npx_sequence_mask_plain", "npx.sequence_mask(np.ones((2, 2)))"),
    ("npx_sequence_mask_value", "npx.sequence_mask(np.ones((3, 2)), np.array([2, 1]), "
                                "use_sequence_length=True, value=-5)"),
    ("npx_batch_dot_transpose_b", "npx.batch_dot(np.arange(8).reshape(2, 2, 2), "
                                  "np.ones((2, 3, 2)), transpose_b=True)"),
    ("npx_batch_dot_transpose_a", "npx.batch_dot(np.arange(8).reshape(2, 2, 2), "
                                  "np.ones((2, 2, 3)), transpose_a=True)"),
    ("npx_gamma_int", "npx.gamma(np.array([1.0, 5.0]))"),
    ("npx_embedding_float_index", "npx.embedding(np.array([[1.0, 0.0]]), "
                                  "np.arange(4).reshape(2, 2), input_dim=2, output_dim=2)"),
    ("npx_layer_norm_axis0", "npx.layer_norm(np.array([[1.0, 2.0], [3.0, 5.0]]), np.ones(2), "
                             "np.zeros(2), axis=0)"),
    ("npx_layer_norm_eps", "npx.layer_norm(np.array([[1.0, 2.0, 4.0]]), np.full(3, 2.0), "
                           "np.ones(3), eps=0.1)"),
    ("npx_batch_norm_global", "npx.batch_norm(np.arange(4).reshape(2, 2), np.ones(2), "
                              "np.zeros(2), np.array([1.0, 2.0]), np.array([4.0, 1.0]), "
                              "use_global_stats=True)"),
    ("npx_batch_norm_train", "with autograd.train_mode():\n"
                             "    out = npx.batch_norm(np.arange(4).reshape(2, 2), np.ones(2), "
                             "np.zeros(2), np.zeros(2), np.ones(2))\nout"),
    ("npx_batch_norm_fix_gamma", "npx.batch_norm(np.arange(4).reshape(2, 2), np.full(2, 3.0), "
                                 "np.zeros(2), np.zeros(2), np.ones(2), fix_gamma=True)"),
    ("npx_convolution_pad_stride", "npx.convolution(np.arange(16).reshape(1, 1, 4, 4), "
                                   "np.ones((2, 1, 3, 3)), np.array([0.0, 1.0]), kernel=(3, 3), "
                                   "num_filter=2, pad=(1, 1), stride=(2, 2))"),
    ("npx_convolution_no_bias", "npx.convolution(np.arange(9).reshape(1, 1, 3, 3), "
                                "np.ones((1, 1, 2, 2)), kernel=(2, 2), num_filter=1, "
                                "no_bias=True)"),
    ("npx_convolution_1d", "npx.convolution(np.arange(5).reshape(1, 1, 5), np.ones((1, 1, 2)), "
                           "np.zeros(1), kernel=(2,), num_filter=1)"),
    ("npx_pooling_avg_pad", "npx.pooling(np.arange(16).reshape(1, 1, 4, 4), kernel=(3, 3), "
                            "stride=(2, 2), pad=(1, 1), pool_type='avg')"),
    ("npx_pooling_avg_pad_exclude", "npx.pooling(np.arange(16).reshape(1, 1, 4, 4), "
                                    "kernel=(3, 3), stride=(2, 2), pad=(1, 1), pool_type='avg', "
                                    "count_include_pad=False)"),
    ("npx_pooling_full", "npx.pooling(np.arange(25).reshape(1, 1, 5, 5), kernel=(2, 2), "
                         "stride=(2, 2), pool_type='max', pooling_convention='full')"),
    ("npx_pooling_sum", "npx.pooling(np.arange(16).reshape(1, 1, 4, 4), kernel=(2, 2), "
                        "stride=(2, 2), pool_type='sum')"),
    ("npx_fully_connected_no_bias", "npx.fully_connected(np.arange(6).reshape(2, 3), "
                                    "np.ones((2, 3)), num_hidden=2, no_bias=True)"),
    ("npx_fully_connected_flatten", "npx.fully_connected(np.arange(12).reshape(2, 2, 3), "
                                    "np.ones((2, 6)), np.zeros(2), num_hidden=2)"),
    ("npx_fully_connected_no_flatten", "npx.fully_connected(np.arange(12).reshape(2, 2, 3), "
                                       "np.ones((2, 3)), np.zeros(2), num_hidden=2, "
                                       "flatten=False)"),
    ("npx_dropout_train_scale", "with autograd.train_mode():\n"
                                "    out = npx.dropout(np.ones(2000), p=0.5)\n"
                                "sorted(set(out.asnumpy().tolist()))"),
    ("npx_dropout_record_scale", "x = np.ones(2000)\nwith autograd.record():\n"
                                 "    out = npx.dropout(x, p=0.25)\n"
                                 "sorted(set(out.asnumpy().tolist()))"),
    ("npx_dropout_record_shape", "with autograd.record():\n    out = npx.dropout(np.ones((3, 4)),"
                                 " p=0.5)\n(out.shape, out.dtype)"),
    ("npx_rnn_lstm", "npx.rnn(np.ones((2, 1, 2)), np.ones(48) * 0.1, np.zeros((1, 1, 2)), "
                     "np.zeros((1, 1, 2)), state_size=2, num_layers=1, mode='lstm')"),
    ("npx_rnn_gru_state", "npx.rnn(np.ones((2, 1, 2)), np.ones(36) * 0.1, np.zeros((1, 1, 2)), "
                          "state_size=2, num_layers=1, mode='gru', state_outputs=True)"),
    ("npx_rnn_relu", "npx.rnn(np.arange(4).reshape(2, 1, 2), np.ones(12) * 0.1, "
                     "np.zeros((1, 1, 2)), state_size=2, num_layers=1, mode='rnn_relu')"),
    ("npx_cpu_id", "npx.cpu(1)"),
    ("npx_gpu_default", "npx.gpu()"),
    ("npx_num_gpus_type", "type(npx.num_gpus()).__name__"),
    ("npx_is_np_shape", "npx.is_np_shape()"),
    ("npx_reset_then_is", "npx.reset_np()\nr = (npx.is_np_array(), npx.is_np_shape())\n"
                          "npx.set_np()\nr"),
    ("npx_set_np_returns", "npx.set_np()"),
    ("npx_random_seed_mx", "mx.random.seed(5)\na = np.random.uniform(size=4)\n"
                           "npx.random.seed(5)\nb = np.random.uniform(size=4)\n"
                           "bool((a == b).all())"),
    ("npx_save_load_0d_and_int", "import tempfile, os\nd = tempfile.mkdtemp()\n"
                                 "p = os.path.join(d, 'a')\n"
                                 "npx.save(p, {'s': np.array(2.5), 'i': np.arange(3, "
                                 "dtype='int64'), 'b': np.array([True, False])})\n"
                                 "l = npx.load(p)\n[l[k] for k in sorted(l)]"),
    # MXNet's np interface is not NumPy
    ("int64_plus_float", "np.array([1, 2], dtype='int64') + 0.5"),
    ("uint8_times_float", "np.array([1, 2], dtype='uint8') * 1.5"),
    ("int8_plus_float", "np.array([1, -2], dtype='int8') + 0.5"),
    ("exp_int64", "np.exp(np.array([1, 2], dtype='int64'))"),
    ("sqrt_uint8", "np.sqrt(np.array([4, 9], dtype='uint8'))"),
    ("int64_div_int", "np.array([1, 2], dtype='int64') / 2"),
    ("uint8_div_int", "np.array([1, 2], dtype='uint8') / 2"),
    ("bool_div_int", "np.array([True, False]) / 2"),
    ("argmax_dtype_axis", F + "np.argmax(f, axis=1)"),
    ("argmin_method_dtype", F + "f.argmin()"),
    ("argsort_dtype", "np.argsort(np.array([3.0, 1.0]))"),
    ("topk_indices_dtype", F + "npx.topk(f, k=1).dtype"),
    ("repr_int8", "repr(np.array([1, -2], dtype='int8'))"),
    ("repr_float32_explicit", "repr(np.array([1, 2], dtype='float32'))"),
    ("autograd_grad_list_type", "x = np.array([1.0, 2.0])\nx.attach_grad()\n"
                                "with autograd.record():\n    z = (x * x).sum()\n"
                                "g = autograd.grad(z, [x])\n(type(g).__name__, "
                                "type(g[0]).__name__, g[0].asnumpy().tolist())"),
    ("int32_floordiv_int", "np.array([7, -7], dtype='int32') // 2"),
    ("int32_eq_float32", "np.array([1, 2], dtype='int32') == np.array([1.0, 2.5])"),
    ("int32_gt_float", "np.array([1, 2], dtype='int32') > 1.5"),
    ("float32_floordiv_array", "np.array([7.0, -7.0]) // np.array([2.0, 2.0])"),
    ("int32_div_uint8", "np.array([3, 4], dtype='int32') / np.array([2, 8], dtype='uint8')"),
    ("int64_div_int32", "np.array([3, 4], dtype='int64') / np.array([2, 8], dtype='int32')"),
    ("int32_plus_uint8", "np.array([3, 4], dtype='int32') + np.array([2, 250], dtype='uint8')"),
    ("int8_times_int32", "np.array([3, -4], dtype='int8') * np.array([2, 8], dtype='int32')"),
    ("int32_mod_float", "np.array([7, -7], dtype='int32') % 2.5"),
    # numpy scalars, Python types as dtypes, Python builtins on arrays
    ("float32_times_numpy_float64", "np.ones(2) * onp.float64(2.5)"),
    ("float32_div_numpy_sqrt", "np.ones(2) / onp.sqrt(2)"),
    ("numpy_float64_times_float32", "onp.float64(2.5) * np.ones(2)"),
    ("int32_plus_numpy_int64", "np.array([1, 2], dtype='int32') + onp.int64(2)"),
    ("int32_times_numpy_float32", "np.array([1, 2], dtype='int32') * onp.float32(1.5)"),
    ("float64_0d_times_float32", "np.array(2.5, dtype='float64') * np.ones(2)"),
    ("astype_int_type", "np.array([1.7, -1.2]).astype(int)"),
    ("astype_float_type", "np.array([1, 2], dtype='int32').astype(float)"),
    ("astype_bool_type", "np.array([0.0, 2.0]).astype(bool)"),
    ("array_dtype_int_type", "np.array([1, 2], dtype=int)"),
    ("array_dtype_float_type", "np.array([1, 2], dtype=float)"),
    ("zeros_dtype_np_int32", "np.zeros(2, dtype=np.int32)"),
    ("arange_dtype_int_type", "np.arange(3, dtype=int)"),
    ("len_0d", "len(np.array(1.0))"),
    ("bool_of_many", "bool(np.ones(2))"),
    ("bool_of_empty", "bool(np.zeros(0))"),
    ("float_of_many", "float(np.ones(2))"),
    ("int_of_one", "int(np.array([7.9]))"),
    ("iter_0d", "list(np.array(1.0))"),
    ("iter_rows", "[r.shape for r in np.ones((2, 3))]"),
    ("setitem_float_index", X + "x[np.array([0, 2])] = -1\nx"),
    ("getitem_float_index_2d", X + "x[np.array([0, 2]), np.array([1, 3])]"),
    ("getitem_tuple_of_lists", X + "x[[0, 2], [1, 3]]"),
    ("getitem_range", X + "x[range(2)]"),
    ("getitem_slice_and_list", X + "x[1:, [0, 3]]"),
    ("getitem_int_and_mask", X + "x[1, np.array([True, False, True, False], dtype=bool)]"),
    ("getitem_mask_2d_full", X + "x[(x % 3) == 0]"),
    ("getitem_out_of_range", X + "x[3]"),
    ("getitem_too_many", X + "x[0, 0, 0]"),
    # bad input
    ("mix_nd_plus_np", "mx.nd.ones(2) + np.ones(2)"),
    ("mix_np_concat_nd", "np.concatenate([np.ones(2), mx.nd.ones(2)])"),
    ("mix_npx_relu_nd", "npx.relu(mx.nd.ones(2))"),
    ("mix_np_dot_nd", "np.dot(np.ones(2), mx.nd.ones(2))"),
    ("mix_np_setitem_nd", "x = np.ones(2)\nx[:] = mx.nd.zeros(2)\nx"),
    ("np_fn_on_numpy", "np.exp(onp.ones(2))"),
    ("np_fn_on_list", "np.exp([0.0, 1.0])"),
    ("missing_fn_nanmax_call", "np.nanstd"),
    ("missing_attr_array", "np.ones(2).ptp()"),
    ("missing_npx_name", "npx.not_a_function"),
    ("missing_np_random_name", "np.random.not_a_function"),
    ("missing_np_linalg_name", "np.linalg.not_a_function"),
]


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


def _promotion_cases(seed: int = 22, count: int = 50):
    """A seeded sample of (dtype, dtype or Python scalar, op) combinations."""
    values = {"int32": "[1, 2, 3]", "int64": "[4, 5, 6]", "float16": "[0.5, 1.5, 2.0]",
              "float32": "[1.5, -2.0, 4.0]", "float64": "[0.25, 3.0, -1.0]",
              "bool": "[True, True, False]", "uint8": "[1, 7, 200]", "int8": "[-1, 2, 3]"}
    dtypes = list(values)
    scalars = ["2", "2.5", "True", "-3"]
    draw = random.Random(seed)
    seen, cases = set(), []
    while len(cases) < count:
        left = draw.choice(dtypes)
        op = draw.choice(["+", "*", "/"])
        kind = draw.random()
        a = f"np.array({values[left]}, dtype='{left}')"
        if kind < 0.6:
            right = draw.choice(dtypes)
            b = f"np.array({values[right]}, dtype='{right}')"
            key = (left, right, op)
            code = f"{a} {op} {b}"
        elif kind < 0.85:
            right = draw.choice(scalars)
            key = (left, right, op)
            code = f"{a} {op} {right}"
        else:
            right = draw.choice(scalars)
            key = (right, left, op)
            code = f"{right} {op} {a}"
        if key in seen:
            continue
        seen.add(key)
        name = "promote_" + "_".join(str(k) for k in key).replace("+", "add").replace(
            "*", "mul").replace("/", "div").replace(".", "p").replace("-", "m")
        cases.append((name, code))
    return cases


def _printing_cases():
    shown = [
        ("0d_float32", "np.array(2.0)"), ("0d_int32", "np.array(-3, dtype='int32')"),
        ("0d_int64", "np.array(7, dtype='int64')"), ("0d_bool", "np.array(True)"),
        ("0d_float16", "np.array(0.1, dtype='float16')"),
        ("0d_float64", "np.array(1 / 3, dtype='float64')"),
        ("0d_uint8", "np.array(255, dtype='uint8')"), ("0d_int8", "np.array(-8, dtype='int8')"),
        ("empty_1d", "np.array([])"), ("empty_2d", "np.zeros((2, 0))"),
        ("empty_int8", "np.array([], dtype='int8')"), ("empty_bool", "np.zeros((0,), dtype=bool)"),
        ("empty_int32_3d", "np.zeros((0, 2, 3), dtype='int32')"),
        ("large_1d", "np.arange(2000)"), ("large_2d", "np.arange(10000).reshape(100, 100)"),
        ("large_int32", "np.arange(1500, dtype='int32')"),
        ("large_float16", "np.arange(1200).astype('float16')"),
        ("large_bool", "np.arange(1100) > 500"),
        ("large_3d", "np.ones((11, 11, 11))"),
        ("float16_values", "np.array([0.1, 1000.5, -2.25], dtype='float16')"),
        ("int8_values", "np.array([[-128, 0], [5, 127]], dtype='int8')"),
        ("bool_2d", "np.array([[1.0, 0.0], [0.0, 2.0]]) > 0"),
        ("uint8_2d", "np.array([[0, 255], [16, 1]], dtype='uint8')"),
        ("int64_big", "np.array([2 ** 40, -5], dtype='int64')"),
        ("float64_precise", "np.array([1 / 3, 2 / 3], dtype='float64')"),
        ("float32_precise", "np.array([1 / 3, 2 / 3])"),
        ("float32_sci_small", "np.array([1e-8, 1.0])"), ("float32_sci_big", "np.array([1e9, 1.0])"),
        ("float32_nan_inf", "np.array([onp.nan, onp.inf, -onp.inf, 1.0])"),
        ("float32_negative_zero", "np.array([-0.0, 0.0])"),
        ("float32_ints", "np.array([1.0, 20.0, 300.0])"),
        ("float32_3d", "np.arange(12).reshape(2, 3, 2)"),
        ("float32_col", "np.arange(3).reshape(3, 1)"),
        ("float32_empty_rows", "np.ones((3, 0, 2))"),
        ("int32_negative", "np.array([[-1, 20], [300, -4000]], dtype='int32')"),
        ("float16_2d", "np.arange(6).reshape(2, 3).astype('float16') / 3"),
        ("float64_large", "np.arange(1001, dtype='float64')"),
        ("threshold_1000", "np.arange(1000) / 1000"), ("threshold_1001", "np.arange(1001) / 1000"),
        ("wrap_20", "np.arange(20) * 1.25 - 7"), ("wrap_int64_30", "np.arange(30, dtype='int64')"),
        ("mixed_magnitudes", "np.array([1e-3, 123.456, -7.0])"),
        ("float16_digits", "np.array([3.14159, 2.71828, 65504.0], dtype='float16')"),
        ("int64_extremes", "np.array([-2 ** 63, 2 ** 63 - 1], dtype='int64')"),
        ("float64_tiny", "np.array([1e-300, 5e-324], dtype='float64')"),
        ("float32_2x1x3", "np.arange(6).reshape(2, 1, 3) - 2.5"),
        ("bool_0d_false", "np.array(0.0) > 1"),
        ("uint8_col", "np.arange(3, dtype='uint8')[:, None]"),
        ("rows_of_int8", "np.arange(-4, 4).astype('int8').reshape(2, 4)"),
    ]
    return [(f"print_{name}", f"{code}") for name, code in shown]


CASES += GRAD_CASES + _promotion_cases() + _printing_cases()


def plain(value):
    """A JSON-safe nested list (NaN and infinities as strings)."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def values_of(host) -> dict:
    """An array's values, or for one of over 100 elements their sum and first ten."""
    if host.size <= 100:
        return {"values": plain(host.tolist())}
    flat = host.ravel()
    return {"summary": {"sum": plain(float(flat.astype("float64").sum())),
                        "head": plain(flat[:10].tolist())}}


def encode(value, np_module, onp):
    """What the test compares: see the module's docstring."""
    if isinstance(value, np_module.ndarray):
        return {"kind": "np", "shape": list(value.shape), "dtype": onp.dtype(value.dtype).name,
                "ctx": str(value.ctx), "repr": repr(value), "str": str(value),
                **values_of(value.asnumpy())}
    if hasattr(value, "asnumpy"):                    # a legacy NDArray
        return {"kind": "nd", "shape": list(value.shape), "dtype": onp.dtype(value.dtype).name,
                "values": plain(value.asnumpy().tolist())}
    if isinstance(value, (list, tuple)):
        return {"kind": type(value).__name__, "items": [encode(v, np_module, onp) for v in value]}
    if isinstance(value, onp.ndarray):
        return {"kind": "numpy", "dtype": value.dtype.name, "shape": list(value.shape),
                "values": plain(value.tolist())}
    return {"kind": type(value).__name__, "repr": repr(value)}


def run(code: str, namespace: dict):
    tree = ast.parse(code)
    *body, last = tree.body
    exec(compile(ast.Module(body, []), "<case>", "exec"), namespace)
    return eval(compile(ast.Expression(last.value), "<case>", "eval"), namespace)


def main() -> None:
    os.environ["MXNET_ENGINE_TYPE"] = "NaiveEngine"     # an error shows in its own case
    import warnings
    warnings.filterwarnings("ignore")
    import mxnet as mx
    import numpy as onp
    from mxnet import autograd, np, npx
    npx.set_np()
    out = {"oracle": f"mxnet {mx.__version__}, numpy {onp.__version__}", "cases": {}}
    names = [name for name, _ in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    for name, code in CASES:
        npx.set_np()
        mx.random.seed(0)
        namespace = {"np": np, "npx": npx, "mx": mx, "autograd": autograd, "onp": onp}
        record = {"code": code}
        try:
            value = run(code, namespace)
            mx.nd.waitall()
            record.update(encode(value, np, onp))
        except Exception as error:                   # noqa: BLE001 - the error is the answer
            record["error"] = type(error).__name__
            lines = [line for line in str(error).splitlines() if line.strip()] or [""]
            line = next((line for line in lines if line.startswith("MXNetError")), lines[0])
            record["message"] = line[:300]
        out["cases"][name] = record
    mx.nd.waitall()
    with open(OUT, "w") as handle:       # one case a line
        handle.write(f'{{"oracle": {json.dumps(out["oracle"])}, "cases": {{\n')
        lines = [f"{json.dumps(name)}: {json.dumps(case, sort_keys=True)}"
                 for name, case in sorted(out["cases"].items())]
        handle.write(",\n".join(lines))
        handle.write("\n}}\n")
    errors = sum("error" in c for c in out["cases"].values())
    print(f"{len(out['cases'])} cases ({errors} errors) -> {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
