"""A pytest plugin for running MXNet 1.9.1's unit tests against ndsh (scripts/mxnet_tests.py
loads it through a conftest.py beside the extracted test files).

- `import mxnet` is ndsh (ndsh.mxnet_compat's alias, for the whole run: mx.gluon, mx.sym,
  mx.np... are ndsh's), with our `mxnet.test_utils`, a `nose.tools` stand-in, and stand-ins for
  the modules ndsh lacks (sparse, Module, kvstore, mx.metric...) so that test files import.
- Each collected test is sorted by reading its source (and that of the module's functions it
  calls; sorting.py): one that reaches a part ndsh lacks (executors, Module, sparse storage, a
  layer op...) is skipped with that reason; one listed in departures.py is skipped with the
  reason ndsh departs on purpose. The rest run, each under a time limit.
- A test whose error says ndsh lacks a part (sorting.missing_part) counts under that part; one
  past the time limit counts as timed out.
- Every outcome goes as one JSON line to the file named by NDSH_MXNET_RESULTS.
"""
from __future__ import annotations

import importlib.util
import json
import os
import signal
import sys
import types

import numpy as np
import pytest

from mxnet_harness import departures, nose_tools, requests_stand_in, test_utils
from mxnet_harness.sorting import Absent, MissingPart, category, missing_part
from ndsh.mxnet_compat import MODULES, lazy_attribute, mxnet_alias, ndsh_module_name

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


# a decorator: without ndsh's own, the test says it needs mx.np
test_utils.use_np = getattr(MODULES["mxnet.util"], "use_np", None) or Absent("mx.np")


def _absent_module(name: str, part: str, **attrs) -> types.ModuleType:
    module = types.ModuleType(name, f"ndsh has no {name}: every use raises MissingPart")
    def absent(attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return Absent(part)
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
    "mxnet.operator": _absent_module(
        "mxnet.operator", "custom ops",
        CustomOp=_placeholder_class("CustomOp", "custom ops"),
        CustomOpProp=_placeholder_class("CustomOpProp", "custom ops"),
        NumpyOp=_placeholder_class("NumpyOp", "custom ops"), register=_refuse("custom ops")),
    "mxnet.runtime": _absent_module("mxnet.runtime", "runtime", Features=_Features),
    "mxnet.symbol": _absent_module("mxnet.symbol", "symbols"),
    "mxnet.ndarray.ndarray": _absent_module(
        "mxnet.ndarray.ndarray", "ndarray internals", py_slice=slice,
        _STORAGE_TYPE_STR_TO_ID={"undefined": -1, "default": 0, "row_sparse": 1, "csr": 2}),
    "mxnet.ndarray.sparse": _absent_module("mxnet.ndarray.sparse", "sparse"),
    "mxnet.numpy": _absent_module("mxnet.numpy", "mx.np"),
    "mxnet.numpy_extension": _absent_module("mxnet.numpy_extension", "mx.np"),
    "mxnet.metric": _absent_module("mxnet.metric", "mx.metric"),
    "mxnet.module": _absent_module("mxnet.module", "Module"),
    "mxnet.kvstore": _absent_module("mxnet.kvstore", "kvstore"),
}
for _name, _module in _ABSENT.items():
    if _name not in MODULES and ndsh_module_name(_name) is None:
        sys.modules[_name] = MODULES[_name] = _module
        _parent, _child = _name.rsplit(".", 1)
        if not hasattr(MODULES[_parent], _child):  # `import mxnet.ndarray.sparse as s` reads it
            setattr(MODULES[_parent], _child, _module)
for _attr, _part in (("sym", "symbols"), ("kv", "kvstore"), ("np", "mx.np"), ("npx", "mx.np"),
                     ("mod", "Module"), ("executor", "symbols")):
    if _attr not in vars(_mxnet) and lazy_attribute(_mxnet, _attr) is None:
        setattr(_mxnet, _attr, Absent(_part))
# mxnet.util's numpy-interface switches: ndsh has no mx.np, so the legacy interface is always on
_util = sys.modules["mxnet.util"]
for _attr, _value in (("is_np_array", lambda: False), ("use_np", Absent("mx.np")),
                      ("set_np", Absent("mx.np")), ("use_np_array", Absent("mx.np"))):
    if not hasattr(_util, _attr):
        setattr(_util, _attr, _value)
if "requests" not in sys.modules and importlib.util.find_spec("requests") is None:
    # test_gluon_utils.py mocks requests.get; ndsh downloads with urllib (departures.py)
    sys.modules["requests"] = requests_stand_in.module()

_ndsh_getattr = _mxnet.__getattr__


def _mxnet_getattr(attr: str):
    """mx.NAME that ndsh lacks: a stand-in, so that the file still imports and each test that
    uses it says what it needs."""
    try:
        return _ndsh_getattr(attr)
    except AttributeError:
        if attr.startswith("__"):
            raise
        return Absent(f"mx.{attr}")


_mxnet.__getattr__ = _mxnet_getattr
# numpy 2 removed names MXNet's tests still use: give them back in this process only
for _old, _new in (("NaN", np.nan), ("Inf", np.inf), ("NINF", -np.inf), ("PINF", np.inf)):
    if _old not in np.__dict__:
        setattr(np, _old, _new)
_nose = types.ModuleType("nose")
_nose.tools = nose_tools
sys.modules.setdefault("nose", _nose)
sys.modules.setdefault("nose.tools", nose_tools)

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
    # again every 5 s after the limit: an exception raised inside a __del__ (a DataLoader's
    # pool shutting down) is printed and dropped, and the test would go on hanging
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT, 5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    part = missing_part(call.excinfo.value) if call.excinfo is not None else None
    if part is not None:
        kind = f"needs {part}"
        report.outcome = "skipped"
        report.longrepr = (str(item.path), 0, kind)
        report.user_properties.append(("category", kind))
    elif call.excinfo is not None and call.excinfo.errisinstance(TestTimedOut):
        report.user_properties.append(("category", "timed out"))


def _first_line(report) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return crash.message.strip().splitlines()[0][:200] if crash.message.strip() else ""
    if isinstance(report.longrepr, tuple):          # a skip: (file, line, reason)
        return str(report.longrepr[2])[:200]
    return str(report.longrepr).strip().splitlines()[-1][:200] if report.longrepr else ""


def _record(record: dict) -> None:
    path = os.environ.get("NDSH_MXNET_RESULTS")
    if path:
        with open(path, "a") as out:
            out.write(json.dumps(record) + "\n")


def pytest_collectreport(report):
    """A test file that does not import: one "error" line with the exception's last line."""
    if report.failed:
        text = str(report.longrepr).strip().splitlines()
        reason = next((line[1:].strip() for line in reversed(text) if line.startswith("E ")),
                      text[-1] if text else "")
        _record({"test": report.nodeid, "outcome": "error", "reason": reason[:200]})


def pytest_runtest_logreport(report):
    path = os.environ.get("NDSH_MXNET_RESULTS")
    if not path:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        properties = dict(report.user_properties)
        if report.outcome == "skipped":
            reason = _first_line(report)
            kind = properties.get("category") or "skipped by MXNet"   # its own skip marks
            if reason.startswith("Skipped: "):
                reason = reason[len("Skipped: "):]
        else:
            kind, reason = report.outcome, (_first_line(report) if report.failed else "")
            kind = properties.get("category", kind)           # "timed out"
        _record({"test": report.nodeid, "outcome": kind, "reason": reason})
