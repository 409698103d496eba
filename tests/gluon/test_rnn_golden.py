"""`gluon.rnn` against MXNet 1.9.1: every case of tests/gluon/rnn_cases.py, run by ndsh, gives
what MXNet gave (tests/gluon/golden/rnn.json, recorded by scripts/record_gluon_rnn.py from the
real MXNet 1.9.1 CPU wheel): the layers' and cells' outputs, states and gradients (input, states,
every parameter) with fixed weights, printed text, parameter names and file keys, and the
exception types (an MXNetError where MXNet raised one) and, where the case asks, messages.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ndsh.mxnet_compat import mxnet as mx
from tests.gluon import core_cases, rnn_cases
from tests.gluon.test_golden_core import namespace, same, same_error

GOLDEN = json.loads((Path(__file__).parent / "golden" / "rnn.json").read_text())
CASES = list(rnn_cases.cases())


@pytest.mark.parametrize("key,code,options", CASES, ids=[key for key, _, _ in CASES])
def test_case(key, code, options, tmp_path):
    if key not in GOLDEN:
        pytest.fail(f"{key} has no recorded outcome: run scripts/record_gluon_rnn.py")
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


def test_a_parameter_file_mxnet_wrote_loads_and_computes_the_same(tmp_path):
    """MXNet saved a network of an LSTM layer, cells and a Dense (tests/gluon/golden/
    rnn_mx_net.params, with MXNet's keys `lstm._unfused.0.l_cell.i2h_weight`...): ndsh loads it,
    gives MXNet's output, and saves a file with the same keys."""
    space = dict(namespace(str(tmp_path)), PARAMS_FILE=str(Path(__file__).parent / "golden" /
                                                           "rnn_mx_net.params"))
    got, raised = core_cases.run_case(rnn_cases.READ_FILE, space, mx)
    assert raised is None, f"ndsh raised {got['error']}: {got['message']}"
    want = GOLDEN["files/mx_net"]["value"]
    assert any(".l_cell." in key for key in want["keys"])
    same(want, got["value"], 1e-4, 1e-5)


def test_every_recorded_case_is_still_a_case():
    keys = {key for key, _, _ in CASES}
    stale = [key for key in GOLDEN if key not in keys and not key.startswith(("_", "files/"))]
    assert not stale, f"recorded outcomes without a case: {stale}"
