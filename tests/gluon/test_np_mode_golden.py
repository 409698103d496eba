"""Gluon in np mode (`npx.set_np()`) against MXNet 1.9.1: every case of
scripts/golden_cases/np_gluon_cases.py runs in ndsh and gives what the oracle recorded in
tests/gluon/golden/np_mode_1.9.1.json (MXNet 1.9.1 CPU wheel, numpy 1.23.5, Python 3.11, by
`/work/mxvenv/bin/python scripts/record_np_gluon.py`): the same kind of array (mx.np or legacy
nd), shape, dtype and values (float32 tolerance), the same Python values, the same printed text,
or the same error type. Where ndsh departs on purpose, DEPARTS says what ndsh gives instead.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as onp
import pytest

from ndsh.mxnet_compat import mxnet as mx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from golden_cases.np_gluon_cases import CASES, run_one  # noqa: E402

GOLDEN = json.loads((ROOT / "tests" / "gluon" / "golden" / "np_mode_1.9.1.json").read_text())
RECORDED = GOLDEN["cases"]

# where ndsh gives another answer on purpose: the case -> what ndsh gives
DEPARTS = {
    # MXNet: _backward_power_scalar has no gradient; ndsh differentiates it again (6x, 12x... )
    "autograd_grad_create_graph": {"value": {"kind": "np", "shape": [2], "dtype": "float32",
                                             "values": [6.0, 12.0]}},
    # MXNet loads a legacy (nd.save) file into legacy arrays and its np ops then refuse them;
    # ndsh's parameters are the same NDArrays either way, so the block runs
    "load_legacy_file": {"value": {"kind": "np", "shape": [1, 1], "dtype": "float32",
                                   "values": [[3.0]]}},
    # MXNet's HuberLoss calls the legacy F.abs on np arrays and fails; ndsh gives the loss
    # (0.5 * 0.5**2 and 3 - 0.5, averaged)
    "loss_huber": {"value": {"kind": "np", "shape": [1], "dtype": "float32",
                             "values": [1.3125]}},
    # MXNet 1.9.1's clip_global_norm calls the legacy nd.dot on np arrays and fails; ndsh
    # scales them (through their NDArrays) and returns the norm
    "clip_global_norm": {"value": {"items": [
        {"kind": "numpy", "shape": [], "dtype": "float32", "values": 5.0},
        {"kind": "np", "shape": [2], "dtype": "float32", "values": [0.6, 0.0]},
        {"kind": "np", "shape": [1, 1], "dtype": "float32", "values": [[0.8]]}]}},
    # ndsh has one Symbol class (mx.sym), no np symbols (`_Symbol` of mxnet.symbol.numpy)
    "param_var": {"value": {"py": "<Symbol fc_weight>"}},
    "param_var_type": {"value": {"py": "ndsh.symbol.symbol"}},
    # MXNet's SymbolBlock.imports keeps the legacy arrays ParameterDict.load read (data() is
    # an mx.nd.NDArray there, grad() an np array); ndsh's data() is np in np mode, as always
    "imports_param_data_type": {"value": {"items": [{"py": "mxnet.numpy"},
                                                    {"py": "mxnet.numpy"}]}},
    # MXNet runs a hybridized body once (on Symbols) and then its cached graph; ndsh has no
    # cached graph and runs the Python body on every call (HybridBlock's departure)
    "hybridized_prints_once_per_shape": {
        "value": {"kind": "np", "shape": [2], "dtype": "float32", "values": [2.0, 2.0]},
        "stdout": "called\ncalled\ncalled\ncalled\n"},
    # the classes are ndsh's (MXNet: <class 'mxnet.gluon.parameter.Parameter'>...); they are
    # gluon.parameter.Parameter / ParameterDict / Constant (docs/mxnp.md)
    "type_parameter": {"value": {"py": "<class 'ndsh.gluon.parameter_core.Parameter'>"}},
    "type_parameter_dict": {"value": {"py": "<class 'ndsh.gluon.parameter_dict.ParameterDict'>"}},
    "type_constant": {"value": {"py": "<class 'ndsh.gluon.parameter_core.Constant'>"}},
    # MXNet refuses a file saved in the other shape mode (MXNetError: "ndarray was (not)
    # saved in np shape semantics"); ndsh reads both formats in both modes
    "load_parameters_nd_file_into_np": {"value": {"kind": "np", "shape": [1, 2],
                                                  "dtype": "float32", "values": [[1.5, 1.5]]}},
    "load_parameters_np_file_into_nd": {"value": {"kind": "nd", "shape": [1, 2],
                                                  "dtype": "float32", "values": [[1.5, 1.5]]}},
    # MXNet's blocks refuse legacy arrays in np mode ("type ... not supported", np ops given a
    # legacy ndarray); ndsh converts at a block's boundary (free: the same storage) and
    # answers in the caller's world: np if any np array came in, else nd
    "mixed_loss_np_nd": {"value": {"kind": "np", "shape": [2], "dtype": "float32",
                                   "values": [0.5, 0.5]}},
    "mixed_nd_into_np_dense": {"value": {"kind": "nd", "shape": [1, 2], "dtype": "float32",
                                         "values": [[3.0, 3.0]]}},
}


def summary_without_symbols(text: str) -> str:
    """MXNet's summary less its rows for symbols (MXNet traces a deferred net symbolically
    and its hooks print `Activation-1  <_Symbol dense0_relu_fwd>`; ndsh has no symbols: the
    documented departure of Block.summary), the rows numbered again."""
    lines, count = [], 0
    for line in text.split("\n"):
        if "<_Symbol" in line:
            continue
        parts = line.split()
        if len(parts) >= 3 and parts[0].rsplit("-", 1)[-1].isdigit() and parts[-1].isdigit():
            count += 1
            name = f"{parts[0].rsplit('-', 1)[0]}-{count}"
            line = "{:>20}  {:>42} {:>15}".format(name, " ".join(parts[1:-1]), parts[-1])
        lines.append(line)
    return "\n".join(lines)


def same(got, want, where: str) -> None:
    """got matches want (records of encode()), floats to float32 tolerance."""
    assert set(got) == set(want), f"{where}: {got} != {want}"
    if "items" in want:
        assert len(got["items"]) == len(want["items"]), f"{where}: {got} != {want}"
        for i, (g, w) in enumerate(zip(got["items"], want["items"])):
            same(g, w, f"{where}[{i}]")
    elif "values" in want:
        for key in ("kind", "shape", "dtype"):
            assert got[key] == want[key], f"{where}: {key} {got[key]} != {want[key]}"
        onp.testing.assert_allclose(onp.array(got["values"], dtype=float),
                                    onp.array(want["values"], dtype=float),
                                    rtol=2e-5, atol=1e-6, err_msg=where)
    else:
        assert got == want, f"{where}: {got} != {want}"


@pytest.mark.parametrize("name, code", CASES, ids=[name for name, _ in CASES])
def test_case_matches_mxnet(name, code):
    got = run_one(mx, onp, code)
    want = DEPARTS.get(name, RECORDED[name])
    assert mx.npx.is_np_array() is False           # run_one leaves np mode off
    if "error" in want:
        assert got.get("error") == want["error"], got
        return
    assert "error" not in got, f"{name}: {got}"
    same(got["value"], want["value"], name)
    if name == "summary":
        assert got["stdout"] == summary_without_symbols(want["stdout"])
    elif name not in DEPARTS or "stdout" in want:
        assert got["stdout"] == want["stdout"]


def test_mixing_np_and_nd_in_a_blocks_body_names_both_and_the_conversions():
    """An nd array meeting an np array in one op of a user's block (np mode) is refused, as in
    MXNet (TypeError), and the message says which is which and how to convert each."""
    code = dict(CASES)["mixed_user_block_np_op_nd_param"]
    got = run_one(mx, onp, code)
    assert got["error"] == RECORDED["mixed_user_block_np_op_nd_param"]["error"] == "TypeError"
    message = got["message"]
    assert "legacy mx.nd.NDArray (shape (2,))" in message and "mx.np arrays" in message
    assert ".as_np_ndarray()" in message and ".as_nd_ndarray()" in message


def test_every_case_is_recorded():
    assert sorted(RECORDED) == sorted(name for name, _ in CASES)
    assert GOLDEN["meta"]["oracle"].startswith("mxnet 1.9.1")
