"""pretrained=True end to end: the model's file is fetched as MXNet's model zoo serves it (a zip
at `$MXNET_GLUON_REPO/gluon/models/{name}-{hash}.zip`, here from a local HTTP server), SHA-1
checked against the table, kept in `$MXNET_HOME/models` (or root=) and loaded into the new
net (its deferred shapes included), whether the file has structural names (save_parameters) or
MXNet's older prefixed ones; a cached file is used without a network, a damaged one fetched
again; offline, the error names the file, the address and the folder. The table's entry is
replaced by the SHA-1 of a file the test makes (MXNet's real files are tens of megabytes).
"""
from __future__ import annotations

import hashlib
import http.server
import logging
import os
import threading
import zipfile

import numpy as np
import pytest

from ndsh.engine import nd
from ndsh.gluon.model_zoo import model_store, vision
from ndsh.gluon.name import NameManager

NAME = "mobilenet0.25"


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A trained-looking mobilenet0.25 (10 classes), its two files, and its output on x."""
    folder = tmp_path_factory.mktemp("source")
    with NameManager():
        net = vision.mobilenet0_25(classes=10)
    net.initialize()
    x = nd.array(np.random.RandomState(3).uniform(size=(1, 3, 32, 32)).astype(np.float32))
    net(x)
    for index, param in enumerate(net.collect_params().values()):
        param.set_data(nd.array(np.random.RandomState(index).uniform(
            0.5, 1.0, param.shape).astype(np.float32)))
    structural, legacy = folder / "structural.params", folder / "legacy.params"
    net.save_parameters(str(structural))
    net.collect_params().save(str(legacy), strip_prefix=net.prefix)
    assert "conv0_weight" in nd.load(str(legacy))
    return {"structural": structural.read_bytes(), "legacy": legacy.read_bytes(),
            "x": x, "y": net(x).asnumpy()}


class Repo:
    """A folder served over HTTP as MXNet's model zoo is: gluon/models/{file}.zip."""

    def __init__(self, folder):
        self.folder = folder
        handler = _quiet_handler(str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)
        self.thread.start()
        self.requests = handler.requests

    def publish(self, content: bytes, file_name: str) -> None:
        models = self.folder / "gluon" / "models"
        models.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(models / f"{file_name}.zip", "w") as archive:
            archive.writestr(f"{file_name}.params", content)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _quiet_handler(directory: str):
    class Handler(http.server.SimpleHTTPRequestHandler):
        requests: list = []

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=directory, **kwargs)

        def do_GET(self):  # noqa: N802
            Handler.requests.append(self.path)
            super().do_GET()

        def log_message(self, *args):
            pass
    return Handler


@pytest.fixture
def repo(tmp_path, monkeypatch):
    served = Repo(tmp_path / "served")
    monkeypatch.setenv("MXNET_GLUON_REPO", served.url)           # no trailing '/': added
    monkeypatch.setenv("MXNET_HOME", str(tmp_path / "home"))
    yield served
    served.close()


def _pin(monkeypatch, content: bytes) -> str:
    """Make the table's entry for NAME the SHA-1 of content; the file's name, as MXNet's."""
    sha1 = hashlib.sha1(content).hexdigest()
    monkeypatch.setitem(model_store._model_sha1, NAME, sha1)
    return f"{NAME}-{sha1[:8]}"


@pytest.mark.parametrize("kind", ["structural", "legacy"])
def test_pretrained_is_fetched_checked_kept_and_loaded(kind, source, repo, monkeypatch,
                                                       tmp_path, capsys):
    file_name = _pin(monkeypatch, source[kind])
    repo.publish(source[kind], file_name)
    net = vision.mobilenet0_25(pretrained=True, classes=10)      # another prefix: mobilenet1_
    np.testing.assert_allclose(net(source["x"]).asnumpy(), source["y"], rtol=1e-5, atol=1e-6)
    kept = tmp_path / "home" / "models" / f"{file_name}.params"
    assert kept.read_bytes() == source[kind]
    assert sorted(os.listdir(kept.parent)) == [kept.name]        # no zip or temp folder left
    assert repo.requests == [f"/gluon/models/{file_name}.zip"]
    assert "Downloading" in capsys.readouterr().out


def test_a_kept_file_is_used_and_a_damaged_one_fetched_again(source, repo, monkeypatch,
                                                             tmp_path, caplog):
    file_name = _pin(monkeypatch, source["structural"])
    repo.publish(source["structural"], file_name)
    root = tmp_path / "elsewhere"
    path = model_store.get_model_file(NAME, root=str(root))
    assert path == str(root / f"{file_name}.params") and len(repo.requests) == 1
    net = vision.get_model(NAME, pretrained=True, classes=10, root=str(root), ctx=nd.cpu(0))
    np.testing.assert_allclose(net(source["x"]).asnumpy(), source["y"], rtol=1e-5, atol=1e-6)
    assert len(repo.requests) == 1                               # used from the folder
    with open(path, "r+b") as damaged:
        damaged.write(b"\0\0\0\0")
    with caplog.at_level(logging.WARNING):
        assert model_store.get_model_file(NAME, root=str(root)) == path
    assert "Mismatch in the content of model file" in caplog.text
    assert len(repo.requests) == 2
    assert open(path, "rb").read() == source["structural"]


def test_a_download_with_another_hash_is_refused_and_not_kept(source, repo, monkeypatch,
                                                              tmp_path):
    file_name = _pin(monkeypatch, source["structural"])
    repo.publish(source["legacy"], file_name)                    # not the pinned content
    with pytest.raises(ValueError, match="different hash"):
        vision.mobilenet0_25(pretrained=True, classes=10)
    assert os.listdir(tmp_path / "home" / "models") == []


def test_offline_the_error_names_the_file_the_address_and_the_folder(tmp_path, monkeypatch,
                                                                      capsys):
    monkeypatch.setenv("MXNET_GLUON_REPO", "http://127.0.0.1:9/")   # nothing listens there
    monkeypatch.setenv("MXNET_HOME", str(tmp_path))
    folder = tmp_path / "models"
    with pytest.raises(ConnectionError) as raised:
        vision.resnet18_v1(pretrained=True)
    message = str(raised.value)
    assert "http://127.0.0.1:9/gluon/models/resnet18_v1-a0666292.zip" in message
    assert str(folder / "resnet18_v1-a0666292.params") in message
    assert f"in the folder {folder}:" in message
    assert "a0666292f0a30ff61f857b0b66efc0228eb6a54b" in message
    assert os.listdir(folder) == []                              # no partial download left
    capsys.readouterr()


def test_a_name_without_pretrained_weights_says_which_have_them():
    with pytest.raises(ValueError, match=r"Pretrained model for resnet18 is not available.*"
                                         r"alexnet, densenet121"):
        model_store.get_model_file("resnet18")


def test_the_default_folder_follows_mxnet_home(tmp_path, monkeypatch):
    monkeypatch.setenv("MXNET_HOME", str(tmp_path))
    models = tmp_path / "models"
    models.mkdir()
    content = b"weights"
    monkeypatch.setitem(model_store._model_sha1, "alexnet", hashlib.sha1(content).hexdigest())
    kept = models / f"alexnet-{model_store.short_hash('alexnet')}.params"
    kept.write_bytes(content)
    assert model_store.get_model_file("alexnet") == str(kept)
    model_store.purge()
    assert os.listdir(models) == []
