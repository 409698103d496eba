"""Issue 15's ops beyond the golden cases: zero-copy exchange (DLPack, from_numpy) with numpy
and, where installed, PyTorch, CuPy and JAX; the methods' inplace views; im2col and col2im as
each other's adjoint; the bad-input messages (one paragraph naming the op and the shapes)."""
from __future__ import annotations

import numpy as np
import pytest

from ndsh import autograd, nd
from ndsh.engine.context import cpu

RNG = np.random.default_rng(15)


# ----- DLPack ------------------------------------------------------------------------------
def test_dlpack_round_trip_with_numpy_shares_memory_both_ways():
    a = np.arange(6.0, dtype=np.float32).reshape(2, 3)
    x = nd.from_dlpack(a)                       # numpy -> ndsh, no copy
    assert x.context == cpu(0) and x.dtype == np.float32 and x.shape == (2, 3)
    a[0, 0] = 100
    assert x.asnumpy()[0, 0] == 100
    x[1, 2] = -5
    assert a[1, 2] == -5
    back = np.from_dlpack(x)                    # ndsh -> numpy, through NDArray.__dlpack__
    assert np.shares_memory(back, a)
    back[0, 1] = 42
    assert x.asnumpy()[0, 1] == 42


def test_capsules_share_memory_and_are_consumed_once():
    x = nd.arange(6).reshape((2, 3))
    capsule = x.to_dlpack_for_read()
    assert type(capsule).__name__ == "PyCapsule"
    y = nd.from_dlpack(capsule)
    y[:] = 7                                    # a capsule's array is writeable, as in MXNet
    assert (x.asnumpy() == 7).all()
    with pytest.raises(ValueError, match="from_dlpack: .*consumed already"):
        nd.from_dlpack(capsule)
    u = nd.from_dlpack(nd.to_dlpack_for_write(x))
    u += 1
    assert (x.asnumpy() == 8).all()


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "uint8", "int32", "int64"])
def test_dlpack_keeps_dtype_and_shape(dtype):
    x = nd.array(np.arange(12).reshape(3, 4), dtype=dtype)
    for y in (nd.from_dlpack(x.to_dlpack_for_read()), nd.from_dlpack(x[1:3].to_dlpack_for_read())):
        assert y.dtype == x.dtype
    np.testing.assert_array_equal(nd.from_dlpack(x[1:3].to_dlpack_for_write()).asnumpy(),
                                  x.asnumpy()[1:3])


def test_dlpack_of_0d_and_zero_size_arrays():
    assert nd.from_dlpack(np.array(5.0)).shape == ()
    assert nd.from_dlpack(nd.zeros((2, 0)).to_dlpack_for_read()).shape == (2, 0)


def test_dlpack_bad_inputs_name_the_op():
    with pytest.raises(ValueError, match="from_dlpack: expected a DLPack capsule or an object "
                                         "with __dlpack__.*got list"):
        nd.from_dlpack([1, 2])
    with pytest.raises(TypeError, match="to_dlpack_for_read: expects an NDArray, got ndarray"):
        nd.to_dlpack_for_read(np.ones(3))
    with pytest.raises(ValueError, match=r"from_dlpack: .* dtype int16"):
        nd.from_dlpack(np.arange(3, dtype=np.int16))


def test_dlpack_with_pytorch():
    torch = pytest.importorskip("torch")
    x = nd.arange(6).reshape((2, 3))
    t = torch.utils.dlpack.from_dlpack(x.to_dlpack_for_write())
    t += 1
    assert x.asnumpy()[0, 0] == 1
    t2 = torch.from_dlpack(x)                   # the NDArray itself
    assert t2.data_ptr() == t.data_ptr()
    source = torch.arange(4, dtype=torch.float32)
    y = nd.from_dlpack(source)
    source[0] = 9
    assert y.asnumpy()[0] == 9
    z = nd.from_dlpack(torch.utils.dlpack.to_dlpack(source))
    z[1] = -1
    assert source[1].item() == -1


