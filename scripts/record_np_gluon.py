"""Record what MXNet 1.9.1 gives for Gluon in np mode (`npx.set_np()`): blocks, parameters,
losses, Trainer, autograd and files on mx.np arrays, for tests/gluon/test_np_mode_golden.py.

Oracle: Apache MXNet 1.9.1 (CPU wheel) with numpy 1.23.5 on Python 3.11, in a side venv; MXNet is
never a dependency of ndsh. Rerun from the repository root:

    /work/mxvenv/bin/python scripts/record_np_gluon.py

It runs the cases of scripts/golden_cases/np_gluon_cases.py (each in a fresh mx.name.NameManager,
after npx.set_np(), with mx.random.seed(0)) and writes tests/gluon/golden/np_mode_1.9.1.json:
for each case the record of its last line's value (arrays as kind np/nd, shape, dtype, values)
or its error's type, and what it printed.
"""
from __future__ import annotations

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_cases.np_gluon_cases import record  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tests", "gluon",
                   "golden", "np_mode_1.9.1.json")


def main() -> None:
    import mxnet as mx
    import numpy as onp
    results = record(mx, onp)
    meta = {"oracle": f"mxnet {mx.__version__}, numpy {onp.__version__}, python "
                      f"{sys.version.split()[0]}"}
    with open(OUT, "w") as f:
        json.dump({"meta": meta, "cases": results}, f, indent=1, sort_keys=True)
        f.write("\n")
    errors = [name for name, case in results.items() if "error" in case]
    print(f"{len(results)} cases written to {os.path.normpath(OUT)}; errors in MXNet: {errors}")


if __name__ == "__main__":
    main()
