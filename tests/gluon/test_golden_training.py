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
    "loss/poisson_full_recorded": "MXNet's compute_full writes in place into an array of the "
                                  "recorded graph and fails under autograd.record(); ndsh's "
                                  "PoissonNLLLoss records it",
    "transforms/flip_odd_width": "MXNet's flip leaves the middle column of an odd-width image "
                                 "unwritten (uninitialized memory); ndsh flips it",
    "transforms/random_identity_settings": "MXNet's RandomColorJitter() with every setting 0 "
                                           "returns uninitialized memory; ndsh returns the "
                                           "image as it was (test_transforms.py checks)",
    "transforms/crop_resize_no_interpolation": "MXNet fails on CropResize(size=...) without "
                                               "interpolation (it passes None on); ndsh "
                                               "resizes bilinearly",
    "trainer/states_other_optimizer": "MXNet fails (its Updater keeps the aggregation of the "
                                      "optimizer it was made with); ndsh goes on with the "
                                      "loaded optimizer",
}


# MXNet's float32 log_softmax (and so its softmax cross-entropy, KL divergence, SDML...) is off
# the exact value by up to 3e-6 (5e-6 relative); ndsh's is within float32 rounding of it
SECTION_TOLERANCE = {"loss": (2e-5, 5e-6)}
SECTION_NEEDS = {"loss": "block", "transforms": "block"}


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
        outcome = {"error": type(error).__name__, "message": message[-1] if message else "",
                   "kinds": [cls.__name__ for cls in type(error).__mro__]}
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
    elif isinstance(want, (int, float)) and not isinstance(want, bool) \
            and isinstance(got, (int, float)) and not isinstance(got, bool):
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
    section = key.split("/")[0]
    if section in SECTION_NEEDS:
        pytest.importorskip(f"ndsh.gluon.{SECTION_NEEDS[section]}",
                            reason=f"{section} is made of the Gluon core's Blocks")
    needs = options.get("needs")
    if needs and needs.startswith("nd."):
        if not hasattr(nd, needs[3:]):
            pytest.skip(f"{key} needs {needs}, which is being written")
    elif needs:
        pytest.importorskip(f"ndsh.gluon.{needs}", reason=f"{key} needs ndsh.gluon.{needs}")
    if key not in RECORDED:
        pytest.fail(f"{key} is not recorded: run scripts/record_gluon_golden.py under MXNet")
    want = RECORDED[key]
    got = run_case(code, str(tmp_path))
    if "error" in want:
        # the same type, or one of ndsh's that is also MXNet's (an MXNetError that is a
        # ValueError, say)
        assert want["error"] in got.get("kinds", ()), \
            f"MXNet raised {want['error']}: {want['message']}; ndsh gave {got}"
        if options.get("message"):     # MXNet's may start with its 'Check failed: ...'
            assert got["message"] and want["message"].endswith(got["message"]), \
                f"ndsh's message {got['message']!r} is not MXNet's {want['message']!r}"
        return
    assert "error" not in got, f"ndsh raised {got['error']}: {got['message']}"
    rtol, atol = SECTION_TOLERANCE.get(key.split("/")[0], (2e-6, 1e-7))
    assert_close(got["value"], json.loads(json.dumps(want["value"])),
                 options.get("rtol", rtol), options.get("atol", atol))
    assert got.get("stdout", "") == want.get("stdout", "")
