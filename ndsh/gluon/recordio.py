"""`mx.recordio`: MXNet's RecordIO files (.rec), read and written byte for byte as MXNet 1.9.1
(dmlc-core) writes them, with their .idx index and the image-record header.

A record is the magic number 0xced7230a, a 32-bit word holding a 3-bit part flag and a 29-bit
length, the bytes, and zeros up to a multiple of 4. A record whose bytes hold the magic number
at a 4-byte boundary is written in parts (flags 1, 2..., 3) split at each occurrence, the
magic itself left out: reading puts it back.
"""
from __future__ import annotations

import os
import struct

from ndsh.engine import mxnet_errors
from ndsh.gluon.image_codec import _decode  # noqa: F401  (datasets decode through here)
from ndsh.gluon.recordio_pack import IRHeader, pack, pack_img, unpack, unpack_img

__all__ = ["MXRecordIO", "MXIndexedRecordIO", "IRHeader", "pack", "unpack", "pack_img",
           "unpack_img"]

MAGIC = 0xced7230a
_MAGIC_BYTES = struct.pack("<I", MAGIC)
_LENGTH_BITS = 29


def _lrec(flag: int, length: int) -> bytes:
    return struct.pack("<I", (flag << _LENGTH_BITS) | length)


class MXRecordIO:
    """A RecordIO file read or written in order.

    Parameters:
        uri: the file.
        flag: 'w' to write (a new file), 'r' to read.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), 'tmp.rec')
        >>> record = mx.recordio.MXRecordIO(path, 'w')
        >>> for i in range(3):
        ...     record.write(b'record_%d' % i)
        >>> record.close()
        >>> record = mx.recordio.MXRecordIO(path, 'r')
        >>> record.read(), record.read(), record.read(), record.read()
        (b'record_0', b'record_1', b'record_2', None)
    """

    def __init__(self, uri: str, flag: str):
        self.uri = uri
        self.flag = flag
        self.pid = None
        self.is_open = False
        self._file = None
        self.open()

    def open(self) -> None:
        """Open the file (again, from its start); a file being written is named uri.part until
        close() moves it over uri, so that no half-written file is ever left under its name.

        Example:
            >>> import os, tempfile
            >>> path = os.path.join(tempfile.mkdtemp(), 'a.rec')
            >>> record = mx.recordio.MXRecordIO(path, 'w'); os.path.exists(path)
            False
            >>> record.close(); os.path.exists(path)
            True
        """
        if self.flag == "w":
            self._file = open(_partial(self.uri), "wb")
            self.writable = True
        elif self.flag == "r":
            self._file = open(self.uri, "rb")
            self.writable = False
        else:
            raise ValueError(f"Invalid flag {self.flag}")
        self._records = 0
        self.pid = os.getpid()
        self.is_open = True

    def __del__(self):
        self.close()

    def __getstate__(self):
        is_open = self.is_open
        self.close()
        state = dict(self.__dict__)
        state["is_open"] = is_open
        state["_file"] = None
        return state

    def __setstate__(self, state):
        self.__dict__ = state
        is_open = state["is_open"]
        self.is_open = False
        if is_open:
            self.open()

    def _check_pid(self, allow_reset: bool = False) -> None:
        if self.pid != os.getpid():
            if allow_reset:
                self.reset()
            else:
                raise RuntimeError("Forbidden operation in multiple processes")

    def close(self) -> None:
        """Close the file (a written one now appears under its name).

        Example:
            >>> import os, tempfile
            >>> path = os.path.join(tempfile.mkdtemp(), 'a.rec')
            >>> record = mx.recordio.MXRecordIO(path, 'w'); record.close(); record.is_open
            False
        """
        if not getattr(self, "is_open", False):
            return
        self._file.close()
        if self.writable:
            os.replace(_partial(self.uri), self.uri)
        self.is_open = False
        self.pid = None

    def reset(self) -> None:
        """Go back to the first record."""
        self.close()
        self.open()

    def write(self, buf: bytes) -> None:
        """Append one record.

        Parameters:
            buf: the record's bytes.
        """
        assert self.writable
        self._check_pid(allow_reset=False)
        self._file.write(encode_record(bytes(buf)))

    def read(self) -> bytes | None:
        """The next record's bytes, or None at the end of the file.

        Example:
            >>> import os, tempfile
            >>> path = os.path.join(tempfile.mkdtemp(), 'a.rec')
            >>> record = mx.recordio.MXRecordIO(path, 'w'); record.write(b'x'); record.close()
            >>> mx.recordio.MXRecordIO(path, 'r').read()
            b'x'
        """
        assert not self.writable
        self._check_pid(allow_reset=False)
        record = read_record(self._file, self.uri, self._which())
        self._records += 1
        return record

    def _which(self) -> str:
        return f"record {self._records} of the file"


