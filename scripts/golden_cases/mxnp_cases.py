"""The cases scripts/record_mxnp.py records from MXNet 1.9.1's numpy interface: (name, code,
random). Each snippet's last line is the value recorded; `np`, `npx`, `mx`, `autograd` and `onp`
(the real numpy) are bound, after `npx.set_np()`."""
from __future__ import annotations

X = "x = np.arange(12).reshape(3, 4)\n"
I = "i = np.array([1, 2, 3], dtype='int32')\n"
F = "f = np.array([[0.5, -1.5, 2.0], [3.0, -0.25, 1.0]])\n"

CASES = [
    # creation: float32 by default, even from ints and bools; numpy arrays keep their dtype
    ("arange", "np.arange(12)", False),
    ("arange_start_stop_step", "np.arange(2, 9, 3)", False),
    ("arange_dtype", "np.arange(5, dtype='int32')", False),
    ("arange_float_step", "np.arange(0, 1, 0.25)", False),
    ("array_ints", "np.array([1, 2])", False),
    ("array_bools", "np.array([True, False])", False),
    ("array_nested", "np.array([[1, 2.5], [3, 4]])", False),
    ("array_scalar", "np.array(3)", False),
    ("array_numpy_int64", "np.array(onp.array([1, 2]))", False),
    ("array_numpy_float64", "np.array(onp.array([1.0, 2.0]))", False),
    ("array_numpy_bool", "np.array(onp.array([True, False]))", False),
    ("array_numpy_int32", "np.array(onp.array([1, 2], dtype='int32'))", False),
    ("array_dtype", "np.array([1, 2], dtype='int64')", False),
    ("array_of_np_arrays", "np.array([np.ones(2), np.zeros(2)])", False),
    ("array_of_np_array", "np.array(np.arange(3))", False),
    ("zeros", "np.zeros((2, 3))", False),
    ("zeros_int", "np.zeros(3, dtype='int32')", False),
    ("ones", "np.ones(3)", False),
    ("ones_tuple", "np.ones((2, 1))", False),
    ("full_int", "np.full((2, 2), 7)", False),
    ("full_float", "np.full(3, 2.5)", False),
    ("full_dtype", "np.full((2,), 2, dtype='int32')", False),
    ("empty_shape", "np.empty((2, 3)).shape", False),
    ("empty_dtype", "np.empty((2,), dtype='int32').dtype", False),
    ("linspace", "np.linspace(0, 1, 5)", False),
    ("linspace_no_endpoint", "np.linspace(0, 1, 4, endpoint=False)", False),
    ("eye", "np.eye(3)", False),
    ("eye_rect", "np.eye(2, 3, k=1)", False),
    ("identity", "np.identity(2)", False),
    ("zeros_like", X + "np.zeros_like(x)", False),
    ("ones_like_int", I + "np.ones_like(i)", False),
    ("full_like", I + "np.full_like(i, 5)", False),
    ("empty_like", I + "np.empty_like(i).shape", False),
    ("copy", X + "np.copy(x)", False),
    # repr and str
    ("repr_float32", "repr(np.array([[0.0, 1.0]]))", False),
    ("repr_int32", I + "repr(i)", False),
    ("repr_int64", "repr(np.arange(3, dtype='int64'))", False),
    ("repr_float64", "repr(np.array([1.5], dtype='float64'))", False),
    ("repr_bool", "repr(np.array([1.0, 2.0]) > 1)", False),
    ("repr_0d", "repr(np.array(3.5))", False),
    ("repr_0d_int", "repr(np.array(3, dtype='int32'))", False),
    ("repr_float16", "repr(np.array([1.5, 2.0], dtype='float16'))", False),
    ("repr_uint8", "repr(np.array([1, 200], dtype='uint8'))", False),
    ("str_2d", X + "str(x)", False),
    ("str_int", I + "str(i)", False),
    ("format_0d", "'{:.2f}'.format(np.array(2.5))", False),
    ("format_1d", "'{}'.format(np.array([2.5]))", False),
    # attributes and conversion
    ("dtype_attr", X + "x.dtype", False),
    ("shape_attr", X + "x.shape", False),
    ("size_ndim_len", X + "(x.size, x.ndim, len(x))", False),
    ("ctx_attr", X + "x.ctx", False),
    ("context_attr", X + "x.context", False),
    ("item_float", "np.array([2.5]).item()", False),
    ("item_int", "np.array([2], dtype='int32').item()", False),
    ("item_bool", "(np.array([2.0]) > 1).item()", False),
    ("item_many", "np.array([2.0, 3.0]).item()", False),
    ("tolist", "np.array([[1.0, 2.0]]).tolist()", False),
    ("float_of_0d", X + "float(x.sum())", False),
    ("int_of_0d", "int(np.array(2.7))", False),
    ("bool_of_1", "bool(np.array([2.0]))", False),
    ("asnumpy", X + "x.asnumpy()", False),
    ("astype_int", "np.array([1.7, -1.7]).astype('int32')", False),
    ("astype_np_dtype", "np.array([1.7]).astype(np.float64)", False),
    ("as_nd_ndarray", X + "x.as_nd_ndarray()", False),
    ("as_np_ndarray", "mx.nd.ones((2,)).as_np_ndarray()", False),
    ("iter", "list(np.arange(3))", False),
    ("copyto_ctx", X + "x.copyto(mx.cpu())", False),
    ("as_in_ctx", X + "x.as_in_ctx(mx.cpu()) is x", False),
    ("as_in_context", X + "x.as_in_context(mx.cpu()) is x", False),
    # indexing: scalars give shape (), a boolean mask selects
    ("index_scalar", X + "x[1, 2]", False),
    ("index_row", X + "x[1]", False),
    ("index_slice", X + "x[1:3]", False),
    ("index_column", X + "x[:, 1]", False),
    ("index_step", X + "x[::2, ::-1]", False),
    ("index_neg", X + "x[-1, -1]", False),
    ("index_mask", X + "x[x > 5]", False),
    ("index_mask_row", X + "x[np.array([True, False, True], dtype='bool')]", False),
    ("index_bool_list", "np.arange(3)[np.array([True, False, True])]", False),
    ("index_int_array", X + "x[np.array([0, 2], dtype='int32')]", False),
    ("index_list", X + "x[[0, 2]]", False),
    ("index_none", X + "x[None].shape", False),
    ("index_ellipsis", X + "x[..., 1]", False),
    ("index_two_arrays", X + "x[np.array([0, 1], dtype='int32'), np.array([1, 3], dtype='int32')]",
     False),
    ("setitem_scalar", X + "x[1, 2] = 100\nx", False),
    ("setitem_row", X + "x[0] = np.array([9, 9, 9, 9])\nx", False),
    ("setitem_mask", X + "x[x > 5] = 0\nx", False),
    ("setitem_slice", X + "x[:, 1:3] = 7\nx", False),
    # memory: x[1], x[1:3], as_nd_ndarray share; reshape, .T, strided slices copy
    ("share_row", X + "v = x[1]\nv[:] = 100\nx.sum().item()", False),
    ("share_slice", X + "v = x[1:3]\nv[:] = 100\nx.sum().item()", False),
    ("share_strided", X + "v = x[::2]\nv[:] = 100\nx.sum().item()", False),
    ("share_column", X + "v = x[:, 1]\nv[:] = 100\nx.sum().item()", False),
    ("share_reshape", X + "v = x.reshape(4, 3)\nv[:] = 100\nx.sum().item()", False),
    ("share_T", X + "v = x.T\nv[:] = 100\nx.sum().item()", False),
    ("share_as_nd", X + "v = x.as_nd_ndarray()\nv[:] = 100\nx.sum().item()", False),
    ("share_expand_dims", X + "v = np.expand_dims(x, 0)\nv[:] = 100\nx.sum().item()", False),
    ("share_flatten", X + "v = x.flatten()\nv[:] = 100\nx.sum().item()", False),
    ("share_ellipsis", X + "v = x[...]\nv[:] = 100\nx.sum().item()", False),
    ("iadd_keeps_id", X + "before = id(x)\nx += 1\n(id(x) == before, x.sum().item())", False),
    # type promotion as MXNet does it
    ("int32_plus_float", I + "i + 1.5", False),
    ("int32_times_int", I + "i * 2", False),
    ("int32_div_int", I + "i / 2", False),
    ("int_div_int32", I + "1 / i", False),
    ("int32_div_int32", I + "i / i", False),
    ("int32_minus_float", I + "i - 0.5", False),
    ("float_minus_int32", I + "1.5 - i", False),
    ("int32_pow_int", I + "i ** 2", False),
    ("int32_pow_float", I + "i ** 0.5", False),
    ("int_pow_int32", I + "2 ** i", False),
    ("int32_mod", I + "i % 2", False),
    ("int32_plus_float32", I + "i + np.array([1.0, 2.0, 3.0])", False),
    ("int32_plus_int64", I + "i + np.array([1, 2, 3], dtype='int64')", False),
    ("int32_plus_bool", I + "i + np.array([True, False, True], dtype='bool')", False),
    ("int32_plus_float16", I + "i + np.array([1, 2, 3], dtype='float16')", False),
    ("float16_plus_float32", "np.array([1], dtype='float16') + np.array([1.0])", False),
    ("float32_plus_float64", "np.array([1.0]) + np.array([1.0], dtype='float64')", False),
    ("int32_lt_float32", I + "i < np.array([1.0, 2.5, 3.5])", False),
    ("float_floordiv", "np.array([3.0, -4.0]) // 2", False),
    ("compare_scalar", "np.array([1.0, 2.0]) == 1", False),
    ("compare_int32_scalar", I + "i > 1.5", False),
    ("neg_int32", I + "-i", False),
    ("abs_float", "abs(np.array([-1.0, 2.0]))", False),
    ("exp_int32", I + "np.exp(i)", False),
    ("sqrt_int32", I + "np.sqrt(i)", False),
    ("log_int32", I + "np.log(i)", False),
    ("sin_int32", I + "np.sin(i)", False),
    ("square_int32", I + "np.square(i)", False),
    ("mean_int32", I + "i.mean()", False),
    ("sum_int32", I + "i.sum()", False),
    ("sum_bool", "np.array([1.0, 2.0, 3.0]) > 1.5\n(np.array([1.0, 2.0, 3.0]) > 1.5).sum()", False),
    ("sum_int8", "np.array([1, 2], dtype='int8').sum()", False),
    ("prod_int32", I + "i.prod()", False),
    ("max_int32", I + "i.max()", False),
    ("std_int32", I + "i.std()", False),
    ("mean_bool", "(np.array([1.0, 2.0, 3.0]) > 1.5).mean()", False),
    # elementwise math
    *[(f"math_{fn}", F + f"np.{fn}(f)", False) for fn in (
        "exp", "log1p", "abs", "absolute", "sign", "square", "negative", "floor", "ceil",
        "trunc", "rint", "sin", "cos", "tan", "tanh", "sinh", "cosh", "arctan", "expm1",
        "fix", "reciprocal", "cbrt", "degrees", "radians", "around", "round")],
    *[(f"math_pos_{fn}", "p = np.array([0.5, 1.0, 4.0])\n" + f"np.{fn}(p)", False) for fn in (
        "log", "log2", "log10", "sqrt", "arcsin", "arccos", "arcsinh", "arccosh", "arctanh")],
    *[(f"binary_{fn}", F + f"np.{fn}(f, np.array([1.0, 2.0, -1.0]))", False) for fn in (
        "add", "subtract", "multiply", "divide", "true_divide", "power", "maximum", "minimum",
        "mod", "remainder", "arctan2", "hypot", "equal", "not_equal", "greater",
        "greater_equal", "less", "less_equal", "copysign")],
    ("binary_scalar_first", F + "np.subtract(1, f)", False),
    ("logical_not", "np.logical_not(np.array([0.0, 1.0]))", False),
    ("isnan", "np.isnan(np.array([1.0, onp.nan]))", False),
    ("isinf", "np.isinf(np.array([1.0, onp.inf]))", False),
    ("isfinite", "np.isfinite(np.array([1.0, onp.inf]))", False),
    ("clip", F + "np.clip(f, -1, 1)", False),
    ("clip_method", F + "f.clip(0, 1)", False),
    ("where", F + "np.where(f > 0, f, np.zeros_like(f))", False),
    ("where_scalars", F + "np.where(f > 0, 1.0, -1.0)", False),
    # reductions
    *[(f"reduce_{fn}", X + f"np.{fn}(x)", False) for fn in (
        "sum", "mean", "max", "min", "prod", "std", "var", "argmax", "argmin", "amax", "amin",
        "all", "any")],
    *[(f"reduce_{fn}_axis0", X + f"np.{fn}(x, axis=0)", False) for fn in (
        "sum", "mean", "max", "min", "prod", "std", "var", "argmax", "argmin")],
    *[(f"reduce_{fn}_keepdims", X + f"np.{fn}(x, axis=1, keepdims=True)", False) for fn in (
        "sum", "mean", "max", "min", "prod", "std", "var")],
    ("reduce_sum_axes", X + "x.sum(axis=(0, 1))", False),
    ("reduce_sum_dtype", X + "np.sum(x, dtype='float64')", False),
    ("reduce_method_mean", X + "x.mean(axis=1)", False),
    ("reduce_method_argmax", X + "x.argmax(axis=0)", False),
    ("reduce_std_ddof", X + "np.std(x, ddof=1)", False),
    ("cumsum", X + "np.cumsum(x, axis=1)", False),
    ("cumsum_flat", X + "np.cumsum(x)", False),
    # shapes
    ("reshape_ints", X + "x.reshape(2, 6)", False),
    ("reshape_tuple", X + "x.reshape((6, -1))", False),
    ("reshape_fn", X + "np.reshape(x, (4, 3))", False),
    ("transpose", X + "np.transpose(x)", False),
    ("transpose_axes", "np.arange(24).reshape(2, 3, 4).transpose(1, 0, 2).shape", False),
    ("T", X + "x.T", False),
    ("swapaxes", "np.swapaxes(np.arange(24).reshape(2, 3, 4), 0, 2).shape", False),
    ("expand_dims", X + "np.expand_dims(x, 1).shape", False),
    ("squeeze", "np.squeeze(np.ones((1, 3, 1))).shape", False),
    ("squeeze_axis", "np.squeeze(np.ones((1, 3, 1)), axis=0).shape", False),
    ("squeeze_all_ones", "np.squeeze(np.ones((1, 1))).shape", False),
    ("ravel", X + "np.ravel(x)", False),
    ("flatten", X + "x.flatten()", False),
    ("concatenate", X + "np.concatenate([x, x], axis=0).shape", False),
    ("concatenate_axis1", X + "np.concatenate((x, x), axis=1)", False),
    ("concatenate_none", X + "np.concatenate([x, x], axis=None).shape", False),
    ("stack", X + "np.stack([x, x]).shape", False),
    ("stack_axis", X + "np.stack([x, x], axis=2).shape", False),
    ("vstack", "np.vstack([np.ones(2), np.zeros(2)])", False),
    ("hstack", "np.hstack([np.ones(2), np.zeros(2)])", False),
    ("split", X + "np.split(x, 2, axis=1)", False),
    ("split_indices", X + "np.split(x, [1, 2])", False),
    ("array_split", "np.array_split(np.arange(5), 2)", False),
    ("tile", "np.tile(np.array([1.0, 2.0]), (2, 2))", False),
    ("repeat", "np.repeat(np.array([1.0, 2.0]), 2)", False),
    ("repeat_axis", X + "np.repeat(x, 2, axis=0).shape", False),
    ("flip", X + "np.flip(x, axis=1)", False),
    ("flip_all", X + "np.flip(x)", False),
    ("broadcast_to", "np.broadcast_to(np.array([1.0, 2.0]), (2, 2))", False),
    ("moveaxis", "np.moveaxis(np.zeros((2, 3, 4)), 0, -1).shape", False),
    ("roll", "np.roll(np.arange(5), 2)", False),
    ("diag", X + "np.diag(np.array([1.0, 2.0]))", False),
    ("tril", X + "np.tril(x)", False),
    ("triu_missing", "hasattr(np, 'triu')", False),
    ("sort", "np.sort(np.array([3.0, 1.0, 2.0]))", False),
    ("argsort", "np.argsort(np.array([3.0, 1.0, 2.0]))", False),
    ("unique", "np.unique(np.array([3.0, 1.0, 3.0]))", False),
    ("take", X + "np.take(x, np.array([0, 2], dtype='int32'), axis=1)", False),
    # linear algebra
    ("dot_vec", "np.dot(np.array([1.0, 2.0]), np.array([3.0, 4.0]))", False),
    ("dot_mat", X + "np.dot(x, x.T)", False),
    ("dot_method", X + "x.dot(np.ones(4))", False),
    ("matmul", X + "np.matmul(x, np.ones((4, 2)))", False),
    ("matmul_batch", "np.matmul(np.ones((2, 3, 4)), np.ones((2, 4, 5))).shape", False),
    ("matmul_op", X + "x @ np.ones((4, 2))", False),
    ("tensordot", "np.tensordot(np.arange(24).reshape(2, 3, 4), np.ones((3, 4)), axes=2)", False),
    ("tensordot_axes", X + "np.tensordot(x, x, axes=([0], [0])).shape", False),
    ("outer", "np.outer(np.array([1.0, 2.0]), np.array([3.0, 4.0, 5.0]))", False),
    ("inner", "np.inner(np.array([1.0, 2.0]), np.array([3.0, 4.0]))", False),
    ("vdot", "np.vdot(np.array([1.0, 2.0]), np.array([3.0, 4.0]))", False),
    ("linalg_norm", X + "np.linalg.norm(x)", False),
    ("linalg_norm_axis", X + "np.linalg.norm(x, axis=1)", False),
    ("linalg_norm_ord1", "np.linalg.norm(np.array([3.0, -4.0]), ord=1)", False),
    ("linalg_inv", "np.linalg.inv(np.array([[2.0, 1.0], [1.0, 3.0]]))", False),
    ("linalg_det", "np.linalg.det(np.array([[2.0, 1.0], [1.0, 3.0]]))", False),
    ("linalg_svd_shapes", "[a.shape for a in np.linalg.svd(np.arange(6).reshape(2, 3))]", False),
    ("linalg_svd_s", "np.linalg.svd(np.array([[3.0, 0.0], [0.0, 4.0]]))[1]", False),
    # autograd on np arrays
    ("grad_dot", "x = np.arange(4)\nx.attach_grad()\nwith autograd.record():\n"
                 "    y = 2 * np.dot(x, x)\ny.backward()\nx.grad", False),
    ("grad_y", "x = np.arange(4)\nx.attach_grad()\nwith autograd.record():\n"
               "    y = 2 * np.dot(x, x)\ny", False),
    ("grad_sum_exp", "x = np.array([0.5, 1.0])\nx.attach_grad()\nwith autograd.record():\n"
                     "    y = np.exp(x).sum()\ny.backward()\nx.grad", False),
    ("grad_promoted", "x = np.array([1.0, 2.0])\nx.attach_grad()\n"
                      "with autograd.record():\n    y = (x * 3).mean()\ny.backward()\nx.grad",
     False),
    ("grad_npx_relu", "x = np.array([-1.0, 2.0])\nx.attach_grad()\n"
                      "with autograd.record():\n    y = npx.relu(x)\ny.backward()\nx.grad", False),
    ("grad_autograd_grad", "x = np.array([1.0, 2.0])\nx.attach_grad()\n"
                           "with autograd.record():\n    z = (x * x).sum()\n"
                           "autograd.grad(z, [x])", False),
    ("grad_of_index", X + "x.attach_grad()\nwith autograd.record():\n    y = x[1].sum()\n"
                          "y.backward()\nx.grad", False),
    ("grad_detach", "x = np.array([1.0, 2.0])\nx.attach_grad()\nwith autograd.record():\n"
                    "    y = x.detach() * x\ny.backward()\nx.grad", False),
    ("grad_none", "np.ones(2).grad", False),
    # mixing np and nd, numpy arrays, missing names
    ("mix_np_nd", "np.ones(2) + mx.nd.ones(2)", False),
    ("mix_np_fn_nd", "np.add(np.ones(2), mx.nd.ones(2))", False),
    ("mix_np_numpy", "np.ones(2) + onp.ones(2)", False),
    ("missing_nanmean", "np.nanmean", False),
    ("missing_dtype", "np.dtype", False),
    ("constants", "(np.pi, np.e, np.newaxis, np.float32, np.int32, np.bool_)", False),
    ("np_ndarray_type", "isinstance(np.ones(2), np.ndarray)", False),
    ("np_is_nd", "isinstance(np.ones(2), mx.nd.NDArray)", False),
    # npx
    ("npx_is_np_array", "npx.is_np_array()", False),
    ("npx_relu", F + "npx.relu(f)", False),
    ("npx_sigmoid", F + "npx.sigmoid(f)", False),
    ("npx_softmax", F + "npx.softmax(f)", False),
    ("npx_softmax_axis0", F + "npx.softmax(f, axis=0)", False),
    ("npx_log_softmax", F + "npx.log_softmax(f)", False),
    ("npx_activation_tanh", F + "npx.activation(f, act_type='tanh')", False),
    ("npx_activation_relu", F + "npx.activation(f, act_type='relu')", False),
    ("npx_one_hot", "npx.one_hot(np.array([0, 2, 1]), 3)", False),
    ("npx_one_hot_int", "npx.one_hot(np.array([0, 2], dtype='int32'), 3)", False),
    ("npx_pick", F + "npx.pick(f, np.array([0, 2]))", False),
    ("npx_pick_keepdims", F + "npx.pick(f, np.array([0, 2]), axis=1, keepdims=True)", False),
    ("npx_topk", F + "npx.topk(f, k=2)", False),
    ("npx_topk_value", F + "npx.topk(f, k=2, ret_typ='value')", False),
    ("npx_topk_both", F + "npx.topk(f, k=1, ret_typ='both')", False),
    ("npx_sequence_mask", "npx.sequence_mask(np.ones((3, 2, 2)), np.array([1, 3]), "
                          "use_sequence_length=True)", False),
    ("npx_sequence_mask_axis1", "npx.sequence_mask(np.ones((2, 3)), np.array([1, 2]), "
                                "use_sequence_length=True, value=-1, axis=1)", False),
    ("npx_batch_dot", "npx.batch_dot(np.ones((2, 3, 4)), np.ones((2, 4, 5))).shape", False),
    ("npx_batch_dot_values", "npx.batch_dot(np.arange(8).reshape(2, 2, 2), "
                             "np.arange(8).reshape(2, 2, 2))", False),
    ("npx_num_gpus", "npx.num_gpus()", False),
    ("npx_cpu", "npx.cpu()", False),
    ("npx_gpu", "npx.gpu(0)", False),
    ("npx_waitall", "npx.waitall()", False),
    ("npx_save_load", "import tempfile, os\nd = tempfile.mkdtemp()\np = os.path.join(d, 'a')\n"
                      "npx.save(p, np.arange(3))\nnpx.load(p)", False),
    ("npx_save_load_dict", "import tempfile, os\nd = tempfile.mkdtemp()\np = os.path.join(d, 'a')\n"
                           "npx.save(p, {'w': np.ones(2)})\nnpx.load(p)['w']", False),
    ("npx_save_load_list", "import tempfile, os\nd = tempfile.mkdtemp()\np = os.path.join(d, 'a')\n"
                           "npx.save(p, [np.ones(2), np.zeros(1)])\nnpx.load(p)", False),
    # random (shapes and dtypes only)
    ("random_uniform", "np.random.uniform(size=(2, 3))", True),
    ("random_uniform_range", "v = np.random.uniform(2, 3, size=(100,))\n"
                             "bool((v >= 2).all() and (v < 3).all())", False),
    ("random_normal", "np.random.normal(0, 1, size=(2, 3))", True),
    ("random_normal_scalar", "np.random.normal()", True),
    ("random_randint", "np.random.randint(0, 10, size=(4,))", True),
    ("random_randint_range", "v = np.random.randint(3, 5, size=(100,))\n"
                             "bool((v >= 3).all() and (v < 5).all())", False),
    ("random_choice", "np.random.choice(5, size=3)", True),
    ("random_choice_array", "np.random.choice(np.array([1.0, 2.0]), size=(2, 2))", True),
    ("random_shuffle", "v = np.arange(10)\nnp.random.shuffle(v)\nsorted(v.asnumpy().tolist())",
     False),
    ("random_rand", "np.random.rand(2, 3)", True),
    ("random_randn", "np.random.randn(2, 3)", True),
    ("random_seed_repeats", "np.random.seed(3)\na = np.random.uniform(size=3)\nnp.random.seed(3)\n"
                            "b = np.random.uniform(size=3)\nbool((a == b).all())", False),
    ("npx_seed_repeats", "npx.random.seed(3)\na = np.random.normal(size=3)\nnpx.random.seed(3)\n"
                         "b = np.random.normal(size=3)\nbool((a == b).all())", False),
]

