"""nd.save / nd.load: interchange with MXNet 1.9.1, hostile files, atomic saves, .npz.

The golden files in golden/mxnet_files/ were written by the real MXNet 1.9.1
(scripts/record_mxnet_files.py, whose --verify mode checks the other direction under MXNet);
their manifest lists each array's dtype, shape, context and raw bits.
"""
from __future__ import annotations

import doctest
import errno
import hashlib
import io
import json
import os
import pickle
import re
import struct
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest

from ndsh import nd
from ndsh.engine import serialization
from ndsh.engine.context import Context
from ndsh.engine.serialization import LoadError

GOLDEN = Path(__file__).parent / "golden" / "mxnet_files"
MANIFEST = json.loads((GOLDEN / "manifest.json").read_text(encoding="utf-8"))["files"]
SAME_BYTES = sorted(name for name, entry in MANIFEST.items() if entry["ndsh_writes_same_bytes"])


def _expected(spec: dict) -> np.ndarray:
    """The array a manifest entry describes, from its raw little-endian bits."""
    dtype = np.dtype(spec["dtype"])
    flat = np.frombuffer(bytes.fromhex(spec["data_hex"]), dtype.newbyteorder("<"))
    return flat.astype(dtype).reshape(spec["shape"])


def _ndsh_arrays(entry: dict) -> list:
    out = []
    for spec in entry["arrays"]:
        kind, index = re.fullmatch(r"(\w+)\((\d+)\)", spec["context"]).groups()
        out.append(nd.array(_expected(spec), dtype=spec["dtype"], ctx=Context(kind, int(index))))
    return out


def _as_saved(entry: dict, arrays: list):
    return dict(zip(entry["names"], arrays)) if entry["form"] == "dict" else arrays


# ----- interchange with MXNet -------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_golden_file_is_intact(name):
    blob = (GOLDEN / name).read_bytes()
    assert len(blob) == MANIFEST[name]["size"]
    assert hashlib.sha256(blob).hexdigest() == MANIFEST[name]["sha256"]


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_loads_mxnet_file_bit_for_bit(name):
    entry = MANIFEST[name]
    loaded = nd.load(GOLDEN / name)
    if entry["form"] == "dict":
        assert isinstance(loaded, dict) and list(loaded) == entry["names"]
        loaded = list(loaded.values())
    else:
        assert isinstance(loaded, list)
    assert len(loaded) == len(entry["arrays"])
    for got, spec in zip(loaded, entry["arrays"]):
        want = _expected(spec)
        assert got.context == nd.cpu(0)            # MXNet loads everything to cpu(0)
        assert np.dtype(got.dtype) == want.dtype and got.shape == want.shape
        assert got.asnumpy().tobytes() == want.tobytes()    # NaN payloads, -0.0 included


@pytest.mark.parametrize("name", SAME_BYTES)
def test_saves_the_bytes_mxnet_writes(name, tmp_path):
    entry = MANIFEST[name]
    nd.save(tmp_path / name, _as_saved(entry, _ndsh_arrays(entry)))
    assert (tmp_path / name).read_bytes() == (GOLDEN / name).read_bytes()


@pytest.mark.parametrize("name", [n for n in SAME_BYTES if n != "contexts"])
def test_load_then_save_reproduces_mxnet_file(name, tmp_path):
    nd.save(tmp_path / name, nd.load(GOLDEN / name))
    assert (tmp_path / name).read_bytes() == (GOLDEN / name).read_bytes()


def test_load_frombuffer_equals_load():
    blob = (GOLDEN / "dict_mixed").read_bytes()
    from_buffer = nd.load_frombuffer(blob)
    from_file = nd.load(GOLDEN / "dict_mixed")
    assert list(from_buffer) == list(from_file)
    for key in from_file:
        assert from_buffer[key].asnumpy().tobytes() == from_file[key].asnumpy().tobytes()
    assert isinstance(nd.load_frombuffer(bytearray(blob)), dict)
    assert isinstance(nd.load_frombuffer(memoryview(blob)), dict)


def test_load_frombuffer_refuses_a_non_buffer():
    with pytest.raises(TypeError, match="must be bytes"):
        nd.load_frombuffer("a string")


