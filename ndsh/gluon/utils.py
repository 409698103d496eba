"""`gluon.utils`: splitting a batch over contexts, clipping gradients by their global norm, and
fetching files (the datasets' and model zoo's) with their SHA-1 checked, as MXNet 1.9.1's.
"""
from __future__ import annotations

import hashlib
import os
import sys
import urllib.error
import urllib.request
import uuid
import warnings

import numpy as np

from ndsh.engine import NDArray, nd
from ndsh.gluon.np_mode import is_np, np_array_on, to_nd, to_np

__all__ = ["split_data", "split_and_load", "clip_global_norm", "check_sha1", "download",
           "replace_file"]


def split_data(data: NDArray, num_slice: int, batch_axis: int = 0,
               even_split: bool = True) -> list:
    """Split an array into `num_slice` slices along `batch_axis` (the first slices one
    larger when it does not divide evenly and even_split is False).

    Parameters:
        data: the batch.
        num_slice: how many slices.
        batch_axis: the axis to split.
        even_split: refuse a size that num_slice does not divide.

    Example:
        >>> [x.shape for x in gluon.utils.split_data(nd.zeros((5, 2)), 2, even_split=False)]
        [(3, 2), (2, 2)]
    """
    if is_np(data):                         # np mode: np slices of the np array
        return to_np(split_data(to_nd(data), num_slice, batch_axis, even_split))
    size = data.shape[batch_axis]
    if even_split and size % num_slice != 0:
        raise ValueError(
            f"data with shape {data.shape} cannot be evenly split into {num_slice} slices "
            f"along axis {batch_axis}. Use a batch size that's multiple of {num_slice} or set "
            f"even_split=False to allow uneven partitioning of data.")
    each, extras = divmod(size, num_slice)
    sizes = [0] + extras * [each + 1] + (num_slice - extras) * [each]
    points = np.array(sizes).cumsum()
    if batch_axis == 0:
        return [data[int(points[i]):int(points[i + 1])] for i in range(num_slice)]
    return [nd.slice_axis(data, axis=batch_axis, begin=int(points[i]), end=int(points[i + 1]))
            for i in range(num_slice)]


def split_and_load(data, ctx_list, batch_axis: int = 0, even_split: bool = True) -> list:
    """Split a batch into one slice per context and copy each slice to its context.

    Parameters:
        data: an NDArray, or an array-like (made a float32 NDArray on ctx_list[0]).
        ctx_list: the list of contexts.
        batch_axis, even_split: as split_data's.

    Example:
        >>> parts = gluon.utils.split_and_load(nd.arange(4), [mx.cpu(0), mx.cpu(1)])
        >>> [(p.asnumpy().tolist(), p.context) for p in parts]
        [([0.0, 1.0], cpu(0)), ([2.0, 3.0], cpu(1))]
    """
    if is_np(data) or not isinstance(data, NDArray) and np_array_on():
        # np mode (MXNet makes the array with np.array there): np slices
        data = to_nd(data) if is_np(data) else nd.array(data, ctx=ctx_list[0])
        return to_np(split_and_load(data, ctx_list, batch_axis, even_split))
    if not isinstance(data, NDArray):
        data = nd.array(data, ctx=ctx_list[0])
    if len(ctx_list) == 1:
        return [data.as_in_context(ctx_list[0])]
    slices = split_data(data, len(ctx_list), batch_axis, even_split)
    return [part.as_in_context(ctx) for part, ctx in zip(slices, ctx_list)]


def clip_global_norm(arrays: list, max_norm: float, check_isfinite: bool = True):
    """Scale the arrays in place so that their global 2-norm, sqrt(sum of ||a||**2), is at most
    max_norm; return that norm as it was (a float, or a (1,) NDArray without the check).

    Parameters:
        arrays: the arrays (usually the parameters' gradients).
        max_norm: the largest global norm allowed.
        check_isfinite: warn when the norm is nan or inf (it reads the norm back to do so).

    Example:
        >>> a, b = nd.array([3.0, 0.0]), nd.array([[4.0]])
        >>> float(gluon.utils.clip_global_norm([a, b], 1.0))
        5.0
        >>> a
        <BLANKLINE>
        [0.6 0. ]
        <NDArray 2 @cpu(0)>
    """
    assert len(arrays) > 0
    if any(is_np(array) for array in arrays):     # np arrays: scaled through their NDArrays
        norm = clip_global_norm(to_nd(list(arrays)), max_norm, check_isfinite)
        return norm if check_isfinite else to_np(norm)
    ctx = arrays[0].context
    squares = []
    for array in arrays:
        flat = array.reshape((-1,))
        squares.append(nd.dot(flat, flat).as_in_context(ctx))
    total_norm = nd.sqrt(nd.add_n(*squares))
    if check_isfinite and not np.isfinite(total_norm.asscalar()):
        warnings.warn(UserWarning("nan or inf is detected. Clipping results will be "
                                  "undefined."), stacklevel=2)
    scale = max_norm / (total_norm + 1e-8)
    scale = nd.min(nd.concat(scale, nd.ones(1, ctx=ctx), dim=0))
    with np.errstate(invalid="ignore"):     # inf * 0: nan, as MXNet gives it, silently
        for array in arrays:
            array *= scale.as_in_context(array.context)
    return total_norm.asscalar() if check_isfinite else total_norm