CASES += [
    # a bool array meets a scalar as int64; more promotion
    ("bool_plus_int", "np.array([True, False], dtype=bool) + 1", False),
    ("bool_times_float", "np.array([True, False], dtype=bool) * 2.5", False),
    ("float32_plus_bool", "np.array([1.0, 2.0]) + np.array([True, False], dtype=bool)", False),
    ("sum_int64", "np.sum(np.array([1, 2], dtype='int64'))", False),
    ("mean_axes", "np.mean(np.ones((2, 3)), axis=(0, 1))", False),
    ("zero_size", "np.zeros((2, 0)).shape", False),
    # composed of the table's ops
    ("isnan_nan", "np.isnan(np.array([1.0, onp.nan, onp.inf]))", False),
    ("isinf_neg", "np.isinf(np.array([1.0, -onp.inf, onp.nan]))", False),
    ("isfinite_all", "np.isfinite(np.array([1.0, onp.inf, onp.nan]))", False),
    ("tril_k", "np.tril(np.arange(9).reshape(3, 3), k=-1)", False),
    ("tril_rect", "np.tril(np.ones((2, 3)))", False),
    ("roll_axis", "np.roll(np.arange(6).reshape(2, 3), 1, axis=1)", False),
    ("roll_negative", "np.roll(np.arange(5), -2)", False),
    ("roll_flat_2d", "np.roll(np.arange(6).reshape(2, 3), 2)", False),
    ("unique_counts", "np.unique(np.array([3.0, 1.0, 3.0]), return_counts=True)", False),
    ("grad_tril", "x = np.ones((2, 2))\nx.attach_grad()\nwith autograd.record():\n"
                  "    y = np.tril(x * 3).sum()\ny.backward()\nx.grad", False),
    ("grad_roll", "x = np.arange(3)\nx.attach_grad()\nwith autograd.record():\n"
                  "    y = (np.roll(x, 1) * np.array([1.0, 2.0, 3.0])).sum()\ny.backward()\nx.grad",
     False),
    # npx's layer ops
    ("npx_embedding", "npx.embedding(np.array([0, 2]), np.arange(6).reshape(3, 2), input_dim=3, "
                      "output_dim=2)", False),
    ("npx_layer_norm", "npx.layer_norm(np.array([[1.0, 2.0, 4.0]]), np.ones(3), np.zeros(3))",
     False),
    ("npx_batch_norm", "npx.batch_norm(np.arange(8).reshape(2, 2, 2), np.ones(2), np.zeros(2), "
                       "np.zeros(2), np.ones(2))", False),
    ("npx_batch_norm_kw", "npx.batch_norm(np.arange(4).reshape(2, 2), np.ones(2), np.zeros(2), "
                          "moving_mean=np.ones(2), moving_var=np.ones(2))", False),
    ("npx_convolution", "npx.convolution(np.arange(16).reshape(1, 1, 4, 4), "
                        "np.ones((1, 1, 2, 2)), np.zeros(1), kernel=(2, 2), num_filter=1)", False),
    ("npx_pooling_max", "npx.pooling(np.arange(16).reshape(1, 1, 4, 4), kernel=(2, 2), "
                        "stride=(2, 2), pool_type='max')", False),
    ("npx_pooling_global", "npx.pooling(np.arange(16).reshape(1, 1, 4, 4), kernel=(2, 2), "
                           "pool_type='avg', global_pool=True)", False),
    ("npx_leaky_relu", "npx.leaky_relu(np.array([-1.0, 2.0]), slope=0.1)", False),
    ("npx_gather_nd", "npx.gather_nd(np.arange(6).reshape(2, 3), np.array([[0, 1], [2, 0]]))",
     False),
    ("npx_batch_flatten", "npx.batch_flatten(np.ones((2, 3, 4)))", False),
    ("npx_reshape_like", "npx.reshape_like(np.arange(6), np.ones((2, 3)))", False),
    ("npx_gammaln", "npx.gammaln(np.array([3.0, 0.5]))", False),
    ("npx_erfinv", "npx.erfinv(np.array([0.5, -0.25]))", False),
    ("npx_smooth_l1", "npx.smooth_l1(np.array([-2.0, 0.5]), scalar=1.0)", False),
    ("npx_gamma", "npx.gamma(np.array([4.0, 0.5]))", False),
    ("npx_erf", "npx.erf(np.array([0.0, 0.5]))", False),
    ("npx_fully_connected", "npx.fully_connected(np.arange(6).reshape(2, 3), "
                            "np.arange(12).reshape(4, 3), np.ones(4), num_hidden=4)", False),
    ("npx_dropout_predict", "npx.dropout(np.ones(4), p=0.5)", False),
    ("npx_rnn_shape", "npx.rnn(np.ones((3, 1, 2)), np.ones(12) * 0.1, np.zeros((1, 1, 2)), "
                      "state_size=2, num_layers=1, mode='rnn_tanh')", False),
]

