"""MXNet's binary NDArray layout, the part that saving and loading share: its constants, the
`LoadError` of a file that is not valid, the bounds-checked reader, and one array's record both
ways (`array_to_bytes` / `array_from_bytes`: what MXNet pickles as an NDArray's state). The face
is ndsh.engine.serialization (the layout is described there); loading a whole file is
serialization_load.py.
"""
from __future__ import annotations

import builtins
import io
import math
import struct

import numpy as np

from ndsh.engine import backend
from ndsh.engine.context import cpu
from ndsh.engine.mxnet_errors import TypeError, ValueError
from ndsh.engine.ndarray import NDArray, new_array

LIST_MAGIC = 0x112
ARRAY_MAGIC = 0xF993FAC9           # NDARRAY_V2_MAGIC: what MXNet 1.x writes
NP_SHAPE_MAGIC = 0xF993FACA        # NDARRAY_V3_MAGIC: the same layout, saved under npx.set_np()
V1_MAGIC = 0xF993FAC8              # NDARRAY_V1_MAGIC: MXNet 0.x (no storage type field)
MAX_NDIM = 32
TYPE_FLAGS = {0: np.float32, 1: np.float64, 2: np.float16, 3: np.uint8, 4: np.int32, 5: np.int8,
              6: np.int64, 7: np.bool_}
FLAG_OF = {np.dtype(t): f for f, t in TYPE_FLAGS.items()}
ARRAY_HEADER_BYTES = 20             # the smallest array record: a 1-d one in the oldest layout
DEFLATE_MAX_RATIO = 1100            # deflate expands at most ~1032x: a bound for .npz members
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
PICKLE_HINT = "a Python pickle, which ndsh never loads (unpickling can run arbitrary code)"


class LoadError(ValueError):
    """A file that is not a valid NDArray file: truncated, forged, or of another format.

    Example:
        >>> try:
        ...     nd.load_frombuffer(b'not an array file')
        ... except LoadError as error:
        ...     print(error)
        <buffer>: not a valid NDArray file: the file ends inside the file header (at byte 0 of 17)
    """


class _Reader:
    """Reads a binary file object of known length; every read is bounds-checked first."""

    def __init__(self, f, size: int, source: str):
        self.f, self.size, self.pos, self.source = f, size, 0, source

    def fail(self, what: str) -> LoadError:
        return LoadError(f"{self.source}: not a valid NDArray file: {what} (at byte "
                         f"{self.pos} of {self.size})")

    def remaining(self) -> int:
        return self.size - self.pos

    def read(self, size: int, what: str) -> bytes:
        if size > self.remaining():
            raise self.fail(f"{what} needs {size} bytes but only {self.remaining()} remain")
        chunk = self.f.read(size)
        if len(chunk) < size:
            raise self.fail("the file got shorter while it was being read")
        self.pos += size
        return chunk

    def take(self, fmt: str, what: str) -> tuple:
        size = struct.calcsize(fmt)
        if size > self.remaining():
            raise self.fail(f"the file ends inside {what}")
        return struct.unpack(fmt, self.read(size, what))

    def read_array_data(self, shape: tuple, dtype: np.dtype, what: str) -> np.ndarray:
        nbytes = math.prod(shape) * dtype.itemsize       # Python ints: no overflow
        if nbytes > self.remaining():
            raise self.fail(f"{what} of shape {shape} needs {nbytes} bytes but only "
                            f"{self.remaining()} remain")
        try:
            host = np.empty(shape, dtype=dtype.newbyteorder("<"))
        except builtins.ValueError as error:      # a zero-size shape numpy cannot hold
            raise self.fail(f"{what} has shape {shape}: {error}") from None
        if nbytes and self.f.readinto(host.reshape(-1).view(np.uint8)) < nbytes:
            raise self.fail("the file got shorter while it was being read")
        self.pos += nbytes
        return _native(host)


def _read_array(r: _Reader, index: int) -> NDArray:
    what = f"array {index}"
    (magic,) = r.take("<I", f"the header of {what}")
    if magic in (ARRAY_MAGIC, NP_SHAPE_MAGIC):
        stype, ndim = r.take("<ii", f"the header of {what}")
        if stype != 0:
            raise r.fail(f"{what} is sparse (storage type {stype}); ndsh reads dense arrays only")
        if ndim < 0:
            raise r.fail(f"{what} is an uninitialised MXNet array (ndim {ndim}), which holds no "
                         f"data")
        dim_format = "q"
    elif magic == V1_MAGIC:                  # MXNet 0.x: no storage type, int64 dimensions
        (ndim,) = r.take("<I", f"the shape of {what}")
        dim_format = "q"
    elif magic <= MAX_NDIM:                  # the oldest files: no magic, ndim then u32 dimensions
        ndim, dim_format = magic, "I"
        if ndim == 0:
            raise r.fail(f"{what} is an empty MXNet array (no shape), which holds no data")
    else:
        raise r.fail(f"{what} has magic {magic:#x}, expected {ARRAY_MAGIC:#x}")
    if ndim > MAX_NDIM:
        raise r.fail(f"{what} claims {ndim} dimensions (at most {MAX_NDIM})")
    shape = r.take(f"<{ndim}{dim_format}", f"the shape of {what}")
    if any(d < 0 for d in shape):
        raise r.fail(f"{what} has a negative dimension in shape {shape}")
    _dev_type, _dev_id, flag = r.take("<iii", f"the context and dtype of {what}")
    if flag not in TYPE_FLAGS:
        raise r.fail(f"{what} has unknown type flag {flag} (known: 0-7)")
    host = r.read_array_data(shape, np.dtype(TYPE_FLAGS[flag]), f"the data of {what}")
    return new_array(host, cpu(0))


def _native(host: np.ndarray) -> np.ndarray:
    """`host` in native byte order, bools cleaned to 0/1 (a file may hold any byte there)."""
    if host.dtype == np.bool_:
        np.minimum(host.view(np.uint8), 1, out=host.view(np.uint8))
    return host.astype(host.dtype.newbyteorder("="), copy=False)


def array_to_bytes(x: NDArray) -> bytes:
    """One array as one record of MXNet's layout: what MXNet pickles as an NDArray's state.

    Example:
        >>> array_from_bytes(array_to_bytes(nd.arange(3))).asnumpy()
        array([0., 1., 2.], dtype=float32)
    """
    host = backend.to_numpy(x._data)
    if host.dtype not in FLAG_OF:
        raise TypeError(f"an array of dtype {host.dtype.name} has no MXNet record layout")
    host = np.ascontiguousarray(host.astype(host.dtype.newbyteorder("<"), copy=False))
    return (struct.pack(f"<Iii{host.ndim}q", ARRAY_MAGIC, 0, host.ndim, *host.shape)
            + struct.pack("<iii", x.context.device_typeid, x.context.device_id,
                          FLAG_OF[host.dtype]) + host.tobytes())


def array_from_bytes(buf, source: str = "<array state>") -> NDArray:
    """The array in one record of MXNet's layout (a GPU array's record loads on the CPU).

    Example:
        >>> array_from_bytes(array_to_bytes(nd.ones((2, 2)))).shape
        (2, 2)
    """
    view = memoryview(buf)
    reader = _Reader(io.BytesIO(view), view.nbytes, source)
    array = _read_array(reader, 0)
    if reader.remaining():
        raise reader.fail(f"{reader.remaining()} unexpected bytes after the array")
    return array

