"""Record what MXNet 1.9.1 gives for the golden cases of Gluon's core, and the parameter files
the tests load.

Oracle: a real Apache MXNet 1.9.1 (the CPU wheel, oneDNN on) with numpy 1.23.5 on Python 3.11,
in its own virtual environment. MXNet is not a dependency of ndsh and never runs in CI: its
outputs are committed as test data. Rerun from the repository root:

    /path/to/mxnet-venv/bin/python scripts/record_gluon_core.py [SECTION ...]

It runs the cases of tests/gluon/core_cases.py (all sections, or those named) and writes
tests/gluon/golden/core.json (one case per key "section/name"), keeping the recorded cases of
sections not named. It also writes the parameter files MXNet saves (tests/gluon/data/mx_*.params)
and records what MXNet reads from the file ndsh wrote (tests/gluon/data/ndsh_mlp.params), for
tests/gluon/test_parameter_files.py.
"""
from __future__ import annotations

import importlib.util
import json
import os
import sys
import tempfile

import mxnet as mx
import numpy as np
from mxnet import autograd, gluon, nd
from mxnet.gluon import nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir)
CASES_FILE = os.path.join(ROOT, "tests", "gluon", "core_cases.py")
OUT = os.path.join(ROOT, "tests", "gluon", "golden", "core.json")
DATA = os.path.join(ROOT, "tests", "gluon", "data")


def load_cases():
    spec = importlib.util.spec_from_file_location("core_cases", CASES_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def namespace(workdir: str) -> dict:
    import warnings
    return {"mx": mx, "nd": nd, "autograd": autograd, "gluon": gluon, "nn": nn, "np": np,
            "warnings": warnings, "WORKDIR": workdir}


def record_files(module) -> dict:
    """Write MXNet's parameter files and read ndsh's; what both sides must agree on."""
    space = namespace(DATA)
    exec(module.PRELUDE, space)
    exec(module.FILES_PRELUDE, space)
    found = {}
    with mx.name.NameManager():
        found["mx_mlp"] = space["write_mlp"](os.path.join(DATA, "mx_mlp.params"))
    with mx.name.NameManager():
        found["mx_custom"] = space["write_custom"](os.path.join(DATA, "mx_custom.params"))
    with mx.name.NameManager():
        found["mx_legacy"] = space["write_legacy"](os.path.join(DATA, "mx_legacy.params"))
    with mx.name.NameManager():
        found["mx_bn"] = space["write_bn"](os.path.join(DATA, "mx_bn.params"))
    ndsh_file = os.path.join(DATA, "ndsh_mlp.params")
    if os.path.exists(ndsh_file):
        with mx.name.NameManager():
            found["ndsh_mlp_in_mxnet"] = space["read_mlp"](ndsh_file)
    return found


def main(sections: list[str]) -> None:
    module = load_cases()
    recorded = {}
    if os.path.exists(OUT):
        with open(OUT) as f:
            recorded = json.load(f)
    wanted = set(sections) or set(module.SECTIONS) | {"files"}
    with tempfile.TemporaryDirectory() as workdir:
        for key, code, _ in module.cases():
            if key.split("/")[0] not in wanted:
                continue
            recorded[key], _ = module.run_case(code, namespace(workdir), mx)
    if "files" in wanted:
        for name, value in record_files(module).items():
            recorded[f"files/{name}"] = {"value": value}
    recorded["_oracle"] = {"value": f"MXNet {mx.__version__}, numpy {np.__version__}, "
                                    f"Python {sys.version.split()[0]}"}
    with open(OUT, "w") as f:
        json.dump(recorded, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(recorded)} cases in {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