# idioms of d2l-en's MXNet code (v1.0): indexing with ranges and int arrays, softmax by hand,
# accuracy counting
Y = "y_hat = np.array([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])\ny = np.array([0, 2])\n"
CASES += [
    ("d2l_pick_list", Y + "y_hat[[0, 1], y]", False),
    ("d2l_pick_range", Y + "y_hat[range(len(y_hat)), y]", False),
    ("d2l_cross_entropy", Y + "-np.log(y_hat[range(len(y_hat)), y])", False),
    ("d2l_accuracy", Y + "float((y_hat.argmax(axis=1).astype(y.dtype) == y).sum())", False),
    ("d2l_softmax", Y + "np.exp(y_hat) / np.exp(y_hat).sum(1, keepdims=True)", False),
    ("d2l_synthetic", "X = np.random.normal(0, 1, (3, 2))\n"
                      "(np.dot(X, np.array([2, -3.4])) + 4.2).reshape((-1, 1)).shape", False),
    ("d2l_mask_mul", Y + "y_hat * (y_hat > 0.25)", False),
    ("d2l_maximum_scalar", Y + "np.maximum(y_hat, 0.3)", False),
    ("d2l_row_plus", Y + "y_hat[0] + 1", False),
    ("d2l_0d_times", Y + "np.array(0.5) * y_hat", False),
    ("d2l_newaxis", Y + "y_hat[:, None].shape", False),
    ("d2l_matmul_T", Y + "y_hat.T @ y_hat", False),
    ("d2l_astype_mask", Y + "(y_hat > 0.25).astype('float32')", False),
    ("d2l_linreg_grad", "w = np.random.normal(0, 0.01, (2, 1))\nb = np.zeros(1)\n"
                        "w.attach_grad()\nb.attach_grad()\nX = np.arange(6).reshape(3, 2)\n"
                        "y = np.ones((3, 1))\nw[:] = np.array([[0.5], [-0.5]])\n"
                        "with autograd.record():\n"
                        "    l = ((np.dot(X, w) + b - y) ** 2 / 2)\nl.backward()\n"
                        "(w.grad, b.grad)", False),
    ("d2l_sgd_update", "w = np.ones(2)\nw.attach_grad()\nwith autograd.record():\n"
                       "    l = (w * w).sum()\nl.backward()\nw[:] = w - 0.1 * w.grad\nw", False),
]

