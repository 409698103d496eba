"""Loading a saved file of MXNet's layout or numpy's .npz, sniffed from its first bytes: every
count and size checked against the bytes that remain before anything is allocated, every failure
one `LoadError` naming the file and the fault, no pickle ever loaded. The face is
ndsh.engine.serialization; the shared layout is serialization_format.py.
"""
from __future__ import annotations

import builtins
import io
import math
import os

import numpy as np
from numpy.lib import format as npy_format

from ndsh.engine import dtypes
from ndsh.engine.context import cpu
from ndsh.engine.mxnet_errors import TypeError
from ndsh.engine.ndarray import NDArray, new_array
from ndsh.engine.serialization_format import (
    ARRAY_HEADER_BYTES,
    DEFLATE_MAX_RATIO,
    LIST_MAGIC,
    PICKLE_HINT,
    ZIP_MAGICS,
    LoadError,
    _native,
    _read_array,
    _Reader,
)


def _load_mxnet(f, size: int, source: str):
    """Parse MXNet's layout from `f` (`size` bytes long): a list, or a dict if names are saved."""
    r = _Reader(f, size, source)
    magic, _reserved, count = r.take("<QQQ", "the file header")
    if magic != LIST_MAGIC:
        raise r.fail(f"the header magic is {magic:#x}, expected {LIST_MAGIC:#x}")
    if count > r.remaining() // ARRAY_HEADER_BYTES:
        raise r.fail(f"the header claims {count} arrays but only {r.remaining()} bytes follow "
                     f"(truncated or forged)")
    arrays = [_read_array(r, i) for i in range(count)]
    (name_count,) = r.take("<Q", "the name count")
    if name_count not in (0, count):
        raise r.fail(f"the file has {name_count} names for {count} arrays")
    names = []
    for i in range(name_count):
        (length,) = r.take("<Q", f"the length of name {i}")
        try:
            name = r.read(length, f"name {i}").decode("utf-8")
        except UnicodeDecodeError:
            raise r.fail(f"name {i} is not valid UTF-8") from None
        if name in names:
            raise r.fail(f"the name {name!r} appears twice")
        names.append(name)
    if r.remaining():
        raise r.fail(f"{r.remaining()} unexpected bytes after the last name")
    return dict(zip(names, arrays)) if names else arrays


def _load_npz(f, size: int, source: str):
    """Parse a .npz archive without numpy's loader (which allocates whatever a header claims):
    a dict, or a list when the names are numpy's arr_0, arr_1, ... for a saved list."""
    def fail(what):
        return LoadError(f"{source}: not a valid .npz file: {what}")

    import zipfile  # here, not at the top: start-up (issue 20)

    out, where = {}, "the zip directory"
    try:
        with zipfile.ZipFile(f) as archive:
            for info in archive.infolist():
                where = f"member {info.filename!r}"
                if not info.filename.endswith(".npy"):
                    raise fail(f"member {info.filename!r} is not a .npy array")
                stored = info.compress_type == zipfile.ZIP_STORED
                if info.file_size > (size if stored else DEFLATE_MAX_RATIO * info.compress_size):
                    raise fail(f"member {info.filename!r} claims {info.file_size} bytes, more "
                               f"than the file can hold")
                with archive.open(info) as member:
                    out[info.filename[:-4]] = _read_npy_member(member, info, fail)
    except LoadError:
        raise
    except Exception as error:   # zipfile, zlib and numpy's header parser raise many types
        raise fail(f"{where}: {type(error).__name__}: {error}") from None
    if list(out) == [f"arr_{i}" for i in range(len(out))]:
        return list(out.values())
    return out


def _read_npy_member(member, info, fail) -> NDArray:
    """One .npy member: header checked (dtype, size) before its data is read."""
    version = npy_format.read_magic(member)
    if version == (1, 0):
        shape, fortran_order, dtype = npy_format.read_array_header_1_0(member)
    elif version == (2, 0):
        shape, fortran_order, dtype = npy_format.read_array_header_2_0(member)
    else:
        raise fail(f"member {info.filename!r} uses .npy format version {version}")
    if dtype.hasobject:
        raise fail(f"member {info.filename!r} is an object array, stored as a pickle, which "
                   f"ndsh never loads (unpickling can run arbitrary code)")
    if dtype.newbyteorder("=").name not in dtypes.SUPPORTED:
        raise fail(f"member {info.filename!r} has dtype {dtype}, which ndsh does not support "
                   f"({', '.join(dtypes.SUPPORTED)})")
    nbytes = math.prod(shape) * dtype.itemsize
    if nbytes > info.file_size:
        raise fail(f"member {info.filename!r} of shape {shape} needs {nbytes} bytes, more than "
                   f"the member holds")
    data = member.read(nbytes)
    if len(data) < nbytes:
        raise fail(f"member {info.filename!r} is truncated")
    host = np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran_order else "C")
    return new_array(_native(np.array(host, order="C")), cpu(0))


def _load_stream(f, size: int, source: str, npz_by_name: bool = False):
    """Sniff the format from the first bytes and parse `f`."""
    head = f.read(8)
    f.seek(0)
    if size == 0:
        raise LoadError(f"{source}: not a valid NDArray file: the file is empty")
    if head[:1] == b"\x80":
        raise LoadError(f"{source}: not a valid NDArray file: this is {PICKLE_HINT}")
    if head[:6] == b"\x93NUMPY":
        raise LoadError(f"{source}: not a valid NDArray file: this is a .npy file (np.save); "
                        f"load it with np.load(..., allow_pickle=False) and nd.array")
    if npz_by_name or head[:4] in ZIP_MAGICS:
        return _load_npz(f, size, source)
    return _load_mxnet(f, size, source)


def load(fname):
    """Load the arrays in `fname`: a list, or a dict when names were saved; on cpu(0).

    Example:
        >>> import tempfile, os; path = os.path.join(tempfile.mkdtemp(), 'x')
        >>> save(path, [nd.ones(2), nd.zeros(1, dtype='int64')]); [a.dtype for a in load(path)]
        [<class 'numpy.float32'>, <class 'numpy.int64'>]
    """
    fname = os.fsdecode(fname)
    try:
        f = open(fname, "rb")
    except FileNotFoundError:
        raise FileNotFoundError(2, "load: no such file", fname) from None
    with f:
        size = os.fstat(f.fileno()).st_size
        return _load_stream(f, size, fname, npz_by_name=fname.endswith(".npz"))


def load_frombuffer(buf):
    """Load arrays from the bytes of a saved file (MXNet's format or .npz).

    Example:
        >>> load_frombuffer(encode({'a': nd.ones(1)}))['a'].shape
        (1,)
    """
    try:
        view = memoryview(buf)
    except builtins.TypeError:
        raise TypeError(f"load_frombuffer: buf must be bytes, not {type(buf).__name__}") from None
    return _load_stream(io.BytesIO(view), view.nbytes, "<buffer>")