def test_dlpack_with_jax():
    jax = pytest.importorskip("jax")
    x = nd.arange(6).reshape((2, 3))
    j = jax.dlpack.from_dlpack(x)
    np.testing.assert_array_equal(np.asarray(j), x.asnumpy())
    y = nd.from_dlpack(jax.numpy.arange(3.0, dtype="float32"))
    np.testing.assert_array_equal(y.asnumpy(), [0, 1, 2])


def test_dlpack_with_cupy_on_the_gpu(ctx):
    if ctx.device_type != "gpu":
        pytest.skip("a CUDA array's DLPack exchange needs gpu(0)")
    import cupy
    x = nd.arange(6, ctx=ctx)
    c = cupy.from_dlpack(x.to_dlpack_for_write())
    c += 1
    assert x.asnumpy()[0] == 1
    y = nd.from_dlpack(cupy.arange(3, dtype="float32"))
    assert y.context.device_type == "gpu"
    z = nd.from_dlpack(x.to_dlpack_for_read())
    assert z.context == x.context


# ----- from_numpy --------------------------------------------------------------------------
def test_from_numpy_zero_copy_shares_memory_and_locks_the_numpy_array():
    a = np.array([[1, 2], [3, 4], [5, 6]], dtype="float32")
    x = nd.from_numpy(a)
    with pytest.raises(ValueError):
        a[2, 1] = 0
    x[2, 1] = 100
    assert a[2, 1] == 100
    again = nd.from_numpy(a)                    # read-only by our flag: still shared, writeable
    again[0, 0] = -1
    assert a[0, 0] == -1 and x.asnumpy()[0, 0] == -1
    assert x.context == cpu(0)


def test_from_numpy_copy_and_special_shapes():
    a = np.arange(3.0)
    y = nd.from_numpy(a, zero_copy=False)
    y[0] = 9
    assert a[0] == 0 and a.flags.writeable and y.dtype == np.float64
    for value in (np.array(5.0), np.zeros((1, 0, 2))):
        for zero_copy in (True, False):
            assert nd.from_numpy(value.copy(), zero_copy=zero_copy).shape == value.shape


def test_from_numpy_bad_inputs():
    with pytest.raises(ValueError, match=r"from_numpy: zero_copy needs a C-contiguous array.*"
                                         r"shape \(3, 2\)"):
        nd.from_numpy(np.arange(6.0).reshape(2, 3).T)
    with pytest.raises(TypeError, match="from_numpy: expects a numpy array, got list"):
        nd.from_numpy([1, 2])
    with pytest.raises(ValueError, match=r"from_numpy: dtype int16 is not supported \(shape "):
        nd.from_numpy(np.arange(3, dtype=np.int16))


def test_bytes_backed_arrays_stay_read_only():
    a = np.frombuffer(b"\x00\x00\x80?\x00\x00\x00@", dtype=np.float32)
    x = nd.from_numpy(a)
    np.testing.assert_array_equal(x.asnumpy(), [1, 2])
    with pytest.raises(ValueError):
        x[0] = 5


# ----- the methods' inplace=True -----------------------------------------------------------
@pytest.mark.parametrize("call,shape", [
    (lambda x: x.expand_dims(1, inplace=True), (2, 1, 3)),
    (lambda x: x.expand_dims(-1, inplace=True), (2, 3, 1)),
    (lambda x: x.flatten(inplace=True), (2, 3)),
    (lambda x: x.reshape((1, 2, 1, 3)).squeeze(inplace=True), (2, 3)),
    (lambda x: x.reshape((1, 2, 1, 3)).squeeze(axis=(0, -2), inplace=True), (2, 3)),
])
def test_inplace_is_a_view(call, shape):
    x = nd.arange(6).reshape((2, 3))
    view = call(x)
    assert view.shape == shape
    view[:] = -1
    assert (x.asnumpy() == -1).all()


@pytest.mark.parametrize("call", [lambda x: x.expand_dims(1), lambda x: x.flatten(),
                                  lambda x: x.reshape((1, 2, 3)).squeeze(),
                                  lambda x: nd.flatten(x), lambda x: nd.expand_dims(x, 0)])
def test_without_inplace_the_result_is_a_copy(call):
    x = nd.arange(6).reshape((2, 3))
    call(x)[:] = -1
    assert x.asnumpy().sum() == 15