CASES += [
    ("meshgrid_xy", "np.meshgrid(np.arange(3), np.arange(2))", False),
    ("meshgrid_ij", "np.meshgrid(np.arange(3), np.arange(2), indexing='ij')", False),
    ("nonzero_2d", "np.nonzero(np.array([[0.0, 1.0], [2.0, 0.0]]))", False),
    ("allclose_tiny", "np.allclose(np.ones(2), np.ones(2) + 1e-9)", False),
    ("isclose_pair", "np.isclose(np.array([1.0, 2.0]), np.array([1.0, 2.1]))", False),
    ("array_equal_same", "np.array_equal(np.ones(2), np.ones(2))", False),
    ("diff_1d", "np.diff(np.array([1.0, 4.0, 9.0]))", False),
    ("diff_axis0", "np.diff(np.arange(6).reshape(2, 3), axis=0)", False),
    ("diff_twice", "np.diff(np.array([1.0, 4.0, 9.0, 16.0]), n=2)", False),
    ("trace_3x3", "np.trace(np.arange(9).reshape(3, 3))", False),
    ("diagonal_3x3", "np.diagonal(np.arange(9).reshape(3, 3))", False),
    ("atleast_2d", "np.atleast_2d(np.ones(2))", False),
    ("atleast_1d", "np.atleast_1d(np.array(1.0))", False),
    ("atleast_3d", "np.atleast_3d(np.ones(2)).shape", False),
    ("ndim_shape_size", "(np.ndim(np.ones((2, 3))), np.shape(np.ones((2, 3))), "
                        "np.size(np.ones((2, 3))))", False),
    ("logspace", "np.logspace(0, 2, 3)", False),
    ("fliplr", "np.fliplr(np.arange(4).reshape(2, 2))", False),
    ("flipud", "np.flipud(np.arange(4).reshape(2, 2))", False),
    ("hsplit", "np.hsplit(np.arange(4).reshape(2, 2), 2)", False),
    ("vsplit", "np.vsplit(np.arange(4).reshape(2, 2), 2)", False),
    ("column_stack", "np.column_stack([np.ones(2), np.zeros(2)])", False),
    ("dstack", "np.dstack([np.ones(2), np.zeros(2)])", False),
    ("average_plain", "np.average(np.array([1.0, 2.0, 4.0]))", False),
    ("average_weights", "np.average(np.array([1.0, 2.0]), weights=np.array([3.0, 1.0]))", False),
    ("count_nonzero", "np.count_nonzero(np.array([0.0, 1.0, 2.0]))", False),
    ("argwhere", "np.argwhere(np.array([0.0, 1.0, 2.0]))", False),
    ("fabs", "np.fabs(np.array([-1.5]))", False),
    ("positive", "np.positive(np.array([-1.5]))", False),
    ("grad_meshgrid", "x = np.arange(3)\nx.attach_grad()\nwith autograd.record():\n"
                      "    X, Y = np.meshgrid(x, np.arange(2))\n    s = X.sum()\n"
                      "s.backward()\nx.grad", False),
    ("grad_diff", "x = np.array([1.0, 4.0, 9.0])\nx.attach_grad()\nwith autograd.record():\n"
                  "    s = (np.diff(x) * np.array([1.0, 2.0])).sum()\ns.backward()\nx.grad",
     False),
]