def check_sha1(filename: str, sha1_hash: str) -> bool:
    """Whether the file's SHA-1 is sha1_hash (hexadecimal).

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), 'empty')
        >>> open(path, 'wb').close()
        >>> gluon.utils.check_sha1(path, 'da39a3ee5e6b4b0d3255bfef95601890afd80709')
        True
    """
    sha1 = hashlib.sha1()
    with open(filename, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            sha1.update(block)
    return sha1.hexdigest() == sha1_hash


def replace_file(src: str, dst: str) -> None:
    """Move src over dst in one step (os.replace); src is removed if that fails.

    Example:
        >>> import os, tempfile
        >>> folder = tempfile.mkdtemp(); src = os.path.join(folder, 'part')
        >>> open(src, 'w').close(); gluon.utils.replace_file(src, os.path.join(folder, 'done'))
        >>> sorted(os.listdir(folder))
        ['done']
    """
    try:
        os.replace(src, dst)
    except OSError as error:
        if os.path.exists(src):
            os.remove(src)
        raise OSError(f"Moving downloaded temp file - {src}, to {dst} failed. Please retry "
                      f"the download.") from error


def download(url: str, path: str | None = None, overwrite: bool = False,
             sha1_hash: str | None = None, retries: int = 5, verify_ssl: bool = True) -> str:
    """Fetch url into a file (showing progress) unless a file with the expected SHA-1 is
    already there; return the file's path.

    Parameters:
        url: the address.
        path: the file, or the folder to put it in (named as in the url); by default the
            current folder.
        overwrite: fetch even if the file exists.
        sha1_hash: the expected SHA-1; a file there with another hash is fetched again, and
            a fetched file with another hash is an error.
        retries: how many more tries after a failed one.
        verify_ssl: check the server's certificate.

    Without a network, the error names the address, the file and the folder to copy it into
    by hand (where the next call finds it).

    Example:
        >>> import os, tempfile
        >>> folder = tempfile.mkdtemp(); open(os.path.join(folder, 'a.txt'), 'w').close()
        >>> got = gluon.utils.download('https://example.com/data/a.txt', path=folder,
        ...                            sha1_hash='da39a3ee5e6b4b0d3255bfef95601890afd80709')
        >>> got == os.path.join(folder, 'a.txt')
        True
    """
    if path is None:
        fname = url.split("/")[-1]
        assert fname, "Can't construct file-name from this URL. Please set the `path` option " \
            "manually."
    else:
        path = os.path.expanduser(path)
        fname = os.path.join(path, url.split("/")[-1]) if os.path.isdir(path) else path
    assert retries >= 0, f"Number of retries should be at least 0, currently it's {retries}"
    if not verify_ssl:
        warnings.warn("Unverified HTTPS request is being made (verify_ssl=False). Adding "
                      "certificate verification is strongly advised.", stacklevel=2)
    if not (overwrite or not os.path.exists(fname)
            or (sha1_hash and not check_sha1(fname, sha1_hash))):
        return fname
    folder = os.path.dirname(os.path.abspath(os.path.expanduser(fname)))
    os.makedirs(folder, exist_ok=True)
    while True:
        try:
            print(f"Downloading {fname} from {url}...")
            _fetch(url, fname, verify_ssl)
            if sha1_hash and not check_sha1(fname, sha1_hash):
                raise UserWarning(
                    f"File {fname} is downloaded but the content hash does not match. The "
                    f"repo may be outdated or download may be incomplete. If the \"repo_url\" "
                    f"is overridden, consider switching to the default repo.")
            return fname
        except (OSError, UserWarning) as error:
            retries -= 1
            if retries <= 0:
                if isinstance(error, OSError):
                    raise ConnectionError(_offline_message(url, fname, sha1_hash, error)) \
                        from error
                raise
            print(f"download failed due to {error!r}, retrying, {retries} attempt"
                  f"{'s' if retries > 1 else ''} left")


def _offline_message(url: str, fname: str, sha1_hash: str | None, error: Exception) -> str:
    reason = getattr(error, "reason", None) or error
    expected = f" (SHA-1 {sha1_hash})" if sha1_hash else ""
    return (f"Could not download {url} ({reason}). Without a network, fetch that file on a "
            f"machine that has one and copy it to {fname}{expected}, in the folder "
            f"{os.path.dirname(os.path.abspath(fname))}: it is used from there, and nothing "
            f"is downloaded.")


def _fetch(url: str, fname: str, verify_ssl: bool) -> None:
    """One download into a temporary file next to fname, then moved over it."""
    context = None
    if not verify_ssl and url.startswith("https"):
        import ssl
        context = ssl._create_unverified_context()
    partial = f"{fname}.{uuid.uuid4()}"
    try:
        with urllib.request.urlopen(url, timeout=60, context=context) as response, \
                open(partial, "wb") as out:
            if getattr(response, "status", 200) != 200:
                raise OSError(f"Failed downloading url {url}")
            total = int(response.headers.get("Content-Length") or 0)
            bar = _Progress(os.path.basename(fname), total)
            for chunk in iter(lambda: response.read(1 << 16), b""):
                out.write(chunk)
                bar.advance(len(chunk))
            bar.close()
        replace_file(partial, fname)
    finally:
        if os.path.exists(partial):
            os.remove(partial)


class _Progress:
    """A one-line progress bar on stderr, redrawn in place (only at a terminal)."""

    WIDTH = 30

    def __init__(self, name: str, total: int):
        self.name, self.total, self.done = name, total, 0
        self.live = sys.stderr.isatty()
        self.shown = -1

    def advance(self, count: int) -> None:
        self.done += count
        if not self.live:
            return
        if self.total:
            percent = min(100, self.done * 100 // self.total)
            if percent == self.shown:
                return
            self.shown = percent
            filled = self.WIDTH * percent // 100
            line = (f"{self.name} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {percent:3d}% "
                    f"of {self.total / 1e6:.1f} MB")
        else:
            line = f"{self.name} {self.done / 1e6:.1f} MB"
        sys.stderr.write("\r" + line)
        sys.stderr.flush()

    def close(self) -> None:
        if self.live:
            sys.stderr.write("\n")
            sys.stderr.flush()