def test_inplace_views_carry_gradients():
    x = nd.arange(6).reshape((2, 3))
    x.attach_grad()
    with autograd.record():
        y = (x.expand_dims(0, inplace=True) * 2).sum() + x.flatten(inplace=True).sum()
    y.backward()
    assert (x.grad.asnumpy() == 3).all()


@pytest.mark.parametrize("call,message", [
    (lambda x: x.expand_dims(3, inplace=True), r"expand_dims: axis 3 is out of range for a 2-d "
                                               r"array of shape \(2, 3\)"),
    (lambda x: x.squeeze(axis=0, inplace=True), r"squeeze: axis 0 has size 2, not 1, in shape "
                                                r"\(2, 3\)"),
    (lambda x: x[:1].squeeze(axis=(0, -2), inplace=True), r"squeeze: axis \(0, -2\) names an "
                                                          r"axis twice"),
    (lambda x: x.squeeze(axis=2, inplace=True), r"squeeze: axis 2 is out of range"),
])
def test_inplace_bad_axes(call, message):
    with pytest.raises(ValueError, match=message):
        call(nd.ones((2, 3)))


def test_shape_array_and_size_array_are_methods():
    x = nd.zeros((2, 3))
    np.testing.assert_array_equal(x.shape_array().asnumpy(), [2, 3])
    assert x.size_array().asscalar() == 6 and x.size_array().dtype == np.int64


# ----- im2col / col2im ---------------------------------------------------------------------
GEOMETRIES = [
    ((2, 3, 9), dict(kernel=(3,), stride=(2,), dilate=(2,), pad=(1,))),
    ((2, 2, 5, 6), dict(kernel=(2, 3), stride=(2, 1), dilate=(1, 2), pad=(1, 2))),
    ((1, 2, 4, 3, 5), dict(kernel=(2, 2, 3), stride=(1, 2, 1), pad=(0, 1, 1))),
]


@pytest.mark.parametrize("shape,params", GEOMETRIES)
def test_col2im_is_the_adjoint_of_im2col(shape, params):
    image = RNG.normal(size=shape)
    columns = nd.im2col(nd.array(image, dtype="float64"), **params)
    other = RNG.normal(size=columns.shape)
    back = nd.col2im(nd.array(other, dtype="float64"), output_size=shape[2:], **params)
    np.testing.assert_allclose((columns.asnumpy() * other).sum(), (image * back.asnumpy()).sum())


def test_im2col_matches_a_direct_convolution():
    x = RNG.normal(size=(2, 3, 5, 6))
    w = RNG.normal(size=(4, 3, 2, 3))
    cols = nd.im2col(nd.array(x, dtype="float64"), kernel=(2, 3), pad=(1, 0)).asnumpy()
    out = (w.reshape(4, -1) @ cols).reshape(2, 4, 6, 4)       # (N, F, H_out, W_out)
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (0, 0)))
    direct = np.zeros_like(out)
    for i in range(6):
        for j in range(4):
            direct[:, :, i, j] = np.einsum("nchw,fchw->nf", padded[:, :, i:i + 2, j:j + 3], w)
    np.testing.assert_allclose(out, direct)


def test_im2col_never_shares_the_image():
    x = nd.arange(8).reshape((1, 2, 2, 2))
    cols = nd.im2col(x, kernel=(1, 1))
    cols[:] = -1
    assert x.asnumpy().min() == 0


