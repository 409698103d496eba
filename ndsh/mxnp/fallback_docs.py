"""The examples of `mx.np`'s fallback functions (ndsh/mxnp/fallback.py builds their
docstrings from this table): name -> (the call, what it prints). The outputs are MXNet 1.9.1's
(scripts/record_mxnp_fallback.py records the same calls into tests/mxnp/golden); where MXNet
fails (np.select on np arrays) ndsh gives NumPy's answer, shown here."""
from __future__ import annotations

EXAMPLES = {
    'alltrue': (
        'bool(np.alltrue(np.array([1.0, 0.0])))',
        'False'),
    'apply_along_axis': (
        'np.apply_along_axis(lambda r: r.sum(), 1, np.arange(6).reshape(2, 3))',
        'array([ 3., 12.])'),
    'apply_over_axes': (
        'np.apply_over_axes(lambda a, axis: a.sum(axis=axis, keepdims=True), np'
        '.arange(6).reshape(2, 3), [1])',
        'array([[ 3.],\n       [12.]])'),
    'argpartition': (
        'np.argpartition(np.array([3.0, 1.0, 2.0]), 1)',
        'array([1, 2, 0], dtype=int64)'),
    'array_equiv': (
        'np.array_equiv(np.ones(2), np.ones((3, 2)))',
        'True'),
    'choose': (
        "np.choose(np.array([0, 1], dtype='int32'), [np.array([1.0, 2.0]), np.array([3.0, 4.0])])",
        'array([1., 4.])'),
    'compress': (
        'np.compress([True, False, True], np.arange(3))',
        'array([0., 2.])'),
    'corrcoef': (
        'np.corrcoef(np.array([[1.0, 2.0, 4.0], [1.0, 3.0, 2.0]]))',
        'array([[1.        , 0.32732684],\n       [0.32732684, 1.        ]], dtype=float64)'),
    'correlate': (
        'np.correlate(np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0]))',
        'array([2., 3.])'),
    'cov': (
        'np.cov(np.array([[1.0, 2.0, 4.0], [1.0, 3.0, 2.0]]))',
        'array([[2.33333333, 0.5       ],\n       [0.5       , 1.        ]], dtype=float64)'),
    'digitize': (
        'np.digitize(np.array([0.5, 1.5, 2.5]), np.array([1.0, 2.0]))',
        'array([0, 1, 2], dtype=int64)'),
    'divmod': (
        'np.divmod(np.array([7.0, -7.0]), 3)',
        '(array([ 2., -3.]), array([1., 2.]))'),
    'extract': (
        'np.extract(np.array([True, False, True]), np.arange(3))',
        'array([0., 2.])'),
    'flatnonzero': (
        'np.flatnonzero(np.array([0.0, 2.0, 0.0, 3.0]))',
        'array([1, 3], dtype=int64)'),
    'float_power': (
        'np.float_power(np.array([2.0, 3.0]), 2)',
        'array([4., 9.], dtype=float64)'),
    'frexp': (
        'np.frexp(np.array([8.0, 0.5]))',
        '(array([0.5, 0.5]), array([4, 0], dtype=int32))'),
    'heaviside': (
        'np.heaviside(np.array([-1.0, 0.0, 2.0]), 0.5)',
        'array([0. , 0.5, 1. ])'),
    'histogram2d': (
        'np.histogram2d(np.array([0.0, 1.0, 1.0], dtype="float64"), '
        'np.array([0.0, 0.0, 1.0], dtype="float64"), bins=2)',
        '(array([[1., 0.],\n       [1., 1.]], dtype=float64), array([0. , 0.5, 1'
        '. ], dtype=float64), array([0. , 0.5, 1. ], dtype=float64))'),
    'histogram_bin_edges': (
        'np.histogram_bin_edges(np.array([0.0, 1.0, 2.0, 4.0]), bins=2)',
        'array([0., 2., 4.])'),
    'histogramdd': (
        'np.histogramdd(np.array([[0.0, 0.0], [1.0, 1.0]], dtype="float64"), bins=2)',
        '(array([[1., 0.],\n       [0., 1.]], dtype=float64), [array([0. , 0.5, '
        '1. ], dtype=float64), array([0. , 0.5, 1. ], dtype=float64)])'),
    'i0': (
        'np.i0(np.array([0.0, 1.0]))',
        'array([0.99999994, 1.2660661 ])'),
    'in1d': (
        'np.in1d(np.array([1.0, 2.0, 5.0]), np.array([2.0, 5.0]))',
        'array([False,  True,  True])'),
    'interp': (
        'np.interp(np.array([1.5, 3.0]), np.array([1.0, 2.0]), np.array([10.0, 20.0]))',
        'array([15., 20.], dtype=float64)'),
    'intersect1d': (
        'np.intersect1d(np.array([1.0, 2.0, 3.0]), np.array([2.0, 3.0, 4.0]))',
        'array([2., 3.])'),
    'isin': (
        'np.isin(np.array([1.0, 2.0, 5.0]), np.array([2.0, 5.0]))',
        'array([False,  True,  True])'),
    'ix_': (
        "np.ix_(np.array([0, 1], dtype='int32'), np.array([2], dtype='int32'))",
        '(array([[0],\n       [1]], dtype=int32), array([[2]], dtype=int32))'),
    'lexsort': (
        'np.lexsort((np.array([1.0, 0.0, 1.0]), np.array([0.0, 0.0, 1.0])))',
        'array([1, 0, 2], dtype=int64)'),
    'min_scalar_type': (
        'np.min_scalar_type(10)',
        "dtype('uint8')"),
    'modf': (
        'np.modf(np.array([1.5, -2.25]))',
        '(array([ 0.5 , -0.25]), array([ 1., -2.]))'),
    'msort': (
        'np.msort(np.array([[3.0, 1.0], [1.0, 2.0]]))',
        'array([[1., 1.],\n       [3., 2.]])'),
    'nanargmax': (
        'int(np.nanargmax(np.array([1.0, np.nan, 3.0])))',
        '2'),
    'nanargmin': (
        'int(np.nanargmin(np.array([1.0, np.nan, 3.0])))',
        '0'),
    'nancumprod': (
        'np.nancumprod(np.array([2.0, np.nan, 3.0]))',
        'array([2., 2., 6.])'),
    'nancumsum': (
        'np.nancumsum(np.array([2.0, np.nan, 3.0]))',
        'array([2., 2., 5.])'),
    'nanmax': (
        'float(np.nanmax(np.array([1.0, np.nan, 3.0])))',
        '3.0'),
    'nanmedian': (
        'float(np.nanmedian(np.array([1.0, np.nan, 3.0, 4.0])))',
        '3.0'),
    'nanmin': (
        'np.nanmin(np.array([[1.0, np.nan], [3.0, 0.5]]), axis=0)',
        'array([1. , 0.5])'),
    'nanpercentile': (
        'float(np.nanpercentile(np.array([1.0, np.nan, 3.0]), 50))',
        '2.0'),
    'nanprod': (
        'float(np.nanprod(np.array([2.0, np.nan, 3.0])))',
        '6.0'),
    'nanquantile': (
        'float(np.nanquantile(np.array([1.0, np.nan, 3.0]), 0.5))',
        '2.0'),
    'packbits': (
        "np.packbits(np.array([1, 0, 1], dtype='uint8'))",
        'array([160], dtype=uint8)'),
    'partition': (
        'np.partition(np.array([3.0, 1.0, 2.0]), 1)',
        'array([1., 2., 3.])'),
    'piecewise': (
        'np.piecewise(np.array([-1.0, 2.0]), [np.array([-1.0, 2.0]) < 0, np.arr'
        'ay([-1.0, 2.0]) >= 0], '
        '[0.0, 1.0])',
        'array([0., 1.])'),
    'poly': (
        'np.poly(np.array([1.0, 2.0]))',
        'array([ 1., -3.,  2.])'),
    'polyadd': (
        'np.polyadd(np.array([1.0, 2.0]), np.array([1.0]))',
        'array([1., 3.])'),
    'polydiv': (
        'np.polydiv(np.array([1.0, 3.0, 2.0]), np.array([1.0, 1.0]))',
        '(array([1., 2.]), array([0.]))'),
    'polyfit': (
        'np.polyfit(np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0]), 1)',
        'array([2., 1.], dtype=float64)'),
    'polyint': (
        'np.polyint(np.array([3.0, 2.0]))',
        'array([1.5, 2. , 0. ], dtype=float64)'),
    'polymul': (
        'np.polymul(np.array([1.0, 1.0]), np.array([1.0, -1.0]))',
        'array([ 1.,  0., -1.])'),
    'polysub': (
        'np.polysub(np.array([1.0, 2.0]), np.array([1.0]))',
        'array([1., 1.])'),
    'promote_types': (
        "np.promote_types('int32', 'float32')",
        "dtype('float64')"),
    'ptp': (
        'np.ptp(np.array([[1.0, 5.0], [2.0, 3.0]]), axis=1)',
        'array([4., 1.])'),
    'real': (
        'np.real(np.array([1.0, 2.0]))',
        'array([1., 2.])'),
    'result_type': (
        "np.result_type('int32', 'float16')",
        "dtype('float64')"),
    'rollaxis': (
        'np.rollaxis(np.ones((2, 3, 4)), 2).shape',
        '(4, 2, 3)'),
    'roots': (
        'np.roots(np.array([1.0, -3.0, 2.0]))',
        'array([2., 1.])'),
    'searchsorted': (
        'np.searchsorted(np.array([1.0, 2.0, 3.0]), np.array([2.5, 0.0]))',
        'array([2, 0], dtype=int64)'),
    'select': (
        'np.select([np.array([1.0, -1.0]) > 0], [np.array([1.0, 2.0])], default=-1.0)',
        'array([ 1., -1.])'),
    'setdiff1d': (
        'np.setdiff1d(np.array([1.0, 2.0, 3.0]), np.array([2.0]))',
        'array([1., 3.])'),
    'setxor1d': (
        'np.setxor1d(np.array([1.0, 2.0]), np.array([2.0, 3.0]))',
        'array([1., 3.])'),
    'signbit': (
        'np.signbit(np.array([-1.0, 0.0, 2.0]))',
        'array([ True, False, False])'),
    'spacing': (
        "np.spacing(np.array([1.0], dtype='float64'))",
        'array([2.22044605e-16], dtype=float64)'),
    'take_along_axis': (
        "np.take_along_axis(np.array([[3.0, 1.0, 2.0]]), np.array([[1, 2, 0]], dtype='int64'), 1)",
        'array([[1., 2., 3.]])'),
    'trapz': (
        'float(np.trapz(np.array([1.0, 2.0, 3.0])))',
        '4.0'),
    'tril_indices_from': (
        'np.tril_indices_from(np.ones((2, 2)))',
        '(array([0, 1, 1], dtype=int64), array([0, 0, 1], dtype=int64))'),
    'trim_zeros': (
        'np.trim_zeros(np.array([0.0, 1.0, 2.0, 0.0]))',
        'array([1., 2.])'),
    'triu_indices_from': (
        'np.triu_indices_from(np.ones((2, 2)))',
        '(array([0, 0, 1], dtype=int64), array([0, 1, 1], dtype=int64))'),
    'union1d': (
        'np.union1d(np.array([1.0, 2.0]), np.array([2.0, 3.0]))',
        'array([1., 2., 3.])'),
    'unpackbits': (
        "np.unpackbits(np.array([5], dtype='uint8'))",
        'array([0, 0, 0, 0, 0, 1, 0, 1], dtype=uint8)'),
    'unwrap': (
        'np.unwrap(np.array([0.0, 3.0, 6.5]))',
        'array([0.      , 3.      , 0.216815])'),
    'vander': (
        'np.vander(np.array([1.0, 2.0, 3.0]), 3)',
        'array([[1., 1., 1.],\n       [4., 2., 1.],\n       [9., 3., 1.]], dtype=float64)'),
}

