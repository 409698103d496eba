"""The book runner's one stand-in rule, loaded only in `scripts/book.py`'s runs (PYTHONPATH).

d2lzh and Gluon check every download's SHA-1 against the real file's. The synthetic stand-ins
of `scripts/make_book_data.py` cannot match, so here `check_sha1(path, real_hash)` also accepts
a file whose own SHA-1 is the one $NDSH_BOOK_SHA1 (a JSON file: {real_hash: stand_in_hash})
lists for real_hash. Any other file is checked exactly as before. ndsh's code is not changed:
`check_sha1` is wrapped in `ndsh.gluon.utils` (and `mxnet.gluon.utils`, for runs under MXNet)
when that module is first imported.

With NDSH_BOOK_LOOK_PAST=1 (book.py --look-past) it also lets a run look past two failures
that stop nearly every section at `import d2lzh`, to see what fails after them:
- IPython.display gets the `set_matplotlib_formats` that IPython 8 removed and d2lzh 1.0.0's
  `use_svg_display` calls (matplotlib_inline's function of that name);
- an ndsh module that `mxnet_compat.LAZY` names but that does not exist yet (ndsh.contrib_text,
  ndsh.image) imports as a placeholder whose every attribute raises an AttributeError saying
  "book placeholder: ndsh.X does not exist yet", so only the sections that use it fail.
"""
import hashlib
import importlib.abc
import importlib.machinery
import json
import os
import sys

_MANIFEST = os.environ.get("NDSH_BOOK_SHA1")
_COMPAT = os.environ.get("NDSH_BOOK_LOOK_PAST") == "1"
_PLACEHOLDERS = {"ndsh.contrib_text", "ndsh.image", "ndsh.image.io"}


class _Placeholder(importlib.abc.Loader):
    def create_module(self, spec):
        return None

    def exec_module(self, module):
        name = module.__name__

        def __getattr__(attr):
            if attr.startswith("__"):
                raise AttributeError(attr)
            raise AttributeError(f"book placeholder: {name} does not exist yet "
                                 f"({name}.{attr} was asked for)")
        module.__getattr__ = __getattr__
        module.__path__ = []


def _wrap(original, stand_ins):
    def check_sha1(filename, sha1_hash):
        if original(filename, sha1_hash):
            return True
        if sha1_hash not in stand_ins or not os.path.exists(filename):
            return False
        digest = hashlib.sha1()
        with open(filename, "rb") as fin:
            for block in iter(lambda: fin.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest() == stand_ins[sha1_hash]
    check_sha1.__doc__ = original.__doc__
    return check_sha1


class _Finder(importlib.abc.MetaPathFinder):
    def __init__(self, stand_ins):
        self.stand_ins = stand_ins

    def patch(self, module):
        if module.__name__ in _PLACEHOLDERS:
            return
        if module.__name__ == "IPython.display":
            if not hasattr(module, "set_matplotlib_formats"):
                def set_matplotlib_formats(*formats, **kwargs):
                    from matplotlib_inline.backend_inline import set_matplotlib_formats
                    set_matplotlib_formats(*formats, **kwargs)
                module.set_matplotlib_formats = set_matplotlib_formats
        else:
            module.check_sha1 = _wrap(module.check_sha1, self.stand_ins)

    def find_spec(self, name, path, target=None):
        targets = {"ndsh.gluon.utils", "mxnet.gluon.utils"} | (
            {"IPython.display"} | _PLACEHOLDERS if _COMPAT else set())
        if name not in targets:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None and name in _PLACEHOLDERS:
            return importlib.machinery.ModuleSpec(name, _Placeholder(), is_package=True)
        if spec is None or spec.loader is None:
            return spec
        loader, patch = spec.loader, self.patch

        class _Loader(importlib.abc.Loader):
            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                loader.exec_module(module)
                patch(module)

        spec.loader = _Loader()
        return spec


if _MANIFEST and os.path.exists(_MANIFEST):
    with open(_MANIFEST) as _fin:
        sys.meta_path.insert(0, _Finder(json.load(_fin)))
elif _COMPAT:
    sys.meta_path.insert(0, _Finder({}))
