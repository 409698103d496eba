"""Where the model zoo's pretrained weights live (MXNet 1.9.1's `gluon.model_zoo.model_store`):
the file `{name}-{short hash}.params` in `$MXNET_HOME/models` (by default `~/.mxnet/models`),
checked against the SHA-1 MXNet publishes for it and fetched from MXNet's address (a zip holding
the file) when missing or different. Without a network the error names the file, the address
and the folder to put it in.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import uuid
import zipfile

from ndsh.gluon.utils import check_sha1, download, replace_file

__all__ = ["get_model_file", "purge", "short_hash", "data_dir"]

# MXNet 1.9.1's table (python/mxnet/gluon/model_zoo/model_store.py): name -> SHA-1 of the file
_model_sha1 = {name: checksum for checksum, name in [
    ("44335d1f0046b328243b32a26a4fbd62d9057b45", "alexnet"),
    ("f27dbf2dbd5ce9a80b102d89c7483342cd33cb31", "densenet121"),
    ("b6c8a95717e3e761bd88d145f4d0a214aaa515dc", "densenet161"),
    ("2603f878403c6aa5a71a124c4a3307143d6820e9", "densenet169"),
    ("1cdbc116bc3a1b65832b18cf53e1cb8e7da017eb", "densenet201"),
    ("ed47ec45a937b656fcc94dabde85495bbef5ba1f", "inceptionv3"),
    ("9f83e440996887baf91a6aff1cccc1c903a64274", "mobilenet0.25"),
    ("8e9d539cc66aa5efa71c4b6af983b936ab8701c3", "mobilenet0.5"),
    ("529b2c7f4934e6cb851155b22c96c9ab0a7c4dc2", "mobilenet0.75"),
    ("6b8c5106c730e8750bcd82ceb75220a3351157cd", "mobilenet1.0"),
    ("36da4ff1867abccd32b29592d79fc753bca5a215", "mobilenetv2_1.0"),
    ("e2be7b72a79fe4a750d1dd415afedf01c3ea818d", "mobilenetv2_0.75"),
    ("aabd26cd335379fcb72ae6c8fac45a70eab11785", "mobilenetv2_0.5"),
    ("ae8f9392789b04822cbb1d98c27283fc5f8aa0a7", "mobilenetv2_0.25"),
    ("a0666292f0a30ff61f857b0b66efc0228eb6a54b", "resnet18_v1"),
    ("48216ba99a8b1005d75c0f3a0c422301a0473233", "resnet34_v1"),
    ("0aee57f96768c0a2d5b23a6ec91eb08dfb0a45ce", "resnet50_v1"),
    ("d988c13d6159779e907140a638c56f229634cb02", "resnet101_v1"),
    ("671c637a14387ab9e2654eafd0d493d86b1c8579", "resnet152_v1"),
    ("a81db45fd7b7a2d12ab97cd88ef0a5ac48b8f657", "resnet18_v2"),
    ("9d6b80bbc35169de6b6edecffdd6047c56fdd322", "resnet34_v2"),
    ("ecdde35339c1aadbec4f547857078e734a76fb49", "resnet50_v2"),
    ("18e93e4f48947e002547f50eabbcc9c83e516aa6", "resnet101_v2"),
    ("f2695542de38cf7e71ed58f02893d82bb409415e", "resnet152_v2"),
    ("264ba4970a0cc87a4f15c96e25246a1307caf523", "squeezenet1.0"),
    ("33ba0f93753c83d86e1eb397f38a667eaf2e9376", "squeezenet1.1"),
    ("dd221b160977f36a53f464cb54648d227c707a05", "vgg11"),
    ("ee79a8098a91fbe05b7a973fed2017a6117723a8", "vgg11_bn"),
    ("6bc5de58a05a5e2e7f493e2d75a580d83efde38c", "vgg13"),
    ("7d97a06c3c7a1aecc88b6e7385c2b373a249e95e", "vgg13_bn"),
    ("e660d4569ccb679ec68f1fd3cce07a387252a90a", "vgg16"),
    ("7f01cf050d357127a73826045c245041b0df7363", "vgg16_bn"),
    ("ad2f660d101905472b83590b59708b71ea22b2e5", "vgg19"),
    ("f360b758e856f1074a85abd5fd873ed1d98297c3", "vgg19_bn")]}

apache_repo_url = "https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/"
_url_format = "{repo_url}gluon/models/{file_name}.zip"


def data_dir() -> str:
    """Where MXNet keeps its downloads: $MXNET_HOME, else ~/.mxnet (the models in `models/`).

    Example:
        >>> import os
        >>> home = gluon.model_zoo.model_store.data_dir()
        >>> home == os.environ.get('MXNET_HOME', os.path.expanduser('~/.mxnet'))
        True
    """
    return os.getenv("MXNET_HOME", os.path.join(os.path.expanduser("~"), ".mxnet"))


def _default_root() -> str:
    return os.path.join(data_dir(), "models")


def short_hash(name: str) -> str:
    """The first 8 hex digits of the SHA-1 of a pretrained model's file (its file name's tail).

    Parameters:
        name: the model's name in MXNet's table (`resnet18_v1`, `squeezenet1.1`...).

    Example:
        >>> gluon.model_zoo.model_store.short_hash('resnet18_v1')
        'a0666292'
    """
    if name not in _model_sha1:
        raise ValueError(f"Pretrained model for {name} is not available. The pretrained "
                         f"models are: {', '.join(sorted(_model_sha1))}.")
    return _model_sha1[name][:8]


def get_model_file(name: str, root: str | None = None) -> str:
    """The path of a pretrained model's parameter file, `{root}/{name}-{short hash}.params`,
    fetched from MXNet's model zoo when missing or when its SHA-1 is not the one MXNet
    publishes (the folder is created if need be).

    The address is `$MXNET_GLUON_REPO` (by default MXNet's) + `gluon/models/{file}.zip`.
    Without a network, the ConnectionError names the file, the address and the folder.

    Parameters:
        name: the model's name in MXNet's table (`resnet18_v1`, `mobilenet0.25`...).
        root: the folder of the files; by default `$MXNET_HOME/models` (`~/.mxnet/models`).

    Example:
        >>> import os, tempfile
        >>> store = gluon.model_zoo.model_store
        >>> os.environ['MXNET_GLUON_REPO'] = 'http://127.0.0.1:9/'   # no server
        >>> store.get_model_file('squeezenet1.1', root=tempfile.mkdtemp())
        Traceback (most recent call last):
        ...
        ConnectionError: Could not download http://127.0.0.1:9/.../squeezenet1.1-33ba0f93.zip ...
        >>> del os.environ['MXNET_GLUON_REPO']
    """
    file_name = f"{name}-{short_hash(name)}"
    root = os.path.expanduser(root if root is not None else _default_root())
    file_path = os.path.join(root, file_name + ".params")
    sha1_hash = _model_sha1[name]
    if os.path.exists(file_path):
        if check_sha1(file_path, sha1_hash):
            return file_path
        logging.warning("Mismatch in the content of model file detected. Downloading again.")
    else:
        logging.info("Model file not found. Downloading to %s.", file_path)
    os.makedirs(root, exist_ok=True)
    repo_url = os.environ.get("MXNET_GLUON_REPO", apache_repo_url)
    if not repo_url.endswith("/"):
        repo_url += "/"
    url = _url_format.format(repo_url=repo_url, file_name=file_name)
    zip_path = os.path.join(root, f"{file_name}.zip{uuid.uuid4()}")
    try:
        download(url, path=zip_path, overwrite=True)
    except ConnectionError as error:
        raise ConnectionError(_offline_message(url, file_path, sha1_hash, error)) from None
    try:
        _unpack(zip_path, file_name + ".params", file_path, root)
    finally:
        if os.path.exists(zip_path):
            os.remove(zip_path)
    if check_sha1(file_path, sha1_hash):
        return file_path
    os.remove(file_path)
    raise ValueError(f"Downloaded file has different hash: {url} held a {file_name}.params "
                     f"whose SHA-1 is not {sha1_hash} (it was not kept). Please try again.")


def _unpack(zip_path: str, member: str, file_path: str, root: str) -> None:
    """Take `member` out of the zip into file_path, in one step (no half-written file)."""
    temp_dir = tempfile.mkdtemp(dir=root)
    try:
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(temp_dir)
        replace_file(os.path.join(temp_dir, member), file_path)
    finally:
        shutil.rmtree(temp_dir, ignore_errors=True)


def _offline_message(url: str, file_path: str, sha1_hash: str, error: Exception) -> str:
    cause = error.__cause__ or error
    reason = getattr(cause, "reason", None) or cause
    return (f"Could not download {url} ({reason}). Without a network, fetch that zip on a "
            f"machine that has one and put the file it holds, {os.path.basename(file_path)} "
            f"(SHA-1 {sha1_hash}), at {file_path}, in the folder {os.path.dirname(file_path)}: "
            f"it is used from there, and nothing is downloaded.")


def purge(root: str | None = None) -> None:
    """Delete every pretrained model file (`*.params`) in the folder.

    Parameters:
        root: the folder; by default `$MXNET_HOME/models` (`~/.mxnet/models`).

    Example:
        >>> import os, tempfile
        >>> folder = tempfile.mkdtemp()
        >>> for name in ('a.params', 'notes.txt'): open(os.path.join(folder, name), 'w').close()
        >>> gluon.model_zoo.model_store.purge(folder); os.listdir(folder)
        ['notes.txt']
    """
    root = os.path.expanduser(root if root is not None else _default_root())
    for name in os.listdir(root):
        if name.endswith(".params"):
            os.remove(os.path.join(root, name))
