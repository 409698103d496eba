"""Record golden outputs of MXNet 1.9.1's numpy interface for the np / npx functions added in
the third slice (tests/mxnp/test_more_golden.py replays them in ndsh): the functions MXNet hands
to NumPy (ndsh/mxnp/fallback.py; their docstring examples come from
ndsh/mxnp/fallback_docs.py and are recorded here too), np.linalg's decompositions and solvers,
np.random's other distributions (shapes and dtypes only), the native functions (bincount,
histogram, insert, delete, rot90, percentile...), npx.reshape and npx.nonzero, and the names of
np, np.random, np.linalg, npx, npx.image and npx.random.

Oracle: Apache MXNet 1.9.1 (CPU wheel) with numpy 1.23.5 on Python 3.11, in a side venv; MXNet
is never a dependency of ndsh. Rerun from the repository root:

    /work/mxvenv/bin/python scripts/record_mxnp_more.py

It writes tests/mxnp/golden/mxnp_more_1.9.1.json, with the encoding of scripts/record_mxnp.py.
Every snippet runs after `npx.set_np()` with `np`, `npx`, `mx`, `autograd` and `onp` bound;
cases under RANDOM record shapes and dtypes only (ndsh's generator is not MXNet's).
"""
from __future__ import annotations

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from record_mxnp import encode, run  # noqa: E402

OUT = os.path.join(HERE, os.pardir, "tests", "mxnp", "golden", "mxnp_more_1.9.1.json")


def fallback_examples() -> tuple:
    """ndsh/mxnp/fallback_docs.py's EXAMPLES, read without importing ndsh."""
    namespace: dict = {}
    path = os.path.join(HERE, os.pardir, "ndsh", "mxnp", "fallback_docs.py")
    with open(path) as f:
        exec(compile(f.read(), path, "exec"), namespace)
    return namespace["EXAMPLES"], namespace["LINALG_EXAMPLES"]


X = "x = np.array([1.0, np.nan, 3.0, -2.0])\n"
A = "A = np.array([[4.0, 2.0], [2.0, 3.0]])\n"
M = "M = np.array([[2.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 4.0]])\n"
GRAD_A = ("A.attach_grad()\nwith autograd.record():\n    y = (RESULT * "
          "np.arange(1.0, SIZE + 1).reshape(SHAPE)).sum()\ny.backward()\nA.grad")


def grad_case(result: str, shape: str, size: int, setup: str = A) -> str:
    return setup + GRAD_A.replace("RESULT", result).replace("SHAPE", shape) \
        .replace("SIZE", str(size))


CASES = [
    # the fallback's rules: contexts, keywords, no np array, autograd, errors
    ("fb_ctx", "np.interp(np.array([1.5]), np.array([1.0, 2.0]), np.array([3.0, 4.0])).ctx"),
    ("fb_keywords", "np.searchsorted(np.array([1.0, 2.0, 3.0]), v=np.array([2.5]), "
                    "side='right')"),
    ("fb_int32", "np.digitize(np.array([1, 5, 9], dtype='int32'), "
                 "np.array([2, 6], dtype='int32'))"),
    ("fb_nested_tuple", "np.lexsort((np.array([1.0, 0.0]), np.array([0.0, 0.0])))"),
    ("fb_no_np_array", "np.polyval([1.0, 2.0], [3.0])"),
    ("fb_scalar_result_type", "type(np.nanmax(np.array([1.0, np.nan]))).__name__"),
    ("fb_under_record", "x = np.array([1.0, 2.0])\nx.attach_grad()\n"
                        "with autograd.record():\n    y = np.nanmax(x)\ny"),
    ("fb_dtype_result", "np.result_type(np.ones(2), 'int32')"),
    ("fb_financial", "np.npv(0.1, [1.0, 2.0])"),
    ("fb_select_bools", "np.select([np.array([True, False])], [np.array([1.0, 2.0])])"),
    ("fb_nanmin_axis", X + "np.nanmin(x.reshape(2, 2), axis=1)"),
    ("fb_nanmean_absent", X + "np.nanmean(x)"),
    ("fb_nansum_absent", X + "np.nansum(x)"),
    ("fb_take_along_axis_grad", "x = np.array([[3.0, 1.0, 2.0]])\nx.attach_grad()\n"
                                "with autograd.record():\n"
                                "    y = np.take_along_axis(x, np.array([[1, 2, 0]], "
                                "dtype='int64'), 1)\ny"),
]
XS = "x = np.array([1.0, 2.0, 3.0, 4.0])\n"
XY = "x = np.array([0.0, 1.0, 1.0, 2.5])\ny = np.array([1.0, 0.0, 2.0, 2.0])\n"
NATIVE = [
    # bincount, histogram, percentile, quantile: MXNet's dtypes
    ("bincount", "np.bincount(np.array([0, 1, 1, 3], dtype='int64'))"),
    ("bincount_int32", "np.bincount(np.array([0, 1, 1], dtype='int32'), minlength=5)"),
    ("bincount_weights", "np.bincount(np.array([0, 1, 1], dtype='int32'), "
                         "weights=np.array([0.5, 1.0, 2.0]))"),
    ("bincount_floats", "np.bincount(np.array([0.0, 1.0]))"),
    ("histogram", XS + "np.histogram(x, bins=2, range=(0.0, 5.0))"),
    ("histogram_edges", XS + "np.histogram(x, bins=np.array([0.0, 2.0, 5.0]))"),
    ("histogram_thirds", XS + "np.histogram(x, bins=3, range=(0, 4))"),
    ("histogram_int32", "np.histogram(np.array([1, 2, 3], dtype='int32'), bins=2, "
                        "range=(0.0, 4.0))"),
    ("histogram_no_range", XS + "np.histogram(x, bins=3)"),
    # histogram2d / histogramdd fall back to NumPy: float64 edges for a float32 sample
    ("histogram2d_float32", XY + "np.histogram2d(x, y, bins=2)"),
    ("histogram2d_bins_list", XY + "np.histogram2d(x, y, bins=[2, 3])"),
    ("histogram2d_edges_given", XY + "np.histogram2d(x, y, bins=np.array([0.0, 1.0, 3.0]))"),
    ("histogramdd_float32", XY + "np.histogramdd(np.stack([x, y], axis=1), bins=3)"),
    ("percentile", XS + "np.percentile(x, 50)"),
    ("percentile_array", XS + "np.percentile(x, np.array([25.0, 75.0]))"),
    ("percentile_axis", XS + "np.percentile(x.reshape(2, 2), 50, axis=1)"),
    ("percentile_lower", XS + "np.percentile(x, 50, interpolation='lower')"),
    ("percentile_int32", "np.percentile(np.array([1, 2, 3, 4], dtype='int32'), 50)"),
    ("quantile", XS + "np.quantile(x, 0.5)"),
    ("quantile_keepdims", XS + "np.quantile(x, np.array([0.25]), keepdims=True)"),
    # elementwise
    ("nan_to_num", "np.nan_to_num(np.array([np.nan, np.inf, -np.inf, 1.0]))"),
    ("nan_to_num_values", "np.nan_to_num(np.array([np.nan, np.inf]), nan=1.0, posinf=2.0)"),
    ("nan_to_num_int32", "np.nan_to_num(np.array([1, 2], dtype='int32'))"),
    ("polyval", "np.polyval(np.array([1.0, 2.0]), np.array([3.0]))"),
    ("polyval_int32", "np.polyval(np.array([1, 2], dtype='int32'), np.array([3], "
                      "dtype='int32'))"),
    ("product", XS + "np.product(x)"),
    ("product_axis", XS + "np.product(x.reshape(2, 2), axis=0)"),
    ("round_", "np.round_(np.array([1.25, 2.5]), 1)"),
    ("sometrue", XS + "np.sometrue(x)"),
    ("ldexp", XS + "np.ldexp(x, np.array([2.0]))"),
    ("ldexp_int", XS + "np.ldexp(x, 2)"),
    ("ldexp_int32", "np.ldexp(np.array([1, 2], dtype='int32'), np.array([1, 2], "
                    "dtype='int32'))"),
    ("lcm", "np.lcm(np.array([4, 6], dtype='int32'), np.array([6, 4], dtype='int32'))"),
    ("lcm_scalar", "np.lcm(np.array([4, 6], dtype='int64'), 4)"),
    ("lcm_floats", XS + "np.lcm(x, x)"),
    ("invert", "np.invert(np.array([1, 0], dtype='int32'))"),
    ("invert_bool", "np.invert(np.array([True, False], dtype='bool'))"),
    ("bitwise_not", "np.bitwise_not(np.array([1], dtype='uint8'))"),
    ("bitwise_and", "np.bitwise_and(np.array([3, 5], dtype='int32'), 1)"),
    ("bitwise_or", "np.bitwise_or(np.array([3, 5], dtype='int32'), np.array([4, 2], "
                   "dtype='int32'))"),
    ("bitwise_xor", "np.bitwise_xor(np.array([3, 5], dtype='int32'), np.array([1, 1], "
                    "dtype='int32'))"),
    ("bitwise_and_floats", XS + "np.bitwise_and(x, x)"),
    ("isposinf", "np.isposinf(np.array([np.inf, -np.inf, 1.0]))"),
    ("isneginf", "np.isneginf(np.array([np.inf, -np.inf, 1.0]))"),
    ("hanning", "np.hanning(5)"), ("hamming", "np.hamming(5)"), ("blackman", "np.blackman(5)"),
    ("hanning_one", "np.hanning(1)"), ("hanning_zero", "np.hanning(0)"),
    ("hanning_float64", "np.hanning(3, dtype='float64')"),
    ("hamming_ctx", "np.hamming(4, ctx=mx.cpu(0)).ctx"),
    ("may_share_memory_self", XS + "np.may_share_memory(x, x)"),
    ("shares_memory_other", XS + "np.shares_memory(x, np.ones(2))"),
    ("finfo_eps", "float(np.finfo(np.float32).eps)"),
    ("finfo_max", "float(np.finfo('float16').max)"),
    # cutting and joining
    ("append", XS + "np.append(x, np.array([[5.0]]))"),
    ("append_axis", XS + "np.append(x.reshape(2, 2), np.ones((1, 2)), axis=0)"),
    ("insert", XS + "np.insert(x, 1, 9.0)"),
    ("insert_int32", "np.insert(np.array([1, 2], dtype='int32'), 1, 7)"),
    ("insert_list", XS + "np.insert(x, [1, 3], np.array([7.0, 8.0]))"),
    ("delete", XS + "np.delete(x, 1)"),
    ("delete_axis", XS + "np.delete(x.reshape(2, 2), 0, axis=1)"),
    ("delete_slice", XS + "np.delete(x, slice(1, 3))"),
    ("delete_array", XS + "np.delete(x, np.array([0, 1], dtype='int64'))"),
    ("delete_list", XS + "np.delete(x, [0, 2])"),
    ("resize", XS + "np.resize(x, (3, 3))"),
    ("resize_int", XS + "np.resize(x, 2)"),
    ("rot90", XS + "np.rot90(x.reshape(2, 2))"),
    ("rot90_twice", XS + "np.rot90(x.reshape(2, 2), 2)"),
    ("rot90_back", XS + "np.rot90(x.reshape(2, 2), -1, axes=(1, 0))"),
    ("rot90_3d", "np.rot90(np.arange(24).reshape(2, 3, 4), 3, axes=(0, 2))"),
    ("diagflat", XS + "np.diagflat(x.reshape(2, 2))"),
    ("diagflat_k", "np.diagflat(np.array([1.0, 2.0]), 1)"),
    ("diagflat_negative_k", "np.diagflat(np.array([1.0, 2.0]), -1)"),
    ("dsplit", "np.dsplit(np.arange(8).reshape(1, 2, 4), 2)"),
    ("dsplit_indices", "np.dsplit(np.arange(8).reshape(1, 2, 4), [1])"),
    ("row_stack", XS + "np.row_stack([x, x])"),
    ("row_stack_mixed", "np.row_stack((np.ones(2), np.zeros((2, 2))))"),
    ("broadcast_arrays", XS + "np.broadcast_arrays(x, np.ones((2, 1)))"),
    ("ediff1d", XS + "np.ediff1d(x)"),
    ("ediff1d_ends", XS + "np.ediff1d(x, to_end=np.array([9.0]), to_begin=0.0)"),
    ("ediff1d_2d", XS + "np.ediff1d(x.reshape(2, 2))"),
    ("indices", "np.indices((2, 3))"),
    ("indices_float32", "np.indices((2,), dtype='float32')"),
    ("unravel_index", "np.unravel_index(np.array([5, 1], dtype='int64'), (2, 3))"),
    ("unravel_index_int", "np.unravel_index(4, (2, 3))"),
    ("diag_indices_from", "np.diag_indices_from(np.ones((3, 3)))"),
    ("deg2rad", XS + "np.deg2rad(x)"),
    ("rad2deg", XS + "np.rad2deg(x)"),
    # cumsum and diff: dtypes
    ("cumsum_int32", "np.cumsum(np.array([1, 2, 3], dtype='int32'))"),
    ("cumsum_bool", "np.cumsum(np.array([True, False]))"),
    ("cumsum_float64", XS + "np.cumsum(x, dtype='float64')"),
    ("cumsum_int8", "np.cumsum(np.array([1, 2], dtype='int8'))"),
    ("cumsum_axis", XS + "np.cumsum(x.reshape(2, 2), axis=1)"),
    ("diff_int32", "np.diff(np.array([1, 4, 9], dtype='int32'))"),
    ("diff_twice", XS + "np.diff(x, n=2)"),
    ("diff_axis", XS + "np.diff(x.reshape(2, 2), axis=0)"),
]
GRAD_X = ("x = np.array([1.0, 2.0, 3.0, 4.0])\nx.attach_grad()\nwith autograd.record():\n"
          "    y = RESULT\n    (y * np.arange(1, y.size + 1).reshape(y.shape)).sum()"
          ".backward()\nx.grad")
NATIVE += [(f"grad_{name}", GRAD_X.replace("RESULT", code)) for name, code in [
    ("rot90", "np.rot90(x.reshape(2, 2))"), ("diagflat", "np.diagflat(x)"),
    ("ediff1d", "np.ediff1d(x)"), ("polyval", "np.polyval(x, np.array([2.0]))"),
    ("ldexp", "np.ldexp(x, np.array([2.0]))"), ("nan_to_num", "np.nan_to_num(x)"),
    ("append", "np.append(x, np.array([1.0]))"), ("dsplit", "np.dsplit(x.reshape(1, 1, 4), 2)[0]"),
    ("row_stack", "np.row_stack([x, x])"),
    ("broadcast_arrays", "np.broadcast_arrays(x, np.ones((2, 1)))[0]"),
    ("product", "np.product(x)"), ("insert", "np.insert(x, 1, np.array([5.0]))"),
    ("delete", "np.delete(x, 1)"), ("resize", "np.resize(x, (2, 3))")]]
CASES += NATIVE
LINALG = [
    ("linalg_cholesky", A + "np.linalg.cholesky(A)"),
    ("linalg_cholesky_stack", A + "np.linalg.cholesky(np.stack([A, A * 2]))"),
    ("linalg_eig", A + "np.linalg.eig(A)"),
    ("linalg_eig_upper", "np.linalg.eig(np.array([[1.0, 2.0], [0.0, 3.0]]))"),
    ("linalg_eigvals", A + "np.linalg.eigvals(A)"),
    ("linalg_eigh", A + "np.linalg.eigh(A)"),
    ("linalg_eigh_upper", A + "np.linalg.eigh(A, UPLO='U')"),
    ("linalg_eigvalsh", A + "np.linalg.eigvalsh(A)"),
    ("linalg_eigvalsh_3", M + "np.linalg.eigvalsh(M)"),
    ("linalg_solve", A + "np.linalg.solve(A, np.array([1.0, 2.0]))"),
    ("linalg_solve_matrix", A + "np.linalg.solve(A, np.eye(2))"),
    ("linalg_solve_3", M + "np.linalg.solve(M, np.array([[1.0], [2.0], [3.0]]))"),
    ("linalg_slogdet", A + "np.linalg.slogdet(A)"),
    ("linalg_slogdet_negative", "np.linalg.slogdet(np.array([[2.0, 0.0], [0.0, -3.0]]))"),
    ("linalg_pinv", "np.linalg.pinv(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]))"),
    ("linalg_tensorinv", "np.linalg.tensorinv(np.eye(4).reshape(4, 2, 2), ind=1)"),
    ("linalg_tensorsolve", "np.linalg.tensorsolve(np.eye(4).reshape(2, 2, 2, 2), "
                           "np.ones((2, 2)))"),
    ("linalg_qr", "np.linalg.qr(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]))"),
    ("linalg_lstsq", "np.linalg.lstsq(np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]), "
                     "np.array([1.0, 2.0, 3.0]), rcond=None)"),
    ("linalg_matrix_rank", "np.linalg.matrix_rank(np.array([[1.0, 2.0], [2.0, 4.0]]))"),
    ("linalg_matrix_power", A + "np.linalg.matrix_power(A, 3)"),
    ("linalg_matrix_power_inverse", A + "np.linalg.matrix_power(A, -1)"),
    ("linalg_multi_dot", A + "np.linalg.multi_dot([A, A, np.ones((2, 1))])"),
    ("linalg_cond", A + "np.linalg.cond(A)"),
    ("linalg_grad_cholesky", grad_case("np.linalg.cholesky(A)", "2, 2", 4)),
    ("linalg_grad_slogdet", grad_case("np.linalg.slogdet(A)[1]", "()", 1)),
    ("linalg_grad_tensorinv", grad_case("np.linalg.tensorinv(A, ind=1)", "2, 2", 4)),
    ("linalg_grad_solve", grad_case("np.linalg.solve(A, np.array([1.0, 2.0]))", "2", 2)),
    ("linalg_qr_under_record", grad_case("np.linalg.qr(A)[1]", "2, 2", 4)),
]
NPX = [
    ("npx_reshape_copy", "npx.reshape(np.ones((2, 3, 8)), (-2, -2, 2, -1)).shape"),
    ("npx_reshape_split", "npx.reshape(np.ones((8, 3, 3, 3, 4, 4)), (-6, 2, -1, -4)).shape"),
    ("npx_reshape_merge", "npx.reshape(np.ones((8, 3, 3, 3, 4, 4)), (-5, -4)).shape"),
    ("npx_reshape_drop", "npx.reshape(np.ones((8, 1, 1, 1, 3)), (-2, -3, -3, -3, -2)).shape"),
    ("npx_reshape_reverse", "npx.reshape(np.ones((8, 3, 3, 3, 3, 8)), (-4, -5), "
                            "reverse=True).shape"),
    ("npx_reshape_reverse_split", "npx.reshape(np.ones((8, 3, 2, 4, 8)), (-4, -1, 2, -6), "
                                  "reverse=True).shape"),
    ("npx_reshape_values", "npx.reshape(np.arange(6), (-1, 3))"),
    ("npx_reshape_int", "npx.reshape(np.arange(6).reshape(2, 3), 6)"),
    ("npx_reshape_bad", "npx.reshape(np.ones((2, 3)), (4, -1))"),
    ("npx_reshape_drop_bad", "npx.reshape(np.ones((2, 3)), (-3, -2))"),
    ("npx_reshape_grad", "x = np.arange(6.0).reshape(2, 3)\nx.attach_grad()\n"
                         "with autograd.record():\n    y = (npx.reshape(x, (-5,)) * "
                         "np.arange(6.0)).sum()\ny.backward()\nx.grad"),
    ("npx_nonzero", "npx.nonzero(np.array([[3, 0, 0], [0, 4, 0], [5, 6, 0]]))"),
    ("npx_nonzero_1d", "npx.nonzero(np.array([0.0, 1.0, 0.0, 2.0]))"),
    ("npx_nonzero_none", "npx.nonzero(np.zeros((2, 2)))"),
    ("npx_nonzero_bool", "npx.nonzero(np.array([True, False]))"),
    ("npx_constraint_check", "npx.constraint_check(np.array([1.0, 2.0]) > 0, 'positive')"),
    ("npx_constraint_check_fails", "npx.constraint_check(np.array([1.0, -2.0]) > 0, 'pos')"),
    ("npx_constraint_check_floats", "npx.constraint_check(np.array([1.0, 2.0]), 'floats')"),
]
IM = ("im = npx.image\nx = np.arange(48).reshape(4, 4, 3).astype('uint8')\n"
      "xf = np.arange(48).reshape(4, 4, 3) / 47.0\n")
