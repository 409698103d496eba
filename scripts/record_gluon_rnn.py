"""Record what MXNet 1.9.1 gives for the golden cases of `gluon.rnn` (tests/gluon/rnn_cases.py).

Oracle: a real Apache MXNet 1.9.1 (the CPU wheel, oneDNN on) with numpy 1.23.5 on Python 3.11,
in its own virtual environment. MXNet is not a dependency of ndsh and never runs in CI: its
outputs are committed as test data. Rerun from the repository root:

    /path/to/mxnet-venv/bin/python scripts/record_gluon_rnn.py [SECTION ...]

It runs the cases (all sections, or those named) the way tests/gluon/core_cases.py runs its own
(run_case: a fresh NameManager, seed 0, the PRELUDE helpers) and writes
tests/gluon/golden/rnn.json (one case per key "section/name"), keeping the recorded cases of
sections not named; section "files" writes tests/gluon/golden/rnn_mx_net.params (a network of
an LSTM layer, cells and a Dense) and what MXNet computes with it. tests/gluon/test_rnn_golden.py
replays the cases in ndsh and reads that file.
"""
from __future__ import annotations

import importlib.util
import json
import os
import sys
import tempfile
import warnings

import mxnet as mx
import numpy as np
from mxnet import autograd, gluon, nd
from mxnet.gluon import nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir)
OUT = os.path.join(ROOT, "tests", "gluon", "golden", "rnn.json")
PARAMS = os.path.join(ROOT, "tests", "gluon", "golden", "rnn_mx_net.params")


def load(name: str):
    spec = importlib.util.spec_from_file_location(
        name, os.path.join(ROOT, "tests", "gluon", f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def namespace(workdir: str) -> dict:
    return {"mx": mx, "nd": nd, "autograd": autograd, "gluon": gluon, "nn": nn, "np": np,
            "warnings": warnings, "WORKDIR": workdir}


def main(sections: list[str]) -> None:
    core, cases = load("core_cases"), load("rnn_cases")
    recorded = {}
    if os.path.exists(OUT):
        with open(OUT) as f:
            recorded = json.load(f)
    wanted = set(sections) or set(cases.SECTIONS) | {"files"}
    with tempfile.TemporaryDirectory() as workdir:
        for key, code, _ in cases.cases():
            if key.split("/")[0] in wanted:
                recorded[key], _ = core.run_case(code, namespace(workdir), mx)
        if "files" in wanted:
            space = dict(namespace(workdir), PARAMS_FILE=PARAMS)
            recorded["files/mx_net"], _ = core.run_case(cases.WRITE_FILE, space, mx)
    recorded["_oracle"] = {"value": f"MXNet {mx.__version__}, numpy {np.__version__}, "
                                    f"Python {sys.version.split()[0]}"}
    with open(OUT, "w") as f:
        json.dump(recorded, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(recorded)} cases in {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
