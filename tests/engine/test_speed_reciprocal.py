"""`x / 2**k` computed as `x * 2**-k` (temporaries.exact_reciprocal): the bits of numpy's
division, for every kind of value, on the operator's small path and on a temporary's buffer
(d2l's sgd: `lr * param.grad / batch_size`), recorded or not; other divisors divide."""
import numpy as np
import pytest

from ndsh.engine import autograd, nd, operators, temporaries
from ndsh.engine.temporaries import ELIDE_MIN_SIZE
from tests.engine.bits import UINT, assert_same_bits

POWERS = (1, -1, 2, 256, -4, 0.5, 2.0 ** -20, 2 ** 14, 2.0 ** -14)


def _values(dtype, size):
    dt = np.dtype(dtype)
    bits = UINT[dt.itemsize]
    info = np.finfo(dt)
    quiet = np.array(np.nan, dt).view(bits)
    nans = np.array([quiet, quiet | 1, quiet | (bits(1) << bits(dt.itemsize * 8 - 1))],
                    bits).view(dt)
    special = np.concatenate([
        np.array([0.0, -0.0, np.inf, -np.inf, 1, -1, 3, 0.1, -7.5], dt), nans,
        np.array([info.max, -info.max, info.tiny, -info.tiny, info.smallest_subnormal,
                  -info.smallest_subnormal, info.tiny * 3, info.max / 3], dt)])
    rng = np.random.default_rng(0)
    noise = (rng.standard_normal(size) * rng.choice([1e-3, 1, 1e3], size)).astype(dt)
    return np.concatenate([special, noise])[:size] if size > special.size else special


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("size", [7, 20, ELIDE_MIN_SIZE + 5])
def test_dividing_by_a_power_of_two_gives_the_division_bits(dtype, size):
    x0 = _values(dtype, size)
    with np.errstate(all="ignore"):
        for d in POWERS:
            if float(np.asarray(d, dtype)) != d:
                continue                        # not a float16 number
            expected = np.true_divide(x0, np.asarray(d, dtype))
            x = nd.array(x0, dtype=dtype)
            assert_same_bits((x / d).asnumpy(), expected)            # a named array
            assert_same_bits(((x * 1) / d).asnumpy(), expected)      # a temporary's buffer
            x.attach_grad()
            with autograd.record():
                y = (x * 1) / d
            y.backward()
            assert_same_bits(y.asnumpy(), expected)
            assert_same_bits(x.grad.asnumpy(),
                             np.true_divide(np.ones_like(x0), np.asarray(d, dtype)))


def test_the_temporary_path_multiplies(monkeypatch):
    calls = []
    real = temporaries.divide_as_multiply
    monkeypatch.setattr(operators, "divide_as_multiply",
                        lambda value, data: calls.append(value) or real(value, data))
    # the operators' closures read the module's global at call time
    x = nd.array(np.ones(ELIDE_MIN_SIZE, np.float32))
    (0.5 * x) / 256
    (x * 1) / 4
    x / 4                                         # a named array: divides
    nd.array(np.ones(3, np.float32)) * 1 / 4      # small: divides
    assert calls == [256, 4]


def test_the_warnings_are_numpys():
    """Overflow cannot happen (no divisor below 1 multiplies); with underflow watched, the
    warning names divide, as numpy's does."""
    import warnings
    x0 = np.full(ELIDE_MIN_SIZE, np.finfo(np.float32).tiny * np.float32(1.2345678))
    for state, names in [({}, set()), ({"under": "warn"}, {"divide"})]:
        for d in (256, 0.5):
            with warnings.catch_warnings(record=True) as got, np.errstate(**state):
                warnings.simplefilter("always")
                (nd.array(x0) / d).wait_to_read()
                ((nd.array(x0) * 1) / d).wait_to_read()
            assert {str(w.message).split()[-1] for w in got} == (names if d > 1 else set())


def test_which_divisors_have_an_exact_reciprocal():
    f32, f16, f64 = (np.ones(3, t) for t in (np.float32, np.float16, np.float64))
    recip = temporaries.exact_reciprocal(256, f32)
    assert recip.dtype == np.float32 and recip.shape == () and float(recip) == 2.0 ** -8
    assert temporaries.exact_reciprocal(-4, f64) == -0.25
    assert temporaries.exact_reciprocal(2 ** 14, f16) == 2.0 ** -14
    for value, data in [(3, f32), (0.1, f64), (0, f32), (-0.0, f32), (float("nan"), f32),
                        (float("inf"), f64), (2 ** 16, f16), (2.0 ** -25, f16),
                        (2.0 ** 100, f32), (2 ** 70, f64), (True, f32),
                        (np.float32(2), f32), (0.5, f64), (-2.0 ** -20, f32)]:
        assert temporaries.exact_reciprocal(value, data) is None, value


def test_other_divisors_still_divide():
    x0 = _values(np.float32, 50)
    with np.errstate(all="ignore"):
        for d in (3, 0.1, 0, -0.0, 10.0, float("inf"), 1e-45):
            assert_same_bits((nd.array(x0) / d).asnumpy(),
                       np.true_divide(x0, np.asarray(d, np.float32)))


def test_the_modules_examples_run():
    import doctest
    result = doctest.testmod(temporaries)
    assert result.failed == 0 and result.attempted >= 3