IMAGE = [(f"image_{name}", IM + code) for name, code in [
    ("crop", "im.crop(x, 1, 0, 2, 3)"), ("crop_batch", "im.crop(np.stack([x, x]), 1, 0, 2, 3)"),
    ("resize", "im.resize(x, (2, 2))"), ("resize_float", "im.resize(xf, (2, 3))"),
    ("resize_keep_ratio", "im.resize(x, 2, keep_ratio=True)"),
    ("resize_batch", "im.resize(np.stack([x, x]), (2, 2))"),
    ("adjust_lighting", "im.adjust_lighting(xf, alpha=(0.1, 0.2, 0.3))"),
    ("adjust_lighting_uint8", "im.adjust_lighting(x, alpha=(0.1, 0.2, 0.3))"),
    ("brightness_fixed", "im.random_brightness(xf, 0.5, 0.5)"),
    ("brightness_uint8", "im.random_brightness(x, 1.5, 1.5)"),
    ("contrast_fixed", "im.random_contrast(xf, 0.5, 0.5)"),
    ("contrast_uint8", "im.random_contrast(x, 0.5, 0.5)"),
    ("saturation_fixed", "im.random_saturation(xf, 0.5, 0.5)"),
    ("saturation_one", "im.random_saturation(xf, 1.0, 1.0)"),
    ("hue_fixed", "im.random_hue(xf, 0.3, 0.3)"), ("hue_zero", "im.random_hue(xf, 0.0, 0.0)"),
    ("hue_uint8", "im.random_hue(x, 0.25, 0.25)"),
    ("to_tensor", "im.to_tensor(x)"),
    ("normalize", "im.normalize(im.to_tensor(x), mean=(0.5, 0.5, 0.5), std=(0.5, 0.5, 0.5))"),
    ("flip_left_right", "im.flip_left_right(x)"), ("flip_top_bottom", "im.flip_top_bottom(x)"),
    ("crop_grad", "xf.attach_grad()\nwith autograd.record():\n"
                  "    y = im.crop(xf, 1, 1, 2, 2).sum()\ny.backward()\nxf.grad")]]
