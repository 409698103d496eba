"""`mx.np.set_printoptions`: MXNet 1.9.1's, which sets NumPy's own print options (np arrays print
through NumPy, in MXNet as in ndsh), taking only `precision` and `threshold`."""
from __future__ import annotations

import numpy as onp


def set_printoptions(precision=None, threshold=None, **kwarg):
    """Set how np arrays print: `precision` digits after the point, summarize arrays longer
    than `threshold` elements. As in MXNet 1.9.1 this is NumPy's own setting (numpy arrays
    print with it too), and any other option is refused.

    Parameters:
        precision: digits of precision for floats (NumPy's default 8); None keeps the current.
        threshold: the number of elements above which arrays are summarized (default 1000);
            None keeps the current.

    Example:
        >>> np.set_printoptions(precision=2)
        >>> np.array([1.23456, 2.0])
        array([1.23, 2.  ])
        >>> np.set_printoptions(precision=8)
    """
    if kwarg:
        raise NotImplementedError(
            f"np.set_printoptions takes only precision and threshold, as in MXNet 1.9.1, not "
            f"{', '.join(sorted(kwarg))}: use numpy.set_printoptions for the others (np arrays "
            f"print through NumPy)")
    onp.set_printoptions(precision=precision, threshold=threshold)


FUNCTIONS = {"set_printoptions": set_printoptions}
