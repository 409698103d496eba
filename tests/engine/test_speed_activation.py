"""nd.Activation's fast paths (ops/relu_grad.relu_with_zeros, relu_grad on float64, maximum
against a zero array, sigmoid's divide, tanh's gradient in place) give the general path's bits:
forward and gradient on float16/32/64 with -0.0, subnormals, inf and NaN (payloads, both signs,
quiet and signalling) in the data and in the head gradient, small and large arrays, contiguous
and strided.

One exception, numpy's and not the fast path's: where the head gradient and the slope are both
NaN (float64 data NaN), which NaN numpy's multiply returns depends on its loop, so there both
must be NaN."""
import numpy as np
import pytest

from ndsh.engine import autograd, nd
from ndsh.engine.ops import activation as act
from ndsh.engine.ops import relu_grad as rg
from tests.engine.bits import UINT, assert_same_bits


def _specials(dt):
    bits = UINT[dt.itemsize]
    quiet = np.array(np.nan, dt).view(bits)
    sign = bits(1) << bits(dt.itemsize * 8 - 1)
    inf = np.array(np.inf, dt).view(bits)
    nans = np.array([quiet, quiet | 1, quiet | sign, quiet | sign | 3,
                     inf | 1, inf | sign | 5], bits).view(dt)      # the last two signalling
    with np.errstate(over="ignore"):
        values = np.array([0.0, -0.0, 1e-45, -1e-45, 1e-30, 0.25, 1, 7, 1e30, -2, -1e30,
                           np.inf, -np.inf], dt)
    tiny = np.finfo(dt).smallest_subnormal * np.arange(1, 3, dtype=dt)
    return np.concatenate([values, nans, tiny, -tiny])


def _data_and_head(dtype, size):
    """data of `size` values (every special value against every head value, then normals)
    and a head gradient of the same shape."""
    dt = np.dtype(dtype)
    s = _specials(dt)
    heads = np.concatenate([s, np.array([2.5, -3e-3, -1], dt)])
    X, G = np.meshgrid(s, heads)
    rng = np.random.default_rng(size)
    x = np.concatenate([X.ravel(), rng.standard_normal(size).astype(dt)])[:size]
    g = np.concatenate([G.ravel(), rng.standard_normal(size).astype(dt)])[:size]
    return x, g


def _activation(x, g, act_type):
    a = nd.array(x, dtype=x.dtype)
    a.attach_grad()
    with autograd.record():
        y = nd.Activation(a, act_type=act_type)
    y.backward(nd.array(g, dtype=g.dtype))
    return y.asnumpy(), a.grad.asnumpy()


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("shape", [(7,), (1023,), (1024,), (64, 97), (3, 40, 41)])
def test_relu_gives_the_general_bits(dtype, shape):
    x, g = _data_and_head(dtype, int(np.prod(shape)))
    x, g = x.reshape(shape), g.reshape(shape)
    with np.errstate(all="ignore"):
        ans = act._relu_general(np, x)
        expected = act._relu_grad_general(np, g, x)
    y, grad = _activation(x, g, "relu")
    assert_same_bits(y, ans)
    both = np.isnan(g) & np.isnan(x) if dtype != np.float32 else None
    assert_same_bits(grad, expected, both)


def test_relu_on_strided_data_and_the_path_taken():
    x, g = _data_and_head(np.float32, 8192)
    x = x.reshape(64, 128)
    assert rg.takes_zeros(x) and not rg.takes_zeros(x[:, ::2]) and not rg.takes_zeros(x[:4])
    ones = np.ones(4096)
    assert not rg.takes_zeros(ones) and not rg.takes_zeros(ones.astype(np.float16))
    with np.errstate(all="ignore"):
        assert_same_bits(rg.relu_with_zeros(x), act._relu_general(np, x))
        strided = x[:, ::2]
        y = nd.Activation(nd.array(x)[:, ::2], act_type="relu").asnumpy()
        assert_same_bits(y, act._relu_general(np, np.ascontiguousarray(strided)))


def test_zeros_like_is_read_only_zeros_without_memory():
    import tracemalloc
    a, b = np.ones((2, 3), np.float16), np.ones((2048, 2048), np.float16)
    tracemalloc.start()
    small, big = rg.zeros_like(a), rg.zeros_like(b)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 1e5                            # the map is no numpy allocation
    assert small.shape == (2, 3) and big.shape == (2048, 2048) and big.dtype == np.float16
    assert not big.flags.writeable and not big.any()
    with pytest.raises(ValueError):
        big[0, 0] = 1


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_sigmoid_gives_the_reciprocal_bits(dtype):
    x, g = _data_and_head(dtype, 4096)
    y, grad = _activation(x, g, "sigmoid")
    with np.errstate(all="ignore"):
        if dtype == np.float32:     # the general float32 form: 1 / (1 + exp(-x)), reciprocal
            expected = np.reciprocal(np.exp(-x) + np.float32(1))
        else:
            expected = act._sigmoid(np, x)
        assert_same_bits(y, expected)
        slope = (1 - expected) * expected
        assert_same_bits(grad, slope * g, np.isnan(g) & np.isnan(slope))


