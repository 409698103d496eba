"""gluon.data beyond the golden cases: worker processes really load in parallel and in order,
RecordIO refuses a damaged file by name, and the vision datasets find their files (checked by
SHA-1), fetch a missing one from MXNet's address (a local server here), or say where to put it.
"""
from __future__ import annotations

import gzip
import hashlib
import http.server
import io
import os
import struct
import tarfile
import threading
import time

import numpy as np
import pytest

from ndsh.engine import nd
from ndsh.gluon import recordio
from ndsh.gluon.data import ArrayDataset, DataLoader, Dataset
from ndsh.gluon.data.vision import datasets


class _SlowFirst(Dataset):
    """Early samples take longest, so a pool finishes the batches out of order."""

    def __getitem__(self, i):
        time.sleep(0.05 if i < 2 else 0.0)
        return np.float32(i), os.getpid()

    def __len__(self):
        return 8


def test_workers_are_other_processes_and_batches_come_in_order():
    loader = DataLoader(_SlowFirst(), batch_size=2, num_workers=2,
                        batchify_fn=lambda samples: samples)      # a lambda: workers fork
    batches = list(loader)
    assert [[float(x) for x, _ in b] for b in batches] == [[0, 1], [2, 3], [4, 5], [6, 7]]
    pids = {pid for b in batches for _, pid in b}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    assert [[float(x) for x, _ in b] for b in loader] == [[0, 1], [2, 3], [4, 5], [6, 7]]


def test_thread_workers_run_in_this_process():
    loader = DataLoader(_SlowFirst(), batch_size=3, num_workers=3, thread_pool=True,
                        batchify_fn=lambda samples: samples)
    batches = list(loader)
    assert {pid for b in batches for _, pid in b} == {os.getpid()}
    assert [len(b) for b in batches] == [3, 3, 2]


def test_auto_reload_prefetches_the_next_epoch():
    ds = ArrayDataset(np.arange(6, dtype=np.float32))
    loader = DataLoader(ds, batch_size=4, num_workers=1, auto_reload=True)
    assert loader._iter is not None                 # loading began when it was made
    first = [b.asnumpy().tolist() for b in loader]
    assert loader._iter is not None                 # and again as the epoch ended
    assert first == [b.asnumpy().tolist() for b in loader] == [[0, 1, 2, 3], [4, 5]]


def test_a_damaged_record_file_is_refused_by_name(tmp_path):
    path = tmp_path / "bad.rec"
    writer = recordio.MXRecordIO(str(path), "w")
    writer.write(b"abcdefgh")
    writer.close()
    data = path.read_bytes()
    path.write_bytes(data[:-3])
    with pytest.raises(ValueError, match=f"Invalid RecordIO File {path}: a record of 8 bytes"):
        recordio.MXRecordIO(str(path), "r").read()
    path.write_bytes(b"\0" * 8)
    with pytest.raises(ValueError, match="no record starts at byte 0"):
        recordio.MXRecordIO(str(path), "r").read()


def test_records_holding_the_magic_number_round_trip():
    rng = np.random.default_rng(0)
    magic = struct.pack("<I", recordio.MAGIC)
    for _ in range(200):
        pieces = [rng.bytes(int(rng.integers(0, 9))) if rng.random() < 0.6 else magic
                  for _ in range(int(rng.integers(0, 6)))]
        record = b"".join(pieces)
        encoded = io.BytesIO(recordio.encode_record(record))
        assert len(encoded.getvalue()) % 4 == 0
        assert recordio.read_record(encoded) == record
        assert recordio.read_record(encoded) is None


def _mnist_files(folder, prefix, n):
    images = np.arange(n * 784, dtype=np.uint32).reshape(n, 28, 28, 1).astype(np.uint8)
    labels = (np.arange(n) % 10).astype(np.uint8)
    names = []
    for name, header, body in (
            (f"{prefix}-images-idx3-ubyte.gz", struct.pack(">IIII", 2051, n, 28, 28), images),
            (f"{prefix}-labels-idx1-ubyte.gz", struct.pack(">II", 2049, n), labels)):
        with gzip.open(folder / name, "wb") as f:
            f.write(header + body.tobytes())
        names.append((name, hashlib.sha1((folder / name).read_bytes()).hexdigest()))
    return names, images, labels