def test_a_single_array_saves_as_a_one_item_list():
    blob = serialization.encode(nd.ones(3))
    assert blob == serialization.encode([nd.ones(3)])
    dev_type = f"{nd.ones(3).context.device_typeid:02x}000000"   # cpu 1, gpu 2, as MXNet
    assert blob.hex() == ("1201000000000000" "0000000000000000" "0100000000000000" "c9fa93f9"
                          "00000000" "01000000" "0300000000000000" + dev_type + "00000000"
                          "00000000" "0000803f0000803f0000803f" "0000000000000000")  # §1.11


def test_empty_dict_saves_as_mxnet_empty_list(tmp_path):
    nd.save(tmp_path / "d", {})
    assert (tmp_path / "d").read_bytes() == (GOLDEN / "empty_list").read_bytes()
    assert nd.load(tmp_path / "d") == []


def test_zero_size_arrays_round_trip(tmp_path):
    nd.save(tmp_path / "z", [nd.zeros((0, 3)), nd.ones(1)])
    loaded = nd.load(tmp_path / "z")
    assert [a.shape for a in loaded] == [(0, 3), (1,)]


def test_a_0d_array_is_refused_with_a_hint(tmp_path):
    with pytest.raises(ValueError, match=r"0-d.*reshape it to \(1,\).*\.npz"):
        nd.save(tmp_path / "s", [nd.array(5)])
    assert not os.listdir(tmp_path)


def test_views_are_saved_as_their_values(tmp_path):
    base = nd.arange(12).reshape((3, 4))
    nd.save(tmp_path / "v", [base[1:3], base.T])
    loaded = nd.load(tmp_path / "v")
    np.testing.assert_array_equal(loaded[0].asnumpy(), base.asnumpy()[1:3])
    np.testing.assert_array_equal(loaded[1].asnumpy(), base.asnumpy().T)


@pytest.mark.parametrize("data,error", [
    ((nd.ones(1),), ValueError), ([1, 2], TypeError), ({1: nd.ones(1)}, TypeError),
    ({"a": np.ones(2)}, TypeError), (None, ValueError)])
def test_save_rejects_what_mxnet_rejects(data, error, tmp_path):
    with pytest.raises(error):
        nd.save(tmp_path / "x", data)
    assert not os.listdir(tmp_path)


