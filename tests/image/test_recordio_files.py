"""mx.recordio reads what MXNet 1.9.1 writes and writes what it reads: the files in
tests/image/data were written by the MXNet 1.9.1 oracle (oracle_*.rec) and by ndsh
(ndsh_made.rec, which the oracle read back; what it saw is in golden.json), see
scripts/record_image_text.py."""
from __future__ import annotations

import hashlib
import os
import shutil

import numpy as np
import pytest

from ndsh.mxnet_compat import mxnet as mx
from tests.image.golden import DATA, arrays, facts, read

recordio = mx.recordio


def test_records_mxnet_wrote_are_read_back():
    rec = recordio.MXIndexedRecordIO(os.path.join(DATA, "oracle_cls.idx"),
                                     os.path.join(DATA, "oracle_cls.rec"), "r")
    assert rec.keys == [0, 1, 2, 3, 4, 5]
    for i in range(5):
        header, payload = recordio.unpack(rec.read_idx(i))
        assert (header.flag, header.label, header.id, header.id2) == (0, float(i % 3), i, 0)
        assert payload == read(f"img{i}.png")
    header, payload = recordio.unpack(rec.read_idx(5))     # split where it holds the magic
    assert header.label == 9.0 and payload == b"\x0a\x23\xd7\xce" * 3 + b"xyz"
    det = recordio.MXRecordIO(os.path.join(DATA, "oracle_det.rec"), "r")
    header, _ = recordio.unpack(det.read())
    assert header.flag == 9 and header.label.tolist()[:4] == [4, 5, 22, 18]


def test_records_ndsh_wrote_are_what_mxnet_read(tmp_path):
    seen = facts()["ndsh_made"]
    rec = recordio.MXIndexedRecordIO(os.path.join(DATA, "ndsh_made.idx"),
                                     os.path.join(DATA, "ndsh_made.rec"), "r")
    payloads = []
    for key, flag, label, rid, id2, sha1 in seen:
        header, payload = recordio.unpack(rec.read_idx(key))
        got_label = header.label.tolist() if isinstance(header.label, np.ndarray) else header.label
        assert [header.flag, got_label, header.id, header.id2] == [flag, label, rid, id2]
        assert hashlib.sha1(payload).hexdigest() == sha1
        if key < 3:        # MXNet decoded the images ndsh encoded (BGR, as OpenCV gives them)
            _, img = recordio.unpack_img(rec.read_idx(key))
            assert np.array_equal(img, arrays()[f"ndsh_made/{key}"])
        payloads.append(rec.read_idx(key))
    assert len(seen) == facts()["ndsh_made/count"] == 4
    # ndsh's writer today frames and indexes those records byte for byte as then
    again = recordio.MXIndexedRecordIO(str(tmp_path / "a.idx"), str(tmp_path / "a.rec"), "w")
    for key, record in enumerate(payloads):
        again.write_idx(key, record)
    again.close()
    assert (tmp_path / "a.rec").read_bytes() == read("ndsh_made.rec")
    assert (tmp_path / "a.idx").read_bytes() == read("ndsh_made.idx")


def test_a_corrupt_record_names_the_file_and_the_record(tmp_path):
    rec_path, idx_path = tmp_path / "c.rec", tmp_path / "c.idx"
    shutil.copy(os.path.join(DATA, "oracle_cls.idx"), idx_path)
    data = bytearray(read("oracle_cls.rec"))
    offset = int(read("oracle_cls.idx").decode().splitlines()[2].split("\t")[1])
    data[offset] ^= 0xFF
    rec_path.write_bytes(bytes(data))
    indexed = recordio.MXIndexedRecordIO(str(idx_path), str(rec_path), "r")
    with pytest.raises(mx.base.MXNetError, match=rf"Invalid RecordIO File {rec_path}: no record "
                                                 rf"starts at byte {offset} .*the record of key 2"):
        indexed.read_idx(2)
    plain = recordio.MXRecordIO(str(rec_path), "r")
    plain.read()
    plain.read()
    with pytest.raises(ValueError, match=r"\(record 2 of the file, at byte"):
        plain.read()
    with pytest.raises(KeyError, match="has no record of key 9"):
        indexed.read_idx(9)


def test_a_file_being_written_is_never_left_half_written_under_its_name(tmp_path):
    path = tmp_path / "w.rec"
    writer = recordio.MXIndexedRecordIO(str(tmp_path / "w.idx"), str(path), "w")
    writer.write_idx(0, b"first")
    assert not path.exists() and not (tmp_path / "w.idx").exists()
    writer.close()
    reader = recordio.MXIndexedRecordIO(str(tmp_path / "w.idx"), str(path), "r")
    assert reader.read_idx(0) == b"first"
    assert sorted(os.listdir(tmp_path)) == ["w.idx", "w.rec"]