# MXNet's np arrays have NumPy's methods, not the legacy ones: x.exp() fails, np.exp(x) works
CASES += [(f"method_{name}", F + f"f.{name}()", False) for name in (
    "exp", "log", "sqrt", "abs", "square", "sin", "cos", "tanh", "sign", "floor", "ceil",
    "relu", "sigmoid", "softmax", "asscalar", "norm", "zeros_like", "expand_dims")]
CASES += [("method_tile", F + "f.tile(2)", False), ("method_flip", F + "f.flip(0)", False),
          ("method_nonzero", F + "f.nonzero()", False),
          ("method_broadcast_to", F + "f[0].broadcast_to((2, 3))", False),
          ("method_round", F + "f.round()", False), ("method_clip_none", F + "f.clip()", False)]

# d2l's probability section: die rolls with np.random.multinomial
CASES += [
    ("random_multinomial_one", "np.random.multinomial(1, np.array([1 / 6] * 6))", True),
    ("random_multinomial_size", "np.random.multinomial(10, np.array([1 / 6] * 6), size=5)", True),
    ("random_multinomial_sums", "c = np.random.multinomial(10, [0.5, 0.5], size=(2, 3))\n"
                                "(c.shape, c.sum(axis=-1).tolist())", False),
    ("random_multinomial_sure", "np.random.multinomial(4, np.array([0.0, 1.0, 0.0]))", False),
    ("random_exponential", "np.random.exponential(2.0, size=(3,))", True),
    ("random_exponential_scalar", "np.random.exponential()", True),
    ("random_gamma", "np.random.gamma(2.0, 1.0, size=(3,))", True),
]