def test_serialization_docstring_examples_run():
    result = doctest.testmod(serialization, extraglobs={"nd": nd}, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# ----- .npz -------------------------------------------------------------------------------
def test_npz_round_trip_keeps_form_dtypes_and_0d(tmp_path):
    arrays = [nd.array([1.5, -2]), nd.array([[1, 2]], dtype="int8"), nd.array(3.0),
              nd.array([True, False], dtype="bool")]
    nd.save(tmp_path / "l.npz", arrays)
    loaded = nd.load(tmp_path / "l.npz")
    assert isinstance(loaded, list)
    for got, want in zip(loaded, arrays):
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(got.asnumpy(), want.asnumpy())
    nd.save(tmp_path / "d.npz", {"w": arrays[0], "file": arrays[1]})   # 'file' is no keyword
    assert sorted(nd.load(tmp_path / "d.npz")) == ["file", "w"]


def test_npz_from_ndsh_reads_in_numpy_without_pickles(tmp_path):
    nd.save(tmp_path / "d.npz", {"w": nd.array([[1, 2], [3, 4]])})
    with np.load(tmp_path / "d.npz", allow_pickle=False) as z:
        np.testing.assert_array_equal(z["w"], [[1, 2], [3, 4]])


def test_npz_from_numpy_loads(tmp_path):
    a = np.asfortranarray(np.arange(6, dtype=">f8").reshape(2, 3))   # big-endian, F order
    np.savez_compressed(tmp_path / "c.npz", a=a, b=np.int32(7))
    loaded = nd.load(tmp_path / "c.npz")
    np.testing.assert_array_equal(loaded["a"].asnumpy(), a)
    assert loaded["a"].dtype == np.float64 and loaded["b"].shape == ()
    assert loaded["a"].asnumpy().flags.writeable


def test_npz_content_is_recognised_under_any_name(tmp_path):
    np.savez(tmp_path / "x.npz", np.ones(2))
    os.rename(tmp_path / "x.npz", tmp_path / "weights")
    assert nd.load(tmp_path / "weights")[0].shape == (2,)
    assert nd.load_frombuffer((tmp_path / "weights").read_bytes())[0].shape == (2,)


# ----- hostile files ----------------------------------------------------------------------
VALID = serialization.encode({"a": nd.array([[1, 2, 3], [4, 5, 6]]), "b": nd.array([7, 8])})
ONE = serialization.encode([nd.array([[1, 2, 3], [4, 5, 6]])])
HEADER = struct.pack("<QQQ", 0x112, 0, 1)


def _array(magic=0xF993FAC9, stype=0, ndim=1, dims=(2,), flag=0, data=b"\0" * 8):
    return (struct.pack("<Iii", magic, stype, ndim) + struct.pack(f"<{len(dims)}q", *dims)
            + struct.pack("<iii", 1, 0, flag) + data)


def _file(*arrays, names=()):
    body = struct.pack("<QQQ", 0x112, 0, len(arrays)) + b"".join(arrays)
    body += struct.pack("<Q", len(names))
    for name in names:
        body += struct.pack("<Q", len(name)) + name
    return body


class _RunsCode:
    """Unpickling this would create a marker file."""

    marker = ""

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _npz(**members) -> bytes:
    """A zip of raw .npy members (bytes), for forged headers."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, blob in members.items():
            z.writestr(name, blob)
    return buffer.getvalue()


def _npy_header(descr: str, shape: tuple) -> bytes:
    header = repr({"descr": descr, "fortran_order": False, "shape": shape}).encode()
    header += b" " * (63 - len(header) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header


def _npz_with_object_array() -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, a=np.array([_RunsCode()], dtype=object))
    return buffer.getvalue()


def _npz_claiming(file_size: int, compression: int) -> bytes:
    """A valid one-member .npz whose zip directory then claims `file_size` bytes for it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z:
        z.writestr("a.npy", _npy_header("<f4", (4,)) + b"\0" * 16)
    blob = bytearray(buffer.getvalue())
    at = blob.index(b"PK\x01\x02") + 24            # the central directory's uncompressed size
    blob[at:at + 4] = struct.pack("<I", file_size)
    return bytes(blob)


HOSTILE = {  # name -> (file bytes, what the message must say)
    "empty": (b"", "the file is empty"),
    "truncated_header": (VALID[:10], "ends inside the file header"),
    "truncated_array_list": (ONE[:30], "claims 1 arrays but only 6 bytes follow"),
    "truncated_shape": (ONE[:50], "ends inside the shape of array 0"),
    "truncated_data": (ONE[:70], "the data of array 0 of shape (2, 3) needs 24 bytes but only 6"),
    "truncated_names": (VALID[:-1], "name 1 needs 1 bytes but only 0 remain"),
    "text_file": (b"hello, this is not an array file at all\n", "header magic is"),
    "absurd_array_count": (struct.pack("<QQQ", 0x112, 0, 2**63) + VALID[24:],
                           "claims 9223372036854775808 arrays but only"),
    "absurd_ndim": (HEADER + _array(ndim=2**31 - 1, dims=()), "claims 2147483647 dimensions"),
    "negative_ndim": (HEADER + _array(ndim=-1, dims=()), "uninitialised"),
    "negative_dimension": (_file(_array(dims=(-2,))), "negative dimension"),
    "absurd_dimensions": (_file(_array(ndim=2, dims=(2**40, 2**40))),
                          "needs 4835703278458516698824704 bytes but only"),
    "dimensions_overflowing_int64": (_file(_array(ndim=3, dims=(2**62, 2**62, 4))),
                                     "bytes but only"),
    "zero_size_beyond_numpy": (_file(_array(ndim=3, dims=(0, 2**62, 2**62), data=b"")),
                               "has shape (0, 4611686018427387904, 4611686018427387904)"),
    "unknown_type_flag": (_file(_array(flag=99)), "unknown type flag 99"),
    "sparse_storage": (_file(_array(stype=1)), "sparse"),
    "legacy_array_with_absurd_ndim": (_file(struct.pack("<I", 40) + b"\0" * 20), "magic 0x28"),
    "legacy_empty_array": (_file(struct.pack("<I", 0) + b"\0" * 20), "empty MXNet array"),
    "bad_array_magic": (_file(_array(magic=0xDEADBEEF)), "magic 0xdeadbeef"),
    "absurd_name_count": (_file(_array())[:-8] + struct.pack("<Q", 2**62),
                          "4611686018427387904 names for 1 arrays"),
    "absurd_name_length": (_file(_array())[:-8] + struct.pack("<QQ", 1, 2**63),
                           "name 0 needs 9223372036854775808 bytes"),
    "invalid_utf8_name": (_file(_array(), names=[b"\xff\xfe"]), "not valid UTF-8"),
    "duplicate_names": (_file(_array(), _array(), names=[b"w", b"w"]), "'w' appears twice"),
    "trailing_bytes": (VALID + b"junk", "4 unexpected bytes"),
    "pickle_protocol_2": (pickle.dumps([1, 2, 3], protocol=2), "pickle, which ndsh never loads"),
    "pickle_protocol_5": (pickle.dumps({"w": np.ones(2)}, protocol=5), "never loads"),
    "npy_file": (b"\x93NUMPY\x01\x00" + b"\0" * 60, "this is a .npy file"),
    "npz_object_array": (_npz_with_object_array(), "object array, stored as a pickle"),
    "npz_forged_shape": (_npz(**{"a.npy": _npy_header("<f4", (10**12,)) + b"\0" * 16}),
                         "needs 4000000000000 bytes, more than the member holds"),
    "npz_forged_member_size": (_npz_claiming(2**32 - 1, zipfile.ZIP_STORED),
                               "claims 4294967295 bytes, more than the file can hold"),
    "npz_forged_inflated_size": (_npz_claiming(2**32 - 1, zipfile.ZIP_DEFLATED),
                                 "claims 4294967295 bytes"),
    "npz_complex_dtype": (_npz(**{"a.npy": _npy_header("<c16", (1,)) + b"\0" * 16}),
                          "dtype complex128, which ndsh does not support"),
    "npz_not_npy_member": (_npz(**{"readme.txt": b"hello"}), "'readme.txt' is not a .npy"),
    "npz_bad_npy_header": (_npz(**{"a.npy": b"\x93NUMPY\x01\x00\x04\x00{'x'"}), "a.npy"),
    "corrupt_zip": (b"PK\x03\x04" + b"\xff" * 40, "BadZipFile"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_raises_one_clear_error(case, tmp_path):
    blob, fragment = HOSTILE[case]
    path = tmp_path / f"{case}.npz" if case.startswith("npz") else tmp_path / case
    path.write_bytes(blob)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(LoadError) as caught:
            nd.load(path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = str(caught.value)
    assert message.startswith(str(path) + ": "), message       # names the file first
    assert fragment in message, message
    assert time.perf_counter() - started < 1.0
    assert peak < len(blob) + 256 * 1024, f"allocated {peak} bytes for a {len(blob)}-byte file"


@pytest.mark.parametrize("case", ["absurd_dimensions", "pickle_protocol_2", "truncated_data"])
def test_hostile_buffer_names_the_buffer(case):
    with pytest.raises(LoadError, match=r"^<buffer>: "):
        nd.load_frombuffer(HOSTILE[case][0])


def test_every_truncation_of_a_valid_file_is_a_clean_error(tmp_path):
    blob = (GOLDEN / "dict_mixed").read_bytes()
    for length in range(len(blob)):
        with pytest.raises(LoadError):
            nd.load_frombuffer(blob[:length])


@pytest.mark.parametrize("protocol", [0, 2, 5])
@pytest.mark.parametrize("suffix", ["", ".npz"])
def test_a_pickle_never_runs_code(protocol, suffix, tmp_path):
    marker = tmp_path / "code-ran"
    _RunsCode.marker = str(marker)
    path = tmp_path / f"evil{suffix}"
    path.write_bytes(pickle.dumps(_RunsCode(), protocol=protocol))
    with pytest.raises(LoadError, match=re.escape(str(path))):
        nd.load(path)
    with pytest.raises(LoadError):
        nd.load_frombuffer(path.read_bytes())
    assert not marker.exists()


def test_npz_object_array_never_runs_code(tmp_path):
    marker = tmp_path / "code-ran"
    _RunsCode.marker = str(marker)
    np.savez(tmp_path / "evil.npz", a=np.array([_RunsCode()], dtype=object))
    with pytest.raises(LoadError, match="object array"):
        nd.load(tmp_path / "evil.npz")
    assert not marker.exists()


def test_missing_file_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope"):
        nd.load(tmp_path / "nope")


# ----- atomic save ------------------------------------------------------------------------
OLD = [nd.array([1, 2, 3])]


def _old_file(tmp_path) -> tuple[Path, bytes]:
    path = tmp_path / "params"
    nd.save(path, OLD)
    return path, path.read_bytes()


def _interrupting_writer(monkeypatch, exception):
    """Make the next save write part of its data, then raise `exception`."""
    real = serialization._write_mxnet

    def write_half_then_fail(f, *args):
        buffer = io.BytesIO()
        real(buffer, *args)
        f.write(buffer.getvalue()[:len(buffer.getvalue()) // 2])
        f.flush()
        raise exception
    monkeypatch.setattr(serialization, "_write_mxnet", write_half_then_fail)


def test_save_leaves_no_temporary(tmp_path):
    path, _ = _old_file(tmp_path)
    nd.save(path, [nd.zeros(4)])
    assert os.listdir(tmp_path) == ["params"]
    assert nd.load(path)[0].shape == (4,)


@pytest.mark.parametrize("exception", [OSError(errno.ENOSPC, "No space left on device"),
                                       KeyboardInterrupt()], ids=["disk_full", "ctrl_c"])
def test_failure_mid_write_keeps_the_old_file(exception, tmp_path, monkeypatch):
    path, before = _old_file(tmp_path)
    _interrupting_writer(monkeypatch, exception)
    with pytest.raises(type(exception)):
        nd.save(path, [nd.ones((100, 100))])
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["params"]


def test_failure_in_fsync_keeps_the_old_file(tmp_path, monkeypatch):
    path, before = _old_file(tmp_path)
    monkeypatch.setattr(serialization.os, "fsync", lambda fd: (_ for _ in ()).throw(
        OSError(errno.EIO, "I/O error")))
    with pytest.raises(OSError):
        nd.save(path, [nd.ones(5)])
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["params"]


def test_non_array_value_touches_nothing(tmp_path):
    path, before = _old_file(tmp_path)
    with pytest.raises(TypeError):
        nd.save(path, [nd.ones(2), "not an array"])
    with pytest.raises(TypeError):
        nd.save(tmp_path / "p.npz", {"a": 3})
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["params"]


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_real_write_error_keeps_the_old_file(tmp_path):
    """A real 'File too large' error mid-write (RLIMIT_FSIZE), in a child process."""
    path, before = _old_file(tmp_path)
    script = (
        "import resource, sys\n"
        "from ndsh import nd\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, resource.RLIM_INFINITY))\n"
        "try:\n"
        f"    nd.save({str(path)!r}, [nd.ones((1000, 1000))])\n"
        "except OSError as e:\n"
        "    print('OSError', e.errno); sys.exit(0)\n"
        "sys.exit(3)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"OSError {errno.EFBIG}" in done.stdout
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["params"]


def test_missing_folder_names_the_target(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing"):
        nd.save(tmp_path / "missing" / "x", [nd.ones(1)])


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_save_keeps_the_mode_and_writes_through_symlinks(tmp_path):
    fresh = tmp_path / "fresh"
    nd.save(fresh, [nd.ones(1)])
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    path, _ = _old_file(tmp_path)
    path.chmod(0o640)
    link = tmp_path / "link"
    link.symlink_to(path)
    nd.save(link, [nd.zeros(2)])
    assert link.is_symlink() and path.stat().st_mode & 0o777 == 0o640
    assert nd.load(path)[0].shape == (2,)


def test_files_of_older_mxnet_versions_load(tmp_path):
    # MXNet 0.x (NDARRAY_V1_MAGIC: no storage type, u32 ndim, i64 dims) and the oldest layout (no
    # magic: u32 ndim, u32 dims), as MXNet 1.9.1's NDArray::LegacyLoad reads them; the oldest is
    # the layout of MXNet's own tests/python/unittest/legacy_ndarray.v0
    values = np.arange(6, dtype=np.float32)
    v1 = (struct.pack("<IIqq", 0xF993FAC8, 2, 2, 3) + struct.pack("<iii", 1, 0, 0)
          + values.tobytes())
    v0 = struct.pack("<III", 1, 6, 1) + struct.pack("<ii", 0, 0) + values.tobytes()
    path = tmp_path / "old.params"
    path.write_bytes(_file(v1, v0))
    first, second = nd.load(str(path))
    assert first.shape == (2, 3) and first.asnumpy().ravel().tolist() == values.tolist()
    assert second.shape == (6,) and second.asnumpy().tolist() == values.tolist()