def _partial(path: str) -> str:
    return f"{path}.part"


def encode_record(data: bytes) -> bytes:
    """One record as MXNet writes it (split where the data holds the magic number).

    Example:
        >>> from ndsh.gluon.recordio import encode_record
        >>> encode_record(b'abcde').hex()
        '0a23d7ce050000006162636465000000'
    """
    length = len(data)
    if length >= 1 << _LENGTH_BITS:
        raise ValueError(f"RecordIO only accept record less than 2^29 bytes; this one has "
                         f"{length}")
    out = []
    start = 0
    position = data.find(_MAGIC_BYTES)
    while position != -1 and position + 4 <= (length >> 2) << 2:
        if position % 4 == 0:
            out += [_MAGIC_BYTES, _lrec(1 if start == 0 else 2, position - start),
                    data[start:position]]
            start = position + 4
            position = data.find(_MAGIC_BYTES, start)
        else:
            position = data.find(_MAGIC_BYTES, position + 1)
    out += [_MAGIC_BYTES, _lrec(3 if start else 0, length - start), data[start:],
            b"\0" * (-length % 4)]
    return b"".join(out)


def read_record(f, name: str = "the file", which: str = "") -> bytes | None:
    """The next record from an open binary file, or None at its end; a damaged one is an
    MXNetError (a ValueError) naming the file, and the record when `which` says it.

    Example:
        >>> import io
        >>> from ndsh.gluon.recordio import encode_record, read_record
        >>> f = io.BytesIO(encode_record(b'abc')); read_record(f), read_record(f)
        (b'abc', None)
    """
    parts = []
    start = f.tell()
    where = f" ({which}, at byte {start})" if which else f" (at byte {start})"
    while True:
        header = f.read(8)
        if not header:
            if parts:
                raise mxnet_errors.ValueError(f"Invalid RecordIO File {name}: it ends inside a "
                                              f"record{where}")
            return None
        if len(header) != 8:
            raise mxnet_errors.ValueError(f"Invalid RecordIO File {name}: a record header is "
                                          f"cut short{where}")
        magic, lrec = struct.unpack("<II", header)
        if magic != MAGIC:
            raise mxnet_errors.ValueError(
                f"Invalid RecordIO File {name}: no record starts at byte {f.tell() - 8} (magic "
                f"number {magic:#x}, not {MAGIC:#x}){where}")
        flag, length = lrec >> _LENGTH_BITS, lrec & ((1 << _LENGTH_BITS) - 1)
        padded = (length + 3) >> 2 << 2
        body = f.read(padded)
        if len(body) != padded:
            raise mxnet_errors.ValueError(f"Invalid RecordIO File {name}: a record of {length} "
                                          f"bytes is cut short{where}")
        parts.append(body[:length])
        if flag in (0, 3):
            return _MAGIC_BYTES.join(parts)


