"""The cases scripts/record_np_audit.py records from MXNet 1.9.1 for the audit of issue 22 (mx.np /
npx in d2l-en's np mode), family by family: ndarray semantics, memory sharing, bools as an index,
np and nd together, npx's variations, MXNet's departures from NumPy, numpy scalars and Python
types, bad input. (name, code): each snippet's last statement is the expression recorded; `np`,
`npx`, `mx`, `autograd` and `onp` (the real numpy) are bound, after `npx.set_np()`. The
gradient cases are np_audit_grads.py, the seeded samples np_audit_samples.py."""
from __future__ import annotations

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
