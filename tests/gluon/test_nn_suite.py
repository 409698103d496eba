"""What MXNet 1.9.1's own Gluon unit tests found in ndsh's layers, losses and initializers
(scripts/mxnet_tests.py --gluon), as golden cases: every case of tests/gluon/nn_suite_cases.py,
run by ndsh, gives what MXNet gave (tests/gluon/golden/nn_suite.json, recorded by
scripts/record_nn_suite.py), compared as tests/gluon/test_golden_core.py compares its own."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ndsh.mxnet_compat import mxnet as mx
from tests.gluon import core_cases, nn_suite_cases
from tests.gluon.test_golden_core import namespace, same, same_error

GOLDEN = json.loads((Path(__file__).parent / "golden" / "nn_suite.json").read_text())
CASES = list(nn_suite_cases.cases())


@pytest.mark.parametrize("key,code,options", CASES, ids=[key for key, _, _ in CASES])
def test_case(key, code, options, tmp_path):
    assert key in GOLDEN, f"{key} has no recorded outcome: run scripts/record_nn_suite.py"
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
    assert not [key for key in GOLDEN if key not in keys and not key.startswith("_")]
