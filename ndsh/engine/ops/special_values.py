"""The values of the special functions behind nd.erf, nd.erfinv, nd.gamma and nd.gammaln (and
digamma, their gradients' part): float64 numerics on backend data, split out of
ops/elementwise.py, which registers the ops. A leaf module: it registers nothing.
"""
from __future__ import annotations

import math

import numpy as np

_HALF_PI_SQRT = 2.0 / math.sqrt(math.pi)


def _digamma(xp, x):
    """digamma by recurrence up to x >= 6, then the asymptotic series (float64 accurate)."""
    x = x.astype(np.float64)
    result = xp.zeros_like(x)
    for _ in range(6):
        small = x < 6
        result = result - xp.where(small, 1.0 / x, 0.0)
        x = xp.where(small, x + 1, x)
    inv = 1.0 / x
    inv2 = inv * inv
    series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))))
    return result + xp.log(x) - 0.5 * inv - series


# erf(x) = x * sum_n c_n x^(2n) for |x| < 0.5, c_n = 2 / sqrt(pi) * (-1)^n / (n! (2n + 1)): the
# 14th term is below 1e-18 of the first there
_ERF_SERIES = tuple(_HALF_PI_SQRT * (-1) ** n / (math.factorial(n) * (2 * n + 1))
                    for n in range(14))


def erf_values(xp, x):
    """erf of backend data in float64. float64 data: math.erf for each element on the host
    (glibc's erf, exact to the ulp, as MXNet's std::erf). Other dtypes, whose results are
    rounded to float32 or below: vectorised, within 3e-15 (relative) of the exact value: the
    power series for |x| < 0.5, else 1 - erfc(|x|) by the fit in ops/erfc.py (on 2.2M
    float32 values it gives the same float32 results as math.erf; 45 ms a million, not 110)."""
    if x.dtype == np.float64:
        host = np.vectorize(math.erf, otypes=[np.float64])(_host(x))
        return xp.asarray(host)
    from ndsh.engine.ops.erfc import erfc_positive
    x = x.astype(np.float64)
    square = x * x
    series = xp.full_like(x, _ERF_SERIES[-1])
    for c in _ERF_SERIES[-2::-1]:
        series *= square
        series += c
    series *= x
    magnitude = xp.abs(x)
    tail = xp.copysign(1 - erfc_positive(xp, magnitude), x)
    return xp.where(magnitude < 0.5, series, tail)


def _erfinv(xp, x):
    """Inverse error function: Giles' approximation refined by two Newton steps."""
    y = np.asarray(_host(x), dtype=np.float64)
    with np.errstate(all="ignore"):        # the ends and outside [-1, 1]: handled below
        return _erfinv_host(xp, y)


def _erfinv_host(xp, y):
    w = -np.log((1.0 - y) * (1.0 + y))
    small = w < 5.0
    ws = w - 2.5
    p_small = 2.81022636e-08
    for c in (3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503,
              -0.00417768164, 0.246640727, 1.50140941):
        p_small = c + p_small * ws
    wl = np.sqrt(np.maximum(w, 5.0)) - 3.0
    p_large = -0.000200214257
    for c in (0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
              0.00943887047, 1.00167406, 2.83297682):
        p_large = c + p_large * wl
    result = np.where(small, p_small, p_large) * y
    erf = np.vectorize(math.erf, otypes=[np.float64])
    for _ in range(2):
        finite = np.isfinite(result)
        step = (erf(np.where(finite, result, 0)) - y) / (_HALF_PI_SQRT * np.exp(-result ** 2))
        result = np.where(finite, result - step, result)
    # the ends: erfinv(+-1) = +-inf, and nothing outside [-1, 1]
    result = np.where(np.abs(y) == 1, np.copysign(np.inf, y), result)
    return xp.asarray(np.where(np.abs(y) > 1, np.nan, result))


def _host(x):
    from ndsh.engine.backend import to_numpy
    return to_numpy(x)


def _gamma_at(v: float) -> float:
    """math.gamma, with MXNet's answers where it raises: inf at 0 and on overflow, NaN at the
    negative integers."""
    try:
        return math.gamma(v)
    except OverflowError:
        return math.inf
    except ValueError:
        return math.inf if v == 0 else math.nan


def _lgamma_at(v: float) -> float:
    """math.lgamma, inf at the poles and on overflow (MXNet)."""
    try:
        return math.lgamma(v)
    except (OverflowError, ValueError):
        return math.inf


def _gamma(xp, x):
    host = np.asarray(_host(x), dtype=np.float64)
    with np.errstate(all="ignore"):        # inf and NaN are the answers there, not news
        return xp.asarray(np.vectorize(_gamma_at, otypes=[np.float64])(host))


def _gammaln(xp, x):
    host = np.asarray(_host(x), dtype=np.float64)
    with np.errstate(all="ignore"):
        return xp.asarray(np.vectorize(_lgamma_at, otypes=[np.float64])(host))
