"""`npx.save` and `npx.load`: np arrays in MXNet's file layout as MXNet 1.9.1 writes it under
`npx.set_np()` (the array records' magic 0xF993FACA, 0-d arrays allowed), which MXNet's npx.load
requires: it refuses the legacy records nd.save writes ("ndarray was not saved in np shape
semantics"). The layout's constants are the engine's (ndsh.engine.serialization)."""
from __future__ import annotations

import struct

import numpy as onp

from ndsh.engine import nd
from ndsh.engine.mxnet_errors import TypeError
from ndsh.engine.serialization import FLAG_OF, LIST_MAGIC, NP_SHAPE_MAGIC
from ndsh.mxnp.array import ndarray, unwrap, wrap, wrap_all


def save(file, arr):
    """Save an np array, a list of them or a dict of them to `file`, byte for byte as MXNet's
    npx.save writes them (0-d arrays included): MXNet's npx.load and ndsh's npx.load and nd.load
    read it.

    Parameters:
        file: the file name.
        arr: an np array, a list of np arrays, or a dict of name -> np array.

    Example:
        >>> import tempfile, os; path = os.path.join(tempfile.mkdtemp(), 'x')
        >>> npx.save(path, {'w': np.ones(2)}); npx.load(path)
        {'w': array([1., 1.])}
    """
    if isinstance(arr, ndarray):
        arr = [arr]
    if isinstance(arr, dict):
        if not all(isinstance(k, str) for k in arr):
            raise TypeError("npx.save: dict keys must be str (a dict of str -> np array)")
        names, arrays = list(arr), [unwrap(v, "npx.save") for v in arr.values()]
    else:
        names, arrays = [], [unwrap(v, "npx.save") for v in arr]
    records = []
    for i, array in enumerate(arrays):
        host = onp.asarray(array.asnumpy(), order="C")
        if host.dtype not in FLAG_OF:
            raise TypeError(f"npx.save: array {i} has dtype {host.dtype.name}, which MXNet's "
                            f"format cannot hold")
        host = host.astype(host.dtype.newbyteorder("<"), copy=False)
        records.append(struct.pack(f"<Iii{host.ndim}q", NP_SHAPE_MAGIC, 0, host.ndim,
                                   *host.shape)
                       + struct.pack("<iii", array.context.device_typeid,
                                     array.context.device_id, FLAG_OF[host.dtype])
                       + host.tobytes())
    with open(file, "wb") as f:
        f.write(struct.pack("<QQQ", LIST_MAGIC, 0, len(records)))
        f.writelines(records)
        f.write(struct.pack("<Q", len(names)))
        for name in names:
            raw = name.encode("utf-8")
            f.write(struct.pack("<Q", len(raw)) + raw)


def load(file):
    """The arrays saved in `file` as np arrays: a list, or a dict when names were saved.

    Parameters:
        file: the file name (written by npx.save, nd.save or MXNet).

    Example:
        >>> import tempfile, os; path = os.path.join(tempfile.mkdtemp(), 'x')
        >>> npx.save(path, np.arange(3)); npx.load(path)
        [array([0., 1., 2.])]
    """
    loaded = nd.load(file)
    if isinstance(loaded, dict):
        return {k: wrap(v) for k, v in loaded.items()}
    return wrap_all(list(loaded))
