"""MXNet's binary NDArray file format (the `nd.save` / `.params` files), and `.npz`.

A file is untrusted input: every count and size is checked against the bytes that remain
before anything is allocated, and no pickle is ever loaded. Saving writes a temporary file in
the same folder and renames it, so an interrupted save leaves the old file whole.

Layout (little-endian): u64 0x112, u64 0, u64 count; per array: u32 0xF993FAC9, i32 stype (0),
u32 ndim, i64 dims[ndim], i32 dev_type, i32 dev_id, i32 type_flag, raw data; then u64 count of
names and per name u64 length + bytes.
"""
from __future__ import annotations

import os
import struct
import tempfile

import numpy as np

from ndsh.engine import backend
from ndsh.engine.context import cpu
from ndsh.engine.ndarray import NDArray, new_array

LIST_MAGIC = 0x112
ARRAY_MAGIC = 0xF993FAC9
MAX_NDIM = 32
TYPE_FLAGS = {0: np.float32, 1: np.float64, 2: np.float16, 3: np.uint8, 4: np.int32, 5: np.int8,
              6: np.int64}
FLAG_OF = {np.dtype(t): f for f, t in TYPE_FLAGS.items()}


class LoadError(ValueError):
    """A file that is not a valid NDArray file (truncated, forged, or of another format)."""


# ----- saving -----------------------------------------------------------------------------
def _normalize(data):
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
                         f"str -> NDArray, not {type(data).__name__}")
    for a in arrays:
        if not isinstance(a, NDArray):
            raise TypeError(f"save: every value must be an NDArray, got a {type(a).__name__}")
    return arrays, names


def encode(data) -> bytes:
    """The bytes MXNet's nd.save writes for `data`."""
    arrays, names = _normalize(data)
    parts = [struct.pack("<QQQ", LIST_MAGIC, 0, len(arrays))]
    for a in arrays:
        host = np.ascontiguousarray(backend.to_numpy(a._data))
        flag = FLAG_OF.get(host.dtype)
        if flag is None:
            raise TypeError(f"save: dtype {host.dtype.name} has no MXNet file type; convert with "
                            f".astype('float32') (supported: float16/32/64, uint8, int8, int32, "
                            f"int64)")
        if host.ndim == 0:
            raise ValueError("save: a 0-d array cannot be stored in MXNet's format; reshape it "
                             "to (1,) first")
        parts.append(struct.pack("<IiI", ARRAY_MAGIC, 0, host.ndim))
        parts.append(struct.pack(f"<{host.ndim}q", *host.shape))
        parts.append(struct.pack("<iii", 1, 0, flag))
        parts.append(host.astype(host.dtype.newbyteorder("<"), copy=False).tobytes())
    parts.append(struct.pack("<Q", len(names)))
    for name in names:
        raw = name.encode("utf-8")
        parts.append(struct.pack("<Q", len(raw)) + raw)
    return b"".join(parts)


def save(fname, data) -> None:
    fname = os.fspath(fname)
    if fname.endswith(".npz"):
        arrays, names = _normalize(data)
        payload = {n: backend.to_numpy(a._data) for n, a in zip(names, arrays)} if names else \
            {f"arr_{i}": backend.to_numpy(a._data) for i, a in enumerate(arrays)}
        _atomic_write(fname, lambda f: np.savez(f, **payload))
        return
    blob = encode(data)          # fails before any file is touched
    _atomic_write(fname, lambda f: f.write(blob))


def _atomic_write(fname: str, write) -> None:
    folder = os.path.dirname(os.path.abspath(fname))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".ndsh-save-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, fname)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# ----- loading ----------------------------------------------------------------------------
class _Reader:
    def __init__(self, buf: bytes, source: str):
        self.buf, self.pos, self.source = memoryview(buf), 0, source

    def fail(self, what: str) -> LoadError:
        return LoadError(f"{self.source}: not a valid NDArray file: {what} (at byte "
                         f"{self.pos} of {len(self.buf)})")

    def remaining(self) -> int:
        return len(self.buf) - self.pos

    def take(self, fmt: str, what: str):
        size = struct.calcsize(fmt)
        if self.remaining() < size:
            raise self.fail(f"the file ends inside {what}")
        values = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos += size
        return values

    def raw(self, size: int, what: str) -> memoryview:
        if size > self.remaining():
            raise self.fail(f"{what} needs {size} bytes but only {self.remaining()} remain")
        chunk = self.buf[self.pos:self.pos + size]
        self.pos += size
        return chunk