# ----- bad inputs: one paragraph naming the op and the shapes -------------------------------
@pytest.mark.parametrize("call,error,message", [
    (lambda: nd.contrib.allclose(nd.ones((1, 2)), nd.ones((2,))), ValueError,
     r"allclose: a has shape \(1, 2\) and b \(2,\)"),
    (lambda: nd.contrib.index_copy(nd.zeros((5, 3)), nd.array([0, 4]), nd.ones((3, 3))),
     ValueError, r"index_copy: old_tensor of shape \(5, 3\), index_vector of shape \(2,\) and "
                 r"new_tensor of shape \(3, 3\)"),
    (lambda: nd.contrib.index_copy(nd.zeros((5, 3)), nd.array([0, 5, 1]), nd.ones((3, 3))),
     IndexError, r"index_copy: index 5 is out of range for the 5 rows of the array of shape "
                 r"\(5, 3\)"),
    (lambda: nd.contrib.index_copy(nd.zeros((5, 3)), nd.array([0, -1, 1]), nd.ones((3, 3))),
     IndexError, r"index_copy: index -1 is out of range"),
    (lambda: nd.im2col(nd.ones((1, 1, 4, 4)), kernel=(2,)), ValueError,
     r"im2col: kernel \(2,\) has 1 dimension\(s\), and the image has 2 spatial one\(s\) "
     r"\(4, 4\)"),
    (lambda: nd.im2col(nd.ones((1, 1, 3, 4)), kernel=(5, 5)), ValueError,
     r"im2col: the kernel \(5, 5\) with dilate \(1, 1\) spans more than the image \(3, 4\)"),
    (lambda: nd.im2col(nd.ones((1, 1, 3, 4), dtype="int32"), kernel=(2, 2)), TypeError,
     r"im2col: works on float16, float32 or float64 arrays, and this one of shape "
     r"\(1, 1, 3, 4\) is int32"),
    (lambda: nd.im2col(nd.ones((3, 4)), kernel=(2, 2)), ValueError,
     r"im2col: the input must be \(batch, channel, \*spatial\).*shape \(3, 4\)"),
    (lambda: nd.col2im(nd.ones((1, 4, 5)), output_size=(3, 4), kernel=(2, 2)), ValueError,
     r"col2im: columns of shape \(1, 4, 5\) do not fit kernel \(2, 2\)"),
    (lambda: nd.moments(nd.ones((2, 3))), ValueError,
     r"moments: give the axes to reduce.*shape \(2, 3\)"),
    (lambda: nd.moments(nd.ones((2, 3)), axes=(2,)), ValueError,
     r"moments: axis 2 is out of range for an array of shape \(2, 3\)"),
    (lambda: nd.fill_element_0index(nd.arange(4), nd.array([1]), nd.array([2])), ValueError,
     r"fill_element_0index: lhs must be 2-D.*lhs \(4,\), mhs \(1,\) and rhs \(1,\)"),
    (lambda: nd.onehot_encode(nd.array([0, 3]), nd.zeros((3, 5))), ValueError,
     r"onehot_encode: indices must be a vector and out 2-D with a row per index; got indices "
     r"\(2,\) and out \(3, 5\)"),
    (lambda: nd.onehot_encode(nd.array([0, 1], dtype="int32"), nd.zeros((2, 5))), TypeError,
     r"onehot_encode: indices \(int32\) and out \(float32\) must have the same dtype"),
    (lambda: nd.contrib.quantize(nd.ones((2,)), nd.array([0.0, 1]), nd.array([1.0])), TypeError,
     r"quantize: min_range must be a one-element float32 NDArray, got an NDArray of shape "
     r"\(2,\)"),
    (lambda: nd.contrib.dequantize(nd.ones((2,)), nd.array([0.0]), nd.array([1.0])), TypeError,
     r"dequantize: data must be a uint8 or int8 NDArray, got an NDArray of shape \(2,\) and "
     r"dtype float32"),
    (lambda: nd.contrib.rand_zipfian(nd.array([1]), 0, 5), ValueError,
     r"rand_zipfian: num_sampled must be a positive int, got 0"),
    (lambda: nd.contrib.index_array(nd.ones((2, 3)), axes=(2,)), ValueError,
     r"index_array: axis 2 is out of range for an array of shape \(2, 3\)"),
])
def test_bad_inputs_say_which_op_and_which_shapes(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_rand_zipfian_draws_from_the_seeded_stream():
    nd.random.seed(3)
    first = nd.contrib.rand_zipfian(nd.array([1, 2]), 8, 10)
    nd.random.seed(3)
    second = nd.contrib.rand_zipfian(nd.array([1, 2]), 8, 10)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())
    samples = first[0].asnumpy()
    assert samples.dtype == np.int64 and samples.shape == (8,)
    assert samples.min() >= 0 and samples.max() < 10
