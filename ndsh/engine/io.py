"""nd.save / nd.load (issue 6 brings MXNet's binary format; this is the numpy-backed start)."""
from __future__ import annotations


def save(fname, data):
    """Save an NDArray, a list of them or a dict of str to NDArray to `fname`.

    Example:
        >>> import tempfile, os; path = os.path.join(tempfile.mkdtemp(), 'x')
        >>> nd.save(path, [nd.ones(2)]); nd.load(path)
        [
        [1. 1.]
        <NDArray 2 @cpu(0)>]
    """
    from ndsh.engine.serialization import save as _save
    _save(fname, data)


def load(fname):
    """Load the arrays saved in `fname`: always a list or a dict, on cpu(0).

    Example:
        >>> import tempfile, os; path = os.path.join(tempfile.mkdtemp(), 'x')
        >>> nd.save(path, {'w': nd.zeros(2)}); nd.load(path)['w']
        <BLANKLINE>
        [0. 0.]
        <NDArray 2 @cpu(0)>
    """
    from ndsh.engine.serialization import load as _load
    return _load(fname)


def load_frombuffer(buf):
    """Load arrays from the bytes of a saved file: a list or a dict.

    Example:
        >>> import tempfile, os; path = os.path.join(tempfile.mkdtemp(), 'x')
        >>> nd.save(path, [nd.ones(1)]); nd.load_frombuffer(open(path, 'rb').read())
        [
        [1.]
        <NDArray 1 @cpu(0)>]
    """
    from ndsh.engine.serialization import load_frombuffer as _load_frombuffer
    return _load_frombuffer(buf)