RANDOM_IMAGE = [(f"image_{name}", IM + code) for name, code in [
    ("random_lighting", "im.random_lighting(xf, alpha_std=0.05)"),
    ("random_brightness", "im.random_brightness(x, 0.5, 1.5)"),
    ("random_contrast", "im.random_contrast(x, 0.5, 1.5)"),
    ("random_color_jitter", "im.random_color_jitter(x, 0.1, 0.1, 0.1, 0.1)"),
    ("random_color_jitter_float", "im.random_color_jitter(xf, 0.1, 0.1, 0.1, 0.1)"),
    ("random_flip_left_right", "im.random_flip_left_right(x)")]]
CASES += LINALG + NPX + IMAGE
RANDOM = [
    ("random_lognormal", "np.random.lognormal(0.0, 1.0, size=(2, 3))"),
    ("random_lognormal_scalar", "np.random.lognormal()"),
    ("random_logistic", "np.random.logistic(size=(4,))"),
    ("random_gumbel", "np.random.gumbel(np.zeros((2, 1)), np.ones(3))"),
    ("random_rayleigh", "np.random.rayleigh(2.0, size=5)"),
    ("random_weibull", "np.random.weibull(np.array([1.0, 2.0]))"),
    ("random_pareto", "np.random.pareto(2.0)"),
    ("random_power", "np.random.power(2.0, size=(3,))"),
    ("random_chisquare", "np.random.chisquare(3, size=(2, 2))"),
    ("random_beta", "np.random.beta(2.0, 3.0, size=(2,))"),
    ("random_beta_scalar", "np.random.beta(2.0, 3.0)"),
    ("random_multivariate_normal", "np.random.multivariate_normal(np.zeros(2), np.eye(2), "
                                   "size=3)"),
    ("random_multivariate_normal_one", "np.random.multivariate_normal(np.zeros(2), np.eye(2))"),
    ("npx_random_bernoulli", "npx.random.bernoulli(0.5, size=(2, 3))"),
    ("npx_random_bernoulli_logit", "npx.random.bernoulli(logit=np.zeros(2))"),
    ("npx_random_normal_n", "npx.random.normal_n(np.zeros(2), 1.0, batch_shape=(3,))"),
    ("npx_random_uniform_n", "npx.random.uniform_n(0, 1, batch_shape=4)"),
    *RANDOM_IMAGE,
]


