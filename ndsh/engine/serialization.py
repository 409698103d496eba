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
"""
from __future__ import annotations

import builtins
import io
import math
import os
import stat
import struct

import numpy as np
from numpy.lib import format as npy_format

from ndsh.engine import backend, dtypes
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


# ----- loading ----------------------------------------------------------------------------
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


def _native(host: np.ndarray) -> np.ndarray:
    """`host` in native byte order, bools cleaned to 0/1 (a file may hold any byte there)."""
    if host.dtype == np.bool_:
        np.minimum(host.view(np.uint8), 1, out=host.view(np.uint8))
    return host.astype(host.dtype.newbyteorder("="), copy=False)


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
