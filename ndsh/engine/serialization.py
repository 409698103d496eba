"""MXNet's binary NDArray file format (the `nd.save` / `.params` files), and `.npz`.

A file is untrusted input: every count and size is checked against the bytes that remain
before anything is allocated, every failure is one `LoadError` naming the file and the fault,
and no pickle is ever loaded. Saving writes a temporary file in the same folder and renames it
over the target, so a failed or interrupted save leaves the old file whole.

Layout (little-endian), as MXNet 1.9.1 writes it: u64 0x112, u64 0, u64 count; per array:
u32 magic (0xF993FAC9; 0xF993FACA under `npx.set_np()`, same layout), i32 storage type (0 =
dense), i32 ndim, i64 dims[ndim], i32 dev_type, i32 dev_id, i32 type flag, raw data; then u64
count of names and per name u64 length + UTF-8 bytes. Older files load too: MXNet 0.x's arrays
(magic 0xF993FAC8, no storage type, u32 ndim) and the oldest, with no magic at all (u32 ndim,
u32 dims[ndim], then the context, type flag and data as above).

This module is the face and the saving side; the shared layout (constants, `LoadError`, one
array's record) is serialization_format.py, loading is serialization_load.py.
"""
from __future__ import annotations

import io
import os
import stat
import struct

import numpy as np
from numpy.lib import format as npy_format

from ndsh.engine import backend
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray
from ndsh.engine.serialization_format import (  # noqa: F401  (the face's names)
    ARRAY_MAGIC,
    FLAG_OF,
    LIST_MAGIC,
    NP_SHAPE_MAGIC,
    TYPE_FLAGS,
    LoadError,
    array_from_bytes,
    array_to_bytes,
)
from ndsh.engine.serialization_load import load, load_frombuffer

# the examples of the family's other modules run with this one's (doctest.testmod(serialization))
__test__ = {"LoadError": LoadError, "load": load, "load_frombuffer": load_frombuffer,
            "array_to_bytes": array_to_bytes, "array_from_bytes": array_from_bytes}


# ----- saving -----------------------------------------------------------------------------
def _normalize(data) -> tuple[list, list]:
    """(arrays, names) from an NDArray, a list of NDArrays or a dict of str -> NDArray."""
    if isinstance(data, NDArray):
        return [data], []
    if isinstance(data, dict):
        if not all(isinstance(k, str) for k in data):
            raise TypeError("save: dict keys must be str (a dict of str -> NDArray)")
        arrays, names = list(data.values()), list(data.keys())
    elif isinstance(data, list):
        arrays, names = data, []
    else:
        raise ValueError("save: data needs to be an NDArray, a list of NDArrays or a dict of "
                         f"str -> NDArray, not a {type(data).__name__}")
    for a in arrays:
        if not isinstance(a, NDArray):
            raise TypeError(f"save: every value must be an NDArray, got a {type(a).__name__}")
    return arrays, names


def _host_copies(arrays: list, for_npz: bool) -> list[np.ndarray]:
    """Little-endian C-ordered host arrays, checked before any file is touched."""
    hosts = []
    for i, a in enumerate(arrays):
        host = np.asarray(backend.to_numpy(a._data), order="C")   # ascontiguousarray makes 0-d 1-d
        if host.dtype not in FLAG_OF:
            raise TypeError(f"save: array {i} has dtype {host.dtype.name}, which MXNet's format "
                            f"cannot hold; convert it with .astype('float32')")
        if host.ndim == 0 and not for_npz:
            raise ValueError(f"save: array {i} is 0-d, which MXNet's format cannot hold (MXNet "
                             f"cannot load it back); reshape it to (1,) or save to a .npz name")
        hosts.append(host.astype(host.dtype.newbyteorder("<"), copy=False))
    return hosts


def _write_mxnet(f, arrays: list, hosts: list[np.ndarray], names: list[str]) -> None:
    """Write MXNet's layout, array by array (no second copy of the data in memory)."""
    f.write(struct.pack("<QQQ", LIST_MAGIC, 0, len(hosts)))
    for a, host in zip(arrays, hosts):
        f.write(struct.pack(f"<Iii{host.ndim}q", ARRAY_MAGIC, 0, host.ndim, *host.shape))
        f.write(struct.pack("<iii", a.context.device_typeid, a.context.device_id,
                            FLAG_OF[host.dtype]))
        f.write(host.data)
    f.write(struct.pack("<Q", len(names)))
    for name in names:
        raw = name.encode("utf-8")
        f.write(struct.pack("<Q", len(raw)) + raw)


def _write_npz(f, hosts: list[np.ndarray], names: list[str]) -> None:
    """numpy's .npz layout (what np.savez writes), without pickles."""
    import zipfile  # here, not at the top: start-up (issue 20)

    keys = names or [f"arr_{i}" for i in range(len(hosts))]
    with zipfile.ZipFile(f, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for key, host in zip(keys, hosts):
            with archive.open(key + ".npy", "w", force_zip64=True) as member:
                npy_format.write_array(member, host, allow_pickle=False)


def encode(data) -> bytes:
    """The bytes MXNet's `nd.save` writes for `data` (an NDArray, a list or a dict).

    Example:
        >>> encode(nd.ones(3)).hex()[:48]
        '120100000000000000000000000000000100000000000000'
        >>> len(encode(nd.ones(3)))
        76
    """
    arrays, names = _normalize(data)
    hosts = _host_copies(arrays, for_npz=False)
    buffer = io.BytesIO()
    _write_mxnet(buffer, arrays, hosts, names)
    return buffer.getvalue()


def save(fname, data) -> None:
    """Save `data` to `fname` in MXNet's format (numpy's .npz if the name ends in `.npz`),
    atomically: a failed or interrupted save leaves any old file whole.

    Example:
        >>> import tempfile, os; path = os.path.join(tempfile.mkdtemp(), 'w.npz')
        >>> save(path, {'w': nd.ones(2)}); sorted(load(path))
        ['w']
    """
    fname = os.fsdecode(fname)
    arrays, names = _normalize(data)
    if fname.endswith(".npz"):
        hosts = _host_copies(arrays, for_npz=True)
        _atomic_write(fname, lambda f: _write_npz(f, hosts, names))
    else:
        hosts = _host_copies(arrays, for_npz=False)
        _atomic_write(fname, lambda f: _write_mxnet(f, arrays, hosts, names))


def _atomic_write(fname: str, write) -> None:
    """Run `write(file)` on a temporary file beside `fname`, then rename it over `fname`."""
    import secrets  # here, not at the top: start-up (issue 20)

    target = os.path.realpath(fname)       # write through a symlink, as open() would
    folder, base = os.path.split(target)
    try:
        old_mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        old_mode = None
    tmp = None
    try:
        while tmp is None:
            # named before it is created: a Ctrl-C right after os.open still finds it to remove
            tmp = os.path.join(folder, f".{base}.{secrets.token_hex(4)}.tmp")
            try:
                # 0o666 under the umask, unlike mkstemp's 0o600: a new file gets usual modes
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                             | getattr(os, "O_BINARY", 0), 0o666)
            except FileExistsError:       # another writer's name: not ours to remove
                tmp = None
                continue
            except OSError as error:
                tmp = None
                raise type(error)(error.errno, f"save: cannot write here: {error.strerror}",
                                  fname) from None
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        if old_mode is not None:
            os.chmod(tmp, old_mode)
        os.replace(tmp, target)
    except BaseException:                  # KeyboardInterrupt too: never leave a temporary
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise

