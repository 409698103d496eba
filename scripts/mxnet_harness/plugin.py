"""A pytest plugin for running MXNet 1.9.1's unit tests against ndsh (scripts/mxnet_tests.py
loads it through a conftest.py beside the extracted test files).

- `import mxnet` is ndsh (ndsh.mxnet_compat's alias, for the whole run), with our
  `mxnet.test_utils` and a `nose.tools` stand-in.
- Each collected test is sorted by reading its source (and that of the module's functions it
  calls): one that uses the symbol API, sparse storage, Gluon, `mx.np` or a layer op ndsh does not
  have is skipped with that reason; one listed in departures.py is skipped with the reason ndsh
  departs on purpose. The rest run, each under a time limit.
- Every outcome goes as one JSON line to the file named by NDSH_MXNET_RESULTS.
"""
from __future__ import annotations

import ast
import inspect
import json
import os
import re
import signal
import sys
import types

import numpy as np
import pytest

from mxnet_harness import departures, nose_tools, test_utils
from ndsh.engine import nd
from ndsh.mxnet_compat import MODULES, mxnet_alias

_ALIAS = mxnet_alias()
_ALIAS.__enter__()                     # for the whole run: this process only runs MXNet's tests

_mxnet = sys.modules["mxnet"]
test_utils.mx = _mxnet
for name in ("test_utils",):
    setattr(_mxnet, name, test_utils)
sys.modules["mxnet.test_utils"] = MODULES["mxnet.test_utils"] = test_utils
if "mxnet.base" not in sys.modules:
    base = getattr(sys.modules.get("ndsh.mxnet_compat"), "base_module", None)
    if base is None:              # ndsh has no mxnet.base yet: a class nothing ndsh raises
        base = types.ModuleType("mxnet.base")
        base.MXNetError = type("MXNetError", (RuntimeError,), {})
    for attr, value in (("py_str", lambda b: b.decode() if isinstance(b, bytes) else b),
                        ("_as_list", lambda x: x if isinstance(x, list) else [x]),
                        ("integer_types", (int, np.integer)),
                        ("numeric_types", (float, int, np.generic)), ("string_types", (str,))):
        if not hasattr(base, attr):
            setattr(base, attr, value)
    sys.modules["mxnet.base"] = MODULES["mxnet.base"] = base
    _mxnet.base = base


class MissingPart(Exception):
    """A test reached a part of MXNet that ndsh does not have (gluon, custom ops...)."""

    def __init__(self, part: str):
        super().__init__(f"needs {part}")
        self.part = part


class _Absent:
    """Stands in for anything under a missing module: attribute chains are fine (module-level
    `from mxnet.gluon import nn` imports), using one raises MissingPart."""

    def __init__(self, part: str):
        self._part = part

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Absent(self._part)

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and not kwargs and inspect.isfunction(args[0]):
            # used as a decorator at import (`@mx.use_np_shape`): the test fails when it runs
            def refuse(*a, **k):
                raise MissingPart(self._part)
            refuse.__name__ = args[0].__name__
            refuse.__wrapped__ = args[0]
            return refuse
        raise MissingPart(self._part)


def _absent_module(name: str, part: str, **attrs) -> types.ModuleType:
    module = types.ModuleType(name, f"ndsh has no {name}: every use raises MissingPart")
    def absent(attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return _Absent(part)
    module.__getattr__ = absent
    module.__dict__.update(attrs)
    module.__all__ = sorted(attrs)
    return module


def _placeholder_class(name: str, part: str) -> type:
    def refuse(self, *args, **kwargs):
        raise MissingPart(part)
    return type(name, (), {"__init__": refuse})


def _refuse(part: str):
    def refuse(*args, **kwargs):
        raise MissingPart(part)
    return refuse


class _Features:
    """mx.runtime.Features(): ndsh is built with none of MXNet's optional features."""

    def is_enabled(self, name: str) -> bool:
        return False


_ABSENT = {
    "mxnet.gluon": _absent_module("mxnet.gluon", "gluon"),
    "mxnet.operator": _absent_module(
        "mxnet.operator", "custom ops",
        CustomOp=_placeholder_class("CustomOp", "custom ops"),
        CustomOpProp=_placeholder_class("CustomOpProp", "custom ops"),
        NumpyOp=_placeholder_class("NumpyOp", "custom ops"), register=_refuse("custom ops")),
    "mxnet.runtime": _absent_module("mxnet.runtime", "runtime", Features=_Features),
    "mxnet.symbol": _absent_module("mxnet.symbol", "symbols"),
    "mxnet.ndarray.ndarray": _absent_module("mxnet.ndarray.ndarray", "ndarray internals",
                                            py_slice=slice),
}
for _name, _module in _ABSENT.items():
    if _name not in MODULES:
        sys.modules[_name] = MODULES[_name] = _module
        setattr(_mxnet, _name.split(".")[1], _module) if _name.count(".") == 1 else None
for _attr, _part in (("sym", "symbols"), ("io", "mxnet.io"), ("kv", "kvstore"),
                     ("kvstore", "kvstore"), ("np", "mx.np"), ("npx", "mx.np"),
                     ("recordio", "recordio"), ("image", "mxnet.image")):
    if _attr not in vars(_mxnet):
        setattr(_mxnet, _attr, _Absent(_part))

_ndsh_getattr = _mxnet.__getattr__


def _mxnet_getattr(attr: str):
    """mx.NAME that ndsh lacks: a stand-in, so that the file still imports and each test that
    uses it says what it needs."""
    try:
        return _ndsh_getattr(attr)
    except AttributeError:
        if attr.startswith("__"):
            raise
        return _Absent(f"mx.{attr}")


_mxnet.__getattr__ = _mxnet_getattr
# numpy 2 removed names MXNet's tests still use: give them back in this process only
for _old, _new in (("NaN", np.nan), ("Inf", np.inf), ("NINF", -np.inf), ("PINF", np.inf)):
    if _old not in np.__dict__:
        setattr(np, _old, _new)
_nose = types.ModuleType("nose")
_nose.tools = nose_tools
sys.modules.setdefault("nose", _nose)
sys.modules.setdefault("nose.tools", nose_tools)

SYMBOLS = re.compile(r"\bmx\.sym(bol)?\b|\bsym\.|\bsymbol\.|simple_bind|\.bind\(|"
                     r"check_symbolic_(forward|backward)|check_numeric_gradient|"
                     r"check_consistency|\bExecutor\b|get_symbol|\bVariable\(")
SPARSE = re.compile(r"row_sparse|\bcsr\b|\bsparse\.|stype=['\"](csr|row)")
GLUON = re.compile(r"\bgluon\b|hybridize|\bnn\.(Dense|Sequential|HybridSequential)")
# mx.operator and nd.Custom are ndsh's (ndsh/engine/ops/custom.py); MXNet's older Python ops
# (NumpyOp, NDArrayOp, PythonOp: symbol-based) are not
CUSTOM_OPS = re.compile(r"\b(NumpyOp|NDArrayOp|PythonOp)\b")
NUMPY_INTERFACE = re.compile(r"\bmx\.np\b|\bmx\.npx\b|\bnpx\.|use_np\b|set_np\(")
LAYER_OPS = ("Convolution", "Deconvolution", "Pooling", "BatchNorm", "InstanceNorm",
             "GroupNorm", "L2Normalization", "LRN", "Dropout", "Activation", "LeakyReLU",
             "SoftmaxOutput", "SoftmaxActivation", "softmax_cross_entropy",
             "LinearRegressionOutput", "LogisticRegressionOutput", "MAERegressionOutput",
             "MakeLoss", "CTCLoss", "ctc_loss", "SequenceLast", "SequenceReverse", "RNN",
             "UpSampling", "BilinearResize2D", "AdaptiveAvgPooling2D", "ROIPooling", "ROIAlign",
             "MultiBoxPrior", "MultiBoxTarget", "MultiBoxDetection", "box_nms", "box_iou",
             "Crop", "SpatialTransformer", "BilinearSampler", "GridGenerator", "Correlation",
             "SVMOutput", "IdentityAttachKLSparseReg", "DeformableConvolution", "RROIAlign",
             "SyncBatchNorm")
_LAYER_USE = re.compile(r"\b(" + "|".join(LAYER_OPS) + r")\b")


def _called_sources(function, depth: int = 2) -> str:
    """The function's source, with that of the module-level functions it calls (MXNet's tests
    often put the work in a helper: `check_sum(...)`)."""
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return ""
    if depth == 0:
        return source
    module = sys.modules.get(function.__module__)
    parts = [source]
    try:
        names = {n.id for n in ast.walk(ast.parse(source.lstrip())) if isinstance(n, ast.Name)}
    except SyntaxError:
        names = set()
    for name in names:
        helper = getattr(module, name, None)
        if inspect.isfunction(helper) and helper is not function \
                and helper.__module__ == function.__module__:
            parts.append(_called_sources(helper, depth - 1))
    return "\n".join(parts)


def category(function) -> str | None:
    """Why a test cannot run under ndsh (None: it should)."""
    source = _called_sources(inspect.unwrap(function))
    code = "\n".join(line.split("#")[0] for line in source.splitlines())
    if SYMBOLS.search(code):
        return "needs symbols"
    if SPARSE.search(code):
        return "needs sparse"
    if CUSTOM_OPS.search(code):
        return "needs custom ops"
    if NUMPY_INTERFACE.search(code):
        return "needs mx.np"
    if GLUON.search(code) and "mxnet.gluon" not in MODULES:      # before ndsh had Gluon
        return "needs gluon"
    missing = sorted({m for m in _LAYER_USE.findall(code)
                      if not hasattr(nd, m) and not hasattr(nd.contrib, m)})
    if missing:
        return "needs layer ops: " + ", ".join(missing)
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        reason = departures.reason(item.nodeid)
        if reason:
            item.user_properties.append(("category", "departure"))
            item.add_marker(pytest.mark.skip(reason=f"departure: {reason}"))
            continue
        kind = category(getattr(item, "function", None) or item.obj)
        if kind:
            item.user_properties.append(("category", kind.split(":")[0]))
            item.add_marker(pytest.mark.skip(reason=kind))


TIME_LIMIT = int(os.environ.get("NDSH_MXNET_TIMEOUT", "120"))


class TestTimedOut(Exception):
    """A test ran past the harness's time limit."""


def _alarm(signum, frame):
    raise TestTimedOut(f"ran past {TIME_LIMIT} s")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIME_LIMIT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.excinfo is not None and call.excinfo.errisinstance(MissingPart):
        part = call.excinfo.value.part
        kind = {"gluon": "needs gluon", "symbols": "needs symbols", "mx.np": "needs mx.np",
                "custom ops": "needs custom ops"}.get(part, f"needs {part}")
        report.outcome = "skipped"
        report.longrepr = (str(item.path), 0, kind)
        report.user_properties.append(("category", kind))


def _first_line(report) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return crash.message.strip().splitlines()[0][:200] if crash.message.strip() else ""
    if isinstance(report.longrepr, tuple):          # a skip: (file, line, reason)
        return str(report.longrepr[2])[:200]
    return str(report.longrepr).strip().splitlines()[-1][:200] if report.longrepr else ""


def pytest_runtest_logreport(report):
    path = os.environ.get("NDSH_MXNET_RESULTS")
    if not path:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        properties = dict(report.user_properties)
        if report.outcome == "skipped":
            reason = _first_line(report)
            kind = properties.get("category") or "skipped"
            if reason.startswith("Skipped: "):
                reason = reason[len("Skipped: "):]
        else:
            kind, reason = report.outcome, (_first_line(report) if report.failed else "")
        record = {"test": report.nodeid, "outcome": kind, "reason": reason}
        with open(path, "a") as out:
            out.write(json.dumps(record) + "\n")