def test_the_size_threshold_is_relu_grads():
    import inspect
    assert f"data.size >= {rg.FAST_MIN_SIZE}:" in inspect.getsource(act._relu)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("size", [7, 4096])
def test_relu_raises_no_floating_point_flags(dtype, size):
    """Activation's relu runs outside np.errstate: its passes must raise no flag."""
    x, _ = _data_and_head(dtype, size)
    with np.errstate(all="raise"):
        nd.Activation(nd.array(x, dtype=x.dtype), act_type="relu").asnumpy()
        nd.Activation(nd.array(x, dtype=x.dtype)[::2], act_type="relu").asnumpy()


def test_small_relu_takes_the_zero_constant(monkeypatch):
    calls = []
    real = act._relu_numpy_small
    monkeypatch.setattr(act, "_relu_numpy_small", lambda *a: calls.append(a[0].dtype) or real(*a))
    for dtype in ("float16", "float32", "float64"):
        nd.Activation(nd.ones((3, 4), dtype=dtype), act_type="relu")
    nd.Activation(nd.ones((64, 64), dtype="float32"), act_type="relu")    # relu_with_zeros
    assert calls == [np.float16, np.float32, np.float64]


def test_float64_relu_forward_takes_relu_values(monkeypatch):
    calls = []
    real = act.relu_values
    monkeypatch.setattr(act, "relu_values", lambda x: calls.append(x.dtype) or real(x))
    x, g = _data_and_head(np.float64, 2048)
    _activation(x, g, "relu")
    _activation(x[:100], g[:100], "relu")        # small: maximum against a 0-d zero
    with np.errstate(over="ignore", invalid="ignore"):      # float64 NaN payloads, huge values
        x32, g32 = x.astype(np.float32), g.astype(np.float32)
    _activation(x32, g32, "relu")                # relu_with_zeros
    _activation(x[::2], g[::2], "relu")          # strided: relu_values' 0-d zero
    assert calls == [np.float64, np.float64]


def test_float64_relu_gradient_takes_relu_grad(monkeypatch):
    calls = []
    real = act.relu_grad
    monkeypatch.setattr(act, "relu_grad", lambda *a: calls.append(1) or real(*a))
    x, g = _data_and_head(np.float64, 2048)
    _activation(x, g, "relu")
    _activation(x[:100], g[:100], "relu")        # small: the general select
    assert calls == [1]


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("size", [100, 4096])
def test_softrelu_gives_the_general_bits(dtype, size):
    x, g = _data_and_head(dtype, size)
    y, _ = _activation(x, g, "softrelu")
    with np.errstate(all="ignore"):
        expected = (np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))).astype(x.dtype)
    assert_same_bits(y, expected)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("size", [100, 4096, 70000])
def test_tanh_gradient_gives_the_general_bits(dtype, size):
    x, g = _data_and_head(dtype, size)
    y, grad = _activation(x, g, "tanh")
    with np.errstate(all="ignore"):
        assert_same_bits(y, np.tanh(x))
        expected = g * (1 - y * y)
    assert_same_bits(grad, expected, np.isnan(g) & np.isnan(y))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("size", [1024, 1031, 4096])
def test_relu_values_keep_maximums_bits_and_raise_no_flags(dtype, size):
    """nd.relu's forward (relu_values): maximum(x, 0)'s bits, signalling NaNs included, no
    flag (clip + 0 quieted them and raised invalid), contiguous, strided, in place."""
    x, _ = _data_and_head(dtype, size)
    with np.errstate(all="raise"):
        expected = np.maximum(x, dtype(0))
        assert_same_bits(rg.relu_values(x), expected)
        assert_same_bits(rg.relu_values(x[1:]), expected[1:])                 # unaligned
        assert_same_bits(rg.relu_values(x[::3]), np.maximum(x[::3], dtype(0)))   # strided
        inplace = x.copy()
        assert rg.relu_values(inplace, out=inplace) is inplace
        assert_same_bits(inplace, expected)
        y = nd.relu(nd.array(x, dtype=x.dtype)).asnumpy()
    assert_same_bits(y, expected)


def test_relu_values_beyond_the_zero_buffer(monkeypatch):
    """Past ZEROS_MAX values relu_values takes the buffer a piece at a time: the same bits."""
    monkeypatch.setattr(rg, "ZEROS_MAX", 1000)
    monkeypatch.setattr(rg, "_ZEROS", {})
    x, _ = _data_and_head(np.float32, 4500)
    x = x.reshape(45, 100)
    with np.errstate(all="raise"):
        expected = np.maximum(x, np.float32(0))
        assert_same_bits(rg.relu_values(x), expected)
        inplace = x.copy()
        assert rg.relu_values(inplace, out=inplace) is inplace
    assert_same_bits(inplace, expected)
    assert rg._ZEROS[np.dtype(np.float32)].size == 1000