def test_files_with_the_pinned_hashes_are_read_without_fetching(tmp_path, capsys):
    (data, label), images, labels = _mnist_files(tmp_path, "t10k", 5)

    class Pinned(datasets.FashionMNIST):
        _test_data, _test_label = data, label

    ds = Pinned(root=str(tmp_path), train=False)
    assert capsys.readouterr().out == ""          # nothing fetched
    x, y = ds[3]
    assert x.shape == (28, 28, 1) and x.dtype == np.uint8 and type(y) is np.int32
    np.testing.assert_array_equal(x.asnumpy(), images[3])
    assert [int(ds[i][1]) for i in range(5)] == labels.tolist()


@pytest.fixture()
def mxnet_repo(monkeypatch):
    """A local stand-in for MXNet's file server, named by MXNET_GLUON_REPO."""
    files: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802  (the http.server interface)
            body = files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    monkeypatch.setenv("MXNET_GLUON_REPO", f"http://127.0.0.1:{httpd.server_address[1]}")
    yield files
    httpd.shutdown()
    httpd.server_close()


def test_cifar10_is_fetched_extracted_and_read(tmp_path, mxnet_repo, capsys):
    rng = np.random.RandomState(0)
    batches = {}
    for name in ["data_batch_%d.bin" % i for i in range(1, 6)] + ["test_batch.bin"]:
        rows = rng.randint(0, 256, size=(2, 3073)).astype(np.uint8)
        rows[:, 0] %= 10
        batches[name] = rows
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        for name, rows in batches.items():
            info = tarfile.TarInfo(name)
            info.size = rows.nbytes
            tar.addfile(info, io.BytesIO(rows.tobytes()))
    blob = archive.getvalue()
    mxnet_repo["/gluon/dataset/cifar10/cifar-10-binary.tar.gz"] = blob

    class Pinned(datasets.CIFAR10):
        _archive_file = ("cifar-10-binary.tar.gz", hashlib.sha1(blob).hexdigest())

    test = Pinned(root=str(tmp_path / "cifar10"), train=False)
    assert "Downloading" in capsys.readouterr().out
    assert len(test) == 2 and int(test[1][1]) == batches["test_batch.bin"][1, 0]
    image = batches["test_batch.bin"][0, 1:].reshape(3, 32, 32).transpose(1, 2, 0)
    np.testing.assert_array_equal(test[0][0].asnumpy(), image)
    assert len(Pinned(root=str(tmp_path / "cifar10"))) == 10


def test_a_missing_file_without_network_says_file_address_and_folder(tmp_path, monkeypatch,
                                                                     capsys):
    monkeypatch.setenv("MXNET_GLUON_REPO", "http://127.0.0.1:9/")
    root = tmp_path / "datasets" / "fashion-mnist"
    with pytest.raises(ConnectionError) as caught:
        datasets.FashionMNIST(root=str(root), train=False)
    message = str(caught.value)
    assert "http://127.0.0.1:9/gluon/dataset/fashion-mnist/t10k-images-idx3-ubyte.gz" in message
    assert str(root / "t10k-images-idx3-ubyte.gz") in message
    assert f"in the folder {root}" in message and "626ed6a7c06dd17c" in message
    assert root.is_dir()                  # made first, as MXNet makes it
    capsys.readouterr()


def test_batches_of_an_image_dataset_keep_uint8_and_int32():
    class Images(Dataset):
        def __getitem__(self, i):
            return nd.ones((4, 4, 1), dtype="uint8") * i, np.int32(i)

        def __len__(self):
            return 5

    x, y = next(iter(DataLoader(Images(), batch_size=4)))
    assert (x.shape, x.dtype, y.dtype) == ((4, 4, 4, 1), np.uint8, np.int32)
