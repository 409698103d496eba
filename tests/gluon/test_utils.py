"""gluon.utils.download against a local HTTP server (this machine has no network): the file
arrives with its SHA-1 checked and a progress bar at a terminal; a present file with the right
hash is not fetched again; a failed fetch says which address, which file and which folder."""
from __future__ import annotations

import hashlib
import http.server
import io
import sys
import threading

import pytest

from ndsh.gluon import utils

PAYLOAD = bytes(range(256)) * 300
SHA1 = hashlib.sha1(PAYLOAD).hexdigest()


@pytest.fixture(scope="module")
def server():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802  (the http.server interface)
            if self.path != "/data/train.bin":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(PAYLOAD)))
            self.end_headers()
            self.wfile.write(PAYLOAD)

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_file_is_fetched_checked_and_shown_progressing(server, tmp_path, capsys,
                                                         monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    got = utils.download(f"{server}/data/train.bin", path=str(tmp_path), sha1_hash=SHA1)
    assert got == str(tmp_path / "train.bin")
    assert (tmp_path / "train.bin").read_bytes() == PAYLOAD
    assert capsys.readouterr().out == f"Downloading {got} from {server}/data/train.bin...\n"
    assert "100% of 0.1 MB" in terminal.getvalue() and "#" * 30 in terminal.getvalue()
    assert [p.name for p in tmp_path.iterdir()] == ["train.bin"]    # no partial file left


def test_a_present_file_with_the_right_hash_is_kept(server, tmp_path, capsys):
    (tmp_path / "train.bin").write_bytes(PAYLOAD)
    utils.download(f"{server}/data/train.bin", path=str(tmp_path), sha1_hash=SHA1)
    assert capsys.readouterr().out == ""
    (tmp_path / "train.bin").write_bytes(b"stale")
    utils.download(f"{server}/data/train.bin", path=str(tmp_path), sha1_hash=SHA1)
    assert (tmp_path / "train.bin").read_bytes() == PAYLOAD


def test_a_wrong_hash_after_fetching_is_refused(server, tmp_path):
    with pytest.raises(UserWarning, match="content hash does not match"):
        utils.download(f"{server}/data/train.bin", path=str(tmp_path / "t.bin"),
                       sha1_hash="0" * 40, retries=1)


def test_without_a_network_the_error_names_address_file_and_folder(tmp_path, capsys):
    url = "http://127.0.0.1:9/gluon/dataset/mnist/train-images-idx3-ubyte.gz"
    folder = tmp_path / "datasets" / "mnist"
    folder.mkdir(parents=True)
    with pytest.raises(ConnectionError) as caught:
        utils.download(url, path=str(folder), sha1_hash="6c95f4b0" + "0" * 32, retries=2)
    message = str(caught.value)
    assert url in message and str(folder / "train-images-idx3-ubyte.gz") in message
    assert f"in the folder {folder}" in message and "\n" not in message
    out = capsys.readouterr().out
    assert out.count("Downloading") == 2 and "retrying, 1 attempt left" in out
    assert list(folder.iterdir()) == []         # no partial file left


def test_verify_ssl_false_warns_as_mxnet_does(server, tmp_path):
    # MXNet 1.9.1's test_gluon_utils.py::test_download_ssl_verify (which patches requests.get)
    with pytest.warns(UserWarning, match=r"^Unverified HTTPS request is being made"):
        utils.download(f"{server}/data/train.bin", path=str(tmp_path), verify_ssl=False)
    assert (tmp_path / "train.bin").read_bytes() == PAYLOAD


def test_processes_fetching_one_file_leave_one_whole_file(server, tmp_path):
    # MXNet 1.9.1's test_gluon_utils.py::test_multiprocessing_download_successful: each
    # process fetches into its own partial file and moves it over the target
    import multiprocessing
    target = str(tmp_path / "README.md")
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=utils.download, args=(f"{server}/data/train.bin",),
                               kwargs={"path": target, "overwrite": True}) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert [worker.exitcode for worker in workers] == [0] * 4
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]
    assert (tmp_path / "README.md").read_bytes() == PAYLOAD
