"""`mx.np` (`mxnet.numpy`): MXNet 1.9.1's numpy interface on ndsh's engine.

`from mxnet import np, npx; npx.set_np()` then `np.arange(12).reshape(3, 4)`: arrays with NumPy's
shapes and printing, MXNet's dtypes (float32 by default, even for ints), autograd, contexts.
Every function is a thin signature over the op table's ops, so np arrays and nd arrays share one
engine: `x.as_nd_ndarray()` is the same array. A NumPy name that MXNet's np interface lacks raises
AttributeError naming it; one MXNet has but ndsh does not yet says so. See docs/mxnp.md.
"""
from __future__ import annotations

import numpy as _onp

from ndsh.mxnp import compare as _compare
from ndsh.mxnp import composite as _composite
from ndsh.mxnp import convert as _convert  # noqa: F401  (as_np_ndarray, autograd on np)
from ndsh.mxnp import creation as _creation
from ndsh.mxnp import linalg, random  # noqa: F401  (np.linalg, np.random)
from ndsh.mxnp import math as _math
from ndsh.mxnp import methods as _methods
from ndsh.mxnp import products as _products
from ndsh.mxnp import reduce as _reduce
from ndsh.mxnp import select as _select
from ndsh.mxnp import shape as _shape
from ndsh.mxnp import stacking as _stacking
from ndsh.mxnp.array import ndarray
from ndsh.mxnp.naming import missing_name

_methods.attach()

# a package to the import system, as MXNet's is: `from mxnet.numpy.random import multinomial`
# (mxnet_compat maps mxnet.numpy.random / linalg to this module's random / linalg)
__path__: list = []

_FUNCTIONS = {}
for _family in (_creation, _math, _reduce, _shape, _select, _products, _composite, _compare,
                _stacking):
    _FUNCTIONS.update(_family.FUNCTIONS)
_FUNCTIONS.update(where=_math.where, clip=_math.clip)
globals().update(_FUNCTIONS)
_methods.NP_FUNCTIONS = frozenset(_FUNCTIONS)

# NumPy's dtype names and constants, as MXNet's np re-exports them
float16, float32, float64 = _onp.float16, _onp.float32, _onp.float64
int8, int32, int64, uint8 = _onp.int8, _onp.int32, _onp.int64, _onp.uint8
bool_ = _onp.bool_
bool = _onp.bool_  # noqa: A001  (MXNet's np.bool)
pi, e, inf, nan, newaxis = _onp.pi, _onp.e, _onp.inf, _onp.nan, None
PZERO, NZERO, PINF, NINF, NAN, NaN = 0.0, -0.0, _onp.inf, -_onp.inf, _onp.nan, _onp.nan

__all__ = sorted(_FUNCTIONS) + ["ndarray", "linalg", "random"]
_CONSTANTS = ["float16", "float32", "float64", "int8", "int32", "int64", "uint8", "bool_", "bool",
              "pi", "e", "inf", "nan", "newaxis", "PZERO", "NZERO", "PINF", "NINF", "NAN", "NaN"]


def __dir__() -> list:
    return sorted(__all__ + _CONSTANTS)

# names of MXNet 1.9.1's np (recorded by scripts/record_mxnp.py) that ndsh does not have yet
_MXNET_NP_NAMES = frozenset("""
all allclose alltrue amax amin any append apply_along_axis apply_over_axes arange arccos arccosh
arcsin arcsinh arctan arctan2 arctanh argmax argmin argpartition argsort argwhere around array
array_equal array_equiv array_split atleast_1d atleast_2d atleast_3d average bincount bitwise_and
bitwise_not bitwise_or bitwise_xor blackman broadcast_arrays broadcast_to cbrt ceil choose clip
column_stack compress concatenate copy copysign corrcoef correlate cos cosh count_nonzero cov
cumsum deg2rad degrees delete diag diag_indices_from diagflat diagonal diff digitize divide divmod
dot dsplit dstack ediff1d einsum empty empty_like equal exp expand_dims expm1 extract eye fabs
finfo fix flatnonzero flip fliplr flipud float_power floor frexp full full_like genfromtxt greater
greater_equal hamming hanning heaviside histogram histogram2d histogram_bin_edges histogramdd
hsplit hstack hypot i0 identity in1d indices inner insert interp intersect1d invert isclose
isfinite isin isinf isnan isneginf isposinf ix_ lcm ldexp less less_equal lexsort linspace log
log10 log1p log2 logical_not logspace matmul max maximum may_share_memory mean meshgrid min
min_scalar_type minimum mirr mod modf moveaxis msort multiply nan_to_num nanargmax nanargmin
nancumprod nancumsum nanmax nanmedian nanmin nanpercentile nanprod nanquantile ndim negative
nonzero not_equal npv ones ones_like outer packbits pad partition percentile piecewise poly
polyadd polydiv polyfit polyint polymul polysub polyval positive power ppmt prod product
promote_types ptp pv quantile rad2deg radians rate ravel real reciprocal remainder repeat reshape
resize result_type rint roll rollaxis roots rot90 round round_ row_stack searchsorted select
set_printoptions setdiff1d setxor1d shape shares_memory sign signbit sin sinh size sometrue sort
spacing split sqrt square squeeze stack std subtract sum swapaxes take take_along_axis tan tanh
tensordot tile trace transpose trapz tril tril_indices_from trim_zeros triu_indices_from
true_divide trunc union1d unique unpackbits unravel_index unwrap vander var vdot vsplit vstack
where zeros zeros_like""".split())


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    if name in _MXNET_NP_NAMES:
        raise missing_name(
            f"mx.np.{name} is in MXNet 1.9.1's numpy interface but not in ndsh yet (see "
            f"docs/mxnp.md for what is); x.asnumpy() gives a NumPy array to use numpy.{name} on")
    if hasattr(_onp, name):
        raise missing_name(
            f"module 'mxnet.numpy' has no attribute {name!r}: NumPy has numpy.{name}, but "
            f"MXNet 1.9.1's numpy interface does not (use x.asnumpy() and NumPy itself)")
    raise missing_name(f"module 'mxnet.numpy' has no attribute {name!r}",
                       names_the_fix=False)
