"""nd.save / nd.load / nd.load_frombuffer: MXNet's binary format (and numpy's .npz).

The work is in ndsh.engine.serialization, imported on first use to keep start-up light.
"""
from __future__ import annotations


def save(fname, data):
    """Save an NDArray, a list of them or a dict of str to NDArray to `fname`, in MXNet's
    format (MXNet 1.9.1 loads it), or numpy's if the name ends in `.npz`. The file is replaced
    atomically: if the save fails or is interrupted, the old file stays whole.

    Parameters:
        fname: the path of the file to write.
        data: an NDArray, a list of NDArrays, or a dict of names to NDArrays.

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
    """Load the arrays saved in `fname`: always a list or a dict (when names were saved), on
    cpu(0). Reads MXNet's files and .npz; a damaged or forged file raises a ValueError that
    names the file and the fault, and a pickle is never loaded.

    Parameters:
        fname: the path of a file nd.save (or MXNet, or numpy's savez) wrote.

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

    Parameters:
        buf: the bytes of such a file.

    Example:
        >>> import tempfile, os; path = os.path.join(tempfile.mkdtemp(), 'x')
        >>> nd.save(path, [nd.ones(1)]); nd.load_frombuffer(open(path, 'rb').read())
        [
        [1.]
        <NDArray 1 @cpu(0)>]
    """
    from ndsh.engine.serialization import load_frombuffer as _load_frombuffer
    return _load_frombuffer(buf)
