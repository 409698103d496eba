"""erfc(z) for z >= 0 as one vectorised Chebyshev fit: GELU's normal CDF (activation.py) and
nd.erf (elementwise.py) share it. A leaf module, so neither op family imports the other."""
from __future__ import annotations

import numpy as np

# erfc(z) = exp(-z*z) * h(z) for z >= 0, with h(z) = sum_k c_k T_k(2 t - 1), t = 3 / (3 + z):
# a Chebyshev fit of h (computed to 40 digits) that keeps erfc within 1e-14 (relative) of the
# exact value while it is above 1e-300 (c_0 nudged by 1e-15 so that erfc(0) is 1 exactly);
# float32 needs the first 11 terms only.
_ERFC_CHEB = (
    0.3298627747530357, 0.45366152053780223, 0.16039834082156307, 0.04490812115112279,
    0.009641428650695682, 0.0014425080777444852, 0.00010099436735385116,
    -1.2085024534571657e-05, -3.625420602632522e-06, -7.186810735815742e-08,
    8.91423586941828e-08, 7.421566604445519e-09, -2.389336431052044e-09,
    -3.062236480520881e-10, 7.788969923372476e-11, 1.0973659526146533e-11,
    -3.091436362303302e-12, -3.5257780145298913e-13, 1.4002986577498577e-13,
    8.15248392746962e-15, -6.55687837295756e-15, 6.100326015883468e-17, 4.697598109168867e-16,
    -1.2092981505362773e-16, -5.138550237257528e-17)


def erfc_positive(xp, z):
    """erfc(z) for z >= 0 (or NaN): Clenshaw's recurrence over the fit above."""
    terms = _ERFC_CHEB if z.dtype == np.float64 else _ERFC_CHEB[:11]
    s = 6 / (3 + z) - 1
    s2 = 2 * s
    b1 = xp.zeros_like(z)
    b2 = xp.zeros_like(z)
    for c in terms[:0:-1]:
        b1, b2 = s2 * b1 - b2 + c, b1
    return xp.exp(-z * z) * (s * b1 - b2 + terms[0])