A = "a = npx.multibox_prior(np.ones((1, 3, 2, 2)), sizes=(0.5,), ratios=(1.0,))\n"
CASES += [
    ("npx_deconvolution", "npx.deconvolution(np.ones((1, 1, 2, 2)), np.ones((1, 1, 2, 2)), "
                          "kernel=(2, 2), num_filter=1, no_bias=True)", False),
    ("npx_roi_pooling", "npx.roi_pooling(np.arange(16).reshape(1, 1, 4, 4), "
                        "np.array([[0, 0, 0, 3, 3]]), pooled_size=(2, 2), spatial_scale=1.0)",
     False),
    ("npx_slice", "npx.slice(np.arange(12).reshape(3, 4), begin=(0, 1), end=(2, 3))", False),
    ("npx_shape_array", "npx.shape_array(np.ones((2, 3)))", False),
    ("npx_arange_like", "npx.arange_like(np.ones((2, 3)), axis=1)", False),
    ("npx_multibox_prior", A + "a", False),
    ("npx_multibox_prior_ratios", "npx.multibox_prior(np.ones((1, 3, 2, 3)), sizes=(0.75, 0.5), "
                                  "ratios=(1, 2, 0.5))", False),
    ("npx_multibox_target", A + "npx.multibox_target(a, np.array([[[0, 0.1, 0.1, 0.4, 0.4]]]), "
                                "np.zeros((1, 2, 4)))", False),
    ("npx_multibox_detection", A + "npx.multibox_detection(np.array([[[0.1, 0.2, 0.9, 0.3], "
                                   "[0.9, 0.8, 0.1, 0.7]]]), np.zeros((1, 16)), a)", False),
]

# numpy names looked up in MXNet's np: which of them it lacks (recorded, then refused by name)
MXNP_NAMES_OF_NUMPY = ("nanmean", "nanstd", "dtype", "triu", "float128", "asarray", "fromiter",
                       "savez", "load", "save", "nansum", "einsum", "cumprod", "median",
                       "argwhere", "searchsorted", "gradient", "convolve", "kron", "cross")
