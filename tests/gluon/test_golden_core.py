"""Gluon's core against MXNet 1.9.1: every case of tests/gluon/core_cases.py, run by ndsh, gives
what MXNet gave (tests/gluon/golden/core.json, recorded by scripts/record_gluon_core.py): the
same values (to the case's tolerance), printed text, exception types (an MXNetError where MXNet
raised one) and, where the case asks, the same messages.

The namespace is the one a user has inside ndsh: `mx` is ndsh's `mxnet` stand-in, so the cases
also check the wiring of `mx.gluon`, `mx.init` and `mx.name`.
"""
from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest

from ndsh.engine import autograd, mxnet_errors, nd
from ndsh.mxnet_compat import mxnet as mx
from tests.gluon import core_cases

GOLDEN = json.loads((Path(__file__).parent / "golden" / "core.json").read_text())
CASES = [(key, code, options) for key, code, options in core_cases.cases()]


def namespace(workdir: str) -> dict:
    return {"mx": mx, "nd": nd, "autograd": autograd, "gluon": mx.gluon, "nn": mx.gluon.nn,
            "np": np, "warnings": warnings, "WORKDIR": workdir}


def missing_ops(needs) -> list[str]:
    return [name for name in needs if not hasattr(nd, name)]


def same(want, got, rtol: float, atol: float, where: str = "result") -> None:
    """Assert `got` is `want` (JSON data), numbers to the tolerance, naming where they part."""
    if isinstance(want, bool) or want is None or isinstance(want, str):
        assert got == want, f"{where}: ndsh {got!r}, MXNet {want!r}"
    elif isinstance(want, (int, float)):
        assert isinstance(got, (int, float)), f"{where}: ndsh {got!r}, MXNet {want!r}"
        if math.isnan(want):
            assert math.isnan(got), f"{where}: ndsh {got!r}, MXNet nan"
        else:
            assert math.isclose(got, want, rel_tol=rtol, abs_tol=atol), \
                f"{where}: ndsh {got!r}, MXNet {want!r}"
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), \
            f"{where}: ndsh {got!r}, MXNet {want!r}"
        for i, (w, g) in enumerate(zip(want, got)):
            same(w, g, rtol, atol, f"{where}[{i}]")
    elif isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), \
            f"{where}: ndsh keys {sorted(got)}, MXNet keys {sorted(want)}"
        for key in want:
            same(want[key], got[key], rtol, atol, f"{where}[{key!r}]")
    else:
        raise AssertionError(f"{where}: unexpected golden value {want!r}")


def same_error(want: dict, got: dict, raised: BaseException | None, options: dict) -> None:
    assert raised is not None, f"MXNet raised {want['error']}: {want['message']!r}; ndsh " \
                               f"gave {got.get('value')!r}"
    if want["error"] == "MXNetError":
        assert isinstance(raised, mxnet_errors.MXNetError), \
            f"MXNet raised MXNetError ({want['message']!r}); ndsh {got['error']}: " \
            f"{got['message']}"
    else:
        names = {cls.__name__ for cls in type(raised).__mro__}
        assert want["error"] in names, f"MXNet raised {want['error']}: {want['message']!r}; " \
                                       f"ndsh {got['error']}: {got['message']}"
    message = options.get("message")
    if message is True:
        assert got["message"] == want["message"], \
            f"message\n ndsh:  {got['message']!r}\n MXNet: {want['message']!r}"
    elif message == "prefix":
        assert got["message"].startswith(want["message"].rstrip()), \
            f"message\n ndsh:  {got['message']!r}\n MXNet: {want['message']!r} (a prefix)"


@pytest.mark.parametrize("key,code,options", CASES, ids=[key for key, _, _ in CASES])
def test_case(key, code, options, tmp_path):
    if key not in GOLDEN:
        pytest.fail(f"{key} has no recorded outcome: run scripts/record_gluon_core.py")
    missing = missing_ops(options.get("needs", ()))
    if missing:
        pytest.skip(f"gluon layers over ops not in ndsh yet: "
                    f"{', '.join('nd.' + name for name in missing)}")
    want = GOLDEN[key]
    got, raised = core_cases.run_case(code, namespace(str(tmp_path)), mx)
    if "error" in want:
        same_error(want, got, raised, options)
        return
    assert raised is None, f"ndsh raised {got['error']}: {got['message']}"
    same(want["value"], got["value"], options.get("rtol", 1e-5), options.get("atol", 1e-6))
    if "stdout" in want:
        assert got.get("stdout") == want["stdout"], \
            f"printed\n--- ndsh\n{got.get('stdout')}\n--- MXNet\n{want['stdout']}"


def test_every_recorded_case_is_still_a_case():
    keys = {key for key, _, _ in CASES}
    stale = [key for key in GOLDEN if key not in keys and not key.startswith(("_", "files/"))]
    assert not stale, f"recorded outcomes without a case: {stale}"
