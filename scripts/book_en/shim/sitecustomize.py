"""The d2l-en runner's stand-in rules, loaded only in `scripts/book_en.py`'s runs (PYTHONPATH).

1. `scripts/book/shim/sitecustomize.py` (the d2l-zh runner's) is run first: Gluon's
   `check_sha1` accepts the Fashion-MNIST stand-ins listed in $NDSH_BOOK_SHA1.
2. d2l 1.0.3 (and the sections that define their own `download`, e.g. kaggle-house-price)
   fetch d2l's data server files with `requests.get(url)` whenever the file in ../data is
   missing or its SHA-1 is not the real file's. Here `requests.get` of a URL whose file name
   is in $NDSH_BOOK_EN_SERVED (a folder of stand-ins) answers with that file's bytes, as if the
   server had sent it; any other URL raises `requests.ConnectionError` naming it (the runs have
   no network). ndsh and d2l are unchanged; `requests` is patched when it is first imported.
3. Only with NDSH_BOOK_EN_LOOK_PAST=1 (book_en.py --look-past), to see what fails after it:
   `ndsh.gluon.parameter` gets the `ParameterDict` name MXNet 1.9.1's `gluon.parameter` has
   (ndsh's class of that name, from `ndsh.gluon.parameter_dict`), which `d2l.Module.parameters`
   asks for.
"""
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys

_SERVED = os.environ.get("NDSH_BOOK_EN_SERVED")
_LOOK_PAST = os.environ.get("NDSH_BOOK_EN_LOOK_PAST") == "1"
_ZH_SHIM = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "book", "shim", "sitecustomize.py")

if os.path.exists(_ZH_SHIM):
    _spec = importlib.util.spec_from_file_location("_ndsh_book_zh_shim", _ZH_SHIM)
    _zh = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_zh)


class _Response:
    def __init__(self, url, content):
        self.url, self.content, self.status_code, self.ok = url, content, 200, True

    def raise_for_status(self):
        return None

    def iter_content(self, chunk_size=1 << 20, **kwargs):
        for i in range(0, len(self.content), chunk_size):
            yield self.content[i:i + chunk_size]

    @property
    def text(self):
        return self.content.decode("utf-8")


def _parameter_dict(module):
    if not hasattr(module, "ParameterDict"):
        from ndsh.gluon.parameter_dict import ParameterDict
        module.ParameterDict = ParameterDict


def _patch(requests):
    def get(url, *args, **kwargs):
        path = os.path.join(_SERVED, str(url).rstrip("/").split("/")[-1])
        if os.path.isfile(path):
            with open(path, "rb") as fin:
                return _Response(url, fin.read())
        raise requests.ConnectionError(
            f"book runner: no network, and no stand-in for {url} in {_SERVED}")
    requests.get = get
    requests.api.get = get


class _Finder(importlib.abc.MetaPathFinder):
    def __init__(self, patches):
        self.patches = patches

    def find_spec(self, name, path, target=None):
        if name not in self.patches:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        loader, patch = spec.loader, self.patches[name]

        class _Loader(importlib.abc.Loader):
            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                loader.exec_module(module)
                patch(module)

        spec.loader = _Loader()
        return spec


_PATCHES = {}
if _SERVED:
    _PATCHES["requests"] = _patch
if _LOOK_PAST:
    _PATCHES["ndsh.gluon.parameter"] = _parameter_dict
if _PATCHES:
    sys.meta_path.insert(0, _Finder(_PATCHES))