class MXIndexedRecordIO(MXRecordIO):
    """A RecordIO file with an index file (lines 'key<TAB>offset'), read in any order.

    Parameters:
        idx_path: the index file.
        uri: the .rec file.
        flag: 'w' or 'r'.
        key_type: the type of the keys (int by default).

    Example:
        >>> import os, tempfile
        >>> folder = tempfile.mkdtemp()
        >>> idx, rec = os.path.join(folder, 'tmp.idx'), os.path.join(folder, 'tmp.rec')
        >>> record = mx.recordio.MXIndexedRecordIO(idx, rec, 'w')
        >>> for i in range(5):
        ...     record.write_idx(i, b'record_%d' % i)
        >>> record.close()
        >>> record = mx.recordio.MXIndexedRecordIO(idx, rec, 'r')
        >>> record.read_idx(3), record.keys
        (b'record_3', [0, 1, 2, 3, 4])
    """

    def __init__(self, idx_path: str, uri: str, flag: str, key_type=int):
        self.idx_path = idx_path
        self.idx: dict = {}
        self.keys: list = []
        self.key_type = key_type
        self.fidx = None
        super().__init__(uri, flag)

    def open(self) -> None:
        super().open()
        self.idx = {}
        self.keys = []
        self._key = None
        self.fidx = open(_partial(self.idx_path) if self.writable else self.idx_path, self.flag)
        if not self.writable:
            for line in iter(self.fidx.readline, ""):
                fields = line.strip().split("\t")
                key = self.key_type(fields[0])
                self.idx[key] = int(fields[1])
                self.keys.append(key)

    def close(self) -> None:
        if not getattr(self, "is_open", False):
            return
        self.fidx.close()
        if self.writable:
            os.replace(_partial(self.idx_path), self.idx_path)
        super().close()

    def __getstate__(self):
        state = super().__getstate__()
        state["fidx"] = None
        return state

    def seek(self, idx) -> None:
        """Move to the record of key idx.

        Parameters:
            idx: the record's key.

        Example:
            >>> import os, tempfile
            >>> folder = tempfile.mkdtemp()
            >>> idx, rec = os.path.join(folder, 'a.idx'), os.path.join(folder, 'a.rec')
            >>> w = mx.recordio.MXIndexedRecordIO(idx, rec, 'w'); w.write_idx(7, b'x'); w.close()
            >>> r = mx.recordio.MXIndexedRecordIO(idx, rec, 'r'); r.seek(7); r.read()
            b'x'
        """
        assert not self.writable
        self._check_pid(allow_reset=True)
        if idx not in self.idx:
            raise KeyError(f"{self.idx_path} has no record of key {idx!r}")
        self._file.seek(self.idx[idx])
        self._key = idx

    def _which(self) -> str:
        key, self._key = self._key, None
        return f"the record of key {key}" if key is not None else super()._which()

    def tell(self) -> int:
        """Where the next record will be written (a byte offset)."""
        assert self.writable
        return self._file.tell()

    def read_idx(self, idx) -> bytes:
        """The record of key idx.

        Parameters:
            idx: the record's key.

        Example:
            >>> import os, tempfile
            >>> folder = tempfile.mkdtemp()
            >>> idx, rec = os.path.join(folder, 'a.idx'), os.path.join(folder, 'a.rec')
            >>> w = mx.recordio.MXIndexedRecordIO(idx, rec, 'w'); w.write_idx(1, b'y'); w.close()
            >>> mx.recordio.MXIndexedRecordIO(idx, rec, 'r').read_idx(1)
            b'y'
        """
        self.seek(idx)
        return self.read()

    def write_idx(self, idx, buf: bytes) -> None:
        """Append a record under key idx (written to the index too).

        Parameters:
            idx: the record's key.
            buf: the record's bytes.

        Example:
            >>> import os, tempfile
            >>> folder = tempfile.mkdtemp()
            >>> idx, rec = os.path.join(folder, 'a.idx'), os.path.join(folder, 'a.rec')
            >>> w = mx.recordio.MXIndexedRecordIO(idx, rec, 'w'); w.write_idx(3, b'z'); w.keys
            [3]
        """
        key = self.key_type(idx)
        pos = self.tell()
        self.write(buf)
        self.fidx.write(f"{key}\t{pos}\n")
        self.idx[key] = pos
        self.keys.append(key)
