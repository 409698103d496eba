"""Record what MXNet 1.9.1 gives for the cases of tests/gluon/nn_suite_cases.py (behaviour its
own Gluon unit tests check, found by scripts/mxnet_tests.py --gluon), into
tests/gluon/golden/nn_suite.json.

Oracle: a real Apache MXNet 1.9.1 (the CPU wheel) with numpy 1.23.5, in its own virtual
environment; MXNet is not a dependency of ndsh. Rerun from the repository root:

    /path/to/mxnet-venv/bin/python scripts/record_nn_suite.py

Each case runs as tests/gluon/core_cases.py runs its own (its PRELUDE helpers and run_case).
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
OUT = os.path.join(ROOT, "tests", "gluon", "golden", "nn_suite.json")


def load(name: str):
    spec = importlib.util.spec_from_file_location(
        name, os.path.join(ROOT, "tests", "gluon", f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    core, suite = load("core_cases"), load("nn_suite_cases")
    recorded = {}
    with tempfile.TemporaryDirectory() as workdir:
        for key, code, _ in suite.cases():
            space = {"mx": mx, "nd": nd, "autograd": autograd, "gluon": gluon, "nn": nn,
                     "np": np, "warnings": warnings, "WORKDIR": workdir}
            recorded[key], _ = core.run_case(code, space, mx)
    recorded["_oracle"] = {"value": f"MXNet {mx.__version__}, numpy {np.__version__}, "
                                    f"Python {sys.version.split()[0]}"}
    with open(OUT, "w") as f:
        json.dump(recorded, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(recorded)} cases in {OUT}")


if __name__ == "__main__":
    main()
