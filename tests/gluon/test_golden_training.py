"""Gluon's training side against MXNet 1.9.1: every case of golden_cases.py (optimizers over 3
updates, schedulers, losses, the Trainer, DataLoader batches, utils) run by ndsh and compared
with what MXNet gave (tests/gluon/golden/training.json, recorded by
scripts/record_gluon_golden.py). Numbers agree to float32 rounding; an error is the same
exception type (and, where the case asks, the same message).
"""
from __future__ import annotations

import contextlib
import io
import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest

from ndsh.engine import nd
from tests.gluon import golden_cases
from tests.gluon.training_space import namespace

RECORDED = json.loads((Path(__file__).parent / "golden" / "training.json").read_text())

# cases ndsh answers differently on purpose (docs/gluon.md says why)
DEPARTURES: dict[str, str] = {
    "trainer/mxnet_states_file": "the bytes of MXNet's pickle; test_trainer.py loads them",
    "data/batchify_strings": "MXNet's KeyError: <class 'numpy.str_'> is an accident of its "
                             "dtype table; ndsh's error names the dtype and those it supports",
    "data/batchify_ragged": "stacking samples of different shapes is ndsh's ValueError naming "
                            "the shapes (MXNet: an MXNetError about TBlob.get_with_shape)",
    "trainer/states_other_optimizer": "MXNet fails (its Updater keeps the aggregation of the "
                                      "optimizer it was made with); ndsh goes on with the "
                                      "loaded optimizer",
}


def _cases():
    for section, cases in golden_cases.SECTIONS.items():
        for name, case in cases.items():
            code, options = (case if isinstance(case, tuple) else (case, {}))
            yield pytest.param(f"{section}/{name}", code, options, id=f"{section}/{name}")


def run_case(code: str, workdir: str) -> dict:
    space = namespace(workdir)
    exec(golden_cases.PRELUDE, space)
    printed = io.StringIO()
    np.random.seed(0)
    nd.random.seed(0)
    try:
        with contextlib.redirect_stdout(printed), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(code, space)
        outcome = {"value": space.get("result")}
    except Exception as error:  # noqa: BLE001  (compared with MXNet's recorded failure)
        message = str(error).strip().splitlines()
        outcome = {"error": type(error).__name__, "message": message[-1] if message else ""}
    if printed.getvalue():
        outcome["stdout"] = printed.getvalue()
    return outcome


def assert_close(got, want, rtol, atol, where="result"):
    if isinstance(want, list):
        assert isinstance(got, (list, tuple)), f"{where}: {got!r} is not a list like {want!r}"
        assert len(got) == len(want), f"{where}: {len(got)} items, MXNet has {len(want)}"
        for i, (g, w) in enumerate(zip(got, want)):
            assert_close(g, w, rtol, atol, f"{where}[{i}]")
    elif isinstance(want, dict):
        assert isinstance(got, dict) and set(map(str, got)) == set(want), f"{where}: {got!r}"
        for key, w in want.items():
            g = {str(k): x for k, x in got.items()}[key]
            assert_close(g, w, rtol, atol, f"{where}[{key!r}]")
    elif isinstance(want, float) and not isinstance(got, (str, bool)) and got is not None:
        if math.isnan(want):
            assert math.isnan(got), f"{where}: {got} is not nan"
        else:
            assert math.isclose(got, want, rel_tol=rtol, abs_tol=atol), \
                f"{where}: ndsh {got!r}, MXNet {want!r}"
    else:
        assert got == want, f"{where}: ndsh {got!r}, MXNet {want!r}"


@pytest.mark.parametrize("key, code, options", list(_cases()))
def test_golden(key, code, options, tmp_path):
    if key in DEPARTURES:
        pytest.skip(DEPARTURES[key])
    needs = options.get("needs")
    if needs:
        pytest.importorskip(f"ndsh.gluon.{needs}", reason=f"{key} needs ndsh.gluon.{needs}")
    if key not in RECORDED:
        pytest.fail(f"{key} is not recorded: run scripts/record_gluon_golden.py under MXNet")
    want = RECORDED[key]
    got = run_case(code, str(tmp_path))
    if "error" in want:
        assert got.get("error") == want["error"], \
            f"MXNet raised {want['error']}: {want['message']}; ndsh gave {got}"
        if options.get("message"):
            assert got["message"] == want["message"]
        return
    assert "error" not in got, f"ndsh raised {got['error']}: {got['message']}"
    assert_close(got["value"], json.loads(json.dumps(want["value"])),
                 options.get("rtol", 2e-6), options.get("atol", 1e-7))
    assert got.get("stdout", "") == want.get("stdout", "")
