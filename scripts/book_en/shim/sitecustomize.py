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
4. Only with NDSH_BOOK_EN_CPU_AS_GPUS=N (book_en.py --cpu-as-gpus N), a look-past mode for the
   sections written for GPUs: d2l 1.0.3's `try_all_gpus()` gives `[cpu(0), ..., cpu(N-1)]`
   instead of `[]` and `try_gpu(i)` gives `cpu(i)` for i < N, so `split_and_load` and the
   multi-device training loops run their code on the CPU. It is d2l's code that is changed (its
   module text, as it is loaded, so the default arguments `devices=d2l.try_all_gpus()` of
   d2l's own functions see it too), not ndsh's; a run with it is labelled in book_en.py's output.
5. Only with NDSH_BOOK_EN_OLD_STEM=1 (book_en.py --old-stem): matplotlib's `Axes.stem` (and
   `pyplot.stem`) accept and drop the `use_line_collection=` keyword that matplotlib 3.8 removed
   (d2l-en's random-variables and distributions pass it). A shim of matplotlib, not of ndsh.
"""
import functools
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys

_SERVED = os.environ.get("NDSH_BOOK_EN_SERVED")
_LOOK_PAST = os.environ.get("NDSH_BOOK_EN_LOOK_PAST") == "1"
_CPU_AS_GPUS = int(os.environ.get("NDSH_BOOK_EN_CPU_AS_GPUS") or 0)
_OLD_STEM = os.environ.get("NDSH_BOOK_EN_OLD_STEM") == "1"
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


# d2l 1.0.3's mxnet.py: the lines of try_gpu and try_all_gpus that ask for real GPUs
_D2L_GPU_LINES = {
    "    if num_gpus() >= i + 1:\n        return gpu(i)\n":
        "    if i < _BOOK_CPU_AS_GPUS:  # book_en.py --cpu-as-gpus\n        return cpu(i)\n",
    "    return [gpu(i) for i in range(num_gpus())]\n":
        "    return [cpu(i) for i in range(_BOOK_CPU_AS_GPUS)]  # book_en.py --cpu-as-gpus\n",
}


def _d2l_source(source):
    """d2l.mxnet's text with try_gpu/try_all_gpus giving cpu contexts (--cpu-as-gpus; the
    module's `_BOOK_CPU_AS_GPUS` is set before it runs), the same lines numbered the same."""
    for old, new in _D2L_GPU_LINES.items():
        if source.count(old) != 1:
            raise ImportError(f"book runner --cpu-as-gpus: d2l.mxnet has not the line {old!r} "
                              "of d2l 1.0.3 once")
        source = source.replace(old, new)
    # line for line: tracebacks show the lines of d2l's file on disk
    return source.replace("\ndef cpu():", "\ndef cpu(i=0):", 1).replace(
        "return npx.cpu()", "return npx.cpu(i)", 1)


def _drop_use_line_collection(original):
    @functools.wraps(original)
    def stem(*args, use_line_collection=None, **kwargs):
        return original(*args, **kwargs)
    stem._book_old_stem = True
    return stem


def _old_stem(pyplot):
    from matplotlib.axes import Axes
    for owner in (Axes, pyplot):
        if not getattr(owner.stem, "_book_old_stem", False):
            owner.stem = _drop_use_line_collection(owner.stem)


class _SourceLoader(importlib.abc.Loader):
    """Runs a module's text as `edit` changes it."""

    def __init__(self, loader, origin, edit):
        self.loader, self.origin, self.edit = loader, origin, edit

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        module._BOOK_CPU_AS_GPUS = _CPU_AS_GPUS
        source = self.edit(self.loader.get_source(module.__name__))
        exec(compile(source, self.origin, "exec"), module.__dict__)


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
        if name in _EDITS:
            spec.loader = _SourceLoader(loader, spec.origin, _EDITS[name])
            return spec

        class _Loader(importlib.abc.Loader):
            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                loader.exec_module(module)
                patch(module)

        spec.loader = _Loader()
        return spec


_PATCHES, _EDITS = {}, {}
if _CPU_AS_GPUS:
    _PATCHES["d2l.mxnet"] = None
    _EDITS["d2l.mxnet"] = _d2l_source
if _OLD_STEM:
    _PATCHES["matplotlib.pyplot"] = _old_stem
if _SERVED:
    _PATCHES["requests"] = _patch
if _LOOK_PAST:
    _PATCHES["ndsh.gluon.parameter"] = _parameter_dict
if _PATCHES:
    sys.meta_path.insert(0, _Finder(_PATCHES))
