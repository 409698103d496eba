#!/usr/bin/env python
"""Run MXNet 1.9.1's own unit tests against ndsh and write what passes as a table.

MXNet's test files are not ours to copy into the repository, so this script takes a checkout of
apache/mxnet (a work tree, or a bare git directory and a tag), copies the test files it runs
(and what they import: unittest/common.py, common/models.py, the legacy_ndarray.v0 file) into
a temporary folder, and runs pytest there under ndsh, with the harness in
scripts/mxnet_harness/ (our `mxnet.test_utils`, `nose.tools` and a plugin that sorts the tests
out). Not part of CI. By default it runs the engine's files (FILES); --gluon runs Gluon's
(GLUON_FILES: test_gluon*.py, test_loss.py, test_optimizer.py, test_init.py, test_metric.py).

    python scripts/mxnet_tests.py --mxnet /path/to/apache-mxnet            # a work tree
    python scripts/mxnet_tests.py --mxnet /path/to/mxnet.git --tag 1.9.1   # a git directory
    python scripts/mxnet_tests.py --mxnet ... --gluon --out table.md
    python scripts/mxnet_tests.py --mxnet ... --only test_autograd.py -- -k sum

Needs pytest and scipy (test_random.py's chi-square tests) beside ndsh. The table has, per
file: passed, failed, timed out (NDSH_MXNET_TIMEOUT seconds, 120 by default), files that did not
import (error), then a column per reason tests were left out (needs executors, needs sparse,
needs network, departure, skipped by MXNet's own file...); then each failure with its first
line.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile

FILES = ("test_autograd.py", "test_higher_order_grad.py", "test_ndarray.py", "test_random.py",
         "test_operator.py")
GLUON_FILES = ("test_gluon.py", "test_gluon_rnn.py", "test_loss.py", "test_gluon_data.py",
               "test_gluon_trainer.py", "test_optimizer.py", "test_init.py", "test_gluon_utils.py",
               "test_gluon_model_zoo.py", "test_gluon_data_vision.py", "test_metric.py")
SUPPORT = ("tests/python/unittest/common.py", "tests/python/common/models.py",
           "tests/python/unittest/legacy_ndarray.v0")
HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = ("passed", "failed", "timed out", "error")   # then a column per reason left out

CONFTEST = """\
import sys
sys.path.insert(0, {scripts!r})
from mxnet_harness.plugin import *  # noqa: F401,F403  (the harness: mxnet is ndsh)
"""


def read_file(mxnet: str, tag: str | None, path: str) -> bytes:
    """One file of the MXNet checkout: from the work tree, or `git show TAG:path`."""
    if tag is None:
        with open(os.path.join(mxnet, path), "rb") as source:
            return source.read()
    return subprocess.run(["git", "--git-dir", mxnet, "show", f"{tag}:{path}"], check=True,
                          capture_output=True).stdout


def lay_out(mxnet: str, tag: str | None, folder: str, files) -> str:
    """Copy the test files and their support into folder; return the unittest folder."""
    for path in (*SUPPORT, *(f"tests/python/unittest/{f}" for f in files)):
        target = os.path.join(folder, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as out:
            out.write(read_file(mxnet, tag, path))
    unittest = os.path.join(folder, "tests/python/unittest")
    with open(os.path.join(unittest, "conftest.py"), "w") as out:
        out.write(CONFTEST.format(scripts=HERE))
    return unittest


def run(unittest: str, files, results: str, extra) -> int:
    env = dict(os.environ, NDSH_MXNET_RESULTS=results, PYTHONDONTWRITEBYTECODE="1",
               MXNET_TEST_SEED=os.environ.get("MXNET_TEST_SEED", ""))
    env.pop("MXNET_TEST_SEED") if not env["MXNET_TEST_SEED"] else None
    command = [sys.executable, "-m", "pytest", *files, "-p", "no:cacheprovider", "-q",
               "-o", "addopts=", "--rootdir", unittest, "-W", "ignore",
               "--continue-on-collection-errors", *extra]
    return subprocess.run(command, cwd=unittest, env=env).returncode


def table(records) -> str:
    """The markdown table per file (passed, failed, files that did not import, then a column
    per reason tests were left out: needs symbols, needs sparse, departure, skipped in MXNet's
    own file...), then the failures."""
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    failures = []
    for r in records:
        name = r["test"].split("::")[0]
        kind = r["outcome"]
        counts[name][kind] += 1
        if kind in ("failed", "error", "timed out"):
            failures.append(f"- `{r['test']}`: {r['reason']}")
    left_out = sorted({k for c in counts.values() for k in c} - set(COLUMNS))
    columns = (*COLUMNS, *left_out)
    lines = ["| file | " + " | ".join(columns) + " | total |",
             "|---|" + "---:|" * (len(columns) + 1)]
    total: collections.Counter = collections.Counter()
    for name in sorted(counts):
        total.update(counts[name])
        lines.append(f"| {name} | " + " | ".join(str(counts[name][c]) for c in columns)
                     + f" | {sum(counts[name].values())} |")
    lines.append("| **all** | " + " | ".join(f"**{total[c]}**" for c in columns)
                 + f" | **{sum(total.values())}** |")
    return "\n".join(lines) + ("\n\nFailures:\n" + "\n".join(failures) if failures else "")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mxnet", required=True,
                        help="apache/mxnet: a work tree, or a git directory with --tag")
    parser.add_argument("--tag", help="the tag to read from a git directory (e.g. 1.9.1)")
    parser.add_argument("--only", action="append", help="run only this file (repeatable)")
    parser.add_argument("--gluon", action="store_true",
                        help="run the Gluon files (test_gluon*.py, test_loss.py, ...) instead")
    parser.add_argument("--out", help="also write the table to this file")
    parser.add_argument("--keep", help="lay the files out here and keep them (else a temp dir)")
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest (after --)")
    args = parser.parse_args(argv)
    files = args.only or list(GLUON_FILES if args.gluon else FILES)
    folder = args.keep or tempfile.mkdtemp(prefix="ndsh-mxnet-tests-")
    try:
        unittest = lay_out(args.mxnet, args.tag, folder, files)
        results = os.path.join(folder, "results.jsonl")
        if os.path.exists(results):
            os.remove(results)
        run(unittest, files, results, args.pytest_args)
        with open(results) as lines:
            records = [json.loads(line) for line in lines]
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    text = table(records)
    print(text)
    if args.out:
        with open(args.out, "w") as out:
            out.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
