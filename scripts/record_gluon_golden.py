"""Record what MXNet 1.9.1 gives for the golden cases of Gluon's training side.

Oracle: a real Apache MXNet 1.9.1 (the CPU wheel) with numpy 1.23.5 on Python 3.11, in its own
virtual environment. MXNet is not a dependency of ndsh and never runs in CI: its outputs are
committed as test data. Rerun from the repository root:

    /path/to/mxnet-venv/bin/python scripts/record_gluon_golden.py [SECTION ...]

It runs the cases of tests/gluon/golden_cases.py (all sections, or those named) and writes
tests/gluon/golden/training.json (one case a line, keyed "section/name"), keeping the
recorded cases of sections not named. tests/gluon/test_golden_training.py replays them.
"""
from __future__ import annotations

import importlib.util
import io
import json
import os
import sys
import tempfile
import warnings

import mxnet as mx
import numpy as np
from mxnet import autograd, gluon, nd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir)
CASES_FILE = os.path.join(ROOT, "tests", "gluon", "golden_cases.py")
OUT = os.path.join(ROOT, "tests", "gluon", "golden", "training.json")


def load_cases():
    spec = importlib.util.spec_from_file_location("golden_cases", CASES_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_case(prelude: str, code: str, workdir: str) -> dict:
    """{'value': result} or {'error': type name, 'message': text}; stdout is kept if any."""
    space = {"mx": mx, "nd": nd, "autograd": autograd, "gluon": gluon, "np": np,
             "WORKDIR": workdir}
    exec(prelude, space)
    printed = io.StringIO()
    stdout, sys.stdout = sys.stdout, printed
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(code, space)
            nd.waitall()
        outcome = {"value": space.get("result")}
    except Exception as error:  # noqa: BLE001  (every failure is a recorded outcome)
        message = str(error).strip().splitlines()
        outcome = {"error": type(error).__name__, "message": message[-1] if message else ""}
    finally:
        sys.stdout = stdout
    if printed.getvalue():
        outcome["stdout"] = printed.getvalue()
    json.dumps(outcome)     # fails here, naming the case, if a result is not plain data
    return outcome


def main(sections: list[str]) -> None:
    cases = load_cases()
    chosen = sections or list(cases.SECTIONS)
    recorded = {}
    if os.path.exists(OUT):
        with open(OUT) as f:
            recorded = {k: v for k, v in json.load(f).items()
                        if k.split("/")[0] not in chosen and k.split("/")[0] in cases.SECTIONS}
    for section in chosen:
        for name, case in cases.SECTIONS[section].items():
            code = case[0] if isinstance(case, tuple) else case
            np.random.seed(0)
            mx.random.seed(0)
            with tempfile.TemporaryDirectory(prefix="gtrain-rec-") as workdir:
                try:
                    recorded[f"{section}/{name}"] = run_case(cases.PRELUDE, code, workdir)
                except TypeError as error:
                    raise SystemExit(f"{section}/{name}: {error}") from error
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:      # one case a line: small, and diffs show the cases
        lines = [f"{json.dumps(key)}: {json.dumps(recorded[key], sort_keys=True)}"
                 for key in sorted(recorded)]
        f.write("{\n" + ",\n".join(lines) + "\n}\n")
    print(f"{len(recorded)} cases in {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