# np.linalg's fallbacks (mxnet/numpy/fallback_linalg.py): name -> (the call, what it prints)
LINALG_EXAMPLES = {
    'cond': (
        'round(float(np.linalg.cond(np.array([[4.0, 2.0], [2.0, 3.0]]))), 5)',
        '3.86636'),
    'lstsq': (
        'np.linalg.lstsq(np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]), '
        'np.array([1.0, 2.0, 3.0]), rcond=None)[0]',
        'array([1., 1.])'),
    'matrix_power': (
        'np.linalg.matrix_power(np.array([[1.0, 1.0], [0.0, 1.0]]), 3)',
        'array([[1., 3.],\n       [0., 1.]])'),
    'matrix_rank': (
        'int(np.linalg.matrix_rank(np.array([[1.0, 2.0], [2.0, 4.0]])))',
        '1'),
    'multi_dot': (
        'np.linalg.multi_dot([np.ones((2, 3)), np.ones((3, 4)), np.ones((4, 1))])',
        'array([[12.],\n       [12.]])'),
    'qr': (
        'np.linalg.qr(np.array([[3.0, 0.0], [4.0, 5.0]]))',
        '(array([[-0.6, -0.8],\n       [-0.8,  0.6]]), array([[-5., -4.],\n       [ 0.,  3.]]))'),
}