def _read_array(r: _Reader, index: int) -> NDArray:
    magic, stype, ndim = r.take("<IiI", f"the header of array {index}")
    if magic != ARRAY_MAGIC:
        raise r.fail(f"array {index} has magic {magic:#x}, expected {ARRAY_MAGIC:#x} (this "
                     f"may be an older MXNet format, which ndsh does not read)")
    if stype != 0:
        raise r.fail(f"array {index} is sparse (storage type {stype}); ndsh reads dense arrays")
    if ndim > MAX_NDIM:
        raise r.fail(f"array {index} claims {ndim} dimensions (at most {MAX_NDIM})")
    dims = r.take(f"<{ndim}q", f"the shape of array {index}") if ndim else ()
    if any(d < 0 for d in dims):
        raise r.fail(f"array {index} has a negative dimension in shape {dims}")
    _dev_type, _dev_id, flag = r.take("<iii", f"the dtype of array {index}")
    dtype = TYPE_FLAGS.get(flag)
    if dtype is None:
        raise r.fail(f"array {index} has unknown type flag {flag}")
    itemsize = np.dtype(dtype).itemsize
    count = 1
    for d in dims:
        count *= d
        if count * itemsize > r.remaining():
            raise r.fail(f"array {index} of shape {tuple(dims)} needs more bytes than the file "
                         f"holds")
    chunk = r.raw(count * itemsize, f"the data of array {index}")
    host = np.frombuffer(chunk, dtype=np.dtype(dtype).newbyteorder("<")).astype(dtype)
    return new_array(host.reshape(dims), cpu(0))


def decode(buf: bytes, source: str = "<buffer>"):
    r = _Reader(bytes(buf), source)
    if len(buf) == 0:
        raise r.fail("the file is empty")
    if bytes(buf[:2]) == b"PK":
        raise r.fail("this is a zip (.npz) file; give it a name ending in .npz")
    if bytes(buf[:1]) == b"\x80":
        raise r.fail("this is a Python pickle, which ndsh never loads (it can run code)")
    magic, _reserved, count = r.take("<QQQ", "the file header")
    if magic != LIST_MAGIC:
        raise r.fail(f"the header magic is {magic:#x}, expected {LIST_MAGIC:#x}")
    if count > r.remaining() // 24:
        raise r.fail(f"the header claims {count} arrays, more than the file can hold")
    arrays = [_read_array(r, i) for i in range(count)]
    (name_count,) = r.take("<Q", "the name count")
    if name_count > r.remaining() // 8:
        raise r.fail(f"the file claims {name_count} names, more than it can hold")
    names = []
    for i in range(name_count):
        (length,) = r.take("<Q", f"the length of name {i}")
        raw = r.raw(length, f"name {i}")
        try:
            names.append(bytes(raw).decode("utf-8"))
        except UnicodeDecodeError:
            raise r.fail(f"name {i} is not valid UTF-8") from None
    if names and len(names) != len(arrays):
        raise r.fail(f"{len(names)} names for {len(arrays)} arrays")
    if r.remaining():
        raise r.fail(f"{r.remaining()} unexpected bytes after the last name")
    return dict(zip(names, arrays)) if names else arrays


def load(fname):
    fname = os.fspath(fname)
    if not os.path.exists(fname):
        raise FileNotFoundError(f"load: no such file: {fname}")
    if fname.endswith(".npz"):
        try:
            with np.load(fname, allow_pickle=False) as z:
                return {k: new_array(np.array(z[k]), cpu(0)) for k in z.files}
        except ValueError as error:
            raise LoadError(f"{fname}: cannot load this .npz file safely: {error}") from None
        except Exception as error:
            raise LoadError(f"{fname}: not a valid .npz file: {error}") from None
    with open(fname, "rb") as f:
        buf = f.read()
    return decode(buf, fname)


def load_frombuffer(buf):
    return decode(bytes(buf), "<buffer>")
