#!/usr/bin/env python
"""ndsh's start-up against `python -c "import numpy"`: the budget is 2x for `ndsh run` of an
empty script. Also checks that `ndsh run` and `ndsh doc` import neither prompt_toolkit nor
jedi (nor pydantic, which typer 0.29 would pull in).

    python scripts/bench_startup.py             # numbers and PASS/MISS
    python scripts/bench_startup.py --check     # exit 1 on a MISS (for CI on a quiet machine)
    python scripts/bench_startup.py --runs 30   # more runs: steadier minimums

A benchmark, not a timed test: timings on a shared machine are noisy, so it reports the
minimum (the least disturbed run) and the median of each command.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BUDGET = 2.0
FORBIDDEN = ("prompt_toolkit", "jedi", "pydantic")


def timed(command: list[str], runs: int) -> tuple[float, float]:
    """(minimum, median) wall time in seconds of `command`, after one warm-up run."""
    subprocess.run(command, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def imported_modules(command: list[str]) -> set[str]:
    """Top-level packages a python command imports, read from `-X importtime`."""
    result = subprocess.run([sys.executable, "-X", "importtime", *command],
                            capture_output=True, text=True)
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--check", action="store_true", help="exit 1 on a MISS")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        empty = os.path.join(folder, "empty.nds")
        open(empty, "w").close()
        python = [sys.executable]
        rows = [("python -c 'import numpy'", python + ["-c", "import numpy"]),
                ("ndsh run empty.nds", python + ["-m", "ndsh", "run", empty]),
                ("ndsh doc nd.dot", python + ["-m", "ndsh", "doc", "nd.dot"])]
        results = {label: timed(command, options.runs) for label, command in rows}
        leaks = {label: sorted(imported_modules(command[1:]) & set(FORBIDDEN))
                 for label, command in rows[1:]}
    base = results[rows[0][0]][0]
    ok = True
    print(f"{'command':<28}{'min':>9}{'median':>9}{'x numpy':>9}")
    for label, (low, middle) in results.items():
        print(f"{label:<28}{low * 1000:>7.0f}ms{middle * 1000:>7.0f}ms{low / base:>8.2f}x")
    ratio = results["ndsh run empty.nds"][0] / base
    verdict = "PASS" if ratio <= BUDGET else "MISS"
    ok &= verdict == "PASS"
    print(f"ndsh run of an empty script: {ratio:.2f}x numpy's import (budget {BUDGET}x): "
          f"{verdict}")
    for label, found in leaks.items():
        print(f"{label}: imports {', '.join(found) if found else 'none of ' + ', '.join(FORBIDDEN)}"
              f": {'MISS' if found else 'PASS'}")
        ok &= not found
    return 0 if ok or not options.check else 1


if __name__ == "__main__":
    sys.exit(main())