def main() -> None:
    import warnings
    warnings.filterwarnings("ignore")
    import mxnet as mx
    import numpy as onp
    from mxnet import autograd, np, npx
    npx.set_np()
    out = {"oracle": f"mxnet {mx.__version__}, numpy {onp.__version__}", "cases": {},
           "names": {key: sorted(n for n in dir(module) if not n.startswith("_"))
                     for key, module in [("np", np), ("np.random", np.random),
                                         ("np.linalg", np.linalg), ("npx", npx),
                                         ("npx.image", npx.image),
                                         ("npx.random", npx.random)]}}
    examples, linalg_examples = fallback_examples()
    cases = [(f"example_{name}", code) for name, (code, _) in examples.items()]
    cases += [(f"example_linalg_{name}", code) for name, (code, _) in linalg_examples.items()]
    for name, code, random in ([(n, c, False) for n, c in cases + CASES]
                               + [(n, c, True) for n, c in RANDOM]):
        namespace = {"np": np, "npx": npx, "mx": mx, "autograd": autograd, "onp": onp}
        mx.random.seed(0)
        try:
            value = run(code, namespace)
            record = encode(value, np, onp, random)
            if name.startswith("example_"):
                record["printed"] = repr(value)      # what a docstring example shows
        except Exception as error:                    # noqa: BLE001  (recorded as data)
            record = {"error": type(error).__name__, "message": str(error)[:300]}
        record["code"] = code
        if random:
            record["random"] = True
        out["cases"][name] = record
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(out['cases'])} cases to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
